import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { CompiledLexicon, LexiconEntry, TermOccurrence } from '../../lexicons/lexicon.compile.js';
import { documentTerms } from '../../lexicons/lexicon.schema.js';
import { soundCanonical } from '../../lexicons/pinyin-index.js';

/**
 * Objection and need markers of the lexicon heard with one character mis-recognised: 太归了 for
 * 太贵了, 心里美底 for 心里没底. The pinyin matcher leaves markers out (homophones of common words
 * are mostly other common words: 其实不是 sounds like 是不是), so a short marker is accepted here
 * only under a noisy-channel reading of general Mandarin: the window sounds like the marker (folded
 * toneless readings, lexicons/pinyin-index.ts), exactly one character differs, and that character
 * forms no word of the general dictionary (jieba's) with either neighbour. A character that fits
 * no word where it stands was probably heard wrong; one that forms a word (实 in 其实, 在 in 在说)
 * was probably said. Nothing here is read from the evaluation's noise model.
 *
 * Off in the analysis: measured and not shipped (docs/measurements.md, "2026-12-06 evening
 * homophones of short markers"). `scripts/eval-augment.ts --heard-markers` turns it on to measure.
 */

const MARKER = /^(objection|need)\b/;
const HAN_ONLY = /^[\u4e00-\u9fff]+$/;
const MIN_LENGTH = 2;
const MAX_LENGTH = 4;

interface Marker {
  readonly surface: string;
  readonly entry: LexiconEntry;
}

const indexOf = new WeakMap<CompiledLexicon, Map<string, Marker[]>>();

/** The lexicon's objection and need surfaces of 2-4 Chinese characters, keyed by their sound. */
function markerIndex(lexicon: CompiledLexicon): Map<string, Marker[]> {
  let index = indexOf.get(lexicon);
  if (index) return index;
  index = new Map();
  const seen = new Set<string>();
  for (const t of lexicon.documents.flatMap(documentTerms)) {
    if (!MARKER.test(t.category)) continue;
    for (const surface of [t.term, ...(t.synonyms ?? [])]) {
      if (surface.length < MIN_LENGTH || surface.length > MAX_LENGTH || !HAN_ONLY.test(surface)) continue;
      if (seen.has(surface)) continue;
      seen.add(surface);
      const entry = lexicon.lookup(surface).find((e) => MARKER.test(e.category));
      if (!entry) continue;
      const key = soundCanonical(surface);
      const list = index.get(key);
      if (list) list.push({ surface, entry });
      else index.set(key, [{ surface, entry }]);
    }
  }
  indexOf.set(lexicon, index);
  return index;
}

let enabled = false;

/** Turns the hearing of short markers on or off for this process (off by default; for measuring). */
export function setMarkersHeardBySound(on: boolean): void {
  enabled = on;
}

/** True when `prepareUtterance` adds markers heard by sound (see `setMarkersHeardBySound`). */
export function markersHeardBySoundEnabled(): boolean {
  return enabled;
}

let dictionaryPairs: Set<number> | undefined;

/** Two-character words of jieba's dictionary, as (first << 16 | second); read on first use. */
function dictionaryWordPairs(): Set<number> {
  if (dictionaryPairs) return dictionaryPairs;
  const require = createRequire(import.meta.url);
  const text = readFileSync(require.resolve('@node-rs/jieba/dict.txt'), 'utf8');
  const pairs = new Set<number>();
  let at = 0;
  while (at < text.length) {
    let nl = text.indexOf('\n', at);
    if (nl < 0) nl = text.length;
    if (text.charCodeAt(at + 2) === 32) pairs.add((text.charCodeAt(at) << 16) | text.charCodeAt(at + 1));
    at = nl + 1;
  }
  dictionaryPairs = pairs;
  return pairs;
}

const isHan = (c: number) => c >= 0x4e00 && c <= 0x9fff;

/**
 * Function characters (particles, pronouns, the copula, common adverbs and prepositions): words of
 * their own that a speaker says everywhere, so one standing alone was most likely said as written.
 */
const FUNCTION_CHAR = /[的了是在有个这那一我你您他她它们就也都还吗呢吧啊么和跟对把给让被不没很太又再才]/;

/** True when the character at `p` forms a dictionary word with the one before or after it. */
function inDictionaryWord(text: string, p: number): boolean {
  const pairs = dictionaryWordPairs();
  const c = text.charCodeAt(p);
  const before = text.charCodeAt(p - 1);
  const after = text.charCodeAt(p + 1);
  return (
    (p > 0 && isHan(before) && pairs.has((before << 16) | c)) ||
    (p + 1 < text.length && isHan(after) && pairs.has((c << 16) | after))
  );
}

/** Characters of a spoken number, and the measure words a number is counted in. */
const NUMERAL = /[零〇一二两三四五六七八九十百千万亿几\d]/;
const MEASURE = /[个天年月日号次点位台套件张本块元角毛分秒周岁倍斤吨米亩家辆层间期批]/;

/**
 * True when the window [start, end) begins or ends inside a spoken number or quantity: 二十万以上
 * holds no 万一, 晚一天 no 万一 either.
 */
function insideNumber(text: string, start: number, end: number): boolean {
  const first = text[start]!;
  const last = text[end - 1]!;
  return (
    (NUMERAL.test(first) && start > 0 && NUMERAL.test(text[start - 1]!)) ||
    (NUMERAL.test(last) && end < text.length && (NUMERAL.test(text[end]!) || MEASURE.test(text[end]!)))
  );
}

/**
 * Objection and need markers heard with one mis-recognised character in a normalised utterance,
 * outside the written terms (`written`) they would cut into.
 */
export function markersHeardBySound(
  norm: string,
  lexicon: CompiledLexicon,
  written: readonly TermOccurrence[],
): TermOccurrence[] {
  const index = markerIndex(lexicon);
  if (index.size === 0) return [];
  const sound = soundCanonical(norm);
  const out: TermOccurrence[] = [];
  for (let i = 0; i + MIN_LENGTH <= norm.length; i++) {
    for (let n = MIN_LENGTH; n <= MAX_LENGTH && i + n <= norm.length; n++) {
      const markers = index.get(sound.slice(i, i + n));
      if (!markers) continue;
      for (const m of markers) {
        let differs = -1;
        let count = 0;
        for (let k = 0; k < n; k++) {
          if (norm[i + k] !== m.surface[k]) {
            differs = i + k;
            count++;
          }
        }
        if (count !== 1 || FUNCTION_CHAR.test(norm[differs]!) || inDictionaryWord(norm, differs)) continue;
        const start = i;
        const end = i + n;
        if (insideNumber(norm, start, end)) continue;
        if (written.some((t) => t.start < end && t.end > start && (t.start < start || t.end > end))) continue;
        out.push({
          start,
          end,
          pattern: -1,
          entry: m.entry,
          heard: { surface: norm.slice(start, end), distance: 1 },
        });
      }
    }
  }
  return out;
}
