/**
 * Helpers shared by the benchmarks in this folder: environment numbers, statistics, table
 * printing, a cleanup registry, PostgreSQL scratch databases and logged child processes.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

// ---------------------------------------------------------------------------------------------
// Environment and timing

/** An integer from the environment (`fallback` when unset or empty); at least `min` (0 or 1). */
export function envInt(name: string, fallback: number, min: 0 | 1): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) {
    const kind = min === 0 ? 'non-negative' : 'positive';
    throw new Error(`${name} must be a ${kind} integer, got "${raw}"`);
  }
  return n;
}

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// Statistics

/** The `q` quantile (0…1) of ascending `sorted`, interpolated linearly; NaN when empty. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Rounds to one decimal place. */
export const round1 = (n: number) => Math.round(n * 10) / 10;

/** Rounds to two decimal places. */
export const round2 = (n: number) => Math.round(n * 100) / 100;

// ---------------------------------------------------------------------------------------------
// Printing

/** Header of the figure / value / target / status tables. */
export const TARGET_TABLE_HEADER: readonly string[] = ['figure', 'value', 'target', 'status'];

/** `PASS` or `MISS` for the status column. */
export const status = (ok: boolean) => (ok ? 'PASS' : 'MISS');

/** Terminal columns: CJK characters take two. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1;
  return w;
}

/** Prints a blank line, `title` and a Markdown table whose columns line up in a terminal. */
export function printTable(
  title: string,
  header: readonly string[],
  rows: readonly (readonly string[])[],
): void {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => displayWidth(r[i] ?? ''))));
  const line = (r: readonly string[]) =>
    `| ${r.map((cell, i) => cell + ' '.repeat(widths[i]! - displayWidth(cell))).join(' | ')} |`;
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
}

// ---------------------------------------------------------------------------------------------
// Cleanup: every resource registers its undo step as soon as it exists

/** Undo steps, run last-registered first. */
export interface Cleanups {
  /** Registers an undo step; `what` names it in problem reports. */
  add(what: string, run: () => Promise<unknown>): void;
  /** Runs (and forgets) every registered step; returns the failures, one line each. */
  run(): Promise<string[]>;
}

/** A new, empty cleanup registry. */
export function createCleanups(): Cleanups {
  const steps: { what: string; run: () => Promise<unknown> }[] = [];
  return {
    add: (what, run) => {
      steps.push({ what, run });
    },
    run: async () => {
      const problems: string[] = [];
      while (steps.length > 0) {
        const step = steps.pop()!;
        try {
          await step.run();
        } catch (err) {
          problems.push(`${step.what}: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
      return problems;
    },
  };
}

/** Runs `main`, then the cleanups (also on error and on Ctrl-C); failures set the exit code. */
export function runWithCleanups(main: () => Promise<void>, cleanups: Cleanups): void {
  let interrupted = false;
  process.once('SIGINT', () => {
    interrupted = true;
    console.error('\ninterrupted: cleaning up …');
    void cleanups.run().finally(() => process.exit(130));
  });
  main()
    .catch((err: unknown) => {
      process.exitCode = 1;
      console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    })
    .finally(async () => {
      if (interrupted) return;
      const problems = await cleanups.run();
      for (const p of problems) console.error(`cleanup: ${p}`);
      if (problems.length > 0) process.exitCode = 1;
    });
}

/** A fresh temporary directory, removed at cleanup. */
export function tempDir(prefix: string, cleanups: Cleanups): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.add(`remove ${dir}`, async () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

/** Runs one statement on its own connection to `adminUrl`. */
export async function adminQuery(adminUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** A fresh, uniquely named PostgreSQL database on the `adminUrl` server, dropped at cleanup. */
export async function createDatabase(
  adminUrl: string,
  prefix: string,
  cleanups: Cleanups,
): Promise<{ url: string; name: string }> {
  const name = `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  cleanups.add(`drop database ${name}`, () =>
    adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  );
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return { url: u.toString(), name };
}

// ---------------------------------------------------------------------------------------------
// Child processes

/** A Node child process whose recent output is kept for error messages. */
/** How long a child process may take to say it is ready (BENCH_READY_TIMEOUT_S, default 60). */
const READY_TIMEOUT_S = envInt('BENCH_READY_TIMEOUT_S', 60, 1);

export interface NodeChild {
  child: ChildProcess;
  /** The last 16 KiB of stdout and stderr. */
  output(): string;
  /**
   * Resolves with the first non-undefined `match(output)`; rejects after BENCH_READY_TIMEOUT_S
   * (default 60 s; more on a machine loaded by others) or when the child exits first, with
   * `${what} ${notYet} after N s` or `${what} exited (…) ${before}`.
   */
  waitFor<T>(match: (out: string) => T | undefined, notYet: string, before: string): Promise<T>;
  /** SIGTERM, then SIGKILL after 10 s; nothing when already exited. */
  stop(): Promise<void>;
}

/** Spawns `node [execArgv] ...args` (execArgv carries a TypeScript loader when run through tsx). */
export function spawnNode(what: string, args: readonly string[], env: NodeJS.ProcessEnv): NodeChild {
  const child = spawn(process.execPath, [...process.execArgv, ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (chunk: Buffer) => {
    out = (out + chunk.toString('utf8')).slice(-16_384);
  };
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const waitFor = <T>(match: (o: string) => T | undefined, notYet: string, before: string) =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${what} ${notYet} after ${READY_TIMEOUT_S} s:\n${out}`)),
        READY_TIMEOUT_S * 1000,
      );
      child.stdout?.on('data', (chunk: Buffer) => {
        keep(chunk);
        const m = match(out);
        if (m !== undefined) {
          clearTimeout(timer);
          resolve(m);
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${what} exited (${signal ?? code}) ${before}:\n${out}`));
      });
    });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const stopped = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]);
    if (!stopped) {
      child.kill('SIGKILL');
      await exited;
    }
  };
  return { child, output: () => out, waitFor, stop };
}
