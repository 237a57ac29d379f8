import { describe, expect, it } from 'vitest';
import { agrees } from '../../pipeline/nlp/handling.detector.js';
import { stripPunctuation } from '../../pipeline/nlp/normalize.js';
import { findObjections, withDeliveryWorry, withRivalPrice } from '../../pipeline/nlp/objection.detector.js';
import { prepare } from '../helpers/runtime.js';

// Objection types read from general Mandarin (docs/measurements.md, 2026-12-07 evening, objection
// types and agreement, issue 11). Sentences written for this test, none taken from a labelled call;
// each is checked as written and without punctuation. Rules only (no second stage).
const types = (text: string): string[] => {
  const u = prepare(text, 'customer', 'manufacturing');
  return withDeliveryWorry(u, withRivalPrice(u, findObjections(u)))
    .map((o) => o.type)
    .sort();
};

const CASES: { text: string; expected: string[]; why: string }[] = [
  { text: '今年的培训经费上半年就花得差不多了。', expected: ['price'], why: 'the budget already spent' },
  { text: '设备款年初就分完了，多出来的钱走不了账。', expected: ['price'], why: 'no budget line for it' },
  { text: '再加一套，这笔钱从哪儿来？', expected: ['price'], why: 'where the money would come from' },
  { text: '分期也是钱，早晚都得付。', expected: ['price'], why: 'another way to pay still costs' },
  { text: '这些经验都是钱买不来的。', expected: [], why: '都是钱 is no objection' },
  {
    text: '你们的价格肯定比不过宏达。',
    expected: ['competitor', 'price'],
    why: 'the price loses to a rival',
  },
  { text: '现在这套用得还行，我们没打算大动。', expected: ['need'], why: 'no plan to change' },
  { text: '说实话还没到非换不可的地步。', expected: ['need'], why: 'not yet a must' },
  { text: '对你们的售后我心里还是打鼓。', expected: ['trust'], why: '心里打鼓 is a doubt' },
  {
    text: '我就怕切换那几天系统用不了，店里没法收银。',
    expected: ['delivery', 'trust'],
    why: 'a worry about the cut-over is about delivery',
  },
  {
    text: '冷链这块我真不放心，夏天货容易化。',
    expected: ['delivery', 'trust'],
    why: 'a worry about transport is about delivery',
  },
  { text: '我就怕上线以后数据出问题。', expected: ['trust'], why: 'after go-live the worry is quality' },
  { text: '刚装的时候好好的，我怕过两年就不行了。', expected: ['trust'], why: 'the product ageing' },
  {
    text: '南港的我们现在拿一万二一吨，你们贵了一千。',
    expected: ['competitor', 'price'],
    why: 'a rival named by what the customer pays it',
  },
  { text: '宏达给我们才八十五一吨。', expected: ['competitor'], why: 'a rival named by its offer' },
  { text: '老板给我们是三个月的期限。', expected: [], why: 'the boss is no vendor' },
];

describe('objection types from general Mandarin', () => {
  for (const c of CASES) {
    it(`${c.why}: ${c.text}`, () => {
      expect(types(c.text)).toEqual(c.expected);
      expect(types(stripPunctuation(c.text))).toEqual(c.expected);
    });
  }
});

const REPLIES: { text: string; agrees: boolean; why: string }[] = [
  { text: '那行，周五见。', agrees: true, why: '那行 agrees with what was said' },
  { text: '那就好，你发过来吧。', agrees: true, why: '那就好' },
  { text: '中，就这么弄。', agrees: true, why: 'northern 中 (OK)' },
  { text: '成，你安排。', agrees: true, why: 'northern 成 (OK)' },
  { text: '那行是行，就是太贵。', agrees: false, why: 'a concession' },
  { text: '中间那个环节还得再看。', agrees: false, why: '中间 is no agreement' },
  { text: '成本还是高。', agrees: false, why: '成本 is no agreement' },
  { text: '中午我们再碰一下。', agrees: false, why: '中午 is no agreement' },
  { text: '成都那边也有分厂。', agrees: false, why: '成都 is no agreement' },
  { text: '那成本怎么算。', agrees: false, why: '那成本 is no agreement' },
  { text: '那行吧，就按你说的。', agrees: true, why: '那行吧' },
];

describe('the customer accepts the answer: 那行, 中, 成', () => {
  for (const c of REPLIES) {
    for (const text of [c.text, stripPunctuation(c.text)]) {
      it(`${text} → ${c.agrees ? 'agrees' : 'does not agree'} (${c.why})`, () => {
        expect(agrees(prepare(text, 'customer', 'manufacturing'), new Map())).toBe(c.agrees);
      });
    }
  }
});
