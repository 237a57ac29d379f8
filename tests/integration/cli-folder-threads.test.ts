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
  // Every third call leaves its industry to inference (done in the thread that analyses it).
  writeFileSync(
    join(calls, `call-${String(i).padStart(2, '0')}.json`),
    JSON.stringify(i % 3 === 0 ? { ...call, industry: 'auto' } : call),
  );
}
writeFileSync(join(calls, 'call-07b-broken.json'), '{"industry": "saas", "utterances": [');
// A name that cannot be read as a file, and a transcript of an industry no lexicon has, in the middle.
mkdirSync(join(calls, 'call-09b-folder.json'));
writeFileSync(
  join(calls, 'call-11b-unknown.json'),
  JSON.stringify({ ...generateCall(99, 'saas'), industry: 'no_such_industry' }),
);
// Our format with a byte-order mark: JSON.parse of the file's text refuses it, read either way.
writeFileSync(
  join(calls, 'call-13b-bom.json'),
  Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(generateCall(98, 'saas')))]),
);
const BAD = ['call-07b-broken.json', 'call-09b-folder.json', 'call-11b-unknown.json', 'call-13b-bom.json'];

function analyze(args: readonly string[], cacheDir = 'off', format = 'json') {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'bin', 'tingjian.ts'), 'analyze', calls, '--format', format, ...args],
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
    expect(inline.status).toBe(1); // the bad files
    const parsed = JSON.parse(inline.stdout) as {
      calls: { industry: string }[];
      errors: { file: string; error: string }[];
    };
    expect(parsed.calls).toHaveLength(THREADED_FOLDER_MIN + 2);
    expect(parsed.errors.map((e) => e.file)).toEqual(BAD);
    expect(parsed.errors[0]!.error).toMatch(/^\[invalid_input\] malformed JSON/);
    expect(parsed.errors[1]!.error).toMatch(/^\[invalid_input\] cannot read .*call-09b-folder\.json: EISDIR/);
    expect(parsed.errors[2]!.error).toMatch(/^\[unknown_industry\] .*no_such_industry/);
    expect(parsed.errors[3]!.error).toMatch(/^\[invalid_input\] malformed JSON/);
    for (const file of BAD) expect(inline.stderr).toContain(`✗ ${file}: [`);
    const threaded = analyze(['--threads', '2']);
    expect(threaded.status).toBe(1);
    expect(threaded.stdout).toBe(inline.stdout);
    expect(errorLines(threaded.stderr)).toEqual(errorLines(inline.stderr));
    // Every thread builds its runtime through the same caches (lexicons, second stage, pinyin and
    // normalisation tables), filled by the threads at once when cold: cold, then warm.
    const cache = join(dir, 'cache');
    expect(analyze(['--threads', '2'], cache).stdout).toBe(inline.stdout);
    expect(analyze(['--threads', '2'], cache).stdout).toBe(inline.stdout);
  }, 300_000);

  it('prints the same summary tables (text, md), failed rows in place, with threads and without', () => {
    for (const format of ['text', 'md']) {
      const inline = analyze(['--threads', '0'], 'off', format);
      const threaded = analyze(['--threads', '2'], 'off', format);
      expect(threaded.status).toBe(1);
      expect(threaded.stdout).toBe(inline.stdout);
      const rows = inline.stdout.split('\n').filter((l) => /call-/.test(l));
      expect(rows).toHaveLength(THREADED_FOLDER_MIN + 2 + BAD.length);
      expect(rows.findIndex((r) => r.includes('call-09b-folder.json'))).toBe(11);
      expect(rows[11]).toContain('失败');
      expect(inline.stdout).toContain(
        `共 ${THREADED_FOLDER_MIN + 2 + BAD.length} 个文件，成功 ${THREADED_FOLDER_MIN + 2} 个，失败 ${BAD.length} 个`,
      );
    }
  }, 300_000);

  it('fails before any analysis when --industry names no lexicon, with threads as without', () => {
    const [inline, threaded] = ['0', '2'].map((threads) =>
      analyze(['--threads', threads, '--industry', 'no_such_industry']),
    );
    for (const r of [inline!, threaded!]) {
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^error \[unknown_industry\]: unknown industry "no_such_industry"; known: /);
    }
    expect(threaded!.stderr).toBe(inline!.stderr);
  }, 120_000);

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

/** The `✗ file: error` lines a folder run ends with (the progress lines before them vary in order). */
function errorLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.startsWith('✗ '));
}
