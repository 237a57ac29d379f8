import { type SQL, sql } from 'drizzle-orm';
import { AuditRepository } from './audit.repository.js';
import type { Db } from './db.js';
import { PrivacyRepository } from './privacy.repository.js';

/** Arbitrary constant key of the advisory lock that keeps retention runs from overlapping. */
const RETENTION_LOCK_KEY = 73_051_613;

/** The audit action of a retention run (one entry per run that was not a dry run). */
export const RETENTION_ACTION = 'privacy.retention';

/** The repositories a retention run works with, all inside its transaction. */
export interface RetentionTx {
  retention: RetentionRepository;
  privacy: PrivacyRepository;
  audit: AuditRepository;
}

/**
 * What retention deletes and blanks, by age (PIPL storage limitation). A run is one transaction
 * holding a PostgreSQL advisory lock: a second run in any process finds the lock taken and
 * skips instead of running twice. Calls are aged by when they happened (`occurred_at`).
 */
export class RetentionRepository {
  constructor(private readonly db: Db) {}

  /**
   * Runs `fn` in one transaction holding the retention lock; `{ ran: false }` at once when
   * another run holds it. Nothing `fn` did is kept if it throws.
   */
  async exclusive<T>(fn: (tx: RetentionTx) => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
    return this.db.transaction(async (tx) => {
      const got = await rowsOf<{ ok: boolean }>(
        tx,
        sql`select pg_try_advisory_xact_lock(${RETENTION_LOCK_KEY}) as ok`,
      );
      if (!got[0]?.ok) return { ran: false as const };
      const value = await fn({
        retention: new RetentionRepository(tx),
        privacy: new PrivacyRepository(tx),
        audit: new AuditRepository(tx),
      });
      return { ran: true as const, value };
    });
  }

  // Calls past the analyses window: removed whole, through the erasure's scope.

  /** Calls that happened before `cutoff`, oldest first (a page of them). */
  async callsBefore(cutoff: Date, limit: number, offset = 0): Promise<string[]> {
    const rows = await rowsOf<{ id: string }>(
      this.db,
      sql`select id from calls where occurred_at < ${cutoff.toISOString()}
          order by occurred_at, id limit ${limit} offset ${offset}`,
    );
    return rows.map((r) => r.id);
  }

  async countCallsBefore(cutoff: Date): Promise<number> {
    return countOf(
      this.db,
      sql`select count(*)::int as n from calls where occurred_at < ${cutoff.toISOString()}`,
    );
  }

  /** Day sums of rep aggregates for local days before `day` (YYYY-MM-DD): their calls are gone. */
  async deleteDayAggregatesBefore(day: string, dryRun: boolean): Promise<number> {
    const where = sql`day < ${day}`;
    if (dryRun)
      return countOf(this.db, sql`select count(*)::int as n from rep_day_aggregates where ${where}`);
    return rowsOf(this.db, sql`delete from rep_day_aggregates where ${where} returning 1`).then(
      (r) => r.length,
    );
  }

  // Transcripts past their window: the words go, the scores stay.

  /**
   * Calls before `cutoff` (and not before `since`, when given) that still hold transcript text:
   * utterances, search words, a stored view, customer fields, appeal quotes.
   */
  async transcriptCallsBefore(
    cutoff: Date,
    since: Date | null = null,
  ): Promise<{ calls: number; utterances: number }> {
    const rows = await rowsOf<{ calls: number; utterances: number }>(
      this.db,
      sql`select count(*)::int as calls, coalesce(sum(u.n), 0)::int as utterances
          from calls c left join (select call_id, count(*)::int as n from utterances group by call_id) u
            on u.call_id = c.id
          where ${transcriptHeld(cutoff)} ${since ? sql`and c.occurred_at >= ${since.toISOString()}` : sql``}`,
    );
    return rows[0] ?? { calls: 0, utterances: 0 };
  }

  /**
   * Deletes the utterances of calls before `cutoff` and blanks every copy of their words: the
   * search words, the stored call view, the customer fields, the quotes and previews of their
   * appeals. Returns the counts.
   */
  async blankTranscriptsBefore(cutoff: Date): Promise<{ calls: number; utterances: number }> {
    const counts = await this.transcriptCallsBefore(cutoff);
    if (counts.calls === 0) return counts;
    const ids = sql`select c.id from calls c where ${transcriptHeld(cutoff)}`;
    await this.db.execute(sql`update appeals set quote = '', preview = null where call_id in (${ids})`);
    // Findings keep their labels, spans and scores; the words they quote go with the transcript.
    await this.db.execute(
      sql`update findings set term = null, evidence = evidence - ${TEXT_EVIDENCE_KEYS}::text[]
          where call_id in (${ids})`,
    );
    await this.db.execute(sql`delete from utterances where call_id in (${ids})`);
    await this.db.execute(
      sql`update calls set search_text = '', view_json = null, view_etag = null, view_br = null, view_gzip = null,
            customer = null, updated_at = now()
          where id in (${ids})`,
    );
    return counts;
  }

  // Recordings past their window: the file goes, the call keeps a note that it went.

  /** Calls before `cutoff` (not before `since`, when given) whose recording is still stored. */
  async recordingsBefore(cutoff: Date, since: Date | null = null): Promise<{ id: string; path: string }[]> {
    return rowsOf<{ id: string; path: string }>(
      this.db,
      sql`select id, audio->>'path' as path from calls
          where occurred_at < ${cutoff.toISOString()} and audio->>'path' is not null
            and audio->>'removedAt' is null
            ${since ? sql`and occurred_at >= ${since.toISOString()}` : sql``}
          order by id`,
    );
  }

  /** Marks these calls' recordings removed (the file itself is deleted by the caller). */
  async markRecordingsRemoved(callIds: readonly string[], at: Date): Promise<void> {
    if (callIds.length === 0) return;
    await this.db.execute(
      sql`update calls set audio = audio || ${JSON.stringify({ removedAt: at.toISOString() })}::jsonb,
            view_json = null, view_etag = null, view_br = null, view_gzip = null, updated_at = now()
          where id in (${list(callIds)})`,
    );
  }

  /** Of these recording paths, the ones another call still keeps (the same recording stored once). */
  async pathsStillUsed(paths: readonly string[]): Promise<Set<string>> {
    if (paths.length === 0) return new Set();
    const rows = await rowsOf<{ path: string }>(
      this.db,
      sql`select distinct audio->>'path' as path from calls
          where audio->>'path' in (${list(paths)}) and audio->>'removedAt' is null`,
    );
    return new Set(rows.map((r) => r.path));
  }

  // Feedback packs, sent notifications, audit entries: rows deleted by age.

  async deletePacksBefore(cutoff: Date, dryRun: boolean): Promise<number> {
    return this.deleteOrCount('feedback_packs', sql`created_at < ${cutoff.toISOString()}`, dryRun);
  }

  /** Sent or given-up notifications (the outbox keeps pending ones whatever their age). */
  async deleteNotificationsBefore(cutoff: Date, dryRun: boolean): Promise<number> {
    return this.deleteOrCount(
      'notifications',
      sql`created_at < ${cutoff.toISOString()} and status <> 'pending'`,
      dryRun,
    );
  }

  async deleteAuditBefore(cutoff: Date, dryRun: boolean): Promise<number> {
    return this.deleteOrCount('audit_log', sql`at < ${cutoff.toISOString()}`, dryRun);
  }

  /** The audit entry of the latest retention run, if any. */
  async lastRun(): Promise<{ id: number; at: Date; actorUserId: string | null; after: unknown } | null> {
    const rows = await rowsOf<{
      id: number;
      at: string | Date;
      actor_user_id: string | null;
      after: unknown;
    }>(
      this.db,
      sql`select id, at, actor_user_id, after from audit_log where action = ${RETENTION_ACTION}
          order by id desc limit 1`,
    );
    const r = rows[0];
    return r ? { id: Number(r.id), at: new Date(r.at), actorUserId: r.actor_user_id, after: r.after } : null;
  }

  private async deleteOrCount(
    table: 'feedback_packs' | 'notifications' | 'audit_log',
    where: SQL,
    dryRun: boolean,
  ): Promise<number> {
    const t = sql.raw(table);
    if (dryRun) return countOf(this.db, sql`select count(*)::int as n from ${t} where ${where}`);
    return (await rowsOf(this.db, sql`delete from ${t} where ${where} returning 1`)).length;
  }
}

/** A call before `cutoff` that still holds words of its transcript somewhere. */
function transcriptHeld(cutoff: Date): SQL {
  return sql`c.occurred_at < ${cutoff.toISOString()} and (
    exists (select 1 from utterances x where x.call_id = c.id)
    or c.search_text <> '' or c.view_json is not null or c.customer is not null
    or exists (select 1 from appeals a where a.call_id = c.id and (a.quote <> '' or a.preview is not null))
    or exists (select 1 from findings f where f.call_id = c.id
               and (f.term is not null or f.evidence ?| ${TEXT_EVIDENCE_KEYS}::text[])))`;
}

/**
 * Evidence fields of a finding that quote the transcript's words: what was heard where a lexicon
 * term matched through pinyin, the model's weightiest n-grams, the words of each handling
 * technique. The term column is blanked too (a pattern's term is the words it matched).
 */
const TEXT_EVIDENCE_ARRAY = ['surface', 'modelEvidence', 'techniqueEvidence'] as const;
const TEXT_EVIDENCE_KEYS = `{${TEXT_EVIDENCE_ARRAY.join(',')}}`;

function list(values: readonly string[]): SQL {
  return sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );
}

async function rowsOf<T>(db: Db, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

async function countOf(db: Db, query: SQL): Promise<number> {
  return Number((await rowsOf<{ n: number }>(db, query))[0]?.n ?? 0);
}
