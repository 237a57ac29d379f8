/**
 * Calendar arithmetic of the feedback packs: local days (YYYY-MM-DD) and ISO weeks (2026-W23)
 * in a configured IANA time zone (Asia/Shanghai by default). Day strings are plain dates, so
 * adding days or finding a week's Monday is calendar arithmetic in UTC, free of DST surprises.
 */

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when `timeZone` is an IANA zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

function parts(
  at: Date,
  timeZone: string,
): { y: number; m: number; d: number; h: number; mi: number; s: number } {
  const p: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(at)) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  return { y: p.year!, m: p.month!, d: p.day!, h: p.hour!, mi: p.minute!, s: p.second! };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The local calendar day of an instant. */
export function localDay(at: Date, timeZone: string): string {
  const { y, m, d } = parts(at, timeZone);
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

/** Local date and time of an instant as `YYYY-MM-DD HH:mm`. */
export function localDateTime(at: Date, timeZone: string): string {
  const { y, m, d, h, mi } = parts(at, timeZone);
  return `${pad(y, 4)}-${pad(m)}-${pad(d)} ${pad(h)}:${pad(mi)}`;
}

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD. */
export function isDay(day: string): boolean {
  const m = DAY_PATTERN.exec(day);
  if (!m) return false;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(t).toISOString().slice(0, 10) === day;
}

function dayUtc(day: string): number {
  const m = DAY_PATTERN.exec(day);
  if (!m) throw new Error(`not a day: ${day}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

/** `day` plus `n` calendar days. */
export function addDays(day: string, n: number): string {
  return new Date(dayUtc(day) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (negative when b is earlier). */
export function daysBetween(a: string, b: string): number {
  return Math.round((dayUtc(b) - dayUtc(a)) / DAY_MS);
}

/** The days from `from` to `to`, both included. */
export function daysFrom(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** ISO 8601 week of a day: weeks start on Monday, week 1 holds the year's first Thursday. */
export function isoWeek(day: string): string {
  const t = dayUtc(day);
  const weekday = (new Date(t).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const thursday = new Date(t + (3 - weekday) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const firstThursday = Date.UTC(year, 0, 4);
  const firstWeekday = (new Date(firstThursday).getUTCDay() + 6) % 7;
  const week1Monday = firstThursday - firstWeekday * DAY_MS;
  const week = Math.floor((t - weekday * DAY_MS - week1Monday) / (7 * DAY_MS)) + 1;
  return `${year}-W${pad(week)}`;
}

/** The Monday of the ISO week a day belongs to. */
export function weekMonday(day: string): string {
  const weekday = (new Date(dayUtc(day)).getUTCDay() + 6) % 7;
  return addDays(day, -weekday);
}

/** The instant a local day begins (its midnight in `timeZone`). */
export function dayStart(day: string, timeZone: string): Date {
  const guess = dayUtc(day);
  // Offset of the zone at the guess, then once more at the corrected instant (zones with DST).
  let t = guess - offsetMs(new Date(guess), timeZone);
  t = guess - offsetMs(new Date(t), timeZone);
  return new Date(t);
}

/** Local time minus UTC at an instant, in ms. */
function offsetMs(at: Date, timeZone: string): number {
  const { y, m, d, h, mi, s } = parts(at, timeZone);
  const local = Date.UTC(y, m - 1, d, h, mi, s);
  return local - Math.floor(at.getTime() / 1000) * 1000;
}
