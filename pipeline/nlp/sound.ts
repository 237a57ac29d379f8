import { soundCanonical } from '../../lexicons/pinyin-index.js';
import { FILLER_MARK } from './clauses.js';
import type { FlatText } from './pattern.js';

/**
 * Comparing what two speakers said by how it sounds rather than by the characters a recogniser
 * chose. A speech recogniser writes 时间 as 式间, 您是说 as 您是硕 and drops hesitations into the
 * middle of phrases (也就是嗯说); exact words and jieba's segmentation of such text no longer
 * match, but the folded, toneless readings (lexicons/pinyin-index.ts `soundCanonical`) still do.
 *
 * Everything here is general Mandarin: the reading table is pinyin-pro's and the folds are the
 * well-known accent mergers documented in pinyin-index.ts; the hesitation list below is the
 * ordinary spoken one. Nothing is read from the evaluation's noise model (pipeline/eval).
 */

/** Hesitations a transcript of speech keeps, inside phrases as well as between them. */
const HESITATIONS = ['那个', '这个', '就是', '然后', '嗯', '呃', '额', '啊', '哎', '唉'] as const;
const HESITATION_CHARS = /[嗯呃额啊哎唉]/g;
const HESITATION_WORDS = /那个|这个|就是|然后/g;
const NOT_HAN = /[^\u4e00-\u9fff]/g;

/** Pairs of adjacent characters that are function words (的那, 一个, 这些…): no topic in them. */
const FUNCTION_PAIR =
  /^[的了是在有个这那一我你您们就也都还吗呢吧啊么和跟对把给让被]{2}$|^[这那哪][个些]$|^一[个下点些]$/;

/**
 * The Chinese characters of a text with hesitations, punctuation, spaces, Latin letters and digits
 * removed: what is compared. 那个/这个/就是/然后 go too; as content they carry nothing either.
 */
export function spokenCore(text: string): string {
  return text.replace(HESITATION_WORDS, '').replace(HESITATION_CHARS, '').replace(NOT_HAN, '');
}

/** Distinct sound bigrams of the text's spoken core, function-word pairs left out. */
export function soundPairs(text: string): Set<string> {
  const core = spokenCore(text);
  const sound = soundCanonical(core);
  const out = new Set<string>();
  for (let i = 0; i + 1 < core.length; i++) {
    if (FUNCTION_PAIR.test(core.slice(i, i + 2))) continue;
    out.add(sound.slice(i, i + 2));
  }
  return out;
}

/** How many sound bigrams of `a` also occur in `b`. */
export function sharedSoundPairs(a: string, b: string): number {
  return sharedOf(soundPairs(a), soundPairs(b));
}

/** How many of the bigrams `a` also occur in `b` (`soundPairs` of two texts). */
export function sharedOf(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let n = 0;
  for (const p of a) if (b.has(p)) n++;
  return n;
}

/** Dice overlap (an F1) of the sound bigrams of two texts, in [0, 1]. */
export function soundOverlap(a: string, b: string): number {
  return overlapOf(soundPairs(a), soundPairs(b));
}

/**
 * `soundOverlap` of two texts' `soundPairs`: a caller comparing one text with several others
 * reads its pairs once.
 */
export function overlapOf(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  return (2 * sharedOf(a, b)) / (a.size + b.size);
}

/** A phrase found by sound: [start, end) in code units of the searched text. */
export interface SoundHit {
  readonly phrase: string;
  readonly start: number;
  readonly end: number;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Hesitations as they sound, for the gaps a phrase may contain. */
let hesitationSource: string | undefined;
/** The first sound of each hesitation: a gap in a match starts with one of them. */
function hesitationStarts(): number[] {
  return [...new Set(HESITATIONS.map((h) => soundCanonical(h).charCodeAt(0)))];
}
function hesitationGap(): string {
  hesitationSource ??= `(?:${[...new Set(HESITATIONS.map((h) => escapeRe(soundCanonical(h))))].join('|')})*`;
  return hesitationSource;
}

/**
 * A matcher of fixed phrases (markers such as 您是说, 也就是说, 对吧) by sound, tolerating
 * hesitations between their characters; a phrase of five or more characters may also have lost
 * one inner character (您的意思是 heard as 您意思是) unless `deletion` is false. Only Chinese phrases of 2+ characters. At
 * least `minExact(n)` of a phrase's n characters must be written as in the phrase (default half,
 * rounded up): a recogniser gets most characters right, and two common words that merely sound
 * alike (六十 and 流失) share none.
 */
export interface SoundPhraseMatcher {
  /**
   * Every occurrence, ordered by start (longest first at one start). With `maxStart`, only those
   * starting at or before it: the same hits as the full search's with such a start (a phrase's
   * matches are found left to right), without searching the rest of the text.
   */
  find(text: string, maxStart?: number): readonly SoundHit[];
}

const NO_HITS: readonly SoundHit[] = Object.freeze([]);

export function buildSoundPhraseMatcher(
  phrases: readonly string[],
  options: { minExact?: (n: number) => number; deletion?: boolean } = {},
): SoundPhraseMatcher {
  const minExact = options.minExact ?? ((n: number) => Math.ceil(n / 2));
  const gap = hesitationGap();
  const sources: {
    phrase: string;
    re: RegExp;
    first: string;
    last: number;
    sounds: number[];
    spare: number;
    next: readonly number[];
  }[] = [];
  const gapStarts = hesitationStarts();
  for (const phrase of new Set(phrases)) {
    if (phrase.length < 2 || /[^\u4e00-\u9fff]/.test(phrase)) continue;
    const sound = [...soundCanonical(phrase)];
    const variants = [sound];
    const deletion = sound.length >= 5 && options.deletion !== false;
    if (deletion)
      for (let k = 1; k < sound.length - 1; k++) variants.push([...sound.slice(0, k), ...sound.slice(k + 1)]);
    const source = variants.map((v) => v.map(escapeRe).join(gap)).join('|');
    // Sticky: tried only where the phrase's first sound stands (every variant starts with it), which
    // finds what a global scan finds, without scanning from every position for every phrase.
    sources.push({
      phrase,
      re: new RegExp(source, 'y'),
      first: sound[0]!,
      last: sound[sound.length - 1]!.charCodeAt(0),
      // Every variant holds all of the phrase's sounds but at most one inner one: a text missing
      // more cannot match, so the check skips the expression, never changes a result.
      sounds: [...new Set(sound.slice(1, -1))].map((c) => c.charCodeAt(0)),
      spare: deletion ? 1 : 0,
      // What may follow the first sound in a match: a variant's second sound or a hesitation.
      next: [...new Set([...variants.map((v) => v[1]!.charCodeAt(0)), ...gapStarts])],
    });
  }
  // Phrases by their first sound, in the order given: a text is only tried against the phrases
  // whose first sound it has.
  const byFirst = new Map<number, number[]>();
  sources.forEach(({ first }, i) => {
    const code = first.charCodeAt(0);
    const list = byFirst.get(code);
    if (list) list.push(i);
    else byFirst.set(code, [i]);
  });
  const { keys, shift, listAt, items } = firstSoundTable(byFirst);
  const slots = keys.length - 1;
  // What the candidate test reads of each phrase, in flat arrays: its last sound, how many inner
  // sounds it may miss, and its inner sounds (phrase i's from soundsAt[i] to soundsAt[i + 1]).
  const lastOf = Int32Array.from(sources, (x) => x.last);
  const spareOf = Int32Array.from(sources, (x) => x.spare);
  const soundsAt = new Int32Array(sources.length + 1);
  sources.forEach((x, i) => {
    soundsAt[i + 1] = soundsAt[i]! + x.sounds.length;
  });
  const innerSounds = Int32Array.from(sources.flatMap((x) => x.sounds));
  const scratch: number[] = [];
  return {
    find(text, maxStart = Number.POSITIVE_INFINITY) {
      const { sound, mark } = readingOf(text);
      // Scratch reused from text to text (find is synchronous): most texts yield no candidate.
      const candidates = scratch;
      candidates.length = 0;
      visit++;
      // A phrase whose first sound first occurs after maxStart has no hit to return.
      const firstSounds = Math.min(sound.length, maxStart + 1);
      for (let k = 0; k < firstSounds; k++) {
        const code = sound.charCodeAt(k);
        if (visited[code] === visit) continue;
        visited[code] = visit;
        let h = Math.imul(code, 0x9e3779b1) >>> shift;
        let key = keys[h]!;
        while (key !== code && key !== -1) {
          h = (h + 1) & slots;
          key = keys[h]!;
        }
        if (key === -1) continue;
        for (let p = listAt[h]!, pEnd = listAt[h + keys.length]!; p < pEnd; p++) {
          const i = items[p]!;
          if (present[lastOf[i]!] !== mark) continue;
          const spare = spareOf[i]!;
          let missing = 0;
          for (let j = soundsAt[i]!, jEnd = soundsAt[i + 1]!; j < jEnd && missing <= spare; j++)
            if (present[innerSounds[j]!] !== mark) missing++;
          if (missing <= spare) candidates.push(i);
        }
      }
      if (candidates.length === 0) return NO_HITS;
      // Phrase order (an insertion: a handful of candidates at most).
      for (let a = 1; a < candidates.length; a++) {
        const v = candidates[a]!;
        let b = a;
        for (; b > 0 && candidates[b - 1]! > v; b--) candidates[b] = candidates[b - 1]!;
        candidates[b] = v;
      }
      const hits: SoundHit[] = [];
      for (const i of candidates) {
        const { phrase, re, first, next } = sources[i]!;
        // The matches of a global scan: leftmost first, the next one searched after its end.
        for (let at = sound.indexOf(first); at >= 0 && at <= maxStart; ) {
          re.lastIndex = at;
          // Sticky: a match starts at `at` and leaves lastIndex at its end (no match array made).
          // A sound after the first that no match can have there rules the position out at once.
          if (!next.includes(sound.charCodeAt(at + 1)) || !re.test(sound)) {
            at = sound.indexOf(first, at + 1);
            continue;
          }
          const start = at;
          const end = re.lastIndex;
          if (exactChars(text, start, end, phrase) >= minExact(phrase.length))
            hits.push({ phrase, start, end });
          at = sound.indexOf(first, end);
        }
      }
      return hits.sort((x, y) => x.start - y.start || y.end - y.start - (x.end - x.start));
    },
  };
}

/**
 * The phrases by first sound as a small hash table (open addressing, linear probing, -1 an empty
 * slot; slot of a sound c: (c × 0x9e3779b1) >>> shift): slot k's phrases are items[listAt[k]]
 * up to items[listAt[k + size]], in the order given. Cheaper to probe than a Map per sound.
 */
function firstSoundTable(byFirst: ReadonlyMap<number, readonly number[]>): {
  keys: Int32Array;
  shift: number;
  listAt: Int32Array;
  items: Int32Array;
} {
  let bits = 4;
  while (1 << bits < 4 * byFirst.size) bits++;
  const size = 1 << bits;
  const keys = new Int32Array(size).fill(-1);
  const shift = 32 - bits;
  const listAt = new Int32Array(2 * size);
  const items: number[] = [];
  for (const [code, list] of byFirst) {
    let h = Math.imul(code, 0x9e3779b1) >>> shift;
    while (keys[h] !== -1) h = (h + 1) & (size - 1);
    keys[h] = code;
    listAt[h] = items.length;
    for (const i of list) items.push(i);
    listAt[h + size] = items.length;
  }
  return { keys, shift, listAt, items: Int32Array.from(items) };
}

const HESITATION_CODES = new Set([...'嗯呃额啊哎唉'].map((c) => c.charCodeAt(0)));
const code = (c: string) => c.charCodeAt(0);
const [NA, ZHE, GE, JIU, SHI, RAN, HOU] = [...'那这个就是然后'].map(code) as [
  number,
  number,
  number,
  number,
  number,
  number,
  number,
];

/** True when the code units a, b are one of HESITATION_WORDS (那个 这个 就是 然后). */
const isHesitationWord = (a: number, b: number) =>
  ((a === NA || a === ZHE) && b === GE) || (a === JIU && b === SHI) || (a === RAN && b === HOU);

/**
 * How many characters of `spokenCore(text.slice(start, end))` occur in `phrase`, counted in place:
 * the same left-to-right removal of hesitation words, then hesitation characters and everything
 * not Chinese, without building the intermediate strings (this runs for every sound match).
 */
function exactChars(text: string, start: number, end: number, phrase: string): number {
  let exact = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (i + 1 < end && isHesitationWord(c, text.charCodeAt(i + 1))) {
      i++;
      continue;
    }
    if (c < 0x4e00 || c > 0x9fff || HESITATION_CODES.has(c)) continue;
    if (phrase.includes(text[i]!)) exact++;
  }
  return exact;
}

/**
 * The sounds of the last text read, marked with a generation number (no clearing per text):
 * `present[c] === mark` when the sound (code unit) c occurs in it.
 */
const present = new Int32Array(0x10000);
/** Sounds already looked up in the current `find` (its own generation numbers). */
const visited = new Int32Array(0x10000);
let visit = 0;

/**
 * The last text's reading and marked sounds: the detectors ask several matchers about the same
 * utterance in a row, so one entry saves recomputing both.
 */
let last: { text: string; sound: string; mark: number } | undefined;
function readingOf(text: string): { sound: string; mark: number } {
  if (last?.text !== text) {
    const sound = soundCanonical(text);
    let mark = (last?.mark ?? 0) + 1;
    if (mark === 0x7fffffff) {
      present.fill(0);
      mark = 1;
    }
    for (let k = 0; k < sound.length; k++) present[sound.charCodeAt(k)] = mark;
    last = { text, sound, mark };
  }
  if (visit === 0x7fffffff) {
    visited.fill(0);
    visit = 0;
  }
  return last;
}

const DROPPED = /[\s\u3000]/;

/**
 * The view (fillers already marked) with spaces and every hesitation removed, 那个/就是/然后
 * included: what patterns read when ASR dropped a hesitation inside a phrase (一到那个冬天就…).
 * `map` points each character back into the utterance. The characters stay as written: a single
 * character heard by sound (漏, 挤, 催) has too many homophones in ordinary speech.
 * Detectors read it through `spokenFlatOf` (prepare.ts), kept on the prepared utterance.
 */
export function spokenFlat(view: string): FlatText {
  const n = view.length;
  if (keepBuffer.length < n) keepBuffer = new Uint8Array(n * 2);
  const keep = keepBuffer;
  // One pass: HESITATION_WORDS then HESITATION_CHARS, as a global scan of each finds them
  // (leftmost, non-overlapping words, then single characters); filler marks and spaces dropped.
  let kept = 0;
  for (let i = 0; i < n; i++) {
    const c = view.charCodeAt(i);
    if (i + 1 < n && isHesitationWord(c, view.charCodeAt(i + 1))) {
      keep[i] = 0;
      keep[i + 1] = 0;
      i++;
      continue;
    }
    // Chinese characters are never spaces; the expression decides only for the others.
    const stays =
      c !== FILLER_CODE && !HESITATION_CODES.has(c) && ((c >= 0x4e00 && c <= 0x9fff) || !isDropped(c));
    keep[i] = stays ? 1 : 0;
    if (stays) kept++;
  }
  // Most views lose nothing: the view itself, with the identity map (shared, never written).
  if (kept === n) return { text: view, map: identityOf(n) };
  const map: number[] = new Array(kept);
  let text = '';
  let m = 0;
  for (let i = 0; i < n; ) {
    if (keep[i] === 0) {
      i++;
      continue;
    }
    const from = i;
    while (i < n && keep[i] === 1) map[m++] = i++;
    text += view.slice(from, i);
  }
  return { text, map };
}

/** Which characters of the view stay, reused from text to text (grown when needed). */
let keepBuffer = new Uint8Array(256);

/** Per code unit: 0 not yet asked, 1 DROPPED matches it, 2 it does not (asked once per unit). */
const droppedByUnit = new Uint8Array(0x10000);
function isDropped(c: number): boolean {
  let d = droppedByUnit[c]!;
  if (d === 0) {
    d = DROPPED.test(String.fromCharCode(c)) ? 1 : 2;
    droppedByUnit[c] = d;
  }
  return d === 1;
}

/** Identity maps by length, shared by the views that lose nothing (callers only read a map). */
const identities: number[][] = [];
function identityOf(n: number): number[] {
  let map = identities[n];
  if (map === undefined) {
    map = Array.from({ length: n }, (_, i) => i);
    if (n <= 4096) identities[n] = map;
  }
  return map;
}
const FILLER_CODE = FILLER_MARK.charCodeAt(0);
