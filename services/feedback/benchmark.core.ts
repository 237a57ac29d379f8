/**
 * Team averages and the benchmark group ("top reps"): the top quartile of the team by mean total
 * score over the period, ceil(n × fraction) reps and at least `minReps`, so the gap to the top
 * reps is computed from their calls, never invented.
 */
import type { Counters } from './facts.core.js';
import { groupStats, type PeriodStats, statsOf } from './kpis.js';

export interface RepCounters {
  repId: string;
  name: string;
  counters: Readonly<Counters>;
}

export interface BenchmarkOptions {
  /** Share of the ranked reps in the group (0.25 = top quartile). */
  fraction: number;
  /** The group has at least this many reps (when the team has them). */
  minReps: number;
}

export const DEFAULT_BENCHMARK: BenchmarkOptions = { fraction: 0.25, minReps: 1 };

export interface RankedRep {
  repId: string;
  name: string;
  total: number;
  calls: number;
}

export interface Benchmark {
  /** Reps with a scored call in the period, best mean total first (ties: more calls, then id). */
  ranked: RankedRep[];
  /** The top reps: the first `groupSize` of `ranked`. */
  topRepIds: string[];
  groupSize: number;
  /** Mean over the team's reps with calls (each rep counts once). */
  team: PeriodStats;
  /** Mean over the benchmark group. */
  top: PeriodStats;
  byRep: ReadonlyMap<string, PeriodStats>;
}

/** Size of the benchmark group for `n` ranked reps: ceil(n × fraction), at least minReps, at most n. */
export function benchmarkSize(n: number, options: BenchmarkOptions): number {
  if (n <= 0) return 0;
  return Math.min(n, Math.max(options.minReps, Math.ceil(n * options.fraction)));
}

export function computeBenchmark(
  reps: readonly RepCounters[],
  options: BenchmarkOptions = DEFAULT_BENCHMARK,
): Benchmark {
  const byRep = new Map<string, PeriodStats>();
  for (const r of reps) byRep.set(r.repId, statsOf(r.counters));
  const ranked: RankedRep[] = reps
    .map((r) => ({ r, s: byRep.get(r.repId)! }))
    .filter(({ s }) => s.total !== null && s.calls > 0)
    .map(({ r, s }) => ({ repId: r.repId, name: r.name, total: s.total!, calls: s.calls }))
    .sort((a, b) => b.total - a.total || b.calls - a.calls || (a.repId < b.repId ? -1 : 1));
  const groupSize = benchmarkSize(ranked.length, options);
  const topRepIds = ranked.slice(0, groupSize).map((r) => r.repId);
  const active = reps.map((r) => byRep.get(r.repId)!).filter((s) => s.calls > 0);
  return {
    ranked,
    topRepIds,
    groupSize,
    team: groupStats(active),
    top: groupStats(topRepIds.map((id) => byRep.get(id)!)),
    byRep,
  };
}
