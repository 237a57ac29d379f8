import { OBJECTION_TYPES } from '../../lexicons/lexicon.schema.js';
import type { Gold } from '../eval/gold.js';
import type { Role } from './features.js';

/**
 * Labels of the second stage and the speaker whose utterances each one classifies. `objection` is
 * any `objection.*`; the others are the behaviour labels themselves.
 */
export const LEARNED_LABELS = [
  { label: 'objection', speaker: 'customer' },
  ...OBJECTION_TYPES.map((t) => ({ label: `objection.${t}`, speaker: 'customer' as const })),
  { label: 'need.implicit', speaker: 'customer' },
  { label: 'need.explicit', speaker: 'customer' },
  { label: 'next_step', speaker: 'rep' },
] as const satisfies readonly { label: string; speaker: Role }[];

export type LearnedLabel = (typeof LEARNED_LABELS)[number]['label'];

/** True when the gold labels of one utterance make it a positive for `label`. */
export function isPositive(goldLabels: readonly string[], label: string): boolean {
  if (label === 'objection') return goldLabels.some((l) => l.startsWith('objection.'));
  return goldLabels.includes(label);
}

/** Gold labels of an utterance (empty when the gold file lists none). */
export function goldLabelsOf(gold: Gold, utteranceId: string): readonly string[] {
  return gold.utterances[utteranceId] ?? [];
}
