import { OBJECTION_TYPES, type ObjectionType } from '../../lexicons/lexicon.schema.js';
import { AppError, ErrorCode, formatPath } from '../../models/errors.js';
import { TYPE_EVIDENCE } from '../nlp/objection.patterns.js';
import type { BaseSegmenter } from '../nlp/segment.js';
import { cleanText } from './features.js';
import { type TypeHeadModel, typeHeadHash, ZTypeHeadModel } from './type-head.schema.js';

/**
 * The objection-type head: one-vs-rest logistic regressions over the objections of the labelled
 * calls, which choose the type(s) of an objection the rules or the second stage already found. It
 * never adds or removes an objection. Features: character 1-3-grams and jieba words of the
 * customer's utterance, jieba words of the rep's turn before it, and the type words the rules know
 * (TYPE_EVIDENCE) as one feature per type.
 *
 * Not shipped: scripts/eval-types.ts trains it per fold and compares its choice of types with the
 * analysis's (docs/model-card.md, "Objection-type head"); the CV did not show a clear gain.
 */

/** Feature names (`c2:太贵`, `w:预算`, `pw:报价`, `tw:price`) of one objection utterance, sorted, distinct. */
export function typeHeadFeatures(
  text: string,
  previousText: string | undefined,
  cut: BaseSegmenter,
  ngrams: readonly number[] = [1, 2, 3],
): string[] {
  const names = new Set<string>();
  const clean = cleanText(text);
  for (const order of ngrams) {
    for (let k = 0; k + order <= clean.length; k++) names.add(`c${order}:${clean.slice(k, k + order)}`);
  }
  if (clean.length > 0) for (const w of cut(clean)) if (w.length > 0) names.add(`w:${w}`);
  const prev = previousText === undefined ? '' : cleanText(previousText);
  if (prev.length > 0) for (const w of cut(prev)) if (w.length > 0) names.add(`pw:${w}`);
  for (const type of OBJECTION_TYPES) if (TYPE_EVIDENCE[type].test(clean)) names.add(`tw:${type}`);
  return [...names].sort();
}

/** The type head's reading of one objection: probability per type and the chosen types. */
export interface TypeReading {
  readonly probabilities: Readonly<Record<ObjectionType, number>>;
  /** The likeliest type relative to its threshold, then every other type at or over its threshold. */
  readonly types: readonly ObjectionType[];
}

/** One n-gram or word behind a chosen type, for the finding's evidence. */
export interface TypeEvidence {
  readonly text: string;
  readonly weight: number;
}

function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** The type head laid out for scoring: one weight vector (seven types) per feature. */
export class TypeHead {
  readonly version: string;
  private readonly weights = new Map<string, Float64Array>();
  private readonly bias: Float64Array;
  private readonly thresholds: Float64Array;

  constructor(
    readonly model: TypeHeadModel,
    private readonly cut: BaseSegmenter,
  ) {
    this.version = model.version;
    this.bias = Float64Array.from(OBJECTION_TYPES, (t) => model.types[t]!.bias);
    this.thresholds = Float64Array.from(OBJECTION_TYPES, (t) => model.types[t]!.threshold);
    OBJECTION_TYPES.forEach((t, k) => {
      for (const [f, w] of Object.entries(model.types[t]!.weights)) {
        let row = this.weights.get(f);
        if (!row) {
          row = new Float64Array(OBJECTION_TYPES.length);
          this.weights.set(f, row);
        }
        row[k] = w;
      }
    });
  }

  /** Features of an objection utterance as this head reads them. */
  featuresOf(text: string, previousText: string | undefined): string[] {
    return typeHeadFeatures(text, previousText, this.cut, this.model.features.ngrams);
  }

  /** Probabilities and chosen types of the objection in `text` (after the rep's `previousText`). */
  read(text: string, previousText: string | undefined): TypeReading {
    return this.readFeatures(this.featuresOf(text, previousText));
  }

  /** Probabilities and chosen types given the feature names themselves. */
  readFeatures(features: readonly string[]): TypeReading {
    const z = Float64Array.from(this.bias);
    for (const f of features) {
      const row = this.weights.get(f);
      if (row) for (let k = 0; k < z.length; k++) z[k]! += row[k]!;
    }
    const probabilities = {} as Record<ObjectionType, number>;
    OBJECTION_TYPES.forEach((t, k) => {
      probabilities[t] = sigmoid(z[k]!);
    });
    return { probabilities, types: chooseTypes(probabilities, this.thresholds) };
  }

  /** The n-grams and words of the utterance that weighed most towards `type` (positive weights). */
  explain(text: string, previousText: string | undefined, type: ObjectionType, k = 5): TypeEvidence[] {
    const at = OBJECTION_TYPES.indexOf(type);
    const out: TypeEvidence[] = [];
    for (const f of this.featuresOf(text, previousText)) {
      // Evidence a rep can read in the sentence: not the previous turn, not single characters.
      if (!/^(?:c2|c3|w):/.test(f)) continue;
      const w = this.weights.get(f)?.[at] ?? 0;
      const t = f.slice(f.indexOf(':') + 1);
      if (w > 0 && t.length > 1) out.push({ text: t, weight: w });
    }
    out.sort((a, b) => b.weight - a.weight || b.text.length - a.text.length || (a.text < b.text ? -1 : 1));
    const picked: TypeEvidence[] = [];
    for (const e of out) {
      if (picked.some((p) => p.text === e.text)) continue;
      picked.push({ text: e.text, weight: Math.round(e.weight * 1000) / 1000 });
      if (picked.length === k) break;
    }
    return picked;
  }
}

/**
 * Parses a type head document: schema, version format and content hash. Throws `AppError` naming
 * `file` and the first problems.
 */
export function parseTypeHead(text: string, file: string): TypeHeadModel {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new AppError(ErrorCode.InvalidInput, `invalid type head ${file}: ${(err as Error).message}`, {
      file,
    });
  }
  const r = ZTypeHeadModel.safeParse(data);
  if (!r.success) {
    const msg = r.error.issues
      .slice(0, 10)
      .map((i) => `${formatPath(i.path)}: ${i.message}`)
      .join('; ');
    throw new AppError(ErrorCode.InvalidInput, `invalid type head ${file}: ${msg}`, { file });
  }
  const hash = typeHeadHash(r.data);
  if (!r.data.version.endsWith(`+${hash}`)) {
    throw new AppError(
      ErrorCode.InvalidInput,
      `invalid type head ${file}: version ${r.data.version} does not match its content (hash ${hash}); retrain with npm run train`,
      { file },
    );
  }
  return r.data;
}

/**
 * The likeliest type relative to its threshold (every objection has a type), then the other types
 * at or over their thresholds, in OBJECTION_TYPES order.
 */
export function chooseTypes(
  probabilities: Readonly<Record<ObjectionType, number>>,
  thresholds: ArrayLike<number>,
): ObjectionType[] {
  let best = 0;
  OBJECTION_TYPES.forEach((t, k) => {
    const b = OBJECTION_TYPES[best]!;
    if (probabilities[t] / thresholds[k]! > probabilities[b] / thresholds[best]!) best = k;
  });
  return OBJECTION_TYPES.filter((t, k) => k === best || probabilities[t] >= thresholds[k]!);
}
