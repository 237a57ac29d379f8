import { soundCanonical } from '../../lexicons/pinyin-index.js';
import { stringOfUnits } from '../../shared/code-units.js';
import { contextualUnitsTable, halfWidthUnit, normalizeText } from '../nlp/normalize.js';
import type { BaseSegmenter } from '../nlp/segment.js';

/**
 * Features of the learned second stage. One function decides what a feature is, for training and
 * for inference alike: `visitFeatures` hands every feature to a visitor; `featuresOf` collects
 * them as sorted strings `<kind>:<key>` (the names stored in the model file), inference looks
 * them up without building those strings.
 *
 * Punctuation, spaces and fillers are removed before anything else, so an utterance as written
 * and the same utterance from an ASR system without punctuation give the same features.
 *
 * Sound n-grams (`s2`, `s3`) read the cleaned text by its folded toneless reading
 * (`soundCanonical`: tones, zh/z, ch/c, sh/s, n/l and -ng/-n merged, as regional accents and
 * recognisers merge them), so a homophone a recogniser wrote (价格/架格) still meets the weights the
 * intended characters learned. General Mandarin phonology from pinyin-pro's readings; nothing is
 * read from the evaluation's noise table.
 */

/** Speaker roles, as in the transcript. */
export type Role = 'rep' | 'customer';

/** The part of an utterance the features read. */
export interface FeatureUtterance {
  readonly speaker: Role;
  readonly text: string;
}

/** Feature kinds, in the order their names sort. */
export const FEATURE_KINDS = ['c1', 'c2', 'c3', 'd', 'n2', 'nw', 'p2', 'pw', 's2', 's3', 'w'] as const;
export type FeatureKind = (typeof FEATURE_KINDS)[number];

/** What the model was trained with; stored in the model file so inference reproduces it. */
export interface FeatureConfig {
  /** Character n-gram orders of the utterance itself. */
  readonly ngrams: readonly number[];
  /** Sound n-gram orders (2, 3) of the utterance: n-grams of its folded toneless reading. */
  readonly sound?: readonly number[];
  /** `^x` and `x$` bigrams mark the first and last character. */
  readonly boundaryBigrams: boolean;
  /** Words of the utterance (`w:`), when words are given. */
  readonly words: boolean;
  /** Words of the previous utterance of the other speaker (`pw:`), when words are given. */
  readonly previousWords: boolean;
  /** Character bigrams of the previous utterance of the other speaker (`p2:`). */
  readonly previousBigrams: boolean;
  /**
   * Character bigrams of the reply: the next utterance of the other speaker (`n2:`, with `d:nonext`
   * when there is none). Absent (off) in models trained before it existed. See visitReplyFeatures.
   */
  readonly nextBigrams?: boolean;
  /** Words of the reply (`nw:`), when words are given; absent (off) as `nextBigrams`. */
  readonly nextWords?: boolean;
  /** ASCII digits are read as 0 so that 30天 and 45天 share features. */
  readonly foldDigits: boolean;
  /** Upper bounds of the length buckets (characters after cleaning). */
  readonly lengthBuckets: readonly number[];
  /** Characters removed wherever they occur (hesitation sounds, never part of a word here). */
  readonly fillers: string;
  /** Removed only at the start of an utterance or right after another filler (金额, 额度 keep theirs). */
  readonly leadingFillers: string;
}

export const DEFAULT_FEATURE_CONFIG: FeatureConfig = {
  ngrams: [1, 2, 3],
  boundaryBigrams: true,
  // Context off: leave-one-industry-out F1 (macro over the 11 labels) was 0.694 without it, 0.700
  // with the other speaker's last-turn words and 0.690 with its bigrams (docs/model-card.md): no
  // measurable gain, while words would need jieba at inference (~4 µs an utterance, past budget).
  words: false,
  previousWords: false,
  previousBigrams: false,
  foldDigits: true,
  lengthBuckets: [4, 8, 16, 32, 64],
  fillers: '嗯呃唔啊哦嘛',
  leadingFillers: '额',
};

const DROP = 0;
const KEEP = 1;
const FILLER = 2;
const LEADING_FILLER = 3;
const DIGIT = 4;
/** Normalised with its neighbours (traditional characters, surrogates): see cleanUnits. */
const NORMALIZE = 5;

interface CleanTables {
  /** Class of each character of normalised text. */
  readonly kind: Uint8Array;
  readonly lower: Uint16Array;
  /**
   * Class of each character of text as given: that of its normalised form (full-width →
   * half-width), or NORMALIZE where normalisation depends on the rest of the text.
   */
  readonly raw: Uint8Array;
  /** `lower` of each character's normalised form. */
  readonly rawLower: Uint16Array;
}

const tablesByKey = new Map<string, CleanTables>();
const tablesByConfig = new WeakMap<FeatureConfig, CleanTables>();
/**
 * What cleaning does with each UTF-16 unit, computed once per filler setting. Letters (Han
 * included) and numbers are kept; punctuation, symbols, spaces, marks, surrogates and the
 * placeholder of astral characters (U+FFFC) are dropped.
 */
function tablesOf(config: FeatureConfig): CleanTables {
  const known = tablesByConfig.get(config);
  if (known) return known;
  const key = `${config.foldDigits}|${config.fillers}|${config.leadingFillers}`;
  const cached = tablesByKey.get(key) ?? computeTables(config);
  tablesByKey.set(key, cached);
  tablesByConfig.set(config, cached);
  return cached;
}

function computeTables(config: FeatureConfig): CleanTables {
  const kind = new Uint8Array(0x10000);
  const lower = new Uint16Array(0x10000);
  const letterOrNumber = /[\p{L}\p{N}]/u;
  for (let c = 0; c < 0x10000; c++) {
    lower[c] = c;
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const ch = String.fromCharCode(c);
    if (!letterOrNumber.test(ch)) continue;
    kind[c] = c >= 0x30 && c <= 0x39 && config.foldDigits ? DIGIT : KEEP;
    const low = ch.toLowerCase();
    if (low.length === 1) lower[c] = low.charCodeAt(0);
  }
  for (const ch of config.fillers) kind[ch.charCodeAt(0)] = FILLER;
  for (const ch of config.leadingFillers) kind[ch.charCodeAt(0)] = LEADING_FILLER;
  // The same classes for text not yet normalised: text without a character normalised with its
  // neighbours (nearly all text) normalises unit by unit and skips normalizeText, which costs
  // more than the rest (nearly every utterance holds a full-width comma).
  const raw = new Uint8Array(0x10000);
  const rawLower = new Uint16Array(0x10000);
  const contextual = contextualUnitsTable();
  for (let c = 0; c < 0x10000; c++) {
    const h = halfWidthUnit(c);
    raw[c] = contextual[c] === 1 ? NORMALIZE : kind[h]!;
    rawLower[c] = lower[h]!;
  }
  return { kind, lower, raw, rawLower };
}

let scratch = new Uint16Array(256);

/**
 * The text the features read: normalised as the analysis does (full-width → half-width,
 * traditional → simplified), lower-cased, without punctuation, symbols, spaces or fillers, ASCII
 * digits folded to 0 when the config says so.
 */
export function cleanText(text: string, config: FeatureConfig = DEFAULT_FEATURE_CONFIG): string {
  if (scratch.length < text.length) scratch = new Uint16Array(text.length * 2);
  return stringOfUnits(scratch, cleanUnits(text, config, scratch, 0));
}

/**
 * `cleanText` as UTF-16 units written into `out` from `at` (room for `text.length` units needed:
 * cleaning never lengthens a text); returns how many were written.
 */
export function cleanUnits(text: string, config: FeatureConfig, out: Uint16Array, at: number): number {
  const { kind, lower, raw, rawLower } = tablesOf(config);
  const n = cleanWith(text, raw, rawLower, out, at);
  return n >= 0 ? n : cleanWith(normalizeText(text).text, kind, lower, out, at);
}

/**
 * Cleans `text` by the class and lower-case tables given into `out` from `at`; returns how many
 * units were written, or -1 at a character of class NORMALIZE.
 */
function cleanWith(text: string, kind: Uint8Array, lower: Uint16Array, out: Uint16Array, at: number): number {
  let n = at;
  let afterFiller = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const k = kind[c]!;
    if (k === DROP) continue; // dropped characters do not break a run of fillers
    if (k === FILLER || (k === LEADING_FILLER && (n === at || afterFiller))) {
      afterFiller = true;
      continue;
    }
    if (k === NORMALIZE) return -1;
    afterFiller = false;
    out[n++] = k === DIGIT ? 0x30 : lower[c]!;
  }
  return n - at;
}

/** Index of the latest utterance before `i` by the other speaker, or -1. */
export function previousOtherIndex(utterances: readonly FeatureUtterance[], i: number): number {
  const speaker = utterances[i]?.speaker;
  for (let j = i - 1; j >= 0; j--) if (utterances[j]!.speaker !== speaker) return j;
  return -1;
}

/** Index of the first utterance after `i` by the other speaker (the reply to it), or -1. */
export function nextOtherIndex(utterances: readonly FeatureUtterance[], i: number): number {
  const speaker = utterances[i]?.speaker;
  for (let j = i + 1; j < utterances.length; j++) if (utterances[j]!.speaker !== speaker) return j;
  return -1;
}

/**
 * The reply index of utterance `i` while walking a call in order: `previous` (the reply found for
 * utterance `i - 1`) when `i` continues the same speaker's turn, since both share one reply;
 * otherwise `nextOtherIndex`. Keeps a call that is one long monologue linear.
 */
export function replyIndexAfter(
  utterances: readonly FeatureUtterance[],
  i: number,
  previous: number,
): number {
  return i > 0 && utterances[i - 1]!.speaker === utterances[i]!.speaker
    ? previous
    : nextOtherIndex(utterances, i);
}

/**
 * The index of the other speaker's previous turn for utterance `i` while walking a call in order:
 * `previous` (the one found for `i - 1`) when `i` continues the same speaker's turn, else `i - 1`.
 * Equal to `previousOtherIndex`, and linear over a call that is one long monologue.
 */
export function previousIndexAfter(
  utterances: readonly FeatureUtterance[],
  i: number,
  previous: number,
): number {
  if (i === 0) return -1;
  return utterances[i - 1]!.speaker === utterances[i]!.speaker ? previous : i - 1;
}

/** True when the config reads the reply (the next utterance of the other speaker). */
export function usesReply(config: FeatureConfig): boolean {
  return config.nextBigrams === true || config.nextWords === true;
}

/** One utterance ready for feature extraction: cleaned text and, when used, its words. */
export interface CleanedUtterance {
  readonly clean: string;
  readonly words?: readonly string[];
  /** `soundCanonical(clean)` when the config reads sound n-grams (same length as `clean`). */
  readonly sound?: string;
}

/** True when the config reads sound n-grams. */
export function usesSound(config: FeatureConfig): boolean {
  return (config.sound?.length ?? 0) > 0;
}

let soundTable: Uint16Array | undefined;

/**
 * `soundCanonical` of every UTF-16 unit, built once (it builds pinyin-pro's table on first use):
 * a text's reading is one table lookup per character.
 */
function soundTableOf(): Uint16Array {
  if (!soundTable) {
    const table = new Uint16Array(0x10000);
    const chunk = 4096;
    for (let at = 0; at < 0x10000; at += chunk) {
      const codes = Array.from({ length: chunk }, (_, k) => {
        const c = at + k;
        return c >= 0xd800 && c <= 0xdfff ? 0x20 : c; // no lone surrogates: cleaned text has none
      });
      const read = soundCanonical(String.fromCharCode(...codes));
      for (let k = 0; k < chunk; k++) table[at + k] = read.charCodeAt(k);
    }
    soundTable = table;
  }
  return soundTable;
}

function soundOf(clean: string): string {
  const table = soundTableOf();
  if (scratch.length < clean.length) scratch = new Uint16Array(clean.length * 2);
  const buf = scratch;
  for (let i = 0; i < clean.length; i++) buf[i] = table[clean.charCodeAt(i)]!;
  return stringOfUnits(buf, clean.length);
}

/** The reading of cleaned units `units[at, at + n)`, written at the same places of `out`. */
export function soundUnits(units: Uint16Array, at: number, n: number, out: Uint16Array): void {
  const table = soundTableOf();
  for (let i = at; i < at + n; i++) out[i] = table[units[i]!]!;
}

/** The cleaned text with its reading, when the config reads sound n-grams. */
export function withSound(clean: string, config: FeatureConfig): { clean: string; sound?: string } {
  return usesSound(config) && clean.length > 0 ? { clean, sound: soundOf(clean) } : { clean };
}

/** True when the config reads words (of the utterance, of the previous turn or of the reply). */
export function usesWords(config: FeatureConfig): boolean {
  return config.words || config.previousWords || config.nextWords === true;
}

/**
 * Cleans an utterance and, when the config reads words and a segmenter is given, cuts the
 * cleaned text into words (so that punctuation never changes the words either).
 */
export function cleanUtterance(
  text: string,
  config: FeatureConfig = DEFAULT_FEATURE_CONFIG,
  cut?: BaseSegmenter,
): CleanedUtterance {
  const clean = cleanText(text, config);
  const base = withSound(clean, config);
  if (!usesWords(config) || !cut || clean.length === 0) return base;
  return { ...base, words: cut(clean) };
}

/**
 * Character n-gram kinds: of the utterance (`c1`–`c3`), of the other speaker's turn (`p2`), of
 * the utterance's reading (`s2`, `s3`: spans of `CleanedUtterance.sound`).
 */
export type GramKind = 'c1' | 'c2' | 'c3' | 'n2' | 'p2' | 's2' | 's3';

/** Word kinds: of the utterance, of the previous turn, of the reply. */
export type WordKind = 'w' | 'pw' | 'nw';

/**
 * Receives the features of one utterance; the same feature may arrive more than once. Character
 * n-grams arrive as a span of the cleaned text so that inference can look them up without
 * building strings.
 */
export interface FeatureVisitor {
  /** `text.slice(start, start + length)` of kind `kind`. */
  gram(kind: GramKind, text: string, start: number, length: number): void;
  /** The bigram `^x` (x = text[at], the first character) or `x$` (the last one), of kind `c2`. */
  edge(text: string, at: number, side: '^' | '$'): void;
  word(kind: WordKind, word: string): void;
  /** Length bucket `len<n>`, `qparticle` (吗/呢), `digit`, `noprev`, `nonext`. */
  dense(key: string): void;
}

const MA = '吗'.charCodeAt(0);
const NE = '呢'.charCodeAt(0);

/**
 * Visits every feature of an utterance given its cleaned form and that of the previous utterance
 * of the other speaker (or undefined). The one definition of the features, for training and
 * inference alike.
 */
export function visitFeatures(
  cur: CleanedUtterance,
  prev: CleanedUtterance | undefined,
  config: FeatureConfig,
  visit: FeatureVisitor,
): void {
  const s = cur.clean;
  const n = s.length;
  for (const order of config.ngrams) {
    const kind = order === 1 ? 'c1' : order === 2 ? 'c2' : 'c3';
    for (let k = 0; k + order <= n; k++) visit.gram(kind, s, k, order);
  }
  const sound = cur.sound;
  if (sound !== undefined && config.sound) {
    for (const order of config.sound) {
      const kind = order === 2 ? 's2' : 's3';
      for (let k = 0; k + order <= n; k++) visit.gram(kind, sound, k, order);
    }
  }
  if (config.boundaryBigrams && n > 0) {
    visit.edge(s, 0, '^');
    visit.edge(s, n - 1, '$');
  }
  if (config.words && cur.words) for (const w of cur.words) if (w.length > 0) visit.word('w', w);
  let bucket = 0;
  while (bucket < config.lengthBuckets.length && n > config.lengthBuckets[bucket]!) bucket++;
  visit.dense(LENGTH_KEYS[bucket] ?? `len${bucket}`);
  let particle = false;
  let digit = false;
  for (let k = 0; k < n; k++) {
    const c = s.charCodeAt(k);
    if (c === MA || c === NE) particle = true;
    else if (c >= 0x30 && c <= 0x39) digit = true;
  }
  if (particle) visit.dense('qparticle');
  if (digit) visit.dense('digit');
  if (!prev || prev.clean.length === 0) {
    visit.dense('noprev');
    return;
  }
  if (config.previousBigrams) {
    const p = prev.clean;
    for (let k = 0; k + 2 <= p.length; k++) visit.gram('p2', p, k, 2);
    if (p.length === 1) visit.gram('p2', p, 0, 1);
  }
  if (config.previousWords && prev.words) for (const w of prev.words) if (w.length > 0) visit.word('pw', w);
}

/**
 * Visits the reply features of an utterance given the cleaned form of the next utterance of the
 * other speaker (or undefined at the end of the call): how a rep answers (acknowledgement and
 * handling after an objection, questions or solutions after a problem) reads less like one
 * writer's phrasing than the customer's own words. Nothing when the config reads no reply. Kept
 * apart from visitFeatures: a model reads these only when trained with them.
 */
export function visitReplyFeatures(
  next: CleanedUtterance | undefined,
  config: FeatureConfig,
  visit: FeatureVisitor,
): void {
  if (!usesReply(config)) return;
  if (!next || next.clean.length === 0) {
    visit.dense('nonext');
    return;
  }
  if (config.nextBigrams) {
    const t = next.clean;
    for (let k = 0; k + 2 <= t.length; k++) visit.gram('n2', t, k, 2);
    if (t.length === 1) visit.gram('n2', t, 0, 1);
  }
  if (config.nextWords && next.words) for (const w of next.words) if (w.length > 0) visit.word('nw', w);
}

const LENGTH_KEYS = Array.from({ length: 16 }, (_, k) => `len${k}`);

/** Numbers of the character n-gram kinds in unit features (and in the model's n-gram table). */
export const GRAM_C1 = 1;
export const GRAM_C2 = 2;
export const GRAM_C3 = 3;
export const GRAM_P2 = 4;
export const GRAM_S2 = 5;
export const GRAM_S3 = 6;
export const GRAM_N2 = 7;
/** The characters standing for the start (`^x`) and the end (`x$`) in boundary bigrams. */
export const EDGE_START = 0x5e;
export const EDGE_END = 0x24;

/** Receives the features of `visitUnitFeatures`; the same feature may arrive more than once. */
export interface UnitFeatureSink {
  /**
   * The n-gram of kind `kind` (GRAM_C1 …) made of units c0, c1, c2 (0 past its end), starting at
   * `start` of the utterance (a boundary bigram: at the character it holds).
   */
  gram(kind: number, c0: number, c1: number, c2: number, start: number): void;
  /** As FeatureVisitor.dense. */
  dense(key: string): void;
}

/**
 * True when `visitUnitFeatures` and `visitUnitReplyFeatures` give every feature the config reads:
 * no words, and of the other speaker's previous turn only whether it is there (its bigrams are not
 * given; the reply's are).
 */
export function unitFeaturesCover(config: FeatureConfig): boolean {
  return !usesWords(config) && !config.previousBigrams;
}

/**
 * `visitFeatures` over cleaned UTF-16 units, for a config `unitFeaturesCover` accepts: the same
 * features in the same order, without a string built. The utterance is `units[at, at + n)`, its
 * reading (given when the config reads sound) `sound[at, at + n)`; `hasPrev`: the other speaker
 * has a previous utterance and it is not empty after cleaning. Inference scores with it; a unit
 * test holds it to `visitFeatures` on every training utterance.
 */
export function visitUnitFeatures(
  units: Uint16Array,
  at: number,
  n: number,
  sound: Uint16Array | undefined,
  hasPrev: boolean,
  config: FeatureConfig,
  sink: UnitFeatureSink,
): void {
  for (const order of config.ngrams) {
    const kind = order === 1 ? GRAM_C1 : order === 2 ? GRAM_C2 : GRAM_C3;
    for (let k = 0; k + order <= n; k++) {
      const i = at + k;
      sink.gram(kind, units[i]!, order > 1 ? units[i + 1]! : 0, order > 2 ? units[i + 2]! : 0, k);
    }
  }
  if (sound !== undefined && config.sound) {
    for (const order of config.sound) {
      const kind = order === 2 ? GRAM_S2 : GRAM_S3;
      for (let k = 0; k + order <= n; k++) {
        const i = at + k;
        sink.gram(kind, sound[i]!, order > 1 ? sound[i + 1]! : 0, order > 2 ? sound[i + 2]! : 0, k);
      }
    }
  }
  if (config.boundaryBigrams && n > 0) {
    sink.gram(GRAM_C2, EDGE_START, units[at]!, 0, 0);
    sink.gram(GRAM_C2, units[at + n - 1]!, EDGE_END, 0, n - 1);
  }
  let bucket = 0;
  while (bucket < config.lengthBuckets.length && n > config.lengthBuckets[bucket]!) bucket++;
  sink.dense(LENGTH_KEYS[bucket] ?? `len${bucket}`);
  let particle = false;
  let digit = false;
  for (let i = at; i < at + n; i++) {
    const c = units[i]!;
    if (c === MA || c === NE) particle = true;
    else if (c >= 0x30 && c <= 0x39) digit = true;
  }
  if (particle) sink.dense('qparticle');
  if (digit) sink.dense('digit');
  if (!hasPrev) sink.dense('noprev');
}

/**
 * `visitReplyFeatures` over cleaned UTF-16 units, for a config `unitFeaturesCover` accepts: the
 * reply is `units[at, at + n)`, n = 0 when there is none or it is empty after cleaning (both read
 * as `nonext`). A reply bigram starts at its place in the reply.
 */
export function visitUnitReplyFeatures(
  units: Uint16Array,
  at: number,
  n: number,
  config: FeatureConfig,
  sink: UnitFeatureSink,
): void {
  if (!usesReply(config)) return;
  if (n === 0) {
    sink.dense('nonext');
    return;
  }
  if (config.nextBigrams) {
    for (let k = 0; k + 2 <= n; k++) sink.gram(GRAM_N2, units[at + k]!, units[at + k + 1]!, 0, k);
    if (n === 1) sink.gram(GRAM_N2, units[at]!, 0, 0, 0);
  }
}

/** Collects feature names `<kind>:<key>`. */
class NameCollector implements FeatureVisitor {
  readonly names = new Set<string>();
  gram(kind: GramKind, text: string, start: number, length: number): void {
    this.names.add(`${kind}:${text.slice(start, start + length)}`);
  }
  edge(text: string, at: number, side: '^' | '$'): void {
    this.names.add(side === '^' ? `c2:^${text[at]}` : `c2:${text[at]}$`);
  }
  word(kind: WordKind, word: string): void {
    this.names.add(`${kind}:${word}`);
  }
  dense(key: string): void {
    this.names.add(`d:${key}`);
  }
}

/** Sorted, distinct feature names (`c2:太贵`, `pw:预算`, `d:len2` …) of utterance `i`. */
export function featuresOf(
  utterances: readonly FeatureUtterance[],
  i: number,
  config: FeatureConfig = DEFAULT_FEATURE_CONFIG,
  cut?: BaseSegmenter,
): string[] {
  const u = utterances[i];
  if (!u) throw new RangeError(`no utterance at index ${i}`);
  const j = previousOtherIndex(utterances, i);
  const prev = j >= 0 ? cleanUtterance(utterances[j]!.text, config, cut) : undefined;
  const names = featuresOfCleaned(cleanUtterance(u.text, config, cut), prev, config);
  if (!usesReply(config)) return names;
  const r = nextOtherIndex(utterances, i);
  const next = r >= 0 ? cleanUtterance(utterances[r]!.text, config, cut) : undefined;
  return [...names, ...replyFeaturesOfCleaned(next, config)].sort();
}

/** Sorted, distinct feature names of an already cleaned utterance. */
export function featuresOfCleaned(
  cur: CleanedUtterance,
  prev: CleanedUtterance | undefined,
  config: FeatureConfig,
): string[] {
  const collector = new NameCollector();
  visitFeatures(cur, prev, config, collector);
  return [...collector.names].sort();
}

/** Sorted, distinct reply feature names (`n2:`, `nw:`, `d:nonext`); empty when the config reads no reply. */
export function replyFeaturesOfCleaned(next: CleanedUtterance | undefined, config: FeatureConfig): string[] {
  const collector = new NameCollector();
  visitReplyFeatures(next, config, collector);
  return [...collector.names].sort();
}
