import type { Technique } from '../../lexicons/lexicon.schema.js';
import type { ObjectionMatch } from './matches.js';
import type { PreparedUtterance } from './prepare.js';
import { termsOf } from './prepare.js';
import { closesAgreeing, defers, isBindingStep } from './resolution.rules.js';

export interface TechniqueHit {
  technique: Technique;
  span: [number, number];
  term: string;
}

/** Proposals and confirmations are not clarifying questions (行不行, 您看可以吗, …吧). */
const PROPOSAL = /(行不行|好不好|可不可以|行吗|好吗|可以吗|怎么样|要不要|能不能|方便吗|吧)$|^您看/;
/** Reframing by amortising or totting up: 按用八年算, 一年才两千, 算细账, 省六千. */
const REFRAME =
  /按[^，。,.]{1,8}算|(一年|一天|一个月|每月|每天|每年)(才|只要|不到)|算(细|总)账|省[\d一二三四五六七八九十两几百千万]|(能|还|也能|更)省/;
/** A phased, partial or stop-gap plan: 分两期, 先换…明年再换, 先借一套, 先付半年, 也有个…方案. */
const ALTERNATIVE =
  /先(在|给|付|上|换|做|装|寄|借|试|用|签|开)(?!着)[^，。,.]{0,12}|(也有|还有)(个|一个|一种|一套)?[^，。,.]{0,10}(方案|版本|版|套餐|配置|型号)/;
/** 很多客户一开始也有这个顾虑 / 您的顾虑我理解. */
const ACKNOWLEDGE = /顾虑|担心是正常的|这个担心|很正常/;

/**
 * Techniques inside one objection response (convention 8: judged inside that utterance only).
 * A discount or freebie alone is none; 很多客户也有这个顾虑 is acknowledge (the longer phrase hides
 * 客户); offering 样机/样品/试用 is evidence.
 */
export function findTechniques(response: PreparedUtterance): TechniqueHit[] {
  const hits: TechniqueHit[] = [];
  const add = (technique: Technique, span: [number, number], term: string) => {
    if (!hits.some((h) => h.technique === technique)) hits.push({ technique, span, term });
  };
  for (const t of response.terms) {
    const c = t.entry.category;
    if (c === 'technique.acknowledge') add('acknowledge', [t.start, t.end], t.entry.concept);
    else if (c === 'technique.reframe' || c === 'benefit') {
      if (c === 'technique.reframe') add('reframe', [t.start, t.end], t.entry.concept);
    } else if (c === 'technique.alternative') add('alternative', [t.start, t.end], t.entry.concept);
    else if (c === 'technique.evidence' || c === 'sample' || c === 'case')
      add('evidence', [t.start, t.end], t.entry.concept);
  }
  for (const [re, technique] of [
    [ACKNOWLEDGE, 'acknowledge'],
    [REFRAME, 'reframe'],
    [ALTERNATIVE, 'alternative'],
  ] as const) {
    const m = re.exec(response.view);
    if (m) add(technique, [m.index, m.index + m[0].length], m[0]);
  }
  // A clarifying question asks about the objection; proposals (…行不行, 您看…可以吗) and
  // confirmations ending in 吧 are not clarifying.
  for (const q of response.questions) {
    const text = response.view.slice(q.start, q.end).replace(/[\p{P}\s\u2063]/gu, '');
    if (PROPOSAL.test(text) || q.rule === 'question.ba') continue;
    add('clarify', [q.start, q.end], q.term ?? '?');
  }
  const order: Technique[] = ['acknowledge', 'clarify', 'reframe', 'alternative', 'evidence'];
  return hits.sort((a, b) => order.indexOf(a.technique) - order.indexOf(b.technique));
}

/** The first rep utterance after the objection. */
export function findResponse(
  utterances: readonly PreparedUtterance[],
  objection: PreparedUtterance,
): PreparedUtterance | undefined {
  for (let i = objection.index + 1; i < utterances.length; i++) {
    if (utterances[i]!.speaker === 'rep') return utterances[i];
  }
  return undefined;
}

/**
 * Convention 9: resolved when the customer does not raise the same type again later AND afterwards
 * accepts the answer (a response with a technique followed by customer agreement) or agrees to a
 * next step. An objection the call ends on with nothing agreed is unresolved.
 */
export function isResolved(
  objection: ObjectionMatch,
  response: PreparedUtterance | undefined,
  techniques: readonly TechniqueHit[],
  all: readonly PreparedUtterance[],
  objectionsByUtterance: ReadonlyMap<string, readonly ObjectionMatch[]>,
  nextStepUtterances: ReadonlySet<string>,
): boolean {
  if (!response) return false;
  // Index walks over the call rather than copies of its rest (this runs once per objection).
  for (let i = objection.utterance.index + 1; i < all.length; i++) {
    if (objectionsByUtterance.get(all[i]!.id)?.some((o) => o.type === objection.type)) return false;
  }
  // The customer accepts the answer in the next turn, or in the turn after answering a
  // clarifying question.
  const window = techniques.some((t) => t.technique === 'clarify') ? 2 : 1;
  const first = nextCustomer(all, response.index + 1);
  const firstReply = all[first];
  // Without a technique, only an acceptance that closes on the answer (…那就好, …那倒可以) counts.
  if (
    techniques.length === 0 &&
    firstReply &&
    closesAgreeing(firstReply) &&
    agrees(firstReply, objectionsByUtterance)
  )
    return true;
  if (techniques.length > 0 && firstReply) {
    if (agrees(firstReply, objectionsByUtterance)) return true;
    const second = window > 1 ? all[nextCustomer(all, first + 1)] : undefined;
    if (second && agrees(second, objectionsByUtterance)) return true;
  }
  // A next step agreed inside the response itself (要不先寄两桶样品您试试？— 行).
  if (
    nextStepUtterances.has(response.id) &&
    isBindingStep(response) &&
    firstReply &&
    agrees(firstReply, objectionsByUtterance)
  )
    return true;
  for (let i = response.index + 1; i < all.length; i++) {
    const u = all[i]!;
    if (u.speaker !== 'rep' || !nextStepUtterances.has(u.id) || !isBindingStep(u)) continue;
    const reply = all[nextCustomer(all, i + 1)];
    if (reply && agrees(reply, objectionsByUtterance)) return true;
  }
  return false;
}

/** Position of the first customer utterance at or after position `from` (all.length when none). */
function nextCustomer(all: readonly PreparedUtterance[], from: number): number {
  let i = from;
  while (i < all.length && all[i]!.speaker !== 'customer') i++;
  return i;
}

/**
 * A reservation that takes the agreement back: a contrast (好是好，但… / 行，不过…), a concession
 * (便宜是便宜 / 话是这么说 / 道理我懂), the customer keeping their view (还是觉得).
 */
const RESERVATION =
  /但是|但(?!愿)|可是|不过|[，,。！？\s\u2063]可(?!以|能|行|不)|(\p{Script=Han}{1,3})是\1|话是这么|道理我(也)?懂|道理是|理是这个理|还是(觉得|担心|怕|不放心)/u;

/**
 * Agreement opening the answer (fillers such as 嗯 are masked in the view, so 嗯，好的 opens with 好):
 * also 那行 / 那就好 / 那可以 (agreeing with what was just said) and the northern 中 / 成 (OK), these
 * three only as a word of their own (not 那行业, 中国, 成都, 成本).
 */
const OPENS_AGREEING =
  /^(?:对|行|好|可以|那(?:就)?(?:好|可以|行(?!业|情|政|长|程|动|为|李|家|货))(?!不)|(?:那(?:就)?)?[中成](?=[，,。.！!？?\s吧啊呀了那就这你我咱没]|$))/;

/** A customer utterance that accepts: an agreement word, no objection and no reservation in it. */
export function agrees(
  u: PreparedUtterance,
  objectionsByUtterance: ReadonlyMap<string, readonly ObjectionMatch[]>,
): boolean {
  if ((objectionsByUtterance.get(u.id)?.length ?? 0) > 0) return false;
  if (termsOf(u, ['next_step.vague']).length > 0) return false;
  if (RESERVATION.test(u.view) || defers(u)) return false;
  const text = u.view.replace(/[\p{P}\s\u2063]/gu, '');
  return (
    termsOf(u, ['agreement', 'next_step.time', 'sample']).length > 0 ||
    OPENS_AGREEING.test(text) ||
    closesAgreeing(u)
  );
}
