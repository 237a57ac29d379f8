const DAY_MS = 86_400_000;

/**
 * Whole days to move the example calls by so that the newest lands yesterday (relative to `now`):
 * demo data then sits inside the 30-day windows of trends and feedback packs whatever the date.
 */
export function demoDateShiftDays(occurredAt: readonly string[], now: Date): number {
  const times = occurredAt.map((d) => new Date(d).getTime()).filter((t) => Number.isFinite(t));
  if (times.length === 0) return 0;
  const newest = Math.max(...times);
  return Math.floor((now.getTime() - DAY_MS - newest) / DAY_MS);
}

/** An ISO date-time moved by whole days (same instant of the day, written in UTC). */
export function shiftIsoDays(iso: string, days: number): string {
  return new Date(new Date(iso).getTime() + days * DAY_MS).toISOString();
}
