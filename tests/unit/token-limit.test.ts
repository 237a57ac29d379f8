import { describe, expect, it } from 'vitest';
import { parseRateLimit, TokenRateLimiter } from '../../api/middleware/auth.js';
import { demoSwitcher } from '../../bin/commands/service.command.js';
import { loadConfig } from '../../bin/config.js';

describe('per-token request limit (TINGJIAN_TOKEN_RATE_LIMIT)', () => {
  it('reads rates per second, minute and hour, and off', () => {
    expect(parseRateLimit('600/min')).toEqual({ limit: 600, windowMs: 60_000 });
    expect(parseRateLimit('20/s')).toEqual({ limit: 20, windowMs: 1000 });
    expect(parseRateLimit('5000 / h')).toEqual({ limit: 5000, windowMs: 3_600_000 });
    expect(parseRateLimit('off')).toBeNull();
    for (const bad of ['600', 'many/min', '0/min', '10/day'])
      expect(() => parseRateLimit(bad)).toThrow(/rate/);
  });

  it('is off by default and refuses a malformed value at boot', () => {
    expect(loadConfig({}).TINGJIAN_TOKEN_RATE_LIMIT).toBe('off');
    expect(() => loadConfig({ TINGJIAN_TOKEN_RATE_LIMIT: '600 per minute' })).toThrow(
      /TINGJIAN_TOKEN_RATE_LIMIT: must be a rate/,
    );
  });

  it('lets a token make `limit` requests a window, then says how long to wait; tokens count apart', () => {
    let now = 60_000 * 1000; // the start of a window
    const limiter = new TokenRateLimiter(3, 60_000, () => now);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 0]);
    expect(limiter.take('a')).toBe(60);
    expect(limiter.take('b')).toBe(0);
    now += 30_000;
    expect(limiter.take('a')).toBe(30);
    // Next window: the previous three still weigh in, less and less; after another window none do.
    now += 30_000 + 20_000; // 20 s into the next window: 3 × 2/3 = 2 still count
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBeGreaterThan(0);
    now += 120_000;
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 0]);
    expect(limiter.describe()).toBe('3/min');
    expect(limiter.describeZh()).toBe('3 次/分钟');
  });
});

describe('demo user switcher: an explicit flag and a loopback HOST', () => {
  const config = (env: Record<string, string>) => loadConfig(env);
  it('is off without --demo or TINGJIAN_DEMO, even on loopback', () => {
    const r = demoSwitcher(config({ HOST: '127.0.0.1' }), false);
    expect(r.on).toBe(false);
    expect(r.why).toContain('--demo');
  });
  it('is on with --demo or TINGJIAN_DEMO=1 on a loopback address', () => {
    expect(demoSwitcher(config({ HOST: '127.0.0.1' }), true).on).toBe(true);
    expect(demoSwitcher(config({ HOST: 'localhost', TINGJIAN_DEMO: '1' }), false).on).toBe(true);
  });
  it('stays off on an address other machines reach, whatever the flag', () => {
    const r = demoSwitcher(config({ HOST: '0.0.0.0', TINGJIAN_DEMO: '1' }), true);
    expect(r.on).toBe(false);
    expect(r.why).toContain('not a loopback');
  });
});
