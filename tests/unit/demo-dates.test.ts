import { describe, expect, it } from 'vitest';
import { demoDateShiftDays, shiftIsoDays } from '../../bin/demo-dates.js';

describe('demo example dates relative to today', () => {
  const examples = ['2026-11-02T10:00:00+08:00', '2026-11-04T11:00:00+08:00', '2026-11-03T15:30:00+08:00'];

  it('moves the newest example to yesterday, keeping the spacing and the time of day', () => {
    const now = new Date('2026-12-05T09:00:00Z');
    const days = demoDateShiftDays(examples, now);
    expect(days).toBe(30);
    const moved = examples.map((d) => shiftIsoDays(d, days));
    expect(moved).toEqual([
      '2026-12-02T02:00:00.000Z',
      '2026-12-04T03:00:00.000Z',
      '2026-12-03T07:30:00.000Z',
    ]);
    const newest = Math.max(...moved.map((d) => new Date(d).getTime()));
    expect(now.getTime() - newest).toBeGreaterThanOrEqual(86_400_000);
    expect(now.getTime() - newest).toBeLessThan(2 * 86_400_000);
  });

  it('moves nothing when the examples are already recent, and ignores unreadable dates', () => {
    expect(demoDateShiftDays(examples, new Date('2026-11-05T12:00:00Z'))).toBe(0);
    expect(demoDateShiftDays(['not a date'], new Date())).toBe(0);
    expect(demoDateShiftDays([], new Date())).toBe(0);
  });
});
