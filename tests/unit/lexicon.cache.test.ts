import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createLexiconCache,
  defaultLexiconCacheDir,
  lexiconLoaderVersion,
} from '../../lexicons/lexicon.cache.js';
import { loadLexiconFile } from '../../lexicons/lexicon.loader.js';
import { defaultLexiconDir, LexiconRegistry } from '../../lexicons/lexicon.registry.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'tj-lexcache-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const MINI = `industry: mini
name: 迷你
terms:
  - term: 示波器
    category: product
    synonyms: [示波仪]
`;

describe('lexicon cache', () => {
  it('gives documents identical to parsing, for every shipped lexicon, and the same versions', () => {
    const cacheDir = tempDir();
    const lexDir = defaultLexiconDir();
    const files = [
      join(lexDir, 'base.yaml'),
      ...readdirSync(join(lexDir, 'industries'))
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => join(lexDir, 'industries', f)),
    ];
    const first = createLexiconCache(cacheDir);
    const parsed = files.map((f) => loadLexiconFile(f, first));
    expect(readdirSync(cacheDir).filter((f) => f.endsWith('.json'))).toHaveLength(files.length);
    // A new cache object (a new process) reads the entries back.
    const second = createLexiconCache(cacheDir);
    for (const [i, f] of files.entries()) {
      const text = readFileSync(f, 'utf8');
      expect(second.get(text)).toStrictEqual(parsed[i]);
      expect(loadLexiconFile(f)).toStrictEqual(parsed[i]);
    }
    const cached = LexiconRegistry.fromDirectory(lexDir, { cache: second });
    const plain = LexiconRegistry.fromDirectory(lexDir);
    expect(cached.baseDocument()).toStrictEqual(plain.baseDocument());
    for (const id of plain.industries()) expect(cached.overlay(id)).toStrictEqual(plain.overlay(id));
    expect(cached.get('saas').versionId).toBe(plain.get('saas').versionId);
  });

  it('misses when the file text or the loader version changes', () => {
    const cacheDir = tempDir();
    const file = join(tempDir(), 'mini.yaml');
    writeFileSync(file, MINI);
    const cache = createLexiconCache(cacheDir, 'v1');
    const doc = loadLexiconFile(file, cache);
    expect(cache.get(MINI)).toStrictEqual(doc);
    // Edited file: another key, parsed again (and the edit is seen).
    const edited = MINI.replace('示波仪', '数字示波器');
    expect(cache.get(edited)).toBeUndefined();
    writeFileSync(file, edited);
    expect(loadLexiconFile(file, cache).terms[0]?.synonyms).toEqual(['数字示波器']);
    // Another loader version (schema or loader code changed): nothing of v1 is read.
    expect(createLexiconCache(cacheDir, 'v2').get(MINI)).toBeUndefined();
    expect(createLexiconCache(cacheDir, 'v1').get(MINI)).toStrictEqual(doc);
    expect(lexiconLoaderVersion()).toMatch(/^[0-9a-f]{16}$/);
  });

  it('never serves an invalid file from the cache and ignores broken or unwritable caches', () => {
    const cacheDir = tempDir();
    const cache = createLexiconCache(cacheDir, 'v1');
    const file = join(tempDir(), 'bad.yaml');
    writeFileSync(file, MINI.replace('category: product', 'category: nonsense'));
    expect(() => loadLexiconFile(file, cache)).toThrow(/nonsense|category/);
    expect(readdirSync(cacheDir)).toHaveLength(0);
    // A corrupt entry is a miss.
    const good = join(tempDir(), 'mini.yaml');
    writeFileSync(good, MINI);
    const doc = loadLexiconFile(good, cache);
    const [entry] = readdirSync(cacheDir);
    writeFileSync(join(cacheDir, entry!), '{not json');
    expect(cache.get(MINI)).toBeUndefined();
    expect(loadLexiconFile(good, cache)).toStrictEqual(doc);
    // A cache folder that cannot be created: loading works as without a cache.
    const blocker = join(tempDir(), 'file');
    writeFileSync(blocker, 'x');
    const unwritable = createLexiconCache(join(blocker, 'sub'), 'v1');
    expect(loadLexiconFile(good, unwritable)).toStrictEqual(doc);
  });

  it('defaults to the XDG cache folder', () => {
    expect(defaultLexiconCacheDir({ XDG_CACHE_HOME: '/x/cache' })).toBe('/x/cache/tingjian/lexicons');
    expect(defaultLexiconCacheDir({})).toMatch(/\.cache\/tingjian\/lexicons$/);
  });
});
