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

// Second pass (docs/measurements.md, 2026-12-07 late night, issue 11): types told without the usual
// words, and two guards that hid the type (a figure read as 万一, 主要是 read as 要是).
const SECOND_PASS: { text: string; expected: string[]; why: string }[] = [
  { text: '报价一万一千五，含税。', expected: [], why: 'a figure with 万一 inside is no worry' },
  {
    text: '一万二还是比恒通贵八百。',
    expected: ['competitor', 'price'],
    why: 'a name compared with by price after the seller’s figure is a rival',
  },
  { text: '收益比存款利息高两个点。', expected: [], why: 'a benchmark compared with is no rival' },
  { text: '比去年贵了两千。', expected: ['price'], why: 'last year is no rival' },
  {
    text: '你们报的是2300，宏远的我们现在拿1900。',
    expected: ['competitor'],
    why: 'a rival named by its offer after the seller’s own quote',
  },
  { text: '主要是超市都认这个牌子。', expected: ['competitor'], why: '主要是 opens no condition' },
  { text: '要是顾客都认你们的牌子就好了。', expected: [], why: 'a real condition' },
  { text: '这一套投入也太大了。', expected: ['price'], why: 'the outlay is too much' },
  { text: '投入不大，主要是见效慢。', expected: [], why: 'a small outlay is no price objection' },
  { text: '一台二十万，能不能回本还两说。', expected: ['price'], why: 'doubting the payback' },
  { text: '一台二十万，多久能回本？', expected: [], why: 'asking the payback time' },
  { text: '盘子早就分完了。', expected: ['price'], why: 'the budget pool is spent' },
  { text: '盘子不够大，换个大的。', expected: [], why: 'a plate is no budget' },
  { text: '现在的合同还有半年才到期。', expected: ['timing'], why: 'bound by a contract until a date' },
  {
    text: '得等董事会开了会才能定。',
    expected: ['authority', 'timing'],
    why: 'a decision waiting for a board meeting',
  },
  { text: '会议室已经订好了。', expected: [], why: 'a meeting room is no committee' },
  { text: '出了这种事，我没法跟领导交代。', expected: ['authority'], why: 'answering to the boss' },
  {
    text: '差了三千块，我没法跟领导交代。',
    expected: ['price'],
    why: 'after a price gap the boss only witnesses the price',
  },
  { text: '有没有必要上这么一套，我还拿不准。', expected: ['need'], why: 'whether it is needed' },
  { text: '用不用都一样。', expected: ['need'], why: 'no difference either way' },
  { text: '大小都一样。', expected: [], why: 'a plain comparison' },
  { text: '效果好不好，得用了才知道。', expected: ['trust'], why: 'not believed before seen' },
  { text: '用了才知道原来这么方便。', expected: [], why: 'praise of what was tried' },
  { text: '装的时候可别耽误我们营业。', expected: ['delivery'], why: 'the install must not hold up work' },
  { text: '上次耽误了一天。', expected: [], why: 'a delay told without an install' },
  { text: '换了以后控制器都得重新标定。', expected: ['delivery'], why: 'calibrating everything again' },
  { text: '出了问题我们要赔钱的。', expected: ['trust'], why: 'the customer would pay for a failure' },
];

describe('objection types from general Mandarin', () => {
  for (const c of [...CASES, ...SECOND_PASS]) {
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
