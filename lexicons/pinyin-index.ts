import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cacheKey, codeVersion, type FileCache, packSections, unpackSections } from '../models/file-cache.js';
import { stringOfUnits } from '../shared/code-units.js';

/**
 * Toneless, folded Mandarin readings of Chinese characters, for matching what ASR wrote against
 * what the speaker said. Readings come from pinyin-pro's dictionary; the table is built once per
 * process, on first use (~0.2 s with loading pinyin-pro), never at import.
 *
 * pinyin-pro is loaded with a synchronous `require` on first use rather than a static import:
 * loading it costs ~0.1 s and ~15 MB of RSS, which processes that never build a pinyin matcher
 * (API, lexicon editing) should not pay, and lexicon compilation is synchronous.
 */

/** First code point of the table: CJK Unified Ideographs. Extension A has almost no readings. */
export const HAN_FIRST = 0x4e00;
/** Last code point of the table. */
export const HAN_LAST = 0x9fff;

/**
 * Folds a toneless pinyin syllable onto the class of syllables that regional accents and ASR
 * confuse with it. Tones are already gone. The folds are general Mandarin phonology, the
 * well-known mergers of southern and south-western speakers:
 *
 * - retroflex initials and their dental counterparts: zh→z, ch→c, sh→s (是/四, 伺/刺…);
 * - n and l initials: n→l (女/吕, 男/蓝);
 * - velar and dental nasal finals: -ng→-n, so ang→an, eng→en, ing→in (and iang→ian, uang→uan).
 *   -ong stays: it has no -on counterpart to merge with.
 *
 * Deliberately not folded: h/f (湖/福, a narrower regional merger between two very common
 * initials) and r/l (日/力, 人/林: a local accent feature with no sign of being a recogniser
 * confusion, and r syllables are frequent). Syllables without a vowel (ng, hm, m, n:
 * interjections) are returned unchanged.
 */
export function foldSyllable(syllable: string): string {
  if (!/[aeiouü]/.test(syllable)) return syllable;
  let s = syllable;
  if (/^[zcs]h/.test(s)) s = s[0]! + s.slice(2);
  else if (s[0] === 'n') s = `l${s.slice(1)}`;
  if (s.endsWith('ng') && !s.endsWith('ong')) s = s.slice(0, -1);
  return s;
}

/** The per-character table: folded syllables as small integer ids. */
export interface PinyinIndex {
  /** Folded syllables by id; id 0 is the empty string (no reading). Sorted, so ids are stable. */
  readonly syllables: readonly string[];
  /** Number of characters with at least one reading. */
  readonly charCount: number;
  /** Characters whose toneless readings still differ after folding. */
  readonly polyphoneCount: number;
  /**
   * Ids of every folded reading of a UTF-16 code unit, the common one first (的: de, di);
   * empty for anything outside the table (ASCII, punctuation, U+FFFC). Shared, frozen arrays.
   */
  readings(code: number): readonly number[];
  /**
   * The one folded reading of a code unit: its id, 0 when it has none, -1 when it has several
   * (then ask `readings`). A typed-array lookup, for scanning loops.
   */
  sole(code: number): number;
  /** Id of a folded syllable, or 0 when no character reads so. */
  idOf(syllable: string): number;
  /** `nearSyllables` of two syllable ids, from a precomputed table. */
  near(a: number, b: number): boolean;
  /** Number of sound classes (`soundClass` ids are 1 … classCount − 1; 0 is no reading). */
  readonly classCount: number;
  /**
   * Class of a syllable id: its initial's series (b/p, d/t, g/k, j/q/x, z/c/s, f/h, or itself)
   * with its final without medial. Near syllables (and equal ones) always share a class, so
   * windows that can match a term have the term's class sequence: an exact key to index on.
   */
  soundClass(id: number): number;
}

type PinyinPro = typeof import('pinyin-pro');

let pinyinPro: PinyinPro | undefined;
let cached: PinyinIndex | undefined;
let store: FileCache | undefined;
let storeKey: string | undefined;

function loadPinyinPro(): PinyinPro {
  pinyinPro ??= createRequire(import.meta.url)('pinyin-pro') as PinyinPro;
  return pinyinPro;
}

const NONE: readonly number[] = Object.freeze([]);
const SYLLABLE = /^[a-zü]+$/;
const SIZE = HAN_LAST - HAN_FIRST + 1;

/**
 * Keeps this process's table (and the contextual readings of lexicon terms) in `cache`, so that a
 * later process reads them back instead of loading pinyin-pro and building them (~0.2 s). Called
 * once at start-up by the entry point, before the first use; `undefined` turns it off. Entries are
 * keyed by pinyin-pro's code and this module's code: another pinyin-pro or another folding is
 * another entry.
 */
export function setPinyinCache(cache: FileCache | undefined): void {
  store = cache;
  storeKey = undefined;
}

/** Cache key of the table: pinyin-pro's code (not loaded, only read) and this module's. */
function indexKey(): string {
  if (storeKey) return storeKey;
  const require = createRequire(import.meta.url);
  storeKey = cacheKey(
    'pinyin-index 1',
    codeVersion(new URL('.', import.meta.url), ['pinyin-index']),
    readFileSync(require.resolve('pinyin-pro')),
  );
  return storeKey;
}

/** The process-wide table, built on first call (one pinyin-pro call over U+4E00–U+9FFF). */
export function getPinyinIndex(): PinyinIndex {
  cached ??= store ? cachedPinyinIndex(store) : buildPinyinIndex();
  return cached;
}

/** The table read back from `cache`, or built and stored there. */
function cachedPinyinIndex(cache: FileCache): PinyinIndex {
  const key = indexKey();
  const payload = cache.read('pinyin-index', key);
  if (payload) {
    try {
      const { meta, sections } = unpackSections(payload);
      const counts = new Uint8Array(sections[0]!);
      const ids = new Uint16Array(sections[1]!);
      const lists: (readonly number[])[] = new Array(SIZE);
      let at = 0;
      for (let k = 0; k < SIZE; k++) {
        const n = counts[k]!;
        lists[k] = Array.from(ids.subarray(at, at + n));
        at += n;
      }
      if (counts.length !== SIZE || at !== ids.length) throw new Error('cached pinyin table: wrong size');
      return assembleIndex(meta as string[], lists);
    } catch {
      // An entry this code cannot read (its hash was intact): rebuild it below.
    }
  }
  const { syllables, lists } = readAllCharacters();
  const counts = Uint8Array.from(lists, (l) => l.length);
  const ids = Uint16Array.from(lists.flat());
  cache.write('pinyin-index', key, packSections(syllables, [counts, ids]));
  return assembleIndex(syllables, lists);
}

function buildPinyinIndex(): PinyinIndex {
  const { syllables, lists } = readAllCharacters();
  return assembleIndex(syllables, lists);
}

/**
 * The folded syllables (sorted, '' first) and each character's folded readings as syllable ids,
 * the common one first, from pinyin-pro.
 */
function readAllCharacters(): { syllables: string[]; lists: (readonly number[])[] } {
  const { polyphonic } = loadPinyinPro();
  let all = '';
  for (let cp = HAN_FIRST; cp <= HAN_LAST; cp++) all += String.fromCharCode(cp);
  // One call for the whole block: twice as fast as asking per character with `multiple: true`,
  // and the same readings (checked when pinyin-pro was adopted, see docs/decisions.md).
  const raw = polyphonic(all, { toneType: 'none', type: 'array' });
  const folded: string[][] = new Array(SIZE);
  const seen = new Set<string>();
  for (let k = 0; k < SIZE; k++) {
    const list: string[] = [];
    for (const r of raw[k] ?? []) {
      if (!SYLLABLE.test(r)) continue; // an unknown character comes back as itself
      const f = foldSyllable(r);
      if (!list.includes(f)) list.push(f);
    }
    folded[k] = list;
    for (const f of list) seen.add(f);
  }
  const syllables = ['', ...[...seen].sort()];
  const ids = new Map<string, number>(syllables.map((s, i) => [s, i]));
  return { syllables, lists: folded.map((list) => list.map((f) => ids.get(f)!)) };
}

/** The table from its syllables and each character's reading ids (the cached form). */
function assembleIndex(syllables: readonly string[], lists: readonly (readonly number[])[]): PinyinIndex {
  const size = SIZE;
  const ids = new Map<string, number>(syllables.map((s, i) => [s, i]));
  // One shared array per single reading: most characters have one, so the table is mostly
  // references to ~350 small arrays.
  const single: (readonly number[])[] = syllables.map((_, i) => Object.freeze([i]));
  const byChar: (readonly number[])[] = new Array(size);
  const soleOf = new Int16Array(size);
  let charCount = 0;
  let polyphoneCount = 0;
  for (let k = 0; k < size; k++) {
    const list = lists[k]!;
    soleOf[k] = list.length === 1 ? list[0]! : list.length === 0 ? 0 : -1;
    if (list.length === 0) byChar[k] = NONE;
    else if (list.length === 1) byChar[k] = single[list[0]!]!;
    else {
      byChar[k] = Object.freeze([...list]);
      polyphoneCount++;
    }
    if (list.length > 0) charCount++;
  }
  const S = syllables.length;
  const nearTable = new Uint8Array(S * S);
  const parts = syllables.map(splitSyllable);
  for (let a = 1; a < S; a++)
    for (let b = 1; b < S; b++) if (a !== b && nearParts(parts[a]!, parts[b]!)) nearTable[a * S + b] = 1;
  const classIds = new Map<string, number>([['', 0]]);
  const classOf = new Uint8Array(S);
  parts.forEach(([initial, final], id) => {
    if (id === 0) return;
    const name = `${INITIAL_CLASS[initial] ?? initial} ${finalCore(final)}`;
    if (!classIds.has(name)) classIds.set(name, classIds.size);
    classOf[id] = classIds.get(name)!;
  });
  if (classIds.size > 256) throw new Error(`pinyin table has ${classIds.size} sound classes, ids hold 256`);
  return Object.freeze({
    syllables: Object.freeze(syllables),
    charCount,
    polyphoneCount,
    readings(code: number): readonly number[] {
      return byChar[code - HAN_FIRST] ?? NONE;
    },
    sole(code: number): number {
      const k = code - HAN_FIRST;
      return k >= 0 && k < size ? soleOf[k]! : 0;
    },
    idOf(syllable: string): number {
      return ids.get(syllable) ?? 0;
    },
    near(a: number, b: number): boolean {
      return nearTable[a * S + b] === 1;
    },
    classCount: classIds.size,
    soundClass(id: number): number {
      return classOf[id] ?? 0;
    },
  });
}

/**
 * Folded syllable ids of each character of each word, read in context (银行 → hang, 伺服 → si,
 * 重复 → chong): pinyin-pro picks a polyphone's reading from its word dictionary. 0 marks a
 * character without a reading. One pinyin-pro call for all words (they are joined with a
 * separator that no word contains, so its segmentation never spans two words).
 */
export function readInContext(words: readonly string[], index: PinyinIndex = getPinyinIndex()): number[][] {
  // Only readings against the process-wide table are cached: ids mean nothing in another table.
  if (store && index === cached) return cachedReadings(store, words, index);
  return readWithPinyinPro(words, index);
}

/** `readInContext` read back from `cache`, or read and stored there (keyed by the words and the table). */
function cachedReadings(cache: FileCache, words: readonly string[], index: PinyinIndex): number[][] {
  const key = cacheKey('pinyin-context 1', indexKey(), JSON.stringify(words));
  const payload = cache.read('pinyin-context', key);
  if (payload) {
    try {
      const ids = new Uint16Array(unpackSections(payload).sections[0]!);
      const out: number[][] = [];
      let at = 0;
      for (const word of words) {
        out.push(Array.from(ids.subarray(at, at + word.length)));
        at += word.length;
      }
      if (at === ids.length) return out;
    } catch {
      // An entry this code cannot read (its hash was intact): read the words again below.
    }
  }
  const out = readWithPinyinPro(words, index);
  cache.write('pinyin-context', key, packSections(null, [Uint16Array.from(out.flat())]));
  return out;
}

function readWithPinyinPro(words: readonly string[], index: PinyinIndex): number[][] {
  const { pinyin } = loadPinyinPro();
  const out: number[][] = [];
  const CHUNK = 2_000;
  for (let w0 = 0; w0 < words.length; w0 += CHUNK) {
    const chunk = words.slice(w0, w0 + CHUNK);
    const joined = chunk.join('\n');
    // type 'array' gives one entry per code point; our words are BMP-only, so per code unit.
    const read = pinyin(joined, { toneType: 'none', type: 'array' });
    if (read.length !== joined.length) throw new Error('readInContext: words must be BMP characters only');
    let at = 0;
    for (const word of chunk) {
      const ids: number[] = [];
      for (let j = 0; j < word.length; j++) {
        const r = read[at + j] ?? '';
        const id = SYLLABLE.test(r) ? index.idOf(foldSyllable(r)) : 0;
        // A contextual reading the per-character table lacks (none seen so far): fall back to
        // the character's first reading rather than to nothing.
        ids.push(id !== 0 ? id : (index.readings(word.charCodeAt(j))[0] ?? 0));
      }
      out.push(ids);
      at += word.length + 1;
    }
  }
  return out;
}

/** Initial and final of a folded syllable, in phonological terms (see `nearSyllables`). */
export function splitSyllable(syllable: string): readonly [initial: string, final: string] {
  if (!/[aeiouü]/.test(syllable)) return ['', syllable];
  const head = syllable[0]!;
  let initial = '';
  let final = syllable;
  if ('bpmfdtlgkhjqxzcsr'.includes(head)) {
    initial = head;
    final = syllable.slice(1);
  } else if (head === 'y') {
    // y and w are spelling: ya = ia, yu = ü, wo = uo, wu = u.
    final = syllable.slice(1);
    if (final.startsWith('u')) final = `ü${final.slice(1)}`;
    else if (!final.startsWith('i')) final = `i${final}`;
  } else if (head === 'w') {
    final = syllable.slice(1);
    if (!final.startsWith('u')) final = `u${final}`;
  }
  const palatal = initial === 'j' || initial === 'q' || initial === 'x';
  // Spelling abbreviations: ui = uei, iu = iou, un = uen (ün after j, q, x); ju = jü.
  if (final === 'ui') final = 'uei';
  else if (final === 'iu') final = 'iou';
  if (palatal && final.startsWith('u')) final = `ü${final.slice(1)}`;
  else if (final === 'un') final = 'uen';
  // zi, ci, si, ri (and zhi, chi, shi, folded onto them) have an apical vowel, not the i of ji.
  if (final === 'i' && (initial === 'z' || initial === 'c' || initial === 's' || initial === 'r'))
    final = 'ɿ';
  return [initial, final];
}

/** Initials one articulatory feature apart (aspiration, or place within a series). */
const INITIAL_CLASS: Readonly<Record<string, string>> = {
  b: 'b',
  p: 'b',
  d: 'd',
  t: 'd',
  g: 'g',
  k: 'g',
  j: 'j',
  q: 'j',
  x: 'j',
  z: 'z',
  c: 'z',
  s: 'z',
  f: 'f',
  h: 'f',
};

/** A final without its medial glide: ian, uan, üan → an; iao → ao; uo → o; ie, üe → e. */
function finalCore(final: string): string {
  return final.length > 1 && /^[iuü]/.test(final) ? final.slice(1) : final;
}

function nearParts(a: readonly [string, string], b: readonly [string, string]): boolean {
  if (a[0] === b[0]) return finalCore(a[1]) === finalCore(b[1]);
  if (a[1] !== b[1]) return false;
  const ca = INITIAL_CLASS[a[0]];
  return ca !== undefined && ca === INITIAL_CLASS[b[0]];
}

/**
 * True when two different folded syllables are one phonetic feature apart, the kind of
 * difference a recogniser makes: the same initial and the same final but for a medial glide
 * (边/班 bian/ban, 学/谢 xüe/xie), or the same final and initials that differ in aspiration or
 * within one series (刺/四 ci/si, 怕/爸 pa/ba, 湖/服 hu/fu, 气/细 qi/xi). 的/是 (de, si) and
 * 边/先 (bian, xian) are not near.
 */
export function nearSyllables(a: string, b: string): boolean {
  return a !== b && nearParts(splitSyllable(a), splitSyllable(b));
}

let canonicalTable: Uint16Array | undefined;

/**
 * Each Chinese character replaced by one representative of its folded, toneless reading (贵 桂 跪
 * → one character), so that text a recogniser wrote with homophones reads like the intended words.
 * Polyphones take their common reading; characters without a reading stay as they are.
 */
export function soundCanonical(text: string, index: PinyinIndex = getPinyinIndex()): string {
  if (!canonicalTable) {
    const table = new Uint16Array(0x10000);
    const rep = new Map<number, number>();
    for (let code = HAN_FIRST; code <= HAN_LAST; code++) {
      const id = index.readings(code)[0] ?? 0;
      if (id <= 0) continue;
      const first = rep.get(id);
      if (first === undefined) rep.set(id, code);
      table[code] = first ?? code;
    }
    canonicalTable = table;
  }
  const table = canonicalTable;
  // Units written into a reused buffer and made into one flat string: appending unit by unit
  // built a chain of string pieces that every later scan of the reading had to copy flat first.
  if (canonicalBuffer.length < text.length) canonicalBuffer = new Uint16Array(text.length * 2);
  const buf = canonicalBuffer;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    buf[i] = table[c] || c;
  }
  return stringOfUnits(buf, text.length);
}

let canonicalBuffer = new Uint16Array(256);
