/**
 * The rep's largest gaps: per scorecard item, the benchmark group's mean item score minus the
 * rep's (both on the 0-100 scale of the item and its dimension), ranked by gap × the item's
 * weight in the total score, i.e. the points of total score the gap costs.
 */
import type { z } from 'zod';
import {
  DIMENSION_NAMES_ZH,
  DIMENSIONS,
  type Dimension,
  type Scorecard,
  type ScoreMetric,
} from '../../lexicons/scorecard.schema.js';
import { ITEM_KPIS, type PeriodStats, roundFor } from './kpis.js';
import type { ZGap } from './pack.schema.js';

/** One of the rep's largest gaps (its JSON is described once, by pack.schema.ts ZGap). */
export type Gap = z.infer<typeof ZGap>;

/** Effective weight of every item metric in the total score of a scorecard. */
export function itemWeights(
  scorecard: Scorecard,
): Map<ScoreMetric, { weight: number; dimension: Dimension; label: string; target: number | null }> {
  const out = new Map<
    ScoreMetric,
    { weight: number; dimension: Dimension; label: string; target: number | null }
  >();
  const dimTotal = DIMENSIONS.reduce((a, d) => a + scorecard.dimensions[d].weight, 0);
  for (const d of DIMENSIONS) {
    const spec = scorecard.dimensions[d];
    const itemTotal = spec.items.reduce((a, i) => a + i.weight, 0);
    for (const item of spec.items) {
      if (out.has(item.metric) || itemTotal <= 0 || dimTotal <= 0) continue;
      out.set(item.metric, {
        weight: (item.weight / itemTotal) * (spec.weight / dimTotal),
        dimension: d,
        label: item.label,
        target: item.scoring === 'presence' ? 1 : (item.target ?? null),
      });
    }
  }
  return out;
}

const r1 = (x: number) => Math.round(x * 10) / 10;
const r4 = (x: number) => Math.round(x * 10_000) / 10_000;

/**
 * Top `limit` gaps of `rep` against `top` (team figures for context). Items where the rep has no
 * data are skipped. When fewer than `limit` items trail the top quartile (a top rep), the rest are
 * the largest gaps to the item's full score (its target), marked `reference: 'target'`.
 */
export function rankGaps(
  rep: PeriodStats,
  team: PeriodStats,
  top: PeriodStats,
  scorecard: Scorecard,
  limit = 3,
): Gap[] {
  const weights = itemWeights(scorecard);
  const candidates: Omit<Gap, 'rank'>[] = [];
  const fill: Omit<Gap, 'rank'>[] = [];
  for (const [metric, w] of weights) {
    const mine = rep.items[metric];
    if (mine === null || mine === undefined) continue;
    const kpi = ITEM_KPIS[metric];
    const raw = (reference: number | null) => ({
      kpi: kpi.id,
      unit: kpi.unit,
      rep: roundFor(kpi.unit, rep.kpis[kpi.id] ?? null),
      team: roundFor(kpi.unit, team.kpis[kpi.id] ?? null),
      reference: roundFor(kpi.unit, reference),
    });
    const base = {
      metric,
      labelZh: w.label,
      dimension: w.dimension,
      dimensionZh: DIMENSION_NAMES_ZH[w.dimension],
    };
    const theirs = top.items[metric];
    if (theirs !== null && theirs !== undefined && theirs - mine >= 0.05) {
      const gap = theirs - mine;
      candidates.push({
        ...base,
        repScore: r1(mine),
        referenceScore: r1(theirs),
        gap: r1(gap),
        weight: r4(w.weight),
        impact: r4(gap * w.weight),
        reference: 'top_quartile',
        raw: raw(top.kpis[kpi.id] ?? null),
      });
    } else if (100 - mine >= 0.05) {
      fill.push({
        ...base,
        repScore: r1(mine),
        referenceScore: 100,
        gap: r1(100 - mine),
        weight: r4(w.weight),
        impact: r4((100 - mine) * w.weight),
        reference: 'target',
        raw: raw(w.target),
      });
    }
  }
  const order = (a: Omit<Gap, 'rank'>, b: Omit<Gap, 'rank'>) =>
    b.impact - a.impact || b.gap - a.gap || (a.metric < b.metric ? -1 : 1);
  const chosen = candidates.sort(order).slice(0, limit);
  if (chosen.length < limit) chosen.push(...fill.sort(order).slice(0, limit - chosen.length));
  return chosen.map((g, i) => ({ rank: i + 1, ...g }));
}
