import { describe, expect, it } from 'vitest';
import type { LexiconEntry, TermOccurrence } from '../../lexicons/lexicon.compile.js';
import type { Category } from '../../lexicons/lexicon.schema.js';
import { type PreparedUtterance, termsOf } from '../../pipeline/nlp/prepare.js';

const occ = (surface: string, category: Category, start: number): TermOccurrence => ({
  start,
  end: start + surface.length,
  pattern: 0,
  entry: { surface, concept: surface, category, weight: 1, source: 'base' } as LexiconEntry,
});

/** 这个价格太贵了，预算不够，明年再说吧: price at 2 and 5, budget at 8, timing at 12. */
const price = [occ('价格', 'objection.price', 2), occ('太贵', 'objection.price', 4)];
const budget = [occ('预算不够', 'objection.price', 8)];
const timing = [occ('明年', 'objection.timing', 12), occ('价格', 'objection.timing', 2)];
const u = {
  byCategory: new Map<Category, readonly TermOccurrence[]>([
    ['objection.price', [...price, ...budget]],
    ['objection.timing', timing],
  ]),
} as unknown as PreparedUtterance;

const texts = (list: readonly TermOccurrence[]) => list.map((t) => `${t.entry.surface}@${t.start}`);

describe('termsOf', () => {
  it('returns the one non-empty list itself', () => {
    expect(termsOf(u, 'objection.price')).toBe(u.byCategory.get('objection.price'));
    expect(termsOf(u, ['need', 'objection.timing', 'need.pain'])).toBe(u.byCategory.get('objection.timing'));
    expect(termsOf(u, ['need', 'need.pain'])).toEqual([]);
  });

  it('merges several lists by start, ties in the order the categories are given', () => {
    expect(texts(termsOf(u, ['objection.price', 'objection.timing']))).toEqual([
      '价格@2',
      '价格@2',
      '太贵@4',
      '预算不够@8',
      '明年@12',
    ]);
    expect(termsOf(u, ['objection.timing', 'objection.price'])[0]!.entry.category).toBe('objection.timing');
    // The stored lists are left as they were.
    expect(texts(u.byCategory.get('objection.timing')!)).toEqual(['明年@12', '价格@2']);
  });

  it('keeps only the terms within a span', () => {
    expect(texts(termsOf(u, ['objection.price', 'objection.timing'], [3, 12]))).toEqual([
      '太贵@4',
      '预算不够@8',
    ]);
  });
});
