import type { z } from 'zod';
import { AppError, ErrorCode } from '../../models/errors.js';
import type { Goal, GoalRepository } from '../../models/goal.repository.js';
import type { FeedbackService } from './feedback.service.js';
import { comparatorFor, goalMetrics, goalPeriod } from './goals.core.js';
import {
  type GoalBody,
  type GoalView,
  goalView,
  type ZGoalList,
  type ZGoalMetricList,
} from './goals.schema.js';
import { KPIS } from './kpis.js';
import { packGoal } from './pack.core.js';
import { daysBetween, localDay } from './time.js';

/** Longest goal period, days. */
const MAX_PERIOD_DAYS = 92;

export interface GoalServiceDeps {
  feedback: FeedbackService;
  goals: GoalRepository;
}

/**
 * Growth goals: the metrics a goal may name, setting one (the target checked against the metric's
 * unit, the period resolved in the team's time zone), reading and cancelling, each goal sent with
 * its evaluation now. Who may do what is the caller's access check (services/access/policy.ts).
 */
export class GoalService {
  constructor(private readonly deps: GoalServiceDeps) {}

  /** `GET /v1/goal-metrics`. */
  metrics(): z.infer<typeof ZGoalMetricList> {
    return {
      items: goalMetrics().map((id) => {
        const k = KPIS.get(id)!;
        return { id, nameZh: k.nameZh, unit: k.unit, comparator: comparatorFor(id) };
      }),
    };
  }

  /** Sets a goal for `rep`; a bad target or period is an InvalidInput error naming the field. */
  async create(
    rep: { id: string; teamId: string | null },
    body: GoalBody,
    createdBy: string,
  ): Promise<GoalView> {
    const kpi = KPIS.get(body.metric)!;
    const bad = (path: string, message: string) =>
      new AppError(ErrorCode.InvalidInput, `${path}: ${message}`, { problems: [{ path, message }] });
    if (kpi.unit === 'ratio' && (body.target < 0 || body.target > 1))
      throw bad('target', `${body.metric} is a fraction from 0 to 1 (0.85 = 85%)`);
    if (body.target < 0) throw bad('target', 'must not be negative');
    const today = localDay(new Date(), this.deps.feedback.timeZone);
    const period = typeof body.period === 'string' ? goalPeriod(body.period, today) : body.period;
    if (period.from > period.to) throw bad('period', 'from must not be after to');
    if (daysBetween(period.from, period.to) + 1 > MAX_PERIOD_DAYS)
      throw bad('period', `may span at most ${MAX_PERIOD_DAYS} days`);
    if (period.to < today) throw bad('period', 'must not end before today');
    const goal = await this.deps.goals.create({
      repId: rep.id,
      teamId: rep.teamId,
      metric: body.metric,
      comparator: comparatorFor(body.metric),
      target: body.target,
      periodFrom: period.from,
      periodTo: period.to,
      minCalls: body.minCalls,
      note: body.note ?? null,
      createdBy,
    });
    return this.view(goal);
  }

  /** A rep's goals, each evaluated now. */
  async listForRep(repId: string): Promise<z.infer<typeof ZGoalList>> {
    const goals = await this.deps.goals.listForRep(repId);
    return { items: await Promise.all(goals.map((g) => this.view(g))) };
  }

  /** The goal `id`; NotFound for an id that cannot exist or does not. */
  async find(id: string): Promise<Goal> {
    const goal = /^[A-Za-z0-9_.-]{1,120}$/.test(id) ? await this.deps.goals.get(id) : null;
    if (!goal) throw new AppError(ErrorCode.NotFound, `goal ${id} not found`);
    return goal;
  }

  /** Cancels the goal `id` and returns it. */
  async cancel(id: string): Promise<GoalView> {
    return this.view(await this.deps.goals.cancel(id));
  }

  /** A goal as the API sends it, with its evaluation now. */
  async view(goal: Goal): Promise<GoalView> {
    return goalView(goal, packGoal(goal, await this.deps.feedback.evaluate(goal)));
  }
}
