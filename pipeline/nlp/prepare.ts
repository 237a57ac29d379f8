import type { CompiledLexicon, TermOccurrence } from '../../lexicons/lexicon.compile.js';
import type { Category } from '../../lexicons/lexicon.schema.js';
import type { Utterance } from '../../models/transcript.js';
import { type Clause, FILLER_MARK, splitClauses } from './clauses.js';
import { markersHeardBySound, markersHeardBySoundEnabled } from './heard-markers.js';
import { normalizeText } from './normalize.js';
import { type FlatText, flatten } from './pattern.js';
import { detectClauseQuestions, QUESTION_CATEGORIES, type QuestionUnit } from './question.detector.js';
import { type BaseSegmenter, baseTokens, mergeTerms, selectTerms, type Token } from './segment.js';
import { spokenFlat } from './sound.js';

/** An utterance with everything the detectors share: normalised text, terms, clauses, tokens. */
export interface PreparedUtterance extends Utterance {
  readonly index: number;
  /** Normalised text; same length in code points as `text` (see normalize.ts). */
  readonly norm: string;
  /** `norm` with fillers replaced by FILLER_MARK: what detectors read. */
  readonly view: string;
  readonly terms: readonly TermOccurrence[];
  readonly clauses: readonly Clause[];
  readonly tokens: readonly Token[];
  /** Content words, synonyms folded to their concept, stop words and fillers removed. */
  readonly content: readonly ContentWord[];
  readonly questions: readonly QuestionUnit[];
  /** `terms` grouped by category, for the detectors' lookups. */
  readonly byCategory: ReadonlyMap<Category, readonly TermOccurrence[]>;
  /** Filler spans (kept for timing, ignored by detectors). */
  readonly fillers: readonly [number, number][];
}

export interface ContentWord {
  readonly word: string;
  readonly start: number;
  readonly end: number;
}

export interface PrepareDeps {
  lexicon: CompiledLexicon;
  cut: BaseSegmenter;
  stopwords: ReadonlySet<string>;
}

const CONTENT_SKIP: ReadonlySet<Category> = new Set<Category>([
  'filler',
  'question.tag',
  'question.particle',
  'restatement',
  'restatement.tail',
]);
const PUNCT_OR_SPACE = /^[\p{P}\p{Z}\p{S}\u2063\uFFFC\s]+$/u;

/** True for a token made only of punctuation, symbols, spaces or placeholders. */
function isPunctOrSpace(text: string): boolean {
  const c = text.charCodeAt(0);
  if (c >= 0x4e00 && c <= 0x9fff) return false; // the common case: a Chinese word
  return PUNCT_OR_SPACE.test(text);
}

/**
 * Hesitations a speaker (or a recogniser) puts inside a phrase: 定嗯不了, 不那个放心, 来得及然后吗.
 * The ordinary spoken ones (as pipeline/nlp/sound.ts); 额, 啊 and 哎 are left out because they
 * are also parts of words (金额) or sentence particles that lexicon terms end with.
 */
const HESITATION_RUNS = ['嗯', '呃', '唔'] as const;
const HESITATION_WORDS = ['那个', '这个', '就是', '然后'] as const;
/** The inner hesitations as an expression: 嗯+|呃+|唔+|那个|这个|就是|然后. */
const INNER_HESITATION = new RegExp([...HESITATION_RUNS.map((c) => `${c}+`), ...HESITATION_WORDS].join('|'));
/**
 * Per code unit: 1 when a run of it is a hesitation, 2 when a hesitation word starts with it. What
 * `hesitationAt` reads; most characters are neither and cost one lookup.
 */
const HESITATION_START = new Uint8Array(0x10000);
for (const c of HESITATION_RUNS) HESITATION_START[c.charCodeAt(0)] = 1;
for (const w of HESITATION_WORDS) HESITATION_START[w.charCodeAt(0)] ||= 2;

/**
 * Length of the hesitation `INNER_HESITATION` matches at position i of `text`, or 0: the match of
 * a global scan that reaches i, read without the expression (no match objects per utterance).
 */
function hesitationAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  const kind = HESITATION_START[c] ?? 0;
  if (kind === 0) return 0;
  if (kind === 1) {
    let j = i + 1;
    while (text.charCodeAt(j) === c) j++;
    return j - i;
  }
  for (const w of HESITATION_WORDS) if (text.startsWith(w, i)) return w.length;
  return 0;
}
const LEADING_HESITATIONS = new RegExp(`^(?:${INNER_HESITATION.source}|${FILLER_MARK})+`);

/**
 * `text` (a slice of `view`) without the hesitations and filler marks it starts with: what a guard
 * reads right after a term (麻烦嗯你, 麻烦就是您).
 */
export function afterHesitations(text: string): string {
  return text.replace(LEADING_HESITATIONS, '');
}
/**
 * Categories looked for across a hesitation: objection and need vocabulary (我定嗯不了, 不那个放心).
 * Others are not: 把我就是叫过去 would read as the self-introduction 我叫.
 */
const BRIDGED = /^(objection|need)\b/;

/**
 * Lexicon terms that a hesitation interrupts: the terms found in the text with its hesitations
 * removed whose span covers one, mapped back to the text (their span includes the hesitation).
 * A term that is contiguous in the text is found by `findTerms` already and is not repeated here.
 */
export function termsAcrossHesitations(
  norm: string,
  lexicon: Pick<CompiledLexicon, 'findTermsAcross'>,
): TermOccurrence[] {
  let stripped = '';
  // Per removed hesitation: where it was cut in the stripped text, and how much was removed
  // there and before.
  const breaks: number[] = [];
  const removed: number[] = [];
  let at = 0;
  for (let start = 0; start < norm.length; ) {
    const length = hesitationAt(norm, start);
    if (length === 0) {
      start++;
      continue;
    }
    const end = start + length;
    // Only between two Chinese characters: at a clause's edge it interrupts nothing.
    if (isHan(norm.charCodeAt(start - 1)) && isHan(norm.charCodeAt(end))) {
      stripped += norm.slice(at, start);
      breaks.push(stripped.length);
      removed.push(end - start + (removed.length > 0 ? removed[removed.length - 1]! : 0));
      at = end;
    }
    start = end;
  }
  if (at === 0) return [];
  stripped += norm.slice(at);
  // A stripped position in `norm`: shifted by everything removed at or before it.
  const toNorm = (p: number): number => {
    let k = breaks.length - 1;
    while (k >= 0 && breaks[k]! > p) k--;
    return k < 0 ? p : p + removed[k]!;
  };
  const out: TermOccurrence[] = [];
  // Only terms with a cut strictly inside can cover a hesitation: the others are not made.
  for (const t of lexicon.findTermsAcross(stripped, breaks, BRIDGED)) {
    const start = toNorm(t.start);
    const end = toNorm(t.end - 1) + 1;
    if (end - start === t.end - t.start || !BRIDGED.test(t.entry.category)) continue;
    out.push({ ...t, start, end });
  }
  return out;
}

/** A character of the CJK Unified Ideographs block (false past either end of a text). */
function isHan(code: number): boolean {
  return code >= 0x4e00 && code <= 0x9fff;
}

/** Term occurrences in text order, the longest first at one start (as `findTerms` gives them). */
function byStartLongestFirst(a: TermOccurrence, b: TermOccurrence): number {
  return a.start - b.start || b.end - a.end;
}

/**
 * Prepares every utterance of a call. Word segmentation is lazy: jieba runs only for utterances
 * whose content words a detector reads (restatements, needs and the questions after them), which
 * is usually a fifth of a call; the result is the same as segmenting everything.
 */
export function prepareCall(utterances: readonly Utterance[], deps: PrepareDeps): PreparedUtterance[] {
  return utterances.map((u, i) => prepareUtterance(u, i, deps));
}

/** Prepares one utterance. Pure given its dependencies. */
export function prepareUtterance(u: Utterance, index: number, deps: PrepareDeps): PreparedUtterance {
  const { lexicon } = deps;
  const norm = normalizeText(u.text).text;
  const exact = lexicon.findTerms(norm);
  // Industry terms heard through their pinyin (ASR mis-hearings) join the exact ones.
  const heard = lexicon.findHeardTerms(
    norm,
    exact.map((t) => [t.start, t.end] as const),
  );
  const bridged = termsAcrossHesitations(norm, lexicon);
  let found = heard.length > 0 ? [...exact, ...heard] : exact;
  // Objection and need markers with one mis-heard character (off unless a measurement turns it on).
  if (markersHeardBySoundEnabled()) {
    const markers = markersHeardBySound(
      norm,
      lexicon,
      found.filter((t) => !QUESTION_CATEGORIES.has(t.entry.category)),
    );
    if (markers.length > 0) found = [...found, ...markers].sort(byStartLongestFirst);
  }
  // A bridged term never cuts into a term written without a break: it may only cover whole ones.
  // (Question vocabulary is resolved apart, so it does not count.)
  const kept =
    bridged.length === 0
      ? NO_TERMS
      : bridged.filter((b) =>
          found.every(
            (t) =>
              QUESTION_CATEGORIES.has(t.entry.category) ||
              t.end <= b.start ||
              t.start >= b.end ||
              (t.start >= b.start && t.end <= b.end),
          ),
        );
  const hits = kept.length > 0 ? [...found, ...kept].sort(byStartLongestFirst) : found;
  // Question vocabulary and everything else are resolved separately, so a question word never
  // hides an objection (是不 | 不需要了) and a price word never hides a question word (多少钱).
  // Most utterances hold no question vocabulary: then every term is plain, read as it is.
  let plain: readonly TermOccurrence[] = hits;
  const question: TermOccurrence[] = [];
  if (hits.some((t) => QUESTION_CATEGORIES.has(t.entry.category))) {
    const rest: TermOccurrence[] = [];
    for (const t of hits) (QUESTION_CATEGORIES.has(t.entry.category) ? question : rest).push(t);
    plain = rest;
  }
  const all = selectTerms(plain);
  const qTerms = question.length > 0 ? selectTerms(question) : NO_TERMS;
  const fillers: [number, number][] = [];
  for (const t of all) if (t.entry.category === 'filler') fillers.push([t.start, t.end]);
  // 那个/就是 followed by a pause are hesitation, not words.
  if (/(那个|就是|然后)[，,、\s]/.test(norm)) {
    for (const m of norm.matchAll(/(那个|就是|然后)(?=[，,、\s])/g)) {
      const at = m.index ?? 0;
      const before = norm[at - 1];
      if (at === 0 || before === undefined || /[，,。！？!?、\s]/.test(before))
        fillers.push([at, at + m[0].length]);
    }
  }
  let view = norm;
  if (fillers.length > 0) {
    fillers.sort((x, y) => x[0] - y[0]);
    let out = '';
    let at = 0;
    for (const [a, b] of fillers) {
      if (a < at) continue;
      out += norm.slice(at, a) + FILLER_MARK.repeat(b - a);
      at = b;
    }
    view = out + norm.slice(at);
  }
  const terms = fillers.length > 0 ? all.filter((t) => t.entry.category !== 'filler') : all;
  const clauses = splitClauses(view);
  // Most clauses hold no question term: they share one empty list.
  const qByClause: (readonly TermOccurrence[])[] = qTerms.length > 0 ? clauses.map(() => NO_TERMS) : [];
  for (const t of qTerms) {
    const ci = clauses.findIndex((c) => c.start <= t.start && c.end >= t.end);
    if (ci < 0) continue;
    const map = clauses[ci]!.map;
    const a = map.indexOf(t.start);
    // Only terms whose characters are contiguous in the clause text (no filler inside).
    if (a < 0 || map[a + t.end - t.start - 1] !== t.end - 1) continue;
    const occurrence = { start: a, end: a + t.end - t.start, pattern: t.pattern, entry: t.entry };
    if (qByClause[ci] === NO_TERMS) qByClause[ci] = [occurrence];
    else (qByClause[ci] as TermOccurrence[]).push(occurrence);
  }
  const questions: QuestionUnit[] = [];
  for (let i = 0; i < clauses.length; i++) {
    const c = clauses[i]!;
    let before = '';
    for (let k = i - 1; k >= 0 && clauses[k]!.sentence === c.sentence; k--)
      before = clauses[k]!.text + before;
    let sentenceEnd: Clause['terminator'] = c.terminator;
    for (let k = i; k < clauses.length && clauses[k]!.sentence === c.sentence; k++)
      sentenceEnd = clauses[k]!.terminator;
    const askedBefore = questions.some(
      (q) =>
        q.start < c.start &&
        clauses.some((p) => p.sentence === c.sentence && q.start >= p.start && q.start < p.end),
    );
    questions.push(
      ...detectClauseQuestions(c, lexicon, {
        before,
        sentenceEnd,
        terms: qByClause[i] ?? NO_TERMS,
        speaker: u.speaker,
        askedBefore,
      }),
    );
  }
  // Utterances without terms share one empty map.
  let byCategory: ReadonlyMap<Category, readonly TermOccurrence[]> = NO_CATEGORIES;
  if (terms.length > 0) {
    const grouped = new Map<Category, TermOccurrence[]>();
    for (const t of terms) {
      const list = grouped.get(t.entry.category);
      if (list) list.push(t);
      else grouped.set(t.entry.category, [t]);
    }
    byCategory = grouped;
  }
  return new Prepared(u, index, norm, view, terms, clauses, questions, fillers, byCategory, {
    all,
    qTerms,
    deps,
  });
}

/** What lazy segmentation needs besides the prepared fields. */
interface SegmentInputs {
  readonly all: readonly TermOccurrence[];
  readonly qTerms: readonly TermOccurrence[];
  readonly deps: PrepareDeps;
}

/**
 * A prepared utterance. A class rather than an object literal with getters: a literal with
 * accessors is built property by property on every utterance (measured: a quarter of preparing
 * one), a class instance has one shape and its getters live on the prototype.
 */
class Prepared implements PreparedUtterance {
  readonly id: string;
  readonly speaker: Utterance['speaker'];
  readonly start: number;
  readonly end: number;
  readonly text: string;
  #segmented: { base: Token[]; content: ContentWord[] } | undefined;
  #tokens: Token[] | undefined;
  #flat: FlatText | undefined;
  #spoken: FlatText | undefined;
  #inputs: SegmentInputs | undefined;
  /** The selected terms, kept after segmentation for `tokens`. */
  #all: readonly TermOccurrence[] = NO_TERMS;

  constructor(
    u: Utterance,
    readonly index: number,
    readonly norm: string,
    readonly view: string,
    readonly terms: readonly TermOccurrence[],
    readonly clauses: readonly Clause[],
    readonly questions: readonly QuestionUnit[],
    readonly fillers: readonly [number, number][],
    readonly byCategory: ReadonlyMap<Category, readonly TermOccurrence[]>,
    inputs: SegmentInputs,
  ) {
    this.id = u.id;
    this.speaker = u.speaker;
    this.start = u.start;
    this.end = u.end;
    this.text = u.text;
    this.#inputs = inputs;
  }

  /** `flatten(view)`, computed on first use. */
  get flat(): FlatText {
    this.#flat ??= flatten(this.view);
    return this.#flat;
  }

  /** `spokenFlat(view)`, computed on first use. */
  get spoken(): FlatText {
    this.#spoken ??= spokenFlat(this.view);
    return this.#spoken;
  }

  /** jieba's words with lexicon terms merged; made on first read (no detector reads them). */
  get tokens(): readonly Token[] {
    this.#tokens ??= mergeTerms(this.norm, this.#segment().base, this.#all);
    return this.#tokens;
  }

  get content(): readonly ContentWord[] {
    return this.#segment().content;
  }

  #segment(): { base: Token[]; content: ContentWord[] } {
    if (this.#segmented) return this.#segmented;
    const { all, qTerms, deps } = this.#inputs!;
    const { norm, fillers } = this;
    const base = baseTokens(norm, deps.cut);
    // Content words: jieba's words (as the restatement convention measures), each folded to its
    // lexicon concept when it is a synonym; stop words, fillers, punctuation and the words of
    // restatement markers and question tags dropped.
    const skipSpans: [number, number][] = [...fillers];
    for (const t of all) if (CONTENT_SKIP.has(t.entry.category)) skipSpans.push([t.start, t.end]);
    for (const t of qTerms) if (CONTENT_SKIP.has(t.entry.category)) skipSpans.push([t.start, t.end]);
    const content: ContentWord[] = [];
    for (const tok of base) {
      if (isPunctOrSpace(tok.text) || deps.stopwords.has(tok.text)) continue;
      if (skipSpans.length > 0 && skipSpans.some(([a, b]) => tok.start >= a && tok.end <= b)) continue;
      content.push({ word: deps.lexicon.fold(tok.text), start: tok.start, end: tok.end });
    }
    this.#segmented = { base, content };
    this.#all = all;
    this.#inputs = undefined;
    return this.#segmented;
  }
}

const NO_TERMS: readonly TermOccurrence[] = [];
const NO_CATEGORIES: ReadonlyMap<Category, readonly TermOccurrence[]> = new Map();

/**
 * The utterance's view without fillers and whitespace, what pattern rules read (pattern.ts):
 * kept on a prepared utterance, so the detectors that read it share one copy.
 */
export function flatOf(u: PreparedUtterance): FlatText {
  return u instanceof Prepared ? u.flat : flatten(u.view);
}

/**
 * The view without spaces and hesitations (sound.ts `spokenFlat`), what the objection and need
 * detectors read for phrases a hesitation interrupts: kept on a prepared utterance like `flatOf`.
 */
export function spokenFlatOf(u: PreparedUtterance): FlatText {
  return u instanceof Prepared ? u.spoken : spokenFlat(u.view);
}

/** Terms of one category (or any of several) in an utterance, optionally within a span. */
export function termsOf(
  u: PreparedUtterance,
  categories: Category | readonly Category[],
  within?: [number, number],
): readonly TermOccurrence[] {
  let list: readonly TermOccurrence[];
  // Many utterances hold no term at all (对, 好的, 嗯): no lookup.
  if (u.byCategory.size === 0) list = NO_TERMS;
  else if (typeof categories === 'string') list = u.byCategory.get(categories) ?? NO_TERMS;
  else {
    // The non-empty lists in category order; usually none or one, which is returned as it is.
    let first: readonly TermOccurrence[] | undefined;
    let merged: TermOccurrence[] | undefined;
    for (const c of categories) {
      const part = u.byCategory.get(c);
      if (part === undefined || part.length === 0) continue;
      if (first === undefined) first = part;
      else {
        merged ??= [...first];
        for (const t of part) merged.push(t);
      }
    }
    // A stable sort by start, as the lists concatenated in category order.
    list = merged ? merged.sort(byStart) : (first ?? NO_TERMS);
  }
  // The list itself, not a copy: callers only read it (the type says so).
  return within ? list.filter((t) => t.start >= within[0] && t.end <= within[1]) : list;
}

const byStart = (a: TermOccurrence, b: TermOccurrence) => a.start - b.start;

/** F1 between the sets of content words of two texts (behaviours.md restatement accuracy). */
export function contentF1(a: readonly string[], b: readonly string[]): number {
  const A = new Set(a);
  const B = new Set(b);
  if (A.size === 0 || B.size === 0) return 0;
  let overlap = 0;
  for (const w of A) if (B.has(w)) overlap++;
  if (overlap === 0) return 0;
  const p = overlap / A.size;
  const r = overlap / B.size;
  return (2 * p * r) / (p + r);
}

/** Content words inside [start, end). */
export function wordsWithin(u: PreparedUtterance, start = 0, end = Number.POSITIVE_INFINITY): string[] {
  const out: string[] = [];
  for (const c of u.content) if (c.start >= start && c.end <= end) out.push(c.word);
  return out;
}

/** Longest question unit (code points) that can "own" the words inside it. */
const SHORT_QUESTION = 16;

/**
 * True when [start, end) lies inside a short question unit. Long units come from unpunctuated
 * text where a whole turn is one clause; they do not make every word in them interrogative.
 */
export function insideShortQuestion(u: PreparedUtterance, start: number, end: number): boolean {
  return u.questions.some((q) => q.start <= start && q.end >= end && q.end - q.start <= SHORT_QUESTION);
}
