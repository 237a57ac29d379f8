import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { soundCanonical } from '../../lexicons/pinyin-index.js';
import { findCorrection, findImplicitNeed } from '../../pipeline/nlp/need.detector.js';
import { markerAlphabet, markerReading, needWords } from '../../pipeline/nlp/need.heard.js';
import { NEED_RULES } from '../../pipeline/nlp/need.patterns.js';
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

  it('reads by code unit what the alphabet’s sets and maps say, whatever the text holds', () => {
    // The definition over the alphabet's own sets (the reading looks characters up by code).
    const reference = (text: string, alphabet: ReturnType<typeof markerAlphabet>) => {
      const key = soundCanonical(text);
      let out: string[] | undefined;
      for (let i = 0; i < text.length; i++) {
        const c = text[i]!;
        if (alphabet.chars.has(c) || !/\p{Script=Han}/u.test(c)) continue;
        const m = alphabet.bySound.get(key[i]!);
        if (m === undefined) continue;
        out ??= [...text];
        out[i] = m;
      }
      return out?.join('');
    };
    const alphabet = markerAlphabet([
      ...NEED_RULES.map((r) => r.re.source),
      ...needWords(shippedLexicons().get('saas')),
    ]);
    const texts = ['赖不及', '我们现在雅力很大', '补货补不过赖 ok 2号', '报菲了𠀀嗯', '', 'abc'];
    for (const line of readFileSync('examples/calls/med-story.json', 'utf8').match(/"text":\s*"[^"]*"/g) ??
      [])
      texts.push(line.replace(/^"text":\s*"|"$/g, '').replace(/[，。？！、]/g, ''));
    expect(texts.length).toBeGreaterThan(10);
    expect(texts.filter((t) => reference(t, alphabet) !== undefined).length).toBeGreaterThan(3);
    for (const text of texts)
      expect(markerReading(flat(text), alphabet)?.text, text).toBe(reference(text, alphabet));
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
