import { and, asc, count, desc, eq, gte, inArray, isNull, max, sql } from 'drizzle-orm';
import type { Db } from './db.js';
import { AppError, ErrorCode } from './errors.js';
import {
  type ChangeRequestStatus,
  calls,
  dimensionScores,
  findings,
  lexiconChangeRequests,
  lexiconVersions,
  rescoreResults,
  rescoreRuns,
  users,
  utterances,
} from './schema.js';
import type { Utterance } from './transcript.js';
import { isUniqueViolation, newId } from './user.repository.js';

export type LexiconVersion = typeof lexiconVersions.$inferSelect;
export type ChangeRequest = typeof lexiconChangeRequests.$inferSelect;
export type RescoreRun = typeof rescoreRuns.$inferSelect;
export type RescoreResult = typeof rescoreResults.$inferSelect;

export interface StoredCallResult {
  id: string;
  repId: string;
  /** The rep's name as the web UI shows it. */
  repName: string;
  occurredAt: Date;
  /** The customer as given with the call (name and company), null when none was. */
  customer: { name: string | null; company: string | null } | null;
  total: number | null;
  utterances: Utterance[];
  findingIds: string[];
  findings: { id: string; utteranceId: string; label: string; term: string | null }[];
  dimensions: Record<string, number | null>;
}

/** The name and company of a call's stored customer (validated as ZCustomer on the way in). */
function customerOf(c: Record<string, unknown> | null): StoredCallResult['customer'] {
  if (!c) return null;
  const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v : null);
  const customer = { name: text(c.name), company: text(c.company) };
  return customer.name === null && customer.company === null ? null : customer;
}

/** Lexicon and scorecard versions per industry, change requests, rescore runs. */
/** The row of `industry`'s draft numbered `sequence`, while it is still a draft. */
function draftAt(industry: string, sequence: number) {
  return and(
    eq(lexiconVersions.industry, industry),
    eq(lexiconVersions.sequence, sequence),
    eq(lexiconVersions.status, 'draft'),
  );
}

export class LexiconVersionRepository {
  constructor(private readonly db: Db) {}

  async transaction<T>(fn: (repo: LexiconVersionRepository) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) => fn(new LexiconVersionRepository(tx as unknown as Db)));
  }

  /** Stores the shipped content as sequence 1 of an industry that has no version yet. */
  async seed(
    industry: string,
    versionId: string,
    lexicon: Record<string, unknown>,
    scorecard: Record<string, unknown> | null,
  ): Promise<boolean> {
    const r = await this.db
      .insert(lexiconVersions)
      .values({
        industry,
        sequence: 1,
        versionId,
        status: 'published',
        lexicon,
        scorecard,
        note: 'shipped files',
        publishedAt: new Date(),
      })
      .onConflictDoNothing()
      .returning({ sequence: lexiconVersions.sequence });
    return r.length > 0;
  }

  /** The highest published sequence per industry (what every process polls). */
  async currentSequences(): Promise<Map<string, number>> {
    const rows = await this.db
      .select({ industry: lexiconVersions.industry, sequence: max(lexiconVersions.sequence) })
      .from(lexiconVersions)
      .where(eq(lexiconVersions.status, 'published'))
      .groupBy(lexiconVersions.industry);
    return new Map(rows.map((r) => [r.industry, r.sequence ?? 0]));
  }

  async current(industry: string): Promise<LexiconVersion | null> {
    const [row] = await this.db
      .select()
      .from(lexiconVersions)
      .where(and(eq(lexiconVersions.industry, industry), eq(lexiconVersions.status, 'published')))
      .orderBy(desc(lexiconVersions.sequence))
      .limit(1);
    return row ?? null;
  }

  async get(industry: string, sequence: number): Promise<LexiconVersion | null> {
    const [row] = await this.db
      .select()
      .from(lexiconVersions)
      .where(and(eq(lexiconVersions.industry, industry), eq(lexiconVersions.sequence, sequence)));
    return row ?? null;
  }

  async draft(industry: string): Promise<LexiconVersion | null> {
    const [row] = await this.db
      .select()
      .from(lexiconVersions)
      .where(and(eq(lexiconVersions.industry, industry), eq(lexiconVersions.status, 'draft')));
    return row ?? null;
  }

  async list(industry: string): Promise<LexiconVersion[]> {
    return this.db
      .select()
      .from(lexiconVersions)
      .where(eq(lexiconVersions.industry, industry))
      .orderBy(desc(lexiconVersions.sequence));
  }

  async industries(): Promise<
    { industry: string; sequence: number; versionId: string | null; hasDraft: boolean }[]
  > {
    const rows = await this.db
      .select({
        industry: lexiconVersions.industry,
        sequence: sql<number>`max(${lexiconVersions.sequence}) filter (where ${lexiconVersions.status} = 'published')`,
        hasDraft: sql<boolean>`bool_or(${lexiconVersions.status} = 'draft')`,
      })
      .from(lexiconVersions)
      .groupBy(lexiconVersions.industry)
      .orderBy(asc(lexiconVersions.industry));
    const out = [];
    for (const r of rows) {
      const v = await this.get(r.industry, Number(r.sequence));
      out.push({
        industry: r.industry,
        sequence: Number(r.sequence),
        versionId: v?.versionId ?? null,
        hasDraft: !!r.hasDraft,
      });
    }
    return out;
  }

  /** A draft copied from the current published version (copy-on-write), with the next sequence. */
  async createDraft(industry: string, userId: string | null): Promise<LexiconVersion> {
    const base = await this.current(industry);
    if (!base) throw new AppError(ErrorCode.NotFound, `no lexicon for industry "${industry}"`);
    const [top] = await this.db
      .select({ n: max(lexiconVersions.sequence) })
      .from(lexiconVersions)
      .where(eq(lexiconVersions.industry, industry));
    try {
      const [row] = await this.db
        .insert(lexiconVersions)
        .values({
          industry,
          sequence: (top?.n ?? 0) + 1,
          status: 'draft',
          lexicon: base.lexicon,
          scorecard: base.scorecard,
          basedOn: base.sequence,
          createdBy: userId,
        })
        .returning();
      return row!;
    } catch (err) {
      if (isUniqueViolation(err)) {
        const existing = await this.draft(industry);
        if (existing) return existing;
      }
      throw err;
    }
  }

  async saveDraft(
    industry: string,
    sequence: number,
    content: { lexicon?: Record<string, unknown>; scorecard?: Record<string, unknown> | null },
  ): Promise<LexiconVersion> {
    const [row] = await this.db
      .update(lexiconVersions)
      .set({ ...content, updatedAt: new Date() })
      .where(draftAt(industry, sequence))
      .returning();
    if (!row) throw new AppError(ErrorCode.Conflict, `${industry} draft ${sequence} is no longer a draft`);
    return row;
  }

  async discardDraft(industry: string): Promise<boolean> {
    const r = await this.db
      .update(lexiconVersions)
      .set({ status: 'discarded', updatedAt: new Date() })
      .where(and(eq(lexiconVersions.industry, industry), eq(lexiconVersions.status, 'draft')))
      .returning();
    return r.length > 0;
  }

  /** Publishes the draft as `versionId` (its sequence was reserved when it was drafted). */
  async publishDraft(
    industry: string,
    sequence: number,
    versionId: string,
    userId: string | null,
    note: string | null,
  ) {
    const [row] = await this.db
      .update(lexiconVersions)
      .set({
        status: 'published',
        versionId,
        publishedBy: userId,
        publishedAt: new Date(),
        note,
        updatedAt: new Date(),
      })
      .where(draftAt(industry, sequence))
      .returning();
    if (!row)
      throw new AppError(
        ErrorCode.Conflict,
        `${industry} draft ${sequence} was published or discarded meanwhile`,
      );
    return row;
  }

  /** Publishes earlier content again under the next sequence (rollback). */
  async republish(
    industry: string,
    of: LexiconVersion,
    sequence: number,
    versionId: string,
    userId: string | null,
    note: string | null,
  ): Promise<LexiconVersion> {
    const [row] = await this.db
      .insert(lexiconVersions)
      .values({
        industry,
        sequence,
        versionId,
        status: 'published',
        lexicon: of.lexicon,
        scorecard: of.scorecard,
        basedOn: of.sequence,
        rollbackOf: of.sequence,
        note,
        createdBy: userId,
        publishedBy: userId,
        publishedAt: new Date(),
      })
      .returning();
    return row!;
  }

  async nextSequence(industry: string): Promise<number> {
    const [top] = await this.db
      .select({ n: max(lexiconVersions.sequence) })
      .from(lexiconVersions)
      .where(eq(lexiconVersions.industry, industry));
    return (top?.n ?? 0) + 1;
  }

  // Change requests

  async addChangeRequest(
    industry: string,
    appealId: string | null,
    change: Record<string, unknown>,
  ): Promise<ChangeRequest> {
    const [row] = await this.db
      .insert(lexiconChangeRequests)
      .values({ id: newId('lcr'), industry, appealId, change })
      .returning();
    return row!;
  }

  async changeRequest(id: string): Promise<ChangeRequest | null> {
    const [row] = await this.db.select().from(lexiconChangeRequests).where(eq(lexiconChangeRequests.id, id));
    return row ?? null;
  }

  async changeRequests(industry: string, status?: ChangeRequestStatus): Promise<ChangeRequest[]> {
    return this.db
      .select()
      .from(lexiconChangeRequests)
      .where(
        and(
          eq(lexiconChangeRequests.industry, industry),
          status ? eq(lexiconChangeRequests.status, status) : undefined,
        ),
      )
      .orderBy(asc(lexiconChangeRequests.createdAt), asc(lexiconChangeRequests.id));
  }

  async decideChangeRequest(
    id: string,
    status: 'accepted' | 'declined',
    userId: string,
    note: string | null,
    draftSequence: number | null,
  ): Promise<ChangeRequest> {
    const [row] = await this.db
      .update(lexiconChangeRequests)
      .set({ status, decidedBy: userId, decidedAt: new Date(), note, draftSequence })
      .where(and(eq(lexiconChangeRequests.id, id), eq(lexiconChangeRequests.status, 'pending')))
      .returning();
    if (!row) throw new AppError(ErrorCode.Conflict, `change request ${id} was already decided`);
    return row;
  }

  // Rescore runs

  /** A new run; `total` is the estimate shown until the rescore job has planned the run. */
  async createRun(input: {
    industry: string;
    versionId: string;
    since: Date | null;
    createdBy: string | null;
    total: number;
  }): Promise<RescoreRun> {
    const [row] = await this.db
      .insert(rescoreRuns)
      .values({ id: newId('rescore'), ...input })
      .returning();
    return row!;
  }

  async run(id: string): Promise<RescoreRun | null> {
    const [row] = await this.db.select().from(rescoreRuns).where(eq(rescoreRuns.id, id));
    return row ?? null;
  }

  async runs(industry: string, limit = 20): Promise<RescoreRun[]> {
    return this.db
      .select()
      .from(rescoreRuns)
      .where(eq(rescoreRuns.industry, industry))
      .orderBy(desc(rescoreRuns.createdAt))
      .limit(limit);
  }

  /**
   * Sets how many calls the run covers and marks it planned; finishes it when they are all in
   * already (or none).
   */
  async setRunTotal(id: string, total: number): Promise<RescoreRun | null> {
    return this.db.transaction(async (tx) => {
      const [run] = await tx
        .update(rescoreRuns)
        .set({ total, plannedAt: new Date() })
        .where(eq(rescoreRuns.id, id))
        .returning();
      if (run && total === 0) {
        const [done] = await tx
          .update(rescoreRuns)
          .set({ status: 'done', finishedAt: new Date() })
          .where(eq(rescoreRuns.id, id))
          .returning();
        return done ?? null;
      }
      return finishIfComplete(tx as unknown as Db, run);
    });
  }

  /** Records one call's before/after and advances the run (done when every call is in). */
  async recordResult(
    result: Omit<typeof rescoreResults.$inferInsert, 'at'>,
    changed: boolean,
  ): Promise<RescoreRun | null> {
    return this.db.transaction(async (tx) => {
      const inserted = await tx.insert(rescoreResults).values(result).onConflictDoNothing().returning();
      if (inserted.length === 0) return null; // already recorded (a retried job)
      const [run] = await tx
        .update(rescoreRuns)
        .set({
          done: sql`${rescoreRuns.done} + 1`,
          changed: changed ? sql`${rescoreRuns.changed} + 1` : sql`${rescoreRuns.changed}`,
        })
        .where(eq(rescoreRuns.id, result.runId))
        .returning();
      return finishIfComplete(tx as unknown as Db, run);
    });
  }

  async recordFailure(runId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [run] = await tx
        .update(rescoreRuns)
        .set({ failed: sql`${rescoreRuns.failed} + 1` })
        .where(eq(rescoreRuns.id, runId))
        .returning();
      await finishIfComplete(tx as unknown as Db, run);
    });
  }

  async results(
    runId: string,
    options: { changedOnly?: boolean; limit?: number } = {},
  ): Promise<RescoreResult[]> {
    return this.db
      .select()
      .from(rescoreResults)
      .where(
        and(
          eq(rescoreResults.runId, runId),
          options.changedOnly
            ? sql`(${rescoreResults.beforeTotal} is distinct from ${rescoreResults.afterTotal}
                   or ${rescoreResults.beforeDimensions}::jsonb is distinct from ${rescoreResults.afterDimensions}::jsonb
                   or ${rescoreResults.findingsAdded} > 0 or ${rescoreResults.findingsRemoved} > 0)`
            : undefined,
        ),
      )
      .orderBy(asc(rescoreResults.callId))
      .limit(options.limit ?? 100);
  }

  /**
   * Ids of the scored calls of an industry, or of several (a parent lexicon and the industries
   * that extend it), optionally since a date, oldest first, in pages.
   */
  async scoredCallIds(
    industry: string | readonly string[],
    since: Date | null,
    afterId: string | null,
    limit: number,
  ): Promise<string[]> {
    const rows = await this.db
      .select({ id: calls.id })
      .from(calls)
      .where(
        and(
          typeof industry === 'string'
            ? eq(calls.industry, industry)
            : inArray(calls.industry, [...industry]),
          eq(calls.status, 'scored'),
          since ? gte(calls.occurredAt, since) : undefined,
          afterId ? sql`${calls.id} > ${afterId}` : undefined,
        ),
      )
      .orderBy(asc(calls.id))
      .limit(limit);
    return rows.map((r) => r.id);
  }

  /** How many scored calls an industry (or several) has, optionally since a date. */
  async countScored(industry: string | readonly string[], since: Date | null): Promise<number> {
    const [row] = await this.db
      .select({ n: count() })
      .from(calls)
      .where(
        and(
          typeof industry === 'string'
            ? eq(calls.industry, industry)
            : inArray(calls.industry, [...industry]),
          eq(calls.status, 'scored'),
          since ? gte(calls.occurredAt, since) : undefined,
        ),
      );
    return row?.n ?? 0;
  }

  /** The most recent scored calls of an industry (what-if sample). */
  async recentScoredCallIds(industry: string, limit: number): Promise<string[]> {
    const rows = await this.db
      .select({ id: calls.id })
      .from(calls)
      .where(and(eq(calls.industry, industry), eq(calls.status, 'scored')))
      .orderBy(desc(calls.occurredAt), desc(calls.id))
      .limit(limit);
    return rows.map((r) => r.id);
  }

  /** A call's stored result without its transcript (the "before" of a rescore). */
  async storedScores(callId: string): Promise<{
    total: number | null;
    findingIds: string[];
    dimensions: Record<string, number | null>;
  } | null> {
    const [callRows, findingRows, dimRows] = await Promise.all([
      this.db.select({ total: calls.total }).from(calls).where(eq(calls.id, callId)),
      this.db
        .select({ id: findings.id })
        .from(findings)
        .where(and(eq(findings.callId, callId), eq(findings.suppressed, false))),
      this.db.select().from(dimensionScores).where(eq(dimensionScores.callId, callId)),
    ]);
    const call = callRows[0];
    if (!call) return null;
    return {
      total: call.total,
      findingIds: findingRows.map((f) => f.id),
      dimensions: Object.fromEntries(dimRows.map((d) => [d.dimension, d.score])),
    };
  }

  /** Stored transcripts and results of calls, in bulk (a what-if over many calls). */
  async storedResults(ids: readonly string[]): Promise<StoredCallResult[]> {
    if (ids.length === 0) return [];
    const list = [...ids];
    const [callRows, utteranceRows, findingRows, dimRows] = await Promise.all([
      this.db
        .select({
          id: calls.id,
          repId: calls.repId,
          repName: users.name,
          occurredAt: calls.occurredAt,
          customer: calls.customer,
          total: calls.total,
        })
        .from(calls)
        .innerJoin(users, eq(users.id, calls.repId))
        .where(inArray(calls.id, list)),
      this.db
        .select()
        .from(utterances)
        .where(inArray(utterances.callId, list))
        .orderBy(asc(utterances.callId), asc(utterances.idx)),
      this.db
        .select({
          callId: findings.callId,
          id: findings.id,
          utteranceId: findings.utteranceId,
          label: findings.label,
          term: findings.term,
        })
        .from(findings)
        .where(and(inArray(findings.callId, list), eq(findings.suppressed, false))),
      this.db.select().from(dimensionScores).where(inArray(dimensionScores.callId, list)),
    ]);
    const byCall = new Map<string, StoredCallResult>();
    for (const c of callRows) {
      byCall.set(c.id, {
        ...c,
        customer: customerOf(c.customer),
        utterances: [],
        findingIds: [],
        findings: [],
        dimensions: {},
      });
    }
    for (const u of utteranceRows) {
      byCall.get(u.callId)?.utterances.push({
        id: u.id,
        speaker: u.speaker,
        start: u.startMs,
        end: u.endMs,
        text: u.text,
      });
    }
    for (const f of findingRows) {
      const c = byCall.get(f.callId);
      if (!c) continue;
      c.findingIds.push(f.id);
      c.findings.push(f);
    }
    for (const d of dimRows) {
      const c = byCall.get(d.callId);
      if (c) c.dimensions[d.dimension] = d.score;
    }
    return list.map((id) => byCall.get(id)).filter((c): c is StoredCallResult => !!c);
  }

  async unfinishedRuns(): Promise<RescoreRun[]> {
    return this.db
      .select()
      .from(rescoreRuns)
      .where(and(eq(rescoreRuns.status, 'running'), isNull(rescoreRuns.finishedAt)));
  }

  async runsByIds(ids: readonly string[]): Promise<RescoreRun[]> {
    if (ids.length === 0) return [];
    return this.db
      .select()
      .from(rescoreRuns)
      .where(inArray(rescoreRuns.id, [...ids]));
  }
}

async function finishIfComplete(db: Db, run: RescoreRun | undefined): Promise<RescoreRun | null> {
  if (!run) return null;
  // Before planning, `total` is an estimate: reaching it must not end a run still being queued.
  if (run.status === 'running' && run.plannedAt && run.total > 0 && run.done + run.failed >= run.total) {
    const [done] = await db
      .update(rescoreRuns)
      .set({ status: 'done', finishedAt: new Date() })
      .where(eq(rescoreRuns.id, run.id))
      .returning();
    return done ?? run;
  }
  return run;
}
