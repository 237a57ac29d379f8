import { describe, expect, it } from 'vitest';
import { loadPiiCorpus, scorePii } from '../fixtures/pii/corpus.js';

/**
 * The PII corpus of issue 14: at least 300 variants (every form of every kind) and 300
 * look-alikes. The bar is the measured figure: every variant found and masked out of the text,
 * no look-alike masked. `npm run eval:pii` prints the same figures.
 */
describe('PII corpus', () => {
  const { variants, lookAlikes } = loadPiiCorpus();

  it('holds at least 300 variants and 300 look-alikes', () => {
    expect(variants.length).toBeGreaterThanOrEqual(300);
    expect(lookAlikes.length).toBeGreaterThanOrEqual(300);
    expect(new Set(variants.map((c) => c.text)).size).toBeGreaterThanOrEqual(300);
    expect(new Set(lookAlikes.map((c) => c.text)).size).toBeGreaterThanOrEqual(300);
    for (const kind of ['mobile', 'landline', 'id_card', 'bank_card', 'email']) {
      expect(variants.filter((c) => c.pii.some((p) => p.kind === kind)).length, kind).toBeGreaterThanOrEqual(
        30,
      );
    }
  });

  it('finds and masks every variant (recall 1.0), with no value left readable', () => {
    const score = scorePii(variants);
    expect(score.missed).toEqual([]);
    expect(score.recall).toBe(1);
    expect(score.leaks).toBe(0);
    expect(score.wrong).toEqual([]);
  });

  it('masks no look-alike (precision 1.0 over both sets)', () => {
    const score = scorePii(lookAlikes);
    expect(score.wrong).toEqual([]);
    expect(score.masked).toBe(0);
    const all = scorePii([...variants, ...lookAlikes]);
    expect(all.precision).toBe(1);
  });
});
