import { and, asc, desc, eq, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { AppliedCorrection, Correction } from './appeal.js';
import type { Db } from './db.js';
import { AppError, ErrorCode } from './errors.js';
import {
  type AppealStatus,
  appeals,
  callOverrides,
  notifications,
  reviewerPools,
  teams,
  users,
  utterances,
} from './schema.js';
import { isUniqueViolation, newId } from './user.repository.js';

export type Appeal = typeof appeals.$inferSelect;
export type NewAppeal = Omit<typeof appeals.$inferInsert, 'id' | 'status' | 'updatedAt'>;
export type CallOverride = typeof callOverrides.$inferSelect;
export type ReviewerPool = typeof reviewerPools.$inferSelect;
export type Notification = typeof notifications.$inferSelect;

/** Appeals still waiting for a decision. */
export const LIVE_APPEAL_STATUSES: readonly AppealStatus[] = ['open', 'in_review'];

/** Allowed moves; a decision (accepted/rejected) and a withdrawal are final. */
export const APPEAL_TRANSITIONS: Readonly<Record<AppealStatus, readonly AppealStatus[]>> = {
  open: ['in_review', 'withdrawn', 'accepted', 'rejected'],
  in_review: ['accepted', 'rejected'],
  accepted: [],
  rejected: [],
  withdrawn: [],
};

export interface AppealFilter {
  repId?: string;
  reviewerId?: string;
  teamId?: string;
  callId?: string;
  industry?: string;
  status?: readonly AppealStatus[];
  /** Live appeals due before this time. */
  overdueAt?: Date;
  /** Accepted appeals whose correction is flagged (still disagreeing after a rescore). */
  flagged?: boolean;
  limit?: number;
  /** Id of the last appeal of the previous page (pages are ordered by due time, then id). */
  after?: { dueAt: Date; id: string } | null;
}

/** Appeals, their corrections, reviewer pools and the notification outbox. */
export class AppealRepository {
  constructor(private readonly db: Db) {}

  /** Runs `fn` with repositories bound to one transaction. */
  async transaction<T>(fn: (repo: AppealRepository, tx: Db) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) =>
      fn(new AppealRepository(tx as unknown as Db), tx as unknown as Db),
    );
  }

  async create(input: NewAppeal): Promise<Appeal> {
    try {
      const [row] = await this.db
        .insert(appeals)
        .values({ ...input, id: newId('appeal') })
        .returning();
      return row!;
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new AppError(ErrorCode.Conflict, 'this item already has an appeal', { itemKey: input.itemKey });
      }
      throw err;
    }
  }

  /** The live or decided appeal on an item (a withdrawn one does not count). */
  async findForItem(callId: string, itemKey: string): Promise<Appeal | null> {
    const [row] = await this.db
      .select()
      .from(appeals)
      .where(
        and(eq(appeals.callId, callId), eq(appeals.itemKey, itemKey), sql`${appeals.status} <> 'withdrawn'`),
      );
    return row ?? null;
  }

  async get(id: string): Promise<Appeal | null> {
    const [row] = await this.db.select().from(appeals).where(eq(appeals.id, id));
    return row ?? null;
  }

  /** Locks the appeal row for the rest of the transaction (call inside `transaction`). */
  async lock(id: string): Promise<Appeal> {
    const rows = await this.db.select().from(appeals).where(eq(appeals.id, id)).for('update');
    const row = rows[0];
    if (!row) throw new AppError(ErrorCode.NotFound, `no appeal ${id}`);
    return row;
  }

  /** Moves an appeal (checked against APPEAL_TRANSITIONS) and applies a patch, in one update. */
  async transition(
    current: Appeal,
    to: AppealStatus,
    patch: Partial<Omit<Appeal, 'id' | 'status'>> = {},
  ): Promise<Appeal> {
    if (!APPEAL_TRANSITIONS[current.status].includes(to)) {
      throw new AppError(
        ErrorCode.InvalidTransition,
        `appeal ${current.id} is ${current.status}: it cannot become ${to}`,
        { appealId: current.id, status: current.status },
      );
    }
    const [row] = await this.db
      .update(appeals)
      .set({ ...patch, status: to, updatedAt: new Date() })
      .where(and(eq(appeals.id, current.id), eq(appeals.status, current.status)))
      .returning();
    if (!row) throw new AppError(ErrorCode.Conflict, `appeal ${current.id} changed meanwhile; reload it`);
    return row;
  }

  async update(id: string, patch: Partial<Omit<Appeal, 'id' | 'status'>>): Promise<Appeal> {
    const [row] = await this.db
      .update(appeals)
      .set({ ...patch, updatedAt: new Date() })
      .where(eq(appeals.id, id))
      .returning();
    if (!row) throw new AppError(ErrorCode.NotFound, `no appeal ${id}`);
    return row;
  }

  async list(
    filter: AppealFilter = {},
  ): Promise<{ items: Appeal[]; next: { dueAt: Date; id: string } | null }> {
    const limit = Math.min(filter.limit ?? 50, 200);
    const where: (SQL | undefined)[] = [
      filter.repId ? eq(appeals.repId, filter.repId) : undefined,
      filter.reviewerId ? eq(appeals.reviewerId, filter.reviewerId) : undefined,
      filter.teamId ? eq(appeals.teamId, filter.teamId) : undefined,
      filter.callId ? eq(appeals.callId, filter.callId) : undefined,
      filter.industry ? eq(appeals.industry, filter.industry) : undefined,
      filter.status && filter.status.length > 0 ? inArray(appeals.status, [...filter.status]) : undefined,
      filter.overdueAt
        ? and(inArray(appeals.status, [...LIVE_APPEAL_STATUSES]), lt(appeals.dueAt, filter.overdueAt))
        : undefined,
      filter.flagged
        ? sql`exists (select 1 from ${callOverrides} o where o.appeal_id = ${appeals.id} and o.flagged and o.status = 'in_force')`
        : undefined,
      filter.after
        ? or(
            sql`${appeals.dueAt} > ${filter.after.dueAt.toISOString()}::timestamptz`,
            and(
              sql`${appeals.dueAt} = ${filter.after.dueAt.toISOString()}::timestamptz`,
              sql`${appeals.id} > ${filter.after.id}`,
            ),
          )
        : undefined,
    ];
    const rows = await this.db
      .select()
      .from(appeals)
      .where(and(...where))
      .orderBy(asc(appeals.dueAt), asc(appeals.id))
      .limit(limit + 1);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items, next: rows.length > limit && last ? { dueAt: last.dueAt, id: last.id } : null };
  }

  /** Live appeals past due and not yet escalated (the SLA sweep). */
  async dueForEscalation(now: Date): Promise<Appeal[]> {
    return this.db
      .select()
      .from(appeals)
      .where(
        and(
          inArray(appeals.status, [...LIVE_APPEAL_STATUSES]),
          lt(appeals.dueAt, now),
          isNull(appeals.escalatedAt),
        ),
      )
      .orderBy(asc(appeals.dueAt))
      .limit(500);
  }

  /** Appeal counts per rule and lexicon term: which rules are most often wrong. */
  async statsByRuleAndTerm(industry?: string): Promise<
    {
      rule: string | null;
      term: string | null;
      label: string | null;
      appealed: number;
      accepted: number;
      rejected: number;
    }[]
  > {
    const rows = await this.db
      .select({
        rule: appeals.rule,
        term: appeals.term,
        label: appeals.label,
        appealed: sql<number>`count(*)::int`,
        accepted: sql<number>`(count(*) filter (where ${appeals.status} = 'accepted'))::int`,
        rejected: sql<number>`(count(*) filter (where ${appeals.status} = 'rejected'))::int`,
      })
      .from(appeals)
      .where(
        and(sql`${appeals.status} <> 'withdrawn'`, industry ? eq(appeals.industry, industry) : undefined),
      )
      .groupBy(appeals.rule, appeals.term, appeals.label)
      .orderBy(desc(sql`count(*) filter (where ${appeals.status} = 'accepted')`), desc(sql`count(*)`));
    return rows;
  }

  // Corrections (overrides)

  async addOverride(callId: string, appealId: string, correction: Correction): Promise<CallOverride> {
    const [row] = await this.db
      .insert(callOverrides)
      .values({ id: newId('ovr'), callId, appealId, correction: correction as Record<string, unknown> })
      .returning();
    return row!;
  }

  async overrides(callId: string): Promise<CallOverride[]> {
    return this.db
      .select()
      .from(callOverrides)
      .where(eq(callOverrides.callId, callId))
      .orderBy(asc(callOverrides.createdAt), asc(callOverrides.id));
  }

  /** The corrections in force on a call, in the order they were accepted. */
  async corrections(callId: string): Promise<AppliedCorrection[]> {
    const rows = await this.db
      .select()
      .from(callOverrides)
      .where(and(eq(callOverrides.callId, callId), eq(callOverrides.status, 'in_force')))
      .orderBy(asc(callOverrides.createdAt), asc(callOverrides.id));
    return rows.map((r) => ({ ...(r.correction as Correction), overrideId: r.id }));
  }

  /** The corrections in force on many calls at once (a what-if over hundreds of calls). */
  async correctionsFor(callIds: readonly string[]): Promise<Map<string, AppliedCorrection[]>> {
    const out = new Map<string, AppliedCorrection[]>();
    if (callIds.length === 0) return out;
    const rows = await this.db
      .select()
      .from(callOverrides)
      .where(and(inArray(callOverrides.callId, [...callIds]), eq(callOverrides.status, 'in_force')))
      .orderBy(asc(callOverrides.createdAt), asc(callOverrides.id));
    for (const r of rows) {
      const list = out.get(r.callId) ?? [];
      list.push({ ...(r.correction as Correction), overrideId: r.id });
      out.set(r.callId, list);
    }
    return out;
  }

  async overrideOfAppeal(appealId: string): Promise<CallOverride | null> {
    const [row] = await this.db.select().from(callOverrides).where(eq(callOverrides.appealId, appealId));
    return row ?? null;
  }

  async absorb(ids: readonly string[], lexiconVersion: string): Promise<CallOverride[]> {
    if (ids.length === 0) return [];
    return this.db
      .update(callOverrides)
      .set({
        status: 'absorbed',
        absorbedAt: new Date(),
        absorbedLexiconVersion: lexiconVersion,
        flagged: false,
      })
      .where(and(inArray(callOverrides.id, [...ids]), eq(callOverrides.status, 'in_force')))
      .returning();
  }

  /** Flags corrections the machine still disagrees with; returns only the newly flagged. */
  async flag(ids: readonly string[], note: string): Promise<CallOverride[]> {
    if (ids.length === 0) return [];
    return this.db
      .update(callOverrides)
      .set({ flagged: true, flagNote: note })
      .where(
        and(
          inArray(callOverrides.id, [...ids]),
          eq(callOverrides.status, 'in_force'),
          eq(callOverrides.flagged, false),
        ),
      )
      .returning();
  }

  // Reviewer pools

  async upsertPool(input: {
    teamId: string | null;
    industry: string | null;
    reviewerIds: readonly string[];
  }): Promise<ReviewerPool> {
    const existing = await this.findPool(input.teamId, input.industry);
    if (existing) {
      const [row] = await this.db
        .update(reviewerPools)
        .set({ reviewerIds: [...input.reviewerIds] })
        .where(eq(reviewerPools.id, existing.id))
        .returning();
      return row!;
    }
    const [row] = await this.db
      .insert(reviewerPools)
      .values({
        id: newId('pool'),
        teamId: input.teamId,
        industry: input.industry,
        reviewerIds: [...input.reviewerIds],
      })
      .returning();
    return row!;
  }

  async listPools(): Promise<ReviewerPool[]> {
    return this.db.select().from(reviewerPools).orderBy(asc(reviewerPools.createdAt));
  }

  private async findPool(teamId: string | null, industry: string | null): Promise<ReviewerPool | null> {
    const [row] = await this.db
      .select()
      .from(reviewerPools)
      .where(
        and(
          teamId === null ? isNull(reviewerPools.teamId) : eq(reviewerPools.teamId, teamId),
          industry === null ? isNull(reviewerPools.industry) : eq(reviewerPools.industry, industry),
        ),
      );
    return row ?? null;
  }

  /**
   * The next reviewer for an appeal, round robin within the most specific pool that has an
   * eligible reviewer: team + industry, then team, then industry. Never `exclude` (the call's
   * rep); only active users with the reviewer role. Null when no pool applies.
   */
  async pickReviewer(teamId: string | null, industry: string, exclude: string): Promise<string | null> {
    const scopes: [string | null, string | null][] = [
      [teamId, industry],
      [teamId, null],
      [null, industry],
    ];
    for (const [t, i] of scopes) {
      if (t === null && i === null) continue;
      if (teamId === null && t !== null) continue;
      const picked = await this.db.transaction(async (tx) => {
        const rows = await tx
          .select()
          .from(reviewerPools)
          .where(
            and(
              t === null ? isNull(reviewerPools.teamId) : eq(reviewerPools.teamId, t),
              i === null ? isNull(reviewerPools.industry) : eq(reviewerPools.industry, i),
            ),
          )
          .for('update');
        const pool = rows[0];
        if (!pool || pool.reviewerIds.length === 0) return null;
        const eligible = await tx
          .select({ id: users.id })
          .from(users)
          .where(
            and(
              inArray(users.id, pool.reviewerIds),
              eq(users.active, true),
              sql`'reviewer' = any(${users.roles})`,
            ),
          );
        const ok = new Set(eligible.map((e) => e.id).filter((id) => id !== exclude));
        const n = pool.reviewerIds.length;
        for (let k = 0; k < n; k++) {
          const candidate = pool.reviewerIds[(pool.next + k) % n]!;
          if (ok.has(candidate)) {
            await tx
              .update(reviewerPools)
              .set({ next: (pool.next + k + 1) % n })
              .where(eq(reviewerPools.id, pool.id));
            return candidate;
          }
        }
        return null;
      });
      if (picked) return picked;
    }
    return null;
  }

  /** Active managers of a team (escalation of overdue appeals). */
  async teamManagers(teamId: string | null): Promise<string[]> {
    if (!teamId) return [];
    const rows = await this.db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.teamId, teamId), eq(users.active, true), sql`'manager' = any(${users.roles})`))
      .orderBy(asc(users.id));
    return rows.map((r) => r.id);
  }

  /** Active users holding a role (e.g. every lexicon editor). */
  async usersWithRole(role: string): Promise<string[]> {
    const rows = await this.db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.active, true), sql`${role} = any(${users.roles})`))
      .orderBy(asc(users.id));
    return rows.map((r) => r.id);
  }

  async slaHours(teamId: string | null): Promise<number | null> {
    if (!teamId) return null;
    const [row] = await this.db.select({ h: teams.appealSlaHours }).from(teams).where(eq(teams.id, teamId));
    return row?.h ?? null;
  }

  async setSlaHours(teamId: string, hours: number): Promise<void> {
    const r = await this.db
      .update(teams)
      .set({ appealSlaHours: hours })
      .where(eq(teams.id, teamId))
      .returning();
    if (r.length === 0) throw new AppError(ErrorCode.NotFound, `no team ${teamId}`);
  }

  // Notification outbox

  async notify(
    kind: string,
    recipients: readonly string[],
    payload: Record<string, unknown>,
  ): Promise<Notification> {
    const [row] = await this.db
      .insert(notifications)
      .values({ kind, recipients: [...recipients], payload })
      .returning();
    return row!;
  }

  async notification(id: number): Promise<Notification | null> {
    const [row] = await this.db.select().from(notifications).where(eq(notifications.id, id));
    return row ?? null;
  }

  async markNotification(
    id: number,
    outcome: { sent: true } | { sent: false; error: string; final: boolean },
  ): Promise<void> {
    await this.db
      .update(notifications)
      .set(
        outcome.sent
          ? {
              status: 'sent',
              sentAt: new Date(),
              attempts: sql`${notifications.attempts} + 1`,
              lastError: null,
            }
          : {
              status: outcome.final ? 'failed' : 'pending',
              attempts: sql`${notifications.attempts} + 1`,
              lastError: outcome.error.slice(0, 500),
            },
      )
      .where(eq(notifications.id, id));
  }

  /** Pending notifications older than `before` (lost jobs are re-sent by the sweep). */
  async pendingNotifications(before: Date): Promise<Notification[]> {
    return this.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.status, 'pending'), lt(notifications.createdAt, before)))
      .orderBy(asc(notifications.id))
      .limit(200);
  }

  async listNotifications(limit = 100): Promise<Notification[]> {
    return this.db.select().from(notifications).orderBy(desc(notifications.id)).limit(limit);
  }

  /** Calls with a live appeal (feedback packs mark them). */
  async callsUnderAppeal(callIds: readonly string[]): Promise<Set<string>> {
    if (callIds.length === 0) return new Set();
    const rows = await this.db
      .selectDistinct({ callId: appeals.callId })
      .from(appeals)
      .where(and(inArray(appeals.callId, [...callIds]), inArray(appeals.status, [...LIVE_APPEAL_STATUSES])));
    return new Set(rows.map((r) => r.callId));
  }

  /**
   * Where the appeals' sentences are in their calls now: 第N句 (from 1) and its start, keyed by
   * {@link placeKey}. A sentence no longer in its call (re-transcribed) has no entry.
   */
  async utterancePlaces(
    of: readonly { callId: string; utteranceId: string | null }[],
  ): Promise<Map<string, { index: number; startMs: number }>> {
    const wanted = of.filter((a): a is { callId: string; utteranceId: string } => a.utteranceId !== null);
    const out = new Map<string, { index: number; startMs: number }>();
    if (wanted.length === 0) return out;
    const rows = await this.db
      .select({
        callId: utterances.callId,
        id: utterances.id,
        idx: utterances.idx,
        startMs: utterances.startMs,
      })
      .from(utterances)
      .where(
        and(
          inArray(utterances.callId, [...new Set(wanted.map((a) => a.callId))]),
          inArray(utterances.id, [...new Set(wanted.map((a) => a.utteranceId))]),
        ),
      );
    for (const r of rows) out.set(placeKey(r.callId, r.id), { index: r.idx + 1, startMs: r.startMs });
    return out;
  }
}

/** The key of a sentence in {@link AppealRepository.utterancePlaces}. */
export function placeKey(callId: string, utteranceId: string): string {
  return `${callId}\u0000${utteranceId}`;
}
