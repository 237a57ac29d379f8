/**
 * Growth goals: a process metric, a target and a period of local days. Evaluated from the calls
 * of the period: on track / behind while it runs, achieved / missed once it has ended, and too
 * few calls (never a miss) when fewer than `minCalls` calls had data for the metric.
 */
import type { GoalState } from '../../models/schema.js';
import { type Counters, sumCounters } from './facts.core.js';
import { KPIS } from './kpis.js';
import { addDays, weekMonday } from './time.js';

export interface GoalSpec {
  metric: string;
  comparator: '>=' | '<=';
  target: number;
  periodFrom: string;
  periodTo: string;
  minCalls: number;
}

/** The criteria of a stored goal (its comparator column holds '>=' or '<='; anything else reads as '>='). */
export function goalSpecOf(
  goal: GoalSpec | (Omit<GoalSpec, 'comparator'> & { comparator: string }),
): GoalSpec {
  return {
    metric: goal.metric,
    comparator: goal.comparator === '<=' ? '<=' : '>=',
    target: goal.target,
    periodFrom: goal.periodFrom,
    periodTo: goal.periodTo,
    minCalls: goal.minCalls,
  };
}

/** Facts of one call (only calls that occurred before the evaluation time). */
export interface GoalFact {
  callId: string;
  day: string;
  counters: Readonly<Counters>;
}

export type GoalEvaluationState = GoalState | 'not_started';

export interface GoalEvaluation {
  state: GoalEvaluationState;
  value: number | null;
  /** Calls of the period with data for the metric, which the value comes from. */
  calls: number;
  callIds: string[];
  periodEnded: boolean;
}

export const GOAL_STATE_NAMES_ZH: Record<GoalEvaluationState, string> = {
  on_track: '进行中·达标',
  behind: '进行中·未达标',
  achieved: '已达成',
  missed: '未达成',
  too_few_calls: '通话不足，无法判断',
  not_started: '未开始',
};

/** Metrics a goal may name: every KPI but the total score (goals are about behaviour). */
export function goalMetrics(): string[] {
  return [...KPIS.keys()].filter((k) => k !== 'total');
}

/** The comparator a metric's goals use: at least for higher-is-better metrics, at most otherwise. */
export function comparatorFor(metric: string): '>=' | '<=' {
  return KPIS.get(metric)?.better === 'lower' ? '<=' : '>=';
}

/** Period shortcuts: this ISO week or next, from `today` (a local day). */
export function goalPeriod(kind: 'this_week' | 'next_week', today: string): { from: string; to: string } {
  const monday = addDays(weekMonday(today), kind === 'next_week' ? 7 : 0);
  return { from: monday, to: addDays(monday, 6) };
}

export function evaluateGoal(goal: GoalSpec, facts: readonly GoalFact[], today: string): GoalEvaluation {
  const kpi = KPIS.get(goal.metric);
  if (!kpi) throw new Error(`unknown goal metric ${goal.metric}`);
  const periodEnded = today > goal.periodTo;
  const inPeriod = facts
    .filter((f) => f.day >= goal.periodFrom && f.day <= goal.periodTo && kpi.hasData(f.counters))
    .sort((a, b) => (a.callId < b.callId ? -1 : 1));
  const value = kpi.value(sumCounters(inPeriod.map((f) => f.counters)));
  const base = {
    value: value === null ? null : Math.round(value * 10_000) / 10_000,
    calls: inPeriod.length,
    callIds: inPeriod.map((f) => f.callId),
    periodEnded,
  };
  if (today < goal.periodFrom) return { state: 'not_started', ...base };
  if (inPeriod.length < goal.minCalls || value === null) return { state: 'too_few_calls', ...base };
  const met = goal.comparator === '>=' ? value >= goal.target : value <= goal.target;
  if (periodEnded) return { state: met ? 'achieved' : 'missed', ...base };
  return { state: met ? 'on_track' : 'behind', ...base };
}
