import type { TermOccurrence } from '../../lexicons/lexicon.compile.js';
import type { Detector } from './detector.js';
import type { PreparedUtterance } from './prepare.js';
import { termsOf } from './prepare.js';

export interface SolutionMatch {
  utterance: PreparedUtterance;
  span: [number, number];
  terms: TermOccurrence[];
  rule: string;
}

/** The rep presenting their own offering: 我们的…, 我们这款…, 我们有…. */
const OUR_OFFER = /我们(的|这款|这个|这套|那款|有|家|新款|可以|提供|系统|产品|平台|在)/;
/** Verbs of capability and deployment: 支持, 自动, 内置, 配套, 装了, 都有…服务点. */
const CAPABILITY =
  /(支持|自动|一键|内置|配套|装了|出货|提供|还有|有个|有标准|都有|都能|直接|一次性|免费|是[^，。,.？?]{1,8}的(?![\p{Script=Han}]{0,1}(吧|吗|呢)))/u;

/**
 * Concrete presentation without a lexicon term or 我们 (general Mandarin, convention 14): a figure
 * with its unit beside a verb of capability or benefit (一天能飞四百亩, 质保三年, 五个工作日到账), a
 * case told as a story (去年给…做过, 三家医院上了), or a comparison of advantage (比…省/低/快).
 * A number alone is not enough: prices, dates and quantities are asked and quoted all call long.
 */
const FIGURE =
  /[0-9零一二两三四五六七八九十百千万几][个台天周小时分钟秒年块万米公里斤克平方家人次套%成倍毫度条吨瓦亩件单张层路元点]/;
const ABILITY =
  /能|可以|支持|自动|不用|无需|免费|包含|质保|保修|控制在|做到|降到|直接|都有|标配|专门|负责|保证|承诺|全包|包了|省|降/;
const CASE_STORY =
  /(去年|前年|上个月|上半年|之前|已经|刚)[^。？！?!]{0,16}(给|帮|做过|上了|用了|换了|用的|上的|做的|跑了|装了)|[0-9一二两三四五六七八九十几多]+[家个][^，。？！,?!]{0,6}(医院|客户|企业|厂|学校|公司|连锁|小区|合作社|园区|门店|项目)/;
const ADVANTAGE = /比[^，。？！,?!]{1,14}(省|低|少|便宜|快|高|轻|强|多|稳|好|短)/;
/**
 * Commercial terms (a discount, payment terms, a quote, rent) and a phased or trial proposal
 * (分两期, 先挑三家店试点) are a negotiation or a next step, not a solution: the figure-and-verb
 * rule must not take 我去申请九折 or 首付三成 for a feature. 含/带/送 are no ability verbs here:
 * 含税, 带样机过去 and 送到 quote a price or a delivery.
 */
const TERMS =
  /申请|付款|账期|分期|报价|打折|[一二两三四五六七八九]折|返点|返利|特价|优惠|单价|压到|首付|押一|免租|租金|费率|个点|分[两三几]?[期批段]|试跑|试单|试点|试销|试一下|先挑|先拿/;
/** A rep checking their understanding (…，对吧？) is asking, not presenting. */
const CHECK_TAIL = /(对吧|是吧|对吗|是吗|是这样吧|是不是)[？?。.]?\s*$/;

/** How a rep utterance without a term or 我们-offer still presents: the rule name, or null. */
export function concretePresentation(view: string): string | null {
  if (TERMS.test(view)) return null;
  if (CASE_STORY.test(view)) return 'solution.case_story';
  if (ADVANTAGE.test(view)) return 'solution.advantage';
  if (FIGURE.test(view) && ABILITY.test(view)) return 'solution.figure';
  return null;
}

/**
 * A rep presents a concrete product, feature, benefit or case (convention 14). Naming a product in
 * the opening, a restatement or a question is not presenting it, and generic puffery (挺好用的,
 * 我们很专业) is not a solution. Without a lexicon term, "our offering" + a capability verb
 * (我们系统…自动分给顾问) still counts, so features the lexicon does not know yet are seen.
 */
export function findSolution(
  u: PreparedUtterance,
  context: { isOpening: boolean; isRestatement: boolean; isQuestion: boolean; isNextStep: boolean },
): SolutionMatch | undefined {
  if (u.speaker !== 'rep' || context.isOpening || CHECK_TAIL.test(u.view)) return undefined;
  // Terms in the asking part of a question (您觉得理赔方便不方便) are not presented.
  const inQuestion = (t: TermOccurrence) =>
    u.questions.some((q) => q.start <= t.start && q.end >= t.end && q.end - t.start <= 16);
  const terms = termsOf(u, ['product', 'feature', 'benefit', 'case']).filter((t) => !inQuestion(t));
  const offer = OUR_OFFER.exec(u.view);
  const presenting = offer !== null && !context.isRestatement;
  const substantive = terms.some((t) => t.entry.category !== 'product');
  if (terms.length > 0 && (substantive || presenting)) {
    return {
      utterance: u,
      span: [terms[0]!.start, terms[terms.length - 1]!.end],
      terms,
      rule: `solution.${terms[0]!.entry.category}`,
    };
  }
  if (presenting && offer && termsOf(u, 'puffery').length === 0) {
    const rest = u.view.slice(offer.index);
    const cap = CAPABILITY.exec(rest);
    if (cap) {
      const clause = u.clauses.find((c) => c.start <= offer.index && c.end > offer.index);
      return {
        utterance: u,
        span: [offer.index, clause?.end ?? offer.index + offer[0].length],
        terms: [],
        rule: 'solution.capability',
      };
    }
  }
  // A question or a proposed next step with figures (一天能停几个小时？, 周二上午十点我带样机过去)
  // is not a presentation; the lexicon rules above still see a feature named there.
  if (context.isRestatement || context.isQuestion || context.isNextStep) return undefined;
  if (termsOf(u, 'puffery').length > 0) return undefined;
  const rule = concretePresentation(u.view);
  if (!rule) return undefined;
  const first = u.clauses.find((c) => /[\p{Script=Han}0-9]/u.test(c.text));
  const last = u.clauses[u.clauses.length - 1];
  return {
    utterance: u,
    span: [first?.start ?? 0, last?.end ?? u.view.length],
    terms: [],
    rule,
  };
}

/** Registry entry: the rep presenting a solution (not in the opening, not in a restatement). */
export const solutionDetector: Detector = {
  id: 'solution',
  labels: ['solution'],
  reads: ['questions', 'opening', 'nextSteps', 'restatements'],
  writes: [],
  detect(ctx) {
    for (const u of ctx.us) {
      const s = findSolution(u, {
        isOpening: ctx.facts.opening?.utteranceId === u.id,
        isRestatement: ctx.facts.restatements.has(u.id),
        isQuestion: (ctx.facts.questions.get(u.id)?.length ?? 0) > 0,
        isNextStep: ctx.facts.nextSteps.has(u.id),
      });
      if (!s) continue;
      ctx.add({
        label: 'solution',
        utteranceId: u.id,
        span: s.span,
        rule: s.rule,
        term: s.terms[0]?.entry.concept ?? null,
        confidence:
          s.terms.length > 0
            ? Math.min(0.95, 0.6 + 0.1 * s.terms.length)
            : s.rule === 'solution.capability'
              ? 0.55
              : 0.5,
      });
    }
  },
};
