/**
 * Clause splitting that works with and without punctuation. ASR text often has none, so besides
 * punctuation it splits at pauses (whitespace) and after sentence-final particles that are
 * followed by more speech (…方便吗您这边… → 方便吗 | 您这边…).
 */
export interface Clause {
  /** [start, end) in code points of the utterance, trimmed of separators. */
  readonly start: number;
  readonly end: number;
  /** The clause text with fillers removed (fillers are '\u2063' in the view). */
  readonly text: string;
  /** Index in the view of each character of `text`. */
  readonly map: readonly number[];
  /** The punctuation that closed the clause: '?', '.', '!', ',', or '' (none). */
  readonly terminator: '?' | '.' | '!' | ',' | '';
  /** Index of the sentence (run of clauses up to strong punctuation) the clause belongs to. */
  readonly sentence: number;
}

export const FILLER_MARK = '\u2063';

/**
 * Character classes as bits of one table indexed by code unit: splitting reads every character
 * of every utterance, and a typed-array load is cheaper than a Set lookup.
 */
const CLASS = new Uint8Array(0x10000);
/** A class of characters (all in the BMP) with its bit set in CLASS. */
function codes(chars: string, bit: number): { has(code: number): boolean } {
  for (const c of chars) {
    const code = c.charCodeAt(0);
    CLASS[code] = (CLASS[code] ?? 0) | bit;
  }
  return { has: (code) => (CLASS[code]! & bit) !== 0 };
}
const STRONG = codes('。.！!？?；;…', 1);
const WEAK = codes('，,：:~～—', 2);
const SPACE = codes(' \t\n', 4);
/** Particles that end a clause when more speech follows them. */
const FINAL_PARTICLES = codes('吗呢吧嘛啊呀哈', 8);
/** Words in which those particles are not final (酒吧, 吗啡, 呢子, 啊哈). */
const PARTICLE_WORDS = ['酒吧', '吧台', '网吧', '吗啡', '呢子', '呢绒', '哈哈', '哈密', '啊哈'];
const FILLER_CODE = FILLER_MARK.charCodeAt(0);
const ENUM_COMMA = '、'.charCodeAt(0);
const QUESTION_MARKS = codes('？?', 16);
const EXCLAMATIONS = codes('！!', 32);

function terminatorOf(code: number): Clause['terminator'] {
  if (QUESTION_MARKS.has(code)) return '?';
  if (EXCLAMATIONS.has(code)) return '!';
  if (STRONG.has(code)) return '.';
  return ',';
}

const isHan = (code: number) => (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf);
const isAlnum = (code: number) =>
  (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);

function isDecimalPoint(view: string, i: number): boolean {
  const prev = view.charCodeAt(i - 1);
  const next = view.charCodeAt(i + 1);
  return view.charCodeAt(i) === 46 && prev >= 48 && prev <= 57 && next >= 48 && next <= 57;
}

function particleEndsHere(view: string, i: number, code: number): boolean {
  if (!FINAL_PARTICLES.has(code)) return false;
  const next = view.charCodeAt(i + 1);
  if (Number.isNaN(next) || !isHan(next) || FINAL_PARTICLES.has(next)) return false;
  const ch = view[i]!;
  for (const w of PARTICLE_WORDS) {
    const k = w.indexOf(ch);
    if (k >= 0 && view.startsWith(w, i - k)) return false;
  }
  return true;
}

/** Splits an utterance view into clauses. */
export function splitClauses(view: string): Clause[] {
  const clauses: Clause[] = [];
  let sentence = 0;
  let start = 0;
  const flush = (end: number, terminator: Clause['terminator']) => {
    const map: number[] = [];
    for (let i = start; i < end; i++) {
      const c = view.charCodeAt(i);
      if (c === FILLER_CODE || SPACE.has(c)) continue;
      if (c === ENUM_COMMA && map.length === 0) continue;
      map.push(i);
    }
    while (map.length > 0 && view.charCodeAt(map[map.length - 1]!) === ENUM_COMMA) map.pop();
    if (map.length > 0) {
      const first = map[0]!;
      const last = map[map.length - 1]!;
      const text =
        last - first + 1 === map.length ? view.slice(first, last + 1) : map.map((i) => view[i]).join('');
      clauses.push({ start: first, end: last + 1, text, map, terminator, sentence });
    }
    if (terminator !== ',' && terminator !== '') sentence++;
  };
  for (let i = 0; i < view.length; i++) {
    const code = view.charCodeAt(i);
    if ((STRONG.has(code) && !isDecimalPoint(view, i)) || WEAK.has(code)) {
      // Runs of punctuation (？！, ……) close one clause.
      let j = i;
      let term = terminatorOf(code);
      while (
        j + 1 < view.length &&
        (STRONG.has(view.charCodeAt(j + 1)) || WEAK.has(view.charCodeAt(j + 1)))
      ) {
        j++;
        const t = terminatorOf(view.charCodeAt(j));
        if (t === '?' || (t !== ',' && term === ',')) term = t;
      }
      flush(i, term);
      start = j + 1;
      i = j;
    } else if (SPACE.has(code) && isPause(view, i)) {
      flush(i, '');
      start = i + 1;
    } else if (particleEndsHere(view, i, code)) {
      flush(i + 1, '');
      start = i + 1;
    }
  }
  flush(view.length, '');
  return clauses;
}

/** Whitespace between two Chinese characters is an ASR pause; inside Latin text it is a space. */
function isPause(view: string, i: number): boolean {
  return !(isAlnum(view.charCodeAt(i - 1)) && isAlnum(view.charCodeAt(i + 1)));
}
