import { randomBytes } from 'node:crypto';
import { and, asc, eq, gte, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Db } from './db.js';
import { AppError, ErrorCode } from './errors.js';
import { type GoalState, growthGoals, users } from './schema.js';

export type Goal = typeof growthGoals.$inferSelect;

export interface NewGoal {
  repId: string;
  teamId: string | null;
  metric: string;
  comparator: '>=' | '<=';
  target: number;
  periodFrom: string;
  periodTo: string;
  minCalls: number;
  note?: string | null;
  createdBy: string | null;
}

export interface StoredEvaluation {
  /** null: the period has not started. */
  state: GoalState | null;
  value: number | null;
  calls: number;
  callIds: readonly string[];
  at: Date;
}

/** Goals of a rep that may run at the same time. */
export const MAX_ACTIVE_GOALS = 2;

export class GoalRepository {
  constructor(private readonly db: Db) {}

  /**
   * Creates a goal. A rep has at most {@link MAX_ACTIVE_GOALS} active goals whose period overlaps
   * the new one (a conflict otherwise); concurrent creations for one rep serialise on the rep row.
   */
  async create(input: NewGoal): Promise<Goal> {
    return this.db.transaction(async (tx) => {
      const [rep] = await tx
        .select({ id: users.id })
        .from(users)
        .where(eq(users.id, input.repId))
        .for('update');
      if (!rep) throw new AppError(ErrorCode.NotFound, `rep ${input.repId} not found`);
      const overlapping = await tx
        .select({ id: growthGoals.id, metric: growthGoals.metric })
        .from(growthGoals)
        .where(
          and(
            eq(growthGoals.repId, input.repId),
            eq(growthGoals.status, 'active'),
            sql`${growthGoals.periodFrom} <= ${input.periodTo} and ${growthGoals.periodTo} >= ${input.periodFrom}`,
          ),
        );
      if (overlapping.length >= MAX_ACTIVE_GOALS) {
        throw new AppError(
          ErrorCode.Conflict,
          `rep ${input.repId} already has ${overlapping.length} active goals in ${input.periodFrom}..${input.periodTo} (at most ${MAX_ACTIVE_GOALS}); cancel one first`,
          { goalIds: overlapping.map((g) => g.id) },
        );
      }
      if (overlapping.some((g) => g.metric === input.metric)) {
        throw new AppError(
          ErrorCode.Conflict,
          `rep ${input.repId} already has an active ${input.metric} goal in that period`,
          { goalIds: overlapping.filter((g) => g.metric === input.metric).map((g) => g.id) },
        );
      }
      const [goal] = await tx
        .insert(growthGoals)
        .values({
          id: `goal-${randomBytes(6).toString('hex')}`,
          repId: input.repId,
          teamId: input.teamId,
          metric: input.metric,
          comparator: input.comparator,
          target: input.target,
          periodFrom: input.periodFrom,
          periodTo: input.periodTo,
          minCalls: input.minCalls,
          note: input.note ?? null,
          createdBy: input.createdBy,
        })
        .returning();
      return goal!;
    });
  }

  async get(id: string): Promise<Goal | null> {
    const [goal] = await this.db.select().from(growthGoals).where(eq(growthGoals.id, id));
    return goal ?? null;
  }

  /** A rep's goals, newest period first; `sinceDay`: only those ending on or after it. */
  async listForRep(
    repId: string,
    options: { sinceDay?: string; activeOnly?: boolean } = {},
  ): Promise<Goal[]> {
    return this.db
      .select()
      .from(growthGoals)
      .where(
        and(
          eq(growthGoals.repId, repId),
          options.sinceDay ? gte(growthGoals.periodTo, options.sinceDay) : undefined,
          options.activeOnly ? eq(growthGoals.status, 'active') : undefined,
        ),
      )
      .orderBy(sql`${growthGoals.periodFrom} desc`, asc(growthGoals.createdAt), asc(growthGoals.id));
  }

  /** Goals of these reps, as {@link listForRep} lists them per rep, in one query. */
  async listForReps(
    repIds: readonly string[],
    options: { sinceDay?: string; activeOnly?: boolean } = {},
  ): Promise<Goal[]> {
    if (repIds.length === 0) return [];
    return this.db
      .select()
      .from(growthGoals)
      .where(
        and(
          inArray(growthGoals.repId, [...repIds]),
          options.sinceDay ? gte(growthGoals.periodTo, options.sinceDay) : undefined,
          options.activeOnly ? eq(growthGoals.status, 'active') : undefined,
        ),
      )
      .orderBy(sql`${growthGoals.periodFrom} desc`, asc(growthGoals.createdAt), asc(growthGoals.id));
  }

  /**
   * Active goals the daily evaluation must look at: never evaluated, or ending on or after
   * `sinceDay` (earlier ones were settled by an evaluation after their end). Optionally of some reps.
   */
  async listToEvaluate(sinceDay: string, repIds?: readonly string[]): Promise<Goal[]> {
    if (repIds && repIds.length === 0) return [];
    return this.db
      .select()
      .from(growthGoals)
      .where(
        and(
          eq(growthGoals.status, 'active'),
          or(isNull(growthGoals.evaluatedAt), gte(growthGoals.periodTo, sinceDay)),
          repIds ? inArray(growthGoals.repId, [...repIds]) : undefined,
        ),
      )
      .orderBy(asc(growthGoals.repId), asc(growthGoals.id));
  }

  async cancel(id: string): Promise<Goal> {
    const [goal] = await this.db
      .update(growthGoals)
      .set({ status: 'cancelled' })
      .where(eq(growthGoals.id, id))
      .returning();
    if (!goal) throw new AppError(ErrorCode.NotFound, `goal ${id} not found`);
    return goal;
  }

  /** Stores the evaluations of several goals in one statement. */
  async saveEvaluations(list: readonly { id: string; evaluation: StoredEvaluation }[]): Promise<void> {
    if (list.length === 0) return;
    const rows = list.map(({ id, evaluation: e }) => {
      const callIds =
        e.callIds.length === 0
          ? sql`array[]::text[]`
          : sql`array[${sql.join(
              e.callIds.map((c) => sql`${c}`),
              sql`, `,
            )}]::text[]`;
      return sql`(${id}::text, ${e.state}::text, ${e.value}::float8, ${e.calls}::int, ${callIds}, ${e.at.toISOString()}::timestamptz)`;
    });
    await this.db.execute(sql`
      update growth_goals g
      set state = v.state, value = v.value, call_count = v.calls, call_ids = v.call_ids, evaluated_at = v.at
      from (values ${sql.join(rows, sql`, `)}) as v(id, state, value, calls, call_ids, at)
      where g.id = v.id`);
  }

  async saveEvaluation(id: string, e: StoredEvaluation): Promise<void> {
    await this.db
      .update(growthGoals)
      .set({ state: e.state, value: e.value, callCount: e.calls, callIds: [...e.callIds], evaluatedAt: e.at })
      .where(eq(growthGoals.id, id));
  }
}
