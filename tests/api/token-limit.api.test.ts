import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../bin/config.js';
import { buildService, type Service } from '../../bin/service.js';

/**
 * Request limits on the embedded default: per token (off unless TINGJIAN_TOKEN_RATE_LIMIT is
 * set), failed sign-ins per user they name, and the demo users' endpoint only when asked for.
 */
describe('request limits per token and failed sign-ins per user', () => {
  const dirs: string[] = [];
  const services: Service[] = [];
  const start = async (env: Record<string, string>) => {
    const dir = mkdtempSync(join(tmpdir(), 'tingjian-tokenlimit-'));
    dirs.push(dir);
    const svc = await buildService(
      loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', SECOND_STAGE_MODEL: 'off', ...env }),
      { role: 'serve' },
    );
    services.push(svc);
    return svc;
  };
  let limited: Service;
  let unlimited: Service;

  beforeAll(async () => {
    limited = await start({ TINGJIAN_TOKEN_RATE_LIMIT: '5/min' });
    unlimited = await start({});
  }, 120_000);

  afterAll(async () => {
    for (const s of services) await s.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  const tokenOf = async (svc: Service, name: string) => {
    const u = await svc.users.createUser({ name, roles: ['admin'] });
    return { user: u, token: (await svc.users.issueToken(u.id)).token };
  };

  it('with TINGJIAN_TOKEN_RATE_LIMIT=5/min the sixth request of a token gets 429 with Retry-After and a Chinese message', async () => {
    const app = limited.app();
    const a = await tokenOf(limited, 'a');
    const b = await tokenOf(limited, 'b');
    for (let i = 0; i < 5; i++)
      expect((await request(app).get('/v1/calls').set('Authorization', `Bearer ${a.token}`)).status).toBe(
        200,
      );
    const res = await request(app).get('/v1/calls').set('Authorization', `Bearer ${a.token}`);
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe('too_many_requests');
    expect(res.body.error.message).toContain('5/min');
    expect(res.body.error.details.message_zh).toMatch(
      /^请求过于频繁（每个令牌上限 5 次\/分钟），请 \d+ 秒后再试$/,
    );
    const wait = Number(res.headers['retry-after']);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
    // Another token (another user, or the same user's second token) has its own count.
    expect((await request(app).get('/v1/calls').set('Authorization', `Bearer ${b.token}`)).status).toBe(200);
    const second = (await limited.users.issueToken(a.user.id)).token;
    expect((await request(app).get('/v1/calls').set('Authorization', `Bearer ${second}`)).status).toBe(200);
  });

  it('is off by default: 40 requests of one token all answer 200', async () => {
    const app = unlimited.app();
    const { token } = await tokenOf(unlimited, 'bulk');
    const statuses = new Set<number>();
    for (let i = 0; i < 40; i++)
      statuses.add((await request(app).get('/v1/calls').set('Authorization', `Bearer ${token}`)).status);
    expect([...statuses]).toEqual([200]);
  });

  it('failed sign-ins naming one user (a revoked token of theirs): 10 answer 401, then 429 even for their valid token', async () => {
    const app = unlimited.app();
    const victim = await tokenOf(unlimited, 'victim');
    const old = await unlimited.users.issueToken(victim.user.id);
    await unlimited.users.revokeToken(old.info.id);
    const bystander = await tokenOf(unlimited, 'bystander');
    for (let i = 0; i < 10; i++) {
      const res = await request(app).get('/v1/calls').set('Authorization', `Bearer ${old.token}`);
      expect(res.status).toBe(401);
    }
    const res = await request(app).get('/v1/calls').set('Authorization', `Bearer ${old.token}`);
    expect(res.status).toBe(429);
    expect(res.body.error.message).toMatch(/for this user/);
    expect(res.body.error.details.message_zh).toMatch(/该用户登录失败次数过多/);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    // The user's own valid token waits too (a guesser learns nothing from the status) …
    expect((await request(app).get('/v1/calls').set('Authorization', `Bearer ${victim.token}`)).status).toBe(
      429,
    );
    // … while another user from the same address (11 failures, under the per-address 30) goes on.
    expect(
      (await request(app).get('/v1/calls').set('Authorization', `Bearer ${bystander.token}`)).status,
    ).toBe(200);
    // Random guesses name nobody: they count per address only.
    expect(
      (await request(app).get('/v1/calls').set('Authorization', 'Bearer tj_nobody-ever-had-this')).status,
    ).toBe(401);
  });

  it('without the demo flag the app serves no demo users: GET /v1/demo/users is 404', async () => {
    const res = await request(unlimited.app()).get('/v1/demo/users');
    expect(res.status).toBe(404);
    const on = await request(unlimited.app({ demoUsers: () => [] })).get('/v1/demo/users');
    expect(on.status).toBe(200);
  });
});
