import type { LexiconDocument } from '../../lexicons/lexicon.schema.js';
import type { Scorecard } from '../../lexicons/scorecard.schema.js';
import type { AppliedCorrection } from '../../models/appeal.js';
import type { Transcript } from '../../models/transcript.js';
import type { IntakeText, IntakeTextInput } from '../intake/intake-text.core.js';
import type { SecondStageModel as SecondStageDocument } from '../learned/model.schema.js';
import type { CallAnalysis } from '../nlp/analyze.core.js';

/**
 * The messages between the API's event loop and an analysis thread. The thread holds no database
 * and no registry of its own: each request names the lexicon, scorecard and second-stage
 * versions to use by key, and carries their documents only when this thread has not been sent
 * them yet (or has evicted them and asked again). Published versions therefore reach the thread
 * with the first analysis that needs them: hot reload needs no message of its own.
 */

/** What a thread is started with (workerData). */
export interface AnalysisThreadInit {
  /** The base lexicon every industry overlay compiles against (the main registry's, as it is). */
  readonly base: LexiconDocument;
  /**
   * The folder of derived-data caches (pinyin tables, normalisation tables) the main thread uses
   * (CACHE_DIR): a thread reads them instead of building them again. Absent: none.
   */
  readonly cacheDir?: string;
}

/** The lexicon of a request: an industry overlay and its version's sequence. */
export interface LexiconSource {
  readonly overlay: LexiconDocument;
  readonly sequence: number;
}

/**
 * A second stage as a thread receives it: the model document (a version published from appeals),
 * or the model file the main thread loaded at start (SECOND_STAGE_MODEL or the shipped one), which
 * the thread loads itself the same way, through the compiled-model cache when CACHE_DIR has one. A
 * file-backed model then never holds its parsed document in either thread (~7 MB of heap each with
 * the shipped model, issue 16). `version` is the main thread's: a file changed since then is an
 * error (restart to load the new model), as reading the main thread's document again would be.
 */
export type SecondStageSource = SecondStageDocument | SecondStageFile;

export interface SecondStageFile {
  readonly file: string;
  readonly version: string;
}

/** A version a thread caches by `key`; `doc` travels only when the thread may not hold it. */
export interface VersionRef<T> {
  readonly key: string;
  readonly doc?: T;
}

export interface AnalysisRequest {
  readonly id: number;
  readonly transcript: Transcript;
  readonly callId: string;
  readonly corrections?: readonly AppliedCorrection[];
  readonly lexicon: VersionRef<LexiconSource>;
  readonly scorecard: VersionRef<Scorecard>;
  /** null: the rules decide alone. */
  readonly secondStage: VersionRef<SecondStageSource> | null;
}

/**
 * Masking and search words of a submitted call's texts (intake): a 20,000-utterance call would
 * otherwise hold the event loop for seconds. Needs no version: masking and jieba are the same
 * in every thread.
 */
export interface IntakeTextRequest {
  readonly id: number;
  readonly kind: 'intake-text';
  readonly input: IntakeTextInput;
}

/** What the pool sends a thread. */
export type ThreadRequest = AnalysisRequest | IntakeTextRequest;

/** An error as it crosses the thread boundary (an AppError keeps its code and details). */
export interface ThreadError {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  readonly details?: Record<string, unknown>;
}

export type AnalysisReply =
  | { readonly id: number; readonly ok: true; readonly analysis: CallAnalysis; readonly ms: number }
  /** The thread no longer holds these versions (evicted): send the request again with them. */
  | { readonly id: number; readonly ok: false; readonly missing: readonly string[] }
  | { readonly id: number; readonly ok: false; readonly error: ThreadError };

export type IntakeTextReply =
  | { readonly id: number; readonly ok: true; readonly intake: IntakeText; readonly ms: number }
  | { readonly id: number; readonly ok: false; readonly error: ThreadError };

/** What a thread answers, in the order of its requests. */
export type ThreadReply = AnalysisReply | IntakeTextReply;
