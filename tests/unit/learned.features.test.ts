import { describe, expect, it } from 'vitest';
import {
  cleanText,
  DEFAULT_FEATURE_CONFIG,
  type FeatureConfig,
  featuresOf,
  nextOtherIndex,
  previousOtherIndex,
} from '../../pipeline/learned/features.js';
import { stripPunctuation } from '../../pipeline/nlp/normalize.js';

// A stand-in segmenter: two-character chunks. Features must not depend on which one is used
// for the invariances below, only on the text it is given.
const cut = (text: string): string[] => text.match(/.{1,2}/gu) ?? [];
const WITH_WORDS: FeatureConfig = { ...DEFAULT_FEATURE_CONFIG, words: true, previousWords: true };

describe('cleanText', () => {
  it.each([
    ['嗯，这个价格，呃，确实有点高啊。', '这个价格确实有点高'],
    ['额 我们 下个月 再说吧', '我们下个月再说吧'],
    ['总金额是多少？', '总金额是多少'],
    ['ＯＫ，没問題！', 'ok没问题'],
    ['交期要45天，太长了', '交期要00天太长了'],
    ['唔……哦，好的嘛', '好的'],
    ['“样机”——可以先试用吗？', '样机可以先试用吗'],
  ])('%s → %s', (text, clean) => {
    expect(cleanText(text)).toBe(clean);
  });

  it('keeps 额 inside words and drops it as a hesitation', () => {
    expect(cleanText('额度不够')).toBe('度不够'); // at the start it cannot be told apart
    expect(cleanText('嗯额，授信额度不够')).toBe('授信额度不够');
    expect(cleanText('我们的采购额不大')).toBe('我们的采购额不大');
  });
});

describe('featuresOf', () => {
  const call = [
    { speaker: 'rep' as const, text: '王经理您好，这款设备报价是十二万八，含三年维保。' },
    { speaker: 'customer' as const, text: '嗯，十二万八？这个价格，呃，超出我们今年的预算了啊。' },
    { speaker: 'rep' as const, text: '理解，我们也有分期的方案，您看下周二我带方案过来？' },
  ];

  it.each([0, 1, 2])('gives utterance %i the same features with and without punctuation and fillers', (i) => {
    const bare = call.map((u) => ({
      ...u,
      text: stripPunctuation(u.text).replace(/[嗯呃啊]/g, ''),
    }));
    for (const config of [DEFAULT_FEATURE_CONFIG, WITH_WORDS]) {
      expect(featuresOf(bare, i, config, cut)).toEqual(featuresOf(call, i, config, cut));
    }
  });

  it('reads the previous turn of the other speaker with its own prefix', () => {
    const f = featuresOf(call, 1, WITH_WORDS, cut);
    expect(f).toContain('pw:十二'); // a word of the rep's turn before the customer's objection
    expect(f).toContain('c2:预算');
    expect(f).toContain('c3:超出我');
    expect(f).toContain('c2:^十');
    expect(f).toContain('c2:了$');
    expect(f).not.toContain('d:noprev');
    expect(featuresOf(call, 0, WITH_WORDS, cut)).toContain('d:noprev');
  });

  it('marks question particles, digits and the length bucket', () => {
    const f = featuresOf([{ speaker: 'customer', text: '交期要45天吗？' }], 0);
    expect(f).toEqual(expect.arrayContaining(['d:qparticle', 'd:digit', 'd:len1', 'c2:00']));
  });

  it('is sorted and without duplicates', () => {
    const f = featuresOf(call, 2, WITH_WORDS, cut);
    expect(f).toEqual([...new Set(f)].sort());
  });
});

describe('previousOtherIndex', () => {
  it.each([
    [['rep', 'customer', 'customer'], 2, 0],
    [['rep', 'rep', 'customer'], 2, 1],
    [['customer', 'rep'], 0, -1],
    [['rep', 'rep'], 1, -1],
  ] as const)('%j at %i → %i', (speakers, i, expected) => {
    const us = speakers.map((speaker) => ({ speaker, text: '好的' }));
    expect(previousOtherIndex(us, i)).toBe(expected);
  });
});

describe('reply features', () => {
  const WITH_REPLY: FeatureConfig = { ...DEFAULT_FEATURE_CONFIG, nextBigrams: true };
  const call = [
    { speaker: 'rep' as const, text: '这款设备报价是十二万八。' },
    { speaker: 'customer' as const, text: '这个价格超出预算了。' },
    { speaker: 'customer' as const, text: '我们今年还买了别的。' },
    { speaker: 'rep' as const, text: '理解您的顾虑，可以分期。' },
    { speaker: 'customer' as const, text: '那我再想想。' },
  ];

  it('reads the next utterance of the other speaker, past the same speaker’s own turns', () => {
    for (const i of [1, 2]) {
      const f = featuresOf(call, i, WITH_REPLY);
      expect(f).toEqual(expect.arrayContaining(['n2:理解', 'n2:顾虑', 'n2:分期']));
      expect(f).not.toContain('n2:今年'); // the customer's own next turn is not the reply
      expect(f).not.toContain('d:nonext');
    }
    expect(featuresOf(call, 3, WITH_REPLY)).toContain('n2:再想');
    expect(featuresOf(call, 0, WITH_REPLY)).toContain('n2:预算');
  });

  it('is absent at the end of the call, marked by d:nonext', () => {
    const f = featuresOf(call, 4, WITH_REPLY);
    expect(f).toContain('d:nonext');
    expect(f.some((x) => x.startsWith('n2:'))).toBe(false);
  });

  it('is not read unless the config asks for it', () => {
    for (let i = 0; i < call.length; i++) {
      const f = featuresOf(call, i, DEFAULT_FEATURE_CONFIG);
      expect(f.some((x) => x.startsWith('n2:') || x === 'd:nonext')).toBe(false);
    }
  });

  it.each([
    [['customer', 'customer', 'rep'], 0, 2],
    [['customer', 'rep', 'rep'], 0, 1],
    [['rep', 'customer'], 1, -1],
    [['rep', 'rep'], 0, -1],
  ] as const)('nextOtherIndex %j at %i → %i', (speakers, i, expected) => {
    const us = speakers.map((speaker) => ({ speaker, text: '好的' }));
    expect(nextOtherIndex(us, i)).toBe(expected);
  });
});
