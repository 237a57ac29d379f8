import type { LabelledCall } from '../eval/run-eval.js';
import type { BaseSegmenter } from '../nlp/segment.js';
import { ASR_LIKE_SUFFIX, withAsrLikeCopies } from './augment.js';
import {
  type CleanedUtterance,
  cleanUtterance,
  DEFAULT_FEATURE_CONFIG,
  type FeatureConfig,
  featuresOfCleaned,
  previousIndexAfter,
  type Role,
  replyFeaturesOfCleaned,
  replyIndexAfter,
  usesReply,
  usesWords,
} from './features.js';
import { JOIN_THRESHOLDS, type JoinThresholds } from './join.js';
import { isPositive, LEARNED_LABELS, type LearnedLabel } from './labels.js';
import { fitLogistic, predictRows, type SparseRows } from './logistic.core.js';
import {
  type Counts,
  type Figures,
  type LabelModel,
  MODEL_NAME,
  type SecondStageBody,
} from './model.schema.js';

/** One utterance turned into features, with what the gold says about it. */
export interface TrainingExample {
  readonly call: string;
  /** Cross-validation group: the call's industry. */
  readonly group: string;
  readonly speaker: Role;
  readonly features: readonly string[];
  /** Features of the reply (features.ts visitReplyFeatures), when the config reads it. */
  readonly replyFeatures?: readonly string[];
  readonly labels: readonly string[];
  /** True for an utterance of an ASR-like copy (augment.ts), absent for a call as written. */
  readonly asrLike?: true;
}

export interface TrainOptions {
  readonly config: FeatureConfig;
  /** Name of the segmenter behind `words` (recorded in the model), null without words. */
  readonly segmenter: string | null;
  readonly minDocumentFrequency: number;
  readonly pruneBelow: number;
  readonly decimals: number;
  /** Candidate L2 weights, tried from the largest down (each fit starts from the previous one). */
  readonly l2Grid: readonly number[];
  /** Candidate positive-class weights: 1, or the square root of negatives per positive. */
  readonly positiveWeights: readonly ('none' | 'sqrt')[];
  /** Number of cross-validation folds; industries are dealt to folds in sorted order. */
  readonly folds: number;
  readonly maxIterations: number;
  readonly tolerance: number;
  /** Join thresholds written into the labels that have one (calibrated apart: see join.ts). */
  readonly join: Readonly<Partial<Record<string, JoinThresholds>>>;
  /** ASR-like copies of every training call added to the examples (augment.ts); 0 for none. */
  readonly asrLikeCopies: number;
  /**
   * The labels trained on the copies too; absent for every label. The others are trained on the
   * calls as written only (their vocabulary, folds and weights as without copies).
   */
  readonly asrLikeCopiesFor?: readonly LearnedLabel[];
  /**
   * The labels that read the reply features when the config has them; absent for every label. The
   * others are trained exactly as without them.
   */
  readonly replyFor?: readonly LearnedLabel[];
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  // The shipped model also reads the reply (the other speaker's next turn) as bigrams, for the
  // customer labels only (replyFor below): docs/measurements.md, 2026-12-07 afternoon, "the second
  // stage reads the reply turn", and the lead's honest run after it.
  config: { ...DEFAULT_FEATURE_CONFIG, nextBigrams: true },
  segmenter: 'jieba',
  minDocumentFrequency: 2,
  // Cross-validated F1 is the same with weights under 0.01 dropped, and the file half the size.
  pruneBelow: 0.01,
  decimals: 5,
  l2Grid: [8, 2, 0.5],
  positiveWeights: ['none', 'sqrt'],
  folds: 7,
  maxIterations: 200,
  tolerance: 1e-3,
  join: JOIN_THRESHOLDS,
  // Off: copies for need.implicit alone gained noisy F1 everywhere but cost 0.006 punctuated F1 on
  // one honest set and ≈ 1.5× inference time (docs/measurements.md, 2026-12-07, "ASR-like training
  // copies for implicit needs only"). Try with { asrLikeCopies: 1, asrLikeCopiesFor: ['need.implicit'] }.
  asrLikeCopies: 0,
  // The customer labels read the reply; next_step (a rep label) does not.
  replyFor: LEARNED_LABELS.filter((l) => l.speaker === 'customer').map((l) => l.label),
};

/**
 * Turns labelled calls into one example per utterance. `cut` segments words when the config uses
 * them; every utterance is cleaned and cut once.
 */
export function examplesOf(
  calls: readonly LabelledCall[],
  config: FeatureConfig,
  cut?: BaseSegmenter,
): TrainingExample[] {
  const out: TrainingExample[] = [];
  for (const call of calls) {
    const asrLike = call.name.includes(ASR_LIKE_SUFFIX) ? (true as const) : undefined;
    const us = call.transcript.utterances;
    const cleaned: CleanedUtterance[] = us.map((u) => cleanUtterance(u.text, config, cut));
    // Both neighbours found while walking in order: linear for a call that is one monologue.
    let j = -1;
    let r = -1;
    for (let i = 0; i < us.length; i++) {
      const u = us[i]!;
      j = previousIndexAfter(us, i, j);
      r = usesReply(config) ? replyIndexAfter(us, i, r) : -1;
      out.push({
        call: call.name,
        group: call.transcript.industry,
        speaker: u.speaker,
        features: featuresOfCleaned(cleaned[i]!, j >= 0 ? cleaned[j] : undefined, config),
        ...(usesReply(config)
          ? { replyFeatures: replyFeaturesOfCleaned(r >= 0 ? cleaned[r] : undefined, config) }
          : {}),
        labels: call.gold.utterances[u.id] ?? [],
        ...(asrLike ? { asrLike } : {}),
      });
    }
  }
  return out;
}

/**
 * The examples `options` trains on: every call's utterances, then those of its ASR-like copies
 * when `options.asrLikeCopies` asks for them (same industry, so cross-validation keeps a call and
 * its copies in one fold).
 */
export function trainingExamplesOf(
  calls: readonly LabelledCall[],
  options: Pick<TrainOptions, 'config' | 'asrLikeCopies'>,
  cut?: BaseSegmenter,
): TrainingExample[] {
  const all = options.asrLikeCopies > 0 ? withAsrLikeCopies(calls, options.asrLikeCopies) : calls;
  return examplesOf(all, options.config, cut);
}

/** Precision, recall and F1 from counts (0 when undefined). */
export function countsOf(gold: number, predicted: number, correct: number): Counts {
  const precision = predicted === 0 ? 0 : correct / predicted;
  const recall = gold === 0 ? 0 : correct / gold;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return {
    precision: round(precision, 4),
    recall: round(recall, 4),
    f1: round(f1, 4),
    gold,
    predicted,
    correct,
  };
}

function round(x: number, decimals: number): number {
  const f = 10 ** decimals;
  const r = Math.round(x * f) / f;
  return r === 0 ? 0 : r; // no -0 in the file
}

interface RoleMatrix {
  readonly vocabulary: readonly string[];
  readonly x: SparseRows;
  readonly examples: readonly TrainingExample[];
}

/** True when `label` is trained on the ASR-like copies as well as on the calls as written. */
export function trainsOnCopies(
  label: string,
  options: Pick<TrainOptions, 'asrLikeCopies' | 'asrLikeCopiesFor'>,
) {
  if (options.asrLikeCopies === 0) return false;
  return options.asrLikeCopiesFor === undefined || options.asrLikeCopiesFor.some((l) => l === label);
}

/** True when `label` reads the reply features (the config has them and `replyFor` names it or is absent). */
export function readsReply(label: string, options: Pick<TrainOptions, 'config' | 'replyFor'>): boolean {
  if (!usesReply(options.config)) return false;
  return options.replyFor === undefined || options.replyFor.some((l) => l === label);
}

/**
 * The sparse matrix of one speaker's examples over features seen in ≥ minDf of them; with
 * `reply`, the reply features are features too.
 */
function roleMatrix(examples: readonly TrainingExample[], minDf: number, reply: boolean): RoleMatrix {
  const featuresOf = (e: TrainingExample): readonly string[] =>
    reply && e.replyFeatures ? [...e.features, ...e.replyFeatures] : e.features;
  const df = new Map<string, number>();
  for (const e of examples) for (const f of featuresOf(e)) df.set(f, (df.get(f) ?? 0) + 1);
  const vocabulary = [...df]
    .filter(([, n]) => n >= minDf)
    .map(([f]) => f)
    .sort();
  const index = new Map<string, number>();
  vocabulary.forEach((f, k) => {
    index.set(f, k);
  });
  const rowPtr = new Int32Array(examples.length + 1);
  const cols: number[] = [];
  examples.forEach((e, r) => {
    for (const f of featuresOf(e)) {
      const k = index.get(f);
      if (k !== undefined) cols.push(k);
    }
    rowPtr[r + 1] = cols.length;
  });
  return { vocabulary, x: { cols: vocabulary.length, rowPtr, colIdx: Int32Array.from(cols) }, examples };
}

/** Weights as shipped: rounded to `decimals`, those below `pruneBelow` in magnitude dropped. */
function finalizeTheta(theta: Float64Array, options: TrainOptions): Float64Array {
  const out = new Float64Array(theta.length);
  for (let j = 0; j < theta.length; j++) {
    const w = round(theta[j]!, options.decimals);
    out[j] = j === theta.length - 1 || Math.abs(w) >= options.pruneBelow ? w : 0;
  }
  return out;
}

/** Thresholds tried when tuning: 0.05, 0.06, … 0.95. */
const THRESHOLDS = Array.from({ length: 91 }, (_, k) => round(0.05 + k * 0.01, 2));

/**
 * The threshold with the best F1 on out-of-fold probabilities, F1 averaged over the neighbouring
 * thresholds (±0.02) so that one lucky example does not decide; ties go to the one nearer 0.5.
 */
export function tuneThreshold(prob: Float64Array, y: Uint8Array): { threshold: number; f1: number } {
  const f1s = THRESHOLDS.map((t) => {
    let predicted = 0;
    let correct = 0;
    let gold = 0;
    for (let r = 0; r < prob.length; r++) {
      const pos = prob[r]! >= t;
      if (pos) predicted++;
      if (y[r] === 1) {
        gold++;
        if (pos) correct++;
      }
    }
    return countsOf(gold, predicted, correct).f1;
  });
  let best = 0;
  let bestScore = -1;
  for (let k = 0; k < THRESHOLDS.length; k++) {
    let sum = 0;
    let n = 0;
    for (let d = -2; d <= 2; d++) {
      const v = f1s[k + d];
      if (v !== undefined) {
        sum += v;
        n++;
      }
    }
    const score = sum / n;
    const nearer = Math.abs(THRESHOLDS[k]! - 0.5) < Math.abs(THRESHOLDS[best]! - 0.5);
    if (score > bestScore + 1e-12 || (Math.abs(score - bestScore) <= 1e-12 && nearer)) {
      best = k;
      bestScore = score;
    }
  }
  return { threshold: THRESHOLDS[best]!, f1: f1s[best]! };
}

function positiveWeightOf(kind: 'none' | 'sqrt', y: Uint8Array, rows: Int32Array): number {
  if (kind === 'none') return 1;
  let pos = 0;
  for (const r of rows) if (y[r] === 1) pos++;
  return pos === 0 ? 1 : Math.sqrt((rows.length - pos) / pos);
}

/** Industries dealt to folds in sorted order: fold of each example. */
function foldsOf(examples: readonly TrainingExample[], folds: number): Int32Array {
  const groups = [...new Set(examples.map((e) => e.group))].sort();
  const foldOfGroup = new Map(groups.map((g, k) => [g, k % folds]));
  return Int32Array.from(examples.map((e) => foldOfGroup.get(e.group)!));
}

interface Tuned {
  l2: number;
  positiveWeight: 'none' | 'sqrt';
  threshold: number;
  outOfFold: Counts;
}

/** Cross-validates every (positive weight, L2) pair and keeps the one with the best F1. */
function tuneLabel(m: RoleMatrix, y: Uint8Array, fold: Int32Array, options: TrainOptions): Tuned {
  const n = m.examples.length;
  const nFolds = Math.max(...fold) + 1;
  const all = Int32Array.from({ length: n }, (_, r) => r);
  const oof = new Map<string, Float64Array>();
  for (const pw of options.positiveWeights) {
    for (const l2 of options.l2Grid) oof.set(`${pw}/${l2}`, new Float64Array(n));
  }
  for (let f = 0; f < nFolds; f++) {
    const train = all.filter((r) => fold[r] !== f);
    const test = all.filter((r) => fold[r] === f);
    if (test.length === 0) continue;
    for (const pw of options.positiveWeights) {
      const positiveWeight = positiveWeightOf(pw, y, train);
      let start: Float64Array | undefined;
      for (const l2 of options.l2Grid) {
        const fit = fitLogistic(m.x, y, train, {
          l2,
          positiveWeight,
          maxIterations: options.maxIterations,
          tolerance: options.tolerance,
          start,
        });
        start = fit.theta;
        // Predict as the shipped model would: rounded and pruned weights.
        const p = predictRows(m.x, test, finalizeTheta(fit.theta, options));
        const target = oof.get(`${pw}/${l2}`)!;
        test.forEach((r, k) => {
          target[r] = p[k]!;
        });
      }
    }
  }
  let best: Tuned | undefined;
  let bestF1 = -1;
  for (const pw of options.positiveWeights) {
    for (const l2 of options.l2Grid) {
      const prob = oof.get(`${pw}/${l2}`)!;
      const { threshold, f1 } = tuneThreshold(prob, y);
      if (f1 > bestF1 + 1e-9) {
        bestF1 = f1;
        let gold = 0;
        let predicted = 0;
        let correct = 0;
        for (let r = 0; r < n; r++) {
          const pos = prob[r]! >= threshold;
          if (pos) predicted++;
          if (y[r] === 1) gold++;
          if (pos && y[r] === 1) correct++;
        }
        best = { l2, positiveWeight: pw, threshold, outOfFold: countsOf(gold, predicted, correct) };
      }
    }
  }
  return best!;
}

/** A trained model without its version, and the figures of its training. */
export interface TrainedSecondStage {
  readonly body: SecondStageBody;
  readonly figures: Figures;
}

/**
 * Trains every label of the second stage. Pure and deterministic: the same examples and options
 * give the same weights, bit for bit. `callNames` is recorded as what the model was trained on.
 */
export function trainSecondStage(
  examples: readonly TrainingExample[],
  callNames: readonly string[],
  options: TrainOptions = DEFAULT_TRAIN_OPTIONS,
): TrainedSecondStage {
  if (options.asrLikeCopiesFor?.length === 0)
    throw new Error('asrLikeCopiesFor names no label: leave it out, or set asrLikeCopies to 0');
  if (options.replyFor?.length === 0) throw new Error('replyFor names no label: leave it out');
  // One matrix per speaker and kind of examples (with or without the ASR-like copies), made when
  // a label needs it: a label trained without copies sees exactly what it would with none at all.
  const matrices = new Map<string, RoleMatrix>();
  const matrixOf = (role: Role, withCopies: boolean, withReply = false): RoleMatrix => {
    const key = `${role}/${withCopies}/${withReply}`;
    let m = matrices.get(key);
    if (!m) {
      const chosen = examples.filter((e) => e.speaker === role && (withCopies || !e.asrLike));
      m = roleMatrix(chosen, options.minDocumentFrequency, withReply);
      matrices.set(key, m);
    }
    return m;
  };
  const widest = (role: Role): RoleMatrix =>
    matrixOf(
      role,
      LEARNED_LABELS.some((l) => l.speaker === role && trainsOnCopies(l.label, options)),
    );
  const labels: Record<string, LabelModel> = {};
  const cv: Figures['crossValidation']['labels'] = {};
  let nonZero = 0;
  for (const { label, speaker } of LEARNED_LABELS) {
    const m = matrixOf(speaker, trainsOnCopies(label, options), readsReply(label, options));
    const y = Uint8Array.from(m.examples.map((e) => (isPositive(e.labels, label) ? 1 : 0)));
    const fold = foldsOf(m.examples, options.folds);
    const tuned = tuneLabel(m, y, fold, options);
    const all = Int32Array.from({ length: m.examples.length }, (_, r) => r);
    const fit = fitLogistic(m.x, y, all, {
      l2: tuned.l2,
      positiveWeight: positiveWeightOf(tuned.positiveWeight, y, all),
      maxIterations: options.maxIterations,
      tolerance: options.tolerance,
    });
    const theta = finalizeTheta(fit.theta, options);
    const weights: Record<string, number> = {};
    m.vocabulary.forEach((f, k) => {
      const w = theta[k]!;
      if (w !== 0) weights[f] = w;
    });
    nonZero += Object.keys(weights).length;
    const join = options.join[label];
    labels[label] = {
      speaker,
      bias: theta[m.x.cols]!,
      threshold: tuned.threshold,
      ...(join ? { join: { add: join.add, veto: join.veto } } : {}),
      weights,
    };
    cv[label] = {
      l2: tuned.l2,
      positiveWeight: round(positiveWeightOf(tuned.positiveWeight, y, all), 4),
      threshold: tuned.threshold,
      outOfFold: tuned.outOfFold,
    };
  }
  const calls = [...callNames].sort();
  const { config } = options;
  return {
    body: {
      name: MODEL_NAME,
      trainedOn: { calls, count: calls.length },
      features: {
        ngrams: [...config.ngrams],
        ...(config.sound && config.sound.length > 0 ? { sound: [...config.sound] } : {}),
        ...(options.asrLikeCopies > 0 ? { asrLikeCopies: options.asrLikeCopies } : {}),
        ...(options.asrLikeCopies > 0 && options.asrLikeCopiesFor
          ? { asrLikeCopiesFor: [...options.asrLikeCopiesFor].sort() }
          : {}),
        boundaryBigrams: config.boundaryBigrams,
        words: config.words,
        previousWords: config.previousWords,
        previousBigrams: config.previousBigrams,
        ...(config.nextBigrams ? { nextBigrams: true } : {}),
        ...(config.nextWords ? { nextWords: true } : {}),
        ...(usesReply(config) && options.replyFor ? { replyFor: [...options.replyFor].sort() } : {}),
        foldDigits: config.foldDigits,
        lengthBuckets: [...config.lengthBuckets],
        fillers: config.fillers,
        leadingFillers: config.leadingFillers,
        segmenter: usesWords(config) ? options.segmenter : null,
        minDocumentFrequency: options.minDocumentFrequency,
        pruneBelow: options.pruneBelow,
        decimals: options.decimals,
      },
      labels,
    },
    figures: {
      utterances: {
        customer: widest('customer').examples.length,
        rep: widest('rep').examples.length,
      },
      vocabulary: { customer: widest('customer').x.cols, rep: widest('rep').x.cols },
      crossValidation: {
        folds: Math.min(options.folds, new Set(examples.map((e) => e.group)).size),
        by: 'industry',
        labels: cv,
      },
      nonZeroWeights: nonZero,
    },
  };
}
