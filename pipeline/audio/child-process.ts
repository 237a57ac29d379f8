import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ToolResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  /** The last 16 KB of stderr. */
  stderr: string;
  timedOut: boolean;
}

/**
 * Runs a command without a shell and collects its output; never blocks the event loop. A
 * timeout kills the whole process group (SIGKILL). A missing executable rejects with the
 * spawn error (code ENOENT).
 */
export function runTool(
  bin: string,
  args: readonly string[],
  options: { timeoutMs: number; maxStdoutBytes?: number; stdin?: Buffer } = { timeoutMs: 60_000 },
): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    const out: Buffer[] = [];
    let outBytes = 0;
    let err = '';
    let timedOut = false;
    const max = options.maxStdoutBytes ?? 64 * 1024 * 1024;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, options.timeoutMs);
    child.stdout.on('data', (b: Buffer) => {
      outBytes += b.length;
      if (outBytes <= max) out.push(b);
      else killGroup(child.pid);
    });
    child.stderr.on('data', (b: Buffer) => {
      err = (err + b.toString('utf8')).slice(-16_384);
    });
    child.stdin.on('error', () => {});
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(out), stderr: err, timedOut });
    });
    child.stdin.end(options.stdin);
  });
}

/** Kills a detached child and everything it started. */
export function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/**
 * How to run one of our own Node scripts in a child process: the compiled `.js` beside this
 * file, or the `.ts` source through tsx (tests and `tsx` runs).
 */
export function nodeScript(name: string): { command: string; args: string[] } {
  const here = dirname(fileURLToPath(import.meta.url));
  const js = join(here, `${name}.js`);
  if (existsSync(js)) return { command: process.execPath, args: [js] };
  return { command: process.execPath, args: ['--import', 'tsx', join(here, `${name}.ts`)] };
}
