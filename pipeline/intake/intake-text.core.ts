import { maskPii, type PiiMatch } from '../nlp/pii.js';
import type { BaseSegmenter } from '../nlp/segment.js';

/** Words worth indexing: anything with a letter or digit (drops punctuation and spaces). */
const WORD = /[\p{L}\p{N}]/u;

/** The search words of a text: NFKC-folded, segmented, punctuation and spaces dropped. */
export function searchWordsOf(segment: (text: string) => string[], text: string): string[] {
  return segment(text.normalize('NFKC')).filter((w) => WORD.test(w));
}

/** The texts of a submitted call, before they are stored. */
export interface IntakeTextInput {
  /** Utterance texts: each masked, then its search words taken from the masked text. */
  readonly texts: readonly string[];
  /** Other stored fields (customer name and company): masked only, not indexed. */
  readonly fields: readonly string[];
  /** PII_MASKING: off stores the texts as given (search words are still taken). */
  readonly maskPii: boolean;
}

/** What intake stores: the masked texts and fields, the search index's text and what was masked. */
export interface IntakeText {
  readonly texts: string[];
  readonly fields: string[];
  /** The search words of every masked text, space-separated (the call's search index). */
  readonly searchText: string;
  /** Every masked span, texts first then fields, in order (their keyed hashes serve erasure). */
  readonly matches: PiiMatch[];
}

/**
 * Masking and search-word segmentation of a call's texts in one pass: the CPU-heavy part of
 * intake (tens of seconds for a 20,000-utterance call on a loaded machine), pure so that the
 * server runs it in an analysis thread instead of on the event loop that serves HTTP.
 */
export function prepareIntakeText(input: IntakeTextInput, segment: BaseSegmenter): IntakeText {
  const matches: PiiMatch[] = [];
  const mask = (text: string): string => {
    if (!input.maskPii) return text;
    const r = maskPii(text);
    for (const m of r.matches) matches.push(m);
    return r.text;
  };
  const words: string[] = [];
  const texts = input.texts.map((t) => {
    const masked = mask(t);
    // From the masked text: a masked number is never a search word.
    for (const w of searchWordsOf(segment, masked)) words.push(w);
    return masked;
  });
  const fields = input.fields.map(mask);
  return { texts, fields, searchText: words.join(' '), matches };
}
