import { describe, expect, it } from 'vitest';
import { findCorrection, findImplicitNeed } from '../../pipeline/nlp/need.detector.js';
import { markerAlphabet, markerReading } from '../../pipeline/nlp/need.heard.js';
import { prepare, shippedLexicons } from '../helpers/runtime.js';

// Team-written cases (made up for these tests, not taken from any labelled call); the noisy ones
// are written by hand the way a recogniser errs: a character of the same sound, no punctuation.

describe('the marker reading (need.heard.ts)', () => {
  const flat = (text: string) => ({ text, map: [...text].map((_, i) => i) });

  it('writes a character as the one marker character of its sound', () => {
    const alphabet = markerAlphabet(['来不及', '报废']);
    expect(markerReading(flat('赖不及'), alphabet)?.text).toBe('来不及');
  });

  it('leaves a sound two marker characters share as written (费 and 废)', () => {
    expect(markerReading(flat('报菲'), markerAlphabet(['报废', '费劲']))).toBeUndefined();
  });

  it('changes nothing in text written with the markers’ own characters', () => {
    expect(markerReading(flat('来不及报废'), markerAlphabet(['来不及', '报废']))).toBeUndefined();
  });
});

describe('needs read by sound in text without punctuation (findImplicitNeed)', () => {
  const lexicon = shippedLexicons().get('saas');
  const CASES: { text: string; rule: string | null; why: string }[] = [
    { text: '我们现在雅力很大', rule: 'need.pressure', why: '雅 for 压, no punctuation' },
    { text: '我们现在雅力很大，', rule: null, why: 'typed text is read as written' },
    { text: '月底一忙对账就老出措', rule: 'need.pain-marker', why: '措 for 错 in a pain word' },
    {
      text: '我们现在用的是钉钉审批一个月一万多单',
      rule: null,
      why: 'a plain fact, no marker by sound either',
    },
  ];
  for (const c of CASES) {
    it(`${c.rule ?? 'no need'}: ${c.text} (${c.why})`, () => {
      const found = findImplicitNeed(prepare(c.text, 'customer', 'saas'), [], lexicon);
      expect(found?.rule ?? null).toBe(c.rule);
    });
  }

  it('gives a need read by sound a lower confidence than the same need written out', () => {
    const heard = findImplicitNeed(prepare('我们现在雅力很大', 'customer', 'saas'), [], lexicon);
    const read = findImplicitNeed(prepare('我们现在压力很大', 'customer', 'saas'), [], lexicon);
    expect(heard!.confidence).toBeLessThan(read!.confidence);
  });
});

describe('a correction without punctuation (findCorrection)', () => {
  const rep = prepare('您是说主要是价格太高，对吧？', 'rep', 'saas');
  const restated = new Map([[rep.id, {}]]);
  const CASES: { text: string; found: boolean; why: string }[] = [
    { text: '不是价格是仓库晚上没人看着', found: true, why: '不是X是Y without a comma' },
    { text: '不是嗯价格是仓库那个晚上没人看着', found: true, why: 'hesitations inside' },
    { text: '不是我是说上周已经付过了', found: false, why: '是说 (I mean) says nothing instead' },
    { text: '不是很清楚是吧', found: false, why: 'a hedge and a tag' },
  ];
  for (const c of CASES) {
    it(`${c.found ? 'finds' : 'does not find'} ${c.text} (${c.why})`, () => {
      const found = findCorrection(prepare(c.text, 'customer', 'saas'), rep, restated);
      expect(found?.rule ?? null).toBe(c.found ? 'need.correction' : null);
    });
  }
});
