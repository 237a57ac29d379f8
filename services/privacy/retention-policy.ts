import {
  DEFAULT_RETENTION,
  RETENTION_KINDS,
  type RetentionKind,
  type RetentionPolicy,
} from '../../shared/vocabulary.js';

/** The kinds, windows and defaults: shared/vocabulary.ts (the settings page reads the same). */
export { DEFAULT_RETENTION, RETENTION_KINDS, type RetentionKind, type RetentionPolicy };

const UNIT_DAYS: Record<string, number> = { d: 1, w: 7, y: 365 };

/**
 * A retention window as written in the configuration: `180d`, `26w`, `3y` (365 days a year),
 * a bare number of days, or `forever`. Days (at least 1), null for forever, undefined when it
 * is none of these.
 */
export function parseRetentionWindow(text: string): number | null | undefined {
  const t = text.trim().toLowerCase();
  if (t === 'forever' || t === 'never' || t === 'off') return null;
  const m = /^(\d{1,6})\s*([dwy]?)$/.exec(t);
  if (!m) return undefined;
  const days = Number(m[1]) * UNIT_DAYS[m[2] || 'd']!;
  return days >= 1 && days <= 100 * 365 ? days : undefined;
}

export { formatWindowZh } from '../../shared/labels-zh.js';

/** The moment before which a kind's data is past its window (null: kept forever). */
export function cutoffOf(days: number | null, now: Date): Date | null {
  return days === null ? null : new Date(now.getTime() - days * 86_400_000);
}
