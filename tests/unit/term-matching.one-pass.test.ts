import { describe, expect, it } from 'vitest';
import { compileLexicon, upperAscii } from '../../lexicons/lexicon.compile.js';
import { LexiconRegistry } from '../../lexicons/lexicon.registry.js';
import type { LexiconDocument } from '../../lexicons/lexicon.schema.js';
import { buildTermMatcher, type TermHit } from '../../lexicons/term-matcher.js';
import { termsAcrossHesitations } from '../../pipeline/nlp/prepare.js';
import { mulberry32 } from '../../shared/seeded-random.js';

/** Every occurrence of every pattern by brute force, in `findAll`'s order (start, longest first). */
function naiveFindAll(patterns: readonly string[], text: string): [number, number, number][] {
  const out: [number, number, number][] = [];
  const seen = new Set<string>();
  for (let start = 0; start < text.length; start++)
    for (let end = text.length; end > start; end--) {
      const piece = text.slice(start, end);
      const p = patterns.indexOf(piece);
      if (p >= 0 && !seen.has(`${start},${end}`)) {
        seen.add(`${start},${end}`);
        out.push([start, end, p]);
      }
    }
  return out;
}

const triples = (hits: readonly TermHit[]) => hits.map((h) => [h.start, h.end, h.pattern]);

describe('term matcher scan', () => {
  const rnd = mulberry32(20261207);
  const alphabet = 'abcAB不放心那个';
  const word = (n: number) =>
    Array.from({ length: n }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');

  it('finds what a brute-force search finds, on random patterns and texts', () => {
    for (let round = 0; round < 60; round++) {
      const patterns = [
        ...new Set(Array.from({ length: 1 + Math.floor(rnd() * 12) }, () => word(1 + Math.floor(rnd() * 4)))),
      ];
      const m = buildTermMatcher(patterns);
      for (let t = 0; t < 10; t++) {
        const text = word(Math.floor(rnd() * 40));
        expect(triples(m.findAll(text))).toEqual(naiveFindAll(patterns, text));
        const { count, data } = m.scan(text);
        expect(
          Array.from({ length: count }, (_, k) => [data[3 * k], data[3 * k + 1], data[3 * k + 2]]),
        ).toEqual(naiveFindAll(patterns, text));
        // A window finds the hits inside it; case folding reads the text as upperAscii does.
        const from = Math.floor(rnd() * text.length);
        const to = from + Math.floor(rnd() * (text.length - from + 1));
        const scanned = m.scan(text, false, from, to);
        expect(
          Array.from({ length: scanned.count }, (_, k) => [scanned.data[3 * k], scanned.data[3 * k + 1]]),
        ).toEqual(
          naiveFindAll(patterns, text)
            .filter(([a, b]) => a >= from && b <= to)
            .map(([a, b]) => [a, b]),
        );
        const folded = m.scan(text, true);
        expect(folded.count).toBe(naiveFindAll(patterns, upperAscii(text)).length);
      }
    }
  });

  it('grows its buffer for texts with many hits, and exact() finds whole patterns only', () => {
    const m = buildTermMatcher(['a', 'aa', 'aaa']);
    expect(m.scan('a'.repeat(200)).count).toBe(200 + 199 + 198);
    expect(m.maxLength).toBe(3);
    expect([m.exact('aa'), m.exact('aaaa'), m.exact(''), m.exact('b')]).toEqual([1, -1, -1, -1]);
  });
});

const base: LexiconDocument = { industry: 'base', name: '基础', terms: [], stopwords: [] };
const overlay = (terms: LexiconDocument['terms']): LexiconDocument => ({
  industry: 'demo',
  name: '演示',
  terms,
});

describe('terms across a break', () => {
  const lexicon = compileLexicon(
    base,
    overlay([
      { term: '不放心', category: 'objection.trust' },
      { term: '放心', category: 'need' },
      { term: '定不了', category: 'objection.authority', synonyms: ['做不了主'] },
      { term: '我叫', category: 'product' },
      { term: 'CBCT', category: 'need' },
    ]),
    1,
  );

  it('returns the occurrences of findTerms of the category with a break strictly inside, in order', () => {
    const category = /^(objection|need)\b/;
    const rnd = mulberry32(7);
    let across = 0;
    const pieces = ['不', '放心', '定', '不了', '我', '叫', '做不了主', 'cbct', 'X', '的'];
    for (let round = 0; round < 300; round++) {
      const text = Array.from(
        { length: 1 + Math.floor(rnd() * 8) },
        () => pieces[Math.floor(rnd() * pieces.length)],
      ).join('');
      const breaks = [
        ...new Set(Array.from({ length: Math.floor(rnd() * 3) }, () => Math.floor(rnd() * text.length))),
      ].sort((a, b) => a - b);
      const expected = lexicon
        .findTerms(text)
        .filter((t) => category.test(t.entry.category) && breaks.some((b) => t.start < b && b < t.end));
      if (expected.length > 0) across++;
      expect(lexicon.findTermsAcross(text, breaks, category)).toEqual(expected);
    }
    expect(across).toBeGreaterThan(20);
  });

  it('bridges hesitations as before: the hesitation inside the span, the term mapped back', () => {
    const text = '我定嗯嗯不了，不那个放心，我就是叫';
    expect(
      termsAcrossHesitations(text, lexicon).map((t) => [text.slice(t.start, t.end), t.entry.category]),
    ).toEqual([
      ['定嗯嗯不了', 'objection.authority'],
      ['不那个放心', 'objection.trust'],
    ]);
    expect(termsAcrossHesitations('嗯不放心然后', lexicon)).toEqual([]);
  });

  it('equals the definition by expressions (hesitations removed between Chinese characters, terms found in the rest)', () => {
    const hesitation = /嗯+|呃+|唔+|那个|这个|就是|然后/g;
    const han = /[\u4e00-\u9fff]/;
    const byDefinition = (norm: string) => {
      let stripped = '';
      const map: number[] = [];
      let at = 0;
      for (const m of norm.matchAll(hesitation)) {
        const start = m.index;
        if (!han.test(norm[start - 1] ?? '') || !han.test(norm[start + m[0].length] ?? '')) continue;
        for (let i = at; i < start; i++) map.push(i);
        stripped += norm.slice(at, start);
        at = start + m[0].length;
      }
      if (at === 0) return [];
      for (let i = at; i < norm.length; i++) map.push(i);
      stripped += norm.slice(at);
      return lexicon
        .findTerms(stripped)
        .map((t) => ({ ...t, start: map[t.start]!, end: map[t.end - 1]! + 1 }))
        .filter(
          (t, k, all) =>
            t.end - t.start !== all[k]!.entry.surface.length && /^(objection|need)\b/.test(t.entry.category),
        );
    };
    const rnd = mulberry32(11);
    let bridged = 0;
    const pieces = [
      '不',
      '放心',
      '定',
      '不了',
      '嗯',
      '嗯嗯',
      '呃',
      '唔',
      '那个',
      '这个',
      '就是',
      '然后',
      '那',
      '个',
      '，',
      'a',
      '我',
    ];
    for (let round = 0; round < 2000; round++) {
      const text = Array.from(
        { length: Math.floor(rnd() * 12) },
        () => pieces[Math.floor(rnd() * pieces.length)],
      ).join('');
      const expected = byDefinition(text);
      if (expected.length > 0) bridged++;
      expect(termsAcrossHesitations(text, lexicon)).toEqual(expected);
    }
    expect(bridged).toBeGreaterThan(20);
  });

  it('a new version of a lexicon matches with its own matchers; the old one is unchanged', () => {
    const registry = new LexiconRegistry(base, [overlay([{ term: '不放心', category: 'objection.trust' }])]);
    const v1 = registry.get('demo');
    const before = termsAcrossHesitations('我定嗯不了', v1);
    const v2 = registry.publish(
      overlay([
        { term: '不放心', category: 'objection.trust' },
        { term: '定不了', category: 'objection.authority' },
      ]),
    );
    // Interleaved calls: each version's matchers and scan buffers are its own.
    const found = termsAcrossHesitations('我定嗯不了', v2);
    expect(termsAcrossHesitations('我定嗯不了', v1)).toEqual(before);
    expect(before).toEqual([]);
    expect(found.map((t) => t.entry.concept)).toEqual(['定不了']);
    const exact = v2.findTerms('不放心定不了');
    v1.findTerms('不放心不放心');
    expect(exact.map((t) => [t.start, t.end])).toEqual([
      [0, 3],
      [3, 6],
    ]);
  });
});
