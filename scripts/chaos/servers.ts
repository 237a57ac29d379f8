import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../tests/helpers/ports.js';
import {
  retryUnacknowledged,
  statusCounts,
  submitCalls,
  waitScored,
  waitSettled,
  waitWorking,
} from './calls.js';
import { runBadTokenBurst, runCorpus } from './corpus.js';
import { send } from './http-client.js';
import { startPrivatePostgres } from './postgres.js';
import { onCleanup, type Spawned, sleep, waitFor } from './processes.js';
import { startPrivateRedis } from './redis.js';
import { type ScenarioResult, settleAndTally } from './scenario.js';
import { readStoredCalls, seedUsers, serviceEnv, startApi, startWorker } from './service-process.js';
import { ChaosSession } from './session.js';

/**
 * PostgreSQL + Redis: one API process and two worker processes on a private PostgreSQL and a
 * private redis-server. Faults: a worker SIGKILLed while it holds jobs; Redis SIGKILLed and
 * restarted empty; PostgreSQL stopped (immediate) and started again. Calls keep coming meanwhile.
 */
export async function runServers(runId: string): Promise<ScenarioResult> {
  const tSetup = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'tingjian-chaos-servers-'));
  onCleanup(`servers data folder ${dir}`, () => rmSync(dir, { recursive: true, force: true }));
  const [pgPort, redisPort, apiPort] = [await freePort(), await freePort(), await freePort()];
  const pg = startPrivatePostgres(pgPort);
  pg.createDatabase('tingjian_chaos');
  const redis = await startPrivateRedis(redisPort);
  const env = serviceEnv({
    DATA_DIR: join(dir, 'data'),
    MODELS_DIR: join(dir, 'models'),
    DATABASE_URL: pg.url('tingjian_chaos'),
    REDIS_URL: redis.url,
    QUEUE_PREFIX: `tjchaos-${runId}`,
    // A job held by a killed worker returns within seconds, not BullMQ's default minute.
    WORKER_LOCK_MS: '2000',
  });
  const tokens = await seedUsers(env);
  const api = await startApi('tingjian serve (API)', env, apiPort);
  const workers: Spawned[] = [await startWorker('worker 1', env), await startWorker('worker 2', env)];
  const session = new ChaosSession(
    'PostgreSQL + Redis (API + 2 worker processes)',
    `http://127.0.0.1:${apiPort}`,
    tokens,
  );
  session.notes.push(`setup (data, users, processes): ${((Date.now() - tSetup) / 1000).toFixed(1)} s`);
  const tag = `${runId}-s`;
  let n = 0;
  const nextCalls = (count: number) => {
    const range = { from: n + 1, to: n + count };
    n += count;
    return range;
  };
  const scored = async () => (await statusCounts(session)).scored ?? 0;
  /** Waits until /readyz answers 200 again; the time it took is noted. */
  const recovered = async (what: string, since: number) => {
    await waitFor(
      async () => {
        const o = await send(session.baseUrl, { method: 'GET', path: '/readyz' });
        return o.kind === 'answer' && o.status === 200;
      },
      30_000,
      () => `the API did not become ready after ${what}`,
      100,
    );
    session.notes.push(`${what}: ready again ${Date.now() - since} ms after the restart`);
  };

  session.beginPhase('pg+redis: baseline (full hostile corpus, 30 calls, bad-token burst)');
  await runCorpus(session, 'all');
  await submitCalls(session, tag, nextCalls(30));
  await runBadTokenBurst(session);
  await waitSettled(session, 30_000);

  session.beginPhase('pg+redis: worker 1 SIGKILLed while it holds jobs, restarted');
  let before = await scored();
  const intake = submitCalls(session, tag, nextCalls(40), 8);
  await waitScored(session, before + 3, 15_000);
  await waitWorking(session, 4, 10_000);
  session.notes.push(`worker 1 killed with ${JSON.stringify(await statusCounts(session))}`);
  await workers[0]!.stop('SIGKILL');
  await Promise.all([intake, runCorpus(session, 'light')]);
  workers[0] = await startWorker('worker 1 (restarted)', env);
  await waitSettled(session, 30_000);

  session.beginPhase('pg+redis: Redis SIGKILLed and restarted empty');
  before = await scored();
  await submitCalls(session, tag, nextCalls(40));
  await waitScored(session, before + 4, 15_000);
  session.notes.push(`Redis killed with ${JSON.stringify(await statusCounts(session))}`);
  session.outage = true;
  await redis.kill();
  await Promise.all([submitCalls(session, tag, nextCalls(10)), runCorpus(session, 'light')]);
  await sleep(500);
  await redis.start();
  const redisBack = Date.now();
  await recovered('Redis restart', redisBack);
  session.outage = false;
  await retryUnacknowledged(session);
  await waitSettled(session, 30_000);

  session.beginPhase('pg+redis: PostgreSQL stopped (immediate) and started');
  before = await scored();
  await submitCalls(session, tag, nextCalls(40));
  await waitScored(session, before + 4, 15_000);
  session.notes.push(`PostgreSQL stopped with ${JSON.stringify(await statusCounts(session))}`);
  session.outage = true;
  pg.stop();
  await Promise.all([submitCalls(session, tag, nextCalls(10)), runCorpus(session, 'light')]);
  // Down for a few seconds in all, as a restart of a real server is.
  await sleep(3000);
  pg.start();
  const pgBack = Date.now();
  await recovered('PostgreSQL restart', pgBack);
  session.outage = false;
  await retryUnacknowledged(session);

  session.beginPhase(`${session.phase.split(':')[0]}: recovery and read-back`);
  return settleAndTally(session, {
    settle: () => waitSettled(session, 45_000),
    stop: async () => {
      // Evidence for a stuck call: is each worker alive, and what did it say last?
      for (const [i, w] of workers.entries()) {
        const lines = w.output().trim().split('\n');
        const status = w.running() ? 'running' : `EXITED (${w.child.exitCode ?? w.child.signalCode})`;
        // A crash: the error line of the trace (Node prints it above the stack).
        const error = lines.find((l) => /^\s*(\w*Error|error:)/.test(l)) ?? lines.at(-1) ?? '—';
        session.notes.push(`worker ${i + 1} ${status}: ${error.trim().slice(0, 300)}`);
      }
      const logs = workers.map((w) => w.output()).join('\n');
      const count = (re: RegExp) => logs.match(re)?.length ?? 0;
      session.notes.push(
        `worker logs (tail): ${count(/"job failed"/g)} "job failed", ${count(/could not mark call failed/g)} "could not mark call failed"`,
      );
      await Promise.all([api.stop('SIGTERM'), ...workers.map((w) => w.stop('SIGTERM'))]);
    },
    read: () => readStoredCalls(env),
  });
}
