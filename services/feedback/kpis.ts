/**
 * The metrics a pack, a goal and a team export speak about, computed from summed counters
 * (see facts.core.ts). Each raw metric of a scorecard item has one entry here; ratios are pooled
 * over the period.
 */
import type { z } from 'zod';
import {
  DIMENSIONS,
  type Dimension,
  SCORE_METRICS,
  type ScoreMetric,
} from '../../lexicons/scorecard.schema.js';
import type { Counters } from './facts.core.js';
import type { ZPeriodStats } from './team.schema.js';

/** How a KPI's value reads (pack.schema.ts ZKpiUnit takes its values from here). */
export const KPI_UNITS = ['ratio', 'count', 'sec', 'ms', 'points'] as const;
export type KpiUnit = (typeof KPI_UNITS)[number];

export interface Kpi {
  id: string;
  nameZh: string;
  unit: KpiUnit;
  /** Which direction is better (goals compare with >= or <= accordingly). */
  better: 'higher' | 'lower';
  /** Changes smaller than this are "flat" in a trend. */
  flat: number;
  /** The value over summed counters, null when no call had data for it. */
  value(c: Readonly<Counters>): number | null;
  /** Whether a call (its counters) contributes to the value: "the calls it came from". */
  hasData(c: Readonly<Counters>): boolean;
}

const g = (c: Readonly<Counters>, k: string) => c[k] ?? 0;
const ratio = (num: string, den: string) => ({
  value: (c: Readonly<Counters>) => (g(c, den) > 0 ? g(c, num) / g(c, den) : null),
  hasData: (c: Readonly<Counters>) => g(c, den) > 0,
});
const itemMean = (m: ScoreMetric) => ratio(`item.${m}.vsum`, `item.${m}.vn`);

function kpi(
  id: string,
  nameZh: string,
  unit: KpiUnit,
  better: 'higher' | 'lower',
  calc: Pick<Kpi, 'value' | 'hasData'>,
): Kpi {
  const flat = { ratio: 0.02, count: 0.5, sec: 5, ms: 500, points: 2 }[unit];
  return { id, nameZh, unit, better, flat, ...calc };
}

/** The raw metric behind each scorecard item, keyed by the item's metric id. */
export const ITEM_KPIS: Readonly<Record<ScoreMetric, Kpi>> = {
  opening_intro: kpi('opening_intro', '开场自我介绍比例', 'ratio', 'higher', itemMean('opening_intro')),
  opening_purpose: kpi('opening_purpose', '开场说明来意比例', 'ratio', 'higher', itemMean('opening_purpose')),
  opening_permission: kpi(
    'opening_permission',
    '开场征得同意比例',
    'ratio',
    'higher',
    itemMean('opening_permission'),
  ),
  early_engagement: kpi(
    'early_engagement',
    '前两分钟客户发言占比',
    'ratio',
    'higher',
    itemMean('early_engagement'),
  ),
  open_question_ratio: kpi(
    'open_question_ratio',
    '开放式提问占比',
    'ratio',
    'higher',
    ratio('q.open', 'q.rep'),
  ),
  question_count: kpi('question_count', '每通提问数', 'count', 'higher', ratio('q.rep', 'calls')),
  restatement_accuracy: kpi(
    'restatement_accuracy',
    '复述准确率',
    'ratio',
    'higher',
    ratio('rest.accurate', 'rest.n'),
  ),
  implicit_needs_identified: kpi(
    'implicit_needs_identified',
    '隐性需求识别率',
    'ratio',
    'higher',
    ratio('need.identified', 'need.implicit'),
  ),
  needs_linked_to_solution: kpi(
    'needs_linked_to_solution',
    '需求与方案关联率',
    'ratio',
    'higher',
    itemMean('needs_linked_to_solution'),
  ),
  evidence_use: kpi('evidence_use', '每通案例与证据次数', 'count', 'higher', itemMean('evidence_use')),
  longest_monologue_sec: kpi(
    'longest_monologue_sec',
    '最长独白',
    'sec',
    'lower',
    ratio('mono.sum', 'mono.n'),
  ),
  objections_handled: kpi(
    'objections_handled',
    '异议处理率',
    'ratio',
    'higher',
    ratio('obj.handled', 'obj.n'),
  ),
  alternatives_offered: kpi(
    'alternatives_offered',
    '备选方案提出率',
    'ratio',
    'higher',
    ratio('obj.alt', 'obj.n'),
  ),
  clarifying_questions: kpi(
    'clarifying_questions',
    '异议澄清提问率',
    'ratio',
    'higher',
    ratio('obj.clarify', 'obj.n'),
  ),
  objections_resolved: kpi(
    'objections_resolved',
    '异议化解率',
    'ratio',
    'higher',
    ratio('obj.resolved', 'obj.n'),
  ),
  objection_latency_ms: kpi(
    'objection_latency_ms',
    '异议后平均响应时长',
    'ms',
    'higher',
    ratio('obj.lat.sum', 'obj.lat.n'),
  ),
  next_step_proposed: kpi(
    'next_step_proposed',
    '下一步提出率',
    'ratio',
    'higher',
    ratio('ns.calls', 'calls'),
  ),
  next_step_dated: kpi(
    'next_step_dated',
    '下一步明确时间比例',
    'ratio',
    'higher',
    ratio('ns.dated', 'calls'),
  ),
  commitment_asked: kpi('commitment_asked', '请求承诺比例', 'ratio', 'higher', itemMean('commitment_asked')),
  talk_ratio: kpi('talk_ratio', '销售说话占比', 'ratio', 'lower', ratio('talk.sum', 'talk.n')),
};

/** Every metric by id: the item metrics plus a few call-level ones. */
export const KPIS: ReadonlyMap<string, Kpi> = new Map<string, Kpi>([
  ...SCORE_METRICS.map((m) => [m, ITEM_KPIS[m]] as const),
  [
    'customer_questions_per_call',
    kpi('customer_questions_per_call', '每通客户提问数', 'count', 'higher', ratio('q.customer', 'calls')),
  ],
  ['total', kpi('total', '综合得分', 'points', 'higher', ratio('total.sum', 'total.n'))],
]);

/** The metrics a trend and the team export show, in order. */
export const KEY_METRICS: readonly string[] = [
  'open_question_ratio',
  'question_count',
  'restatement_accuracy',
  'implicit_needs_identified',
  'objections_handled',
  'alternatives_offered',
  'objections_resolved',
  'objection_latency_ms',
  'next_step_proposed',
  'talk_ratio',
  'longest_monologue_sec',
];

/** Mean dimension score over the calls where the dimension applied. */
export function dimensionValue(c: Readonly<Counters>, d: Dimension): number | null {
  return g(c, `dim.${d}.n`) > 0 ? g(c, `dim.${d}.sum`) / g(c, `dim.${d}.n`) : null;
}

/** Mean score (0-100) of a scorecard item over the calls where it applied. */
export function itemScore(c: Readonly<Counters>, m: ScoreMetric): number | null {
  return g(c, `item.${m}.sn`) > 0 ? g(c, `item.${m}.ssum`) / g(c, `item.${m}.sn`) : null;
}

export function totalValue(c: Readonly<Counters>): number | null {
  return g(c, 'total.n') > 0 ? g(c, 'total.sum') / g(c, 'total.n') : null;
}

/** The figures of one rep (or a group) over a period (the schema is the one source: team.schema.ts). */
export type PeriodStats = z.infer<typeof ZPeriodStats>;

export function statsOf(c: Readonly<Counters>): PeriodStats {
  return {
    calls: g(c, 'calls'),
    total: totalValue(c),
    dimensions: Object.fromEntries(DIMENSIONS.map((d) => [d, dimensionValue(c, d)])) as Record<
      Dimension,
      number | null
    >,
    items: Object.fromEntries(SCORE_METRICS.map((m) => [m, itemScore(c, m)])),
    kpis: Object.fromEntries([...KPIS.values()].map((k) => [k.id, k.value(c)])),
  };
}

/** Mean of the non-null values, null when there are none. */
export function meanOf(values: readonly (number | null)[]): number | null {
  const xs = values.filter((v): v is number => v !== null);
  return xs.length > 0 ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
}

/** A group's figures: for each figure, the mean over the reps that have it (each rep counts once). */
export function groupStats(members: readonly PeriodStats[]): PeriodStats {
  const pick = <T>(f: (s: PeriodStats) => T) => members.map(f);
  return {
    calls: members.reduce((a, s) => a + s.calls, 0),
    total: meanOf(pick((s) => s.total)),
    dimensions: Object.fromEntries(
      DIMENSIONS.map((d) => [d, meanOf(pick((s) => s.dimensions[d]))]),
    ) as Record<Dimension, number | null>,
    items: Object.fromEntries(SCORE_METRICS.map((m) => [m, meanOf(pick((s) => s.items[m] ?? null))])),
    kpis: Object.fromEntries([...KPIS.keys()].map((k) => [k, meanOf(pick((s) => s.kpis[k] ?? null))])),
  };
}

/** Rounds for output: ratios 4 decimals, the rest 1 decimal (null stays null). */
export function roundFor(unit: KpiUnit, v: number | null): number | null {
  if (v === null) return null;
  const digits = unit === 'ratio' ? 4 : unit === 'ms' ? 0 : 1;
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** A value as a manager reads it: 42%, 3.5 次, 12.3 秒, 81 分. */
export function formatKpi(unit: KpiUnit, v: number | null): string {
  if (v === null) return '—';
  switch (unit) {
    case 'ratio':
      return `${Math.round(v * 100)}%`;
    case 'count':
      return `${(Math.round(v * 10) / 10).toFixed(1)} 次`;
    case 'sec':
      return `${(Math.round(v * 10) / 10).toFixed(1)} 秒`;
    case 'ms':
      return `${(Math.round(v / 100) / 10).toFixed(1)} 秒`;
    case 'points':
      return `${Math.round(v)} 分`;
  }
}
