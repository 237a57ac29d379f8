import type { CallContext } from './detector.js';
import type { PreparedUtterance } from './prepare.js';

/**
 * How the learned second stage joins the rules. Where no rule fired and the model's probability
 * reaches its threshold, the model adds the finding (rule `model.<label>`, lower confidence, the
 * n-grams that weighed most as evidence). Where a general marker or pattern fired but the model is
 * nearly certain it is another sense of it (probability under VETO × threshold), the finding is
 * dropped; an industry lexicon term, which an expert put there, is never vetoed. A model may carry
 * both thresholds per label (`joinOf`, calibrated by industry-grouped cross-validation of the
 * joined analysis: scripts/calibrate-join.ts); VETO is the fallback factor for one that does not.
 */
export const VETO = 0.15;

/** N-grams made only of pronouns, particles and other function characters. */
const FUNCTION_ONLY =
  /^[我你您他她它们这那哪几个的了是在有就也都还吗呢吧啊么和跟对把给让被一些点很太多少上下里么么儿]+$/;

export interface ModelVerdict {
  readonly probability: number;
  /** The model adds `label` where no rule fired at this probability and over. */
  readonly threshold: number;
  /** The model vetoes a general marker's `label` under this probability. */
  readonly veto: number;
}

/** The model's probability of `label` for an utterance, with its thresholds; null without a model. */
export function modelVerdict(ctx: CallContext, u: PreparedUtterance, label: string): ModelVerdict | null {
  const model = ctx.deps.secondStage;
  const p = ctx.facts.predictions?.[u.index]?.[label];
  if (!model || p === undefined) return null;
  const join = model.joinOf?.(label);
  if (join) return { probability: p, threshold: join.add, veto: join.veto };
  const threshold = model.thresholdOf(label);
  return { probability: p, threshold, veto: VETO * threshold };
}

/** True when the model says `label` and no rule did. */
export function modelAdds(v: ModelVerdict | null): v is ModelVerdict {
  return v !== null && v.probability >= v.threshold;
}

/** True when the model is nearly certain a rule's `label` is wrong here. */
export function modelVetoes(v: ModelVerdict | null): boolean {
  return v !== null && v.probability < v.veto;
}

/** Confidence of a model finding: below the rules' (0.6-0.9), rising with the probability. */
export function modelConfidence(v: ModelVerdict): number {
  return Math.round((0.4 + 0.3 * v.probability) * 100) / 100;
}

/**
 * Evidence of a model finding: the span of the clause holding the strongest n-gram (else the
 * whole utterance) and the n-grams that weighed most.
 */
export function modelEvidence(
  ctx: CallContext,
  u: PreparedUtterance,
  label: string,
): { span: [number, number]; term: string; ngrams: { text: string; weight: number }[] } {
  const model = ctx.deps.secondStage!;
  // Prepared utterances carry speaker and text themselves: no per-call copy of the list.
  const explained = model
    .explain(ctx.us, u.index, label, 8)
    // Evidence a rep can read: n-grams of function words alone (我们, 那个) explain nothing.
    .filter((e) => e.weight > 0 && !FUNCTION_ONLY.test(e.text))
    .filter((e, _, all) => e.text.length > 1 || all.every((x) => x.text.length === 1))
    .slice(0, 5);
  // What the other speaker answered is shown as such: it is not in the utterance.
  const ngrams = explained.map((e) => ({
    text: e.fromReply ? `${REPLY_PREFIX}${e.text}` : e.text,
    weight: Math.round(e.weight * 1000) / 1000,
  }));
  const top = ngrams.find((e, x) => explained[x]!.fromReply !== true && u.norm.includes(e.text));
  const at = top ? u.norm.indexOf(top.text) : -1;
  const clause = at >= 0 ? u.clauses.find((c) => c.start <= at && c.end > at) : undefined;
  let end = u.norm.length;
  while (end > 0 && /[\p{P}\s]/u.test(u.norm[end - 1]!)) end--;
  const span: [number, number] = clause ? [clause.start, clause.end] : [0, Math.max(1, end)];
  const own = ngrams.find((_, x) => explained[x]!.fromReply !== true);
  return { span, term: top?.text ?? own?.text ?? ngrams[0]?.text ?? '', ngrams };
}

/** Marks evidence read from the reply (the other speaker's next turn), for the user to read. */
export const REPLY_PREFIX = '回应：';

/** A probability as stored in a finding (4 decimals). */
export function round(p: number): number {
  return Math.round(p * 10000) / 10000;
}
