/**
 * Builds `pipeline/eval/noise-table.json`: for each common Chinese character, the characters an
 * ASR engine plausibly writes in its place (near-homophones). `tingjian eval --noise` reads it to
 * simulate recognition errors; nothing else may (see docs/decisions.md, "ASR noise model").
 *
 * Characters: the most frequent GB 2312 characters of nodejieba's own dictionary, ranked by the
 * summed frequency of the dictionary words that contain them. Readings: pinyin-pro. A substitute differs
 * from one reading of the key by exactly one confusion: the tone, or one initial pair (zh/z, ch/c,
 * sh/s, n/l), or one final pair (an/ang, en/eng, in/ing), with the tone kept. Exact homophones are
 * not near-homophones and are left out. Substitutes are ranked by the key's reading they match
 * (most common reading first), tone changes before initial/final confusions, then by frequency.
 *
 * The output is deterministic (no dates, every list sorted), so re-running it changes the file only
 * when the dictionary, pinyin-pro or the rules change.
 *
 * Usage: `npx tsx scripts/build-noise-table.ts [outFile]`
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pinyin } from 'pinyin-pro';

const CHARACTER_COUNT = 3500;
const MAX_SUBSTITUTES = 8;

const INITIAL_PAIRS: readonly [string, string][] = [
  ['zh', 'z'],
  ['ch', 'c'],
  ['sh', 's'],
  ['n', 'l'],
];
const FINAL_PAIRS: readonly [string, string][] = [
  ['ang', 'an'],
  ['eng', 'en'],
  ['ing', 'in'],
];

const RULES = [
  'A substitute differs from one reading of the key by exactly one confusion, tone kept unless the tone is the confusion:',
  'tone: the same toneless syllable with another tone (neutral tone counts as a tone)',
  'initials: zh<->z, ch<->c, sh<->s, n<->l',
  'finals: an<->ang, en<->eng, in<->ing (also inside ian/iang, uan/uang)',
  'exact homophones (same syllable and tone) are not listed',
  'key readings: every reading pinyin-pro gives for the character; substitute reading: its first (most common) reading',
  'substitutes come from the same character list; order: key reading (most common first), tone before initial/final confusions, then summed frequency (higher first), then code point',
  `at most ${MAX_SUBSTITUTES} substitutes per character; characters without any are left out`,
];

const HAN = /^\p{Script=Han}$/u;

/**
 * The 6,763 characters of GB 2312 (rows 16-87), decoded with the platform's GBK decoder. jieba's
 * dictionary also holds traditional and variant forms (繖, 鍥); transcripts are simplified.
 */
function gb2312Hanzi(): Set<string> {
  const decoder = new TextDecoder('gbk');
  const out = new Set<string>();
  for (let row = 0xb0; row <= 0xf7; row++) {
    for (let cell = 0xa1; cell <= 0xfe; cell++) {
      const ch = decoder.decode(new Uint8Array([row, cell]));
      if (HAN.test(ch)) out.add(ch);
    }
  }
  return out;
}

interface Reading {
  syllable: string;
  tone: string;
}

function splitReading(r: string): Reading {
  const m = /^(.*?)([0-5])$/.exec(r);
  return m ? { syllable: m[1]!, tone: m[2]! } : { syllable: r, tone: '0' };
}

function readingsOf(ch: string): Reading[] {
  const all = pinyin(ch, { toneType: 'num', type: 'array', multiple: true }) as string[];
  const seen = new Set<string>();
  const out: Reading[] = [];
  for (const r of all) {
    if (seen.has(r) || !/[a-zü]/.test(r)) continue;
    seen.add(r);
    out.push(splitReading(r));
  }
  return out;
}

/** Syllables one initial or final confusion away from `s` (not necessarily real syllables). */
function confusedSyllables(s: string): string[] {
  const out = new Set<string>();
  for (const [a, b] of INITIAL_PAIRS) {
    // `n` must not be the start of a syllable like "ng"; `z`/`c`/`s` must not already be zh/ch/sh.
    if (s.startsWith(a) && !(a === 'n' && s.startsWith('ng'))) out.add(b + s.slice(a.length));
    else if (s.startsWith(b) && !s.startsWith(`${b}h`)) out.add(a + s.slice(b.length));
  }
  for (const [a, b] of FINAL_PAIRS) {
    if (s.endsWith(a)) out.add(s.slice(0, -a.length) + b);
    else if (s.endsWith(b)) out.add(s.slice(0, -b.length) + a);
  }
  out.delete(s);
  return [...out].sort();
}

/** Han characters ranked by the summed frequency of the dictionary words containing them. */
function rankCharacters(dictText: string): { char: string; freq: number }[] {
  const simplified = gb2312Hanzi();
  const freq = new Map<string, number>();
  for (const line of dictText.split('\n')) {
    const [word, f] = line.trim().split(/\s+/);
    const n = Number(f);
    if (!word || !Number.isFinite(n)) continue;
    for (const ch of word) if (simplified.has(ch)) freq.set(ch, (freq.get(ch) ?? 0) + n);
  }
  return [...freq]
    .map(([char, f]) => ({ char, freq: f }))
    .sort((a, b) => b.freq - a.freq || a.char.codePointAt(0)! - b.char.codePointAt(0)!);
}

function buildNoiseTable(dictText: string, meta: { jieba: string; pinyinPro: string }) {
  const ranked = rankCharacters(dictText).slice(0, CHARACTER_COUNT);
  const freq = new Map(ranked.map((r) => [r.char, r.freq]));
  // Substitutes are heard as their most common reading: index them by it.
  const bySound = new Map<string, string[]>();
  const primary = new Map<string, string>();
  for (const { char } of ranked) {
    const first = readingsOf(char)[0];
    if (!first) continue;
    const key = first.syllable + first.tone;
    primary.set(char, key);
    const list = bySound.get(first.syllable) ?? [];
    list.push(char);
    bySound.set(first.syllable, list);
  }

  const entries: [string, string[]][] = [];
  for (const { char } of ranked) {
    const readings = readingsOf(char);
    const exact = new Set(readings.map((r) => r.syllable + r.tone));
    // candidate → best rank [reading index, tier]
    const rank = new Map<string, [number, number]>();
    const consider = (cand: string, readingIndex: number, tier: number) => {
      if (cand === char || exact.has(primary.get(cand)!)) return;
      const prev = rank.get(cand);
      if (!prev || readingIndex < prev[0] || (readingIndex === prev[0] && tier < prev[1]))
        rank.set(cand, [readingIndex, tier]);
    };
    readings.forEach((r, i) => {
      for (const cand of bySound.get(r.syllable) ?? []) {
        if (primary.get(cand) !== r.syllable + r.tone) consider(cand, i, 0);
      }
      for (const s of confusedSyllables(r.syllable)) {
        for (const cand of bySound.get(s) ?? []) {
          if (primary.get(cand) === s + r.tone) consider(cand, i, 1);
        }
      }
    });
    const subs = [...rank]
      .sort(
        ([a, ra], [b, rb]) =>
          ra[0] - rb[0] ||
          ra[1] - rb[1] ||
          freq.get(b)! - freq.get(a)! ||
          a.codePointAt(0)! - b.codePointAt(0)!,
      )
      .slice(0, MAX_SUBSTITUTES)
      .map(([c]) => c);
    if (subs.length > 0) entries.push([char, subs]);
  }
  entries.sort(([a], [b]) => a.codePointAt(0)! - b.codePointAt(0)!);

  return {
    description:
      'ASR noise model for `tingjian eval --noise`: near-homophone substitutes per common character. Evaluation data only; no detector or matcher may read it.',
    generator: 'scripts/build-noise-table.ts',
    pinyin: meta.pinyinPro,
    characters: {
      source: `${meta.jieba} dict/jieba.dict.utf8`,
      selection: `the ${CHARACTER_COUNT} GB 2312 Han characters with the highest summed frequency of the dictionary words containing them`,
      count: ranked.length,
    },
    rules: RULES,
    maxSubstitutes: MAX_SUBSTITUTES,
    entryCount: entries.length,
    entries: Object.fromEntries(entries),
  };
}

/** One entry per line, so a regenerated table diffs by character. */
function formatTable(table: ReturnType<typeof buildNoiseTable>): string {
  const { entries, ...header } = table;
  const head = JSON.stringify(header, null, 2).replace(/\n}$/, '');
  const lines = Object.entries(entries).map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  return `${head},\n  "entries": {\n${lines.join(',\n')}\n  }\n}\n`;
}

function main(): void {
  const require = createRequire(import.meta.url);
  const jiebaDir = dirname(require.resolve('nodejieba/package.json'));
  const jiebaVersion = (
    JSON.parse(readFileSync(join(jiebaDir, 'package.json'), 'utf8')) as { version: string }
  ).version;
  const pinyinVersion = (
    JSON.parse(readFileSync(require.resolve('pinyin-pro/package.json'), 'utf8')) as { version: string }
  ).version;
  const dictText = readFileSync(join(jiebaDir, 'dict', 'jieba.dict.utf8'), 'utf8');
  const table = buildNoiseTable(dictText, {
    jieba: `nodejieba ${jiebaVersion}`,
    pinyinPro: `pinyin-pro ${pinyinVersion}`,
  });
  const here = dirname(fileURLToPath(import.meta.url));
  const out = process.argv[2] ?? join(here, '..', 'pipeline', 'eval', 'noise-table.json');
  writeFileSync(out, formatTable(table));
  console.log(`${out}: ${table.entryCount} of ${table.characters.count} characters have substitutes`);
}

main();
