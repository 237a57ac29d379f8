import type { Correction } from '../../models/appeal.js';
import type { BaseSegmenter } from '../nlp/segment.js';
import {
  type CleanedUtterance,
  cleanUtterance,
  type FeatureConfig,
  featuresOfCleaned,
  previousOtherIndex,
  type Role,
} from './features.js';
import { LEARNED_LABELS } from './labels.js';
import type { TrainingExample } from './train.core.js';

/**
 * Accepted appeals as training examples. A reviewer who accepts an appeal says what one utterance
 * really holds; the call's stored analysis (which applies every accepted correction) is then the
 * best label set we have for that utterance. Only utterances a correction touched become
 * examples: the rest of the call is machine output nobody checked, and learning from it would
 * teach the model its own mistakes.
 */

/** A scored call with accepted corrections, as the training reads it. */
export interface CorrectedCall {
  readonly callId: string;
  readonly industry: string;
  readonly utterances: readonly { readonly id: string; readonly speaker: Role; readonly text: string }[];
  /** Accepted corrections on the call (in force or absorbed), with the appeal that made each. */
  readonly corrections: readonly { readonly appealId: string; readonly correction: Correction }[];
  /** Labels of the stored (corrected) analysis per utterance id: suppressed findings left out. */
  readonly labels: ReadonlyMap<string, readonly string[]>;
}

const LEARNED = new Set<string>(LEARNED_LABELS.map((l) => l.label));

/** True when `label` is one the second stage learns (any objection type counts). */
export function isLearnedLabel(label: string): boolean {
  return LEARNED.has(label) || label.startsWith('objection.');
}

/**
 * The utterance a correction says something about for the second stage, or null: judgements
 * (resolved, identified, accurate) and score items say nothing about the labels it predicts, and
 * a label outside the learned ones (a question type, say) teaches it nothing.
 */
export function learnedUtteranceOf(c: Correction): string | null {
  switch (c.kind) {
    case 'add':
    case 'remove':
      return isLearnedLabel(c.label) ? c.utteranceId : null;
    case 'relabel':
      return isLearnedLabel(c.label) || isLearnedLabel(c.to) ? c.utteranceId : null;
    case 'speaker':
      // Who said it decides which model reads it: the corrected speaker's labels are the truth.
      return c.utteranceId;
    default:
      return null;
  }
}

/** Names an appeal example in `trainedOn.calls`, so a model lists the appeals it learned from. */
export function appealExampleName(appealId: string): string {
  return `appeal:${appealId}`;
}

/**
 * One example per corrected utterance, featurised exactly as the shipped calls are, repeated
 * `repeat` times (a reviewer's decision outweighs one shipped utterance among thousands). The
 * example's `call` names the appeal; its group is the call's industry.
 */
export function appealExamplesOf(
  calls: readonly CorrectedCall[],
  config: FeatureConfig,
  repeat: number,
  cut?: BaseSegmenter,
): TrainingExample[] {
  if (!Number.isInteger(repeat) || repeat < 1)
    throw new RangeError(`repeat must be a positive integer, got ${repeat}`);
  const out: TrainingExample[] = [];
  for (const call of calls) {
    const byUtterance = new Map<string, string>();
    for (const { appealId, correction } of call.corrections) {
      const u = learnedUtteranceOf(correction);
      // The latest accepted appeal on an utterance names the example.
      if (u) byUtterance.set(u, appealId);
    }
    if (byUtterance.size === 0) continue;
    const us = call.utterances;
    const cleaned = new Map<number, CleanedUtterance>();
    const clean = (k: number): CleanedUtterance => {
      let c = cleaned.get(k);
      if (!c) {
        c = cleanUtterance(us[k]!.text, config, cut);
        cleaned.set(k, c);
      }
      return c;
    };
    for (let i = 0; i < us.length; i++) {
      const u = us[i]!;
      const appealId = byUtterance.get(u.id);
      if (!appealId) continue;
      const j = previousOtherIndex(us, i);
      const features = featuresOfCleaned(clean(i), j >= 0 ? clean(j) : undefined, config);
      const labels = (call.labels.get(u.id) ?? []).filter(isLearnedLabel);
      for (let r = 0; r < repeat; r++) {
        out.push({
          call: appealExampleName(appealId),
          group: call.industry,
          speaker: u.speaker,
          features,
          labels,
        });
      }
    }
  }
  return out;
}
