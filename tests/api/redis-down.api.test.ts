import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../bin/config.js';
import { buildService, type Service } from '../../bin/service.js';
import { freePort } from '../helpers/ports.js';
import { transcript } from '../helpers/runtime.js';

/**
 * Redis goes away under a running service (a private redis-server on a free port, never the
 * machine's shared one): requests get an answer within their deadline instead of hanging, a new
 * call is stored and answered 202, and it is scored once Redis is back (empty, as after a restart
 * without persistence). Timing figures are printed, asserted only against generous bounds.
 */
const hasRedis = await new Promise<boolean>((resolve) => {
  const p = spawn('redis-server', ['--version'], { stdio: 'ignore' });
  p.once('error', () => resolve(false));
  p.once('exit', (code) => resolve(code === 0));
});
if (!hasRedis && process.env.REQUIRE_SERVICES === '1') throw new Error('redis-server is not installed');

async function startRedis(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout?.on('data', (b: Buffer) => {
    out += b.toString();
  });
  const deadline = Date.now() + 10_000;
  while (!/Ready to accept connections/.test(out)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`redis-server not ready:\n${out}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return child;
}

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe.skipIf(!hasRedis)('with Redis down under a running service', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tingjian-redis-down-'));
  let port: number;
  let redis: ChildProcess | undefined;
  let svc: Service;
  let token: string;

  beforeAll(async () => {
    port = await freePort();
    redis = await startRedis(port, dir);
    svc = await buildService(
      loadConfig({
        DATA_DIR: join(dir, 'data'),
        REDIS_URL: `redis://127.0.0.1:${port}`,
        QUEUE_PREFIX: `tj-down-${port}`,
        LOG_LEVEL: 'silent',
        WORKER_CONCURRENCY: '1',
        SECOND_STAGE_MODEL: 'off',
      }),
      { role: 'all' },
    );
    await svc.startWorkers();
    const rep = await svc.users.createUser({ name: 'lin', roles: ['rep'], externalId: 'rep-down' });
    token = (await svc.users.issueToken(rep.id)).token;
  }, 120_000);

  afterAll(async () => {
    await svc?.close().catch(() => {});
    await stop(redis);
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers /readyz 503 and stores a new call with 202 at once; scores it when Redis is back', async () => {
    const app = svc.app();
    expect((await request(app).get('/readyz')).status).toBe(200);
    await stop(redis);

    let t = performance.now();
    const ready = await request(app).get('/readyz');
    const readyMs = performance.now() - t;
    expect(ready.status).toBe(503);
    expect(ready.body.checks).toEqual({ database: true, redis: false });

    t = performance.now();
    const res = await request(app)
      .post('/v1/calls')
      .set('Authorization', `Bearer ${token}`)
      .send(
        transcript(
          'saas',
          [
            ['rep', '您好，我们的系统能帮您把审批流程线上化，您现在怎么审批？'],
            ['customer', '现在都是纸质的，太慢了。'],
          ],
          { repId: 'rep-down' },
        ),
      );
    const postMs = performance.now() - t;
    console.log(
      `Redis down: /readyz answered in ${readyMs.toFixed(0)} ms, POST /v1/calls in ${postMs.toFixed(0)} ms`,
    );
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ created: true, deferred: true, call: { status: 'queued' } });
    expect(readyMs).toBeLessThan(5000);
    expect(postMs).toBeLessThan(5000);
    const id = res.body.call.id as string;

    redis = await startRedis(port, dir);
    const deadline = Date.now() + 45_000;
    let status = '';
    while (Date.now() < deadline) {
      status = (await svc.calls.find(id))!.status;
      if (status === 'scored') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe('scored');
    expect((await request(app).get('/readyz')).status).toBe(200);
  }, 90_000);
});
