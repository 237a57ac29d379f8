import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'tingjian-shutdown-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('graceful shutdown', () => {
  it('SIGTERM stops `tingjian serve`, closes the database and exits 0; the data folder opens again', async () => {
    const run = () =>
      spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bin', 'tingjian.ts'), 'serve'], {
        cwd: ROOT,
        env: { ...process.env, DATA_DIR: dir, PORT: '0', LOG_LEVEL: 'info', REDIS_URL: '', DATABASE_URL: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    for (let round = 1; round <= 2; round++) {
      const child = run();
      let out = '';
      child.stdout.on('data', (d) => {
        out += String(d);
      });
      child.stderr.on('data', (d) => {
        out += String(d);
      });
      await new Promise<void>((res, rej) => {
        const t = setTimeout(() => rej(new Error(`serve did not start:\n${out}`)), 60_000);
        const check = setInterval(() => {
          if (out.includes('听见 API 已启动')) {
            clearInterval(check);
            clearTimeout(t);
            res();
          }
        }, 50);
      });
      const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(out).toContain('shutting down');
      // The PGlite process lock was released: the second round can open the same folder.
    }
  }, 150_000);
});
