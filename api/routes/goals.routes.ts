import { Router } from 'express';
import { z } from 'zod';
import { AppError, ErrorCode } from '../../models/errors.js';
import type { Goal, GoalRepository } from '../../models/goal.repository.js';
import type { UserRepository } from '../../models/user.repository.js';
import { authorize } from '../../services/access/policy.js';
import type { FeedbackService } from '../../services/feedback/feedback.service.js';
import { comparatorFor, goalMetrics, goalPeriod } from '../../services/feedback/goals.core.js';
import { KPIS } from '../../services/feedback/kpis.js';
import { packGoal } from '../../services/feedback/pack.core.js';
import { daysBetween, isDay, localDay } from '../../services/feedback/time.js';
import { requireUser } from '../middleware/auth.js';
import { findVisibleRep } from './feedback.routes.js';

export interface GoalRouteDeps {
  feedback: FeedbackService;
  goals: GoalRepository;
  users: Pick<UserRepository, 'findUser' | 'getUser'>;
}

const ZDay = z.string().refine(isDay, 'must be a date YYYY-MM-DD');

export const ZGoalBody = z.strictObject({
  /** A process metric (see GET /v1/goal-metrics), e.g. restatement_accuracy. */
  metric: z.string().refine((m) => goalMetrics().includes(m), {
    message: `must be one of: ${goalMetrics().join(', ')}`,
  }),
  /** In the metric's unit: ratios are fractions (0.85 = 85%), durations ms or seconds as the metric says. */
  target: z.number().finite(),
  /** this_week, next_week, or explicit local days (inclusive). */
  period: z.union([z.enum(['this_week', 'next_week']), z.strictObject({ from: ZDay, to: ZDay })]),
  /** Fewer calls with data in the period than this: reported as too few calls (default 3). */
  minCalls: z.number().int().min(1).max(100).default(3),
  note: z.string().max(500).optional(),
});

/** Longest goal period, days. */
const MAX_PERIOD_DAYS = 92;

export function goalsRoutes(deps: GoalRouteDeps): Router {
  const r = Router();

  const present = async (goal: Goal) => ({
    ...goal,
    evaluation: packGoal(goal, await deps.feedback.evaluate(goal)),
  });

  r.get('/v1/goal-metrics', (_req, res) => {
    res.json({
      items: goalMetrics().map((id) => {
        const k = KPIS.get(id)!;
        return { id, nameZh: k.nameZh, unit: k.unit, comparator: comparatorFor(id) };
      }),
    });
  });

  r.post('/v1/reps/:id/goals', async (req, res) => {
    const user = requireUser(req);
    const body = ZGoalBody.parse(req.body ?? {});
    const rep = await findVisibleRep(deps.users, user, req.params.id, 'goal.create');
    const kpi = KPIS.get(body.metric)!;
    const bad = (path: string, message: string) =>
      new AppError(ErrorCode.InvalidInput, `${path}: ${message}`, { problems: [{ path, message }] });
    if (kpi.unit === 'ratio' && (body.target < 0 || body.target > 1))
      throw bad('target', `${body.metric} is a fraction from 0 to 1 (0.85 = 85%)`);
    if (body.target < 0) throw bad('target', 'must not be negative');
    const today = localDay(new Date(), deps.feedback.timeZone);
    const period = typeof body.period === 'string' ? goalPeriod(body.period, today) : body.period;
    if (period.from > period.to) throw bad('period', 'from must not be after to');
    if (daysBetween(period.from, period.to) + 1 > MAX_PERIOD_DAYS)
      throw bad('period', `may span at most ${MAX_PERIOD_DAYS} days`);
    if (period.to < today) throw bad('period', 'must not end before today');
    const goal = await deps.goals.create({
      repId: rep.id,
      teamId: rep.teamId,
      metric: body.metric,
      comparator: comparatorFor(body.metric),
      target: body.target,
      periodFrom: period.from,
      periodTo: period.to,
      minCalls: body.minCalls,
      note: body.note ?? null,
      createdBy: user.id,
    });
    res.status(201).json(await present(goal));
  });

  r.get('/v1/reps/:id/goals', async (req, res) => {
    const user = requireUser(req);
    const rep = await findVisibleRep(deps.users, user, req.params.id);
    const goals = await deps.goals.listForRep(rep.id);
    res.json({ items: await Promise.all(goals.map(present)) });
  });

  const findGoal = async (id: string) => {
    const goal = /^[A-Za-z0-9_.-]{1,120}$/.test(id) ? await deps.goals.get(id) : null;
    if (!goal) throw new AppError(ErrorCode.NotFound, `goal ${id} not found`);
    return goal;
  };

  r.get('/v1/goals/:id', async (req, res) => {
    const user = requireUser(req);
    const goal = await findGoal(req.params.id);
    await findVisibleRep(deps.users, user, goal.repId).catch(() => {
      throw new AppError(ErrorCode.NotFound, `goal ${req.params.id} not found`);
    });
    res.json(await present(goal));
  });

  r.delete('/v1/goals/:id', async (req, res) => {
    const user = requireUser(req);
    const goal = await findGoal(req.params.id);
    const rep = await findVisibleRep(deps.users, user, goal.repId).catch(() => {
      throw new AppError(ErrorCode.NotFound, `goal ${req.params.id} not found`);
    });
    authorize(user, 'goal.cancel', rep, `goal ${req.params.id} not found`);
    res.json(await present(await deps.goals.cancel(goal.id)));
  });

  return r;
}
