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

const STRONG = new Set(['。', '.', '！', '!', '？', '?', '；', ';', '…']);
const WEAK = new Set(['，', ',', '：', ':', '~', '～', '—']);
/** Particles that end a clause when more speech follows them. */
const FINAL_PARTICLES = new Set(['吗', '呢', '吧', '嘛', '啊', '呀', '哈']);
/** Words in which those particles are not final (酒吧, 吗啡, 呢子, 啊哈). */
const PARTICLE_WORDS = ['酒吧', '吧台', '网吧', '吗啡', '呢子', '呢绒', '哈哈', '哈密', '啊哈'];

function terminatorOf(ch: string): Clause['terminator'] {
  if (ch === '？' || ch === '?') return '?';
  if (ch === '！' || ch === '!') return '!';
  if (STRONG.has(ch)) return '.';
  return ',';
}

function isDecimalPoint(view: string, i: number): boolean {
  return view[i] === '.' && /[0-9]/.test(view[i - 1] ?? '') && /[0-9]/.test(view[i + 1] ?? '');
}

function particleEndsHere(view: string, i: number): boolean {
  const ch = view[i]!;
  if (!FINAL_PARTICLES.has(ch)) return false;
  const next = view[i + 1];
  if (next === undefined || !/\p{Script=Han}/u.test(next)) return false;
  if (FINAL_PARTICLES.has(next)) return false;
  for (const w of PARTICLE_WORDS) {
    const k = w.indexOf(ch);
    if (k >= 0 && view.startsWith(w, i - k)) return false;
  }
  // 啊/呀/哈 after a name or greeting are vocatives, still a fine place to split.
  return true;
}

/** Splits an utterance view into clauses. */
export function splitClauses(view: string): Clause[] {
  const clauses: Clause[] = [];
  let sentence = 0;
  let start = 0;
  const flush = (end: number, terminator: Clause['terminator']) => {
    let text = '';
    const map: number[] = [];
    for (let i = start; i < end; i++) {
      const ch = view[i]!;
      if (ch === FILLER_MARK || ch === ' ' || ch === '\t' || ch === '\n' || ch === '、') {
        if (ch === '、' && text) {
          text += ch;
          map.push(i);
        }
        continue;
      }
      text += ch;
      map.push(i);
    }
    while (text.endsWith('、')) {
      text = text.slice(0, -1);
      map.pop();
    }
    if (text.length > 0) {
      clauses.push({ start: map[0]!, end: map[map.length - 1]! + 1, text, map, terminator, sentence });
    }
    if (terminator !== ',' && terminator !== '') sentence++;
  };
  for (let i = 0; i < view.length; i++) {
    const ch = view[i]!;
    if ((STRONG.has(ch) && !isDecimalPoint(view, i)) || WEAK.has(ch)) {
      // Runs of punctuation (？！, ……) close one clause.
      let j = i;
      let term = terminatorOf(ch);
      while (j + 1 < view.length && (STRONG.has(view[j + 1]!) || WEAK.has(view[j + 1]!))) {
        j++;
        const t = terminatorOf(view[j]!);
        if (t === '?' || (t !== ',' && term === ',')) term = t;
      }
      flush(i, term);
      start = j + 1;
      i = j;
    } else if ((ch === ' ' || ch === '\n' || ch === '\t') && isPause(view, i)) {
      flush(i, '');
      start = i + 1;
    } else if (particleEndsHere(view, i)) {
      flush(i + 1, '');
      start = i + 1;
    }
  }
  flush(view.length, '');
  return clauses;
}

/** Whitespace between two Chinese characters is an ASR pause; inside Latin text it is a space. */
function isPause(view: string, i: number): boolean {
  const prev = view[i - 1] ?? '';
  const next = view[i + 1] ?? '';
  return !(/[A-Za-z0-9]/.test(prev) && /[A-Za-z0-9]/.test(next));
}
