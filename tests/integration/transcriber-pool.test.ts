import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TranscriberPool } from '../../pipeline/audio/transcriber.pool.js';
import { PROTOCOL_VERSION } from '../../pipeline/audio/transcriber.protocol.js';
import { processAlive } from '../helpers/audio-fixtures.js';

/**
 * The warm host pool on its own, with a tiny serving transcriber: a request of 4 s hangs, one of
 * 5 s prints garbage; the model `bad.bin` fails at start. No audio is read.
 */
const dir = mkdtempSync(join(tmpdir(), 'tingjian-pool-'));
const script = join(dir, 'host.mjs');
writeFileSync(
  script,
  `#!${process.execPath}
import { createInterface } from 'node:readline';
const out = (e) => process.stdout.write(JSON.stringify(e) + '\\n');
if (process.argv[3].endsWith('bad.bin')) { out({ type: 'error', code: 'model_invalid', message: 'bad magic' }); process.exit(2); }
out({ type: 'log', level: 'info', text: 'loaded ' + process.argv[3] });
out({ type: 'ready', loadMs: 3 });
for await (const line of createInterface({ input: process.stdin })) {
  const req = JSON.parse(line);
  if (req.durationMs === 4000) continue; // hangs: never answers
  if (req.durationMs === 5000) { process.stdout.write('not json\\n'); continue; }
  out({ type: 'result', segments: [{ start: 0, end: 1000, text: 'pid ' + process.pid }], whisperMs: 1 });
}
process.exit(0);
`,
);
chmodSync(script, 0o755);

const request = (durationMs: number) => ({
  protocol: PROTOCOL_VERSION as 1,
  pcm: join(dir, 'none.pcm'),
  sampleRate: 16_000 as const,
  durationMs,
  model: join(dir, 'model.bin'),
  language: 'zh',
  prompt: '',
  threads: 1,
});

function poolOf(model: string, idleMs?: number): TranscriberPool {
  return new TranscriberPool({
    command: { command: script, args: [] },
    model: join(dir, model),
    keep: 2,
    startTimeoutMs: 10_000,
    ...(idleMs ? { idleMs } : {}),
  });
}

async function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('warm transcriber host pool', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reuses its hosts, hands out the load report, and kills and replaces a hung host', async () => {
    const pool = poolOf('model.bin');
    await pool.warm();
    const started = pool.pids();
    expect(started).toHaveLength(2);
    const a = await pool.run(request(1000), { timeoutMs: 5000 });
    const b = await pool.run(request(1000), { timeoutMs: 5000 });
    expect(a.segments[0]!.text).toBe(b.segments[0]!.text);
    expect(started).toContain(Number(a.segments[0]!.text.slice(4)));
    expect(a.logs).toEqual([{ level: 'info', text: `loaded ${join(dir, 'model.bin')}` }]);

    await expect(pool.run(request(4000), { timeoutMs: 300 })).rejects.toMatchObject({
      code: 'transcriber_timeout',
      message: 'transcriber_timeout: 转写超时（超过 0 秒），已终止转写进程',
    });
    await expect(pool.run(request(5000), { timeoutMs: 5000 })).rejects.toMatchObject({
      code: 'transcriber_output',
    });
    // Both broken hosts are gone (killed at once; reaped whenever the loaded machine gets to it),
    // replaced by fresh ones; the next request is served at once.
    await until('the broken hosts to exit', () => started.filter(processAlive).length === 0);
    expect(pool.pids()).toHaveLength(2);
    const c = await pool.run(request(1000), { timeoutMs: 5000 });
    expect(started).not.toContain(Number(c.segments[0]!.text.slice(4)));

    const last = pool.pids();
    await pool.close();
    expect(last.filter(processAlive)).toEqual([]);
    await expect(pool.run(request(1000), { timeoutMs: 5000 })).rejects.toMatchObject({
      code: 'transcriber_failed',
    });
  });

  it('a model that cannot load fails the start and every request with model_unavailable', async () => {
    const pool = poolOf('bad.bin');
    await expect(pool.warm()).rejects.toMatchObject({
      code: 'model_unavailable',
      message: 'model_unavailable: 语音模型无法加载：bad magic',
    });
    await expect(pool.run(request(1000), { timeoutMs: 5000 })).rejects.toMatchObject({
      code: 'model_unavailable',
    });
    await pool.close();
  });

  it('ends hosts left idle for idleMs, and the next request starts a fresh one', async () => {
    const pool = poolOf('model.bin', 300);
    await pool.warm();
    const warm = pool.pids();
    expect(warm).toHaveLength(2);
    // Idle: ended, their processes gone.
    await until('idle hosts to end', () => pool.pids().length === 0);
    await until('their processes to exit', () => warm.filter(processAlive).length === 0);
    const next = await pool.run(request(1000), { timeoutMs: 5000 });
    expect(warm).not.toContain(Number(next.segments[0]!.text.slice(4)));
    expect(next.logs).toEqual([{ level: 'info', text: `loaded ${join(dir, 'model.bin')}` }]);
    const last = pool.pids();
    await pool.close();
    expect(last.filter(processAlive)).toEqual([]);
  });

  it('an aborted request (worker shutdown) kills its host', async () => {
    const pool = poolOf('model.bin');
    await pool.warm();
    const pids = pool.pids();
    const controller = new AbortController();
    const running = pool.run(request(4000), { timeoutMs: 60_000, signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expect(running).rejects.toMatchObject({ code: 'transcriber_failed' });
    await pool.close();
    expect(pids.filter(processAlive)).toEqual([]);
  });
});
