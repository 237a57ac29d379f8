import { and, asc, eq, gte, inArray, lt, lte, or, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Db } from './db.js';
import {
  type CallStatus,
  callFacts,
  calls,
  dimensionScores,
  findings,
  repDayAggregates,
  scoreItems,
  utterances,
} from './schema.js';

/** The stored final analysis of a call, as the aggregation reads it. */
export interface FactSource {
  call: {
    id: string;
    repId: string;
    teamId: string | null;
    industry: string;
    occurredAt: Date;
    status: CallStatus;
    revision: number;
    lexiconVersion: string | null;
    scorecardVersion: string | null;
    total: number | null;
    metrics: Record<string, unknown> | null;
  };
  dimensions: Record<string, number | null>;
  scoreItems: { metric: string; score: number | null; value: number | null }[];
  /** Counted findings only: those an accepted correction suppressed are left out. */
  findings: { label: string; utteranceId: string; term: string | null; evidence: Record<string, unknown> }[];
  utterances: { id: string; speaker: string; start: number; end: number }[];
}

export interface NewFact {
  callId: string;
  repId: string;
  teamId: string;
  day: string;
  occurredAt: Date;
  revision: number;
  industry: string;
  lexiconVersion: string | null;
  scorecardVersion: string | null;
  counters: Record<string, number>;
  /** Per need/objection term of the call: [needs, objections] (a pack's concern terms). */
  concerns: Record<string, [number, number]>;
}

/** Stored facts as the aggregates read them (the concern terms are summed in SQL instead). */
export type FactRow = Omit<NewFact, 'concerns'>;

export interface DayBucket {
  teamId: string;
  repId: string;
  day: string;
  isoWeek: string;
  calls: number;
  counters: Record<string, number>;
  updatedAt: Date;
}

export interface PeriodFilter {
  /** Rows of these reps (any team) … */
  repIds?: readonly string[];
  /** … or of this team ('' = calls without a team); with `repIds`, rows of both at once. */
  teamId?: string;
  fromDay: string;
  toDay: string;
}

/** A call of a window as a pack cites it, with its place among the most recent calls. */
export interface WindowCall {
  callId: string;
  repId: string;
  occurredAt: Date;
  revision: number;
  lexiconVersion: string | null;
  scorecardVersion: string | null;
  /** 1 for the most recent call of the whole read (newest first; ties by call id), 2 for the next… */
  recency: number;
}

/** Namespace of the advisory locks that serialise updates of one rep-day bucket. */
const LOCK_SPACE = 730_516;

/**
 * Aggregation storage of the feedback packs: one row of additive counters per scored call
 * (`call_facts`) and their sums per team, rep and local day (`rep_day_aggregates`). Replacing a
 * call's facts re-sums only the day buckets it touches, so one newly scored or rescored call
 * never recomputes its team.
 */
export class AggregateRepository {
  constructor(private readonly db: Db) {}

  /**
   * The final analysis of each call that exists (in the order of `callIds`). `utterances` holds,
   * in call order, only those a counted finding with one of `actionLabels` sits on or an implicit
   * need names as identified by: all the timing the aggregation needs, without the whole transcript.
   */
  async loadSources(callIds: readonly string[], actionLabels: readonly string[]): Promise<FactSource[]> {
    if (callIds.length === 0) return [];
    const ids = [...callIds];
    const [callRows, dimRows, itemRows, findingRows, utteranceRows] = await Promise.all([
      this.db
        .select({
          id: calls.id,
          repId: calls.repId,
          teamId: calls.teamId,
          industry: calls.industry,
          occurredAt: calls.occurredAt,
          status: calls.status,
          revision: calls.revision,
          lexiconVersion: calls.lexiconVersion,
          scorecardVersion: calls.scorecardVersion,
          total: calls.total,
          metrics: calls.metrics,
        })
        .from(calls)
        .where(inArray(calls.id, ids)),
      this.db
        .select({
          callId: dimensionScores.callId,
          dimension: dimensionScores.dimension,
          score: dimensionScores.score,
        })
        .from(dimensionScores)
        .where(inArray(dimensionScores.callId, ids)),
      this.db
        .select({
          callId: scoreItems.callId,
          metric: scoreItems.metric,
          score: scoreItems.score,
          value: scoreItems.value,
        })
        .from(scoreItems)
        .where(inArray(scoreItems.callId, ids))
        .orderBy(asc(scoreItems.callId), asc(scoreItems.idx)),
      this.db
        .select({
          callId: findings.callId,
          label: findings.label,
          utteranceId: findings.utteranceId,
          term: findings.term,
          evidence: findings.evidence,
        })
        .from(findings)
        .where(and(inArray(findings.callId, ids), eq(findings.suppressed, false)))
        .orderBy(asc(findings.callId), asc(findings.idx)),
      this.db
        .select({
          callId: utterances.callId,
          id: utterances.id,
          speaker: utterances.speaker,
          start: utterances.startMs,
          end: utterances.endMs,
        })
        .from(utterances)
        .where(
          sql`(${utterances.callId}, ${utterances.id}) in (
            select ${findings.callId}, ${findings.utteranceId} from ${findings}
            where ${and(inArray(findings.callId, ids), eq(findings.suppressed, false), inArray(findings.label, [...actionLabels]))}
            union
            select ${findings.callId}, ${findings.evidence} ->> 'identifiedBy' from ${findings}
            where ${and(inArray(findings.callId, ids), eq(findings.suppressed, false), eq(findings.label, 'need.implicit'))}
              and jsonb_typeof(${findings.evidence} -> 'identifiedBy') = 'string')`,
        )
        .orderBy(asc(utterances.callId), asc(utterances.idx)),
    ]);
    const group = <T extends { callId: string }>(rows: T[]) => {
      const m = new Map<string, Omit<T, 'callId'>[]>();
      for (const { callId, ...rest } of rows) {
        let list = m.get(callId);
        if (!list) {
          list = [];
          m.set(callId, list);
        }
        list.push(rest);
      }
      return m;
    };
    const dims = group(dimRows);
    const items = group(itemRows);
    const fs = group(findingRows);
    const us = group(utteranceRows);
    const byId = new Map(callRows.map((c) => [c.id, c]));
    return ids
      .filter((id) => byId.has(id))
      .map((id) => ({
        call: byId.get(id)!,
        dimensions: Object.fromEntries((dims.get(id) ?? []).map((d) => [d.dimension, d.score])),
        scoreItems: items.get(id) ?? [],
        findings: fs.get(id) ?? [],
        utterances: us.get(id) ?? [],
      }));
  }

  /**
   * Stores the facts of these calls (replacing earlier ones) and re-sums every day bucket they
   * enter or leave, in one transaction. Buckets are locked in a fixed order, so concurrent
   * updates of the same rep and day serialise instead of losing a call.
   */
  async replaceFacts(rows: readonly NewFact[]): Promise<{ buckets: number }> {
    if (rows.length === 0) return { buckets: 0 };
    return this.db.transaction(async (tx) => {
      const ids = rows.map((r) => r.callId);
      const previous = await tx
        .select({ teamId: callFacts.teamId, repId: callFacts.repId, day: callFacts.day })
        .from(callFacts)
        .where(inArray(callFacts.callId, ids))
        .for('update');
      const keys = new Map<string, { teamId: string; repId: string; day: string }>();
      for (const k of [...previous, ...rows]) {
        keys.set(`${k.teamId}|${k.repId}|${k.day}`, { teamId: k.teamId, repId: k.repId, day: k.day });
      }
      const sorted = [...keys].sort(([a], [b]) => (a < b ? -1 : 1));
      for (const [key] of sorted) {
        await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_SPACE}, hashtext(${key}))`);
      }
      for (let i = 0; i < rows.length; i += 500) {
        await tx
          .insert(callFacts)
          .values(rows.slice(i, i + 500).map((r) => ({ ...r, updatedAt: new Date() })))
          .onConflictDoUpdate({
            target: callFacts.callId,
            set: {
              repId: sql`excluded.rep_id`,
              teamId: sql`excluded.team_id`,
              day: sql`excluded.day`,
              occurredAt: sql`excluded.occurred_at`,
              revision: sql`excluded.revision`,
              industry: sql`excluded.industry`,
              lexiconVersion: sql`excluded.lexicon_version`,
              scorecardVersion: sql`excluded.scorecard_version`,
              counters: sql`excluded.counters`,
              concerns: sql`excluded.concerns`,
              updatedAt: sql`excluded.updated_at`,
            },
          });
      }
      const list = sorted.map(([, k]) => k);
      for (let i = 0; i < list.length; i += 500) await resumBuckets(tx, list.slice(i, i + 500));
      return { buckets: list.length };
    });
  }

  /**
   * Scored calls whose facts are missing or older than the call (a revision or a correction
   * after the facts were taken) or lack a fact added since they were taken (the concern terms,
   * migration 0011): the backlog a team run catches up before it reads aggregates.
   */
  async callsNeedingFacts(filter: { teamId?: string | null; limit: number }): Promise<string[]> {
    const rows = await this.db
      .select({ id: calls.id })
      .from(calls)
      .leftJoin(callFacts, eq(callFacts.callId, calls.id))
      .where(
        and(
          eq(calls.status, 'scored'),
          filter.teamId === undefined
            ? undefined
            : filter.teamId === null
              ? sql`${calls.teamId} is null`
              : eq(calls.teamId, filter.teamId),
          or(
            sql`${callFacts.callId} is null`,
            sql`${callFacts.revision} <> ${calls.revision}`,
            lt(callFacts.updatedAt, calls.updatedAt),
            sql`${callFacts.concerns} is null`,
          ),
        ),
      )
      .orderBy(asc(calls.id))
      .limit(filter.limit);
    return rows.map((r) => r.id);
  }

  /** Day buckets in [fromDay, toDay] of some reps or of a team. */
  async dayBuckets(filter: PeriodFilter): Promise<DayBucket[]> {
    const who = whoFilter(filter, repDayAggregates.repId, repDayAggregates.teamId);
    if (who === false) return [];
    return this.db
      .select()
      .from(repDayAggregates)
      .where(and(who, gte(repDayAggregates.day, filter.fromDay), lte(repDayAggregates.day, filter.toDay)))
      .orderBy(asc(repDayAggregates.repId), asc(repDayAggregates.day), asc(repDayAggregates.teamId));
  }

  /** Call facts in [fromDay, toDay] of some reps or of a team, optionally only calls before `before`. */
  async facts(filter: PeriodFilter & { before?: Date }): Promise<FactRow[]> {
    const who = whoFilter(filter, callFacts.repId, callFacts.teamId);
    if (who === false) return [];
    return this.db
      .select({
        callId: callFacts.callId,
        repId: callFacts.repId,
        teamId: callFacts.teamId,
        day: callFacts.day,
        occurredAt: callFacts.occurredAt,
        revision: callFacts.revision,
        industry: callFacts.industry,
        lexiconVersion: callFacts.lexiconVersion,
        scorecardVersion: callFacts.scorecardVersion,
        counters: callFacts.counters,
      })
      .from(callFacts)
      .where(
        and(
          who,
          gte(callFacts.day, filter.fromDay),
          lte(callFacts.day, filter.toDay),
          filter.before ? lt(callFacts.occurredAt, filter.before) : undefined,
        ),
      )
      .orderBy(asc(callFacts.occurredAt), asc(callFacts.callId));
  }

  /**
   * The calls of a window (before `before`) of some reps or of a team, oldest first, without
   * their counters; `recency` orders them newest first (the order example searches start from).
   */
  async windowCalls(filter: PeriodFilter & { before: Date }): Promise<WindowCall[]> {
    const who = whoFilter(filter, callFacts.repId, callFacts.teamId);
    if (who === false) return [];
    return this.db
      .select({
        callId: callFacts.callId,
        repId: callFacts.repId,
        occurredAt: callFacts.occurredAt,
        revision: callFacts.revision,
        lexiconVersion: callFacts.lexiconVersion,
        scorecardVersion: callFacts.scorecardVersion,
        recency:
          sql<number>`row_number() over (order by ${callFacts.occurredAt} desc, ${callFacts.callId})`.mapWith(
            Number,
          ),
      })
      .from(callFacts)
      .where(
        and(
          who,
          gte(callFacts.day, filter.fromDay),
          lte(callFacts.day, filter.toDay),
          lt(callFacts.occurredAt, filter.before),
        ),
      )
      .orderBy(asc(callFacts.occurredAt), asc(callFacts.callId));
  }
}

/**
 * Rows of the reps (any team), of the team, or — both given — of either: a team run reads its
 * reps' own figures and the team's in one query.
 */
function whoFilter(filter: PeriodFilter, repCol: PgColumn, teamCol: PgColumn): SQL | undefined | false {
  const reps =
    filter.repIds === undefined || filter.repIds.length === 0
      ? undefined
      : inArray(repCol, [...filter.repIds]);
  const team = filter.teamId === undefined ? undefined : eq(teamCol, filter.teamId);
  if (reps && team) return or(reps, team);
  if (reps) return reps;
  if (team) return team;
  return filter.repIds === undefined ? undefined : false;
}

/** Re-sums the buckets of these keys from the call facts; a bucket left without calls is removed. */
async function resumBuckets(
  tx: Db,
  keys: readonly { teamId: string; repId: string; day: string }[],
): Promise<void> {
  const values = sql.join(
    keys.map((k) => sql`(${k.teamId}::text, ${k.repId}::text, ${k.day}::text)`),
    sql`, `,
  );
  await tx.execute(sql`
    with keys(team_id, rep_id, day) as (values ${values}),
    sums as (
      select f.team_id, f.rep_id, f.day, e.key, round(sum(e.value::float8)::numeric, 6)::float8 as s
      from call_facts f
      join keys k on k.team_id = f.team_id and k.rep_id = f.rep_id and k.day = f.day
      cross join lateral jsonb_each_text(f.counters) e
      group by f.team_id, f.rep_id, f.day, e.key
    )
    insert into rep_day_aggregates (team_id, rep_id, day, iso_week, calls, counters, updated_at)
    select team_id, rep_id, day, to_char(day::date, 'IYYY-"W"IW'),
           coalesce((jsonb_object_agg(key, s) ->> 'calls')::float8, 0)::int, jsonb_object_agg(key, s), now()
    from sums group by team_id, rep_id, day
    on conflict (team_id, rep_id, day) do update
      set iso_week = excluded.iso_week, calls = excluded.calls, counters = excluded.counters,
          updated_at = excluded.updated_at`);
  await tx.execute(sql`
    with keys(team_id, rep_id, day) as (values ${values})
    delete from rep_day_aggregates a using keys k
    where a.team_id = k.team_id and a.rep_id = k.rep_id and a.day = k.day
      and not exists (select 1 from call_facts f
                      where f.team_id = k.team_id and f.rep_id = k.rep_id and f.day = k.day)`);
}
