import { getTableColumns } from 'drizzle-orm';
import { type CallSource, type CallStatus, calls, type IndustrySource } from './schema.js';
import type { Utterance } from './transcript.js';

/** A stored call (without its transcript). */
/** A stored call (without its transcript, search words or stored view). */
export type Call = Omit<
  typeof calls.$inferSelect,
  'viewJson' | 'viewEtag' | 'viewBr' | 'viewGzip' | 'searchText'
>;

/** Every column but the bulky ones, for ordinary reads. */
export const {
  viewJson: _viewJson,
  viewEtag: _viewEtag,
  viewBr: _viewBr,
  viewGzip: _viewGzip,
  searchText: _searchText,
  ...CALL_COLUMNS
} = getTableColumns(calls);

export interface CallWithUtterances extends Call {
  /** `speakerConfidence` only where the speaker was inferred (mono audio). */
  utterances: (Utterance & { speakerConfidence?: number })[];
}

/** An utterance of a transcribed recording, with how sure the speaker attribution is. */
export interface TranscribedUtterance extends Utterance {
  /** Null when the channel map named the speaker. */
  speakerConfidence: number | null;
}

export interface NewCall {
  /** Default: a fresh `call-<16 hex>`. */
  id?: string;
  externalId?: string | null;
  repId: string;
  /** The team the call belongs to; default (undefined): the rep's current team. */
  teamId?: string | null;
  customer?: Record<string, unknown> | null;
  industry: string;
  /** Default `given`; `inferred` with the inference kept beside it. */
  industrySource?: IndustrySource;
  industryInference?: Record<string, unknown> | null;
  occurredAt: Date | string;
  source: CallSource;
  /** sha256 (or similar) of the normalised input: the idempotency key when there is no externalId. */
  inputChecksum: string;
  /** May be empty for audio, filled later with `replaceUtterances`. */
  utterances: readonly Utterance[];
  /** Segmented words of the transcript joined by spaces (keyword search). */
  searchText?: string;
  /**
   * The status it is stored with (default `received`): a transcript that needs nothing more
   * before analysis is stored `queued` (or `needs_industry`) in the same transaction, instead of
   * a second one that moves it there.
   */
  status?: 'received' | 'queued' | 'needs_industry';
}

/** A finding as the analysis produces it: these columns, and every other field kept as evidence. */
export interface FindingInput {
  id: string;
  label: string;
  utteranceId: string;
  span: readonly [number, number];
  rule: string;
  term: string | null;
  lexiconVersion: string;
  confidence: number;
}

/** A finding read back: the columns plus the evidence fields, flattened as they were written. */
export interface StoredFinding extends FindingInput {
  span: [number, number];
  [evidence: string]: unknown;
}

export interface ScoreItemInput {
  id: string;
  dimension: string;
  label: string;
  metric: string;
  source: string;
  value: number | null;
  target: number | null;
  score: number | null;
  weight: number;
  findingIds: readonly string[];
  detail?: Record<string, number> | undefined;
}

export interface StoredScoreItem extends ScoreItemInput {
  findingIds: string[];
}

/** What `replaceAnalysis` stores; a pipeline `CallAnalysis` fits as it is. */
export interface AnalysisRows {
  lexiconVersion: string;
  scorecardVersion: string;
  /** The learned second stage the analysis ran with (absent or null: rules alone). */
  secondStageVersion?: string | null | undefined;
  total: number | null;
  tags: readonly string[];
  metrics: object;
  findings: readonly FindingInput[];
  scoreItems: readonly ScoreItemInput[];
  dimensions: Readonly<Record<string, number | null>>;
  /** Machine findings that accepted corrections removed or changed (stored, not counted). */
  suppressed?: readonly FindingInput[] | undefined;
  /** The machine's own scores when corrections changed them (default: the final ones). */
  machine?: { total: number | null; dimensions: Readonly<Record<string, number | null>> } | undefined;
  /** What this analysis changed against the previous one (a rescore); null on a first analysis. */
  change?: Record<string, unknown> | null | undefined;
  /**
   * The analysis' coaching moments (pipeline/nlp/coaching.ts), stored for the call view. Absent:
   * stored as null, and the first read of the call computes them from its view.
   */
  coaching?: readonly object[] | undefined;
}

export interface StoredAnalysis {
  revision: number;
  lexiconVersion: string | null;
  scorecardVersion: string | null;
  /** The learned second stage the analysis ran with, null without one. */
  secondStageVersion: string | null;
  total: number | null;
  tags: string[];
  metrics: Record<string, unknown> | null;
  findings: StoredFinding[];
  scoreItems: StoredScoreItem[];
  dimensions: Record<string, number | null>;
  /** What the last rescore changed (pipeline/report/score-diff.core.ts ScoreChange), or null. */
  lastChange: Record<string, unknown> | null;
}

export interface RepSummary {
  repId: string;
  calls: number;
  total: number | null;
  dimensions: Record<string, { mean: number | null; calls: number }>;
  metrics: Record<string, number | null>;
}

export type CallSort = 'occurred_at' | 'total';

export interface CallListFilter {
  repId?: string;
  teamId?: string;
  industry?: string;
  status?: CallStatus | readonly CallStatus[];
  /** Calls carrying every one of these tags. */
  tags?: readonly string[];
  /** Keyword search: calls whose transcript holds every one of these (segmented) words. */
  words?: readonly string[];
  /** occurred_at >= from. */
  from?: Date | string;
  /** occurred_at < to. */
  to?: Date | string;
  /** Calls whose dimension score lies in [min, max] (each bound optional; a null score never matches). */
  dimensionScores?: readonly { dimension: string; min?: number; max?: number }[];
  /** Default `occurred_at`; `total` puts unscored calls last. Ties break on id. */
  sort?: CallSort;
  /** Default `desc`. */
  order?: 'asc' | 'desc';
  /** 1-500, default 50. */
  limit?: number;
  /** `nextCursor` of the previous page, with the same sort and order. */
  cursor?: string | null;
}

/** An industry inferred from a call's transcript, as the call stores it. */
export interface InferredIndustry {
  /** The decided industry, or (undecided) the best candidate for now. */
  industry: string;
  decided: boolean;
  /** The inference with its evidence (services/intake/industry-decision.ts inferenceRecord). */
  record: Record<string, unknown>;
}

export interface CallPage {
  items: Call[];
  /** Null on the last page. */
  nextCursor: string | null;
}
