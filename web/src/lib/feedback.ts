import type { FeedbackPackResponse, FeedbackPackSummary } from './api-shapes';

/** GET /v1/feedback-packs/:id → data (services/feedback/pack.schema.ts ZFeedbackPackData). */
export type PackData = FeedbackPackResponse['data'];
/** A quoted moment of a call in a suggestion. */
export type Example = NonNullable<PackData['suggestions'][number]['badExample']>;
/** A stored pack without its data (GET /v1/reps/:id/feedback-packs). */
export type PackSummary = FeedbackPackSummary;

export function formatValue(v: number | null | undefined, unit: string): string {
  if (v === null || v === undefined) return '—';
  if (unit === 'ratio') return `${Math.round(v * 100)}%`;
  if (unit === 'ms') return `${(v / 1000).toFixed(1)} 秒`;
  if (unit === 'sec') return `${v.toFixed(1)} 秒`;
  if (unit === 'count') return (Math.round(v * 10) / 10).toString();
  return String(Math.round(v));
}
