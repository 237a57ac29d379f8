import { describe, expect, it } from 'vitest';
import { isDependencyUnavailable } from '../../models/errors.js';

describe('isDependencyUnavailable (failed jobs of a database outage leave their call unfinished)', () => {
  it('recognises the driver errors of a stopped or restarting PostgreSQL, also wrapped', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(isDependencyUnavailable(refused)).toBe(true);
    const wrapped = new Error('Failed query: select "id" from "calls" where "id" = $1', { cause: refused });
    expect(isDependencyUnavailable(wrapped)).toBe(true);
    expect(isDependencyUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    const shutdown = Object.assign(new Error('terminating connection due to administrator command'), {
      code: '57P01',
    });
    expect(isDependencyUnavailable(new Error('Failed query: …', { cause: shutdown }))).toBe(true);
  });

  it('leaves errors of the call itself alone', () => {
    expect(isDependencyUnavailable(new Error('invalid_input: industry "foo" is not known'))).toBe(false);
    const constraint = Object.assign(new Error('duplicate key value violates unique constraint'), {
      code: '23505',
    });
    expect(isDependencyUnavailable(new Error('Failed query: insert …', { cause: constraint }))).toBe(false);
    expect(isDependencyUnavailable('ECONNREFUSED')).toBe(false);
  });
});
