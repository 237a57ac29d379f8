import { describe, expect, it } from 'vitest';
import { findNextStep, HEARD_MARKERS } from '../../pipeline/nlp/next-step.detector.js';
import { findHeardNextStep } from '../../pipeline/nlp/next-step.heard.js';
import { prepare, shippedLexicons } from '../helpers/runtime.js';

// Team-written rep turns as a recogniser might write them: homophones, no punctuation. Each is
// first checked to hold no next step as written, so the reading by sound is what decides.
const CASES: { text: string; expected: string | null; why: string }[] = [
  {
    text: '好的握下轴三带工程师过去给您装',
    expected: 'next_step.dated.heard',
    why: '周 heard as 轴: a visit on a day ahead',
  },
  {
    text: '那握明天把抱价单乏您邮箱',
    expected: 'next_step.dated.heard',
    why: '报价 and 发 heard as 抱价 and 乏: a quote sent tomorrow',
  },
  {
    text: '握把我们的资料乏您微信您有空看看',
    expected: null,
    why: 'material to read only (convention 13)',
  },
  {
    text: '如果下轴三能定下来握们就过去装',
    expected: null,
    why: 'a condition, not a step agreed',
  },
  {
    text: '上轴三握们过去给您演示的那套设备',
    expected: null,
    why: 'a visit that already happened',
  },
  {
    text: '好的握下轴三带工程师过去，您看行吗？',
    expected: null,
    why: 'typed text (punctuated) is read as written only',
  },
];

describe('next steps heard by sound', () => {
  const lexicon = shippedLexicons().get('saas');
  for (const c of CASES) {
    it(`${c.text} (${c.why})`, () => {
      const u = prepare(c.text);
      expect(findNextStep(u)).toBeUndefined();
      const found = findHeardNextStep(u, lexicon, findNextStep, HEARD_MARKERS);
      expect(found?.rule ?? null).toBe(c.expected);
    });
  }

  it('points the span into the utterance as written', () => {
    const text = '好的握下轴三带工程师过去给您装';
    const found = findHeardNextStep(prepare(text), lexicon, findNextStep, HEARD_MARKERS);
    expect(found && text.slice(...found.span)).toBe('下轴三带工程师过去');
  });
});
