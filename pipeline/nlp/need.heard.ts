import type { CompiledLexicon, TermOccurrence } from '../../lexicons/lexicon.compile.js';
import { documentTerms } from '../../lexicons/lexicon.schema.js';
import { soundCanonical } from '../../lexicons/pinyin-index.js';
import type { FlatText } from './pattern.js';

/**
 * Need markers read by sound in text without punctuation (ASR output). A recogniser writes a
 * word it heard with other characters of the same sound (补货补不过来 as 补货补不过赖, 报废 as
 * 报菲, 压力 as 雅力), which breaks every marker written as characters. The marker reading
 * rewrites each character that is not itself a marker character into the one marker character
 * of its sound (tone and near initials folded, see `soundCanonical`), when exactly one marker
 * character has that sound; the patterns, the inability expression and the lexicon's need words
 * then read that text as they read the written one. A sound shared by two marker characters
 * (费 and 废) is left as written: reading it both ways found more false needs than true ones on
 * the readable calls. The alphabet is built from the markers alone, never from a noise model.
 */
export interface MarkerAlphabet {
  /** Every character of a marker. */
  readonly chars: ReadonlySet<string>;
  /** Sound representative → the single marker character of that sound. */
  readonly bySound: ReadonlyMap<string, string>;
}

const HAN = /\p{Script=Han}/gu;
const IS_HAN = /\p{Script=Han}/u;

/** The alphabet of marker characters in `sources` (regular-expression sources or words). */
export function markerAlphabet(sources: Iterable<string>): MarkerAlphabet {
  const chars = new Set<string>();
  for (const s of sources) for (const c of s.match(HAN) ?? []) chars.add(c);
  const bySound = new Map<string, string>();
  const shared = new Set<string>();
  for (const c of chars) {
    const key = soundCanonical(c);
    if (shared.has(key)) continue;
    if (!bySound.has(key)) bySound.set(key, c);
    else {
      bySound.delete(key);
      shared.add(key);
    }
  }
  return { chars, bySound };
}

/**
 * `flat` with every Chinese character that sounds like exactly one marker character (and is not
 * one) written as that character; undefined when nothing changes. Same length, same map.
 */
export function markerReading(flat: FlatText, alphabet: MarkerAlphabet): FlatText | undefined {
  const { text } = flat;
  const key = soundCanonical(text);
  const { marker, bySound } = codesOf(alphabet);
  let out: string[] | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (marker[c] === 1 || !isHan(c)) continue;
    const m = bySound.get(key.charCodeAt(i));
    if (m === undefined) continue;
    out ??= [...text];
    out[i] = m;
  }
  return out && { text: out.join(''), map: flat.map };
}

/**
 * An alphabet by code unit, what `markerReading` looks each character up in: a character (one
 * code unit; a longer one is never a single unit of the text) is a marker character, and the
 * marker character of a sound (keys of one code unit, as each unit of a reading is).
 */
interface AlphabetCodes {
  readonly marker: Uint8Array;
  readonly bySound: ReadonlyMap<number, string>;
}

const codesByAlphabet = new WeakMap<MarkerAlphabet, AlphabetCodes>();

function codesOf(alphabet: MarkerAlphabet): AlphabetCodes {
  let codes = codesByAlphabet.get(alphabet);
  if (!codes) {
    const marker = new Uint8Array(0x10000);
    for (const c of alphabet.chars) if (c.length === 1) marker[c.charCodeAt(0)] = 1;
    const bySound = new Map<number, string>();
    for (const [k, c] of alphabet.bySound) if (k.length === 1) bySound.set(k.charCodeAt(0), c);
    codes = { marker, bySound };
    codesByAlphabet.set(alphabet, codes);
  }
  return codes;
}

/** Whether each code unit is Han (`IS_HAN`), looked up once: 0 not yet, 1 Han, 2 not. */
const hanByCode = new Uint8Array(0x10000);

function isHan(code: number): boolean {
  let h = hanByCode[code]!;
  if (h === 0) {
    h = IS_HAN.test(String.fromCharCode(code)) ? 1 : 2;
    hanByCode[code] = h;
  }
  return h === 1;
}

const needWordsOf = new WeakMap<CompiledLexicon, readonly string[]>();

/** The lexicon's need and pain words (terms and synonyms). */
export function needWords(lexicon: CompiledLexicon): readonly string[] {
  let words = needWordsOf.get(lexicon);
  if (!words) {
    words = lexicon.documents
      .flatMap(documentTerms)
      .filter((t) => t.category === 'need' || t.category === 'need.pain')
      .flatMap((t) => [t.term, ...(t.synonyms ?? [])]);
    needWordsOf.set(lexicon, words);
  }
  return words;
}

/**
 * The lexicon's need and pain words of two or more characters found in a marker reading, with spans mapped back into the
 * utterance and the written characters as what was heard.
 */
export function needTermsRead(reading: FlatText, view: string, lexicon: CompiledLexicon): TermOccurrence[] {
  const out: TermOccurrence[] = [];
  for (const t of lexicon.findTerms(reading.text)) {
    // One character heard by sound has too many homophones in ordinary speech (外 for 歪).
    if (t.end - t.start < 2 || (t.entry.category !== 'need' && t.entry.category !== 'need.pain')) continue;
    const start = reading.map[t.start];
    const last = reading.map[t.end - 1];
    if (start === undefined || last === undefined) continue;
    out.push({
      ...t,
      start,
      end: last + 1,
      heard: { surface: view.slice(start, last + 1), distance: 0 },
    });
  }
  return out;
}
