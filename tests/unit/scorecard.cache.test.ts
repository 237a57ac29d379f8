import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultLexiconDir } from '../../lexicons/lexicon.registry.js';
import { createFileCache } from '../../models/file-cache.js';

type LoaderModule = typeof import('../../lexicons/scorecard.loader.js');

/** A fresh loader module (the cache setting is process-wide), as in a new process. */
async function freshLoader(dir?: string): Promise<LoaderModule> {
  vi.resetModules();
  const m = await import('../../lexicons/scorecard.loader.js');
  m.setScorecardCache(dir ? createFileCache(dir) : undefined);
  return m;
}

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'tj-scorecache-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const lexDir = defaultLexiconDir();
const industries = readdirSync(join(lexDir, 'industries'))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''));

describe('scorecards read through the file cache', () => {
  it('are identical to parsing the YAML, for every shipped industry, cold and warm', async () => {
    const dir = tempDir();
    const plain = await freshLoader();
    const expected = industries.map((i) => plain.loadScorecard(lexDir, i));
    for (const round of ['cold', 'warm']) {
      const m = await freshLoader(dir);
      expect(
        industries.map((i) => m.loadScorecard(lexDir, i)),
        round,
      ).toStrictEqual(expected);
    }
    expect(readdirSync(dir).every((f) => f.startsWith('scorecard-'))).toBe(true);
  });

  it('reads an edited scorecard anew and still reports an invalid one', async () => {
    const dir = tempDir();
    const copy = tempDir();
    const scorecards = join(copy, 'scorecards');
    const original = readFileSync(join(lexDir, 'scorecards', 'default.yaml'), 'utf8');
    mkdirSync(scorecards);
    writeFileSync(join(scorecards, 'default.yaml'), original);
    const first = (await freshLoader(dir)).loadScorecard(copy, 'saas');
    writeFileSync(join(scorecards, 'default.yaml'), original.replace('weight: 1', 'weight: 3'));
    const edited = (await freshLoader(dir)).loadScorecard(copy, 'saas');
    expect(edited).not.toStrictEqual(first);
    expect(edited).toStrictEqual((await freshLoader()).loadScorecard(copy, 'saas'));
    writeFileSync(join(scorecards, 'default.yaml'), 'dimensions: [');
    const m = await freshLoader(dir);
    expect(() => m.loadScorecard(copy, 'saas')).toThrow(/cannot read scorecard .*default\.yaml/);
  });
});
