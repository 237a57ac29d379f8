/** The kinds of stored data retention ages out, each with its own window. */
export const RETENTION_KINDS = ['audio', 'transcripts', 'analyses', 'feedback', 'imports', 'audit'] as const;
export type RetentionKind = (typeof RETENTION_KINDS)[number];

/** Days each kind is kept; null = forever. */
export type RetentionPolicy = Record<RetentionKind, number | null>;

/** The defaults (also in README): audio 180 days, words and scores 3 years, audit 5 years. */
export const DEFAULT_RETENTION: RetentionPolicy = {
  audio: 180,
  transcripts: 3 * 365,
  analyses: 3 * 365,
  feedback: 365,
  imports: 90,
  audit: 5 * 365,
};

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

/** A window as people read it: `180 天`, `3 年`, `永久`. */
export function formatWindowZh(days: number | null): string {
  if (days === null) return '永久';
  if (days % 365 === 0) return `${days / 365} 年`;
  return `${days} 天`;
}

/** The moment before which a kind's data is past its window (null: kept forever). */
export function cutoffOf(days: number | null, now: Date): Date | null {
  return days === null ? null : new Date(now.getTime() - days * 86_400_000);
}
