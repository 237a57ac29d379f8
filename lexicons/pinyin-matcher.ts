import { getPinyinIndex, HAN_FIRST, HAN_LAST, type PinyinIndex, readInContext } from './pinyin-index.js';

/**
 * ASR-robust matching of lexicon terms through their pronunciation. Recognisers write product
 * words as homophones (过氧化氢 → 过氧化青, 伺服 → 四服, 雇主责任险 → 顾主责任险); the exact
 * matcher (term-matcher.ts) misses those. This one compares the folded, toneless syllables
 * (pinyin-index.ts) of a window of text with those of a term.
 *
 * A window of n consecutive characters matches a term of n characters when
 * - each character is the term's own, a homophone of it (tones and the folds of pinyin-index.ts
 *   ignored: 青/氢, 四/伺, 在/债), or one phonetic feature away from it (`nearSyllables`:
 *   刺/四, 湖/服, 班/边); the last kind are edits, at most the term's limit (`defaultMaxEdits`:
 *   none for 3 characters, 1 for 4 and 5, 2 from 6 on);
 * - at least one character is the term's own (no pure-pinyin coincidence: 锅养花 is not 过氧化);
 * - it is not an exact occurrence of the term, and does not overlap an exact occurrence at least
 *   as long as itself (of any indexed term, or a span passed in).
 *
 * A syllable neither equal nor near (的 for 是) rejects the window whatever the limit: that is
 * another word, not a recognition error. Windows with a dropped character are not matched.
 * Both choices, and the false positives they avoid, are in docs/decisions.md.
 *
 * Terms are read in context (银行 → hang, 重复 → chong); characters of the text with any of
 * their readings (ASR chose the character for one of them: 长 matches zhang and chang).
 *
 * Index: near or equal syllables always share a sound class (`PinyinIndex.soundClass`), so a
 * matching window has exactly the term's class sequence. Terms are keyed by the classes of their
 * first three characters; a text position costs one Bloom-filter test of its three classes, and
 * the hash table and the terms' records are read only when it passes.
 */

/** A surface to match, with the caller's id (returned as is). */
export interface PinyinTerm {
  readonly surface: string;
  readonly id: number;
  /**
   * Edits allowed for this term (default `defaultMaxEdits`, at most `maxEditsCap` of its length).
   * 0 accepts homophones only, a choice for markers made of very common characters.
   */
  readonly maxEdits?: number;
}

export interface PinyinHit {
  /** The term's id, as given to `buildPinyinMatcher`. */
  readonly id: number;
  /** [start, end) in code units of the searched text (code points for normalised text). */
  readonly start: number;
  readonly end: number;
  /**
   * Number of near (not homophone) syllables. 0 for a homophone (顾主责任险 for 雇主责任险),
   * which is still not an exact match: exact matches are never returned.
   */
  readonly distance: number;
  /** The window as ASR wrote it. */
  readonly surfaceHeard: string;
}

export interface PinyinMatcher {
  /** Number of terms indexed (all-Chinese surfaces of at least MIN_PINYIN_CHARS characters). */
  readonly size: number;
  /**
   * Near-homophones of terms in `text`, non-overlapping and ordered by start. Of overlapping
   * candidates the longest term wins, then the smaller distance, the leftmost window, the smaller
   * id. `exactSpans` are [start, end) spans the exact matcher found: a window overlapping one
   * that is at least as long is not returned.
   */
  find(text: string, exactSpans?: readonly (readonly [number, number])[]): PinyinHit[];
}

/** Shortest surface, in characters, matched through pinyin. */
export const MIN_PINYIN_CHARS = 3;
/** Longest surface indexed (the schema's MAX_TERM_CHARS). */
const MAX_CHARS = 24;

/** Most edits a term of `n` characters may allow: 1 up to 5 characters, 2 from 6 on. */
export function maxEditsCap(n: number): number {
  return n >= 6 ? 2 : 1;
}

/**
 * Edits allowed by default: the cap, except 0 for 3 characters. One edit in three characters
 * matched ordinary words all through generated and training calls (我们之 → 我们是, 工业漆 →
 * 工业级, 实时库 → 知识库), and no true mis-hearing needed it (docs/decisions.md).
 */
export function defaultMaxEdits(n: number): number {
  return n <= 3 ? 0 : maxEditsCap(n);
}

/** Most readings of one character kept, plus one slot for their count (pinyin-pro has ≤ 5). */
const MAX_READINGS = 6;

const HOMOPHONE = 1;
const NEAR = 2;
const FAR = 3;

const SYLLABLE_BITS = 9;
const SYLLABLE_MASK = (1 << SYLLABLE_BITS) - 1;
const NO_SPANS: readonly (readonly [number, number])[] = [];

/**
 * What a scan reads of each character of the reading table, worked out once per table and shared
 * by every matcher built on it: the sole reading (0 none, -1 several), its class (0 none, -1
 * several), and for a polyphone the count then the distinct classes of its readings (common
 * reading first, at most MAX_READINGS - 1).
 */
interface CharTable {
  readonly sole: Int16Array;
  readonly klass: Int16Array;
  readonly polyClasses: Uint8Array;
}

const charTables = new WeakMap<PinyinIndex, CharTable>();

function charTableOf(index: PinyinIndex): CharTable {
  let table = charTables.get(index);
  if (table) return table;
  const size = HAN_LAST - HAN_FIRST + 1;
  const sole = new Int16Array(size);
  const klass = new Int16Array(size);
  const polyClasses = new Uint8Array(size * MAX_READINGS);
  for (let k = 0; k < size; k++) {
    const code = HAN_FIRST + k;
    const r = index.sole(code);
    sole[k] = r;
    klass[k] = r > 0 ? index.soundClass(r) : r;
    if (r >= 0) continue;
    const rs = index.readings(code);
    const at = k * MAX_READINGS;
    let m = 0;
    for (let q = 0; q < rs.length && m < MAX_READINGS - 1; q++) {
      const c = index.soundClass(rs[q]!);
      let seen = false;
      for (let u = 1; u <= m; u++) if (polyClasses[at + u] === c) seen = true;
      if (!seen) polyClasses[at + 1 + m++] = c;
    }
    polyClasses[at] = m;
  }
  table = { sole, klass, polyClasses };
  charTables.set(index, table);
  return table;
}

/** Key of three sound classes (each < 256). */
const classKey = (a: number, b: number, c: number) => (a << 16) | (b << 8) | c;

interface Candidate {
  t: number;
  start: number;
  end: number;
  distance: number;
}

/**
 * The matcher's term table: terms grouped by the sound classes of their first three characters,
 * in one open-addressing hash of the distinct keys with a one-hash Bloom filter in front, and one
 * flat record list (a key's terms stored right after each other, so checking them reads memory in
 * order).
 */
interface TermTable {
  readonly count: number;
  /** Term id by term number. */
  readonly ids: Float64Array;
  /** 4 ints a slot: key, first record, end of records, unused; -1 when empty. */
  readonly slots: Int32Array;
  readonly bloom: Int32Array;
  /** Bit a * 256 + b set when some term's first two classes are a, b: tested before the key. */
  readonly pairs: Int32Array;
  /** Per term: a header (term, length, limit), then per character its code and folded syllable. */
  readonly records: Int32Array;
  readonly mask: number;
  readonly shift: number;
  readonly bloomShift: number;
}

function buildTermTable(
  kept: readonly PinyinTerm[],
  readings: readonly (readonly number[])[],
  index: PinyinIndex,
): TermTable {
  const count = kept.length;
  const ids = new Float64Array(count);
  const limits = new Uint8Array(count);
  const buckets = new Map<number, number[]>();
  const pairs = new Int32Array((256 * 256) >>> 5);
  for (let t = 0; t < count; t++) {
    const { surface, id, maxEdits } = kept[t]!;
    const read = readings[t]!;
    const n = surface.length;
    ids[t] = id;
    const [a, b, c] = [0, 1, 2].map((j) => index.soundClass(read[j]!));
    const k = classKey(a!, b!, c!);
    pairs[((a! << 8) | b!) >>> 5]! |= 1 << (b! & 31);
    const list = buckets.get(k);
    if (list) list.push(t);
    else buckets.set(k, [t]);
    // Clamped to the cap: more edits would flood the results with ordinary words.
    limits[t] = Math.max(0, Math.min(maxEditsCap(n), Math.floor(maxEdits ?? defaultMaxEdits(n))));
  }

  // Open addressing over the distinct keys. A key's terms are stored right after each other, one
  // record per term: a header (term, length, limit), then per character its code and folded
  // syllable. Checking the terms of a key reads memory in order.
  let bits = 4;
  while (1 << bits < buckets.size * 2) bits++;
  const mask = (1 << bits) - 1;
  const shift = 32 - bits;
  // One slot = key, first record, end of records, unused.
  const slots = new Int32Array(4 << bits).fill(-1);
  // A one-hash Bloom filter over the keys, ≥ 16 bits a key (~6 % false positives) and a few KB,
  // so it stays in cache: most positions of a text start no term's key and stop here.
  const bloomBits = bits + 3;
  const bloom = new Int32Array(1 << (bloomBits - 5));
  const bloomShift = 32 - bloomBits;
  let recordSize = 0;
  for (const list of buckets.values()) for (const t of list) recordSize += 1 + kept[t]!.surface.length;
  const records = new Int32Array(recordSize);
  let filled = 0;
  for (const k of [...buckets.keys()].sort((x, y) => x - y)) {
    let h = Math.imul(k, 0x9e3779b1) >>> shift;
    while (slots[h * 4] !== -1) h = (h + 1) & mask;
    slots[h * 4] = k;
    slots[h * 4 + 1] = filled;
    const g = Math.imul(k, 0x85ebca6b) >>> bloomShift;
    bloom[g >>> 5]! |= 1 << (g & 31);
    for (const t of buckets.get(k)!) {
      const surface = kept[t]!.surface;
      const read = readings[t]!;
      records[filled++] = (t << 7) | (surface.length << 2) | limits[t]!;
      for (let j = 0; j < surface.length; j++)
        records[filled++] = (surface.charCodeAt(j) << SYLLABLE_BITS) | read[j]!;
    }
    slots[h * 4 + 2] = filled;
  }
  buckets.clear();
  return { count, ids, slots, bloom, pairs, records, mask, shift, bloomShift };
}

/**
 * Builds the matcher over every surface of at least MIN_PINYIN_CHARS characters that are all in
 * the reading table (U+4E00 to U+9FFF); other surfaces are left to the exact matcher. Terms are
 * read in one pinyin-pro call.
 */
export function buildPinyinMatcher(
  terms: readonly PinyinTerm[],
  index: PinyinIndex = getPinyinIndex(),
): PinyinMatcher {
  const S = index.syllables.length;
  if (S > 1 << SYLLABLE_BITS)
    throw new Error(`pinyin table has ${S} syllables, keys hold ${1 << SYLLABLE_BITS}`);
  const kept = terms.filter((t) => {
    const s = t.surface;
    if (s.length < MIN_PINYIN_CHARS || s.length > MAX_CHARS) return false;
    for (let j = 0; j < s.length; j++) if (index.readings(s.charCodeAt(j)).length === 0) return false;
    return true;
  });
  const readings = readInContext(
    kept.map((t) => t.surface),
    index,
  );
  const { count, ids, slots, bloom, pairs, records, mask, shift, bloomShift } = buildTermTable(
    kept,
    readings,
    index,
  );

  const { sole: soleOf, klass: klassOf, polyClasses } = charTableOf(index);
  // State of one `find` call (find is synchronous, so one set per matcher is enough): the text,
  // the candidates, and the exact occurrences found while checking, as start, end pairs. The text
  // is read where it is, through the shared character table: nothing is copied per position.
  let current = '';
  const found: Candidate[] = [];
  const exact: number[] = [];

  /** Sole reading of a code unit: 0 none, -1 several (as `PinyinIndex.sole`). */
  const soleAt = (code: number): number =>
    code >= HAN_FIRST && code <= HAN_LAST ? soleOf[code - HAN_FIRST]! : 0;
  /** Class of a code unit: 0 none, -1 several (then see `polyClasses`). */
  const classOf = (code: number): number =>
    code >= HAN_FIRST && code <= HAN_LAST ? klassOf[code - HAN_FIRST]! : 0;
  /** Some term's first two classes are a, b. */
  const pairStarts = (a: number, b: number): boolean =>
    (pairs[((a << 8) | b) >>> 5]! & (1 << (b & 31))) !== 0;

  /** Slot of key k (an index into `slots`), or -1. */
  const probe = (k: number): number => {
    const g = Math.imul(k, 0x85ebca6b) >>> bloomShift;
    if ((bloom[g >>> 5]! & (1 << (g & 31))) === 0) return -1;
    let h = Math.imul(k, 0x9e3779b1) >>> shift;
    for (;;) {
      const at = slots[h * 4]!;
      if (at === k) return h * 4;
      if (at === -1) return -1;
      h = (h + 1) & mask;
    }
  };

  /** A polyphone (code unit `code`) against a term's syllable: HOMOPHONE, NEAR or FAR. */
  const comparePolyphone = (code: number, want: number): number => {
    const rs = index.readings(code);
    // The first reading is the common one (的 de, 和 he): ASR writes the character for it.
    // Another reading equal to the term's is an edit (长 for 涨), near to it is too far (的 di
    // for 低 passes, 和 hu for 副 does not).
    if (rs[0] === want) return HOMOPHONE;
    if (rs.includes(want)) return NEAR;
    return index.near(rs[0]!, want) ? NEAR : FAR;
  };

  /** The term whose record starts at records[e] against the window starting at s. */
  const check = (e: number, s: number) => {
    const head = records[e]!;
    const len = (head >> 2) & 31;
    if (s + len > current.length) return;
    const limit = head & 3;
    let edits = 0;
    let same = 0;
    for (let j = 0; j < len; j++) {
      const word = records[e + 1 + j]!;
      const code = current.charCodeAt(s + j);
      if (code === word >>> SYLLABLE_BITS) {
        same++;
        continue;
      }
      const want = word & SYLLABLE_MASK;
      const got = soleAt(code);
      if (got === want) continue;
      const c =
        got > 0 ? (index.near(got, want) ? NEAR : FAR) : got === 0 ? FAR : comparePolyphone(code, want);
      if (c === FAR || (c === NEAR && ++edits > limit)) return;
    }
    if (same === len) exact.push(s, s + len);
    else if (same > 0) record(head >>> 7, s, s + len, edits);
  };

  const record = (t: number, start: number, end: number, distance: number) => {
    // Several readings of a polyphone can lead to the same candidate: keep it once.
    for (const h of found) if (h.t === t && h.start === start) return;
    found.push({ t, start, end, distance });
  };

  /** Terms keyed by classes a b c, checked against the window starting at i. */
  const visit = (i: number, a: number, b: number, c: number) => {
    const slot = probe(classKey(a, b, c));
    if (slot < 0) return;
    for (let e = slots[slot + 1]!, end = slots[slot + 2]!; e < end; e += 1 + ((records[e]! >> 2) & 31))
      check(e, i);
  };

  /**
   * Windows at i when a polyphone is among its first three characters (classes a, b, c, -1 for a
   * polyphone): every class combination, in reading order.
   */
  const visitPolyphone = (i: number, a: number, b: number, c: number) => {
    const pa = a > 0 ? -1 : (current.charCodeAt(i) - HAN_FIRST) * MAX_READINGS;
    const pb = b > 0 ? -1 : (current.charCodeAt(i + 1) - HAN_FIRST) * MAX_READINGS;
    const pc = c > 0 ? -1 : (current.charCodeAt(i + 2) - HAN_FIRST) * MAX_READINGS;
    const na = pa < 0 ? 1 : polyClasses[pa]!;
    const nb = pb < 0 ? 1 : polyClasses[pb]!;
    const nc = pc < 0 ? 1 : polyClasses[pc]!;
    for (let x = 0; x < na; x++) {
      const ca = pa < 0 ? a : polyClasses[pa + 1 + x]!;
      for (let y = 0; y < nb; y++) {
        const cb = pb < 0 ? b : polyClasses[pb + 1 + y]!;
        if (!pairStarts(ca, cb)) continue;
        for (let z = 0; z < nc; z++) visit(i, ca, cb, pc < 0 ? c : polyClasses[pc + 1 + z]!);
      }
    }
  };

  return {
    size: count,
    find(text, exactSpans = NO_SPANS) {
      const n = text.length;
      if (n < MIN_PINYIN_CHARS || count === 0) return [];
      current = text;
      found.length = 0;
      exact.length = 0;
      // One pass, the classes of the window's three characters carried along.
      let a = classOf(text.charCodeAt(0));
      let b = classOf(text.charCodeAt(1));
      for (let i = 0; i + 2 < n; i++) {
        const c = classOf(text.charCodeAt(i + 2));
        if (a > 0 && b > 0 && c > 0) {
          if (pairStarts(a, b)) visit(i, a, b, c);
        } else if (a !== 0 && b !== 0 && c !== 0) visitPolyphone(i, a, b, c);
        a = b;
        b = c;
      }
      current = '';
      return found.length === 0 ? [] : chooseCandidates(found, exact, exactSpans, ids, text);
    },
  };
}

/**
 * The hits of one text from its candidates: none overlapping an exact occurrence at least as long
 * (found while checking, or given by the exact matcher), then the longest, closest, earliest, by
 * term id, without overlaps between them, in text order.
 */
function chooseCandidates(
  found: readonly Candidate[],
  exact: readonly number[],
  exactSpans: readonly (readonly [number, number])[],
  ids: Float64Array,
  text: string,
): PinyinHit[] {
  const overlapsExact = (h: Candidate): boolean => {
    for (let k = 0; k < exact.length; k += 2) {
      const a = exact[k]!;
      const b = exact[k + 1]!;
      if (a < h.end && h.start < b && b - a >= h.end - h.start) return true;
    }
    return false;
  };
  const byPreference = (x: Candidate, y: Candidate) =>
    y.end - y.start - (x.end - x.start) ||
    x.distance - y.distance ||
    x.start - y.start ||
    ids[x.t]! - ids[y.t]!;
  const open = found.filter(
    (h) =>
      !overlapsExact(h) && !exactSpans.some(([a, b]) => a < h.end && h.start < b && b - a >= h.end - h.start),
  );
  open.sort(byPreference);
  const chosen: Candidate[] = [];
  for (const h of open) {
    if (chosen.every((c) => c.end <= h.start || h.end <= c.start)) chosen.push(h);
  }
  chosen.sort((x, y) => x.start - y.start);
  return chosen.map((h) => ({
    id: ids[h.t]!,
    start: h.start,
    end: h.end,
    distance: h.distance,
    surfaceHeard: text.slice(h.start, h.end),
  }));
}
