import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateCall } from '../../bench/call-generator.js';
import { createFileCache, type FileCache } from '../../models/file-cache.js';
import {
  DEFAULT_MODEL_PATH,
  loadSecondStage,
  type SecondStage,
} from '../../pipeline/learned/second-stage.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'tj-stagecache-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A counting cache: how many reads hit and how many entries were written. */
function counted(cache: FileCache) {
  const counts = { hits: 0, writes: 0 };
  return {
    counts,
    cache: {
      dir: cache.dir,
      read(name: string, key: string) {
        const got = cache.read(name, key);
        if (got) counts.hits++;
        return got;
      },
      write(name: string, key: string, payload: Uint8Array) {
        counts.writes++;
        cache.write(name, key, payload);
      },
    } satisfies FileCache,
  };
}

const calls = [generateCall(3, 'saas'), generateCall(4, 'manufacturing')];

/** Everything inference gives: every probability and the evidence of every label, of two calls. */
function outputs(stage: SecondStage) {
  return calls.map((c) => {
    const us = c.utterances.map((u) => ({ speaker: u.speaker, text: u.text }));
    return {
      predictions: stage.predictCall(us),
      evidence: us.map((u, i) => stage.labelsOf(u.speaker).map((l) => stage.explain(us, i, l))),
      thresholds: stage.labels.map((l) => stage.thresholdOf(l)),
    };
  });
}

describe('second stage read through the file cache', () => {
  it('gives exactly the predictions, evidence, thresholds and document of the validated JSON', () => {
    const dir = tempDir();
    const plain = loadSecondStage();
    const first = counted(createFileCache(dir));
    const cold = loadSecondStage(DEFAULT_MODEL_PATH, { cache: first.cache });
    expect(first.counts).toEqual({ hits: 0, writes: 1 });
    const second = counted(createFileCache(dir));
    const warm = loadSecondStage(DEFAULT_MODEL_PATH, { cache: second.cache });
    expect(second.counts).toEqual({ hits: 1, writes: 0 });

    expect(warm.version).toBe(plain.version);
    expect(warm.labels).toEqual(plain.labels);
    const expected = outputs(plain);
    expect(outputs(cold)).toEqual(expected);
    expect(outputs(warm)).toEqual(expected);
    // The document is read from the model file on demand, validated, and is the same.
    expect(warm.model).toStrictEqual(plain.model);
    expect(() => warm.thresholdOf('objection.nonexistent')).toThrow(/unknown label/);
  });

  it('rebuilds a damaged entry and the entry of a changed model file', () => {
    const dir = tempDir();
    const modelDir = tempDir();
    const path = join(modelDir, 'model.json');
    copyFileSync(DEFAULT_MODEL_PATH, path);
    loadSecondStage(path, { cache: createFileCache(dir) });
    const [entry] = readdirSync(dir);
    const bytes = readFileSync(join(dir, entry!));
    bytes[bytes.length >> 1]! ^= 0x01;
    writeFileSync(join(dir, entry!), bytes);
    const again = counted(createFileCache(dir));
    const rebuilt = loadSecondStage(path, { cache: again.cache });
    expect(again.counts).toEqual({ hits: 0, writes: 1 });
    expect(outputs(rebuilt)).toEqual(outputs(loadSecondStage(path)));

    // Same model, other bytes (reformatted): another key, so validated again, never the old entry.
    writeFileSync(path, JSON.stringify(JSON.parse(readFileSync(path, 'utf8'))));
    const changed = counted(createFileCache(dir));
    loadSecondStage(path, { cache: changed.cache });
    expect(changed.counts).toEqual({ hits: 0, writes: 1 });
  });

  it('still rejects an invalid model file, and names it', () => {
    const dir = tempDir();
    const path = join(tempDir(), 'bad.json');
    const doc = JSON.parse(readFileSync(DEFAULT_MODEL_PATH, 'utf8'));
    doc.labels.objection.threshold = 2;
    writeFileSync(path, JSON.stringify(doc));
    expect(() => loadSecondStage(path, { cache: createFileCache(dir) })).toThrow(
      /invalid second-stage model .*bad\.json/,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses to hand out the document of a model file replaced after a cached load', () => {
    const dir = tempDir();
    const path = join(tempDir(), 'model.json');
    copyFileSync(DEFAULT_MODEL_PATH, path);
    loadSecondStage(path, { cache: createFileCache(dir) });
    const warm = loadSecondStage(path, { cache: createFileCache(dir) });
    writeFileSync(path, `${readFileSync(path, 'utf8')}\n`);
    expect(() => warm.model).toThrow(/changed after it was loaded/);
  });
});
