import { randomBytes } from 'node:crypto';
import {
  and,
  arrayContains,
  asc,
  desc,
  eq,
  exists,
  getTableColumns,
  getTableName,
  gt,
  gte,
  inArray,
  isNotNull,
  isNull,
  lt,
  lte,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import type { Db } from './db.js';
import { AppError, ErrorCode } from './errors.js';
import {
  CALL_STATUSES,
  type CallAudio,
  type CallSource,
  type CallStatus,
  calls,
  dimensionScores,
  findings,
  type IndustrySource,
  scoreItems,
  users,
  utterances,
} from './schema.js';
import type { Speaker, Utterance } from './transcript.js';

/** A stored call (without its transcript). */
/** A stored call (without its transcript, search words or stored view). */
export type Call = Omit<typeof calls.$inferSelect, 'viewJson' | 'searchText'>;

/** Every column but the bulky ones, for ordinary reads. */
const { viewJson: _viewJson, searchText: _searchText, ...CALL_COLUMNS } = getTableColumns(calls);

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

/**
 * The call status machine. Any stage may fail the call; a failed call may be retried; a scored
 * call may be rescored. Leaving a terminal state (scored → rescoring, failed → queued) starts a
 * new processing generation: `revision` + 1, so job ids that carry it never collide.
 */
export const CALL_TRANSITIONS: Readonly<Record<CallStatus, readonly CallStatus[]>> = {
  received: ['needs_industry', 'queued', 'failed'],
  // 待确认行业: waits for a person to pick the industry, then goes on as a new call would.
  needs_industry: ['queued', 'failed'],
  queued: ['transcribing', 'failed'],
  // A recording without an industry whose transcript cannot place it waits as 待确认行业 too.
  transcribing: ['analyzing', 'needs_industry', 'failed'],
  analyzing: ['scored', 'failed'],
  scored: ['rescoring'],
  rescoring: ['scored', 'failed'],
  failed: ['queued'],
};

/** Statuses from which the workers must still move a call on (re-enqueued at start). */
export const UNFINISHED_STATUSES: readonly CallStatus[] = CALL_STATUSES.filter(
  (s) => s !== 'scored' && s !== 'failed' && s !== 'needs_industry',
);

/** Statuses in which an analysis may be stored. */
const ANALYSABLE: readonly CallStatus[] = ['analyzing', 'rescoring', 'scored'];

export function canTransition(from: CallStatus, to: CallStatus): boolean {
  return CALL_TRANSITIONS[from].includes(to);
}

export interface SetStatusOptions {
  /** Stored with `failed`; cleared when the call leaves `failed`. */
  failureReason?: string;
  /** Rejects the change when the call is at another revision (a stale job). */
  expectedRevision?: number;
}

/**
 * Rows per INSERT. Rows go to the database as one JSON parameter (see insertRows), so the
 * 65,535 bound-parameter limit of PostgreSQL never applies; the bound only keeps the JSON text of
 * an extreme call (tens of thousands of utterances) from growing without limit. A 30-minute call
 * (~300 utterances, ~300 findings) is one statement per table.
 */
export const ROWS_PER_INSERT = 5000;

export class CallRepository {
  constructor(private readonly db: Db) {}

  /**
   * Stores a new call (status `received` unless given, revision 1) with its utterances, in one
   * transaction.
   * Idempotent on the id, the externalId and (without externalId) the input checksum: when one
   * of them already exists, nothing is written and the existing call is returned with
   * `created: false`, for the caller to compare checksums (same content vs. conflict).
   */
  async create(input: NewCall): Promise<{ call: Call; created: boolean }> {
    const occurredAt = toDate(input.occurredAt, 'occurredAt');
    const id = input.id ?? newCallId();
    const externalId = input.externalId ?? null;
    return this.db.transaction(async (tx) => {
      const [rep] = await tx.select({ teamId: users.teamId }).from(users).where(eq(users.id, input.repId));
      if (!rep)
        throw new AppError(ErrorCode.NotFound, `rep ${input.repId} not found`, { repId: input.repId });
      const [inserted] = await tx
        .insert(calls)
        .values({
          id,
          externalId,
          repId: input.repId,
          teamId: input.teamId === undefined ? rep.teamId : input.teamId,
          customer: input.customer ?? null,
          industry: input.industry,
          industrySource: input.industrySource ?? 'given',
          industryInference: input.industryInference ?? null,
          occurredAt,
          source: input.source,
          inputChecksum: input.inputChecksum,
          searchText: input.searchText ?? '',
          status: input.status ?? 'received',
        })
        .onConflictDoNothing()
        .returning(CALL_COLUMNS);
      if (!inserted) {
        const existing =
          (await this.getRow(tx, id)) ??
          (externalId !== null
            ? await this.findOne(tx, eq(calls.externalId, externalId))
            : await this.findOne(
                tx,
                and(eq(calls.inputChecksum, input.inputChecksum), isNull(calls.externalId)),
              ));
        if (!existing) throw new AppError(ErrorCode.Internal, `call ${id} conflicted but was not found`);
        return { call: existing, created: false };
      }
      await insertUtterances(tx, id, input.utterances);
      return { call: inserted, created: true };
    });
  }

  /**
   * Sets a call's industry as a person picked or corrected it (`chosen`); the inference stays
   * beside it as the record of what the machine thought.
   */
  async setIndustry(callId: string, industry: string): Promise<Call> {
    const [row] = await this.db
      .update(calls)
      .set({ industry, industrySource: 'chosen', updatedAt: new Date(), viewJson: null })
      .where(eq(calls.id, callId))
      .returning(CALL_COLUMNS);
    if (!row) throw new AppError(ErrorCode.NotFound, `call ${callId} not found`);
    return row;
  }

  /** The call without its transcript, or null. */
  async find(callId: string): Promise<Call | null> {
    return this.getRow(this.db, callId);
  }

  /** The call with its utterances in order, or null. */
  async get(callId: string): Promise<CallWithUtterances | null> {
    const call = await this.getRow(this.db, callId);
    if (!call) return null;
    const rows = await this.db
      .select()
      .from(utterances)
      .where(eq(utterances.callId, callId))
      .orderBy(asc(utterances.idx));
    return {
      ...call,
      utterances: rows.map((u) => ({
        id: u.id,
        speaker: u.speaker as Speaker,
        start: u.startMs,
        end: u.endMs,
        text: u.text,
        ...(u.speakerConfidence !== null ? { speakerConfidence: u.speakerConfidence } : {}),
      })),
    };
  }

  async findByExternalId(externalId: string): Promise<Call | null> {
    return this.findOne(this.db, eq(calls.externalId, externalId));
  }

  /** The call without externalId stored with this input checksum, or null. */
  async findByChecksum(checksum: string): Promise<Call | null> {
    return this.findOne(this.db, and(eq(calls.inputChecksum, checksum), isNull(calls.externalId)));
  }

  /** Replaces the transcript of a call (the transcription stage of an audio call). */
  async replaceUtterances(callId: string, rows: readonly Utterance[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await this.lockCall(tx, callId);
      await tx.delete(utterances).where(eq(utterances.callId, callId));
      await insertUtterances(tx, callId, rows);
      await tx.update(calls).set({ updatedAt: new Date(), viewJson: null }).where(eq(calls.id, callId));
    });
  }

  /**
   * Lists calls matching every given filter, newest first by default, one page at a time
   * (keyset pagination: stable while calls are added).
   */
  async list(filter: CallListFilter = {}): Promise<CallPage> {
    const sort = filter.sort ?? 'occurred_at';
    const order = filter.order ?? 'desc';
    const limit = filter.limit ?? 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
      throw new AppError(ErrorCode.InvalidInput, 'limit must be an integer from 1 to 500', {
        problems: [{ path: 'limit', message: 'must be an integer from 1 to 500' }],
      });
    }
    const where: (SQL | undefined)[] = [];
    if (filter.repId !== undefined) where.push(eq(calls.repId, filter.repId));
    if (filter.teamId !== undefined) where.push(eq(calls.teamId, filter.teamId));
    if (filter.industry !== undefined) where.push(eq(calls.industry, filter.industry));
    if (filter.status !== undefined) {
      const statuses = typeof filter.status === 'string' ? [filter.status] : [...filter.status];
      where.push(inArray(calls.status, statuses));
    }
    if (filter.tags && filter.tags.length > 0) where.push(arrayContains(calls.tags, [...filter.tags]));
    if (filter.words && filter.words.length > 0) {
      // A one-character word (流) is seldom a word of the index on its own (流程, 流失): it is
      // looked for inside the indexed words instead.
      const single = filter.words.filter((w) => [...w].length === 1);
      const longer = filter.words.filter((w) => [...w].length > 1);
      if (longer.length > 0) {
        where.push(
          sql`to_tsvector('simple', ${calls.searchText}) @@ plainto_tsquery('simple', ${longer.join(' ')})`,
        );
      }
      for (const w of single) where.push(sql`strpos(${calls.searchText}, ${w}) > 0`);
    }
    if (filter.from !== undefined) where.push(gte(calls.occurredAt, toDate(filter.from, 'from')));
    if (filter.to !== undefined) where.push(lt(calls.occurredAt, toDate(filter.to, 'to')));
    for (const d of filter.dimensionScores ?? []) {
      where.push(
        exists(
          this.db
            .select({ one: sql`1` })
            .from(dimensionScores)
            .where(
              and(
                eq(dimensionScores.callId, calls.id),
                eq(dimensionScores.dimension, d.dimension),
                isNotNull(dimensionScores.score),
                d.min === undefined ? undefined : gte(dimensionScores.score, d.min),
                d.max === undefined ? undefined : lte(dimensionScores.score, d.max),
              ),
            ),
        ),
      );
    }
    if (filter.cursor) where.push(afterCursor(decodeCursor(filter.cursor, sort, order)));

    const dir = order === 'asc' ? asc : desc;
    const orderBy =
      sort === 'occurred_at'
        ? [dir(calls.occurredAt), dir(calls.id)]
        : [
            order === 'asc' ? sql`${calls.total} ASC NULLS LAST` : sql`${calls.total} DESC NULLS LAST`,
            dir(calls.id),
          ];
    const rows = await this.db
      .select(CALL_COLUMNS)
      .from(calls)
      .where(and(...where))
      .orderBy(...orderBy)
      .limit(limit + 1);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    const nextCursor =
      rows.length > limit && last
        ? encodeCursor({
            sort,
            order,
            id: last.id,
            value: sort === 'occurred_at' ? last.occurredAt.toISOString() : last.total,
          })
        : null;
    return { items, nextCursor };
  }

  /**
   * Moves a call along the status machine ({@link CALL_TRANSITIONS}); setting the status it
   * already has is a no-op (a re-delivered job). Any other move is rejected with an AppError.
   */
  async setStatus(callId: string, to: CallStatus, options: SetStatusOptions = {}): Promise<Call> {
    return this.db.transaction(async (tx) => {
      const call = await this.lockCall(tx, callId);
      checkRevision(call, options.expectedRevision);
      if (call.status === to) return call;
      if (!canTransition(call.status, to)) {
        throw new AppError(
          ErrorCode.InvalidTransition,
          `call ${callId} cannot go from ${call.status} to ${to} (allowed: ${CALL_TRANSITIONS[call.status].join(', ') || 'none'})`,
          { callId, from: call.status, to },
        );
      }
      const newGeneration = call.status === 'scored' || call.status === 'failed';
      const [updated] = await tx
        .update(calls)
        .set({
          status: to,
          revision: newGeneration ? call.revision + 1 : call.revision,
          failureReason: to === 'failed' ? (options.failureReason ?? null) : null,
          viewJson: null,
          updatedAt: new Date(),
        })
        .where(eq(calls.id, callId))
        .returning(CALL_COLUMNS);
      return updated!;
    });
  }

  /**
   * A transcript call needs no transcription: `queued` → `transcribing` → `analyzing`, the two
   * steps of the status machine an audio call takes, in one transaction (nobody sees the middle
   * one). A call already past them (a re-delivered job) is returned unchanged; a stale revision
   * is rejected as by setStatus.
   */
  async skipTranscription(callId: string, revision: number): Promise<Call> {
    return this.db.transaction(async (tx) => {
      const call = await this.lockCall(tx, callId);
      checkRevision(call, revision);
      if (call.status !== 'queued' && call.status !== 'transcribing') return call;
      const [updated] = await tx
        .update(calls)
        .set({ status: 'analyzing', failureReason: null, viewJson: null, updatedAt: new Date() })
        .where(eq(calls.id, callId))
        .returning(CALL_COLUMNS);
      return updated!;
    });
  }

  /**
   * Stores the analysis of revision `revision` of a call and marks it scored, in one
   * transaction: its findings, score items and dimension scores replace the previous ones.
   * Idempotent: storing the same analysis twice leaves identical rows. Rejected when the call
   * is at another revision (a stale job) or not being analysed.
   */
  async replaceAnalysis(callId: string, revision: number, rows: AnalysisRows): Promise<Call> {
    return this.db.transaction(async (tx) => {
      const call = await this.lockCall(tx, callId);
      checkRevision(call, revision);
      if (!ANALYSABLE.includes(call.status)) {
        throw new AppError(
          ErrorCode.InvalidTransition,
          `call ${callId} is ${call.status}: an analysis can only be stored while ${ANALYSABLE.join(', ')}`,
          { callId, status: call.status },
        );
      }
      await tx.delete(findings).where(eq(findings.callId, callId));
      await tx.delete(scoreItems).where(eq(scoreItems.callId, callId));
      await tx.delete(dimensionScores).where(eq(dimensionScores.callId, callId));
      const all = [
        ...rows.findings.map((f) => ({ f, suppressed: false })),
        ...(rows.suppressed ?? []).map((f) => ({ f, suppressed: true })),
      ];
      const findingRows = all.map(({ f, suppressed }, idx) => {
        const {
          id,
          label,
          utteranceId,
          span,
          rule,
          term,
          lexiconVersion,
          confidence,
          overrideId,
          ...evidence
        } = f as FindingInput & Record<string, unknown>;
        return {
          overrideId: typeof overrideId === 'string' ? overrideId : null,
          suppressed,
          callId,
          // A suppressed machine finding may share its id with the corrected one: keep both rows.
          id: suppressed ? `${id}~${String(overrideId)}` : id,
          idx,
          utteranceId,
          label,
          spanStart: span[0],
          spanEnd: span[1],
          rule,
          term,
          lexiconVersion,
          confidence,
          evidence: withoutUndefined(evidence),
        };
      });
      await insertRows(tx, findings, findingRows);
      const itemRows = rows.scoreItems.map((s, idx) => ({
        callId,
        itemId: s.id,
        idx,
        dimension: s.dimension,
        label: s.label,
        metric: s.metric,
        source: s.source,
        value: s.value,
        target: s.target,
        score: s.score,
        weight: s.weight,
        findingIds: [...s.findingIds],
        detail: s.detail ?? null,
      }));
      await insertRows(tx, scoreItems, itemRows);
      const dimensionRows = Object.entries(rows.dimensions).map(([dimension, score]) => ({
        callId,
        dimension,
        score,
      }));
      if (dimensionRows.length > 0) await tx.insert(dimensionScores).values(dimensionRows);
      const [updated] = await tx
        .update(calls)
        .set({
          status: 'scored',
          failureReason: null,
          lexiconVersion: rows.lexiconVersion,
          scorecardVersion: rows.scorecardVersion,
          secondStageVersion: rows.secondStageVersion ?? null,
          total: rows.total,
          machineTotal: rows.machine ? rows.machine.total : rows.total,
          machineDimensions: { ...(rows.machine ? rows.machine.dimensions : rows.dimensions) },
          tags: [...rows.tags],
          metrics: rows.metrics as Record<string, unknown>,
          lastChange: rows.change ?? null,
          updatedAt: new Date(),
        })
        .where(eq(calls.id, callId))
        .returning(CALL_COLUMNS);
      // Store the finished view with the analysis: reads of a scored call are one row.
      await tx.execute(sql`update calls set view_json = (${viewQuery(callId)}) where id = ${callId}`);
      return updated!;
    });
  }

  /** The stored analysis of a call (empty lists before the first one), or null if no such call. */
  /**
   * A rep's scored calls in [from, to): call count, mean total, mean per dimension (over calls
   * where the dimension applied, with that count) and mean of each numeric call metric.
   */
  async repSummary(
    repId: string,
    range: { from?: Date | string; to?: Date | string } = {},
  ): Promise<RepSummary> {
    const where = and(
      eq(calls.repId, repId),
      eq(calls.status, 'scored'),
      range.from ? gte(calls.occurredAt, new Date(range.from)) : undefined,
      range.to ? lt(calls.occurredAt, new Date(range.to)) : undefined,
    );
    const rows = await this.db
      .select({ id: calls.id, total: calls.total, metrics: calls.metrics })
      .from(calls)
      .where(where);
    const ids = rows.map((r) => r.id);
    const dims = ids.length
      ? await this.db
          .select({ dimension: dimensionScores.dimension, score: dimensionScores.score })
          .from(dimensionScores)
          .where(and(inArray(dimensionScores.callId, ids), isNotNull(dimensionScores.score)))
      : [];
    const mean = (xs: number[]) =>
      xs.length ? Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 100) / 100 : null;
    const byDim = new Map<string, number[]>();
    for (const d of dims) byDim.set(d.dimension, [...(byDim.get(d.dimension) ?? []), d.score as number]);
    const byMetric = new Map<string, number[]>();
    for (const r of rows) {
      for (const [k, v] of Object.entries(r.metrics ?? {})) {
        if (typeof v === 'number' && Number.isFinite(v)) byMetric.set(k, [...(byMetric.get(k) ?? []), v]);
      }
    }
    return {
      repId,
      calls: rows.length,
      total: mean(rows.map((r) => r.total).filter((t): t is number => t !== null)),
      dimensions: Object.fromEntries([...byDim].map(([k, xs]) => [k, { mean: mean(xs), calls: xs.length }])),
      metrics: Object.fromEntries([...byMetric].map(([k, xs]) => [k, mean(xs)])),
    };
  }

  /**
   * The dimension scores of each given call that has them (null where a dimension does not
   * apply), in one query: the call list shows them beside the total.
   */
  async dimensionsOf(callIds: readonly string[]): Promise<Map<string, Record<string, number | null>>> {
    const out = new Map<string, Record<string, number | null>>();
    if (callIds.length === 0) return out;
    const rows = await this.db
      .select({
        callId: dimensionScores.callId,
        dimension: dimensionScores.dimension,
        score: dimensionScores.score,
      })
      .from(dimensionScores)
      .where(inArray(dimensionScores.callId, [...callIds]));
    for (const r of rows) out.set(r.callId, { ...out.get(r.callId), [r.dimension]: r.score });
    return out;
  }

  /**
   * For each call, the first utterance containing one of the words, with every occurrence of
   * the words wrapped in 【】 (the list view's highlighted snippet).
   */
  async snippets(
    callIds: readonly string[],
    words: readonly string[],
  ): Promise<Map<string, { utteranceId: string; text: string }>> {
    const out = new Map<string, { utteranceId: string; text: string }>();
    if (callIds.length === 0 || words.length === 0) return out;
    const rows = await this.db
      .select({ callId: utterances.callId, id: utterances.id, idx: utterances.idx, text: utterances.text })
      .from(utterances)
      .where(
        and(
          inArray(utterances.callId, [...callIds]),
          or(...words.map((w) => sql`strpos(${utterances.text}, ${w}) > 0`)),
        ),
      )
      .orderBy(asc(utterances.callId), asc(utterances.idx));
    const pattern = new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
    for (const r of rows) {
      if (out.has(r.callId)) continue;
      out.set(r.callId, { utteranceId: r.id, text: r.text.replace(pattern, (m) => `【${m}】`) });
    }
    return out;
  }

  /**
   * The whole call view as JSON text, built by the database in one query (transcript, findings,
   * score items, dimensions; analysis only once scored): the API's GET /v1/calls/:id sends it as
   * is, so Node neither materialises ~550 rows nor re-serialises ~115 KB per request.
   */
  /** The call row and its view JSON text in one round trip (GET /v1/calls/:id). */
  async findWithView(callId: string): Promise<{ call: Call; view: string } | null> {
    const [row] = await this.db
      .select({ ...CALL_COLUMNS, view: sql<string>`coalesce(${calls.viewJson}, (${viewQuery(callId)}))` })
      .from(calls)
      .where(eq(calls.id, callId))
      .limit(1);
    if (!row) return null;
    const { view, ...call } = row;
    return { call, view };
  }

  async viewJson(callId: string): Promise<string | null> {
    const result = await this.db.execute(
      sql`select coalesce(c0.view_json, (${viewQuery(callId)})) as doc from calls c0 where c0.id = ${callId}`,
    );
    const rows = (result as unknown as { rows: { doc: string }[] }).rows;
    return rows[0]?.doc ?? null;
  }

  async getAnalysis(callId: string): Promise<StoredAnalysis | null> {
    const call = await this.getRow(this.db, callId);
    if (!call) return null;
    const [fs, items, dims] = await Promise.all([
      this.db
        .select()
        .from(findings)
        .where(and(eq(findings.callId, callId), eq(findings.suppressed, false)))
        .orderBy(asc(findings.idx)),
      this.db.select().from(scoreItems).where(eq(scoreItems.callId, callId)).orderBy(asc(scoreItems.idx)),
      this.db
        .select()
        .from(dimensionScores)
        .where(eq(dimensionScores.callId, callId))
        .orderBy(asc(dimensionScores.dimension)),
    ]);
    return {
      revision: call.revision,
      lexiconVersion: call.lexiconVersion,
      scorecardVersion: call.scorecardVersion,
      secondStageVersion: call.secondStageVersion,
      total: call.total,
      tags: call.tags,
      metrics: call.metrics,
      lastChange: call.lastChange ?? null,
      findings: fs.map((f) => ({
        ...f.evidence,
        id: f.id,
        label: f.label,
        utteranceId: f.utteranceId,
        span: [f.spanStart, f.spanEnd] as [number, number],
        rule: f.rule,
        term: f.term,
        lexiconVersion: f.lexiconVersion,
        confidence: f.confidence,
        ...(f.overrideId ? { overrideId: f.overrideId } : {}),
      })),
      scoreItems: items.map((s) => ({
        id: s.itemId,
        dimension: s.dimension,
        label: s.label,
        metric: s.metric,
        source: s.source,
        value: s.value,
        target: s.target,
        score: s.score,
        weight: s.weight,
        findingIds: s.findingIds,
        ...(s.detail ? { detail: s.detail } : {}),
      })),
      dimensions: Object.fromEntries(dims.map((d) => [d.dimension, d.score])),
    };
  }

  /** Stores what the intake learned about a call's recording (audio calls). */
  async setAudio(callId: string, audio: CallAudio): Promise<void> {
    await this.db.update(calls).set({ audio, updatedAt: new Date() }).where(eq(calls.id, callId));
  }

  /**
   * Percent done of the running stage (null when idle), for revision `revision` only: a stale
   * job cannot write over a newer generation's progress.
   */
  async setProgress(callId: string, revision: number, percent: number | null): Promise<void> {
    await this.db
      .update(calls)
      .set({ progress: percent === null ? null : Math.max(0, Math.min(100, Math.round(percent))) })
      .where(and(eq(calls.id, callId), eq(calls.revision, revision)));
  }

  /**
   * Ends the transcription of an audio call in one transaction: its utterances (with speaker
   * confidence) replace any earlier ones, the search words and transcription details are
   * stored, progress is cleared and the call moves transcribing → analyzing. With `industry`
   * (a recording that named none): the inferred industry and its evidence are stored too, and an
   * undecided one moves the call to needs_industry (待确认行业) instead. Rejected for a stale
   * revision; a call already past transcription is returned unchanged (a re-delivered job).
   */
  async completeTranscription(
    callId: string,
    revision: number,
    rows: readonly TranscribedUtterance[],
    searchText: string,
    transcription: Record<string, unknown>,
    industry?: InferredIndustry,
  ): Promise<Call> {
    return this.db.transaction(async (tx) => {
      const call = await this.lockCall(tx, callId);
      checkRevision(call, revision);
      if (call.status !== 'transcribing') {
        if (call.status === 'analyzing' || call.status === 'scored' || call.status === 'needs_industry')
          return call;
        throw new AppError(
          ErrorCode.InvalidTransition,
          `call ${callId} is ${call.status}: a transcription can only be stored while transcribing`,
          { callId, status: call.status },
        );
      }
      await tx.delete(utterances).where(eq(utterances.callId, callId));
      const values = rows.map((u, idx) => ({
        callId,
        id: u.id,
        idx,
        speaker: u.speaker,
        startMs: u.start,
        endMs: u.end,
        text: u.text,
        speakerConfidence: u.speakerConfidence,
      }));
      await insertRows(tx, utterances, values);
      const audio = call.audio ? { ...call.audio, transcription } : null;
      const [updated] = await tx
        .update(calls)
        .set({
          status: industry && !industry.decided ? 'needs_industry' : 'analyzing',
          ...(industry
            ? {
                industry: industry.industry,
                industrySource: 'inferred' as const,
                industryInference: industry.record,
              }
            : {}),
          searchText,
          audio,
          progress: null,
          viewJson: null,
          updatedAt: new Date(),
        })
        .where(eq(calls.id, callId))
        .returning(CALL_COLUMNS);
      return updated!;
    });
  }

  private async getRow(db: Db, callId: string): Promise<Call | null> {
    return this.findOne(db, eq(calls.id, callId));
  }

  private async findOne(db: Db, where: SQL | undefined): Promise<Call | null> {
    const [row] = await db.select(CALL_COLUMNS).from(calls).where(where).limit(1);
    return row ?? null;
  }

  /** Reads the call inside a transaction with a row lock, so concurrent changes serialise. */
  private async lockCall(tx: Db, callId: string): Promise<Call> {
    const [row] = await tx.select(CALL_COLUMNS).from(calls).where(eq(calls.id, callId)).for('update');
    if (!row) throw new AppError(ErrorCode.NotFound, `call ${callId} not found`, { callId });
    return row;
  }
}

function checkRevision(call: Call, expected: number | undefined): void {
  if (expected !== undefined && expected !== call.revision) {
    throw new AppError(
      ErrorCode.Conflict,
      `call ${call.id} is at revision ${call.revision}, not ${expected} (stale job)`,
      { callId: call.id, revision: call.revision, expectedRevision: expected },
    );
  }
}

async function insertUtterances(tx: Db, callId: string, rows: readonly Utterance[]): Promise<void> {
  const values = rows.map((u, idx) => ({
    callId,
    id: u.id,
    idx,
    speaker: u.speaker,
    startMs: u.start,
    endMs: u.end,
    text: u.text,
  }));
  await insertRows(tx, utterances, values);
}

/**
 * Inserts rows into a table with one statement per ROWS_PER_INSERT rows: the rows travel as one
 * JSON parameter that the database expands (`json_populate_recordset`), instead of a VALUES list
 * of one bound parameter per cell. Much less work on both sides than thousands of parameters
 * (building and parsing the statement), and no parameter limit. Rows are keyed by the table's
 * property names (as for drizzle's insert) and all carry the same keys; a key left undefined is
 * NULL, as the columns written here have no other default. Numbers that JSON cannot carry
 * (Infinity, NaN) go as strings the column type reads back; strings with a lone surrogate are
 * made well-formed first, as the driver's UTF-8 encoding did with bound parameters.
 */
async function insertRows(
  tx: Db,
  table: typeof utterances | typeof findings | typeof scoreItems,
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  const first = rows[0];
  if (!first) return;
  const columns = getTableColumns(table) as Record<string, { name: string }>;
  const keys = Object.keys(first);
  const names = keys.map((k) => {
    const column = columns[k];
    if (!column) throw new AppError(ErrorCode.Internal, `no column for ${k} in ${getTableName(table)}`);
    return column.name;
  });
  const list = sql.raw(names.map((n) => `"${n}"`).join(', '));
  const name = sql.raw(`"${getTableName(table)}"`);
  for (const batch of chunks(rows, ROWS_PER_INSERT)) {
    const json = JSON.stringify(batch.map((row) => jsonRow(row, keys, names)));
    await tx.execute(
      sql`insert into ${name} (${list}) select ${list} from json_populate_recordset(null::${name}, ${json}::json)`,
    );
  }
}

/** One row keyed by column name, ready for JSON (see insertRows). */
function jsonRow(row: Record<string, unknown>, keys: readonly string[], names: readonly string[]): object {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < keys.length; i++) {
    const v = row[keys[i]!];
    out[names[i]!] =
      typeof v === 'number' && !Number.isFinite(v)
        ? String(v)
        : typeof v === 'string' && LONE_SURROGATE.test(v)
          ? v.replace(LONE_SURROGATE_G, '\uFFFD')
          : v;
  }
  return out;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATE_G = new RegExp(LONE_SURROGATE.source, 'g');

function newCallId(): string {
  return `call-${randomBytes(8).toString('hex')}`;
}

function toDate(value: Date | string, field: string): Date {
  const d = value instanceof Date ? new Date(value.getTime()) : new Date(value);
  if (Number.isNaN(d.getTime())) {
    throw new AppError(ErrorCode.InvalidInput, `${field} is not a valid date: ${String(value)}`, {
      problems: [{ path: field, message: 'is not a valid date' }],
    });
  }
  return d;
}

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

function withoutUndefined(obj: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined));
}

interface Cursor {
  sort: CallSort;
  order: 'asc' | 'desc';
  id: string;
  /** ISO date for `occurred_at`, the total (or null) for `total`. */
  value: string | number | null;
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.sort, c.order, c.value, c.id])).toString('base64url');
}

function decodeCursor(text: string, sort: CallSort, order: 'asc' | 'desc'): Cursor {
  const bad = (why: string) =>
    new AppError(ErrorCode.InvalidInput, `invalid cursor: ${why}`, {
      problems: [{ path: 'cursor', message: why }],
    });
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw bad('not a cursor of this list');
  }
  if (!Array.isArray(parsed) || parsed.length !== 4) throw bad('not a cursor of this list');
  const [s, o, value, id] = parsed as unknown[];
  if (s !== sort || o !== order) throw bad(`it belongs to a list sorted by ${String(s)} ${String(o)}`);
  if (typeof id !== 'string' || !/^[A-Za-z0-9_.-]{1,120}$/.test(id)) throw bad('not a cursor of this list');
  if (sort === 'occurred_at') {
    if (typeof value !== 'string' || Number.isNaN(new Date(value).getTime())) throw bad('bad date');
  } else if (value !== null && typeof value !== 'number') {
    throw bad('bad total');
  }
  return { sort, order, id, value: value as string | number | null };
}

/** Rows strictly after the cursor row in the list order (ties broken by id; null totals last). */
function afterCursor(c: Cursor): SQL {
  const beyond = c.order === 'asc' ? gt : lt;
  if (c.sort === 'occurred_at') {
    const at = new Date(c.value as string);
    return or(beyond(calls.occurredAt, at), and(eq(calls.occurredAt, at), beyond(calls.id, c.id)))!;
  }
  if (c.value === null) return and(isNull(calls.total), beyond(calls.id, c.id))!;
  return or(
    beyond(calls.total, c.value as number),
    and(eq(calls.total, c.value as number), beyond(calls.id, c.id)),
    isNull(calls.total),
  )!;
}

/**
 * The call view (call, utterances, and the analysis once scored) as JSON text, built by the
 * database in one statement. Used to store the view with the analysis and to build it on read.
 */
function viewQuery(callId: string): SQL {
  return sql`select json_build_object(
        'call', json_build_object(
          'id', c.id, 'externalId', c.external_id, 'repId', c.rep_id, 'teamId', c.team_id,
          'industry', c.industry, 'industrySource', c.industry_source,
          'industryInference', c.industry_inference,
          'occurredAt', to_char(c.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
          'customer', c.customer, 'source', c.source, 'status', c.status,
          'failureReason', c.failure_reason, 'revision', c.revision,
          'lexiconVersion', c.lexicon_version, 'scorecardVersion', c.scorecard_version,
          'total', c.total, 'tags', to_json(c.tags), 'audio', c.audio, 'progress', c.progress),
        'utterances', coalesce((
          select json_agg(case
                   when sp.speaker is not null
                   -- An accepted speaker appeal: the corrected speaker, the machine's kept beside it.
                   then jsonb_strip_nulls(jsonb_build_object('id', u.id, 'speaker', sp.speaker,
                          'start', u.start_ms, 'end', u.end_ms, 'text', u.text,
                          'speakerConfidence', u.speaker_confidence, 'machineSpeaker', u.speaker,
                          'speakerOverrideId', sp.id))::json
                   when u.speaker_confidence is null
                   then json_build_object('id', u.id, 'speaker', u.speaker, 'start', u.start_ms,
                                          'end', u.end_ms, 'text', u.text)
                   else json_build_object('id', u.id, 'speaker', u.speaker, 'start', u.start_ms,
                                          'end', u.end_ms, 'text', u.text,
                                          'speakerConfidence', u.speaker_confidence) end order by u.idx)
          from utterances u
          left join lateral (
            select o.id, o.correction->>'speaker' as speaker from call_overrides o
            where o.call_id = u.call_id and o.status = 'in_force'
              and o.correction->>'kind' = 'speaker' and o.correction->>'utteranceId' = u.id
            order by o.created_at desc, o.id desc limit 1) sp on true
          where u.call_id = c.id), '[]'::json),
        'analysis', case when c.status = 'scored' then json_build_object(
          'revision', c.revision, 'lexiconVersion', c.lexicon_version,
          'scorecardVersion', c.scorecard_version, 'secondStageVersion', c.second_stage_version,
          'total', c.total, 'tags', to_json(c.tags),
          'metrics', c.metrics,
          'findings', coalesce((
            select json_agg(f.evidence || jsonb_build_object(
                     'id', f.id, 'label', f.label, 'utteranceId', f.utterance_id,
                     'span', jsonb_build_array(f.span_start, f.span_end), 'rule', f.rule,
                     'term', f.term, 'lexiconVersion', f.lexicon_version, 'confidence', f.confidence)
                   || case when f.override_id is null then '{}'::jsonb
                      else jsonb_build_object('overrideId', f.override_id) end
                   order by f.idx)
            from findings f where f.call_id = c.id and not f.suppressed), '[]'::json),
          'suppressed', coalesce((
            select json_agg(f.evidence || jsonb_build_object(
                     'id', split_part(f.id, '~', 1), 'label', f.label, 'utteranceId', f.utterance_id,
                     'span', jsonb_build_array(f.span_start, f.span_end), 'rule', f.rule,
                     'term', f.term, 'lexiconVersion', f.lexicon_version, 'confidence', f.confidence,
                     'overrideId', f.override_id)
                   order by f.idx)
            from findings f where f.call_id = c.id and f.suppressed), '[]'::json),
          'machine', json_build_object('total', c.machine_total, 'dimensions', c.machine_dimensions),
          'lastChange', c.last_change,
          'overrides', coalesce((
            select json_agg(json_build_object('id', o.id, 'appealId', o.appeal_id,
                     'correction', o.correction, 'status', o.status, 'flagged', o.flagged,
                     'flagNote', o.flag_note) order by o.created_at, o.id)
            from call_overrides o where o.call_id = c.id), '[]'::json),
          'scoreItems', coalesce((
            select json_agg(jsonb_build_object(
                     'id', s.item_id, 'dimension', s.dimension, 'label', s.label, 'metric', s.metric,
                     'source', s.source, 'value', s.value, 'target', s.target, 'score', s.score,
                     'weight', s.weight, 'findingIds', to_jsonb(s.finding_ids))
                   || case when s.detail is null then '{}'::jsonb else jsonb_build_object('detail', s.detail) end
                   order by s.idx)
            from score_items s where s.call_id = c.id), '[]'::json),
          'dimensions', coalesce((
            select json_object_agg(d.dimension, d.score order by d.dimension)
            from dimension_scores d where d.call_id = c.id), '{}'::json)
        ) else null end
      )::text from calls c where c.id = ${callId}`;
}
