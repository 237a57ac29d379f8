import { normalizeText } from '../nlp/normalize.js';
import type { BaseSegmenter } from '../nlp/segment.js';

/**
 * Features of the learned second stage. One function decides what a feature is, for training and
 * for inference alike: `visitFeatures` calls back with (kind, key) pairs, `featuresOf` collects
 * them as sorted strings `<kind>:<key>` (the names stored in the model file).
 *
 * Punctuation, spaces and fillers are removed before anything else, so an utterance as written
 * and the same utterance from an ASR system without punctuation give the same features.
 */

/** Speaker roles, as in the transcript. */
export type Role = 'rep' | 'customer';

/** The part of an utterance the features read. */
export interface FeatureUtterance {
  readonly speaker: Role;
  readonly text: string;
}

/** Feature kinds, in the order their names sort. */
export const FEATURE_KINDS = ['c1', 'c2', 'c3', 'd', 'p2', 'pw', 'w'] as const;
export type FeatureKind = (typeof FEATURE_KINDS)[number];

/** What the model was trained with; stored in the model file so inference reproduces it. */
export interface FeatureConfig {
  /** Character n-gram orders of the utterance itself. */
  readonly ngrams: readonly number[];
  /** `^x` and `x$` bigrams mark the first and last character. */
  readonly boundaryBigrams: boolean;
  /** Words of the utterance (`w:`), when words are given. */
  readonly words: boolean;
  /** Words of the previous utterance of the other speaker (`pw:`), when words are given. */
  readonly previousWords: boolean;
  /** Character bigrams of the previous utterance of the other speaker (`p2:`). */
  readonly previousBigrams: boolean;
  /** ASCII digits are read as 0 so that 30天 and 45天 share features. */
  readonly foldDigits: boolean;
  /** Upper bounds of the length buckets (characters after cleaning). */
  readonly lengthBuckets: readonly number[];
  /** Characters removed wherever they occur (hesitation sounds, never part of a word here). */
  readonly fillers: string;
  /** Removed only at the start of an utterance or next to another filler (金额, 额度 keep theirs). */
  readonly leadingFillers: string;
}

export const DEFAULT_FEATURE_CONFIG: FeatureConfig = {
  ngrams: [1, 2, 3],
  boundaryBigrams: true,
  // Chosen by cross-validation inside the training calls (docs/model-card.md): the words of the
  // other speaker's last turn help, the utterance's own words and the turn's bigrams do not.
  words: false,
  previousWords: true,
  previousBigrams: false,
  foldDigits: true,
  lengthBuckets: [4, 8, 16, 32, 64],
  fillers: '嗯呃唔啊哦嘛',
  leadingFillers: '额',
};

// Letters (Han included) and numbers are kept; punctuation, symbols, spaces, marks and the
// placeholder of astral characters (U+FFFC, a symbol) are not.
const KEEP = /[\p{L}\p{N}]/u;

/**
 * The text the features read: normalised as the analysis does (full-width → half-width,
 * traditional → simplified), lower-cased, without punctuation, symbols, spaces or fillers, ASCII
 * digits folded to 0 when the config says so.
 */
export function cleanText(text: string, config: FeatureConfig = DEFAULT_FEATURE_CONFIG): string {
  const norm = normalizeText(text).text.toLowerCase();
  let out = '';
  let afterFiller = false;
  for (let i = 0; i < norm.length; i++) {
    const ch = norm[i]!;
    const code = ch.charCodeAt(0);
    const cjk = code >= 0x4e00 && code <= 0x9fff;
    if (!cjk && !KEEP.test(ch)) continue; // dropped characters do not break a run of fillers
    if (config.fillers.includes(ch)) {
      afterFiller = true;
      continue;
    }
    if (config.leadingFillers.includes(ch) && (out.length === 0 || afterFiller)) {
      afterFiller = true;
      continue;
    }
    afterFiller = false;
    out += config.foldDigits && code >= 0x30 && code <= 0x39 ? '0' : ch;
  }
  return out;
}

/** Index of the latest utterance before `i` by the other speaker, or -1. */
export function previousOtherIndex(utterances: readonly FeatureUtterance[], i: number): number {
  const speaker = utterances[i]?.speaker;
  for (let j = i - 1; j >= 0; j--) if (utterances[j]!.speaker !== speaker) return j;
  return -1;
}

/** One utterance ready for feature extraction: cleaned text and, when used, its words. */
export interface CleanedUtterance {
  readonly clean: string;
  readonly words?: readonly string[];
}

/** True when the config reads words (of the utterance or of the previous turn). */
export function usesWords(config: FeatureConfig): boolean {
  return config.words || config.previousWords;
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
  if (!usesWords(config) || !cut || clean.length === 0) return { clean };
  return { clean, words: cut(clean) };
}

/** Callback of `visitFeatures`: the same (kind, key) may be visited more than once. */
export type FeatureVisitor = (kind: FeatureKind, key: string) => void;

/**
 * Visits every feature of an utterance given its cleaned form and that of the previous utterance
 * of the other speaker (or undefined). Allocates only the n-gram keys.
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
    for (let k = 0; k + order <= n; k++) visit(kind, s.slice(k, k + order));
  }
  if (config.boundaryBigrams && n > 0) {
    visit('c2', `^${s[0]}`);
    visit('c2', `${s[n - 1]}$`);
  }
  if (config.words && cur.words) for (const w of cur.words) if (w.length > 0) visit('w', w);
  let bucket = 0;
  while (bucket < config.lengthBuckets.length && n > config.lengthBuckets[bucket]!) bucket++;
  visit('d', `len${bucket}`);
  if (s.includes('吗') || s.includes('呢')) visit('d', 'qparticle');
  if (/\d/.test(s)) visit('d', 'digit');
  if (!prev || prev.clean.length === 0) {
    visit('d', 'noprev');
    return;
  }
  if (config.previousBigrams) {
    const p = prev.clean;
    for (let k = 0; k + 2 <= p.length; k++) visit('p2', p.slice(k, k + 2));
    if (p.length === 1) visit('p2', p);
  }
  if (config.previousWords && prev.words) for (const w of prev.words) if (w.length > 0) visit('pw', w);
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
  return featuresOfCleaned(cleanUtterance(u.text, config, cut), prev, config);
}

/** Sorted, distinct feature names of an already cleaned utterance. */
export function featuresOfCleaned(
  cur: CleanedUtterance,
  prev: CleanedUtterance | undefined,
  config: FeatureConfig,
): string[] {
  const out = new Set<string>();
  visitFeatures(cur, prev, config, (kind, key) => out.add(`${kind}:${key}`));
  return [...out].sort();
}
