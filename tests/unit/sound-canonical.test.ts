import { describe, expect, it } from 'vitest';
import { soundCanonical } from '../../lexicons/pinyin-index.js';

describe('soundCanonical', () => {
  it('reads homophones alike and keeps what has no reading', () => {
    expect(soundCanonical('贵')).toBe(soundCanonical('桂'));
    expect(soundCanonical('您是说')).toBe(soundCanonical('您是硕'));
    expect(soundCanonical('CBCT 123，ok！')).toBe('CBCT 123，ok！');
    expect(soundCanonical('')).toBe('');
    // A lone surrogate unit stays the unit it was.
    expect(soundCanonical('\ud83d价')).toBe(`\ud83d${soundCanonical('价')}`);
  });

  it('gives a long text (past the reused buffer) the readings of its characters, in place', () => {
    const text = '这个价格您是说太贵了吗，ABC，'.repeat(200);
    const expected = [...text].map((c) => soundCanonical(c)).join('');
    expect(soundCanonical(text)).toBe(expected);
    expect(soundCanonical(text).length).toBe(text.length);
    // A short text after the long one is not padded with its tail.
    expect(soundCanonical('您是硕')).toBe(soundCanonical('您是说'));
    expect(soundCanonical('您是硕')).toHaveLength(3);
  });
});
