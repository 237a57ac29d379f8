import { spawn } from 'node:child_process';
import {
  chmodSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  cacheKey,
  createFileCache,
  defaultCacheDir,
  KEEP_PER_NAME,
  NO_FILE_CACHE,
  packSections,
  unpackSections,
} from '../../models/file-cache.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'tj-filecache-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) {
    chmodSync(d, 0o755);
    rmSync(d, { recursive: true, force: true });
  }
});

const KEY = cacheKey('model bytes', 'code v1');
const PAYLOAD = Buffer.from('价格太贵了 — a payload');

const entryFile = (dir: string) => join(dir, readdirSync(dir).find((f) => f.endsWith('.bin'))!);

describe('file cache', () => {
  it('reads back what was written, in a new cache object (a new process)', () => {
    const dir = tempDir();
    createFileCache(dir).write('second-stage', KEY, PAYLOAD);
    expect(createFileCache(dir).read('second-stage', KEY)).toEqual(PAYLOAD);
    expect(createFileCache(dir).read('second-stage', cacheKey('other bytes', 'code v1'))).toBeUndefined();
    expect(createFileCache(dir).read('pinyin-index', KEY)).toBeUndefined();
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('keys differ by every part and by how the parts are split', () => {
    expect(cacheKey('ab', 'c')).not.toBe(cacheKey('a', 'bc'));
    expect(cacheKey('a')).not.toBe(cacheKey('b'));
    expect(cacheKey(Buffer.from('a'))).toBe(cacheKey('a'));
  });

  it('treats a corrupt, truncated or renamed entry as a miss and removes it', () => {
    const dir = tempDir();
    const cache = createFileCache(dir);
    // One byte of the payload flipped.
    cache.write('second-stage', KEY, PAYLOAD);
    const file = entryFile(dir);
    const bytes = readFileSync(file);
    bytes[bytes.length - 1]! ^= 0xff;
    writeFileSync(file, bytes);
    expect(cache.read('second-stage', KEY)).toBeUndefined();
    expect(readdirSync(dir)).toEqual([]);
    // Cut short, as by a crash without the atomic rename.
    cache.write('second-stage', KEY, PAYLOAD);
    writeFileSync(file, readFileSync(file).subarray(0, 20));
    expect(cache.read('second-stage', KEY)).toBeUndefined();
    // An intact entry of another key under this key's name.
    const other = cacheKey('other');
    cache.write('second-stage', other, PAYLOAD);
    renameSync(entryFile(dir), file);
    expect(cache.read('second-stage', KEY)).toBeUndefined();
    // Rebuilt and written again, it reads back.
    cache.write('second-stage', KEY, PAYLOAD);
    expect(cache.read('second-stage', KEY)).toEqual(PAYLOAD);
  });

  it('goes on without error when the folder cannot be written', () => {
    const parent = tempDir();
    const blocked = join(parent, 'a-file');
    writeFileSync(blocked, 'not a folder');
    const cache = createFileCache(join(blocked, 'cache'));
    cache.write('pinyin-index', KEY, PAYLOAD);
    expect(cache.read('pinyin-index', KEY)).toBeUndefined();
    if (process.getuid?.() !== 0) {
      // A read-only folder (root writes anyway).
      const ro = tempDir();
      chmodSync(ro, 0o555);
      const roCache = createFileCache(ro);
      roCache.write('pinyin-index', KEY, PAYLOAD);
      expect(roCache.read('pinyin-index', KEY)).toBeUndefined();
    }
    expect(NO_FILE_CACHE.read('pinyin-index', KEY)).toBeUndefined();
    NO_FILE_CACHE.write('pinyin-index', KEY, PAYLOAD);
  });

  it('keeps the newest entries of a name only', () => {
    const dir = tempDir();
    const cache = createFileCache(dir);
    for (let i = 0; i < KEEP_PER_NAME + 3; i++) {
      cache.write('second-stage', cacheKey(`model ${i}`), PAYLOAD);
      // Distinct times, oldest first.
      const t = new Date(Date.UTC(2026, 0, 1, 0, 0, i));
      utimesSync(join(dir, `second-stage-${cacheKey(`model ${i}`)}.bin`), t, t);
    }
    cache.write('pinyin-index', KEY, PAYLOAD);
    const left = readdirSync(dir).filter((f) => f.startsWith('second-stage-'));
    expect(left).toHaveLength(KEEP_PER_NAME);
    expect(cache.read('second-stage', cacheKey(`model ${KEEP_PER_NAME + 2}`))).toEqual(PAYLOAD);
    expect(cache.read('second-stage', cacheKey('model 0'))).toBeUndefined();
    expect(cache.read('pinyin-index', KEY)).toEqual(PAYLOAD);
  });

  it('rejects names and keys that are not file-name safe', () => {
    const cache = createFileCache(tempDir());
    expect(() => cache.read('../x', KEY)).toThrow(/invalid entry name/);
    expect(() => cache.write('x', 'not-hex', PAYLOAD)).toThrow(/invalid key/);
  });

  it('defaults to $XDG_CACHE_HOME/tingjian, else ~/.cache/tingjian', () => {
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/var/cache/u' })).toBe('/var/cache/u/tingjian');
    expect(defaultCacheDir({ HOME: '/home/u' }).endsWith(join('.cache', 'tingjian'))).toBe(true);
  });

  it('packs metadata and typed arrays and unpacks them into aligned copies', () => {
    const weights = Float64Array.from([0.5, -1.25, 3e-7]);
    const slots = Int32Array.from([-1, 7, 65_536]);
    const payload = packSections({ labels: ['objection.price'] }, [weights, slots, new Uint8Array(0)]);
    // Read from an odd offset, as from inside a larger file.
    const file = Buffer.concat([Buffer.from([1]), payload]).subarray(1);
    const { meta, sections } = unpackSections(file);
    expect(meta).toEqual({ labels: ['objection.price'] });
    expect(new Float64Array(sections[0]!)).toEqual(weights);
    expect(new Int32Array(sections[1]!)).toEqual(slots);
    expect(sections[2]!.byteLength).toBe(0);
    expect(() => unpackSections(payload.subarray(0, payload.length - 2))).toThrow(/truncated/);
  });

  it('never lets concurrent processes read a partly written entry', async () => {
    const dir = tempDir();
    const big = Buffer.alloc(1 << 19, 7);
    const script = `
      const { createFileCache } = await import(${JSON.stringify(resolve('models/file-cache.ts'))});
      const cache = createFileCache(process.argv[1]);
      const big = Buffer.alloc(1 << 19, 7);
      let seen = 0;
      for (let i = 0; i < 25; i++) {
        cache.write('second-stage', '${KEY}', big);
        const got = cache.read('second-stage', '${KEY}');
        if (got === undefined) continue;
        if (!got.equals(big)) { console.log('PARTIAL'); process.exit(1); }
        seen++;
      }
      console.log('OK', seen);
    `;
    const run = () =>
      new Promise<string>((done, fail) => {
        const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, dir]);
        let out = '';
        child.stdout.on('data', (d) => {
          out += d;
        });
        child.on('error', fail);
        child.on('close', () => done(out.trim()));
      });
    const outs = await Promise.all([run(), run(), run()]);
    // Each process wrote before every read and entries only ever appear whole (renamed into
    // place): every read hits. A write in place would show up as misses (torn reads fail the hash).
    expect(outs).toEqual(['OK 25', 'OK 25', 'OK 25']);
    expect(createFileCache(dir).read('second-stage', KEY)).toEqual(big);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, 120_000);
});
