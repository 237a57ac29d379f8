/** Week-by-week trend of each dimension and key metric over the pack's 30 days. */
import { DIMENSION_NAMES_ZH, DIMENSIONS } from '../../lexicons/scorecard.schema.js';
import type { Counters } from './facts.core.js';
import { dimensionValue, KEY_METRICS, KPIS, type KpiUnit, roundFor } from './kpis.js';

export interface TrendWeek {
  week: string;
  from: string;
  to: string;
  calls: number;
  /** The week is still running at the pack's time. */
  partial: boolean;
}

export interface TrendSeries {
  id: string;
  kind: 'dimension' | 'metric';
  nameZh: string;
  unit: KpiUnit;
  values: (number | null)[];
  /** From the first week with data to the last: up, down, flat, or null with fewer than two weeks. */
  direction: 'up' | 'down' | 'flat' | null;
  /** Last minus first (same unit as the values). */
  delta: number | null;
  /** Whether the change is for the better (null when flat or unknown). */
  improving: boolean | null;
}

export interface Trend {
  weeks: TrendWeek[];
  series: TrendSeries[];
}

function series(
  id: string,
  kind: 'dimension' | 'metric',
  nameZh: string,
  unit: KpiUnit,
  better: 'higher' | 'lower',
  flat: number,
  values: (number | null)[],
): TrendSeries {
  const present = values.filter((v): v is number => v !== null);
  const rounded = values.map((v) => roundFor(unit, v));
  if (present.length < 2)
    return { id, kind, nameZh, unit, values: rounded, direction: null, delta: null, improving: null };
  const delta = present[present.length - 1]! - present[0]!;
  const direction = Math.abs(delta) < flat ? 'flat' : delta > 0 ? 'up' : 'down';
  return {
    id,
    kind,
    nameZh,
    unit,
    values: rounded,
    direction,
    delta: roundFor(unit, delta),
    improving: direction === 'flat' ? null : (direction === 'up') === (better === 'higher'),
  };
}

export function buildTrend(weeks: readonly (TrendWeek & { counters: Readonly<Counters> })[]): Trend {
  const out: TrendSeries[] = [];
  for (const d of DIMENSIONS) {
    out.push(
      series(
        d,
        'dimension',
        DIMENSION_NAMES_ZH[d],
        'points',
        'higher',
        2,
        weeks.map((w) => dimensionValue(w.counters, d)),
      ),
    );
  }
  for (const id of KEY_METRICS) {
    const k = KPIS.get(id)!;
    out.push(
      series(
        id,
        'metric',
        k.nameZh,
        k.unit,
        k.better,
        k.flat,
        weeks.map((w) => k.value(w.counters)),
      ),
    );
  }
  return { weeks: weeks.map(({ counters: _c, ...w }) => w), series: out };
}
