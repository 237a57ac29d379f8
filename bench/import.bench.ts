/**
 * Folder import benchmark: `npm run build && npm run bench:import`.
 *
 * Writes BENCH_IMPORT_CALLS (default 1,000) generated ~30-minute calls as vendor result files
 * (Alibaba, Tencent, iFlytek, Volcengine JSON in turn) to a temporary folder and imports them
 * into the embedded default: PGlite in a temporary DATA_DIR and the in-process queue. The figure
 * is calls per minute from the first file read to the last call stored and queued (detect, adapt,
 * assign roles, validate, mask, index, store). With BENCH_IMPORT_SCORE=1 the workers also run
 * and the time until every call is scored is printed as a second figure. BENCH_IMPORT_UTTERANCES
 * cuts every call to its first N utterances (50 ≈ a 5-minute call); BENCH_IMPORT_INDUSTRY=given
 * names the industry instead of inferring it per call. Printed, never asserted.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../bin/config.js';
import { buildService, type Service } from '../bin/service.js';
import { compileNamePattern } from '../services/import/filename-pattern.js';
import { importSource } from '../services/import/import-folder.service.js';
import {
  createCleanups,
  envInt,
  printTable,
  round1,
  runWithCleanups,
  status,
  TARGET_TABLE_HEADER,
  tempDir,
} from './bench-support.js';
import { GENERATOR_INDUSTRIES, generateCall } from './call-generator.js';
import { renderVendorFile } from './vendor-files.js';

const N = envInt('BENCH_IMPORT_CALLS', 1000, 1);
const SCORE = process.env.BENCH_IMPORT_SCORE === '1';
/** Utterances kept per call (0: all, ~300 = 30 minutes); 50 is about a 5-minute call. */
const UTTERANCES = envInt('BENCH_IMPORT_UTTERANCES', 0, 0);
/** `given`: the import names the industry (--industry); `inferred` (default): inferred per call. */
const INDUSTRY = process.env.BENCH_IMPORT_INDUSTRY === 'given' ? 'given' : 'inferred';
const TARGET_PER_MIN = 1500;
const KINDS = ['alibaba', 'tencent', 'iflytek', 'volcengine'] as const;
const REPS = ['rep-0', 'rep-1', 'rep-2', 'rep-3', 'rep-4', 'rep-5', 'rep-6'];

const cleanups = createCleanups();

async function main(): Promise<void> {
  const dir = tempDir('tingjian-bench-import-', cleanups);
  const folder = join(dir, 'calls');
  mkdirSync(folder);
  let utterances = 0;
  for (let i = 0; i < N; i++) {
    const full = generateCall(
      i + 1,
      INDUSTRY === 'given' ? 'saas' : GENERATOR_INDUSTRIES[i % GENERATOR_INDUSTRIES.length]!,
    );
    const call = UTTERANCES > 0 ? { ...full, utterances: full.utterances.slice(0, UTTERANCES) } : full;
    utterances += call.utterances.length;
    const { ext, bytes } = renderVendorFile(call, KINDS[i % KINDS.length]!, `bench-${i}`);
    const phone = `139${String(i).padStart(8, '0')}`;
    writeFileSync(join(folder, `20260301_${REPS[i % REPS.length]}_${phone}${ext}`), bytes);
  }
  const svc: Service = await buildService(loadConfig({ DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'silent' }), {
    role: SCORE ? 'all' : 'serve',
  });
  cleanups.add('close the service', () => svc.close());
  for (const rep of REPS) await svc.users.createUser({ name: rep, roles: ['rep'], externalId: rep });
  if (SCORE) await svc.startWorkers();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const summary = await importSource(
    folder,
    {
      lexicons: svc.lexicons,
      findByExternalId: (id) => svc.calls.findByExternalId(id),
      submitTranscript: (body) => svc.service.submitTranscript(body),
    },
    {
      pattern: compileNamePattern('{date}_{rep}_{phone}'),
      ...(INDUSTRY === 'given' ? { industry: 'saas' } : {}),
    },
  );
  const importMs = performance.now() - t0;
  // CPU of every thread of this process (main, analysis thread, zlib pool): on a shared machine
  // the wall figure moves with the other load, the CPU per call much less.
  const cpu = process.cpuUsage(cpu0);
  const cpuMsPerCall = (cpu.user + cpu.system) / 1000 / Math.max(1, summary.imported);
  let scoredMs: number | undefined;
  if (SCORE) {
    await svc.queue.drain();
    scoredMs = performance.now() - t0;
  }
  const perMin = (summary.imported / importMs) * 60_000;
  console.log(
    `import: ${N} files (${KINDS.join(', ')}), ${round1(utterances / N)} utterances per call on average, industry ${INDUSTRY}, embedded (PGlite, in-process queue)`,
  );
  if (summary.failed > 0)
    console.log(
      `failed: ${summary.failed}; first: ${summary.rows.find((r) => r.status === 'failed')?.reason}`,
    );
  const rows = [
    ['imported', String(summary.imported), String(N), status(summary.imported === N)],
    [
      'import calls/min (stored + queued)',
      String(Math.round(perMin)),
      `>= ${TARGET_PER_MIN}`,
      status(perMin >= TARGET_PER_MIN),
    ],
    ['import ms per call', String(round1(importMs / Math.max(1, summary.imported))), '', ''],
    ['CPU ms per call (all threads, until stored)', String(round1(cpuMsPerCall)), '', ''],
  ];
  if (scoredMs !== undefined)
    rows.push(['calls/min until scored', String(Math.round((summary.imported / scoredMs) * 60_000)), '', '']);
  printTable('folder import (embedded)', TARGET_TABLE_HEADER, rows);
  console.log(
    `BENCH_JSON ${JSON.stringify({ calls: N, utterancesPerCall: round1(utterances / N), industry: INDUSTRY, imported: summary.imported, failed: summary.failed, importPerMin: Math.round(perMin), cpuMsPerCall: round1(cpuMsPerCall), loadAverage: round1(loadavg()[0] ?? 0), ...(scoredMs ? { scoredPerMin: Math.round((summary.imported / scoredMs) * 60_000) } : {}) })}`,
  );
}

runWithCleanups(main, cleanups);
