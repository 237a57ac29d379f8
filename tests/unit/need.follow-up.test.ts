import { describe, expect, it } from 'vitest';
import { followsUp } from '../../pipeline/nlp/need.detector.js';
import { prepare } from '../helpers/runtime.js';

describe('几 after a number is "a few", not a question (followsUp without punctuation)', () => {
  const CASES: { text: string; expected: boolean; why: string }[] = [
    {
      text: '我们接手的那家门店半年下来评分涨了不少月到店从十几个涨到了五十多个',
      expected: false,
      why: '十几个 counts, it does not ask',
    },
    {
      text: '我们帮一家店做了三个月复购从二十几单做到了八十几单',
      expected: false,
      why: '二十几单, 八十几单: counts',
    },
    { text: '明白那这种情况一个月会碰到几次', expected: true, why: '几次 without a number before it asks' },
  ];
  for (const c of CASES) {
    it(`${c.expected ? 'follows up' : 'does not follow up'}: ${c.text} (${c.why})`, () => {
      expect(followsUp(prepare(c.text, 'rep', 'saas'))).toBe(c.expected);
    });
  }
});
