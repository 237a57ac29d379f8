import type { TermOccurrence } from '../../lexicons/lexicon.compile.js';
import { OBJECTION_TYPES, type ObjectionType } from '../../lexicons/lexicon.schema.js';
import { soundCanonical } from '../../lexicons/pinyin-index.js';
import type { CallContext, Detector } from './detector.js';
import { findingId } from './finding-id.js';
import { findResponse, findTechniques, isResolved, type TechniqueHit } from './handling.detector.js';
import type { ObjectionMatch } from './matches.js';
import { heardObjections } from './objection.heard.js';
import {
  GENERIC_RIVAL as ANY_RIVAL,
  DELIVERY_WORRY_TOPIC,
  NOT_PRICE_RIVAL,
  NOT_VENDOR,
  namedVendor,
  OBJECTION_RULES,
  type ObjectionRule,
  PRICE_COMPARED,
  PRICE_CONTEXT,
  PRICE_RIVAL,
  TYPE_EVIDENCE,
} from './objection.patterns.js';
import { type FlatText, inConditional, matchRules, NUMERAL_CHARS, type PatternRule } from './pattern.js';
import type { PreparedUtterance } from './prepare.js';
import { flatOf, spokenFlatOf, termsOf } from './prepare.js';
import {
  type ModelVerdict,
  modelAdds,
  modelConfidence,
  modelEvidence,
  modelVerdict,
  modelVetoes,
  round,
} from './second-stage.js';
import type { ObjectionLabel } from './types.js';

export type { ObjectionMatch } from './matches.js';

/** The lexicon category (and label) of each objection type, in OBJECTION_TYPES order: made once. */
const OBJECTION_CATEGORIES = OBJECTION_TYPES.map((t) => `objection.${t}` as const);

/** Price words that make a lexicon phrase about money by itself (太贵), unlike 有点高. */
const MONEY_WORD = /贵|价|钱|费|预算|折|便宜|资金|经费|成本|利率|保费|返点|没钱/;
const NEGATED = /(不|没|并不|也不|不算|一点也不)$/;
const GENERIC_RIVAL = /别家|别的厂家|其他家|其他厂家|人家|另一家|另外一家/;
/** Taking an objection back later in the same utterance (not 不能接受, 接受不了). */
const WITHDRAWN =
  /(?<![不没])(?:也|还是|倒是)?(?:能|可以)接受|(?:也|倒)?不是(?:什么)?问题(?![吗么])|(?:现在|这下|那就|这样就|就)?(?:放心了|没问题了|不担心了|没顾虑了|没什么顾虑了)|顾虑(?:也)?打消了/;
const INCUMBENT = /(用的是|用的|在用|已经有|买的是|装的是|用着)/;

/**
 * Customer objections by type (one per type per utterance, convention 8). Terms come from the
 * base lexicon and the industry overlay. Competitor cues (挺好, 也在看, 用着顺手) and refusals to
 * switch (不换) count as a competitor objection only when a competitor is named; a refusal to
 * switch with no competitor is a need objection. A bare "we already use <brand>" answer is a
 * competitor objection; naming a vendor while describing a problem is context only (convention 7).
 */
export function findObjections(u: PreparedUtterance, previous?: PreparedUtterance): ObjectionMatch[] {
  if (u.speaker !== 'customer') return [];
  // One per type, in the order found (an array: at most seven, most utterances none).
  const found: ObjectionMatch[] = [];
  const add = (type: ObjectionType, term: TermOccurrence | null, rule: string, span?: [number, number]) => {
    for (let i = 0; i < found.length; i++) if (found[i]!.type === type) return;
    const s: [number, number] = span ?? (term ? [term.start, term.end] : [0, u.norm.length]);
    // 贵了点，不过也能接受 / 之前担心过，现在放心了: the speaker takes the objection back.
    if (WITHDRAWN.test(u.view.slice(s[1]))) return;
    found.push({ utterance: u, type, span: s, term, rule });
  };
  const negated = (t: TermOccurrence) =>
    !/^[不没]/.test(t.entry.surface) && NEGATED.test(u.view.slice(Math.max(0, t.start - 4), t.start));
  const flat = flatOf(u);
  const echo = previous && previous.speaker !== u.speaker ? flatOf(previous).text : '';
  // Whether a price is said, and a rival named: read when a term or a rule's context asks
  // (most utterances never do), each at most once.
  let pricedOnce: boolean | undefined;
  const priced = () => (pricedOnce ??= PRICE_CONTEXT.test(flat.text));
  for (let k = 0; k < OBJECTION_TYPES.length; k++) {
    const type = OBJECTION_TYPES[k]!;
    for (const t of termsOf(u, OBJECTION_CATEGORIES[k]!)) {
      if (negated(t) || inConditional(u.view, t.start)) continue;
      // 一万一千九 / 三万一: a term begun by a unit inside a figure (万一) is part of the number.
      if (inFigure(u.view, t)) continue;
      // 路上会化 / 网上会挂: a two-character approver marker begun inside another word is not one.
      if (type === 'authority' && t.end - t.start <= 2 && insideWord(u, t.start)) continue;
      // The customer repeating the rep's words (有点贵？) is no objection of their own.
      if (t.entry.surface.length >= 2 && echo.includes(t.entry.surface)) continue;
      // 有点高 / 肯定高 say nothing about money without a price word in the utterance.
      if (type === 'price' && !MONEY_WORD.test(t.entry.surface) && !priced()) continue;
      add(type, t, 'objection.lexicon');
    }
  }
  addPhraseMarkers(u.view, (m) => [m.index, m.index + m[0].length], '', add);
  const service = SERVICE_TOPIC.exec(u.view);
  if (service && u.questions.some((q) => q.end >= service.index && q.start <= service.index + 12)) {
    add('trust', null, 'objection.service-question', [service.index, service.index + service[0].length]);
  }
  const competitors = termsOf(u, 'competitor');
  const named = competitors.length > 0 || GENERIC_RIVAL.test(u.view);
  const cue = termsOf(u, 'objection.competitor_cue').find((t) => !negated(t));
  if (cue && named)
    add('competitor', cue, 'objection.competitor-cue', [
      Math.min(cue.start, competitors[0]?.start ?? cue.start),
      cue.end,
    ]);
  const wants = termsOf(u, 'need.want');
  for (const t of termsOf(u, 'objection.switch')) {
    // 最好能打通，不用换机器: not switching hardware is part of a want, not a refusal.
    if (wants.some((w) => w.end <= t.start && sameSentence(u, w.start, t.start))) continue;
    add(named ? 'competitor' : 'need', t, 'objection.switch');
  }
  // Comparing prices with a named competitor is a competitor objection too (convention 7).
  // A competitor's lower price (汇川给我们的价格可是很低的) is a price and a competitor objection.
  const budget = competitors.length === 0 ? BUDGET_SHORT.exec(u.view) : null;
  if (budget) add('price', null, 'objection.budget-short', [budget.index, budget.index + budget[0].length]);
  const comparison = competitors.length > 0 ? PRICE_COMPARISON.exec(u.view) : null;
  if (comparison && !inConditional(u.view, comparison.index)) {
    const end = comparison.index + comparison[0].length;
    add('price', null, 'objection.competitor-price', [comparison.index, end]);
    add('competitor', competitors[0]!, 'objection.competitor-price', [competitors[0]!.start, end]);
  }
  // A rival's own figure or a comparison with it (海康那边给我们报的一千五, 比某某贵九百): the customer
  // weighs the offers, a competitor objection (convention 7), whatever the price rules say.
  const offer = rivalOffer(u, competitors);
  if (offer) {
    add('competitor', offer.term, 'objection.competitor-offer', offer.span);
    if (offer.dearer) add('price', null, 'objection.competitor-offer', offer.span);
  }
  // Structural patterns (objection.patterns.ts) over the text without fillers: everyday variants
  // of the lexicon's fixed phrases. Lexicon evidence found above wins for its type.
  let rivalOnce: boolean | undefined;
  const rival = () => (rivalOnce ??= named || ANY_RIVAL.test(flat.text) || namedVendor(flat.text) !== null);
  for (const hit of matchRules(flat, OBJECTION_RULES, echo)) {
    if (!contextHolds(hit.rule, priced, rival)) continue;
    add(hit.rule.kind, null, hit.rule.id, hit.span);
    // A rival's lower price is a price objection too.
    if (hit.rule.id === 'objection.competitor.compare' && priced()) add('price', null, hit.rule.id, hit.span);
  }
  const pain = termsOf(u, ['need.pain', 'need']).length > 0;
  const first = competitors[0];
  if (
    first &&
    !pain &&
    contentLength(u) <= 24 &&
    INCUMBENT.test(u.view.slice(Math.max(0, first.start - 4), first.start))
  ) {
    add('competitor', first, 'objection.competitor-incumbent');
  }
  // Nothing as written: the text without any hesitation (装那个得完吗, 会然后不会), as the need
  // detector reads it, then by sound.
  const spoken = found.length === 0 ? spokenFlatOf(u) : flat;
  if (found.length === 0 && spoken.text !== flat.text) {
    const at = (m: RegExpExecArray): [number, number] => [
      spoken.map[m.index]!,
      spoken.map[m.index + m[0].length - 1]! + 1,
    ];
    addPhraseMarkers(spoken.text, at, '.heard', add);
    let pricedSpokenOnce: boolean | undefined;
    const pricedSpoken = () => (pricedSpokenOnce ??= priced() || PRICE_CONTEXT.test(spoken.text));
    for (const hit of matchRules(spoken, OBJECTION_RULES, echo)) {
      if ((hit.rule.conditional ?? true) && inConditional(u.view, hit.span[0])) continue;
      if (!contextHolds(hit.rule, pricedSpoken, rival)) continue;
      add(hit.rule.kind, null, `${hit.rule.id}.heard`, hit.span);
    }
  }
  if (found.length === 0) {
    // Nothing as written: read the utterance by sound, so that a recogniser's homophones (太桂了)
    // still meet the patterns. Lower confidence, and only where nothing literal was found.
    const heard = soundFlat(spoken);
    // Read by sound only when a match must be checked against it (most utterances have none).
    const echoHeard = echo ? () => soundCanonical(echo) : '';
    // The price context stays literal: read by sound it collides with too many words (台/太, 度/渡).
    const pricedHeard = priced;
    for (const hit of matchRules(heard, soundRules().rules, echoHeard)) {
      // Short matches read by sound collide with everyday words (再/在, 怕/爬): three characters at least.
      if (hit.text.length < 3) continue;
      // The conditional guard reads the literal text: by sound 要是/如果 are no longer themselves.
      if ((hit.rule.conditional ?? true) && inConditional(u.view, hit.span[0])) continue;
      if (!contextHolds(hit.rule, pricedHeard, rival)) continue;
      add(hit.rule.kind, null, `${hit.rule.id}.heard`, hit.span);
    }
  }
  return found;
}

/**
 * The approval, postponement and deadline markers over one reading of the utterance (as written,
 * or without hesitations). An approval followed within two characters by 吗 or a question mark
 * (老板同意了吗) asks whether it was given: no objection. `at` maps a match to the view.
 */
function addPhraseMarkers(
  text: string,
  at: (m: RegExpExecArray) => [number, number],
  suffix: string,
  add: (type: ObjectionType, term: null, rule: string, span: [number, number]) => void,
): void {
  const approval = APPROVAL.exec(text);
  if (approval && !/[吗？?]/.test(text.slice(approval.index + approval[0].length).slice(0, 2)))
    add('authority', null, `objection.approval${suffix}`, at(approval));
  const postpone = POSTPONE.exec(text);
  if (postpone) add('timing', null, `objection.postpone${suffix}`, at(postpone));
  const deadline = DEADLINE_DOUBT.exec(text);
  if (deadline) add('delivery', null, `objection.deadline-doubt${suffix}`, at(deadline));
}

/** A pattern rule's context condition: a price said nearby, a rival named, or none named. */
function contextHolds(rule: PatternRule, priced: () => boolean, rival: () => boolean): boolean {
  const ctx = (rule as (typeof OBJECTION_RULES)[number]).context;
  if (ctx === 'price') return priced();
  if (ctx === 'rival') return rival();
  if (ctx === 'norival') return !rival();
  return true;
}

/** Rules whose heads are single common characters: by sound they would match everywhere. */
const SOUND_UNSAFE = new Set([
  'objection.price.discount-ask',
  'objection.trust.fear',
  'objection.trust.worry-question',
  'objection.trust.risk-question',
  'objection.authority.consult',
  'objection.price.unaffordable',
  // 也是钱 by sound is 也是前 (也是前两年买的).
  'objection.price.still-money',
  // 还 is read huan by sound (换), which the stoppage rule takes for an install.
  'objection.delivery.stoppage',
  // 定 by sound is 订 (会议室订好了).
  'objection.authority.meeting',
]);

let sound: { rules: ObjectionRule[] } | undefined;

/** The objection rules with every Chinese character read by sound (compiled once). */
function soundRules(): { rules: ObjectionRule[] } {
  const re = (r: RegExp | undefined) => (r ? new RegExp(soundCanonical(r.source), r.flags) : undefined);
  sound ??= {
    rules: OBJECTION_RULES.filter((r) => !SOUND_UNSAFE.has(r.id)).map((r) => {
      const out: ObjectionRule = { ...r, re: re(r.re)! };
      for (const k of ['notAfter', 'notBefore', 'requires'] as const) {
        const v = re(r[k]);
        if (v) (out as { -readonly [K in typeof k]?: RegExp })[k] = v;
      }
      return out;
    }),
  };
  return sound;
}

function soundFlat(flat: FlatText): FlatText {
  return { text: soundCanonical(flat.text), map: flat.map };
}

const PRICE_COMPARISON =
  /比(你们|您们|这个|这|你|您)|更便宜|更低|低一些|便宜一些|便宜不少|(报的|报价|给的价|价格|价)[^，。,.]{0,4}(才|只|很低|挺低|低|便宜)/;
/** 董事长点头 / 老板拍板: someone above the speaker decides. */
const APPROVAL =
  /(董事长|董事会|老板|领导|院长|校长|总经理|总部|集团|上面|财务|采购)[^，。,.？?]{0,6}(点头|拍板|签字|同意|批(?![量发次])|来定|定下来|说了算|决定|签(?!约))|(还得|得|要|需要)[^，。,.？?]{0,6}(点头|拍板|签字才|批准|说了算)/;
/** 下个月回来再说 / 等下学期再看: postponing. */
const POSTPONE =
  /(等|到|下个?月|下周|明年|年后|下学期|下半年|回来|以后|过段时间|过阵子)[^，。,.？?]{0,8}再(说|看|考虑|定|谈|联系)|(明年|下半年|下学期|年后|下个?月|下季度)才(能|可以|会|有)/;
/** 开学前装得完吗 / 八月底之前来得及吗: doubt about meeting a deadline (convention 6). */
const DEADLINE_DOUBT =
  /(装|做|交|发|到|上线|调试|弄|搞|供|排)得(完|好|了|上|及|出来)吗|来得及吗|赶得上吗|能赶上吗|能按时|跟得上吗/;
/** 我们报的才一百五 / 预算只有八十万: the customer's budget is short of the price. */
const BUDGET_SHORT = /(报的|预算|批的|经费|只批了)[^，。,.？?]{0,3}(才|只有|就只有)/;
/** 售后呢 / 你们在县里有没有人: after-sales worries asked as questions. */
const SERVICE_TOPIC = /售后|质保|保修|维修|坏了谁|出了问题谁/;

/** Quoting: the rival's verb of an offer, then (within a few characters) a figure. */
const OFFER_AFTER =
  /^(?:那边|那里|家)?(?:给我们|给咱们|给我)?(?:报的|报价|报过来|报了|给的|给到|给我们的|开的|卖|拿货价?|到厂价?)[^，。！？,.!?]{0,4}[0-9一二三四五六七八九十两百千万几半零]/u;
/** Comparing with the rival: 比某某贵九百, 比某某高两万. */
const COMPARED_AFTER = /^(?:还|都|要|还要)?(?:贵|高|多|低|便宜|少)/u;
/** A name before an offer verb that is not a vendor: times and the speakers themselves. */
const NOT_OFFERER =
  /^(?:上次|这次|当时|刚才|一开始|最后|本来|昨天|前天|上周|上个月|价格|价钱|单价|原料|目前|老板|领导)/;

/**
 * A rival's offer in the utterance: a lexicon competitor (or a vendor named before an offer verb)
 * followed by an offer with a figure, or a comparison 比<rival> + 贵/高 (`dearer`: a price objection
 * too). Outside a conditional clause.
 */
function rivalOffer(
  u: PreparedUtterance,
  competitors: readonly TermOccurrence[],
): { term: TermOccurrence | null; span: [number, number]; dearer: boolean } | null {
  const text = u.view;
  for (const c of competitors) {
    if (inConditional(text, c.start)) continue;
    const after = text.slice(c.end, c.end + 20);
    const offer = OFFER_AFTER.exec(after);
    if (offer) return { term: c, span: [c.start, c.end + offer[0].length], dearer: false };
    const compared =
      text.slice(Math.max(0, c.start - 2), c.start).endsWith('比') && COMPARED_AFTER.exec(after);
    if (compared) {
      const span: [number, number] = [c.start - 1, c.end + compared[0].length];
      return { term: c, span, dearer: /贵|高|多/.test(compared[0]) };
    }
  }
  // 比科森贵九百: a name compared with by price and figure is a rival even when no list holds it.
  // Only against the seller's own figure or offer said before it (你们…, 一万二还是比…): 比存款利息高
  // compares with a benchmark, not a vendor.
  const compared = COMPARED_NAME.exec(text);
  if (
    compared &&
    !inConditional(text, compared.index) &&
    OWN_OFFER_BEFORE.test(text.slice(Math.max(0, compared.index - 16), compared.index))
  ) {
    const name = compared[1]!;
    if (
      !NOT_VENDOR.test(name) &&
      !NOT_PRICE_RIVAL.test(name) &&
      !NOT_OFFERER.test(name) &&
      !/[我你他她们这那哪]/.test(name)
    ) {
      const span: [number, number] = [compared.index, compared.index + compared[0].length];
      return { term: null, span, dearer: /贵|高/.test(compared[2]!) };
    }
  }
  // Every offer, not the first only: 你们报的一万五…某某的我们现在拿一万四 names the rival second.
  for (const named of text.matchAll(NAMED_OFFERER)) {
    if (inConditional(text, named.index)) continue;
    const name = named[1]!;
    if (!NOT_VENDOR.test(name) && !NOT_OFFERER.test(name) && !/[我你他她们这那哪]/.test(name)) {
      return { term: null, span: [named.index, named.index + named[0].length], dearer: false };
    }
  }
  return null;
}

/** 比某某贵九百 / 比某某的便宜两千: a name compared with, by price, with a figure. */
const COMPARED_NAME =
  /比([\p{Script=Han}A-Za-z]{2,4}?)(?:的|家的|那边)?(?:还|都|要|还要)?(贵|高|便宜|低)(?:了|出)?(?:将近|差不多|大概|快)?(?:[0-9]+|[一二三四五六七八九两几半]?[十百千万]|[一二三四五六七八九两几半](?:块|元|毛|个点))/u;

/** The seller's side named just before a comparison, in the same clause: 你们… or a figure. */
const OWN_OFFER_BEFORE =
  /(?:你们|您们|你家|你这|你那|报价|价格|价钱|[0-9]{2,}|[0-9一二三四五六七八九十两百千万]{2,})[^，。！？,.!?]{0,8}$/;

/** 某某给我们报的一千五 / 某某报过来是一千八: a vendor named by its offer, with a figure. */
const NAMED_OFFERER =
  /(?<![\p{Script=Han}])([\p{Script=Han}A-Za-z]{2,4}?)(?:那边)?(?:(?:给我们|给咱们|给我)?(?:报的|报过来|报了)(?:是|才|只要|就)?|(?:给我们|给咱们|给我)(?:的)?(?:价格?|报价)?(?:是|才|只要|只)|的我们现在(?:拿|进|买)(?:的)?(?:是|才)?)[0-9一二三四五六七八九十两百千万几半零]/gu;

const DIGIT = new RegExp(`[${NUMERAL_CHARS}]`);
/** 一万一千九 / 三万一，: a term begun by a unit (万一) inside a figure, followed by more of it or by its end. */
function inFigure(text: string, t: TermOccurrence): boolean {
  if (!/^[万千百]/.test(t.entry.surface) || !DIGIT.test(text[t.start - 1] ?? '')) return false;
  const next = text[t.end] ?? '';
  return next === '' || DIGIT.test(next) || /[万\p{P}\s]/u.test(next);
}

/** True when a word of two or more characters (jieba) runs across position `at`. */
function insideWord(u: PreparedUtterance, at: number): boolean {
  return u.tokens.some((k) => k.start < at && k.end > at && !k.entries);
}

function sameSentence(u: PreparedUtterance, a: number, b: number): boolean {
  const sa = u.clauses.find((c) => c.start <= a && c.end > a)?.sentence;
  const sb = u.clauses.find((c) => c.start <= b && c.end > b)?.sentence;
  return sa !== undefined && sa === sb;
}

function contentLength(u: PreparedUtterance): number {
  return u.view.replace(/[\p{P}\s\u2063]/gu, '').length;
}

/**
 * Registry entry: customer objections with their handling (response, techniques, resolution,
 * latency) and one `objection_response` finding per response utterance.
 */
export const objectionDetector: Detector<ObjectionLabel | 'objection_response'> = {
  id: 'objection',
  labels: [...OBJECTION_TYPES.map((t) => `objection.${t}` as const), 'objection_response'],
  reads: ['nextSteps'],
  writes: ['objections'],
  detect(ctx) {
    const { us, facts } = ctx;
    for (const u of us) {
      if (u.speaker !== 'customer') continue;
      const joined = withSecondStage(ctx, u, findObjections(u, us[u.index - 1]));
      // Nothing as written nor by the model: cues heard by sound, with support (objection.heard.ts).
      const any = joined.length > 0 ? joined : heardObjections(ctx, u);
      const found = withDeliveryWorry(u, withRivalPrice(u, any));
      if (found.length > 0) facts.objections.set(u.id, found);
    }
    const nextStepIds = new Set(facts.nextSteps.keys());
    const responses = new Map<
      string,
      { response: PreparedUtterance; techniques: TechniqueHit[]; respondsTo: string[] }
    >();
    for (const u of us) {
      for (const o of facts.objections.get(u.id) ?? []) {
        const response = findResponse(us, u);
        let entry = response ? responses.get(response.id) : undefined;
        if (response && !entry) {
          entry = { response, techniques: findTechniques(response), respondsTo: [] };
          responses.set(response.id, entry);
        }
        if (entry && !entry.respondsTo.includes(u.id)) entry.respondsTo.push(u.id);
        const techniques = entry?.techniques ?? [];
        const resolved = isResolved(o, response, techniques, us, facts.objections, nextStepIds);
        ctx.add({
          label: `objection.${o.type}`,
          utteranceId: u.id,
          span: o.span,
          rule: o.rule,
          term: o.term?.entry.concept ?? o.model?.term ?? null,
          ...(o.term && o.term.entry.surface !== o.term.entry.concept
            ? { surface: o.term.entry.surface }
            : {}),
          confidence: o.model?.confidence ?? (o.rule === 'objection.lexicon' ? 0.85 : 0.7),
          ...(o.model ? { probability: round(o.model.probability), modelEvidence: o.model.ngrams } : {}),
          objectionType: o.type,
          responseUtteranceId: response?.id ?? null,
          techniques: techniques.map((t) => t.technique),
          resolved,
          latencyMs: response ? response.start - u.end : null,
        });
      }
    }
    for (const { response, techniques, respondsTo } of responses.values()) {
      ctx.add({
        label: 'objection_response',
        utteranceId: response.id,
        span: responseSpan(response),
        rule: techniques.length > 0 ? 'objection_response.technique' : 'objection_response.first-reply',
        term: techniques[0]?.term ?? null,
        confidence: 0.9,
        respondsTo,
        techniques: techniques.map((t) => t.technique),
        techniqueEvidence: techniques.map((t) => ({
          technique: t.technique,
          span: t.span,
          term: t.term,
          utteranceId: response.id,
        })),
      });
    }
  },
  fromAppeal(ctx, u, base) {
    const { label } = base;
    if (label === 'objection_response') return { ...base, label, respondsTo: [] };
    const type = label.slice('objection.'.length) as ObjectionType;
    const response = findResponse(ctx.us, u);
    const techniques = response ? findTechniques(response) : [];
    const match: ObjectionMatch = { utterance: u, type, span: base.span, term: null, rule: 'appeal' };
    const resolved = isResolved(
      match,
      response,
      techniques,
      ctx.us,
      ctx.facts.objections,
      new Set(ctx.facts.nextSteps.keys()),
    );
    if (
      response &&
      !ctx.findings.some((f) => f.label === 'objection_response' && f.utteranceId === response.id)
    ) {
      const rspan = responseSpan(response);
      ctx.findings.push({
        id: findingId(ctx.callId, response.id, 'objection_response', rspan),
        label: 'objection_response',
        utteranceId: response.id,
        span: rspan,
        rule: 'appeal',
        term: techniques[0]?.term ?? null,
        lexiconVersion: ctx.lexiconVersion,
        confidence: 1,
        respondsTo: [u.id],
        techniques: techniques.map((t) => t.technique),
        ...(base.overrideId ? { overrideId: base.overrideId } : {}),
      });
    }
    return {
      ...base,
      label,
      objectionType: type,
      responseUtteranceId: response?.id ?? null,
      techniques: techniques.map((t) => t.technique),
      resolved,
      latencyMs: response ? response.start - u.end : null,
    };
  },
};

/**
 * A model probability this many times its threshold stands as an objection, or as the likeliest
 * further type of a rule's objection, without a word of its type in the utterance (TYPE_EVIDENCE).
 */
const SURE = 2;

/** True when the utterance holds a word of objection type `type` (a named rival for competitor). */
function hasTypeEvidence(u: PreparedUtterance, type: ObjectionType): boolean {
  if (TYPE_EVIDENCE[type].test(u.view)) return true;
  if (type !== 'competitor') return false;
  return termsOf(u, 'competitor').length > 0 || ANY_RIVAL.test(u.view) || namedVendor(u.view) !== null;
}

/**
 * The rules' objections of one utterance joined with the second stage:
 * - vetoed when the model is nearly certain there is no objection (industry lexicon terms stand);
 * - where rules fired, a further type the model is above its threshold for joins them when the
 *   utterance holds a word of that type (a price objection that also names a rival's offer), or
 *   when it is the model's likeliest type (probability over threshold) and the model is very sure;
 * - where no rule fired and the model sees an objection, its types above their thresholds (else
 *   the likeliest type relative to its threshold) become model findings, but only when a word of one of those types is in
 *   the utterance or the model is very sure (SURE): n-grams alone flag problems told as stories.
 */
function withSecondStage(ctx: CallContext, u: PreparedUtterance, found: ObjectionMatch[]): ObjectionMatch[] {
  const any = modelVerdict(ctx, u, 'objection');
  if (!any) return found;
  // The common case, decided before the types are scored: no rule fired and the model adds none.
  if (found.length === 0 && !modelAdds(any)) return found;
  const scored = OBJECTION_TYPES.map((type, k) => ({
    type,
    v: modelVerdict(ctx, u, OBJECTION_CATEGORIES[k]!)!,
  }));
  const sure = scored.filter((s) => s.v.probability >= s.v.threshold);
  // The likeliest type relative to its threshold: thresholds differ by type, raw probabilities of
  // rare types (need, timing) are low even when they are the model's best reading.
  const best = scored.reduce((a, b) =>
    b.v.probability / b.v.threshold > a.v.probability / a.v.threshold ? b : a,
  );
  const modelMatch = (type: ObjectionType, v: ModelVerdict): ObjectionMatch | null => {
    const ev = modelEvidence(ctx, u, `objection.${type}`);
    // The guards of the rules hold for the model's evidence too: a worry inside a conditional
    // clause, or one the speaker takes back later in the utterance, is no objection. Without
    // punctuation a conditional's scope is unknown (要是现在签…来得及吗 asks about the deadline).
    const scoped = /[，,。！？!?；;]/.test(u.view) && inConditional(u.view, ev.span[0]);
    if (scoped || WITHDRAWN.test(u.view.slice(ev.span[1]))) return null;
    return {
      utterance: u,
      type,
      span: ev.span,
      term: null,
      rule: 'model.objection',
      model: { confidence: modelConfidence(v), probability: v.probability, term: ev.term, ngrams: ev.ngrams },
    };
  };
  if (found.length > 0) {
    if (modelVetoes(any)) return found.filter((o) => o.term !== null && o.term.entry.source !== 'base');
    // The likeliest type joins without a word of it when the model is very sure: the rules found
    // the objection but read its type from the words they know (a rival named in a way no list
    // holds, a worry about quality told without 担心).
    const extra = sure.filter(
      (s) =>
        !found.some((o) => o.type === s.type) &&
        (hasTypeEvidence(u, s.type) || (s === best && s.v.probability >= SURE * s.v.threshold)),
    );
    return [...found, ...extra.flatMap((s) => modelMatch(s.type, s.v) ?? [])];
  }
  if (!modelAdds(any)) return found;
  const chosen = sure.length > 0 ? sure : [best];
  const evidenced = chosen.some((s) => hasTypeEvidence(u, s.type));
  if (!evidenced && any.probability < SURE * any.threshold) return found;
  return chosen.flatMap(({ type }) => modelMatch(type, any) ?? []);
}

/**
 * Price and rival read together (convention 7: comparing prices with a vendor is a competitor
 * objection): a price objection beside a rival (a lexicon or named vendor, 别家 / 那几家, a name
 * compared with) is a competitor objection as well, and a competitor objection whose money is
 * compared (cheaper, a lower figure, fees waived) with a price word in the utterance is a price
 * objection as well. Whichever rule or model found the first type, the second joins it.
 */
export function withRivalPrice(u: PreparedUtterance, found: ObjectionMatch[]): ObjectionMatch[] {
  const price = found.find((o) => o.type === 'price');
  const rival = found.find((o) => o.type === 'competitor');
  if (price && !rival) {
    const span = rivalSpan(u);
    if (span)
      return [
        ...found,
        { utterance: u, type: 'competitor', span, term: null, rule: 'objection.competitor.price-rival' },
      ];
  }
  if (rival && !price && PRICE_CONTEXT.test(u.view)) {
    const m = PRICE_COMPARED.exec(u.view);
    if (
      m &&
      !inConditional(u.view, m.index) &&
      !NEGATED.test(u.view.slice(Math.max(0, m.index - 3), m.index))
    ) {
      const span: [number, number] = [m.index, m.index + m[0].length];
      return [
        ...found,
        { utterance: u, type: 'price', span, term: null, rule: 'objection.price.rival-price' },
      ];
    }
  }
  return found;
}

/**
 * A worry about the schedule, supply, installation or cut-over (DELIVERY_WORRY_TOPIC) is a delivery
 * objection (behaviours.md): where only a trust objection was found for it, delivery joins it.
 */
export function withDeliveryWorry(u: PreparedUtterance, found: ObjectionMatch[]): ObjectionMatch[] {
  if (!found.some((o) => o.type === 'trust') || found.some((o) => o.type === 'delivery')) return found;
  const m = DELIVERY_WORRY_TOPIC.exec(u.view);
  if (!m) return found;
  const span: [number, number] = [m.index, m.index + m[0].length];
  return [
    ...found,
    { utterance: u, type: 'delivery', span, term: null, rule: 'objection.delivery.worry-topic' },
  ];
}

/** Where the utterance names a rival (outside a conditional clause), if it does. */
function rivalSpan(u: PreparedUtterance): [number, number] | null {
  const text = u.view;
  const term = termsOf(u, 'competitor').find((t) => !inConditional(text, t.start));
  if (term) return [term.start, term.end];
  const generic = ANY_RIVAL.exec(text);
  if (generic && !inConditional(text, generic.index))
    return [generic.index, generic.index + generic[0].length];
  const vendor = namedVendor(text);
  if (vendor && !inConditional(text, vendor.index)) return [vendor.index, vendor.index + vendor.name.length];
  const m = PRICE_RIVAL.exec(text);
  if (!m || inConditional(text, m.index)) return null;
  const name = m[1] ?? m[2] ?? m[3];
  if (name && (NOT_VENDOR.test(name) || NOT_PRICE_RIVAL.test(name))) return null;
  return [m.index, m.index + m[0].length];
}

/** A response finding spans the whole reply, trailing punctuation excluded. */
function responseSpan(response: PreparedUtterance): [number, number] {
  const end = response.norm.replace(/[\p{P}\s]+$/u, '').length;
  return [0, Math.max(1, end)];
}
