import { z } from 'zod';

import { DIMENSION_ZH } from '../shared/labels-zh.js';
import { DIMENSIONS, type Dimension } from '../shared/vocabulary.js';

/** The scorecard dimensions and their names: shared/ holds them for the server and the web. */
export { DIMENSIONS, type Dimension };
export const DIMENSION_NAMES_ZH: Record<Dimension, string> = DIMENSION_ZH;

/** Metrics a score item may read; computed by pipeline/nlp/score.core.ts from the findings. */
export const SCORE_METRICS = [
  'opening_intro',
  'opening_purpose',
  'opening_permission',
  'early_engagement',
  'open_question_ratio',
  'question_count',
  'restatement_accuracy',
  'implicit_needs_identified',
  'needs_linked_to_solution',
  'evidence_use',
  'longest_monologue_sec',
  'objections_handled',
  'alternatives_offered',
  'clarifying_questions',
  'objections_resolved',
  'objection_latency_ms',
  'next_step_proposed',
  'next_step_dated',
  'commitment_asked',
  'talk_ratio',
] as const;
export type ScoreMetric = (typeof SCORE_METRICS)[number];

/**
 * How a metric value becomes 0-100:
 * - at_least: 100 × min(1, value / target)
 * - at_most: 100 up to target, then linear down to 0 at `zeroAt`
 * - band: 100 inside [target, max], linear to 0 at `zeroBelow` / `zeroAt` outside
 * - presence: value (0 or 1) × 100
 */
export const ZScoreItem = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/),
  metric: z.enum(SCORE_METRICS),
  label: z.string().min(1).max(40),
  weight: z.number().min(0).max(10),
  scoring: z.enum(['at_least', 'at_most', 'band', 'presence']),
  target: z.number().optional(),
  max: z.number().optional(),
  zeroAt: z.number().optional(),
  zeroBelow: z.number().optional(),
  /** question_count: the target applies to a call of this many minutes and scales with length. */
  referenceMinutes: z.number().positive().optional(),
  minTarget: z.number().positive().optional(),
  source: z.string().min(1).max(400),
});
export type ScoreItemSpec = z.infer<typeof ZScoreItem>;

export const ZDimensionSpec = z.strictObject({
  weight: z.number().min(0).max(10),
  items: z.array(ZScoreItem).min(1),
});

export const ZScorecardDocument = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/),
  name: z.string().min(1),
  extends: z.string().optional(),
  description: z.string().optional(),
  /** Full dimension definitions (base scorecards). */
  dimensions: z.partialRecord(z.enum(DIMENSIONS), ZDimensionSpec).optional(),
  /** Overrides of single items by id (industry scorecards). */
  overrides: z
    .array(
      z.strictObject({
        item: z.string(),
        weight: z.number().min(0).max(10).optional(),
        target: z.number().optional(),
        max: z.number().optional(),
        zeroAt: z.number().optional(),
        zeroBelow: z.number().optional(),
        source: z.string().min(1).max(400),
      }),
    )
    .optional(),
  dimensionWeights: z.partialRecord(z.enum(DIMENSIONS), z.number().min(0).max(10)).optional(),
});
export type ScorecardDocument = z.infer<typeof ZScorecardDocument>;

export interface Scorecard {
  readonly id: string;
  readonly name: string;
  readonly versionId: string;
  readonly dimensions: Readonly<Record<Dimension, { weight: number; items: readonly ScoreItemSpec[] }>>;
}
