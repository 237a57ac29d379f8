import { describe, expect, it } from 'vitest';
import { stripPunctuation } from '../../pipeline/nlp/normalize.js';
import { findObjections, withDeliveryWorry, withRivalPrice } from '../../pipeline/nlp/objection.detector.js';
import { prepare } from '../helpers/runtime.js';

// Third pass on objection types (docs/measurements.md, 2026-12-08, objection types heard and
// unpunctuated, issue 11). Sentences written for this test, none taken from a labelled call; each is
// checked as written and without punctuation. Rules only (no second stage).
const types = (text: string): string[] => {
  const u = prepare(text, 'customer', 'manufacturing');
  return withDeliveryWorry(u, withRivalPrice(u, findObjections(u)))
    .map((o) => o.type)
    .sort();
};

const CASES: { text: string; expected: string[]; why: string }[] = [
  { text: '说是两周交货，两周我不太信。', expected: ['delivery'], why: 'a promised lead time doubted' },
  { text: '十天？十天我是不信。', expected: ['delivery'], why: 'a lead time doubted, said twice' },
  { text: '一个月就回本，我不信。', expected: [], why: 'a payback doubted is no lead time' },
  {
    text: '这事得等股东会，股东会一年就开两次。',
    expected: ['authority'],
    why: 'a decision waits for a board that seldom meets',
  },
  { text: '押金百分之十，那就得压五十多万。', expected: ['price'], why: 'money the deal would tie up' },
  { text: '仓库里压了两百多万的货。', expected: [], why: 'stock tied up is a pain told, no objection' },
  { text: '说白了这套系统就是个花架子。', expected: ['trust'], why: 'the product judged all show' },
  { text: '这东西中看不中用。', expected: ['trust'], why: 'looks good, does not work' },
  {
    text: '四块八，恒通给我们才四块二。',
    expected: ['competitor', 'price'],
    why: 'a rival’s lower offer right after the seller’s figure',
  },
  { text: '方案做了，一条线报了三十多万。', expected: [], why: 'a measure word starts no rival’s name' },
];

// A recogniser's homophones of a delivery topic (上闲 for 上线, 装的时后 for 装的时候): the worry is
// still about delivery. Only as heard: no punctuation.
const HEARD: { text: string; expected: string[]; why: string }[] = [
  { text: '我就怕你们上闲那几天出问题', expected: ['delivery', 'trust'], why: '上闲 heard as 上线' },
  { text: '我就怕你们装的时后出问题', expected: ['delivery', 'trust'], why: '装的时后 heard as 装的时候' },
  { text: '我就怕降到一千一以后出问题', expected: ['trust'], why: 'a figure heard as 迁移 is no topic' },
  { text: '我就怕用了以后出问题', expected: ['trust'], why: 'no delivery topic, heard or written' },
];

describe('objection types: lead times, boards, tied-up money, all show, rivals after a figure', () => {
  for (const c of CASES) {
    it(`${c.why}: ${c.text}`, () => {
      expect(types(c.text)).toEqual(c.expected);
      expect(types(stripPunctuation(c.text))).toEqual(c.expected);
    });
  }
});

describe('objection types: delivery topics read by sound', () => {
  for (const c of HEARD) {
    it(`${c.why}: ${c.text}`, () => {
      expect(types(c.text)).toEqual(c.expected);
    });
  }
});
