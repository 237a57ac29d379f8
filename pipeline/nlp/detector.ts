import type { CompiledLexicon } from '../../lexicons/lexicon.compile.js';
import type { Scorecard } from '../../lexicons/scorecard.schema.js';
import type { AppliedCorrection } from '../../models/appeal.js';
import type { NextStepMatch, ObjectionMatch } from './matches.js';
import type { PreparedUtterance } from './prepare.js';
import type { BaseSegmenter } from './segment.js';
import type { DistributiveOmit, Finding, FindingBase, Label } from './types.js';

/** Similarity used for restatement accuracy: lexical content-word F1, or an embedding model. */
export interface SimilarityMeasure {
  readonly measure: 'lexical' | 'embedding';
  /** A restatement is accurate at or above this similarity. */
  readonly threshold: number;
  /** Required for `embedding`: similarity of two texts (synchronous; see analyze.service.ts). */
  readonly between?: (a: string, b: string) => number;
  readonly model?: string;
}

export const LEXICAL_SIMILARITY: SimilarityMeasure = { measure: 'lexical', threshold: 0.5 };

/** What the learned second stage offers the analysis (implemented in pipeline/learned). */
export interface SecondStageModel {
  readonly version: string;
  /** Probability of each of the model's labels, per utterance of the call. */
  predictCall(
    utterances: readonly { speaker: 'rep' | 'customer'; text: string }[],
  ): readonly Readonly<Record<string, number>>[];
  /** Decision threshold of a label. */
  thresholdOf(label: string): number;
  /**
   * Thresholds of the join with the rules, when calibrated for a label (objection, needs, next
   * step): the model adds a finding where no rule fired at `add` and over, and vetoes a general
   * marker's finding under `veto`. Without them the join uses the threshold (second-stage.ts).
   */
  joinOf?(label: string): { readonly add: number; readonly veto: number } | undefined;
  /**
   * The n-grams of utterance `i` that weighed most towards `label`; `fromReply` when read from the
   * other speaker's next turn.
   */
  explain(
    utterances: readonly { speaker: 'rep' | 'customer'; text: string }[],
    i: number,
    label: string,
    k?: number,
  ): readonly { text: string; weight: number; fromReply?: true }[];
}

export interface AnalyzeDeps {
  lexicon: CompiledLexicon;
  scorecard: Scorecard;
  cut: BaseSegmenter;
  stopwords: ReadonlySet<string>;
  similarity?: SimilarityMeasure;
  /** Corrections from accepted appeals, applied on top of the machine result. */
  corrections?: readonly AppliedCorrection[];
  /** The learned second stage; without it the rules decide alone. */
  secondStage?: SecondStageModel;
}

/** Facts a detector publishes for the detectors after it (the registry order guarantees them). */
export interface CallFacts {
  /** Question findings per utterance. */
  questions: Map<string, Finding[]>;
  opening?: Finding;
  /** Next-step matches per rep utterance (objection resolution reads them). */
  nextSteps: Map<string, NextStepMatch>;
  /** Objection matches per customer utterance. */
  objections: Map<string, ObjectionMatch[]>;
  /** Restatement per rep utterance. */
  restatements: Map<string, { finding: Finding; refersTo: string; accurate: boolean }>;
  /** The learned second stage's probabilities per utterance index (absent without a model). */
  predictions?: readonly Readonly<Record<string, number>>[];
}

export type NewFinding = DistributiveOmit<Finding, 'id' | 'lexiconVersion'>;

/** Everything a detector may read, and the one way it adds a finding. */
export interface CallContext {
  readonly callId: string;
  readonly lexiconVersion: string;
  readonly us: readonly PreparedUtterance[];
  readonly deps: AnalyzeDeps;
  readonly similarity: SimilarityMeasure;
  readonly facts: CallFacts;
  /** Findings so far (detection order; sorted at the end of the analysis). */
  readonly findings: Finding[];
  add(f: NewFinding): Finding;
}

/**
 * One detector: its labels, what it reads from and writes to the call's facts, how it detects,
 * and how an accepted appeal that adds one of its labels becomes a full finding.
 */
export interface Detector<L extends Label = Label> {
  readonly id: string;
  readonly labels: readonly L[];
  readonly reads: readonly (keyof CallFacts)[];
  readonly writes: readonly (keyof CallFacts)[];
  detect(ctx: CallContext): void;
  /**
   * The finding an accepted appeal adds (`base` holds id, span, rule `appeal` and the quoted words);
   * null when the appeal no longer fits the transcript. Required for labels whose findings carry
   * more than the base fields; without it `base` is the finding as it is.
   */
  fromAppeal?(ctx: CallContext, u: PreparedUtterance, base: FindingBase & { label: L }): Finding | null;
}
