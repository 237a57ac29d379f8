import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../bin/config.js';

const HEAP_GROWTH = fileURLToPath(new URL('../../bin/heap-growth.ts', import.meta.url));

/**
 * A process that keeps ~60 MB of objects alive and churns through short-lived ones, in a worker
 * thread started after `limitHeapGrowth(percent)`: the worker's largest heap (MB). A fresh process
 * per case, since the V8 flag is process-wide.
 */
function peakWorkerHeapMb(percent: number): number {
  const script = `
    import { Worker } from 'node:worker_threads';
    const { limitHeapGrowth } = await import(${JSON.stringify(HEAP_GROWTH)});
    limitHeapGrowth(${percent});
    const code = \`
      import { getHeapStatistics } from 'node:v8';
      import { parentPort } from 'node:worker_threads';
      const live = [];
      for (let i = 0; i < 500000; i++) live.push({ a: i, b: 'x' + i, c: [i, i + 1] });
      let peak = 0;
      for (let r = 0; r < 60; r++) {
        const garbage = [];
        for (let i = 0; i < 100000; i++) garbage.push({ i, s: 'y' + i });
        peak = Math.max(peak, getHeapStatistics().total_heap_size);
      }
      parentPort.postMessage(live.length > 0 ? peak : 0);\`;
    const worker = new Worker(code, { eval: true });
    worker.once('message', (peak) => { console.log(Math.round(peak / 2 ** 20)); process.exit(0); });
  `;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
  });
  expect(r.stderr).toBe('');
  return Number(r.stdout.trim());
}

describe('V8 heap growth of the server process (V8_HEAP_GROWTH_PERCENT)', () => {
  it('defaults to 20 %, and 0 keeps V8 own factor', () => {
    expect(loadConfig({}).V8_HEAP_GROWTH_PERCENT).toBe(20);
    expect(loadConfig({ V8_HEAP_GROWTH_PERCENT: '0' }).V8_HEAP_GROWTH_PERCENT).toBe(0);
    expect(() => loadConfig({ V8_HEAP_GROWTH_PERCENT: '-1' })).toThrow(/V8_HEAP_GROWTH_PERCENT/);
  });

  it('keeps the heaps of threads started after it far smaller than V8 own growth does', () => {
    const own = peakWorkerHeapMb(0);
    const limited = peakWorkerHeapMb(20);
    // ~60 MB alive: V8's own factor lets the heap reach several times that, 20 % about 1.2×
    // plus the young generation.
    expect(own).toBeGreaterThan(200);
    expect(limited).toBeLessThan(own * 0.6);
    // Two fresh processes with the TypeScript loader: a minute was not enough at load ≈ 22.
  }, 180_000);
});
