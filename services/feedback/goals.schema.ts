import { z } from 'zod';
import type { Goal } from '../../models/goal.repository.js';
import { GOAL_STATES, GOAL_STATUSES } from '../../models/schema.js';
import { goalMetrics, goalSpecOf } from './goals.core.js';
import type { PackGoal } from './pack.core.js';
import { ZKpiUnit, ZPackGoal } from './pack.schema.js';
import { isDay } from './time.js';

/**
 * The goal routes' answers (`GET /v1/goal-metrics`, `/v1/reps/{id}/goals`, `/v1/goals/{id}`):
 * the schemas the OpenAPI document names, from which the web's goal types are generated. The view
 * functions below are typed by them, so the compiler checks what the server sends against them;
 * tests/api/goal-appeal-shapes.api.test.ts parses real answers with them.
 */

const ZDay = z.string().refine(isDay, 'must be a date YYYY-MM-DD');

/** `POST /v1/reps/{id}/goals`: a new goal. */
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
export type GoalBody = z.infer<typeof ZGoalBody>;

/** One metric a goal may be set on. */
export const ZGoalMetric = z.strictObject({
  id: z.string(),
  nameZh: z.string(),
  unit: ZKpiUnit,
  /** `>=` when higher is better, `<=` when lower is. */
  comparator: z.enum(['>=', '<=']),
});

/** `GET /v1/goal-metrics`. */
export const ZGoalMetricList = z.strictObject({ items: z.array(ZGoalMetric) });

/** A goal as stored, with its evaluation now. */
export const ZGoalView = z.strictObject({
  id: z.string(),
  repId: z.string(),
  teamId: z.string().nullable(),
  metric: z.string(),
  comparator: z.enum(['>=', '<=']),
  target: z.number(),
  periodFrom: z.string(),
  periodTo: z.string(),
  minCalls: z.number().int(),
  note: z.string().nullable(),
  status: z.enum(GOAL_STATUSES),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  /** The last automatic evaluation (null before the first). */
  state: z.enum(GOAL_STATES).nullable(),
  value: z.number().nullable(),
  callCount: z.number().int().nullable(),
  callIds: z.array(z.string()).nullable(),
  evaluatedAt: z.string().nullable(),
  /** The evaluation as of this request. */
  evaluation: ZPackGoal,
});
export type GoalView = z.infer<typeof ZGoalView>;

/** `GET /v1/reps/{id}/goals`. */
export const ZGoalList = z.strictObject({ items: z.array(ZGoalView) });

/** A stored goal and its evaluation now, as the API sends them. */
export function goalView(goal: Goal, evaluation: PackGoal): GoalView {
  return {
    id: goal.id,
    repId: goal.repId,
    teamId: goal.teamId,
    ...goalSpecOf(goal),
    note: goal.note,
    status: goal.status,
    createdBy: goal.createdBy,
    createdAt: goal.createdAt.toISOString(),
    state: goal.state,
    value: goal.value,
    callCount: goal.callCount,
    callIds: goal.callIds,
    evaluatedAt: goal.evaluatedAt?.toISOString() ?? null,
    evaluation,
  };
}
