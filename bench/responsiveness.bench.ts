/**
 * Responsiveness benchmark: `npm run build && npm run bench:responsiveness`.
 *
 * Is the API still answering while the server analyses? Every server here is `tingjian serve`
 * (plus `tingjian worker` with Redis) in a child process, and `/healthz` is sampled from this
 * process, so the sampler never shares an event loop with the server it measures.
 *
 * 1. Startup: `tingjian serve` on an empty DATA_DIR (PGlite created, migrated, lexicons seeded),
 *    time from spawn until `/healthz` answers 200 (target ≤ 5 s).
 * 2. Embedded default (PGlite, in-process queue, ANALYSIS_THREADS=BENCH_RESP_THREADS, default 1):
 *    one admin+rep user made with `tingjian users add`, then BENCH_RESP_CALLS (1,000) generated
 *    ~30-minute medical_devices calls and one call of each of the other 20 industries posted and
 *    scored (not timed). Then a rescore run of medical_devices: `/healthz` is requested every
 *    20 ms (each request on its own schedule, not waiting for the previous one) until the run is
 *    done → p50, p99, max (target p99 ≤ 50 ms); meanwhile searches (GET /v1/calls?q=…) are asked
 *    one at a time, 1 s apart (latency printed; no target). The server's RSS (API + analysis
 *    thread, all 21 lexicons used, searches answered; budget ≤ 500 MB) and peak RSS are read from /proc. Then one huge call
 *    (BENCH_RESP_HUGE utterances, default 20,000, with phone numbers to mask) is posted with
 *    `/healthz` sampled the same way until the POST answers: masking and search-word
 *    segmentation run in the analysis thread, not on the event loop. V8_HEAP_GROWTH_PERCENT,
 *    MALLOC_ARENA_MAX and NODE_OPTIONS, when set, reach the servers (A/B runs of memory settings,
 *    e.g. NODE_OPTIONS=--max-semi-space-size=4 or a --require'd probe).
 * 3. PostgreSQL + Redis: the same with `tingjian serve` (API only) and `tingjian worker`; skipped
 *    with a message when either server is down, or with BENCH_RESP_SERVERS=off (a quick run of
 *    the embedded default alone: `BENCH_RESP_CALLS=100 BENCH_RESP_SERVERS=off`).
 *
 * Prints a table and a final `BENCH_JSON {…}` line; nothing is asserted. Child processes, the
 * data folders, the database and the Redis keys are removed, also on error and Ctrl-C.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { LexiconRegistry } from '../lexicons/lexicon.registry.js';
import { JobName } from '../pipeline/queue.js';
import {
  createCleanups,
  createDatabase,
  envInt,
  type NodeChild,
  printTable,
  quantile,
  round1,
  runWithCleanups,
  sleep,
  spawnNode,
  status,
  TARGET_TABLE_HEADER,
  tempDir,
} from './bench-support.js';
import { generateCall } from './call-generator.js';

const N = envInt('BENCH_RESP_CALLS', 1000, 1);
const THREADS = envInt('BENCH_RESP_THREADS', 1, 0);
const HUGE = envInt('BENCH_RESP_HUGE', 20_000, 1);
const SERVERS = process.env.BENCH_RESP_SERVERS !== 'off';
const SAMPLE_MS = 20;
/** Pause between two searches during the rescore (one search at a time). */
const SEARCH_GAP_MS = 1000;
const PG_ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const INDUSTRY = 'medical_devices';
const TINGJIAN = fileURLToPath(new URL('../bin/tingjian.js', import.meta.url));
const REP = 'bench-resp-rep';
/** Every shipped industry, as the server lists them (one call each besides the measured industry). */
const INDUSTRIES = LexiconRegistry.fromDirectory().industries();

interface Latencies {
  /** Requests that got no answer (connection reset, timeout). */
  errors: number;
  samples: number;
  p50: number;
  p99: number;
  max: number;
}

interface Figures {
  latency: Latencies;
  /** Searches (GET /v1/calls?q=…) one after another during the rescore: the query is cut too. */
  search: Latencies;
  rescoreSeconds: number;
  /** /healthz while a HUGE-utterance call is posted, and how long its POST took. */
  huge: { latency: Latencies; postSeconds: number };
  rssMb?: number;
  peakRssMb?: number;
}

let nextPort = 3900 + Math.floor(Math.random() * 500);

/** Server settings passed through for A/B runs of memory settings (unset: the server's defaults). */
const PASSED_THROUGH = ['V8_HEAP_GROWTH_PERCENT', 'MALLOC_ARENA_MAX', 'NODE_OPTIONS'] as const;

function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const passed = Object.fromEntries(
    PASSED_THROUGH.flatMap((k) => (process.env[k] !== undefined ? [[k, process.env[k]]] : [])),
  );
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    LOG_LEVEL: 'warn',
    ...passed,
    ...extra,
  };
}

/** `tingjian users add` (admin + rep): its token. Waits for the CLI to exit (it holds the PGlite lock). */
async function addUser(env: NodeJS.ProcessEnv): Promise<string> {
  const cli = spawn(
    process.execPath,
    [TINGJIAN, 'users', 'add', '--name', 'bench', '--role', 'admin,rep', '--external-id', REP],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  cli.stdout.on('data', (b: Buffer) => {
    out += b.toString('utf8');
  });
  cli.stderr.on('data', (b: Buffer) => {
    out += b.toString('utf8');
  });
  const code = await new Promise<number | null>((r) => cli.once('exit', r));
  const token = /令牌（只显示这一次）：(\S+)/.exec(out)?.[1];
  if (code !== 0 || !token) throw new Error(`users add exited (${code}) without a token:\n${out}`);
  return token;
}

/** Resolves once GET /healthz answers 200; the time it took (ms) since `t0`. */
async function healthy(base: string, child: NodeChild, t0: number, timeoutMs = 300_000): Promise<number> {
  for (;;) {
    if (child.child.exitCode !== null) throw new Error(`server exited:\n${child.output()}`);
    try {
      const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(1000) });
      if (res.status === 200) return performance.now() - t0;
    } catch {
      // not listening yet
    }
    if (performance.now() - t0 > timeoutMs) throw new Error(`no healthy server after ${timeoutMs} ms`);
    await sleep(SAMPLE_MS);
  }
}

function serve(env: NodeJS.ProcessEnv, cleanups: ReturnType<typeof createCleanups>, what = 'serve') {
  const child = spawnNode(what, [TINGJIAN, what], env);
  cleanups.add(`stop ${what}`, () => child.stop());
  return child;
}

async function api(base: string, token: string, method: string, path: string, body?: unknown) {
  const send = () =>
    fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  // A kept-alive connection the server closed just as it was reused is reset: sent again (the
  // requests here are idempotent: a call is posted with its external id).
  const res = await send()
    .catch(() => sleep(100).then(send))
    .catch((err: Error) => {
      throw new Error(
        `${method} ${path}: ${err.message} (${String((err.cause as Error | undefined)?.message)})`,
      );
    });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as Record<string, unknown>;
}

/** Posts the calls (N of INDUSTRY, one of every other industry) and waits until all are scored. */
async function seed(base: string, token: string): Promise<void> {
  const ids: string[] = [];
  const t0 = performance.now();
  const post = async (i: number, industry: string) => {
    const t = { ...generateCall(i, INDUSTRY), industry, repId: REP, externalId: `resp-${industry}-${i}` };
    const out = (await api(base, token, 'POST', '/v1/calls', t)) as { call: { id: string } };
    ids.push(out.call.id);
  };
  for (let i = 1; i <= N; i++) {
    await post(i, INDUSTRY);
    if (i % 250 === 0) console.log(`  ${i} posted (${round1((performance.now() - t0) / 1000)} s)`);
  }
  for (const [k, industry] of INDUSTRIES.filter((x) => x !== INDUSTRY).entries())
    await post(N + k + 1, industry);
  // The in-process queue and BullMQ both run in submission order at one priority: the last calls
  // are scored last. Every call is checked at the end.
  for (const id of ids.slice(-3)) {
    for (;;) {
      const { call } = (await api(base, token, 'GET', `/v1/calls/${id}`)) as { call: { status: string } };
      if (call.status === 'scored') break;
      if (call.status === 'failed') throw new Error(`call ${id} failed`);
      await sleep(500);
    }
  }
  let notScored = 0;
  for (const id of ids) {
    const { call } = (await api(base, token, 'GET', `/v1/calls/${id}`)) as { call: { status: string } };
    if (call.status !== 'scored') notScored++;
  }
  if (notScored > 0) throw new Error(`${notScored} calls not scored after seeding`);
  console.log(`  ${ids.length} calls scored (${round1((performance.now() - t0) / 1000)} s)`);
}

/** /healthz every SAMPLE_MS until `done()` says so; latencies in ms. */
async function sampleWhile(base: string, done: () => Promise<boolean>): Promise<Latencies> {
  const latencies: number[] = [];
  const errors: string[] = [];
  const inFlight = new Set<Promise<void>>();
  let stop = false;
  const checker = (async () => {
    while (!(await done())) await sleep(250);
    stop = true;
  })();
  while (!stop) {
    const t = performance.now();
    const p = fetch(`${base}/healthz`, { signal: AbortSignal.timeout(60_000) })
      .then(async (res) => {
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`/healthz answered ${res.status}`);
        latencies.push(performance.now() - t);
      })
      .catch((err: Error) => {
        errors.push(`${err.message} (${String((err.cause as Error | undefined)?.message)})`);
      })
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
    await sleep(SAMPLE_MS);
  }
  await checker;
  await Promise.all(inFlight);
  if (errors.length > 0) console.log(`  ${errors.length} /healthz requests failed, e.g. ${errors[0]}`);
  return latencyFigures(latencies, errors.length);
}

/** A table's cells for latencies: samples (and failures), p50, p99, max. */
function latencyCells(l: Latencies): string[] {
  return [
    `${l.samples}${l.errors > 0 ? ` (+${l.errors} failed)` : ''}`,
    `${l.p50} ms`,
    `${l.p99} ms`,
    `${l.max} ms`,
  ];
}

/** p50, p99 and max of request latencies (ms), with the count of requests that got no answer. */
function latencyFigures(latencies: number[], errors: number): Latencies {
  latencies.sort((a, b) => a - b);
  return {
    errors,
    samples: latencies.length,
    p50: round1(quantile(latencies, 0.5)),
    p99: round1(quantile(latencies, 0.99)),
    max: round1(latencies.at(-1) ?? Number.NaN),
  };
}

/** Search words of the generated calls, asked in turn. */
const QUERIES = ['价格', '预算', '售后', '科室', '采购', '培训'];

/** Searches one after another (SEARCH_GAP_MS apart) until `done()`; latencies in ms. */
async function searchWhile(base: string, token: string, done: () => boolean): Promise<Latencies> {
  const latencies: number[] = [];
  let errors = 0;
  for (let i = 0; !done(); i++) {
    const t = performance.now();
    try {
      await api(
        base,
        token,
        'GET',
        `/v1/calls?q=${encodeURIComponent(QUERIES[i % QUERIES.length]!)}&limit=20`,
      );
      latencies.push(performance.now() - t);
    } catch {
      errors++;
    }
    await sleep(SEARCH_GAP_MS);
  }
  return latencyFigures(latencies, errors);
}

/** A rescore run of INDUSTRY with /healthz sampled and searches asked throughout. */
async function rescore(
  base: string,
  token: string,
): Promise<{ latency: Latencies; search: Latencies; seconds: number }> {
  const t0 = performance.now();
  const { run } = (await api(base, token, 'POST', `/v1/lexicons/${INDUSTRY}/rescores`, {})) as {
    run: { id: string };
  };
  let last = '';
  let finished = false;
  const searches = searchWhile(base, token, () => finished);
  const latency = await sampleWhile(base, async () => {
    const out = (await api(base, token, 'GET', `/v1/rescores/${run.id}?changed=false&limit=1`)) as {
      run: { status: string; total: number; planned: boolean; done: number; failed: number };
    };
    const line = `  rescore ${out.run.done + out.run.failed}/${out.run.planned ? '' : '≈'}${out.run.total}`;
    if (line !== last && (out.run.done + out.run.failed) % 250 === 0) console.log(line);
    last = line;
    if (out.run.failed > 0) throw new Error(`rescore run ${run.id}: ${out.run.failed} calls failed`);
    return out.run.status === 'done';
  }).finally(() => {
    finished = true;
  });
  return { latency, search: await searches, seconds: round1((performance.now() - t0) / 1000) };
}

/** A generated call stretched to HUGE utterances; every 100th one carries a phone number to mask. */
function hugeCall(): Record<string, unknown> {
  const base = generateCall(N + 100, INDUSTRY);
  const turns = base.utterances;
  return {
    ...base,
    repId: REP,
    externalId: `resp-huge-${HUGE}`,
    utterances: Array.from({ length: HUGE }, (_, i) => {
      const u = turns[i % turns.length]!;
      const text = i % 100 === 0 ? `${u.text}，我的电话是１３８１２３４５６７８` : u.text;
      return { ...u, id: `u${i + 1}`, text, start: i * 4000, end: i * 4000 + 3000 };
    }),
  };
}

/** Posts the huge call with /healthz sampled until the POST answers. */
async function submitHuge(base: string, token: string): Promise<Figures['huge']> {
  const body = hugeCall();
  const t0 = performance.now();
  let answered = false;
  const post = api(base, token, 'POST', '/v1/calls', body).finally(() => {
    answered = true;
  });
  const latency = await sampleWhile(base, async () => answered);
  await post;
  return { latency, postSeconds: round1((performance.now() - t0) / 1000) };
}

function rssOf(pid: number): { rssMb: number; peakRssMb: number } {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(text)?.[1] ?? Number.NaN);
  return { rssMb: Math.round(kb('VmRSS') / 1024), peakRssMb: Math.round(kb('VmHWM') / 1024) };
}

async function startup(cleanups: ReturnType<typeof createCleanups>): Promise<number> {
  const dir = tempDir('tingjian-bench-startup-', cleanups);
  const port = nextPort++;
  const t0 = performance.now();
  const child = serve(
    baseEnv({ DATA_DIR: `${dir}/data`, PORT: String(port), ANALYSIS_THREADS: String(THREADS) }),
    cleanups,
  );
  const ms = await healthy(`http://127.0.0.1:${port}`, child, t0);
  await child.stop();
  return Math.round(ms);
}

async function embedded(cleanups: ReturnType<typeof createCleanups>): Promise<Figures> {
  const dir = tempDir('tingjian-bench-resp-', cleanups);
  const port = nextPort++;
  const env = baseEnv({ DATA_DIR: dir, PORT: String(port), ANALYSIS_THREADS: String(THREADS) });
  const token = await addUser(env);
  const child = serve(env, cleanups);
  const base = `http://127.0.0.1:${port}`;
  await healthy(base, child, performance.now());
  const { latency, search, seconds, rss, huge } = await (async () => {
    await seed(base, token);
    const run = await rescore(base, token);
    // Read before the huge call: the budget is for the server with all lexicons used.
    const rss = rssOf(child.child.pid!);
    console.log(`  server RSS after the rescore ${rss.rssMb} MB (peak ${rss.peakRssMb} MB)`);
    console.log(`  posting one ${HUGE}-utterance call …`);
    return { ...run, rss, huge: await submitHuge(base, token) };
  })().catch((err: Error) => {
    throw new Error(`${err.message}\nserver output:\n${child.output()}`);
  });
  await child.stop();
  return { latency, search, rescoreSeconds: seconds, huge, ...rss };
}

async function servers(cleanups: ReturnType<typeof createCleanups>): Promise<Figures | string> {
  if (!SERVERS) return 'BENCH_RESP_SERVERS=off';
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.ping();
  } catch {
    redis.disconnect();
    return `Redis at ${REDIS_URL} is down`;
  }
  let db: { url: string };
  try {
    db = await createDatabase(PG_ADMIN_URL, 'tj_bench_resp', cleanups);
  } catch (err) {
    redis.disconnect();
    return `PostgreSQL at ${PG_ADMIN_URL} is down (${(err as Error).message})`;
  }
  const prefix = `tjresp${Date.now().toString(36)}`;
  cleanups.add('delete Redis keys', async () => {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
    redis.disconnect();
  });
  const dir = tempDir('tingjian-bench-resp-pg-', cleanups);
  const port = nextPort++;
  const env = baseEnv({
    DATA_DIR: dir,
    PORT: String(port),
    DATABASE_URL: db.url,
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    ANALYSIS_THREADS: String(THREADS),
  });
  const token = await addUser(env);
  const api = serve(env, cleanups);
  const worker = serve(env, cleanups, 'worker');
  const base = `http://127.0.0.1:${port}`;
  await healthy(base, api, performance.now());
  await seed(base, token);
  const { latency, search, seconds } = await rescore(base, token);
  const rss = rssOf(worker.child.pid!);
  console.log(`  posting one ${HUGE}-utterance call …`);
  const huge = await submitHuge(base, token);
  return { latency, search, rescoreSeconds: seconds, huge, ...rss };
}

async function main(): Promise<void> {
  const cleanups = createCleanups();
  runWithCleanups(async () => {
    console.log(
      `responsiveness: ${N} ${INDUSTRY} calls rescored, ANALYSIS_THREADS=${THREADS}, ${cpus().length} cores, load ${loadavg()
        .map(round1)
        .join(' ')}`,
    );
    console.log('startup on an empty data folder …');
    const startMs = await startup(cleanups);
    console.log(`  healthy after ${startMs} ms`);
    console.log('embedded (PGlite + in-process queue) …');
    const emb = await embedded(cleanups);
    console.log('PostgreSQL + Redis …');
    const srv = await servers(cleanups);
    if (typeof srv === 'string') console.log(`  skipped: ${srv}`);
    const row = (name: string, f: Figures | string) =>
      typeof f === 'string'
        ? [name, '—', '—', '—', '—', '—', `skipped (${f})`]
        : [
            name,
            ...latencyCells(f.latency),
            `${f.rescoreSeconds} s`,
            f.rssMb !== undefined ? `${f.rssMb} MB (peak ${f.peakRssMb} MB)` : '—',
          ];
    printTable(
      `/healthz every ${SAMPLE_MS} ms during a ${N}-call rescore (${JobName.Rescore} run of ${INDUSTRY})`,
      ['backend', 'samples', 'p50', 'p99', 'max', 'rescore', 'RSS of the analysing process'],
      [row('embedded (PGlite, in-process)', emb), row('PostgreSQL + Redis (serve + worker)', srv)],
    );
    const searchRow = (name: string, f: Figures | string) =>
      typeof f === 'string' ? [name, '—', '—', '—', '—'] : [name, ...latencyCells(f.search)];
    printTable(
      `GET /v1/calls?q=… (one at a time, ${SEARCH_GAP_MS} ms apart) during the same rescore; the RSS above is after them`,
      ['backend', 'searches', 'p50', 'p99', 'max'],
      [
        searchRow('embedded (PGlite, in-process)', emb),
        searchRow('PostgreSQL + Redis (serve + worker)', srv),
      ],
    );
    const hugeRow = (name: string, f: Figures | string) =>
      typeof f === 'string'
        ? [name, '—', '—', '—', '—', '—']
        : [name, ...latencyCells(f.huge.latency), `${f.huge.postSeconds} s`];
    printTable(
      `/healthz every ${SAMPLE_MS} ms while one ${HUGE}-utterance call is posted (until its POST answers)`,
      ['backend', 'samples', 'p50', 'p99', 'max', 'POST'],
      [hugeRow('embedded (PGlite, in-process)', emb), hugeRow('PostgreSQL + Redis (serve + worker)', srv)],
    );
    printTable('Targets', TARGET_TABLE_HEADER, [
      ['first healthy start, empty data folder', `${startMs} ms`, '≤ 5000 ms', status(startMs <= 5000)],
      [
        'embedded /healthz p99 during rescore',
        `${emb.latency.p99} ms`,
        '≤ 50 ms',
        status(emb.latency.p99 <= 50),
      ],
      [
        'embedded server RSS (API + analysis thread, 21 lexicons)',
        `${emb.rssMb} MB`,
        '≤ 500 MB',
        status((emb.rssMb ?? Number.POSITIVE_INFINITY) <= 500),
      ],
    ]);
    console.log(
      `BENCH_JSON ${JSON.stringify({
        calls: N,
        hugeUtterances: HUGE,
        threads: THREADS,
        cores: cpus().length,
        startupMs: startMs,
        embedded: emb,
        servers: srv,
      })}`,
    );
  }, cleanups);
}

await main();
