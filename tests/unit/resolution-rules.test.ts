import { describe, expect, it } from 'vitest';
import { stripPunctuation } from '../../pipeline/nlp/normalize.js';
import { closesAgreeing, isBindingStep } from '../../pipeline/nlp/resolution.rules.js';
import { prepare } from '../helpers/runtime.js';

// Team-written rep sentences (none taken from a labelled call or an issue text), each checked as
// written and with every punctuation mark removed (ASR text).

/** Convention 9 with convention 13's look-alikes: agreeing to a send of reading material resolves nothing. */
const STEPS: { text: string; binding: boolean; why: string }[] = [
  { text: '那我下午把产品手册发到您邮箱，您抽空翻一翻。', binding: false, why: 'reading material only' },
  { text: '好的，我先加您微信，有需要您随时找我。', binding: false, why: 'a vague promise' },
  { text: '那我周五上午带样品到厂里给您演示一下。', binding: true, why: 'a visit with samples' },
  { text: '我把报价单和合同草稿整理好发给您。', binding: true, why: 'a quote and a contract' },
  { text: '我把资料准备好，下周三当面给您讲一遍。', binding: true, why: 'material with a dated meeting' },
  { text: '我们先免费给您试用一个月，您看效果。', binding: true, why: 'a trial' },
];

describe('a next step that can resolve an objection', () => {
  for (const c of STEPS) {
    for (const text of [c.text, stripPunctuation(c.text)]) {
      it(`${text} → ${c.binding ? 'binding' : 'not binding'} (${c.why})`, () => {
        expect(isBindingStep(prepare(text, 'rep', 'manufacturing'))).toBe(c.binding);
      });
    }
  }
});

/** Acceptance at the end of a sentence after the customer restates the answer. */
const CLOSES: { text: string; closes: boolean; why: string }[] = [
  { text: '分三期付的话，那还可以。', closes: true, why: '那还可以' },
  { text: '有人驻场就好办了，那就好。', closes: true, why: '那就好' },
  { text: '还好吧，价格还是高。', closes: false, why: '还好 is so-so' },
  { text: '那不行，我们等不了。', closes: false, why: 'a negation' },
];

describe('a reply closing on acceptance', () => {
  for (const c of CLOSES) {
    for (const text of [c.text, stripPunctuation(c.text)]) {
      it(`${text} → ${c.closes ? 'closes agreeing' : 'does not'} (${c.why})`, () => {
        expect(closesAgreeing(prepare(text, 'customer', 'manufacturing'))).toBe(c.closes);
      });
    }
  }
});
