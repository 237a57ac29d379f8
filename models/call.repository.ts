import { randomBytes } from 'node:crypto';
import { and, eq, getTableColumns, getTableName, inArray, isNull, sql } from 'drizzle-orm';
import {
  type AnalysisRows,
  CALL_COLUMNS,
  type Call,
  type FindingInput,
  type InferredIndustry,
  type NewCall,
  type TranscribedUtterance,
} from './call.types.js';
import { CallReadRepository, toDate, viewQuery } from './call-read.repository.js';
import type { Db } from './db.js';
import { AppError, ErrorCode } from './errors.js';
import {
  CALL_STATUSES,
  type CallAudio,
  type CallStatus,
  calls,
  dimensionScores,
  findings,
  scoreItems,
  users,
  utterances,
} from './schema.js';
import { NO_STORED_VIEW } from './stored-view.js';
import type { Utterance } from './transcript.js';

export * from './call.types.js';
export { CallReadRepository } from './call-read.repository.js';

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

/** A call past transcription, on to analysis (skipTranscription and passTranscript alike). */
const toAnalyzing = () =>
  ({ status: 'analyzing', failureReason: null, ...NO_STORED_VIEW, updatedAt: new Date() }) as const;

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
 * Rows per INSERT (utterances, findings, score items). Rows go to the database as one JSON
 * parameter (see insertRows), so the 65,535 bound-parameter limit of PostgreSQL never applies;
 * the bound keeps the JSON text of one statement from growing without limit (a 20,000-utterance
 * call, or a batch of 16 new calls: ~5,000 rows, is ten statements). A 30-minute call (~300
 * rows per table) is one statement per table. The caller's transaction keeps the call atomic.
 * (It was also the bound at which PGlite, then on the API's event loop, gave a turn between
 * statements; PGlite runs in its own thread now.)
 */
export const ROWS_PER_INSERT = 500;

/** Calls: the reads of CallReadRepository plus intake, status transitions and analysis writes. */
export class CallRepository extends CallReadRepository {
  /**
   * Stores a new call (status `received` unless given, revision 1) with its utterances, in one
   * transaction.
   * Idempotent on the id, the externalId and (without externalId) the input checksum: when one
   * of them already exists, nothing is written and the existing call is returned with
   * `created: false`, for the caller to compare checksums (same content vs. conflict).
   */
  async create(input: NewCall): Promise<CreatedCall> {
    return (await this.createTogether([input]))[0]!;
  }

  /**
   * Stores several new calls as {@link create} stores each, in one transaction: one rep lookup,
   * one insert of the calls rows and one of all their utterances instead of a transaction and
   * three statements per call (the intake batches the calls that arrive while a store is
   * running). One result per input, in order; idempotent as create, also between the inputs (a
   * later input with the same external id or checksum finds the earlier one). Should anything in
   * the batch fail (a rep not found, a bad row, the database), none of it is kept and each call
   * is stored on its own with create, so a bad call fails alone with its own error and the
   * others are stored as they would have been.
   */
  async createMany(inputs: readonly NewCall[]): Promise<PromiseSettledResult<CreatedCall>[]> {
    if (inputs.length > 1) {
      try {
        return (await this.createTogether(inputs)).map((value) => ({ status: 'fulfilled', value }));
      } catch {
        // Nothing of the batch was kept: each call alone says what is wrong with it, if anything.
      }
    }
    const out: PromiseSettledResult<CreatedCall>[] = [];
    for (const input of inputs) {
      try {
        out.push({ status: 'fulfilled', value: await this.create(input) });
      } catch (reason) {
        out.push({ status: 'rejected', reason });
      }
    }
    return out;
  }

  /**
   * createMany in one transaction (create is a batch of one); throws (nothing kept) when any call
   * cannot be stored.
   */
  private async createTogether(inputs: readonly NewCall[]): Promise<CreatedCall[]> {
    const rows = inputs.map(newCallRow);
    if (new Set(rows.map((r) => r.id)).size !== rows.length)
      throw new AppError(ErrorCode.Conflict, 'the same call id twice in one batch');
    return this.db.transaction(async (tx) => {
      const repIds = [...new Set(inputs.map((i) => i.repId))];
      const reps = await tx
        .select({ id: users.id, teamId: users.teamId })
        .from(users)
        .where(inArray(users.id, repIds));
      const teamOf = new Map(reps.map((r) => [r.id, r.teamId]));
      const values = rows.map((row, i) => {
        const input = inputs[i]!;
        if (!teamOf.has(input.repId))
          throw new AppError(ErrorCode.NotFound, `rep ${input.repId} not found`, { repId: input.repId });
        return { ...row, teamId: input.teamId === undefined ? teamOf.get(input.repId)! : input.teamId };
      });
      // In input order, so of two inputs naming the same call the first is stored, as one by one.
      const inserted = await tx.insert(calls).values(values).onConflictDoNothing().returning(CALL_COLUMNS);
      const byId = new Map(inserted.map((c) => [c.id, c]));
      const out: CreatedCall[] = [];
      const utteranceRows: Record<string, unknown>[] = [];
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i]!;
        const call = byId.get(row.id);
        if (!call) {
          out.push({ call: await this.existingFor(tx, row), created: false });
          continue;
        }
        for (const u of utteranceRowsOf(row.id, inputs[i]!.utterances)) utteranceRows.push(u);
        out.push({ call, created: true });
      }
      await insertRows(tx, utterances, utteranceRows);
      return out;
    });
  }

  /** The stored call a new call's row conflicted with: same id, else external id, else checksum. */
  private async existingFor(tx: Db, row: NewCallRow): Promise<Call> {
    const existing =
      (await this.getRow(tx, row.id)) ??
      (row.externalId !== null
        ? await this.findOne(tx, eq(calls.externalId, row.externalId))
        : await this.findOne(tx, and(eq(calls.inputChecksum, row.inputChecksum), isNull(calls.externalId))));
    if (!existing) throw new AppError(ErrorCode.Internal, `call ${row.id} conflicted but was not found`);
    return existing;
  }

  /**
   * Sets a call's industry as a person picked or corrected it (`chosen`); the inference stays
   * beside it as the record of what the machine thought.
   */
  async setIndustry(callId: string, industry: string): Promise<Call> {
    const [row] = await this.db
      .update(calls)
      .set({ industry, industrySource: 'chosen', updatedAt: new Date(), ...NO_STORED_VIEW })
      .where(eq(calls.id, callId))
      .returning(CALL_COLUMNS);
    if (!row) throw new AppError(ErrorCode.NotFound, `call ${callId} not found`);
    return row;
  }

  /** Replaces the transcript of a call (the transcription stage of an audio call). */
  async replaceUtterances(callId: string, rows: readonly Utterance[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await this.lockCall(tx, callId);
      await tx.delete(utterances).where(eq(utterances.callId, callId));
      await insertUtterances(tx, callId, rows);
      await tx
        .update(calls)
        .set({ updatedAt: new Date(), ...NO_STORED_VIEW })
        .where(eq(calls.id, callId));
    });
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
          ...NO_STORED_VIEW,
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
        .set(toAnalyzing())
        .where(eq(calls.id, callId))
        .returning(CALL_COLUMNS);
      return updated!;
    });
  }

  /**
   * skipTranscription's move in one statement, for the transcribe job of a transcript call still
   * `queued` or `transcribing` at `revision` (the common case: one round trip instead of a read and
   * a four-statement transaction). Resolves false, changing nothing, for any other call (missing,
   * another revision, a recording, already past transcription): the caller then takes the full path.
   */
  async passTranscript(callId: string, revision: number): Promise<boolean> {
    const moved = await this.db
      .update(calls)
      .set(toAnalyzing())
      .where(
        and(
          eq(calls.id, callId),
          eq(calls.revision, revision),
          eq(calls.source, 'transcript'),
          inArray(calls.status, ['queued', 'transcribing']),
        ),
      )
      .returning({ id: calls.id });
    return moved.length > 0;
  }

  /**
   * Stores the analysis of revision `revision` of a call and marks it scored, in one
   * transaction: its findings, score items and dimension scores replace the previous ones.
   * Idempotent: storing the same analysis twice leaves identical rows. Rejected when the call
   * is at another revision (a stale job) or not being analysed.
   */
  async replaceAnalysis(callId: string, revision: number, rows: AnalysisRows): Promise<Call> {
    const { scored, json } = await this.db.transaction(async (tx) => {
      const call = await this.lockCall(tx, callId);
      checkRevision(call, revision);
      if (!ANALYSABLE.includes(call.status)) {
        throw new AppError(
          ErrorCode.InvalidTransition,
          `call ${callId} is ${call.status}: an analysis can only be stored while ${ANALYSABLE.join(', ')}`,
          { callId, status: call.status },
        );
      }
      // The three tables' old rows in one statement (one round trip instead of three).
      await tx.execute(
        sql`with f as (delete from ${findings} where ${findings.callId} = ${callId}),
              s as (delete from ${scoreItems} where ${scoreItems.callId} = ${callId})
            delete from ${dimensionScores} where ${dimensionScores.callId} = ${callId}`,
      );
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
          coaching: rows.coaching ? [...rows.coaching] : null,
          updatedAt: new Date(),
        })
        .where(eq(calls.id, callId))
        .returning(CALL_COLUMNS);
      // Store the finished view with the analysis: reads of a scored call are one row. Its
      // compressed copies are made after the commit, so the row lock is not held meanwhile.
      const stored = await tx.execute(
        sql`update calls set view_json = (${viewQuery(callId)}), view_etag = null, view_br = null,
              view_gzip = null where id = ${callId} returning view_json`,
      );
      const json = (stored as unknown as { rows: { view_json: string }[] }).rows[0]?.view_json;
      if (json === undefined) throw new AppError(ErrorCode.Internal, `call ${callId}: view not stored`);
      return { scored: updated!, json };
    });
    // Once per score: the ETag and br/gzip copies GET /v1/calls/:id sends as they are. Should
    // this not happen (a crash right here), the first read makes them.
    await this.storeCopies(callId, json);
    return scored;
  }

  /**
   * Stores the coaching list of a call scored before the list was kept with the analysis, and its
   * view again with it (then the view's copies). Only while the call is still scored at `revision`
   * without a list: a rescore meanwhile stores its own. Resolves whether it was stored.
   */
  async fillCoaching(callId: string, revision: number, coaching: readonly object[]): Promise<boolean> {
    const json = await this.db.transaction(async (tx) => {
      const filled = await tx
        .update(calls)
        .set({ coaching: [...coaching] })
        .where(
          and(
            eq(calls.id, callId),
            eq(calls.revision, revision),
            eq(calls.status, 'scored'),
            isNull(calls.coaching),
          ),
        )
        .returning({ id: calls.id });
      if (filled.length === 0) return null;
      const stored = await tx.execute(
        sql`update calls set view_json = (${viewQuery(callId)}), view_etag = null, view_br = null,
              view_gzip = null where id = ${callId} returning view_json`,
      );
      return (stored as unknown as { rows: { view_json: string }[] }).rows[0]?.view_json ?? null;
    });
    if (json === null) return false;
    await this.storeCopies(callId, json);
    return true;
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
          ...NO_STORED_VIEW,
          updatedAt: new Date(),
        })
        .where(eq(calls.id, callId))
        .returning(CALL_COLUMNS);
      return updated!;
    });
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

/** What create and createMany resolve per call: the stored call and whether this input made it. */
export interface CreatedCall {
  call: Call;
  /** false: it already existed (same id, external id or checksum); nothing was written. */
  created: boolean;
}

type NewCallRow = ReturnType<typeof newCallRow>;

/** The calls row of a new call, but its team (the rep's unless given, read in the transaction). */
function newCallRow(input: NewCall) {
  return {
    id: input.id ?? newCallId(),
    externalId: input.externalId ?? null,
    repId: input.repId,
    customer: input.customer ?? null,
    industry: input.industry,
    industrySource: input.industrySource ?? 'given',
    industryInference: input.industryInference ?? null,
    occurredAt: toDate(input.occurredAt, 'occurredAt'),
    source: input.source,
    inputChecksum: input.inputChecksum,
    searchText: input.searchText ?? '',
    status: input.status ?? 'received',
  };
}

function utteranceRowsOf(callId: string, rows: readonly Utterance[]): Record<string, unknown>[] {
  return rows.map((u, idx) => ({
    callId,
    id: u.id,
    idx,
    speaker: u.speaker,
    startMs: u.start,
    endMs: u.end,
    text: u.text,
  }));
}

async function insertUtterances(tx: Db, callId: string, rows: readonly Utterance[]): Promise<void> {
  await insertRows(tx, utterances, utteranceRowsOf(callId, rows));
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

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

function withoutUndefined(obj: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined));
}
