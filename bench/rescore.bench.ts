/**
 * Rescoring benchmark: `npm run build && npm run bench:rescore`.
 *
 * On PostgreSQL (a fresh database) with the in-process runner (WORKER_CONCURRENCY workers):
 *  1. stores BENCH_RESCORE_CALLS generated ~30-minute medical_devices calls (not timed);
 *  2. fresh: starts the workers and times until every call is scored (transcribe pass-through,
 *     analyze, aggregate: the same stages a rescore runs) → calls/s;
 *  3. what-if: drafts a lexicon change and times the preview over the industry's last
 *     BENCH_WHATIF_CALLS calls (target < 5 s for 200);
 *  4. rescore: publishes the draft and times until its rescore run is done → calls/s and the
 *     ratio to fresh (target ≥ 0.8).
 * Prints a table and a final `BENCH_JSON {…}` line; nothing is asserted. The database and the
 * temporary folder are removed, also on error and Ctrl-C.
 */
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { count, eq } from 'drizzle-orm';
import { loadConfig } from '../bin/config.js';
import { buildService, type Service } from '../bin/service.js';
import { calls } from '../models/schema.js';
import {
  createCleanups,
  createDatabase,
  envInt,
  printTable,
  round1,
  round2,
  runWithCleanups,
  sleep,
  status,
  TARGET_TABLE_HEADER,
  tempDir,
} from './bench-support.js';
import { generateCall } from './call-generator.js';

const N = envInt('BENCH_RESCORE_CALLS', 10_000, 1);
const WHATIF = envInt('BENCH_WHATIF_CALLS', 200, 1);
const CONCURRENCY = envInt('BENCH_RESCORE_CONCURRENCY', 2, 1);
const PG_ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const INDUSTRY = 'medical_devices';

async function scoredCount(svc: Service): Promise<number> {
  const [row] = await svc.database.db.select({ n: count() }).from(calls).where(eq(calls.status, 'scored'));
  return row?.n ?? 0;
}

async function main(): Promise<void> {
  const cleanups = createCleanups();
  runWithCleanups(async () => {
    const db = await createDatabase(PG_ADMIN_URL, 'tj_bench_rescore', cleanups);
    const dir = tempDir('tingjian-bench-rescore-', cleanups);
    const svc = await buildService(
      loadConfig({
        DATABASE_URL: db.url,
        DATA_DIR: dir,
        LOG_LEVEL: 'warn',
        WORKER_CONCURRENCY: String(CONCURRENCY),
      }),
      { role: 'all' },
    );
    cleanups.add('close service', () => svc.close());
    const team = await svc.users.createTeam({ name: 'bench' });
    const reps = new Set<string>();
    for (let i = 0; i < N; i++) reps.add(generateCall(i + 1, INDUSTRY).repId);
    for (const r of reps) {
      await svc.users.createUser({ name: r, roles: ['rep'], teamId: team.id, externalId: r });
    }
    const editor = await svc.users.createUser({ name: 'editor', roles: ['lexicon_editor'] });

    console.log(`storing ${N} calls …`);
    const t0 = performance.now();
    for (let i = 0; i < N; i++) {
      await svc.service.submitTranscript(generateCall(i + 1, INDUSTRY));
      if ((i + 1) % 1000 === 0)
        console.log(`  ${i + 1} stored (${round1((performance.now() - t0) / 1000)} s)`);
    }

    console.log('fresh analysis …');
    const tFresh = performance.now();
    await svc.startWorkers();
    while ((await scoredCount(svc)) < N) await sleep(200);
    await svc.queue.drain();
    const freshS = (performance.now() - tFresh) / 1000;

    // A lexicon change that matters: a need phrase of the generated medical calls' vocabulary.
    await svc.lexiconAdmin.addTerm(INDUSTRY, editor, {
      term: '等配件',
      category: 'need',
      synonyms: ['配件要等'],
    });
    console.log(`what-if over ${WHATIF} calls …`);
    const tWhat = performance.now();
    const report = await svc.lexiconAdmin.whatIf(INDUSTRY, WHATIF);
    const whatIfS = (performance.now() - tWhat) / 1000;

    console.log('publish and rescore …');
    const tRescore = performance.now();
    const { run } = await svc.lexiconAdmin.publish(INDUSTRY, editor, { note: 'bench' });
    for (;;) {
      const r = await svc.versions.run(run!.id);
      if (r?.status === 'done') break;
      await sleep(200);
    }
    await svc.queue.drain();
    const rescoreS = (performance.now() - tRescore) / 1000;
    const final = await svc.versions.run(run!.id);

    const freshRate = N / freshS;
    const rescoreRate = N / rescoreS;
    const ratio = rescoreRate / freshRate;
    printTable(`Rescoring ${N} stored calls (${CONCURRENCY} workers, PostgreSQL)`, TARGET_TABLE_HEADER, [
      ['fresh analysis (calls/s)', String(round1(freshRate)), '', ''],
      ['rescore after publish (calls/s)', String(round1(rescoreRate)), '', ''],
      ['rescore / fresh', String(round2(ratio)), '≥ 0.8', status(ratio >= 0.8)],
      [`what-if over ${report.calls} calls (s)`, String(round2(whatIfS)), '< 5', status(whatIfS < 5)],
    ]);
    console.log(
      `calls ${N}, workers ${CONCURRENCY}, rescored ${final?.done}, changed ${final?.changed}, failed ${final?.failed}; ` +
        `what-if changed ${report.callsChanged} calls (+${report.findingsAdded}/−${report.findingsRemoved} findings); ` +
        `${cpus().length} cores, load ${loadavg().map(round1).join(' ')}`,
    );
    console.log(
      `BENCH_JSON ${JSON.stringify({
        calls: N,
        workers: CONCURRENCY,
        freshCallsPerSec: round2(freshRate),
        rescoreCallsPerSec: round2(rescoreRate),
        ratio: round2(ratio),
        whatIfCalls: report.calls,
        whatIfSeconds: round2(whatIfS),
        rescoreChanged: final?.changed,
      })}`,
    );
  }, cleanups);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) void main();
