/**
 * End-to-end ingestion benchmark: `npm run build && npm run bench:ingest`.
 *
 * Transcript calls per minute from `POST /v1/calls` to `scored`, in two set-ups:
 *  (a) server: a fresh PostgreSQL database and a unique Redis queue prefix; the API in this
 *      process (role `serve`, no workers here) and two `tingjian worker` child processes
 *      (WORKER_CONCURRENCY=1 each);
 *  (b) embedded default: PGlite in a temporary DATA_DIR and the in-process runner (role `all`).
 * Both receive the same generated ~30-minute calls over HTTP on 127.0.0.1. A few warm-up calls
 * (every industry twice) are scored first and left out of the figures, so lexicon compilation and
 * JIT warm-up in the workers are not counted. The measured calls are then posted as fast as the
 * API takes them (BENCH_INGEST_POST_CONCURRENCY requests in flight): a burst, so the latency
 * from POST to scored includes the time a call waits in the queue behind the others.
 * "Scored" is the `updated_at` the worker writes with the analysis (same clock as this process),
 * so latencies do not depend on the polling interval.
 *
 * Environment: BENCH_INGEST_CALLS (default 60), BENCH_INGEST_WARMUP (12), BENCH_INGEST_POST_CONCURRENCY
 * (8), BENCH_INGEST_TIMEOUT_S (600), BENCH_INGEST_ONLY (server|embedded), BENCH_PG_ADMIN_URL,
 * BENCH_REDIS_URL. Prints tables and a final `BENCH_JSON {…}` line; figures are printed, never
 * asserted. Everything created (database, Redis keys, worker processes, temp dirs) is removed,
 * also on error and on Ctrl-C.
 */
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { count, inArray } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { loadConfig } from '../bin/config.js';
import { buildService, type Service } from '../bin/service.js';
import { calls } from '../models/schema.js';
import type { TranscriptInput } from '../models/transcript.js';
import { BullmqQueue } from '../pipeline/bullmq.queue.js';
import {
  createCleanups,
  createDatabase,
  envInt,
  printTable,
  quantile,
  round1,
  round2,
  runWithCleanups,
  sleep,
  spawnNode,
  tempDir,
} from './bench-support.js';
import { GENERATOR_INDUSTRIES, generateCall, generateCalls } from './call-generator.js';
import { type CpuRow, startCpuWindow } from './process-cpu.js';

const N = envInt('BENCH_INGEST_CALLS', 60, 0);
const WARMUP = envInt('BENCH_INGEST_WARMUP', 2 * GENERATOR_INDUSTRIES.length, 0);
const POST_CONCURRENCY = envInt('BENCH_INGEST_POST_CONCURRENCY', 8, 0);
const TIMEOUT_MS = envInt('BENCH_INGEST_TIMEOUT_S', 600, 0) * 1000;
const ONLY = process.env.BENCH_INGEST_ONLY;
const PG_ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const SERVER_WORKERS = 2;
/** generateCall gives repId `rep-${seed % 7}`. */
const REP_EXTERNAL_IDS = Array.from({ length: 7 }, (_, i) => `rep-${i}`);
/** Warm-up calls use seeds far from the measured ones (1…N), so external ids never collide. */
const WARMUP_SEED = 100_000;

// ---------------------------------------------------------------------------------------------
// Cleanup: every resource registers its undo step as soon as it exists

const cleanups = createCleanups();

/** Redis keys under a prefix (to check that the purge left none). */
async function countRedisKeys(prefix: string): Promise<number> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
    let n = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      n += keys.length;
    } while (cursor !== '0');
    return n;
  } finally {
    redis.disconnect();
  }
}

// ---------------------------------------------------------------------------------------------
// Worker child processes

interface WorkerProcess {
  child: ChildProcess;
  output(): string;
  ready: Promise<void>;
  stop(): Promise<void>;
}

/** `tingjian worker` next to this file in the build (or the sources, when run through tsx). */
function tingjianEntry(): string {
  const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  return fileURLToPath(new URL(`../bin/tingjian.${ext}`, import.meta.url));
}

function spawnWorker(env: NodeJS.ProcessEnv): WorkerProcess {
  const proc = spawnNode('worker', [tingjianEntry(), 'worker'], env);
  const ready = proc
    .waitFor((out) => (out.includes('worker 已启动') ? true : undefined), 'not ready', 'before it was ready')
    .then(() => {});
  ready.catch(() => {});
  cleanups.add(`stop worker ${proc.child.pid}`, proc.stop);
  return { child: proc.child, output: proc.output, ready, stop: proc.stop };
}

// ---------------------------------------------------------------------------------------------
// One run: set up, warm up, post, wait, measure

interface RunResult {
  setup: 'server' | 'embedded';
  description: string;
  calls: number;
  warmupCalls: number;
  utterances: number;
  setupSeconds: number;
  postSeconds: number;
  makespanSeconds: number;
  callsPerMinute: number;
  latencyMs: { p50: number; p95: number; max: number };
  postMs: { p50: number; p95: number };
  /** CPU of each process (group) from the first measured POST until the last call was scored. */
  cpu: CpuRow[];
  redisKeysLeft?: number;
}

async function listen(svc: Service): Promise<{ url: string }> {
  const server: Server = await new Promise((resolve, reject) => {
    const s = svc.app().listen(0, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
  cleanups.add(
    'close HTTP server',
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('server has no TCP address');
  return { url: `http://127.0.0.1:${address.port}` };
}

/** A team, the seven reps generated calls name, and an admin whose token posts the calls. */
async function createUsers(svc: Service): Promise<string> {
  const team = await svc.users.createTeam({ name: '基准测试团队' });
  for (const externalId of REP_EXTERNAL_IDS) {
    await svc.users.createUser({ name: externalId, roles: ['rep'], teamId: team.id, externalId });
  }
  const admin = await svc.users.createUser({ name: 'bench-admin', roles: ['admin'], teamId: null });
  return (await svc.users.issueToken(admin.id, 'bench')).token;
}

interface Posted {
  id: string;
  postStart: number;
  postMs: number;
}

/** POSTs every call with at most `concurrency` requests in flight; each must answer 201. */
async function postAll(
  url: string,
  token: string,
  bodies: readonly TranscriptInput[],
  concurrency: number,
): Promise<Posted[]> {
  const out: Posted[] = new Array(bodies.length);
  let next = 0;
  const lane = async () => {
    for (;;) {
      const i = next++;
      const body = bodies[i];
      if (!body) return;
      const postStart = Date.now();
      const t0 = performance.now();
      const res = await fetch(`${url}/v1/calls`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const text = await res.text();
      const postMs = performance.now() - t0;
      if (res.status !== 201) throw new Error(`POST ${body.externalId}: ${res.status} ${text.slice(0, 500)}`);
      const id = (JSON.parse(text) as { call: { id: string } }).call.id;
      out[i] = { id, postStart, postMs };
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, lane));
  return out;
}

/** Polls the database until every call is scored; throws on a failed call or the timeout. */
async function waitScored(svc: Service, ids: readonly string[]): Promise<Map<string, number>> {
  const db = svc.database.db;
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const rows = await db
      .select({ status: calls.status, n: count() })
      .from(calls)
      .where(inArray(calls.id, [...ids]))
      .groupBy(calls.status);
    const by = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    if ((by.failed ?? 0) > 0) {
      const failed = await db
        .select({ id: calls.id, reason: calls.failureReason })
        .from(calls)
        .where(inArray(calls.id, [...ids]));
      const reasons = failed.filter((f) => f.reason).slice(0, 5);
      throw new Error(`${by.failed} calls failed, e.g. ${JSON.stringify(reasons)}`);
    }
    if ((by.scored ?? 0) === ids.length) break;
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${TIMEOUT_MS / 1000} s waiting for scored calls: ${JSON.stringify(by)}`,
      );
    }
    await sleep(100);
  }
  const done = await db
    .select({ id: calls.id, updatedAt: calls.updatedAt })
    .from(calls)
    .where(inArray(calls.id, [...ids]));
  return new Map(done.map((r) => [r.id, r.updatedAt.getTime()]));
}

async function measure(
  svc: Service,
  url: string,
  token: string,
  startCpu: () => ReturnType<typeof startCpuWindow>,
): Promise<Omit<RunResult, 'setup' | 'description' | 'setupSeconds'>> {
  if (WARMUP > 0) {
    const warm = Array.from({ length: WARMUP }, (_, i) =>
      generateCall(WARMUP_SEED + i, GENERATOR_INDUSTRIES[i % GENERATOR_INDUSTRIES.length]!),
    );
    const posted = await postAll(url, token, warm, POST_CONCURRENCY);
    await waitScored(
      svc,
      posted.map((p) => p.id),
    );
  }
  const bodies = generateCalls(N);
  const externalIds = new Set(bodies.map((b) => b.externalId));
  if (externalIds.size !== N)
    throw new Error(`generator gave ${externalIds.size} distinct external ids for ${N} calls`);
  const endCpu = await startCpu();
  const t0 = Date.now();
  const posted = await postAll(url, token, bodies, POST_CONCURRENCY);
  const postSeconds = (Date.now() - t0) / 1000;
  const scoredAt = await waitScored(
    svc,
    posted.map((p) => p.id),
  );
  const cpu = await endCpu();
  const latencies = posted.map((p) => scoredAt.get(p.id)! - p.postStart).sort((a, b) => a - b);
  const postMs = posted.map((p) => p.postMs).sort((a, b) => a - b);
  const lastScored = Math.max(...scoredAt.values());
  const makespanSeconds = (lastScored - t0) / 1000;
  return {
    calls: N,
    warmupCalls: WARMUP,
    utterances: bodies.reduce((n, b) => n + b.utterances.length, 0),
    postSeconds,
    makespanSeconds,
    callsPerMinute: (N / makespanSeconds) * 60,
    latencyMs: {
      p50: quantile(latencies, 0.5),
      p95: quantile(latencies, 0.95),
      max: latencies[latencies.length - 1] ?? Number.NaN,
    },
    postMs: { p50: quantile(postMs, 0.5), p95: quantile(postMs, 0.95) },
    cpu,
  };
}

/** (a) PostgreSQL + Redis, API here, two worker processes. */
async function runServer(): Promise<RunResult> {
  const t0 = performance.now();
  const { url: databaseUrl, name: databaseName } = await createDatabase(
    PG_ADMIN_URL,
    'tingjian_bench_ingest',
    cleanups,
  );
  const prefix = `bench-ingest-${randomUUID().slice(0, 8)}`;
  const dataDir = tempDir('tingjian-bench-ingest-', cleanups);
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    WORKER_CONCURRENCY: '1',
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
  };
  const svc = await buildService(loadConfig(env), { role: 'serve' });
  const queue = svc.queue;
  if (!(queue instanceof BullmqQueue)) throw new Error('expected the BullMQ queue with REDIS_URL set');
  // Registered before the workers, so it runs after they are stopped (cleanup runs in reverse).
  let redisKeysLeft: number | undefined;
  cleanups.add(`purge Redis prefix ${prefix} and close the database`, async () => {
    try {
      await queue.purge();
    } finally {
      // The whole service: its lexicon and model polling stop too (they would keep querying the
      // dropped database and log failures through the embedded run).
      await svc.close();
    }
    redisKeysLeft = await countRedisKeys(prefix);
  });
  const workers = Array.from({ length: SERVER_WORKERS }, () => spawnWorker(env));
  await Promise.all(workers.map((w) => w.ready));
  const token = await createUsers(svc);
  const { url } = await listen(svc);
  const setupSeconds = (performance.now() - t0) / 1000;
  let result: Omit<RunResult, 'setup' | 'description' | 'setupSeconds'>;
  try {
    result = await measure(svc, url, token, () =>
      startCpuWindow({
        children: workers.map((w, i) => ({ name: `worker ${i + 1}`, pid: w.child.pid ?? -1 })),
        postgres: { adminUrl: PG_ADMIN_URL, database: databaseName },
        redisUrl: REDIS_URL,
      }),
    );
  } catch (err) {
    const logs = workers
      .map((w, i) => `--- worker ${i + 1} (pid ${w.child.pid}) ---\n${w.output()}`)
      .join('\n');
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n${logs}`);
  }
  // Undo this run now, so (b) starts on a quiet machine and the Redis check is read.
  const problems = await cleanups.run();
  if (problems.length > 0) throw new Error(`cleanup of (a) failed: ${problems.join('; ')}`);
  return {
    setup: 'server',
    description: `PostgreSQL + Redis, API in this process, ${SERVER_WORKERS} worker processes × concurrency 1`,
    setupSeconds,
    ...result,
    ...(redisKeysLeft !== undefined ? { redisKeysLeft } : {}),
  };
}

/** (b) The embedded default: PGlite and the in-process runner in this process. */
async function runEmbedded(): Promise<RunResult> {
  const t0 = performance.now();
  const dataDir = tempDir('tingjian-bench-ingest-pglite-', cleanups);
  // Empty DATABASE_URL / REDIS_URL count as unset: PGlite and the in-process runner.
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: '',
    REDIS_URL: '',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
  });
  const svc = await buildService(config, { role: 'all' });
  cleanups.add('close the embedded service', () => svc.close());
  await svc.startWorkers();
  const token = await createUsers(svc);
  const { url } = await listen(svc);
  const setupSeconds = (performance.now() - t0) / 1000;
  const result = await measure(svc, url, token, () => startCpuWindow({ children: [] }));
  const problems = await cleanups.run();
  if (problems.length > 0) throw new Error(`cleanup of (b) failed: ${problems.join('; ')}`);
  return {
    setup: 'embedded',
    description: `PGlite + in-process runner (concurrency ${config.WORKER_CONCURRENCY}), one process`,
    setupSeconds,
    ...result,
  };
}

// ---------------------------------------------------------------------------------------------
// Main

async function main(): Promise<void> {
  const started = performance.now();
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const load = loadavg()[0]!.toFixed(2);
  console.log(
    `Tingjian ingestion benchmark — node ${process.version}, ${cpu}, ${cpus().length} cores, load average ${load}`,
  );
  console.log(
    `${N} measured calls (+${WARMUP} warm-up), POST concurrency ${POST_CONCURRENCY}, generated ~30-minute transcripts`,
  );
  const results: RunResult[] = [];
  if (ONLY !== 'embedded') {
    console.log('(a) server: PostgreSQL + Redis + 2 worker processes …');
    results.push(await runServer());
  }
  if (ONLY !== 'server') {
    console.log('(b) embedded: PGlite + in-process runner …');
    results.push(await runEmbedded());
  }

  printTable(
    'End-to-end ingestion: POST /v1/calls → scored (burst of calls; latency includes queue wait)',
    [
      'set-up',
      'calls/min',
      'makespan s',
      'latency p50 ms',
      'p95 ms',
      'max ms',
      'POST p50 / p95 ms',
      'setup s',
    ],
    results.map((r) => [
      r.setup,
      r.callsPerMinute.toFixed(0),
      r.makespanSeconds.toFixed(2),
      r.latencyMs.p50.toFixed(0),
      r.latencyMs.p95.toFixed(0),
      r.latencyMs.max.toFixed(0),
      `${r.postMs.p50.toFixed(0)} / ${r.postMs.p95.toFixed(0)}`,
      r.setupSeconds.toFixed(1),
    ]),
  );
  for (const r of results) {
    console.log(
      `  ${r.setup}: ${r.description}; ${r.calls} calls, ${r.utterances} utterances, all posted in ${r.postSeconds.toFixed(2)} s` +
        (r.redisKeysLeft !== undefined ? `; Redis keys left after purge: ${r.redisKeysLeft}` : ''),
    );
  }
  for (const r of results) {
    // The sum over the rows read: what one call costs the machine (Redis' row is the whole server's).
    const total = r.cpu.reduce((n, c) => n + (c.ms ?? 0), 0);
    printTable(
      `CPU per measured call, ${r.setup} (user + system, all threads, first POST → last scored)`,
      ['process', 'ms per call', 'cores busy'],
      [...r.cpu, { what: 'all of the above', ms: total }].map((c) => [
        c.what,
        c.ms === undefined ? '—' : (c.ms / r.calls).toFixed(1),
        c.ms === undefined ? '—' : (c.ms / 1000 / r.makespanSeconds).toFixed(2),
      ]),
    );
  }
  const totalSeconds = (performance.now() - started) / 1000;
  console.log(`\n(total ${totalSeconds.toFixed(1)} s)`);
  const json = {
    node: process.version,
    cpu,
    cores: cpus().length,
    loadAverage: Number(load),
    calls: N,
    warmupCalls: WARMUP,
    postConcurrency: POST_CONCURRENCY,
    results: results.map((r) => ({
      setup: r.setup,
      callsPerMinute: round1(r.callsPerMinute),
      makespanSeconds: round2(r.makespanSeconds),
      latencyP50Ms: Math.round(r.latencyMs.p50),
      latencyP95Ms: Math.round(r.latencyMs.p95),
      latencyMaxMs: Math.round(r.latencyMs.max),
      postP50Ms: Math.round(r.postMs.p50),
      postP95Ms: Math.round(r.postMs.p95),
      setupSeconds: round1(r.setupSeconds),
      cpuMsPerCall: Object.fromEntries(
        r.cpu.map((c) => [c.what, c.ms === undefined ? null : round1(c.ms / r.calls)]),
      ),
      ...(r.redisKeysLeft !== undefined ? { redisKeysLeft: r.redisKeysLeft } : {}),
    })),
    seconds: round1(totalSeconds),
  };
  console.log(`BENCH_JSON ${JSON.stringify(json)}`);
}

runWithCleanups(main, cleanups);
