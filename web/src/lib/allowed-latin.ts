/**
 * The Latin words allowed in interface text: product and research names, file formats and units.
 * Everything else a user reads is Simplified Chinese. One list, read by the source scan
 * (tests/web/web-ui-text.test.ts) and the browser check (tests/e2e/interface-text.e2e.test.ts).
 * Keep it short: a word belongs here only when a Chinese sales team says it in Latin letters too.
 */
export const ALLOWED_LATIN: ReadonlySet<string> = new Set([
  // product and research names
  'Gong',
  'Labs',
  'SaaS',
  'IT',
  // file formats a user picks or gets
  'JSON',
  'CSV',
  'PDF',
  'mp3',
  'wav',
  'm4a',
  // the key of that name, and units
  'Tab',
  'ms',
  // the accuracy measure the learned model's publishing guard compares, as lexicon editors know it
  'F1',
]);

/** A Latin word: a letter followed by letters or digits (u4 and F1 are words; 2 and x are not). */
const LATIN_WORD = /[A-Za-z][A-Za-z0-9]+/g;

/** The Latin words in `text` that are not on the allowed list, in order. */
export function foreignWords(text: string): string[] {
  return (text.match(LATIN_WORD) ?? []).filter((w) => !ALLOWED_LATIN.has(w));
}
