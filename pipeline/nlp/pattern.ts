import { FILLER_MARK } from './clauses.js';

/**
 * Small composable patterns over an utterance's text with fillers and spaces removed. A pattern
 * is a sequence of parts (alternatives of words), with a bounded number of characters allowed
 * between the parts that never crosses a clause boundary. Spans are mapped back to code points of
 * the original utterance, so evidence still points at what was said.
 */

/** The view with fillers and whitespace removed, and where each character came from. */
export interface FlatText {
  readonly text: string;
  /** Index in the original (normalised) text of each character of `text`. */
  readonly map: readonly number[];
}

/** Characters dropped from the view: FILLER_MARK, space, tab, newline, ideographic space. */
const FILLER_CODE = FILLER_MARK.charCodeAt(0);
const isDropped = (c: number) => c === FILLER_CODE || c === 0x20 || c === 0x09 || c === 0x0a || c === 0x3000;

/**
 * Identity positions shared by every text that has nothing to drop (most of them). A longer one
 * replaces it when needed; an older one stays right for the texts that hold it.
 */
let identity: number[] = [];

/**
 * The view without fillers and whitespace. Detectors read it through `flatOf` (prepare.ts), which
 * keeps it on the prepared utterance: computed once per utterance, gone with the call.
 */
export function flatten(view: string): FlatText {
  let drop = false;
  for (let i = 0; i < view.length && !drop; i++) drop = isDropped(view.charCodeAt(i));
  if (!drop) {
    if (identity.length < view.length) identity = Array.from({ length: view.length * 2 }, (_, i) => i);
    return { text: view, map: identity };
  }
  // Runs of kept characters are copied whole (one slice per run, not one string per character).
  let text = '';
  const map: number[] = [];
  for (let i = 0; i < view.length; ) {
    if (isDropped(view.charCodeAt(i))) {
      i++;
      continue;
    }
    const from = i;
    while (i < view.length && !isDropped(view.charCodeAt(i))) map.push(i++);
    text += view.slice(from, i);
  }
  return { text, map };
}

/** Characters that end a clause: a gap between the parts of a pattern never crosses them. */
const CLAUSE_END = '，。！？,.!?；;：:';

/** Up to `n` characters of one clause. */
export const gap = (n: number): string => `[^${CLAUSE_END}]{0,${n}}`;

const escapeWord = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One part: alternatives of words (or raw regular-expression source when given as a string). */
export type Part = readonly string[] | string;

const partSource = (p: Part): string => (typeof p === 'string' ? p : `(?:${p.map(escapeWord).join('|')})`);

/** The source of a sequence of parts with at most `maxGap` characters between two parts. */
export function seq(parts: readonly Part[], maxGap = 4): string {
  return parts.map(partSource).join(gap(maxGap));
}

/** A rule written as data: the pattern and the guards that decide whether a match counts. */
export interface PatternRule<K extends string = string> {
  /** Rule id shown as evidence (e.g. `objection.price.degree`). */
  readonly id: string;
  readonly kind: K;
  readonly re: RegExp;
  /** Skip when a negation stands right before the match (不贵, 没有超预算). Default true. */
  readonly negatable?: boolean;
  /** Skip inside a conditional clause (如果…的话, 要是…). Default true. */
  readonly conditional?: boolean;
  /** Skip when the match repeats the other speaker's previous words (an echo). Default true. */
  readonly echo?: boolean;
  /** Regular expression that must NOT match right after the match (e.g. 也能接受). */
  readonly notAfter?: RegExp;
  /** Regular expression that must NOT match right before the match. */
  readonly notBefore?: RegExp;
  /** Regular expression the whole utterance (flat text) must match. */
  readonly requires?: RegExp;
}

export interface PatternHit<K extends string = string> {
  readonly rule: PatternRule<K>;
  /** [start, end) in code points of the original utterance. */
  readonly span: [number, number];
  readonly text: string;
}

const NEGATION = /(不|没|没有|别|并不|也不|不太|不算|并没有)$/;
/** Characters of a spoken or written number (a regular expression class body, without 万). */
export const NUMERAL_CHARS = '0-9一二三四五六七八九十两百千几';
// 主要是 / 需要是 / 只要是 / 也要是 are no 要是 (if); 一万一千 / 三万一 are figures, not 万一.
const CONDITIONAL_OPEN = new RegExp(
  `(如果|(?<![主需只重还也])要是|假如|假设|若是|倘若|(?<![${NUMERAL_CHARS}])万一|万一(?![${NUMERAL_CHARS}万，。！？,.!?]))[^，。！？,.!?]*$`,
);

/** True when the text just before `at` opens a conditional clause (如果…, 要是…) not yet closed. */
export function inConditional(text: string, at: number): boolean {
  return CONDITIONAL_OPEN.test(text.slice(Math.max(0, at - 16), at));
}

/** Compiles a sequence into a global rule (the helper that data files use). */
export function rule<K extends string>(
  id: string,
  kind: K,
  source: string,
  options: Omit<PatternRule<K>, 'id' | 'kind' | 're'> = {},
): PatternRule<K> {
  return { id, kind, re: new RegExp(source, 'gu'), ...options };
}

/**
 * Every rule's matches in a flat text that pass the rule's guards. `echoOf`: the other speaker's
 * previous utterance (flat text), for the echo guard; or a function giving it, asked at most once
 * and only when a match is checked against it.
 */
export function matchRules<K extends string>(
  flat: FlatText,
  rules: readonly PatternRule<K>[],
  echoOf: string | (() => string) = '',
): PatternHit<K>[] {
  const out: PatternHit<K>[] = [];
  const { text } = flat;
  const index = ruleIndexOf(rules);
  const present = presentSets(index, text);
  for (let ri = 0; ri < rules.length; ri++) {
    const r = rules[ri]!;
    if (!mayMatch(index, ri, present)) continue;
    r.re.lastIndex = 0;
    for (let m = r.re.exec(text); m !== null; m = r.re.exec(text)) {
      const at = m.index;
      const end = at + m[0].length;
      if (m[0].length === 0) {
        r.re.lastIndex++;
        continue;
      }
      const before = text.slice(Math.max(0, at - 3), at);
      if ((r.negatable ?? true) && NEGATION.test(before)) continue;
      if (r.notBefore?.test(text.slice(Math.max(0, at - 6), at))) continue;
      if (r.notAfter?.test(text.slice(end, end + 8))) continue;
      if ((r.conditional ?? true) && inConditional(text, at)) continue;
      if (r.requires && !r.requires.test(text)) continue;
      if ((r.echo ?? true) && m[0].length >= 2) {
        if (typeof echoOf !== 'string') echoOf = echoOf();
        if (echoOf.includes(m[0])) continue;
      }
      out.push({
        rule: r,
        span: [flat.map[at]!, (flat.map[end - 1] ?? flat.map[at]!) + 1],
        text: m[0],
      });
      break; // one hit per rule is enough evidence
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Prefilter: characters one of which every match of a rule must contain. Most rules cannot match
// most utterances; checking a few characters against the text is far cheaper than running the
// expression. Derived conservatively from the expression's source: where the source is not
// understood, there is no prefilter and the expression always runs, so results never change.

/** Code units, one of which occurs in every match; null when unknown. */
type Required = readonly number[] | null;

const requiredByRegExp = new WeakMap<RegExp, Required>();

/** The required characters of a rule's expression (computed once per expression). */
export function requiredCharsOf(re: RegExp): Required {
  let req = requiredByRegExp.get(re);
  if (req === undefined) {
    req = re.flags.includes('i') ? null : requiredChars(re.source);
    requiredByRegExp.set(re, req);
  }
  return req;
}

/** Required characters of a regular-expression source (u-mode syntax); null when unknown. */
export function requiredChars(source: string): Required {
  try {
    const p = { s: source, i: 0 };
    const set = alternation(p);
    if (p.i !== source.length || set === null || set.size === 0) return null;
    return [...set].sort((a, b) => a - b);
  } catch {
    return null;
  }
}

/**
 * Per top-level alternative, the required sets of every mandatory item in it (not only the first):
 * a match of the alternative holds a character of each set. Null when some alternative has none
 * or the source is not understood. A second, stricter prefilter: 价格…太高 needs 价 and 太.
 */
type RequiredAll = readonly (readonly (readonly number[])[])[] | null;

const requiredAllByRegExp = new WeakMap<RegExp, RequiredAll>();

/** The per-alternative required sets of a rule's expression (computed once per expression). */
export function requiredSetsOf(re: RegExp): RequiredAll {
  let req = requiredAllByRegExp.get(re);
  if (req === undefined) {
    req = re.flags.includes('i') ? null : requiredSets(re.source);
    requiredAllByRegExp.set(re, req);
  }
  return req;
}

/** Per top-level alternative, the required set of each mandatory item; null when unknown. */
export function requiredSets(source: string): RequiredAll {
  try {
    const p = { s: source, i: 0 };
    const alternatives: number[][][] = [];
    for (;;) {
      const sets: number[][] = [];
      while (p.i < source.length && source[p.i] !== '|' && source[p.i] !== ')') {
        const { set, zeroWidth } = item(p);
        const optional = quantifier(p);
        if (!zeroWidth && !optional && set !== null && set.size > 0) sets.push([...set]);
      }
      if (sets.length === 0) return null;
      alternatives.push(sets);
      if (p.i < source.length && source[p.i] === '|') {
        p.i++;
        continue;
      }
      return p.i === source.length ? alternatives : null;
    }
  } catch {
    return null;
  }
}

interface Cursor {
  readonly s: string;
  i: number;
}

/** Alternatives up to `)` or the end: the union of their required sets (null if any is null). */
function alternation(p: Cursor): Set<number> | null {
  const union = new Set<number>();
  let unknown = false;
  for (;;) {
    const seqSet = sequence(p);
    if (seqSet === null) unknown = true;
    else for (const c of seqSet) union.add(c);
    if (p.i < p.s.length && p.s[p.i] === '|') {
      p.i++;
      continue;
    }
    return unknown ? null : union;
  }
}

/** One alternative: the set of its first mandatory item that has one. */
function sequence(p: Cursor): Set<number> | null {
  let found: Set<number> | null = null;
  while (p.i < p.s.length && p.s[p.i] !== '|' && p.s[p.i] !== ')') {
    const { set, zeroWidth } = item(p);
    const optional = quantifier(p);
    if (found === null && !zeroWidth && !optional && set !== null) found = set;
  }
  return found;
}

/** One item (literal, escape, class, group, assertion); its required set, null when unknown. */
function item(p: Cursor): { set: Set<number> | null; zeroWidth: boolean } {
  const s = p.s;
  const ch = s[p.i]!;
  if (ch === '(') {
    const zeroWidth = groupOpening(p);
    const set = alternation(p);
    if (s[p.i] !== ')') throw new Error('unclosed group');
    p.i++;
    return { set: zeroWidth ? null : set, zeroWidth };
  }
  if (ch === '[') {
    p.i++;
    if (s[p.i] === '^') p.i++;
    if (s[p.i] === ']') p.i++;
    while (p.i < s.length && s[p.i] !== ']') p.i += s[p.i] === '\\' ? 2 : 1;
    if (s[p.i] !== ']') throw new Error('unclosed class');
    p.i++;
    return { set: null, zeroWidth: false };
  }
  if (ch === '\\') {
    const next = s[p.i + 1];
    if (next === undefined) throw new Error('trailing backslash');
    if (next === 'p' || next === 'P') {
      const close = s.indexOf('}', p.i);
      if (close < 0) throw new Error('bad property');
      p.i = close + 1;
      return { set: null, zeroWidth: false };
    }
    if (next === 'b' || next === 'B') {
      p.i += 2;
      return { set: null, zeroWidth: true };
    }
    if (/[.*+?^${}()|[\]\\/-]/.test(next)) {
      p.i += 2;
      return { set: new Set([next.charCodeAt(0)]), zeroWidth: false };
    }
    // \d, \s, \w, \uXXXX, back references …: no set (the item still consumes text).
    if (next === 'u' && s[p.i + 2] === '{') {
      const close = s.indexOf('}', p.i);
      if (close < 0) throw new Error('bad escape');
      p.i = close + 1;
    } else if (next === 'u') p.i += 6;
    else if (next === 'x') p.i += 4;
    else if (next === 'c') p.i += 3;
    else if (/[1-9]/.test(next)) throw new Error('back reference');
    else if (next === 'k') throw new Error('named back reference');
    else p.i += 2;
    return { set: null, zeroWidth: false };
  }
  if (ch === '^' || ch === '$') {
    p.i++;
    return { set: null, zeroWidth: true };
  }
  if (ch === '.') {
    p.i++;
    return { set: null, zeroWidth: false };
  }
  if ('*+?{}]'.includes(ch)) throw new Error('unexpected quantifier');
  const code = ch.charCodeAt(0);
  p.i++;
  if (code >= 0xd800 && code <= 0xdfff) {
    p.i++; // the other half of an astral character
    return { set: null, zeroWidth: false };
  }
  return { set: new Set([code]), zeroWidth: false };
}

/** Consumes a quantifier after an item; true when it allows zero repetitions. */
function quantifier(p: Cursor): boolean {
  const s = p.s;
  const ch = s[p.i];
  let optional = false;
  if (ch === '?' || ch === '*') {
    optional = true;
    p.i++;
  } else if (ch === '+') p.i++;
  else if (ch === '{') {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(s.slice(p.i));
    if (!m) throw new Error('bad quantifier');
    optional = Number(m[1]) === 0;
    p.i += m[0].length;
  } else return false;
  if (s[p.i] === '?') p.i++; // lazy
  return optional;
}

/**
 * Pairs of adjacent code units, one of which occurs in every match; null when unknown. A pair
 * a, b is the number a × 0x10000 + b. A third prefilter, stricter than single characters for the
 * rules that are lists of words (不靠谱|靠谱吗|…): most texts hold 不 or 靠, few hold 不靠 or 靠谱.
 */
type RequiredPairs = readonly number[] | null;

const requiredPairsByRegExp = new WeakMap<RegExp, RequiredPairs>();

/** The required pairs of a rule's expression (computed once per expression). */
export function requiredPairsOf(re: RegExp): RequiredPairs {
  let req = requiredPairsByRegExp.get(re);
  if (req === undefined) {
    req = re.flags.includes('i') ? null : requiredPairs(re.source);
    requiredPairsByRegExp.set(re, req);
  }
  return req;
}

/** Required pairs of a regular-expression source (u-mode syntax); null when unknown. */
export function requiredPairs(source: string): RequiredPairs {
  try {
    const p = { s: source, i: 0 };
    const set = pairAlternation(p);
    if (p.i !== source.length || set === null || set.size === 0) return null;
    return [...set].sort((a, b) => a - b);
  } catch {
    return null;
  }
}

/** Alternatives up to `)` or the end: the union of their required pairs (null if any is null). */
function pairAlternation(p: Cursor): Set<number> | null {
  const union = new Set<number>();
  let unknown = false;
  for (;;) {
    const pairs = pairSequence(p);
    if (pairs === null) unknown = true;
    else for (const c of pairs) union.add(c);
    if (p.i < p.s.length && p.s[p.i] === '|') {
      p.i++;
      continue;
    }
    return unknown ? null : union;
  }
}

/**
 * One alternative: the pairs of its first mandatory group that has some, or the pair of its first
 * two adjacent literal characters, neither quantified (太贵, not 太?贵 nor 太贵? nor 太(?=…)贵).
 */
function pairSequence(p: Cursor): Set<number> | null {
  const s = p.s;
  let found: Set<number> | null = null;
  let previous = -1;
  while (p.i < s.length && s[p.i] !== '|' && s[p.i] !== ')') {
    if (s[p.i] === '(') {
      const zeroWidth = groupOpening(p);
      const inner = pairAlternation(p);
      if (s[p.i] !== ')') throw new Error('unclosed group');
      p.i++;
      const optional = quantifier(p);
      if (found === null && !zeroWidth && !optional && inner !== null) found = inner;
      previous = -1;
      continue;
    }
    const { set, zeroWidth } = item(p);
    const at = p.i;
    quantifier(p);
    const literal =
      !zeroWidth && p.i === at && set !== null && set.size === 1 ? (set.values().next().value as number) : -1;
    if (found === null && previous >= 0 && literal >= 0) found = new Set([previous * 0x10000 + literal]);
    previous = literal;
  }
  return found;
}

/** Consumes `(` and a group's kind (`?:`, `?=`, `?<name>` …); true for a lookaround. */
function groupOpening(p: Cursor): boolean {
  const s = p.s;
  p.i++;
  if (s[p.i] !== '?') return false;
  const kind = s.slice(p.i, p.i + 3);
  if (kind.startsWith('?:')) p.i += 2;
  else if (kind.startsWith('?=') || kind.startsWith('?!')) {
    p.i += 2;
    return true;
  } else if (kind === '?<=' || kind === '?<!') {
    p.i += 3;
    return true;
  } else if (kind.startsWith('?<')) {
    const close = s.indexOf('>', p.i);
    if (close < 0) throw new Error('bad group');
    p.i = close + 1;
  } else throw new Error('unknown group');
  return false;
}

/**
 * The prefilters of one list of rules, computed once per list (the lists are module constants),
 * as bit masks over the distinct required sets of the list (a rule's required characters and
 * each alternative's required sets): a text sets the bits of the sets it holds a character of,
 * one table row per character, and a rule is tried when its bits are set. The same test as
 * looking each set's characters up in the text, without a lookup per character of each set.
 * A rule's required pairs are one more set, whose bit a text sets where it holds one of them.
 */
interface RuleIndex {
  /** Words of a mask: one bit per distinct required set. */
  readonly words: number;
  /**
   * The units that are in a set or start a pair, hashed (open addressing, linear probing; -1 an
   * empty slot): a few kilobytes that stay in cache, where a table of every unit would not.
   * `shift` makes the slot of unit u: (u × 0x9e3779b1) >>> shift.
   */
  readonly keys: Int32Array;
  readonly shift: number;
  /**
   * Per slot, at 2k the offset in `data` of the mask of the sets holding its unit, at 2k + 1 the
   * offset of the pairs starting with it (0: none).
   */
  readonly unitAt: Int32Array;
  /**
   * Masks, sparse: a count m, then m × (word, bits). Pair lists: a count n, then n × (second
   * unit, offset of the mask of the pair sets holding the pair). Offset 0 is no entry.
   */
  readonly data: Int32Array;
  /** Per rule, the bit of its required characters, or -1 when it has none (always tried). */
  readonly charsBit: Int32Array;
  /** Per rule, the bit of its required pairs, or -1 when it has none. */
  readonly pairsBit: Int32Array;
  /**
   * Per rule, its alternatives' masks as (word, bits) pairs, each alternative ended by -1, in
   * `alternatives` from `alternativesAt[i]` (-1: the rule has no required sets).
   */
  readonly alternatives: Int32Array;
  readonly alternativesAt: Int32Array;
  /** Scratch mask of the current text. */
  readonly present: Int32Array;
}

const ruleIndexes = new WeakMap<readonly PatternRule[], RuleIndex>();
/** The last lists asked for, most recent first: a detector asks for the same few lists in turn. */
const recent: { rules: readonly PatternRule[]; index: RuleIndex }[] = [];

function ruleIndexOf(rules: readonly PatternRule[]): RuleIndex {
  for (let i = 0; i < recent.length; i++) if (recent[i]!.rules === rules) return recent[i]!.index;
  let index = ruleIndexes.get(rules);
  if (index === undefined) {
    index = buildRuleIndex(rules);
    ruleIndexes.set(rules, index);
  }
  recent.unshift({ rules, index });
  if (recent.length > 6) recent.pop();
  return index;
}

function buildRuleIndex(rules: readonly PatternRule[]): RuleIndex {
  const bitOf = new Map<string, number>();
  // Sets of units, and sets of pairs (keyed apart: a pair is a number too).
  const members: { set: readonly number[]; pairs: boolean }[] = [];
  const bitIn = (set: readonly number[], pairs: boolean): number => {
    const key = `${pairs ? 'p' : 'u'}${[...set].sort((a, b) => a - b).join(',')}`;
    let b = bitOf.get(key);
    if (b === undefined) {
      b = members.length;
      bitOf.set(key, b);
      members.push({ set, pairs });
    }
    return b;
  };
  const bit = (set: readonly number[]) => bitIn(set, false);
  const charsBit = new Int32Array(rules.length).fill(-1);
  const pairsBit = new Int32Array(rules.length).fill(-1);
  const altBits: (number[][] | null)[] = rules.map((r, i) => {
    const req = requiredCharsOf(r.re);
    if (req !== null) charsBit[i] = bit(req);
    const pairs = requiredPairsOf(r.re);
    if (pairs !== null) pairsBit[i] = bitIn(pairs, true);
    return requiredSetsOf(r.re)?.map((sets) => sets.map(bit)) ?? null;
  });
  const words = Math.max(1, Math.ceil(members.length / 32));
  const bitsByUnit = new Map<number, number[]>();
  const bitsByPair = new Map<number, number[]>();
  members.forEach(({ set, pairs }, b) => {
    const by = pairs ? bitsByPair : bitsByUnit;
    for (const code of set) {
      const list = by.get(code);
      if (list) list.push(b);
      else by.set(code, [b]);
    }
  });
  const units = new Set<number>(bitsByUnit.keys());
  for (const pair of bitsByPair.keys()) units.add(Math.floor(pair / 0x10000));
  // At most a quarter full: most probes end at the first slot.
  let bitsOfSlot = 6;
  while (1 << bitsOfSlot < 4 * units.size) bitsOfSlot++;
  const keys = new Int32Array(1 << bitsOfSlot).fill(-1);
  const shift = 32 - bitsOfSlot;
  const unitAt = new Int32Array(2 << bitsOfSlot);
  const slotOf = (code: number): number => {
    let h = Math.imul(code, 0x9e3779b1) >>> shift;
    while (keys[h] !== -1 && keys[h] !== code) h = (h + 1) & (keys.length - 1);
    keys[h] = code;
    return h;
  };
  // Offset 0 is no entry: the data start at 1.
  const data: number[] = [0];
  const addMask = (bits: readonly number[]): number => {
    const mask = new Int32Array(words);
    for (const b of bits) mask[b >>> 5]! |= 1 << (b & 31);
    const at = data.length;
    data.push(0);
    mask.forEach((m, w) => {
      if (m === 0) return;
      data.push(w, m);
      data[at]!++;
    });
    return at;
  };
  for (const [code, bits] of bitsByUnit) unitAt[2 * slotOf(code)] = addMask(bits);
  const byFirst = new Map<number, [number, number][]>();
  for (const [pair, bits] of bitsByPair) {
    const first = Math.floor(pair / 0x10000);
    const list = byFirst.get(first) ?? [];
    list.push([pair % 0x10000, addMask(bits)]);
    byFirst.set(first, list);
  }
  for (const [first, seconds] of byFirst) {
    unitAt[2 * slotOf(first) + 1] = data.length;
    data.push(seconds.length);
    for (const [second, mask] of seconds) data.push(second, mask);
  }
  const flat: number[] = [];
  const alternativesAt = new Int32Array(rules.length).fill(-1);
  altBits.forEach((alternatives, i) => {
    if (alternatives === null) return;
    alternativesAt[i] = flat.length;
    for (const bits of alternatives) {
      const mask = new Int32Array(words);
      for (const b of bits) mask[b >>> 5]! |= 1 << (b & 31);
      mask.forEach((m, w) => {
        if (m !== 0) flat.push(w, m);
      });
      flat.push(-1);
    }
    flat.push(-2);
  });
  return {
    words,
    keys,
    shift,
    unitAt,
    data: Int32Array.from(data),
    charsBit,
    pairsBit,
    alternatives: Int32Array.from(flat),
    alternativesAt,
    present: new Int32Array(words),
  };
}

/**
 * The mask of the required sets `text` holds a character of, and of the pair sets it holds a pair
 * of (the index's scratch array).
 */
function presentSets(index: RuleIndex, text: string): Int32Array {
  const { present, keys, shift, unitAt, data } = index;
  present.fill(0);
  const n = text.length;
  const slots = keys.length - 1;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    let h = Math.imul(c, 0x9e3779b1) >>> shift;
    let key = keys[h]!;
    while (key !== c && key !== -1) {
      h = (h + 1) & slots;
      key = keys[h]!;
    }
    if (key === -1) continue;
    const mask = unitAt[2 * h]!;
    if (mask !== 0) {
      for (let j = mask + 1, end = mask + 1 + 2 * data[mask]!; j < end; j += 2)
        present[data[j]!]! |= data[j + 1]!;
    }
    const pairs = unitAt[2 * h + 1]!;
    if (pairs === 0 || i + 1 === n) continue;
    const next = text.charCodeAt(i + 1);
    for (let k = pairs + 1, end = pairs + 1 + 2 * data[pairs]!; k < end; k += 2) {
      if (data[k] !== next) continue;
      const pm = data[k + 1]!;
      for (let j = pm + 1, e = pm + 1 + 2 * data[pm]!; j < e; j += 2) present[data[j]!]! |= data[j + 1]!;
      break;
    }
  }
  return present;
}

/**
 * False when the text lacks all of rule i's required characters or pairs, or when no alternative
 * of it has a character of each of its required sets in the text.
 */
function mayMatch(index: RuleIndex, i: number, present: Int32Array): boolean {
  const b = index.charsBit[i]!;
  if (b >= 0 && (present[b >>> 5]! & (1 << (b & 31))) === 0) return false;
  const pb = index.pairsBit[i]!;
  if (pb >= 0 && (present[pb >>> 5]! & (1 << (pb & 31))) === 0) return false;
  let at = index.alternativesAt[i]!;
  if (at < 0) return true;
  const alt = index.alternatives;
  // Alternatives end with -1, the rule's list with -2.
  while (alt[at] !== -2) {
    let all = true;
    for (; alt[at]! >= 0; at += 2)
      if (all && (present[alt[at]!]! & alt[at + 1]!) !== alt[at + 1]!) all = false;
    if (all) return true;
    at++;
  }
  return false;
}
