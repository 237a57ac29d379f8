import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../bin/config.js';

describe('configuration', () => {
  it('has defaults for the embedded setup', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      PORT: 3000,
      DATA_DIR: './data',
      WORKER_CONCURRENCY: 2,
      PII_MASKING: 'on',
      LOG_LEVEL: 'info',
    });
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.REDIS_URL).toBeUndefined();
  });

  it('lists every problem in one error', () => {
    expect(() =>
      loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', WORKER_CONCURRENCY: '0', LOG_LEVEL: 'loud' }),
    ).toThrow(
      /invalid configuration:\n {2}PORT: .*\n {2}DATABASE_URL: must be a postgres:\/\/ URL\n {2}WORKER_CONCURRENCY: .*\n {2}LOG_LEVEL: /,
    );
  });
});
