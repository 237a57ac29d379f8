import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GENERATOR_INDUSTRIES, generateCall } from '../../bench/call-generator.js';
import { folderThreads, THREADED_FOLDER_MIN } from '../../bin/commands/analyze.command.js';

// `tingjian analyze <folder>` analyses in threads when the folder is large enough: the same
// analyses, in the same order, with the same per-file errors as on the main thread alone.
const ROOT = resolve(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'tingjian-cli-threads-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const calls = join(dir, 'calls');
mkdirSync(calls);
for (let i = 0; i < THREADED_FOLDER_MIN + 2; i++) {
  const industry = GENERATOR_INDUSTRIES[i % GENERATOR_INDUSTRIES.length]!;
  const call = generateCall(100 + i, industry);
  // Every third call leaves its industry to inference (done on the main thread).
  writeFileSync(
    join(calls, `call-${String(i).padStart(2, '0')}.json`),
    JSON.stringify(i % 3 === 0 ? { ...call, industry: 'auto' } : call),
  );
}
writeFileSync(join(calls, 'call-07b-broken.json'), '{"industry": "saas", "utterances": [');

function analyze(args: readonly string[], cacheDir = 'off') {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'bin', 'tingjian.ts'), 'analyze', calls, '--format', 'json', ...args],
    {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      env: { ...process.env, EMBEDDING_MODEL_DIR: '', CACHE_DIR: cacheDir },
    },
  );
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('tingjian analyze <folder> in analysis threads', () => {
  it('prints the same analyses and errors, in folder order, with threads and without', () => {
    const inline = analyze(['--threads', '0']);
    expect(inline.status).toBe(1); // the broken file
    const parsed = JSON.parse(inline.stdout) as { calls: { industry: string }[]; errors: { file: string }[] };
    expect(parsed.calls).toHaveLength(THREADED_FOLDER_MIN + 2);
    expect(parsed.errors.map((e) => e.file)).toEqual(['call-07b-broken.json']);
    expect(inline.stderr).toContain('✗ call-07b-broken.json');
    const threaded = analyze(['--threads', '2']);
    expect(threaded.status).toBe(1);
    expect(threaded.stdout).toBe(inline.stdout);
    expect(threaded.stderr).toContain('✗ call-07b-broken.json');
    // The threads read the main thread's caches (pinyin and normalisation tables): cold, then warm.
    const cache = join(dir, 'cache');
    expect(analyze(['--threads', '2'], cache).stdout).toBe(inline.stdout);
    expect(analyze(['--threads', '2'], cache).stdout).toBe(inline.stdout);
  }, 300_000);

  it('refuses a thread count that is not a whole number from 0 to 64', () => {
    for (const bad of ['-1', '1.5', 'two', '65']) {
      const r = analyze([`--threads=${bad}`]);
      expect(r.status).not.toBe(0);
      expect(r.stderr).toContain('--threads must be a whole number from 0 to 64');
    }
  }, 120_000);

  it('uses threads only for a folder large enough, never with the embedding model', () => {
    expect(folderThreads(THREADED_FOLDER_MIN - 1, undefined, false)).toBe(0);
    expect(folderThreads(THREADED_FOLDER_MIN, undefined, false)).toBeGreaterThanOrEqual(1);
    expect(folderThreads(THREADED_FOLDER_MIN, undefined, false)).toBeLessThanOrEqual(4);
    expect(folderThreads(5, 3, false)).toBe(3);
    expect(folderThreads(1000, 3, true)).toBe(0);
  });
});
