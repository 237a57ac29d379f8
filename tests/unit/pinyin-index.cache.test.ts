import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFileCache } from '../../models/file-cache.js';

// The pinyin table and the normalisation tables are process-wide: each case imports fresh
// module instances, as a new process would.
type PinyinModule = typeof import('../../lexicons/pinyin-index.js');
type NormalizeModule = typeof import('../../pipeline/nlp/normalize.js');

async function freshPinyin(dir?: string): Promise<PinyinModule> {
  vi.resetModules();
  const m = await import('../../lexicons/pinyin-index.js');
  m.setPinyinCache(dir ? createFileCache(dir) : undefined);
  return m;
}

async function freshNormalize(dir?: string): Promise<NormalizeModule> {
  vi.resetModules();
  const m = await import('../../pipeline/nlp/normalize.js');
  m.setNormalizeCache(dir ? createFileCache(dir) : undefined);
  return m;
}

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'tj-pinyincache-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Every answer of the table, for every code unit of the Han block and around it. */
function dump(m: PinyinModule) {
  const index = m.getPinyinIndex();
  const codes: string[] = [];
  for (let c = m.HAN_FIRST - 2; c <= m.HAN_LAST + 2; c++)
    codes.push(`${index.readings(c).join(',')}/${index.sole(c)}`);
  const S = index.syllables.length;
  const near: number[] = [];
  for (let a = 0; a < S; a++) for (let b = 0; b < S; b++) if (index.near(a, b)) near.push(a * S + b);
  return {
    syllables: index.syllables,
    charCount: index.charCount,
    polyphoneCount: index.polyphoneCount,
    classCount: index.classCount,
    classes: index.syllables.map((_, i) => index.soundClass(i)),
    ids: index.syllables.map((s) => index.idOf(s)),
    codes,
    near,
  };
}

const WORDS = ['银行', '伺服电机', '重复购买', '核磁共振', '过氧化氢', '预算', '长期合作'];

describe('pinyin table and readings read through the file cache', () => {
  it('are identical to building them with pinyin-pro, cold and warm', async () => {
    const dir = tempDir();
    const built = await freshPinyin();
    const expected = { table: dump(built), words: built.readInContext(WORDS) };
    const cold = await freshPinyin(dir);
    expect({ table: dump(cold), words: cold.readInContext(WORDS) }).toEqual(expected);
    expect(
      readdirSync(dir)
        .map((f) => f.replace(/-[0-9a-f]+\.bin$/, ''))
        .sort(),
    ).toEqual(['pinyin-context', 'pinyin-index']);
    const warm = await freshPinyin(dir);
    expect({ table: dump(warm), words: warm.readInContext(WORDS) }).toEqual(expected);
    expect(warm.soundCanonical('价格太贵了')).toBe(built.soundCanonical('价格太贵了'));
  }, 60_000);

  it('rebuilds a damaged table entry', async () => {
    const dir = tempDir();
    const expected = dump(await freshPinyin());
    dump(await freshPinyin(dir));
    const file = join(dir, readdirSync(dir).find((f) => f.startsWith('pinyin-index-'))!);
    const bytes = readFileSync(file);
    bytes[100]! ^= 0xff;
    writeFileSync(file, bytes);
    expect(dump(await freshPinyin(dir))).toEqual(expected);
    // Written again, intact.
    expect(readFileSync(file).equals(bytes)).toBe(false);
  }, 60_000);
});

describe('normalisation tables read through the file cache', () => {
  it('are identical to computing them with OpenCC', async () => {
    const dir = tempDir();
    const samples = ['這個產品價格太貴了', 'ＡＢＣ　１２３', '預算不夠😀', '价格太贵了'];
    const plain = await freshNormalize();
    const expected = {
      changes: plain.normalizeChangesTable(),
      texts: samples.map((t) => plain.normalizeText(t).text),
    };
    for (const round of ['cold', 'warm']) {
      const m = await freshNormalize(dir);
      const got = { texts: samples.map((t) => m.normalizeText(t).text), changes: m.normalizeChangesTable() };
      expect(got, round).toEqual(expected);
    }
    expect(
      readdirSync(dir)
        .map((f) => f.replace(/-[0-9a-f]+\.bin$/, ''))
        .sort(),
    ).toEqual(['normalize-changes', 'traditional-chars']);
  }, 60_000);
});
