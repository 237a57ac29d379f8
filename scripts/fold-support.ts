// Industry-grouped folds, the cache key of fold models and the cached fold model, shared by the cross-validation scripts
// (scripts/eval-types.ts, scripts/calibrate-join.ts).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LabelledCall } from '../pipeline/eval/run-eval.js';
import { LEARNED_LABELS, type LearnedLabel } from '../pipeline/learned/labels.js';
import { type SecondStageModel, serializeModel, versionedModel } from '../pipeline/learned/model.schema.js';
import { SecondStage } from '../pipeline/learned/second-stage.js';
import { type TrainOptions, trainingExamplesOf, trainSecondStage } from '../pipeline/learned/train.core.js';
import type { BaseSegmenter } from '../pipeline/nlp/segment.js';

interface FoldCall {
  readonly name: string;
  readonly gold: unknown;
  readonly transcript: { readonly industry: string; readonly utterances: unknown };
}

/** The calls' industries, sorted, and each industry's fold (industry i goes to fold i mod `folds`). */
export function industryFolds(
  calls: readonly FoldCall[],
  folds: number,
): { industries: string[]; foldOf: Map<string, number> } {
  const industries = [...new Set(calls.map((c) => c.transcript.industry))].sort();
  return { industries, foldOf: new Map(industries.map((ind, i) => [ind, i % folds])) };
}

/**
 * A 12-hex key for fold models: the learned stage's training code, then `extra` (e.g. options),
 * then every call's name, gold and utterances. A change to any of them trains the folds again.
 */
export function foldModelKey(root: string, calls: readonly FoldCall[], ...extra: unknown[]): string {
  const trainingCode = ['features.ts', 'train.core.ts', 'logistic.core.ts', 'labels.ts', 'augment.ts']
    .map((f) => readFileSync(join(root, 'pipeline', 'learned', f), 'utf8'))
    .join('\n');
  const hash = createHash('sha256').update(trainingCode);
  for (const e of extra) hash.update(JSON.stringify(e));
  return hash
    .update(JSON.stringify(calls.map((c) => [c.name, c.gold, c.transcript.utterances])))
    .digest('hex')
    .slice(0, 12);
}

/**
 * A fold's second stage, trained as `npm run train` does on `train` and cached in `file` (read
 * back unless `retrain`); logs `label` with the training time when it trains.
 */
export function cachedFoldModel(
  file: string,
  train: readonly LabelledCall[],
  options: TrainOptions,
  cut: BaseSegmenter | undefined,
  retrain: boolean,
  label: string,
): SecondStage {
  const make = (m: SecondStageModel) => new SecondStage(m, cut ? { cut } : {});
  if (!retrain && existsSync(file)) return make(JSON.parse(readFileSync(file, 'utf8')) as SecondStageModel);
  const t0 = performance.now();
  const trained = trainSecondStage(
    trainingExamplesOf(train, options, cut),
    train.map((c) => c.name),
    options,
  );
  const model = versionedModel(trained, undefined);
  writeFileSync(file, serializeModel(model));
  console.log(
    `  ${label}: trained on ${train.length} calls in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  return make(model);
}

/** What `--reply` may say: the shipped reply (absent), none, or the reply's bigrams, words or both. */
const REPLY_ARGS = ['off', 'bigrams', 'words', 'both'] as const;

/**
 * The reply the experiment scripts' models read, from `--reply off|bigrams|words|both` and
 * `--reply-for label,…` (features.ts visitReplyFeatures, TrainOptions.replyFor). Without `--reply`
 * the options are returned as given (the shipped model reads the reply's bigrams for the customer
 * labels); with it, the given reply is replaced, read by the `--reply-for` labels or by all.
 */
export function withReplyArgs(options: TrainOptions, args: readonly string[]): TrainOptions {
  const argOf = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const reply = argOf('--reply');
  const replyFor = argOf('--reply-for')?.split(',') as LearnedLabel[] | undefined;
  if (replyFor?.some((l) => !LEARNED_LABELS.some((x) => x.label === l)))
    throw new Error(`--reply-for takes labels among ${LEARNED_LABELS.map((x) => x.label).join(', ')}`);
  if (reply === undefined) {
    if (replyFor) throw new Error('--reply-for needs --reply');
    return options;
  }
  if (!(REPLY_ARGS as readonly string[]).includes(reply))
    throw new Error(`--reply takes ${REPLY_ARGS.join(', ')}`);
  const { nextBigrams: _bigrams, nextWords: _words, ...plain } = options.config;
  const { replyFor: _shipped, ...rest } = options;
  if (reply === 'off') return { ...rest, config: plain };
  return {
    ...rest,
    config: { ...plain, nextBigrams: reply !== 'words', nextWords: reply !== 'bigrams' },
    ...(replyFor ? { replyFor } : {}),
  };
}

/** How a script names the reply its models read, for its report. */
export function replyNote(options: TrainOptions): string {
  const { nextBigrams, nextWords } = options.config;
  if (!nextBigrams && !nextWords) return 'off';
  const what = nextBigrams && nextWords ? 'both' : nextBigrams ? 'bigrams' : 'words';
  return `${what}${options.replyFor ? ` for ${options.replyFor.join(',')}` : ''}`;
}
