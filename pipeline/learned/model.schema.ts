import { createHash } from 'node:crypto';
import { z } from 'zod';
import { FEATURE_KINDS } from './features.js';

/** Name of the model in its file and in version ids. */
export const MODEL_NAME = 'second-stage';

export const ZFeatureConfig = z.strictObject({
  ngrams: z.array(z.number().int().min(1).max(3)).min(1),
  /** Sound n-gram orders; absent in models trained before they existed. */
  sound: z.array(z.number().int().min(2).max(3)).optional(),
  boundaryBigrams: z.boolean(),
  words: z.boolean(),
  previousWords: z.boolean(),
  previousBigrams: z.boolean(),
  /** Reply bigrams and words (features.ts visitReplyFeatures); absent (off) in models trained before them. */
  nextBigrams: z.literal(true).optional(),
  nextWords: z.literal(true).optional(),
  foldDigits: z.boolean(),
  lengthBuckets: z.array(z.number().int().positive()),
  fillers: z.string(),
  leadingFillers: z.string(),
});

/** Feature settings of a trained model: the extraction config plus how the model was pruned. */
export const ZModelFeatures = ZFeatureConfig.extend({
  /** The segmenter that produced `w:`/`pw:` features, null when the model reads no words. */
  segmenter: z.string().nullable(),
  /** ASR-like copies of each training call it was also trained on (augment.ts); absent for none. */
  asrLikeCopies: z.number().int().positive().optional(),
  /** The labels trained on those copies; absent when every label was. */
  asrLikeCopiesFor: z.array(z.string()).min(1).optional(),
  /** The labels that read the reply features; absent when every label does (or none is read). */
  replyFor: z.array(z.string()).min(1).optional(),
  /** A feature is kept when seen in at least this many training utterances of the label's speaker. */
  minDocumentFrequency: z.number().int().positive(),
  /** Weights with a smaller magnitude were dropped. */
  pruneBelow: z.number().nonnegative(),
  /** Weights are rounded to this many decimals. */
  decimals: z.number().int().positive(),
});
export type ModelFeatures = z.infer<typeof ZModelFeatures>;

const FEATURE_NAME = new RegExp(`^(${FEATURE_KINDS.join('|')}):.+$`, 'u');

export const ZLabelModel = z.strictObject({
  speaker: z.enum(['rep', 'customer']),
  bias: z.number().finite(),
  /** Probability at or above which the label is predicted. */
  threshold: z.number().gt(0).lt(1),
  /**
   * How the analysis joins the label to its rules, when calibrated (see join.ts): the model adds
   * a finding where no rule fired at `add` and over, and vetoes a general marker's under `veto`.
   */
  join: z.strictObject({ add: z.number().gt(0).lt(1), veto: z.number().min(0).lt(1) }).optional(),
  weights: z.record(z.string().regex(FEATURE_NAME, 'must be <kind>:<key>'), z.number().finite()),
});
export type LabelModel = z.infer<typeof ZLabelModel>;

const ZCounts = z.strictObject({
  precision: z.number(),
  recall: z.number(),
  f1: z.number(),
  gold: z.number().int(),
  predicted: z.number().int(),
  correct: z.number().int(),
});
export type Counts = z.infer<typeof ZCounts>;

/** Training figures: cross-validated inside the training data. Not part of the content hash. */
export const ZFigures = z.strictObject({
  utterances: z.strictObject({ customer: z.number().int(), rep: z.number().int() }),
  vocabulary: z.strictObject({ customer: z.number().int(), rep: z.number().int() }),
  crossValidation: z.strictObject({
    folds: z.number().int(),
    by: z.string(),
    labels: z.record(
      z.string(),
      z.strictObject({
        l2: z.number(),
        positiveWeight: z.number(),
        threshold: z.number(),
        outOfFold: ZCounts,
      }),
    ),
  }),
  nonZeroWeights: z.number().int(),
});
export type Figures = z.infer<typeof ZFigures>;

/** Everything the content hash covers. */
export const ZSecondStageBody = z.strictObject({
  name: z.literal(MODEL_NAME),
  trainedOn: z.strictObject({ calls: z.array(z.string()), count: z.number().int() }),
  features: ZModelFeatures,
  labels: z.record(z.string(), ZLabelModel),
});
export type SecondStageBody = z.infer<typeof ZSecondStageBody>;

const VERSION = /^second-stage@(\d+)\+([0-9a-f]{12})$/;

export const ZSecondStageModel = z.strictObject({
  name: z.literal(MODEL_NAME),
  version: z.string().regex(VERSION, 'must be second-stage@<seq>+<hash12>'),
  trainedOn: ZSecondStageBody.shape.trainedOn,
  features: ZModelFeatures,
  labels: z.record(z.string(), ZLabelModel),
  figures: ZFigures,
});
export type SecondStageModel = z.infer<typeof ZSecondStageModel>;

/** JSON with object keys sorted at every level: the form the content hash is taken of. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) out[k] = sortKeys((value as Record<string, unknown>)[k]);
    return out;
  }
  return value;
}

/** First 12 hex digits of sha256 over the canonical JSON of everything but version and figures. */
export function contentHash(model: SecondStageBody | SecondStageModel): string {
  const body: SecondStageBody = {
    name: model.name,
    trainedOn: model.trainedOn,
    features: model.features,
    labels: model.labels,
  };
  return createHash('sha256').update(canonicalJson(body)).digest('hex').slice(0, 12);
}

/** Sequence number and hash of a version id, or undefined when malformed. */
export function parseVersion(version: string): { seq: number; hash: string } | undefined {
  const m = VERSION.exec(version);
  return m ? { seq: Number(m[1]), hash: m[2]! } : undefined;
}

/**
 * The version of a freshly trained body: the previous sequence number when the content is
 * unchanged, the next one when it changed (1 for the first model).
 */
export function nextVersion(
  body: SecondStageBody,
  previous: Pick<SecondStageModel, 'version'> | undefined,
): string {
  const hash = contentHash(body);
  const prev = previous ? parseVersion(previous.version) : undefined;
  const seq = !prev ? 1 : prev.hash === hash ? prev.seq : prev.seq + 1;
  return `${MODEL_NAME}@${seq}+${hash}`;
}

/**
 * A freshly trained body and its figures as a model, versioned after `previous` (see nextVersion;
 * `undefined` for a model that is never published, such as a cross-validation fold's).
 */
export function versionedModel(
  trained: { body: SecondStageBody; figures: Figures },
  previous: Pick<SecondStageModel, 'version'> | undefined,
): SecondStageModel {
  return { ...trained.body, version: nextVersion(trained.body, previous), figures: trained.figures };
}

/**
 * The model file's text: canonical key order, one label per line block, trailing newline, so that
 * the same model always gives the same bytes.
 */
export function serializeModel(model: SecondStageModel): string {
  return `${JSON.stringify(sortKeys(model), null, 1)}\n`;
}
