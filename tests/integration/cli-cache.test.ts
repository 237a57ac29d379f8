import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateCall } from '../../bench/call-generator.js';

// The CLI's on-disk caches (second stage, pinyin tables, normalisation tables, lexicons) must
// never change an analysis: the same bytes without a cache, with a cold one, a warm one and a
// damaged one.
const ROOT = resolve(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'tingjian-cli-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const calls = join(dir, 'calls');
mkdirSync(calls);
const traditional = generateCall(9, 'saas');
traditional.utterances[1]!.text = '這個價格太貴了，我們預算不夠，軟體也要再評估一下。';
writeFileSync(join(calls, 'a-saas.json'), JSON.stringify(generateCall(7, 'saas')));
writeFileSync(join(calls, 'b-manufacturing.json'), JSON.stringify(generateCall(8, 'manufacturing')));
writeFileSync(join(calls, 'c-traditional.json'), JSON.stringify(traditional));

function analyze(env: Record<string, string>) {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'bin', 'tingjian.ts'), 'analyze', calls, '--format', 'json'],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, EMBEDDING_MODEL_DIR: '', ...env } },
  );
  expect(r.stderr).not.toMatch(/error/i);
  expect(r.status).toBe(0);
  return r.stdout;
}

describe('tingjian analyze with and without its caches', () => {
  it('prints byte-identical analyses: no cache, cold, warm, damaged', () => {
    const cacheDir = join(dir, 'cache');
    const none = analyze({ CACHE_DIR: 'off' });
    expect(JSON.parse(none).calls).toHaveLength(3);
    expect(analyze({ CACHE_DIR: cacheDir })).toBe(none);
    const entries = readdirSync(cacheDir).filter((f) => f.endsWith('.bin'));
    expect(entries.map((f) => f.replace(/-[0-9a-f]+\.bin$/, '')).sort()).toEqual(
      expect.arrayContaining(['pinyin-context', 'pinyin-index', 'second-stage', 'traditional-chars']),
    );
    expect(analyze({ CACHE_DIR: cacheDir })).toBe(none);
    // Every entry damaged in its middle: detected, rebuilt, same analyses.
    for (const f of entries) {
      const file = join(cacheDir, f);
      const bytes = readFileSync(file);
      bytes[bytes.length >> 1]! ^= 0x5a;
      writeFileSync(file, bytes);
    }
    expect(analyze({ CACHE_DIR: cacheDir })).toBe(none);
    expect(analyze({ CACHE_DIR: cacheDir })).toBe(none);
    // A cache folder that cannot be created: analyses as without one.
    writeFileSync(join(dir, 'not-a-folder'), '');
    expect(analyze({ CACHE_DIR: join(dir, 'not-a-folder', 'cache') })).toBe(none);
  }, 300_000);
});
