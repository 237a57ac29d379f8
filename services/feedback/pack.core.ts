/**
 * The feedback pack a manager takes into a 1:1: built from objective call data only (the rep's
 * scored calls with appeal corrections applied, the team's and the top reps' figures). Pure:
 * the service gathers the inputs, this assembles the JSON the API returns and the renderers read.
 */
import type { z } from 'zod';
import { DIMENSION_NAMES_ZH, DIMENSIONS } from '../../lexicons/scorecard.schema.js';
import type { Benchmark } from './benchmark.core.js';
import type { Gap } from './gaps.core.js';
import { GOAL_STATE_NAMES_ZH, type GoalEvaluation } from './goals.core.js';
import { KEY_METRICS, KPIS, type PeriodStats, roundFor } from './kpis.js';
import type { ZFeedbackPackData, ZPackGoal } from './pack.schema.js';
import type { Suggestion } from './suggestions.core.js';
import type { Trend } from './trend.core.js';

export const PACK_FORMAT_VERSION = 1;

/** A goal with its evaluation, as a pack and the goal routes show it (pack.schema.ts is the one source). */
export type PackGoal = z.infer<typeof ZPackGoal>;

/** The pack's JSON, as the API sends it and the renderers read it (pack.schema.ts is the one source). */
export type FeedbackPackData = z.infer<typeof ZFeedbackPackData>;

export interface PackInputs {
  rep: FeedbackPackData['rep'];
  trigger: FeedbackPackData['trigger'];
  asOf: Date;
  timeZone: string;
  window: FeedbackPackData['window'];
  repStats: PeriodStats;
  benchmark: Benchmark;
  benchmarkOptions: { fraction: number; minReps: number };
  trend: Trend;
  gaps: Gap[];
  suggestions: Suggestion[];
  goals: PackGoal[];
  appeals: { id: string; callId: string; status: string; label: string | null; filedAt: Date; dueAt: Date }[];
  underAppealCallIds: string[];
  concerns: FeedbackPackData['concerns'];
  sourceCalls: {
    id: string;
    revision: number;
    lexiconVersion: string | null;
    scorecardVersion: string | null;
  }[];
}

const r1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

export function buildPack(i: PackInputs): FeedbackPackData {
  const { repStats: rep, benchmark: b } = i;
  const distinct = (xs: (string | null)[]) => [...new Set(xs.filter((x): x is string => x !== null))].sort();
  return {
    formatVersion: PACK_FORMAT_VERSION,
    rep: i.rep,
    trigger: i.trigger,
    asOf: i.asOf.toISOString(),
    timeZone: i.timeZone,
    window: i.window,
    calls: {
      count: rep.calls,
      underAppeal: i.underAppealCallIds.length,
      underAppealCallIds: i.underAppealCallIds,
    },
    benchmark: {
      fraction: i.benchmarkOptions.fraction,
      minReps: i.benchmarkOptions.minReps,
      rankedReps: b.ranked.length,
      groupSize: b.groupSize,
      reps: b.ranked.slice(0, b.groupSize).map((r) => ({ id: r.repId, name: r.name, total: r1(r.total)! })),
      repIsInGroup: b.topRepIds.includes(i.rep.id),
    },
    radar: DIMENSIONS.map((d) => ({
      id: d,
      nameZh: DIMENSION_NAMES_ZH[d],
      rep: r1(rep.dimensions[d]),
      team: r1(b.team.dimensions[d]),
      top: r1(b.top.dimensions[d]),
    })),
    total: { rep: r1(rep.total), team: r1(b.team.total), top: r1(b.top.total) },
    metrics: KEY_METRICS.map((id) => {
      const k = KPIS.get(id)!;
      return {
        id,
        nameZh: k.nameZh,
        unit: k.unit,
        rep: roundFor(k.unit, rep.kpis[id] ?? null),
        team: roundFor(k.unit, b.team.kpis[id] ?? null),
        top: roundFor(k.unit, b.top.kpis[id] ?? null),
      };
    }),
    trend: i.trend,
    gaps: i.gaps,
    suggestions: i.suggestions,
    goals: i.goals,
    appeals: i.appeals.map((a) => ({
      id: a.id,
      callId: a.callId,
      status: a.status,
      label: a.label,
      filedAt: a.filedAt.toISOString(),
      dueAt: a.dueAt.toISOString(),
    })),
    concerns: i.concerns,
    sources: {
      lexiconVersions: distinct(i.sourceCalls.map((c) => c.lexiconVersion)),
      scorecardVersions: distinct(i.sourceCalls.map((c) => c.scorecardVersion)),
      calls: i.sourceCalls.map((c) => ({ id: c.id, revision: c.revision })),
    },
  };
}

export function packGoal(
  goal: {
    id: string;
    metric: string;
    comparator: string;
    target: number;
    periodFrom: string;
    periodTo: string;
    minCalls: number;
  },
  e: GoalEvaluation,
): PackGoal {
  const k = KPIS.get(goal.metric);
  return {
    id: goal.id,
    metric: goal.metric,
    nameZh: k?.nameZh ?? goal.metric,
    unit: k?.unit ?? 'ratio',
    comparator: goal.comparator === '<=' ? '<=' : '>=',
    target: goal.target,
    periodFrom: goal.periodFrom,
    periodTo: goal.periodTo,
    minCalls: goal.minCalls,
    state: e.state,
    stateZh: GOAL_STATE_NAMES_ZH[e.state],
    value: e.value,
    calls: e.calls,
    callIds: e.callIds,
  };
}
