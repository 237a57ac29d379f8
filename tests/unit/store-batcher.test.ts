import { describe, expect, it } from 'vitest';
import { StoreBatcher } from '../../services/intake/store-batcher.js';

/** A store that records each batch and resolves when released, so tests decide what overlaps. */
function recordingStore() {
  const batches: string[][] = [];
  const releases: (() => void)[] = [];
  const store = async (items: readonly string[]): Promise<PromiseSettledResult<string>[]> => {
    batches.push([...items]);
    await new Promise<void>((resolve) => releases.push(resolve));
    return items.map((item) =>
      item.startsWith('bad')
        ? { status: 'rejected', reason: new Error(`${item} refused`) }
        : { status: 'fulfilled', value: item.toUpperCase() },
    );
  };
  const releaseNext = async () => {
    while (releases.length === 0) await new Promise((r) => setImmediate(r));
    releases.shift()!();
  };
  return { batches, store, releaseNext };
}

describe('StoreBatcher', () => {
  it('stores a lone item at once, and what arrives meanwhile together next, at most maxBatch', async () => {
    const { batches, store, releaseNext } = recordingStore();
    const batcher = new StoreBatcher(store, 3);
    const first = batcher.add('a');
    const rest = ['b', 'c', 'd', 'e'].map((x) => batcher.add(x));
    await releaseNext();
    await releaseNext();
    await releaseNext();
    expect(await first).toBe('A');
    expect(await Promise.all(rest)).toEqual(['B', 'C', 'D', 'E']);
    expect(batches).toEqual([['a'], ['b', 'c', 'd'], ['e']]);
  });

  it('rejects only the item that failed; a store that throws fails its whole batch, not the next', async () => {
    const { store, releaseNext } = recordingStore();
    const batcher = new StoreBatcher(store, 10);
    const ok = batcher.add('ok');
    const bad = batcher.add('bad-1');
    const fine = batcher.add('fine');
    await releaseNext();
    await releaseNext();
    expect(await ok).toBe('OK');
    await expect(bad).rejects.toThrow('bad-1 refused');
    expect(await fine).toBe('FINE');

    let calls = 0;
    const flaky = new StoreBatcher(async (items: readonly string[]) => {
      calls++;
      if (calls === 1) throw new Error('database down');
      return items.map((value) => ({ status: 'fulfilled' as const, value }));
    }, 10);
    await expect(flaky.add('x')).rejects.toThrow('database down');
    expect(await flaky.add('y')).toBe('y');
  });

  it('refuses a batch size that is not a positive integer', () => {
    expect(() => new StoreBatcher(async () => [], 0)).toThrow('maxBatch must be a positive integer, got 0');
  });
});
