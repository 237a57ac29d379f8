import {
  DIMENSIONS,
  type Dimension,
  type Scorecard,
  type ScoreItemSpec,
  type ScoreMetric,
} from '../../lexicons/scorecard.schema.js';

/** A metric value with the findings it was computed from; `null` when not applicable. */
export interface MetricValue {
  value: number | null;
  findingIds: string[];
  /** Plain numbers behind a ratio, e.g. { numerator: 3, denominator: 4 }. */
  detail?: Record<string, number>;
}

export interface ScoreItem {
  id: string;
  dimension: Dimension;
  label: string;
  metric: ScoreMetric;
  value: number | null;
  target: number | null;
  /** 0-100, or null when the item does not apply to this call (e.g. no objections). */
  score: number | null;
  weight: number;
  findingIds: string[];
  detail?: Record<string, number>;
  source: string;
  /** Only on items whose score an accepted appeal fixed: what the machine computed. */
  machineScore?: number | null;
}

export interface CallScore {
  items: ScoreItem[];
  dimensions: Record<Dimension, number | null>;
  total: number | null;
  scorecardVersion: string;
}

const clamp = (x: number) => Math.max(0, Math.min(100, x));

/** Turns one metric value into 0-100 following the item's scoring rule. */
export function scoreValue(spec: ScoreItemSpec, value: number, target: number): number {
  switch (spec.scoring) {
    case 'presence':
      return value > 0 ? 100 : 0;
    case 'at_least':
      return target <= 0 ? 100 : clamp((value / target) * 100);
    case 'at_most': {
      if (value <= target) return 100;
      const zero = spec.zeroAt ?? target * 2;
      return zero <= target ? 0 : clamp(((zero - value) / (zero - target)) * 100);
    }
    case 'band': {
      const max = spec.max ?? target;
      if (value >= target && value <= max) return 100;
      if (value < target) {
        const zero = spec.zeroBelow ?? 0;
        return target <= zero ? 0 : clamp(((value - zero) / (target - zero)) * 100);
      }
      const zero = spec.zeroAt ?? max * 2;
      return zero <= max ? 0 : clamp(((zero - value) / (zero - max)) * 100);
    }
  }
}

/**
 * Scores a call: every item from its metric, each dimension the weighted mean of its applicable
 * items, the total the weighted mean of applicable dimensions. Rounded to whole points.
 */
export function scoreCall(
  metrics: Readonly<Record<ScoreMetric, MetricValue>>,
  scorecard: Scorecard,
  durationMinutes: number,
  /** Item scores fixed by accepted appeals (item id → 0-100): they replace the computed score. */
  fixed: ReadonlyMap<string, number> = new Map(),
): CallScore {
  const items: ScoreItem[] = [];
  const dimensions = {} as Record<Dimension, number | null>;
  let totalWeighted = 0;
  let totalWeight = 0;
  for (const d of DIMENSIONS) {
    const spec = scorecard.dimensions[d];
    let sum = 0;
    let weights = 0;
    for (const item of spec.items) {
      const m = metrics[item.metric];
      let target = item.target ?? 1;
      if (item.referenceMinutes) {
        target = Math.max(
          item.minTarget ?? 1,
          Math.round(target * Math.min(1, durationMinutes / item.referenceMinutes)),
        );
      }
      const machineScore = m.value === null ? null : Math.round(scoreValue(item, m.value, target) * 10) / 10;
      const score = fixed.has(item.id) ? fixed.get(item.id)! : machineScore;
      items.push({
        id: item.id,
        dimension: d,
        label: item.label,
        metric: item.metric,
        value: m.value === null ? null : Math.round(m.value * 10000) / 10000,
        target: item.scoring === 'presence' ? 1 : target,
        score,
        weight: item.weight,
        findingIds: m.findingIds,
        ...(m.detail ? { detail: m.detail } : {}),
        source: item.source,
        ...(fixed.has(item.id) ? { machineScore } : {}),
      });
      if (score !== null && item.weight > 0) {
        sum += score * item.weight;
        weights += item.weight;
      }
    }
    const dim = weights > 0 ? Math.round(sum / weights) : null;
    dimensions[d] = dim;
    if (dim !== null && spec.weight > 0) {
      totalWeighted += dim * spec.weight;
      totalWeight += spec.weight;
    }
  }
  return {
    items,
    dimensions,
    total: totalWeight > 0 ? Math.round(totalWeighted / totalWeight) : null,
    scorecardVersion: scorecard.versionId,
  };
}
