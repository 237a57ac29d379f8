import type { LabelledCall } from '../eval/run-eval.js';
import type { BaseSegmenter } from '../nlp/segment.js';
import { appealExampleName, appealExamplesOf, type CorrectedCall } from './appeal-examples.js';
import { usesWords } from './features.js';
import { type GuardReport, guardCandidate } from './guard.core.js';
import { type SecondStageModel, versionedModel } from './model.schema.js';
import { SecondStage } from './second-stage.js';
import {
  DEFAULT_TRAIN_OPTIONS,
  type TrainOptions,
  trainingExamplesOf,
  trainSecondStage,
} from './train.core.js';

/** How many times an accepted appeal's utterance counts against one shipped utterance. */
export const DEFAULT_APPEAL_REPEAT = 3;

export interface RetrainInput {
  /** The shipped labelled calls the model learns from (set-aside calls already left out). */
  readonly training: readonly LabelledCall[];
  /** Every shipped labelled call the guard measures on (set-aside calls included). */
  readonly guardCalls: readonly LabelledCall[];
  readonly corrected: readonly CorrectedCall[];
  /** The model in force: the guard's reference, and the sequence the new version follows. */
  readonly current: SecondStageModel;
  readonly repeat?: number;
  readonly options?: TrainOptions;
  readonly cut?: BaseSegmenter;
}

export interface RetrainResult {
  readonly model: SecondStageModel;
  /** Appeals whose corrections became examples, sorted. */
  readonly appeals: readonly string[];
  /** Examples from appeals (repeats counted once). */
  readonly appealUtterances: number;
  readonly guard: GuardReport;
  readonly elapsedMs: number;
}

/**
 * Retrains the second stage from the shipped calls plus accepted corrections and measures the
 * candidate against the model in force. Deterministic: the same calls, corrections and options
 * give the same model, bit for bit.
 */
export function retrainWithAppeals(input: RetrainInput): RetrainResult {
  const started = performance.now();
  const options = input.options ?? DEFAULT_TRAIN_OPTIONS;
  const repeat = input.repeat ?? DEFAULT_APPEAL_REPEAT;
  const cut = usesWords(options.config) ? input.cut : undefined;
  if (usesWords(options.config) && !cut)
    throw new Error('this feature configuration reads words: pass a segmenter');
  // Calls in a fixed order whatever order the database returned them in.
  const corrected = [...input.corrected].sort((a, b) =>
    a.callId < b.callId ? -1 : a.callId > b.callId ? 1 : 0,
  );
  const fromAppeals = appealExamplesOf(corrected, options.config, repeat, cut);
  const appeals = [...new Set(fromAppeals.map((e) => e.call))].sort();
  const examples = [...trainingExamplesOf(input.training, options, cut), ...fromAppeals];
  const trained = trainSecondStage(examples, [...input.training.map((c) => c.name), ...appeals], options);
  const model = versionedModel(trained, input.current);
  const guard = guardCandidate(new SecondStage(input.current), new SecondStage(model), input.guardCalls);
  return {
    model,
    appeals: appeals.map((a) => a.slice(appealExampleName('').length)),
    appealUtterances: fromAppeals.length / repeat,
    guard,
    elapsedMs: Math.round(performance.now() - started),
  };
}
