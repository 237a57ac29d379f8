/**
 * CLI wall times, as a user waits for them: `npm run build && npm run bench:cli`.
 *
 * Each figure is the median of `--runs=N` (default 5) fresh processes, timed from spawn to exit
 * by this process, beside `node -e 0` measured the same way for scale:
 * - `tingjian --help`;
 * - `tingjian analyze <one generated 30-minute call>` with a warm cache (the usual case: the
 *   first run of a version fills it), with a cold one (emptied before every run) and without
 *   (`CACHE_DIR=off`);
 * - `tingjian analyze <folder of --calls=N generated calls>` (default 1,000) in one process, once
 *   with the default threads and once on the main thread alone (`--threads 0`), for scale, both
 *   with the cache warm for every industry of the folder.
 * The cache lives in a temporary CACHE_DIR (LEXICON_CACHE_DIR under it), never the user's.
 * Prints the load average before and after, a table and a final `BENCH_JSON {…}` line. Figures
 * are printed, never asserted.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createCleanups,
  printTable,
  quantile,
  round2,
  runWithCleanups,
  status,
  TARGET_TABLE_HEADER,
  tempDir,
} from './bench-support.js';
import { GENERATOR_INDUSTRIES, generateCall } from './call-generator.js';

const TARGET_HELP_S = 0.3;
const TARGET_ANALYZE_S = 1.2;
const TARGET_FOLDER_CALLS_PER_S = 100;

const CLI = fileURLToPath(new URL('../bin/tingjian.js', import.meta.url));

function flagInt(name: string, fallback: number): number {
  const prefix = `--${name}=`;
  const raw = process.argv.find((a) => a.startsWith(prefix))?.slice(prefix.length);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got "${raw}"`);
  return n;
}

const RUNS = flagInt('runs', 5);
const FOLDER_CALLS = flagInt('calls', 1_000);

const loadText = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/** Seconds from spawn to exit of `node args…`; throws when it fails. */
function timed(args: readonly string[], env: NodeJS.ProcessEnv): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 64 << 20,
  });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) {
    throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr.toString().slice(-2000)}`);
  }
  return seconds;
}

/** Median of `RUNS` runs; `before` runs ahead of each (not timed). */
function median(args: readonly string[], env: NodeJS.ProcessEnv, before?: () => void): number {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    before?.();
    samples.push(timed(args, env));
  }
  return quantile(
    samples.sort((a, b) => a - b),
    0.5,
  );
}

async function main(cleanups: ReturnType<typeof createCleanups>): Promise<void> {
  const work = tempDir('tingjian-bench-cli-', cleanups);
  const cacheDir = join(work, 'cache');
  // The lexicon cache goes under CACHE_DIR too (no LEXICON_CACHE_DIR); no embedding model.
  const { LEXICON_CACHE_DIR: _lexiconCache, ...inherited } = process.env;
  const env = { ...inherited, CACHE_DIR: cacheDir, EMBEDDING_MODEL_DIR: '' };
  const call = join(work, 'call.json');
  writeFileSync(call, JSON.stringify(generateCall(1, 'saas')));
  const folder = join(work, 'calls');
  mkdirSync(folder);
  for (let i = 0; i < FOLDER_CALLS; i++) {
    const industry = GENERATOR_INDUSTRIES[i % GENERATOR_INDUSTRIES.length]!;
    writeFileSync(
      join(folder, `call-${String(i).padStart(5, '0')}.json`),
      JSON.stringify(generateCall(i + 1, industry)),
    );
  }

  const loadBefore = loadText();
  console.log(`cpus: ${cpus().length}, runs per figure: ${RUNS}, load average before: ${loadBefore}`);
  const nodeE0 = median(['-e', '0'], env);
  const help = median([CLI, '--help'], env);
  const analyzeArgs = [CLI, 'analyze', call];
  const cold = median(analyzeArgs, env, () => rmSync(cacheDir, { recursive: true, force: true }));
  timed(analyzeArgs, env); // fills the cache
  const warm = median(analyzeArgs, env);
  const noCache = median(analyzeArgs, { ...env, CACHE_DIR: 'off' });
  // The folder's industries in the cache first (one call each, untimed), so both folder figures
  // are warm rather than the first paying for 20 more industries' derived tables.
  const warmup = join(work, 'warm-up');
  mkdirSync(warmup);
  for (const [i, industry] of GENERATOR_INDUSTRIES.entries())
    writeFileSync(join(warmup, `call-${i}.json`), JSON.stringify(generateCall(i + 1, industry)));
  timed([CLI, 'analyze', warmup, '--threads', '0'], env);
  const folderSeconds = timed([CLI, 'analyze', folder], env);
  const callsPerSecond = FOLDER_CALLS / folderSeconds;
  const mainOnlySeconds = timed([CLI, 'analyze', folder, '--threads', '0'], env);
  const loadAfter = loadText();

  printTable(
    `tingjian CLI wall times (median of ${RUNS}; load average ${loadBefore} → ${loadAfter})`,
    TARGET_TABLE_HEADER,
    [
      ['node -e 0 (for scale)', `${round2(nodeE0)} s`, '—', '—'],
      ['tingjian --help', `${round2(help)} s`, `≤ ${TARGET_HELP_S} s`, status(help <= TARGET_HELP_S)],
      [
        'analyze one 30-minute call (warm cache)',
        `${round2(warm)} s`,
        `≤ ${TARGET_ANALYZE_S} s`,
        status(warm <= TARGET_ANALYZE_S),
      ],
      ['analyze one 30-minute call (cold cache)', `${round2(cold)} s`, '—', '—'],
      ['analyze one 30-minute call (CACHE_DIR=off)', `${round2(noCache)} s`, '—', '—'],
      [
        `analyze a folder of ${FOLDER_CALLS} calls (one process)`,
        `${round2(folderSeconds)} s = ${round2(callsPerSecond)} calls/s`,
        `≥ ${TARGET_FOLDER_CALLS_PER_S} calls/s`,
        status(callsPerSecond >= TARGET_FOLDER_CALLS_PER_S),
      ],
      [
        `the same folder, main thread only (--threads 0)`,
        `${round2(mainOnlySeconds)} s = ${round2(FOLDER_CALLS / mainOnlySeconds)} calls/s (threads ${round2(mainOnlySeconds / folderSeconds)}×)`,
        '—',
        '—',
      ],
    ],
  );
  console.log(
    `BENCH_JSON ${JSON.stringify({
      runs: RUNS,
      loadBefore,
      loadAfter,
      nodeE0: round2(nodeE0),
      help: round2(help),
      analyzeWarm: round2(warm),
      analyzeCold: round2(cold),
      analyzeNoCache: round2(noCache),
      folderCalls: FOLDER_CALLS,
      folderSeconds: round2(folderSeconds),
      folderCallsPerSecond: round2(callsPerSecond),
      folderMainOnlySeconds: round2(mainOnlySeconds),
    })}`,
  );
}

const cleanups = createCleanups();
runWithCleanups(() => main(cleanups), cleanups);
