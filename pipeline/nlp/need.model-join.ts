import { FREQUENCY, OUTCOME } from './need.patterns.js';
import { type PreparedUtterance, spokenFlatOf } from './prepare.js';
import type { ModelVerdict } from './second-stage.js';

/**
 * When a need the learned second stage adds, where no rule found one, stands (need.detector.ts):
 * the model's character n-grams read a doubt, a refusal or a plain fact as a problem more often
 * than the rules do, so some of its needs ask for more than the threshold.
 */

/** Sentence or clause punctuation: typed text (or an ASR engine that punctuates). */
export const SENTENCE_MARK = /[。？！?!，,；;]/;

/**
 * How far above its threshold the model must be to add a need alone in text without sentence
 * punctuation (ASR output): there its character n-grams are broken by mis-heard characters and
 * inserted hesitations, and a probability up to twice the threshold is too often a plain statement
 * of facts (how many stores, which system) scored as a problem.
 */
const UNCORROBORATED = 2;
/**
 * How far above its threshold the model must be to add a need to an utterance that is an
 * objection: the words of a doubt or a refusal (不, 没, 怕, a past vendor's failure told as a
 * reason) read like a problem to the model. The rules ask the same (an objection counts as a need
 * only with an industry need term or a pattern in a clause of its own).
 */
const BESIDE_OBJECTION = 4;
/**
 * What a problem is told with, in any industry: a bad outcome or how often it happens
 * (need.patterns.ts), a negation (不/没), a degree (太, 很, 得很, …死了), difficulty (难) or a limit
 * (只有, 才, 最多). A statement with none of them is a fact, not a difficulty.
 */
const PROBLEM_CUE = new RegExp(
  [
    ...OUTCOME,
    ...FREQUENCY.filter((f) => f.length > 1),
    '[不没]',
    '太',
    '很',
    '难',
    '只有',
    '才',
    '最多',
    '顶多',
    '死了',
  ].join('|'),
);

/**
 * True when the model's need stands: always in punctuated text or well above the threshold;
 * otherwise only with a word of a problem in the utterance (a lexicon need or pain word, or a
 * PROBLEM_CUE) to corroborate it.
 */
export function corroborated(
  u: PreparedUtterance,
  v: Pick<ModelVerdict, 'probability' | 'threshold'>,
): boolean {
  if (SENTENCE_MARK.test(u.norm) || v.probability >= UNCORROBORATED * v.threshold) return true;
  if (u.terms.some((t) => t.entry.category === 'need' || t.entry.category === 'need.pain')) return true;
  return PROBLEM_CUE.test(spokenFlatOf(u).text);
}

/**
 * True when a need the model adds stands: beside an objection only well above the threshold
 * (BESIDE_OBJECTION), and in text without punctuation only corroborated (`corroborated`).
 */
export function modelNeedStands(
  u: PreparedUtterance,
  v: Pick<ModelVerdict, 'probability' | 'threshold'>,
  besideObjection: boolean,
): boolean {
  if (besideObjection && v.probability < BESIDE_OBJECTION * v.threshold) return false;
  return corroborated(u, v);
}
