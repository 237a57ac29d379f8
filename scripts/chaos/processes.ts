import { type ChildProcess, spawn } from 'node:child_process';

/**
 * Child processes and temp folders of the chaos run, undone on every way out: normal end,
 * failure, Ctrl-C (SIGINT), SIGTERM. Cleanups run last-in first-out, each at most once.
 */
const cleanups: { name: string; fn: () => Promise<unknown> | unknown }[] = [];
const syncCleanups: (() => void)[] = [];
let cleaning: Promise<void> | undefined;

/** Registers an async cleanup and a synchronous last resort for a hard `process.exit`. */
export function onCleanup(name: string, fn: () => Promise<unknown> | unknown, sync?: () => void): () => void {
  const entry = { name, fn };
  cleanups.push(entry);
  if (sync) syncCleanups.push(sync);
  return () => {
    const i = cleanups.indexOf(entry);
    if (i >= 0) cleanups.splice(i, 1);
    if (sync) {
      const j = syncCleanups.indexOf(sync);
      if (j >= 0) syncCleanups.splice(j, 1);
    }
  };
}

/** Runs every registered cleanup (once); errors are printed, not thrown. */
export function runCleanups(): Promise<void> {
  cleaning ??= (async () => {
    while (cleanups.length > 0) {
      const { name, fn } = cleanups.pop()!;
      try {
        await withTimeout(Promise.resolve(fn()), 15_000);
      } catch (err) {
        console.error(`cleanup of ${name} failed: ${(err as Error).message}`);
      }
    }
    syncCleanups.length = 0;
  })();
  return cleaning;
}

/** Ctrl-C or SIGTERM: clean up, then exit 130/143; a plain exit runs the synchronous cleanups. */
export function installSignalCleanup(): void {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping the chaos run, cleaning up`);
      void runCleanups().finally(() => process.exit(code));
    });
  }
  process.once('exit', () => {
    for (const fn of syncCleanups.splice(0).reverse()) {
      try {
        fn();
      } catch {
        // Best effort at exit: the async cleanups normally ran already.
      }
    }
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** `p`, or undefined after `ms`. */
export function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((r) => {
    timer = setTimeout(() => r(undefined), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/** Polls `check` until true; throws `explain()` after `timeoutMs`. */
export async function waitFor(
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
  explain: () => string | Promise<string>,
  everyMs = 100,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${await explain()}`);
    await sleep(everyMs);
  }
}

/** A spawned process with the tail of its output (for failure messages). */
export interface Spawned {
  readonly name: string;
  readonly child: ChildProcess;
  output(): string;
  readonly exited: Promise<void>;
  running(): boolean;
  /** Sends `signal`; SIGKILL after 10 s if it is still alive. Resolves once it exited. */
  stop(signal: NodeJS.Signals): Promise<void>;
}

/** Spawns a process whose cleanup (SIGKILL) is registered until it exits. */
export function spawnTracked(
  name: string,
  command: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; cwd: string },
): Spawned {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (chunk: Buffer) => {
    out = (out + chunk.toString('utf8')).slice(-32_768);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.once('error', (err) => keep(Buffer.from(`spawn error: ${err.message}\n`)));
  const exited = new Promise<void>((resolve) => {
    child.once('close', () => resolve());
    child.once('error', () => resolve());
  });
  const running = () => child.exitCode === null && child.signalCode === null;
  const stop = async (signal: NodeJS.Signals) => {
    if (!running()) return exited;
    child.kill(signal);
    if ((await withTimeout(exited, 10_000)) === undefined && running()) child.kill('SIGKILL');
    await exited;
  };
  const forget = onCleanup(
    name,
    () => stop('SIGKILL'),
    () => {
      if (running()) child.kill('SIGKILL');
    },
  );
  void exited.then(forget);
  return { name, child, output: () => out, exited, running, stop };
}
