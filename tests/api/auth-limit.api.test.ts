import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../bin/config.js';
import { buildService, type Service } from '../../bin/service.js';

/** Token guessing is slowed down: past 30 failures a minute from one address, 429 with Retry-After. */
describe('failed sign-ins are rate limited per address', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tingjian-authlimit-'));
  let svc: Service;
  let token: string;

  beforeAll(async () => {
    svc = await buildService(loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', SECOND_STAGE_MODEL: 'off' }), {
      role: 'serve',
    });
    const admin = await svc.users.createUser({ name: 'admin', roles: ['admin'] });
    token = (await svc.users.issueToken(admin.id)).token;
  }, 120_000);

  afterAll(async () => {
    await svc?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 401 thirty times, then 429 with Retry-After, to good tokens too', async () => {
    const app = svc.app();
    expect((await request(app).get('/v1/calls').set('Authorization', `Bearer ${token}`)).status).toBe(200);
    for (let i = 0; i < 30; i++) {
      const res = await request(app).get('/v1/calls').set('Authorization', `Bearer guess-${i}`);
      expect(res.status).toBe(401);
    }
    const limited = await request(app).get('/v1/calls').set('Authorization', 'Bearer guess-31');
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('too_many_requests');
    const wait = Number(limited.headers['retry-after']);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
    expect((await request(app).get('/v1/calls').set('Authorization', `Bearer ${token}`)).status).toBe(429);
    // Public probes need no token and are not limited.
    expect((await request(app).get('/healthz')).status).toBe(200);
  });
});
