import * as OpenCC from 'opencc-js';

let toSimplified: ((s: string) => string) | undefined;

/**
 * A search query as the index reads: full-width forms folded (NFKC) and traditional characters
 * made simplified (發票 → 发票), since stored transcripts are simplified Chinese.
 */
export function normalizeSearchQuery(query: string): string {
  const convert = toSimplified ?? OpenCC.Converter({ from: 't', to: 'cn' });
  toSimplified = convert;
  return convert(query.normalize('NFKC'));
}
