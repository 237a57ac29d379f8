import {
  and,
  arrayContains,
  asc,
  desc,
  eq,
  exists,
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
import {
  CALL_COLUMNS,
  type Call,
  type CallListFilter,
  type CallPage,
  type CallSort,
  type CallWithUtterances,
  type RepSummary,
  type StoredAnalysis,
} from './call.types.js';
import type { Db } from './db.js';
import { AppError, ErrorCode } from './errors.js';
import { calls, dimensionScores, findings, scoreItems, utterances } from './schema.js';
import {
  encodeView,
  prepareStoredViewRead,
  type StoredView,
  storeViewCopies,
  type ViewCoding,
  type ViewCopies,
  viewBody,
} from './stored-view.js';
import type { Speaker } from './transcript.js';

/**
 * SQL true while a call's industry is a placeholder: a recording sent without one whose
 * transcript has not decided it yet (services/intake/industry-decision.ts industryAwaitsTranscript).
 * The column is required, so a placeholder is stored; the API says null instead.
 */
export const industryPending: SQL = sql`(${calls.source} = 'audio' and ${calls.industrySource} = 'inferred' and ${calls.industryInference} is null)`;

/** Reads of calls. */
export class CallReadRepository {
  constructor(protected readonly db: Db) {}

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
    // A recording whose transcript has not decided its industry yet is of no industry: its
    // stored one is a placeholder (industryPending), so a filter on the placeholder skips it.
    if (filter.industry !== undefined)
      where.push(and(eq(calls.industry, filter.industry), sql`not ${industryPending}`));
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
   * Who may read a call (its id, rep and team) and its view as GET /v1/calls/:id sends it. A
   * stored view comes as its stored copy for `coding` (br or gzip; the JSON text for identity)
   * with its ETag, in one small prepared query, so the API neither compresses nor hashes. A
   * stored view without copies yet (a row from before they existed, or a write cut short) gets
   * them made and stored now, once. A view that is not stored (a call in progress) is built by
   * the database in a second query (viewQuery: transcript, findings, score items, dimensions;
   * analysis only once scored).
   */
  async findStoredView(callId: string, coding: ViewCoding): Promise<StoredViewRead | null> {
    const [row] = await this.storedViewQuery(coding).execute({ callId });
    if (!row) return null;
    const { viewEtag, viewCopy, viewText, viewStored, coachingPending, ...call } = row;
    const found = (view: StoredView): StoredViewRead => ({ call, view, coachingPending });
    if (viewCopy && viewEtag) return found({ stored: true, etag: viewEtag, coding, body: viewCopy });
    if (!viewStored) {
      const json = await this.viewJson(callId);
      return json === null ? null : found({ stored: false, json });
    }
    if (viewText === null) throw new AppError(ErrorCode.Internal, `call ${callId}: stored view unreadable`);
    if (coding === 'identity' && viewEtag) {
      return found({ stored: true, etag: viewEtag, coding, body: Buffer.from(viewText, 'utf8') });
    }
    const copies = await this.storeCopies(callId, viewText);
    return found({ stored: true, etag: copies.etag, coding, body: viewBody(viewText, copies, coding) });
  }

  /** findStoredView's query per coding, prepared on first use (see prepareStoredViewRead). */
  private readonly storedViewQueries = new Map<ViewCoding, ReturnType<typeof prepareStoredViewRead>>();

  private storedViewQuery(coding: ViewCoding): ReturnType<typeof prepareStoredViewRead> {
    let query = this.storedViewQueries.get(coding);
    if (!query) {
      query = prepareStoredViewRead(this.db, coding);
      this.storedViewQueries.set(coding, query);
    }
    return query;
  }

  /** Copies being made, by call: requests for the same view meanwhile share them. */
  private readonly makingCopies = new Map<string, { json: string; made: Promise<ViewCopies> }>();

  /**
   * Makes the ETag and compressed copies of the stored view `json` of a call and stores them
   * beside it (unless the view changed meanwhile: see storeViewCopies). Concurrent calls for the
   * same text share one encoding.
   */
  protected async storeCopies(callId: string, json: string): Promise<ViewCopies> {
    const making = this.makingCopies.get(callId);
    if (making && making.json === json) return making.made;
    const made = encodeView(json).then(async (copies) => {
      await storeViewCopies(this.db, callId, json, copies);
      return copies;
    });
    const entry = { json, made };
    this.makingCopies.set(callId, entry);
    try {
      return await made;
    } finally {
      if (this.makingCopies.get(callId) === entry) this.makingCopies.delete(callId);
    }
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

  protected async getRow(db: Db, callId: string): Promise<Call | null> {
    return this.findOne(db, eq(calls.id, callId));
  }

  protected async findOne(db: Db, where: SQL | undefined): Promise<Call | null> {
    const [row] = await db.select(CALL_COLUMNS).from(calls).where(where).limit(1);
    return row ?? null;
  }
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

/** GET /v1/calls/:id's read: who may see the call, and its view. */
export interface StoredViewRead {
  call: Pick<Call, 'id' | 'repId' | 'teamId'>;
  view: StoredView;
  /**
   * Scored before the coaching list was stored with the analysis: the view has none yet, and the
   * reader computes it (services/intake/call-coaching.ts) and reads again.
   */
  coachingPending: boolean;
}

/**
 * The call view (call, utterances, and the analysis once scored) as JSON text, built by the
 * database in one statement. Used to store the view with the analysis and to build it on read.
 */
export function viewQuery(callId: string): SQL {
  return sql`select json_build_object(
        'call', json_build_object(
          'id', c.id, 'externalId', c.external_id, 'repId', c.rep_id, 'teamId', c.team_id,
          -- null while a recording's transcript has not decided it (industryPending): a placeholder is stored
          'industry', case when c.source = 'audio' and c.industry_source = 'inferred'
                                and c.industry_inference is null then null else c.industry end,
          'industrySource', c.industry_source,
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
          'coaching', c.coaching,
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

/** A Date from a Date or ISO text; anything else is an InvalidInput error naming the field. */
export function toDate(value: Date | string, field: string): Date {
  const d = value instanceof Date ? new Date(value.getTime()) : new Date(value);
  if (Number.isNaN(d.getTime())) {
    throw new AppError(ErrorCode.InvalidInput, `${field} is not a valid date: ${String(value)}`, {
      problems: [{ path: field, message: 'is not a valid date' }],
    });
  }
  return d;
}
