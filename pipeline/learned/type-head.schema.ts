import { createHash } from 'node:crypto';
import { z } from 'zod';
import { OBJECTION_TYPES } from '../../lexicons/lexicon.schema.js';
import { canonicalJson } from './model.schema.js';

/** Name of the objection-type head in its file and in version ids. */
export const TYPE_HEAD_NAME = 'type-head';

/**
 * Feature kinds of the type head: character n-grams, words, the previous rep turn's words, type
 * words, and (stacked on the rules) the types the rules gave the utterance.
 */
export const TYPE_HEAD_FEATURE_KINDS = ['c1', 'c2', 'c3', 'w', 'pw', 'tw', 'rt'] as const;
const FEATURE_NAME = new RegExp(`^(${TYPE_HEAD_FEATURE_KINDS.join('|')}):.+$`, 'u');

export const ZTypeHeadFeatures = z.strictObject({
  /** Character n-gram orders of the cleaned utterance. */
  ngrams: z.array(z.number().int().min(1).max(3)).min(1),
  /** The segmenter behind `w:` and `pw:` features. */
  segmenter: z.literal('jieba'),
  /** A feature is kept when seen in at least this many training objections. */
  minDocumentFrequency: z.number().int().positive(),
  pruneBelow: z.number().nonnegative(),
  decimals: z.number().int().positive(),
});
export type TypeHeadFeatures = z.infer<typeof ZTypeHeadFeatures>;

export const ZTypeModel = z.strictObject({
  bias: z.number().finite(),
  /** Probability at or above which the type is chosen besides the likeliest one. */
  threshold: z.number().gt(0).lt(1),
  weights: z.record(z.string().regex(FEATURE_NAME, 'must be <kind>:<key>'), z.number().finite()),
});
export type TypeModel = z.infer<typeof ZTypeModel>;

const ZTypeFigures = z.strictObject({
  /** Out-of-fold (industry-grouped) cross-validation inside the training data. */
  l2: z.number(),
  threshold: z.number(),
  gold: z.number().int(),
  precision: z.number(),
  recall: z.number(),
  f1: z.number(),
});

export const ZTypeHeadFigures = z.strictObject({
  objections: z.number().int(),
  vocabulary: z.number().int(),
  folds: z.number().int(),
  types: z.record(z.string(), ZTypeFigures),
  nonZeroWeights: z.number().int(),
});
export type TypeHeadFigures = z.infer<typeof ZTypeHeadFigures>;

const ZTypes = z
  .record(z.string(), ZTypeModel)
  .refine((t) => OBJECTION_TYPES.every((k) => t[k] !== undefined), 'must hold every objection type');

/** Everything the content hash covers. */
export const ZTypeHeadBody = z.strictObject({
  name: z.literal(TYPE_HEAD_NAME),
  trainedOn: z.strictObject({ calls: z.array(z.string()), count: z.number().int() }),
  features: ZTypeHeadFeatures,
  types: ZTypes,
});
export type TypeHeadBody = z.infer<typeof ZTypeHeadBody>;

const VERSION = /^type-head@(\d+)\+([0-9a-f]{12})$/;

export const ZTypeHeadModel = ZTypeHeadBody.extend({
  version: z.string().regex(VERSION, 'must be type-head@<seq>+<hash12>'),
  figures: ZTypeHeadFigures,
});
export type TypeHeadModel = z.infer<typeof ZTypeHeadModel>;

/** First 12 hex digits of sha256 over the canonical JSON of everything but version and figures. */
export function typeHeadHash(model: TypeHeadBody): string {
  const body: TypeHeadBody = {
    name: model.name,
    trainedOn: model.trainedOn,
    features: model.features,
    types: model.types,
  };
  return createHash('sha256').update(canonicalJson(body)).digest('hex').slice(0, 12);
}

/** The version of a freshly trained body: same sequence number when unchanged, the next when changed. */
export function nextTypeHeadVersion(body: TypeHeadBody, previous: string | undefined): string {
  const hash = typeHeadHash(body);
  const m = previous ? VERSION.exec(previous) : null;
  const seq = !m ? 1 : m[2] === hash ? Number(m[1]) : Number(m[1]) + 1;
  return `${TYPE_HEAD_NAME}@${seq}+${hash}`;
}

/** The model file's text: canonical key order, trailing newline (same model, same bytes). */
export function serializeTypeHead(model: TypeHeadModel): string {
  return `${JSON.stringify(JSON.parse(canonicalJson(model)), null, 1)}\n`;
}
