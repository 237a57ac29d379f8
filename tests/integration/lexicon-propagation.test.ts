import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../bin/config.js';
import { buildService, type Service } from '../../bin/service.js';
import { createTestDatabase, REDIS_URL, serversAvailable, stopTestService } from '../helpers/services.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const available = await serversAvailable('lexicon propagation test');
const STORY = JSON.parse(
  readFileSync(new URL('../fixtures/story/med-or-ceiling.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;
const SEEDED = 30;

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: () => Promise<string>) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out: ${await what()}`);
}

/**
 * A publish through the API process reaches a separately spawned worker process without a
 * restart (same PID), within the poll interval; the rescore run it starts waits behind new calls.
 */
describe.skipIf(!available)('publishing a lexicon version to a running worker process', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tingjian-prop-'));
  let api: Service;
  let app: ReturnType<Service['app']>;
  let worker: ChildProcess;
  let workerOut = '';
  let db: pg.Client;
  let drop: () => Promise<void>;
  const tokens: Record<string, string> = {};
  const env: Record<string, string> = {};

  beforeAll(async () => {
    const t = await createTestDatabase('tj_prop');
    drop = t.drop;
    Object.assign(env, {
      DATABASE_URL: t.url,
      REDIS_URL,
      QUEUE_PREFIX: `tjprop-${randomUUID().slice(0, 8)}`,
      LEXICON_POLL_MS: '1000',
      WORKER_CONCURRENCY: '1',
      DATA_DIR: dir,
      LOG_LEVEL: 'silent',
    });
    api = await buildService(loadConfig(env), { role: 'serve' });
    app = api.app();
    const team = await api.users.createTeam({ name: '医疗一组' });
    for (const [name, roles, externalId] of [
      ['chen', ['rep'], 'rep-story'],
      ['editor', ['lexicon_editor'], null],
    ] as const) {
      const u = await api.users.createUser({ name, roles: [...roles], teamId: team.id, externalId });
      tokens[name] = (await api.users.issueToken(u.id)).token;
    }
    db = new pg.Client({ connectionString: t.url });
    await db.connect();
    worker = spawn(process.execPath, ['--import', 'tsx', 'bin/tingjian.ts', 'worker'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (b: Buffer) => {
      workerOut = (workerOut + b.toString()).slice(-20_000);
    };
    worker.stdout?.on('data', keep);
    worker.stderr?.on('data', keep);
  }, 60_000);

  afterAll(async () => {
    worker?.kill('SIGKILL');
    await db?.end();
    await stopTestService(api);
    await drop?.();
    rmSync(dir, { recursive: true, force: true });
  });

  const auth = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
  const counts = async () =>
    (
      await db.query<{ status: string; n: number }>(
        'select status, count(*)::int n from calls group by status',
      )
    ).rows;

  it('scores with the new version within seconds, same worker PID, new calls ahead of the rescore', async () => {
    for (let i = 0; i < SEEDED; i++) {
      const res = await request(app)
        .post('/v1/calls')
        .set(auth('chen'))
        .send({ ...STORY, externalId: `prop-${i}` });
      expect(res.status).toBe(201);
    }
    await waitFor(
      async () => (await counts()).some((c) => c.status === 'scored' && c.n === SEEDED),
      240_000,
      async () => `${JSON.stringify(await counts())}\n${workerOut}`,
    );
    const pid = worker.pid;
    const v1 = (await db.query('select distinct lexicon_version from calls')).rows;
    expect(v1).toEqual([{ lexicon_version: expect.stringMatching(/^medical_devices@1\+/) }]);

    const add = await request(app)
      .post('/v1/lexicons/medical_devices/draft/terms')
      .set(auth('editor'))
      .send({ term: '术间净高不足', category: 'need', synonyms: ['净高偏低'] });
    expect(add.status).toBe(201);
    const pub = await request(app).post('/v1/lexicons/medical_devices/publish').set(auth('editor')).send({});
    expect(pub.status).toBe(201);
    const published = Date.now();
    const v2 = pub.body.version.versionId as string;
    const runId = pub.body.run.id as string;
    const run = async () => (await db.query('select * from rescore_runs where id = $1', [runId])).rows[0];
    // The worker plans the run: every seeded call waits at low priority.
    await waitFor(
      async () => (await run()).total > 0,
      20_000,
      async () => `${JSON.stringify(await run())}\n${workerOut}`,
    );
    const fresh = await request(app)
      .post('/v1/calls')
      .set(auth('chen'))
      .send({ ...STORY, externalId: 'prop-new' });
    expect(fresh.status).toBe(201);
    const freshId = fresh.body.call.id as string;
    await waitFor(
      async () =>
        (await db.query('select status from calls where id = $1', [freshId])).rows[0].status === 'scored',
      20_000,
      async () => workerOut,
    );
    const atFresh = await run();
    const freshRow = (await db.query('select lexicon_version from calls where id = $1', [freshId])).rows[0];
    expect(freshRow.lexicon_version).toBe(v2);
    expect(Date.now() - published).toBeLessThan(20_000);
    // The new call overtook the waiting rescore jobs.
    expect(atFresh.done).toBeLessThan(atFresh.total);

    await waitFor(
      async () => (await run()).status === 'done',
      240_000,
      async () => `${JSON.stringify(await run())}\n${workerOut}`,
    );
    const done = await run();
    expect(done).toMatchObject({ total: SEEDED, done: SEEDED, failed: 0, changed: SEEDED });
    const versions = (await db.query('select lexicon_version, count(*)::int n from calls group by 1')).rows;
    expect(versions).toEqual([{ lexicon_version: v2, n: SEEDED + 1 }]);
    // The same process did all of it: no restart.
    expect(worker.pid).toBe(pid);
    expect(worker.exitCode).toBeNull();
    expect(workerOut).toContain('lexicon version installed');
  }, 480_000);
});
