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
import { type PrivatePostgres, startPrivatePostgres } from './postgres.js';
import { onCleanup, type Spawned, sleep, waitFor } from './processes.js';
import { type PrivateRedis, startPrivateRedis } from './redis.js';
import { type ScenarioResult, settleAndTally } from './scenario.js';
import { readStoredCalls, seedUsers, serviceEnv, startApi, startWorker } from './service-process.js';
import { ChaosSession } from './session.js';

/** A running deployment: private servers, the API, the workers, and the session against them. */
interface Deployment {
  session: ChaosSession;
  env: NodeJS.ProcessEnv;
  pg: PrivatePostgres;
  redis: PrivateRedis;
  api: Spawned;
  workers: Spawned[];
  /** The next `count` call numbers of this run. */
  nextCalls(count: number): { from: number; to: number };
  tag: string;
}

/**
 * PostgreSQL + Redis: one API process and two worker processes on a private PostgreSQL and a
 * private redis-server. Faults: a worker SIGKILLed while it holds jobs; Redis SIGKILLed and
 * restarted empty; PostgreSQL stopped (immediate) and started again. Calls keep coming meanwhile.
 */
export async function runServers(runId: string): Promise<ScenarioResult> {
  const d = await startDeployment(runId);
  const { session } = d;
  session.beginPhase('pg+redis: baseline (full hostile corpus, 30 calls, bad-token burst)');
  await runCorpus(session, 'all');
  await submitCalls(session, d.tag, d.nextCalls(30));
  await runBadTokenBurst(session);
  await waitSettled(session, 30_000);
  await killWorker(d);
  await restartRedis(d);
  await restartPostgres(d);
  session.beginPhase(`${session.phase.split(':')[0]}: recovery and read-back`);
  return settleAndTally(session, {
    settle: () => waitSettled(session, 45_000),
    stop: async () => {
      noteWorkers(d);
      await Promise.all([d.api.stop('SIGTERM'), ...d.workers.map((w) => w.stop('SIGTERM'))]);
    },
    read: () => readStoredCalls(d.env),
  });
}

async function startDeployment(runId: string): Promise<Deployment> {
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
    // Calls whose jobs ran out of retries while PostgreSQL was down are revived within seconds.
    RECOVERY_SWEEP_MS: '2000',
    RECOVERY_IDLE_MS: '5000',
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
  let n = 0;
  const nextCalls = (count: number) => {
    const range = { from: n + 1, to: n + count };
    n += count;
    return range;
  };
  return { session, env, pg, redis, api, workers, nextCalls, tag: `${runId}-s` };
}

const scored = async (session: ChaosSession) => (await statusCounts(session)).scored ?? 0;

/** Waits until /readyz answers 200 again; the time it took is noted. */
async function recovered(session: ChaosSession, what: string, since: number): Promise<void> {
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
}

async function killWorker(d: Deployment): Promise<void> {
  const { session } = d;
  session.beginPhase('pg+redis: worker 1 SIGKILLed while it holds jobs, restarted');
  const before = await scored(session);
  const intake = submitCalls(session, d.tag, d.nextCalls(40), 8);
  await waitScored(session, before + 3, 15_000);
  await waitWorking(session, 4, 10_000);
  session.notes.push(`worker 1 killed with ${JSON.stringify(await statusCounts(session))}`);
  await d.workers[0]!.stop('SIGKILL');
  await Promise.all([intake, runCorpus(session, 'light')]);
  d.workers[0] = await startWorker('worker 1 (restarted)', d.env);
  await waitSettled(session, 30_000);
}

async function restartRedis(d: Deployment): Promise<void> {
  const { session } = d;
  session.beginPhase('pg+redis: Redis SIGKILLed and restarted empty');
  const before = await scored(session);
  await submitCalls(session, d.tag, d.nextCalls(40));
  await waitScored(session, before + 4, 15_000);
  session.notes.push(`Redis killed with ${JSON.stringify(await statusCounts(session))}`);
  session.outage = true;
  await d.redis.kill();
  await Promise.all([submitCalls(session, d.tag, d.nextCalls(10)), runCorpus(session, 'light')]);
  await sleep(500);
  await d.redis.start();
  await recovered(session, 'Redis restart', Date.now());
  session.outage = false;
  await retryUnacknowledged(session);
  await waitSettled(session, 30_000);
}

async function restartPostgres(d: Deployment): Promise<void> {
  const { session } = d;
  session.beginPhase('pg+redis: PostgreSQL stopped (immediate) and started');
  const before = await scored(session);
  await submitCalls(session, d.tag, d.nextCalls(40));
  await waitScored(session, before + 4, 15_000);
  session.notes.push(`PostgreSQL stopped with ${JSON.stringify(await statusCounts(session))}`);
  session.outage = true;
  d.pg.stop();
  await Promise.all([submitCalls(session, d.tag, d.nextCalls(10)), runCorpus(session, 'light')]);
  // Down for a few seconds in all, as a restart of a real server is.
  await sleep(3000);
  d.pg.start();
  await recovered(session, 'PostgreSQL restart', Date.now());
  session.outage = false;
  await retryUnacknowledged(session);
}

/** Evidence for a stuck call: is each worker alive, and what did it say last? */
function noteWorkers(d: Deployment): void {
  for (const [i, w] of d.workers.entries()) {
    const lines = w.output().trim().split('\n');
    const status = w.running() ? 'running' : `EXITED (${w.child.exitCode ?? w.child.signalCode})`;
    // A crash: the error line of the trace (Node prints it above the stack).
    const error = lines.find((l) => /^\s*(\w*Error|error:)/.test(l)) ?? lines.at(-1) ?? '—';
    d.session.notes.push(`worker ${i + 1} ${status}: ${error.trim().slice(0, 300)}`);
  }
  const logs = d.workers.map((w) => w.output()).join('\n');
  const count = (re: RegExp) => logs.match(re)?.length ?? 0;
  d.session.notes.push(
    `worker logs (tail): ${count(/"job failed"/g)} "job failed", ${count(/could not mark call failed/g)} "could not mark call failed"`,
  );
}
