import { describe, expect, it } from 'vitest';
import { askedIn, findImplicitNeed } from '../../pipeline/nlp/need.detector.js';
import { prepare, shippedLexicons } from '../helpers/runtime.js';

// Made up for these tests, not taken from any labelled call.
describe('a problem word inside what the customer asks for is no implicit need (need.wanted.ts)', () => {
  const lexicon = shippedLexicons().get('manufacturing');
  const CASES: { text: string; expected: boolean; why: string }[] = [
    {
      text: '我们希望以后别再返工，验收一次就过。',
      expected: false,
      why: 'the wanted state: no more rework',
    },
    { text: '我们要求出错率控制在千分之一以内。', expected: false, why: 'a requirement on errors' },
    { text: '最好是夜班的时候也不用排队等叉车。', expected: false, why: '最好 + the queue wanted away' },
    { text: '我们希望以后别再返工验收一次就过', expected: false, why: 'the same without punctuation' },
    { text: '现在老返工，我们希望验收一次就过。', expected: true, why: 'the problem told before the want' },
    {
      text: '我们希望验收一次就过，现在每个月都要返工三四次。',
      expected: true,
      why: 'the problem in a clause of its own',
    },
    {
      text: '我们希望验收一次就过现在每个月都要返工三四次',
      expected: true,
      why: '现在 goes back to how things are',
    },
    {
      text: '希望能快一点，仓库里的货天天堆着出不去，客户老投诉。',
      expected: true,
      why: 'the want is short, the problem follows',
    },
  ];
  for (const c of CASES) {
    it(`${c.expected ? 'finds' : 'does not find'} a need in ${c.text} (${c.why})`, () => {
      const u = prepare(c.text, 'customer', 'manufacturing');
      expect(findImplicitNeed(u, [], lexicon, askedIn(u)) !== undefined).toBe(c.expected);
    });
  }

  it('still finds every one of them without the want read', () => {
    for (const c of CASES) {
      expect(findImplicitNeed(prepare(c.text, 'customer', 'manufacturing'), [], lexicon)).toBeDefined();
    }
  });
});
