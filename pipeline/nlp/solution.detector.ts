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
 * A rep presents a concrete product, feature, benefit or case (convention 14). Naming a product in
 * the opening, a restatement or a question is not presenting it, and generic puffery (挺好用的,
 * 我们很专业) is not a solution. Without a lexicon term, "our offering" + a capability verb
 * (我们系统…自动分给顾问) still counts, so features the lexicon does not know yet are seen.
 */
export function findSolution(
  u: PreparedUtterance,
  context: { isOpening: boolean; isRestatement: boolean },
): SolutionMatch | undefined {
  if (u.speaker !== 'rep') return undefined;
  // Terms in the asking part of a question (您觉得理赔方便不方便) are not presented.
  const inQuestion = (t: TermOccurrence) =>
    u.questions.some((q) => q.start <= t.start && q.end >= t.end && q.end - t.start <= 16);
  const terms = termsOf(u, ['product', 'feature', 'benefit', 'case']).filter((t) => !inQuestion(t));
  const offer = OUR_OFFER.exec(u.view);
  const presenting = offer !== null && !context.isOpening && !context.isRestatement;
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
  return undefined;
}

/** Registry entry: the rep presenting a solution (not in the opening, not in a restatement). */
export const solutionDetector: Detector = {
  id: 'solution',
  labels: ['solution'],
  reads: ['opening', 'restatements'],
  writes: [],
  detect(ctx) {
    for (const u of ctx.us) {
      const s = findSolution(u, {
        isOpening: ctx.facts.opening?.utteranceId === u.id,
        isRestatement: ctx.facts.restatements.has(u.id),
      });
      if (!s) continue;
      ctx.add({
        label: 'solution',
        utteranceId: u.id,
        span: s.span,
        rule: s.rule,
        term: s.terms[0]?.entry.concept ?? null,
        confidence: s.terms.length > 0 ? Math.min(0.95, 0.6 + 0.1 * s.terms.length) : 0.55,
      });
    }
  },
};
