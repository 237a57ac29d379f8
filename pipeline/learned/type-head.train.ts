import { OBJECTION_TYPES, type ObjectionType } from '../../lexicons/lexicon.schema.js';
import type { LabelledCall } from '../eval/run-eval.js';
import type { BaseSegmenter } from '../nlp/segment.js';
import { previousOtherIndex } from './features.js';
import { fitLogistic, predictRows, type SparseRows } from './logistic.core.js';
import { countsOf, tuneThreshold } from './train.core.js';
import { typeHeadFeatures } from './type-head.js';
import {
  nextTypeHeadVersion,
  TYPE_HEAD_NAME,
  type TypeHeadBody,
  type TypeHeadFeatures,
  type TypeHeadFigures,
  type TypeHeadModel,
  type TypeModel,
} from './type-head.schema.js';

/** One customer utterance the gold labels as an objection, with its gold types. */
export interface TypeExample {
  readonly call: string;
  /** Cross-validation group: the call's industry. */
  readonly group: string;
  readonly features: readonly string[];
  readonly types: readonly ObjectionType[];
}

export interface TypeHeadTrainOptions {
  readonly features: TypeHeadFeatures;
  /** Candidate L2 weights, tried from the largest down (each fit starts from the previous one). */
  readonly l2Grid: readonly number[];
  /** Folds of the inner cross-validation that picks L2 and thresholds; industries dealt in sorted order. */
  readonly folds: number;
  readonly maxIterations: number;
  readonly tolerance: number;
}

export const DEFAULT_TYPE_HEAD_OPTIONS: TypeHeadTrainOptions = {
  features: { ngrams: [1, 2, 3], segmenter: 'jieba', minDocumentFrequency: 2, pruneBelow: 0.01, decimals: 5 },
  l2Grid: [4, 1, 0.25],
  folds: 7,
  maxIterations: 200,
  tolerance: 1e-3,
};

/** The gold objections of the calls as examples (utterances without an objection are not read). */
export function typeExamplesOf(
  calls: readonly LabelledCall[],
  cut: BaseSegmenter,
  ngrams: readonly number[] = DEFAULT_TYPE_HEAD_OPTIONS.features.ngrams,
): TypeExample[] {
  const out: TypeExample[] = [];
  for (const call of calls) {
    const us = call.transcript.utterances;
    us.forEach((u, i) => {
      const types = OBJECTION_TYPES.filter((t) =>
        (call.gold.utterances[u.id] ?? []).includes(`objection.${t}`),
      );
      if (types.length === 0 || u.speaker !== 'customer') return;
      const j = previousOtherIndex(us, i);
      out.push({
        call: call.name,
        group: call.transcript.industry,
        features: typeHeadFeatures(u.text, j >= 0 ? us[j]!.text : undefined, cut, ngrams),
        types,
      });
    });
  }
  return out;
}

function round(x: number, decimals: number): number {
  const f = 10 ** decimals;
  const r = Math.round(x * f) / f;
  return r === 0 ? 0 : r;
}

function matrixOf(examples: readonly TypeExample[], minDf: number): { vocabulary: string[]; x: SparseRows } {
  const df = new Map<string, number>();
  for (const e of examples) for (const f of e.features) df.set(f, (df.get(f) ?? 0) + 1);
  const vocabulary = [...df]
    .filter(([, n]) => n >= minDf)
    .map(([f]) => f)
    .sort();
  const index = new Map(vocabulary.map((f, k) => [f, k]));
  const rowPtr = new Int32Array(examples.length + 1);
  const cols: number[] = [];
  examples.forEach((e, r) => {
    for (const f of e.features) {
      const k = index.get(f);
      if (k !== undefined) cols.push(k);
    }
    rowPtr[r + 1] = cols.length;
  });
  return { vocabulary, x: { cols: vocabulary.length, rowPtr, colIdx: Int32Array.from(cols) } };
}

function finalize(theta: Float64Array, f: TypeHeadFeatures): Float64Array {
  const out = new Float64Array(theta.length);
  for (let j = 0; j < theta.length; j++) {
    const w = round(theta[j]!, f.decimals);
    out[j] = j === theta.length - 1 || Math.abs(w) >= f.pruneBelow ? w : 0;
  }
  return out;
}

/** A trained type head without its version. */
export interface TrainedTypeHead {
  readonly body: TypeHeadBody;
  readonly figures: TypeHeadFigures;
}

/**
 * Trains one logistic regression per objection type over the gold objections (one-vs-rest).
 * L2 and each type's threshold are chosen by industry-grouped cross-validation inside the
 * examples (F1 of the type, out of fold). Pure and deterministic.
 */
export function trainTypeHead(
  examples: readonly TypeExample[],
  callNames: readonly string[],
  options: TypeHeadTrainOptions = DEFAULT_TYPE_HEAD_OPTIONS,
): TrainedTypeHead {
  if (examples.length === 0) throw new Error('no objections to train the type head on');
  const { vocabulary, x } = matrixOf(examples, options.features.minDocumentFrequency);
  const groups = [...new Set(examples.map((e) => e.group))].sort();
  const foldOfGroup = new Map(groups.map((g, k) => [g, k % options.folds]));
  const fold = examples.map((e) => foldOfGroup.get(e.group)!);
  const nFolds = Math.min(options.folds, groups.length);
  const all = Int32Array.from(examples.keys());
  const fitType = (y: Uint8Array, rows: Int32Array, l2: number, start?: Float64Array) =>
    fitLogistic(x, y, rows, {
      l2,
      positiveWeight: 1,
      maxIterations: options.maxIterations,
      tolerance: options.tolerance,
      ...(start ? { start } : {}),
    }).theta;
  const types = {} as Record<ObjectionType, TypeModel>;
  const figures: TypeHeadFigures['types'] = {};
  let nonZero = 0;
  for (const type of OBJECTION_TYPES) {
    const y = Uint8Array.from(examples, (e) => (e.types.includes(type) ? 1 : 0));
    const oof = options.l2Grid.map(() => new Float64Array(examples.length));
    for (let f = 0; f < nFolds; f++) {
      const train = all.filter((r) => fold[r] !== f);
      const test = all.filter((r) => fold[r] === f);
      if (test.length === 0) continue;
      let start: Float64Array | undefined;
      options.l2Grid.forEach((l2, g) => {
        start = fitType(y, train, l2, start);
        const p = predictRows(x, test, finalize(start, options.features));
        test.forEach((r, k) => {
          oof[g]![r] = p[k]!;
        });
      });
    }
    let best = 0;
    let bestTuned = tuneThreshold(oof[0]!, y);
    for (let g = 1; g < options.l2Grid.length; g++) {
      const tuned = tuneThreshold(oof[g]!, y);
      if (tuned.f1 > bestTuned.f1 + 1e-9) {
        best = g;
        bestTuned = tuned;
      }
    }
    const l2 = options.l2Grid[best]!;
    const theta = finalize(fitType(y, all, l2), options.features);
    const weights: Record<string, number> = {};
    vocabulary.forEach((f, k) => {
      if (theta[k] !== 0) weights[f] = theta[k]!;
    });
    nonZero += Object.keys(weights).length;
    types[type] = { bias: theta[x.cols]!, threshold: bestTuned.threshold, weights };
    let predicted = 0;
    let correct = 0;
    let gold = 0;
    oof[best]!.forEach((p, r) => {
      const pos = p >= bestTuned.threshold;
      if (pos) predicted++;
      if (y[r] === 1) gold++;
      if (pos && y[r] === 1) correct++;
    });
    const c = countsOf(gold, predicted, correct);
    figures[type] = {
      l2,
      threshold: bestTuned.threshold,
      gold,
      precision: c.precision,
      recall: c.recall,
      f1: c.f1,
    };
  }
  const calls = [...callNames].sort();
  return {
    body: {
      name: TYPE_HEAD_NAME,
      trainedOn: { calls, count: calls.length },
      features: { ...options.features, ngrams: [...options.features.ngrams] },
      types,
    },
    figures: {
      objections: examples.length,
      vocabulary: vocabulary.length,
      folds: nFolds,
      types: figures,
      nonZeroWeights: nonZero,
    },
  };
}

/** A trained type head versioned after `previous` (a version id, or undefined for the first). */
export function versionedTypeHead(trained: TrainedTypeHead, previous: string | undefined): TypeHeadModel {
  return { ...trained.body, version: nextTypeHeadVersion(trained.body, previous), figures: trained.figures };
}
