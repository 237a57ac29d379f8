import type { CompiledLexicon, LexiconEntry, TermOccurrence } from '../../lexicons/lexicon.compile.js';

/** Base word segmentation (jieba in production; any function in tests). */
export type BaseSegmenter = (text: string) => string[];

export interface Token {
  readonly text: string;
  /** [start, end) in code points of the utterance. */
  readonly start: number;
  readonly end: number;
  /** Lexicon entries when the token is a lexicon term (merged from several jieba words if needed). */
  readonly entries?: readonly LexiconEntry[];
}

/**
 * Occurrences of lexicon terms, resolved leftmost-longest so that a longer phrase hides the
 * shorter terms inside it (很多客户也有这个顾虑 is acknowledgement, not the evidence word 客户).
 * Every entry of a selected surface is kept (base and overlay may both define it).
 */
export function selectTerms(all: readonly TermOccurrence[]): TermOccurrence[] {
  const out: TermOccurrence[] = [];
  let cursor = 0;
  let lastStart = -1;
  let lastEnd = -1;
  for (const occ of all) {
    if (occ.start === lastStart && occ.end === lastEnd) {
      out.push(occ);
      continue;
    }
    if (occ.start >= cursor) {
      out.push(occ);
      cursor = occ.end;
      lastStart = occ.start;
      lastEnd = occ.end;
    }
  }
  return out;
}

/**
 * Segments one utterance: jieba words, then lexicon terms merged into single tokens where the
 * term covers whole jieba words (手术室/空间/限制 → 手术室空间限制). Terms that would split a jieba
 * word are left to jieba, so adding a lexicon never makes segmentation of ordinary text worse.
 * The lexicon is an argument: a new version applies to the next call without touching jieba.
 */
export function segmentText(
  text: string,
  lexicon: CompiledLexicon,
  cut: BaseSegmenter,
  terms: readonly TermOccurrence[] = selectTerms(lexicon.findTerms(text)),
): Token[] {
  return mergeTerms(text, baseTokens(text, cut), terms);
}

/** jieba's words with their offsets (gaps jieba skipped become tokens of their own). */
export function baseTokens(text: string, cut: BaseSegmenter): Token[] {
  const words = cut(text);
  const base: Token[] = [];
  let cursor = 0;
  for (const w of words) {
    const at = text.startsWith(w, cursor) ? cursor : text.indexOf(w, cursor);
    if (at < 0) continue; // jieba never invents text; be defensive anyway
    if (at > cursor) base.push({ text: text.slice(cursor, at), start: cursor, end: at });
    base.push({ text: w, start: at, end: at + w.length });
    cursor = at + w.length;
  }
  if (cursor < text.length) base.push({ text: text.slice(cursor), start: cursor, end: text.length });
  return base;
}

/** Merges lexicon terms that cover whole base tokens into single tokens. */
export function mergeTerms(text: string, base: readonly Token[], terms: readonly TermOccurrence[]): Token[] {
  if (terms.length === 0) return [...base];

  const out: Token[] = [];
  let t = 0;
  let i = 0;
  while (i < base.length) {
    const tok = base[i]!;
    while (t < terms.length && terms[t]!.start < tok.start) t++;
    const term = terms[t];
    if (term && term.start === tok.start) {
      let j = i;
      while (j < base.length && base[j]!.end < term.end) j++;
      if (j < base.length && base[j]!.end === term.end) {
        const entries: LexiconEntry[] = [];
        for (
          let k = t;
          k < terms.length && terms[k]!.start === term.start && terms[k]!.end === term.end;
          k++
        ) {
          entries.push(terms[k]!.entry);
        }
        out.push({ text: text.slice(term.start, term.end), start: term.start, end: term.end, entries });
        i = j + 1;
        continue;
      }
    }
    out.push(tok);
    i++;
  }
  return out;
}
