import { describe, expect, it } from 'vitest';
import { OBJECTION_TYPES, type ObjectionType } from '../../lexicons/lexicon.schema.js';
import { chooseTypes, parseTypeHead, TypeHead, typeHeadFeatures } from '../../pipeline/learned/type-head.js';
import { serializeTypeHead } from '../../pipeline/learned/type-head.schema.js';
import {
  type TypeExample,
  trainTypeHead,
  versionedTypeHead,
} from '../../pipeline/learned/type-head.train.js';
import { createJiebaSegmenter } from '../../pipeline/nlp/jieba.js';

// The objection-type head (an experiment measured by scripts/eval-types.ts). Team-written sentences.
const cut = createJiebaSegmenter();

describe('type head features', () => {
  it('reads the same features with and without punctuation', () => {
    expect(typeHeadFeatures('价格嘛，太高了！', undefined, cut)).toEqual(
      typeHeadFeatures('价格太高了', undefined, cut),
    );
  });

  it('marks the type words the rules know and the words of the previous turn', () => {
    const f = typeHeadFeatures('这个得老板拍板', '报价单今天发您', cut);
    expect(f).toContain('tw:authority');
    expect(f).not.toContain('tw:delivery');
    expect(f).toContain('pw:报价单');
    expect(f).toContain('c2:拍板');
  });
});

describe('chooseTypes', () => {
  const p = (over: Partial<Record<ObjectionType, number>>) =>
    Object.fromEntries(OBJECTION_TYPES.map((t) => [t, over[t] ?? 0.01])) as Record<ObjectionType, number>;
  const thresholds = OBJECTION_TYPES.map((t) => (t === 'need' ? 0.1 : 0.4));

  it('takes the likeliest type relative to its threshold when none reaches it', () => {
    // need 0.08 of 0.1 beats price 0.3 of 0.4.
    expect(chooseTypes(p({ price: 0.3, need: 0.08 }), thresholds)).toEqual(['need']);
  });

  it('adds every other type at or over its threshold', () => {
    expect(chooseTypes(p({ price: 0.9, competitor: 0.4, trust: 0.39 }), thresholds)).toEqual([
      'price',
      'competitor',
    ]);
  });
});

/** Seven industries, each with a price, an authority and a price-and-competitor objection. */
function examples(): TypeExample[] {
  const price = [
    '这个价格太贵了',
    '报价比预想的高',
    '预算不够啊',
    '钱方面压力大',
    '费用太高了',
    '价格再降点',
    '成本吃不消',
  ];
  const boss = [
    '得老板点头',
    '要领导拍板',
    '我做不了主',
    '得上会讨论',
    '总部拍板',
    '要走审批',
    '董事会说了算',
  ];
  const rival = [
    '别家便宜一半',
    '人家报价更低',
    '那家价格低',
    '友商便宜不少',
    '其他家更便宜',
    '同行报得低',
    '别家价格低',
  ];
  return OBJECTION_TYPES.slice(0, 7).flatMap((_, g) => [
    {
      call: `c${g}`,
      group: `g${g}`,
      features: typeHeadFeatures(price[g]!, undefined, cut),
      types: ['price'],
    },
    {
      call: `c${g}`,
      group: `g${g}`,
      features: typeHeadFeatures(boss[g]!, undefined, cut),
      types: ['authority'],
    },
    {
      call: `c${g}`,
      group: `g${g}`,
      features: typeHeadFeatures(rival[g]!, undefined, cut),
      types: ['price', 'competitor'],
    },
  ]);
}

describe('trainTypeHead', () => {
  const calls = Array.from({ length: 7 }, (_, g) => `c${g}`);

  it('gives the same file for the same examples, and a version of its content', () => {
    const a = serializeTypeHead(versionedTypeHead(trainTypeHead(examples(), calls), undefined));
    const b = serializeTypeHead(versionedTypeHead(trainTypeHead(examples(), calls), undefined));
    expect(a).toBe(b);
    expect(parseTypeHead(a, 'head.json').version).toMatch(/^type-head@1\+[0-9a-f]{12}$/);
  });

  it('chooses the types of objections it has not seen, with the words behind them', () => {
    const head = new TypeHead(versionedTypeHead(trainTypeHead(examples(), calls), undefined), cut);
    expect(head.read('还是得老板拍板才行', undefined).types).toEqual(['authority']);
    expect(head.read('这价格太贵了吧', undefined).types).toEqual(['price']);
    expect(head.explain('还是得老板拍板才行', undefined, 'authority').map((e) => e.text)).toContain('拍板');
  });

  it('rejects a file whose weights were changed after training', () => {
    const model = versionedTypeHead(trainTypeHead(examples(), calls), undefined);
    const tampered = { ...model, types: { ...model.types, price: { ...model.types.price!, bias: 3 } } };
    expect(() => parseTypeHead(JSON.stringify(tampered), 'head.json')).toThrow(
      /invalid type head head\.json: version type-head@1\+[0-9a-f]{12} does not match its content/,
    );
  });
});
