import { describe, expect, it } from 'vitest';
import { FailedAuthLimiter } from '../../api/middleware/auth.js';

describe('failed sign-ins per address', () => {
  it('lets an address fail up to the limit, then asks it to wait until the window frees a slot', () => {
    let now = 1_000_000;
    const limiter = new FailedAuthLimiter(3, 60_000, () => now);
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfterSec('10.0.0.1')).toBe(0);
      limiter.fail('10.0.0.1');
      now += 1000;
    }
    // Three failures at t0, t0+1 s, t0+2 s; now t0+3 s: the first leaves the window at t0+60 s.
    expect(limiter.retryAfterSec('10.0.0.1')).toBe(57);
    expect(limiter.retryAfterSec('10.0.0.2')).toBe(0);
    now += 57_000;
    expect(limiter.retryAfterSec('10.0.0.1')).toBe(0);
  });
});
