/** Week-by-week trend of each dimension and key metric over the pack's 30 days. */
import type { z } from 'zod';
import { DIMENSION_NAMES_ZH, DIMENSIONS } from '../../lexicons/scorecard.schema.js';
import type { Counters } from './facts.core.js';
import { dimensionValue, KEY_METRICS, KPIS, type KpiUnit, roundFor } from './kpis.js';
import type { ZTrend, ZTrendSeries, ZTrendWeek } from './pack.schema.js';

// The trend's JSON is described once, by the pack's schemas (pack.schema.ts).
export type TrendWeek = z.infer<typeof ZTrendWeek>;
export type TrendSeries = z.infer<typeof ZTrendSeries>;
export type Trend = z.infer<typeof ZTrend>;

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
