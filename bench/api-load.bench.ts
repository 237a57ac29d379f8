/**
 * API load benchmark: `npm run build && npm run bench:api`.
 *
 * `GET /v1/calls/:id` under load (autocannon, loopback, 50 connections) over ≥ 1,000 distinct
 * stored 30-minute calls on PostgreSQL, beside a bare Express handler that returns the same JSON
 * bytes from memory, in the same run and under the same load.
 *
 * 1. Seeding, on a fresh PostgreSQL database: BENCH_API_TRANSCRIPTS (default 50) generated calls,
 *    each a different seed, go through the real pipeline (`CallService.submitTranscript`, then the
 *    stage handlers on the in-process runner: PII masking, search words, analysis, storage). The
 *    other calls are copies of those: each its own id, external id, rep, date and finding ids
 *    (recomputed as the analyzer derives them from the call id), written with the repository calls
 *    the pipeline uses (`create`, `setStatus`, `replaceAnalysis`), so every call has its own rows
 *    and its own response bytes; only the transcript text repeats. Running all 1,000 through the
 *    pipeline takes minutes on two cores (set BENCH_API_TRANSCRIPTS=1000 to do it anyway).
 *    Seeding runs with synchronous_commit off on the bench database only; it is reset before the
 *    server starts.
 * 2. The real server is `tingjian serve` in a child process (DATABASE_URL set, no REDIS_URL, its
 *    in-process workers idle). It sends each call's view as stored with the analysis: the br copy
 *    made once per score (models/stored-view.ts), no compression or hashing per request. Every
 *    stored call is fetched once through it; the bodies are checked (200, scored, analysis
 *    present, all distinct) and written to a temp directory.
 * 3. The bare server is this file in a child process (`--bare=<dir>`): Express with one route
 *    answering, from memory, the bytes the real server sends for `Accept-Encoding: br, gzip` (its
 *    compressed body) with the same content headers (type, encoding, ETag, Vary); every body is
 *    compared byte for byte.
 * 4. autocannon (in this process, so the load generator never shares a server's event loop) runs
 *    a warm-up and then the measured run against each server, with `Accept-Encoding: br, gzip`
 *    and no conditional headers; every request asks for the next call id in turn, so consecutive
 *    requests name different calls. Bytes per response and the 304 and 429 counts are printed
 *    (both must be 0: a 304 or a refusal would flatter the figures).
 *
 * Environment: BENCH_API_CALLS (default 1000), BENCH_API_TRANSCRIPTS (50), BENCH_API_CONNECTIONS
 * (50), BENCH_API_DURATION_S (20), BENCH_API_WARMUP_S (3), BENCH_API_SEED_CONCURRENCY (4),
 * BENCH_PG_ADMIN_URL. Prints a table and a final `BENCH_JSON {…}` line; the targets are printed
 * with PASS/MISS, never asserted.
 * The database, child processes and temp directories are removed, also on error and on Ctrl-C.
 */
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import { count } from 'drizzle-orm';
import express from 'express';
import { loadConfig } from '../bin/config.js';
import { buildService } from '../bin/service.js';
import type { AnalysisRows, CallWithUtterances, StoredAnalysis } from '../models/call.repository.js';
import { calls } from '../models/schema.js';
import { VIEW_BROTLI_QUALITY, VIEW_GZIP_LEVEL } from '../models/stored-view.js';
import { findingId } from '../pipeline/nlp/finding-id.js';
import {
  adminQuery,
  createCleanups,
  createDatabase,
  envInt,
  printTable,
  round1,
  runWithCleanups,
  spawnNode,
  status,
  TARGET_TABLE_HEADER,
  tempDir,
} from './bench-support.js';
import { GENERATOR_INDUSTRIES, generateCall } from './call-generator.js';
import { procCpuMs } from './process-cpu.js';

const CALLS = envInt('BENCH_API_CALLS', 1000, 1);
const CONNECTIONS = envInt('BENCH_API_CONNECTIONS', 50, 1);
const DURATION_S = envInt('BENCH_API_DURATION_S', 20, 1);
const WARMUP_S = envInt('BENCH_API_WARMUP_S', 3, 1);
const TRANSCRIPTS = envInt('BENCH_API_TRANSCRIPTS', 50, 1);
const SEED_CONCURRENCY = envInt('BENCH_API_SEED_CONCURRENCY', 4, 1);
const SEED_COPY_CONCURRENCY = 8;
const PG_ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

const TARGET_RATIO = 0.4;
/** What the load (and the bare handler's bodies) ask for. */
const ACCEPT_ENCODING = 'br, gzip';
/** Response headers the bare handler replays from the real server's answer. */
const CONTENT_HEADERS = ['content-type', 'content-encoding', 'etag', 'vary'] as const;
const TARGET_P99_MS = 100;
/** generateCall gives repId `rep-${seed % 7}`. */
const REP_EXTERNAL_IDS = Array.from({ length: 7 }, (_, i) => `rep-${i}`);

// ---------------------------------------------------------------------------------------------
// Cleanup: every resource registers its undo step as soon as it exists

const cleanups = createCleanups();

/** Runs `fn` over `items` with at most `concurrency` calls in flight. */
async function forEachLimited<T>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < items.length; i = next++) await fn(items[i]!, i);
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, lane));
}

// ---------------------------------------------------------------------------------------------
// CPU accounting from /proc (Linux): which process used the two cores during a run

/** CPU ms (user + system) per PostgreSQL process (backends come and go; absent ones count from zero). */
function postgresCpuMs(): Map<number, number> {
  const out = new Map<number, number>();
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return out;
  }
  for (const e of entries) {
    try {
      if (readFileSync(`/proc/${e}/comm`, 'utf8').trim() !== 'postgres') continue;
      const t = procCpuMs(Number(e));
      if (t !== undefined) out.set(Number(e), t);
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

/** Busy and total jiffies of the whole machine. */
function machineTicks(): { busy: number; total: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = (v[3] ?? 0) + (v[4] ?? 0);
    const total = v.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

interface CpuSnapshot {
  at: number;
  /** CPU ms (user + system, all threads) of each process; null when it could not be read. */
  server: number | null;
  generator: number | null;
  postgres: Map<number, number>;
  machine: { busy: number; total: number } | null;
}

function snapshot(serverPid: number): CpuSnapshot {
  return {
    at: performance.now(),
    server: procCpuMs(serverPid) ?? null,
    generator: procCpuMs(process.pid) ?? null,
    postgres: postgresCpuMs(),
    machine: machineTicks(),
  };
}

/** CPU use between two snapshots, in % of one core (machine: % of all cores). */
interface CpuUse {
  serverPct: number | null;
  generatorPct: number | null;
  postgresPct: number | null;
  machinePct: number | null;
}

function cpuBetween(a: CpuSnapshot, b: CpuSnapshot): CpuUse {
  const seconds = (b.at - a.at) / 1000;
  const pct = (ms: number) => round1((ms / 1000 / seconds) * 100);
  let pgMs = 0;
  for (const [pid, t] of b.postgres) pgMs += t - (a.postgres.get(pid) ?? 0);
  return {
    serverPct: a.server !== null && b.server !== null ? pct(b.server - a.server) : null,
    generatorPct: a.generator !== null && b.generator !== null ? pct(b.generator - a.generator) : null,
    postgresPct: b.postgres.size > 0 ? pct(pgMs) : null,
    machinePct:
      a.machine && b.machine
        ? round1(((b.machine.busy - a.machine.busy) / (b.machine.total - a.machine.total)) * 100)
        : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Child processes: the real server (`tingjian serve`) and the bare handler (this file)

interface ServerProcess {
  child: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

/** Spawns a server and resolves with its URL, read from its stdout. */
async function spawnServer(what: string, args: string[], env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  const proc = spawnNode(what, args, env);
  cleanups.add(`stop ${what} (pid ${proc.child.pid})`, proc.stop);
  const url = await proc.waitFor(
    (out) => {
      const m = /http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      return m ? `http://127.0.0.1:${m[1]}` : undefined;
    },
    'not listening',
    'before listening',
  );
  return { child: proc.child, url, stop: proc.stop };
}

function entry(relative: string): string {
  const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  return fileURLToPath(new URL(`${relative}.${ext}`, import.meta.url));
}

/** Child mode: the bare handler, answering the real server's compressed bytes of each call from memory. */
function serveBare(dir: string): void {
  const bodies = new Map<string, { body: Buffer; headers: Record<string, string> }>();
  for (const f of readdirSync(dir)) {
    if (!f.endsWith('.wire')) continue;
    const id = f.slice(0, -'.wire'.length);
    const headers = JSON.parse(readFileSync(join(dir, `${id}.headers.json`), 'utf8')) as Record<
      string,
      string
    >;
    bodies.set(id, { body: readFileSync(join(dir, f)), headers });
  }
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.get('/v1/calls/:id', (req, res) => {
    const stored = bodies.get(req.params.id);
    if (!stored) {
      res.status(404).json({ error: { code: 'not_found', message: 'no such call' } });
      return;
    }
    res.set(stored.headers).send(stored.body);
  });
  const server = app.listen(0, '127.0.0.1', () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    console.log(`bare handler (${bodies.size} calls) at http://127.0.0.1:${port}`);
  });
  process.once('SIGTERM', () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}

// ---------------------------------------------------------------------------------------------
// Seeding: distinct transcripts through the real pipeline, then copies through the repositories

interface Seeded {
  token: string;
  ids: string[];
  pipelineCalls: number;
  pipelineSeconds: number;
  copySeconds: number;
  seconds: number;
}

/**
 * The analysis of `fromId` as the analyzer gives it for the same transcript stored as `toId`:
 * finding ids derive from the call id, so every id (and every reference to one) is recomputed.
 */
function copyAnalysis(a: StoredAnalysis, fromId: string, toId: string): AnalysisRows {
  const ids = new Map(a.findings.map((f) => [f.id, findingId(toId, f.utteranceId, f.label, f.span)]));
  const json = JSON.stringify({ findings: a.findings, scoreItems: a.scoreItems })
    .replace(/f-[0-9a-f]{16}/g, (m) => ids.get(m) ?? m)
    .replaceAll(fromId, toId);
  const { findings, scoreItems } = JSON.parse(json) as Pick<StoredAnalysis, 'findings' | 'scoreItems'>;
  if (a.lexiconVersion === null || a.scorecardVersion === null)
    throw new Error(`call ${fromId} has no versions`);
  return {
    lexiconVersion: a.lexiconVersion,
    scorecardVersion: a.scorecardVersion,
    total: a.total,
    tags: a.tags,
    metrics: a.metrics ?? {},
    findings,
    scoreItems,
    dimensions: a.dimensions,
  };
}

async function seed(databaseUrl: string, dataDir: string): Promise<Seeded> {
  const t0 = performance.now();
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: databaseUrl,
    REDIS_URL: '',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    WORKER_CONCURRENCY: String(SEED_CONCURRENCY),
  });
  const svc = await buildService(config, { role: 'all' });
  try {
    await svc.startWorkers();
    const team = await svc.users.createTeam({ name: '基准测试团队' });
    const reps: string[] = [];
    for (const externalId of REP_EXTERNAL_IDS) {
      reps.push(
        (await svc.users.createUser({ name: externalId, roles: ['rep'], teamId: team.id, externalId })).id,
      );
    }
    // A reviewer reads every call, like an admin, through the same role checks.
    const reader = await svc.users.createUser({ name: 'bench-reader', roles: ['reviewer'], teamId: null });
    const { token } = await svc.users.issueToken(reader.id, 'bench');

    // 1. Distinct generated transcripts through intake and the stage handlers.
    const pipelineCalls = Math.min(TRANSCRIPTS, CALLS);
    const ids: string[] = new Array(CALLS);
    await forEachLimited(
      Array.from({ length: pipelineCalls }, (_, i) => i),
      SEED_CONCURRENCY,
      async (i) => {
        const body = generateCall(i + 1, GENERATOR_INDUSTRIES[i % GENERATOR_INDUSTRIES.length]!);
        const { call, created } = await svc.service.submitTranscript(body);
        if (!created) throw new Error(`call ${body.externalId} was not created (duplicate?)`);
        ids[i] = call.id;
      },
    );
    await svc.queue.drain();
    const pipelineSeconds = (performance.now() - t0) / 1000;

    // 2. Copies: each its own id, external id, rep, date and finding ids, with the rows the
    //    pipeline stored for its transcript, written through the same repository calls.
    const t1 = performance.now();
    const bases = new Map<string, { call: CallWithUtterances; analysis: StoredAnalysis }>();
    for (const id of ids.slice(0, pipelineCalls)) {
      const call = await svc.calls.get(id);
      const analysis = await svc.calls.getAnalysis(id);
      if (!call || !analysis || call.status !== 'scored') {
        throw new Error(`pipeline call ${id} is ${call?.status ?? 'missing'} (${call?.failureReason ?? ''})`);
      }
      bases.set(id, { call, analysis });
    }
    await forEachLimited(
      Array.from({ length: CALLS - pipelineCalls }, (_, k) => pipelineCalls + k),
      SEED_COPY_CONCURRENCY,
      async (i) => {
        const { call: base, analysis } = bases.get(ids[i % pipelineCalls]!)!;
        const copy = Math.floor(i / pipelineCalls);
        const id = `call-copy${String(i).padStart(5, '0')}`;
        await svc.calls.create({
          id,
          externalId: `${base.externalId}-copy${copy}`,
          repId: reps[i % reps.length]!,
          customer: base.customer,
          industry: base.industry,
          occurredAt: new Date(base.occurredAt.getTime() - copy * 86_400_000),
          source: 'transcript',
          inputChecksum: createHash('sha256').update(`${base.inputChecksum}:${copy}`).digest('hex'),
          utterances: base.utterances,
          searchText: base.utterances.map((u) => u.text).join(' '),
        });
        for (const next of ['queued', 'transcribing', 'analyzing'] as const)
          await svc.calls.setStatus(id, next);
        await svc.calls.replaceAnalysis(id, 1, copyAnalysis(analysis, base.id, id));
        ids[i] = id;
      },
    );
    const rows = await svc.database.db
      .select({ status: calls.status, n: count() })
      .from(calls)
      .groupBy(calls.status);
    const byStatus = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    if (byStatus.scored !== CALLS || rows.length !== 1) {
      const failed = await svc.calls.list({ status: 'failed', limit: 3 });
      throw new Error(
        `seeding left calls unscored: ${JSON.stringify(byStatus)} ${JSON.stringify(failed.items.map((c) => c.failureReason))}`,
      );
    }
    return {
      token,
      ids,
      pipelineCalls,
      pipelineSeconds,
      copySeconds: (performance.now() - t1) / 1000,
      seconds: (performance.now() - t0) / 1000,
    };
  } finally {
    await svc.close();
  }
}

interface BodyStats {
  meanBytes: number;
  /** Mean body size as sent for `Accept-Encoding: br, gzip`. */
  meanWireBytes: number;
  wireEncoding: string;
  maxBytes: number;
  meanUtterances: number;
  meanFindings: number;
}

/** A raw GET: the bytes and headers as sent (fetch would decompress them). */
function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const picked: Record<string, string> = {};
        for (const h of CONTENT_HEADERS) {
          const v = res.headers[h];
          if (typeof v === 'string') picked[h] = v;
        }
        resolve({ status: res.statusCode ?? 0, headers: picked, body: Buffer.concat(chunks) });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * Fetches every call once from the real server, checks it, writes its bytes to `dir`: the JSON
 * (`<id>.json`) and what goes over the wire for `Accept-Encoding: br, gzip` (`<id>.wire`, with
 * `<id>.headers.json`).
 */
async function collectBodies(
  url: string,
  token: string,
  ids: readonly string[],
  dir: string,
): Promise<BodyStats> {
  const hashes = new Set<string>();
  let bytes = 0;
  let wireBytes = 0;
  const encodings = new Set<string>();
  let maxBytes = 0;
  let utterances = 0;
  let findings = 0;
  await forEachLimited(ids, 8, async (id) => {
    const res = await fetch(`${url}/v1/calls/${id}`, { headers: { authorization: `Bearer ${token}` } });
    const body = Buffer.from(await res.arrayBuffer());
    if (res.status !== 200)
      throw new Error(`GET ${id}: ${res.status} ${body.toString('utf8').slice(0, 300)}`);
    const parsed = JSON.parse(body.toString('utf8')) as {
      call: { status: string };
      utterances: unknown[];
      analysis: { findings: unknown[] } | null;
    };
    if (parsed.call.status !== 'scored' || !parsed.analysis) throw new Error(`call ${id} is not scored`);
    hashes.add(createHash('sha256').update(body).digest('hex'));
    bytes += body.length;
    maxBytes = Math.max(maxBytes, body.length);
    utterances += parsed.utterances.length;
    findings += parsed.analysis.findings.length;
    writeFileSync(join(dir, `${id}.json`), body);
    const wire = await rawGet(`${url}/v1/calls/${id}`, {
      authorization: `Bearer ${token}`,
      'accept-encoding': ACCEPT_ENCODING,
    });
    if (wire.status !== 200) throw new Error(`GET ${id} (${ACCEPT_ENCODING}): ${wire.status}`);
    encodings.add(wire.headers['content-encoding'] ?? 'identity');
    wireBytes += wire.body.length;
    writeFileSync(join(dir, `${id}.wire`), wire.body);
    writeFileSync(join(dir, `${id}.headers.json`), JSON.stringify(wire.headers));
  });
  if (hashes.size !== ids.length)
    throw new Error(`only ${hashes.size} distinct bodies for ${ids.length} calls`);
  return {
    meanBytes: bytes / ids.length,
    meanWireBytes: wireBytes / ids.length,
    wireEncoding: [...encodings].join('+'),
    maxBytes,
    meanUtterances: utterances / ids.length,
    meanFindings: findings / ids.length,
  };
}

/** Every call from the bare handler must be byte-identical to the real server's, headers too. */
async function checkBare(url: string, ids: readonly string[], dir: string): Promise<void> {
  await forEachLimited(ids, 8, async (id) => {
    const res = await rawGet(`${url}/v1/calls/${id}`, { 'accept-encoding': ACCEPT_ENCODING });
    const headers = readFileSync(join(dir, `${id}.headers.json`), 'utf8');
    if (
      res.status !== 200 ||
      !res.body.equals(readFileSync(join(dir, `${id}.wire`))) ||
      JSON.stringify(res.headers) !== headers
    ) {
      throw new Error(`bare handler: call ${id} differs (status ${res.status})`);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// What one body costs: serialising, validating and compressing (mean over a sample of the calls)

interface CodecRow {
  what: string;
  microseconds: number;
  bytes: number | null;
}

/** Per-body costs on `sample` stored views: re-serialising vs sending as stored, ETag, codings. */
function codecFigures(dir: string, ids: readonly string[], sample = 50): CodecRow[] {
  const texts = ids.slice(0, sample).map((id) => readFileSync(join(dir, `${id}.json`), 'utf8'));
  const time = (what: string, fn: (text: string) => number | null): CodecRow => {
    let bytes = 0;
    let sized = true;
    fn(texts[0]!); // warm the code path
    const t0 = performance.now();
    for (const text of texts) {
      const n = fn(text);
      if (n === null) sized = false;
      else bytes += n;
    }
    const microseconds = ((performance.now() - t0) * 1000) / texts.length;
    return { what, microseconds, bytes: sized ? bytes / texts.length : null };
  };
  const br = (quality: number) => (text: string) =>
    brotliCompressSync(Buffer.from(text, 'utf8'), {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: quality,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      },
    }).length;
  return [
    time('as stored: string → UTF-8 bytes', (t) => Buffer.from(t, 'utf8').length),
    time(
      'parse + re-stringify → UTF-8 bytes',
      (t) => Buffer.from(JSON.stringify(JSON.parse(t)), 'utf8').length,
    ),
    time('strong ETag (sha1 of the bytes)', (t) => {
      createHash('sha1').update(Buffer.from(t, 'utf8')).digest('base64url');
      return null;
    }),
    time('gzip level 6', (t) => gzipSync(Buffer.from(t, 'utf8'), { level: 6 }).length),
    time('br quality 4 (compressResponses, for bodies not stored)', br(4)),
    time('br quality 5', br(5)),
    time('br quality 11', br(11)),
    // What the server pays once per score since the view is stored with its copies (models/stored-view.ts).
    time(
      `stored copies, once per score: sha1 + br q${VIEW_BROTLI_QUALITY} + gzip ${VIEW_GZIP_LEVEL}`,
      (t) => {
        const bytes = Buffer.from(t, 'utf8');
        createHash('sha1').update(bytes).digest('base64url');
        gzipSync(bytes, { level: VIEW_GZIP_LEVEL });
        return brotliCompressSync(bytes, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: VIEW_BROTLI_QUALITY,
            [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
            [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
          },
        }).length;
      },
    ),
  ];
}

// ---------------------------------------------------------------------------------------------
// Load

interface LoadResult {
  reqPerSec: number;
  requests: number;
  seconds: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mbPerSec: number;
  /** Bytes received per response, headers included. */
  bytesPerResponse: number;
  notModified: number;
  tooMany: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  cpu: CpuUse;
  loadAverage: number;
}

async function load(
  server: ServerProcess,
  ids: readonly string[],
  token: string,
  seconds: number,
): Promise<LoadResult> {
  let next = Math.floor(Math.random() * ids.length);
  const loadAverage = loadavg()[0]!;
  const before = snapshot(server.child.pid!);
  const r = await autocannon({
    url: server.url,
    connections: CONNECTIONS,
    duration: seconds,
    headers: { authorization: `Bearer ${token}`, 'accept-encoding': ACCEPT_ENCODING },
    requests: [
      {
        method: 'GET',
        // Each request names the next call: 50 requests in flight are 50 different calls.
        setupRequest: (req) => ({ ...req, path: `/v1/calls/${ids[next++ % ids.length]}` }),
      },
    ],
  });
  const after = snapshot(server.child.pid!);
  return {
    reqPerSec: r.requests.average,
    requests: r.requests.total,
    seconds: r.duration,
    p50: r.latency.p50,
    p90: r.latency.p90,
    p99: r.latency.p99,
    max: r.latency.max,
    mbPerSec: r.throughput.average / 1024 / 1024,
    bytesPerResponse: r.requests.total > 0 ? r.throughput.total / r.requests.total : 0,
    notModified: r.statusCodeStats?.['304']?.count ?? 0,
    tooMany: r.statusCodeStats?.['429']?.count ?? 0,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    cpu: cpuBetween(before, after),
    loadAverage,
  };
}

// ---------------------------------------------------------------------------------------------
// Main

/** The load figures of both servers side by side, the targets, and warnings that void them. */
function printLoadTables(api: LoadResult, plain: LoadResult, ratio: number): void {
  const pct = (v: number | null) => (v === null ? 'n/a' : `${v.toFixed(0)}%`);
  const row = (name: string, r: LoadResult) => [
    name,
    r.reqPerSec.toFixed(0),
    r.p50.toFixed(0),
    r.p90.toFixed(0),
    r.p99.toFixed(0),
    r.max.toFixed(0),
    r.mbPerSec.toFixed(1),
    r.bytesPerResponse.toFixed(0),
    `${r.notModified} / ${r.tooMany}`,
    `${r.non2xx} / ${r.errors} / ${r.timeouts}`,
    `${pct(r.cpu.serverPct)} / ${pct(r.cpu.postgresPct)} / ${pct(r.cpu.generatorPct)} / ${pct(r.cpu.machinePct)}`,
    r.loadAverage.toFixed(2),
  ];
  printTable(
    `GET /v1/calls/:id — ${CALLS} distinct stored calls, ${CONNECTIONS} connections, ${DURATION_S} s each (after ${WARMUP_S} s warm-up), loopback`,
    [
      'server',
      'req/s',
      'p50 ms',
      'p90 ms',
      'p99 ms',
      'max ms',
      'MiB/s',
      'bytes/response',
      '304 / 429',
      'non-2xx / errors / timeouts',
      'CPU server / postgres / autocannon / machine',
      'load avg',
    ],
    [row('tingjian serve (PostgreSQL)', api), row('bare Express, bytes in memory', plain)],
  );
  printTable('Targets', TARGET_TABLE_HEADER, [
    [
      'throughput: API / bare',
      `${(ratio * 100).toFixed(1)}%`,
      `≥ ${TARGET_RATIO * 100}%`,
      status(ratio >= TARGET_RATIO),
    ],
    [
      'API p99 latency',
      `${api.p99.toFixed(0)} ms`,
      `≤ ${TARGET_P99_MS} ms`,
      status(api.p99 <= TARGET_P99_MS),
    ],
  ]);
  if (api.notModified + api.tooMany + plain.notModified + plain.tooMany > 0) {
    console.log('WARNING: 304 or 429 answers under load: the figures above are not comparable');
  }
  if (api.non2xx + api.errors + plain.non2xx + plain.errors > 0) {
    console.log('WARNING: some responses were not 2xx or failed: the figures above are suspect');
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const load0 = loadavg()[0]!.toFixed(2);
  console.log(
    `Tingjian API load benchmark — node ${process.version}, ${cpu}, ${cpus().length} cores, load average ${load0}`,
  );
  const database = await createDatabase(PG_ADMIN_URL, 'tingjian_bench_api', cleanups);
  const databaseUrl = database.url;
  const dataDir = tempDir('tingjian-bench-api-', cleanups);
  const bodiesDir = tempDir('tingjian-bench-api-bodies-', cleanups);

  console.log(
    `seeding ${CALLS} calls on PostgreSQL: ${Math.min(TRANSCRIPTS, CALLS)} generated transcripts through the pipeline, the rest copies through the repositories …`,
  );
  // Seeding only: commits need not wait for the disk (a crash loses a throw-away database).
  // Reset before the server starts, so its connections run with the server default.
  await adminQuery(PG_ADMIN_URL, `ALTER DATABASE ${database.name} SET synchronous_commit = off`);
  const seeded = await seed(databaseUrl, dataDir);
  await adminQuery(PG_ADMIN_URL, `ALTER DATABASE ${database.name} RESET synchronous_commit`);
  console.log(
    `  ${CALLS} calls scored in ${seeded.seconds.toFixed(1)} s (pipeline ${seeded.pipelineCalls} calls ${seeded.pipelineSeconds.toFixed(1)} s, copies ${seeded.copySeconds.toFixed(1)} s)`,
  );

  const real = await spawnServer('tingjian serve', [entry('../bin/tingjian'), 'serve'], {
    ...process.env,
    DATABASE_URL: databaseUrl,
    REDIS_URL: '',
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'warn',
  });
  const stats = await collectBodies(real.url, seeded.token, seeded.ids, bodiesDir);
  const bare = await spawnServer(
    'bare handler',
    [entry('./api-load.bench'), `--bare=${bodiesDir}`],
    process.env,
  );
  await checkBare(bare.url, seeded.ids, bodiesDir);
  console.log(
    `  bodies: ${CALLS} distinct, mean ${(stats.meanBytes / 1024).toFixed(1)} KiB (max ${(stats.maxBytes / 1024).toFixed(1)} KiB), ` +
      `${(stats.meanWireBytes / 1024).toFixed(1)} KiB as sent for Accept-Encoding: ${ACCEPT_ENCODING} (${stats.wireEncoding}), ` +
      `${stats.meanUtterances.toFixed(0)} utterances and ${stats.meanFindings.toFixed(0)} findings per call; bare bytes and headers identical`,
  );

  const codec = codecFigures(bodiesDir, seeded.ids);
  printTable(
    `One stored call view (mean of ${Math.min(50, seeded.ids.length)}), in this process`,
    ['step', 'µs per body', 'bytes'],
    codec.map((c) => [c.what, c.microseconds.toFixed(0), c.bytes === null ? '—' : c.bytes.toFixed(0)]),
  );
  console.log(`load: ${CONNECTIONS} connections, ${WARMUP_S} s warm-up + ${DURATION_S} s per server …`);
  await load(real, seeded.ids, seeded.token, WARMUP_S);
  const api = await load(real, seeded.ids, seeded.token, DURATION_S);
  await load(bare, seeded.ids, seeded.token, WARMUP_S);
  const plain = await load(bare, seeded.ids, seeded.token, DURATION_S);
  await real.stop();
  await bare.stop();

  const ratio = api.reqPerSec / plain.reqPerSec;
  printLoadTables(api, plain, ratio);
  const totalSeconds = (performance.now() - started) / 1000;
  console.log(
    `\n(CPU columns: % of one core for the server process, all PostgreSQL processes and this process (autocannon); machine: % of all ${cpus().length} cores)`,
  );
  console.log(`(seeding ${seeded.seconds.toFixed(1)} s, total ${totalSeconds.toFixed(1)} s)`);
  const figures = (r: LoadResult) => ({
    reqPerSec: round1(r.reqPerSec),
    requests: r.requests,
    latencyP50Ms: r.p50,
    latencyP90Ms: r.p90,
    latencyP99Ms: r.p99,
    latencyMaxMs: r.max,
    mibPerSec: round1(r.mbPerSec),
    bytesPerResponse: Math.round(r.bytesPerResponse),
    notModified: r.notModified,
    tooMany: r.tooMany,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    cpu: r.cpu,
    loadAverage: Number(r.loadAverage.toFixed(2)),
  });
  const json = {
    node: process.version,
    cpu,
    cores: cpus().length,
    calls: CALLS,
    connections: CONNECTIONS,
    durationSeconds: DURATION_S,
    warmupSeconds: WARMUP_S,
    meanBodyBytes: Math.round(stats.meanBytes),
    acceptEncoding: ACCEPT_ENCODING,
    meanWireBodyBytes: Math.round(stats.meanWireBytes),
    wireEncoding: stats.wireEncoding,
    perBody: codec.map((c) => ({ what: c.what, microseconds: Math.round(c.microseconds), bytes: c.bytes })),
    api: figures(api),
    bare: figures(plain),
    ratio: Math.round(ratio * 1000) / 1000,
    targets: { ratioMin: TARGET_RATIO, p99MaxMs: TARGET_P99_MS },
    pass: { ratio: ratio >= TARGET_RATIO, p99: api.p99 <= TARGET_P99_MS },
    distinctTranscripts: seeded.pipelineCalls,
    seedSeconds: round1(seeded.seconds),
    seconds: round1(totalSeconds),
  };
  console.log(`BENCH_JSON ${JSON.stringify(json)}`);
}

const bareDir = process.argv.find((a) => a.startsWith('--bare='))?.slice('--bare='.length);
if (bareDir !== undefined) {
  serveBare(bareDir);
} else {
  runWithCleanups(main, cleanups);
}
