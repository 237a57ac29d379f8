import { describe, expect, it } from 'vitest';
import {
  compiledLexicons,
  createIndustryInferrer,
  HAND_WEIGHTS,
  inferIndustry,
  resolveIndustry,
} from '../../lexicons/industry-inference.js';
import { LexiconRegistry } from '../../lexicons/lexicon.registry.js';
import { introductionSpans } from '../../lexicons/seller-names.js';
import { AppError } from '../../models/errors.js';
import { parseTranscript, parseTranscriptDraft } from '../../models/transcript.js';
import { normalizeText } from '../../pipeline/nlp/normalize.js';

const registry = LexiconRegistry.fromDirectory();
const normalize = (t: string) => normalizeText(t).text;

type Line = readonly ['rep' | 'customer', string];
function call(lines: readonly Line[], industry?: string) {
  return {
    repId: 'rep-1',
    ...(industry === undefined ? {} : { industry }),
    occurredAt: '2026-03-02T09:30:00+08:00',
    utterances: lines.map(([speaker, text], i) => ({ speaker, start: i * 1000, end: i * 1000 + 900, text })),
  };
}
const utterancesOf = (lines: readonly Line[]) => lines.map(([speaker, text]) => ({ speaker, text }));

const STORAGE: Line[] = [
  ['rep', '王总您好，我们是做工商业储能柜的，想了解一下厂里的用电情况。'],
  ['customer', '我们这边峰谷价差挺大，之前宁德时代的人也来过。'],
  ['rep', '我们的柜子是液冷温控，用的磷酸铁锂电芯。'],
];
// Traditional characters: inference reads the normalised text, as the detectors do.
const FREIGHT: Line[] = [
  ['rep', '李經理您好，我們主要做零擔運輸和整車運輸，全程可視化。'],
  ['customer', '現在用的是德邦，旺季爆倉比較頭疼。'],
];
// One product word of pharma, one of medical devices, nothing else: a tie.
const TIE: Line[] = [['rep', '我们有仿制药，也有牙片机。']];
const THIN: Line[] = [['rep', '我们这款是低剂量的。']];
const NOTHING: Line[] = [['rep', '您好，想跟您约个时间聊一聊。']];

describe('inferIndustry', () => {
  it.each([
    [
      'new energy',
      STORAGE,
      'new_energy',
      // 储能 from the self-description 我们是做工商业储能柜的
      ['储能', '宁德时代', '工商业储能柜', '磷酸铁锂电芯', '液冷温控', '峰谷价差'],
    ],
    [
      'logistics, traditional characters',
      FREIGHT,
      'logistics',
      // 运输 from 主要做零擔運輸
      ['运输', '德邦', '整车运输', '零担运输', '全程可视化', '旺季爆仓'],
    ],
  ])('decides %s from the overlay terms, with the evidence', (_name, lines, industry, terms) => {
    const r = inferIndustry(utterancesOf(lines), registry, { normalize });
    expect(r.decided).toBe(true);
    expect(r.industry).toBe(industry);
    expect(r.confidence).toBeGreaterThan(0.95);
    expect(r.candidates[0]?.industry).toBe(industry);
    expect(r.candidates[0]?.evidence.map((e) => e.term)).toEqual(terms);
  });

  it('weighs a product word by its category and specificity and counts repeats sublinearly', () => {
    const once = inferIndustry([{ text: '储能集装箱' }], registry);
    const thrice = inferIndustry([{ text: '储能集装箱，储能集装箱，储能集装箱' }], registry);
    // product weight 3 × ln(22 / 1 overlay) = 9.273; three mentions × (1 + 0.25 ln 3)
    expect(once.candidates[0]).toMatchObject({ industry: 'new_energy', score: 9.273 });
    expect(thrice.candidates[0]?.score).toBe(11.82);
  });

  it('leaves a tie undecided and names both candidates, ties ordered by id', () => {
    const r = inferIndustry(utterancesOf(TIE), registry, { normalize });
    expect(r.decided).toBe(false);
    expect(r.industry).toBeNull();
    expect(r.margin).toBe(0);
    expect(r.candidates.map((c) => [c.industry, c.score])).toEqual([
      ['medical_devices', 9.273],
      ['pharma', 9.273],
    ]);
  });

  it('leaves a call with too little evidence undecided', () => {
    const r = inferIndustry(utterancesOf(THIN), registry, { normalize });
    expect(r.decided).toBe(false);
    expect(r.candidates[0]?.score).toBeLessThan(r.thresholds.minScore);
    expect(inferIndustry(utterancesOf(NOTHING), registry).candidates).toEqual([]);
  });

  it('is deterministic and the same from a registry or its compiled lexicons', () => {
    const a = inferIndustry(utterancesOf(STORAGE), registry, { normalize });
    const b = inferIndustry(utterancesOf(STORAGE), compiledLexicons(registry), { normalize });
    expect(b).toEqual(a);
    expect(inferIndustry(utterancesOf(STORAGE), registry, { normalize })).toEqual(a);
  });

  it('counts a customer word less than the same word from the rep (competitors excepted)', () => {
    const rep = inferIndustry([{ speaker: 'rep', text: '储能集装箱' }], registry);
    const customer = inferIndustry([{ speaker: 'customer', text: '储能集装箱' }], registry);
    const rival = inferIndustry([{ speaker: 'customer', text: '宁德时代' }], registry);
    expect(customer.candidates[0]?.score).toBe(6.491);
    expect(rep.candidates[0]?.score).toBe(9.273);
    expect(rival.candidates[0]?.score).toBe(9.273);
  });
});

// A payment company selling to a restaurant chain: the customer talks about their own tills.
const TILLS: Line = ['customer', '我们四十家店现在用的是收钱吧，还有美团收银。'];

describe("the seller's self-introduction", () => {
  it.each([
    ['贾总您好，我是汇通支付的江涛，想跟您聊两分钟。', ['汇通支付']],
    ['喂曹经理您好我是速聘灵工的邵宇就是做那个零活用工的', ['速聘灵工', '那个零活用工']],
    ['我们是做工商业储能柜的，想了解一下。', ['工商业储能柜']],
    ['我们主要做零担运输和整车运输，全程可视化。', ['零担运输和整车运输']],
    ['您好，想跟您约个时间聊一聊。', []],
  ])('%s → %j', (text, spans) => {
    expect(introductionSpans(text)).toEqual(spans);
  });

  it("decides for the seller's trade against the customer's own words", () => {
    const r = inferIndustry(
      utterancesOf([['rep', '贾总您好，我是汇通支付的江涛，想跟您聊两分钟。'], TILLS]),
      registry,
      { normalize },
    );
    expect(r.industry).toBe('finance');
    expect(r.candidates.map((c) => [c.industry, c.score])).toEqual([
      ['finance', 19.474],
      ['retail', 18.546],
    ]);
    expect(r.candidates[0]?.evidence).toEqual([
      { term: '支付', category: 'seller_name', count: 1, weight: 19.474 },
    ]);
  });

  const late: Line[] = [
    ['rep', '您好'],
    ['rep', '贾总'],
    ['rep', '方便吗'],
    ['rep', '我是汇通支付的江涛'],
    TILLS,
  ];
  it.each<[string, Line[]]>([
    ['said by the customer', [['customer', '我是汇通支付的江涛'], TILLS]],
    ['after the first three rep turns', late],
    ['without a self-introduction', [['rep', '贾总您好，我是小江，想跟您聊两分钟。'], TILLS]],
  ])('does not count a name %s', (_name, lines) => {
    const r = inferIndustry(utterancesOf(lines), registry, { normalize });
    expect(r.industry).toBe('retail');
    expect(r.candidates.map((c) => c.industry)).toEqual(['retail']);
  });

  it('weighs nothing of the name with the hand weights (the weights before the seller name)', () => {
    const infer = createIndustryInferrer(compiledLexicons(registry), HAND_WEIGHTS);
    const r = infer(utterancesOf([['rep', '我是汇通支付的江涛'], TILLS]), { normalize });
    expect(r.industry).toBe('retail');
  });
});

describe('resolveIndustry', () => {
  it('infers the industry of a transcript without one and records how', () => {
    const r = resolveIndustry(parseTranscriptDraft(call(STORAGE)), registry, { normalize });
    expect(r.transcript.industry).toBe('new_energy');
    expect(r.industrySource).toBe('inferred');
    // seller name weight 6.3 × ln(22 / 1 industry listing 储能)
    expect(r.inference?.candidates[0]?.evidence.slice(0, 2)).toEqual([
      { term: '储能', category: 'seller_name', count: 1, weight: 19.474 },
      { term: '宁德时代', category: 'competitor', count: 1, weight: 9.273 },
    ]);
  });

  it('accepts "auto" as asking for inference', () => {
    const draft = parseTranscriptDraft(call(FREIGHT, 'auto'));
    expect(draft.industry).toBeUndefined();
    expect(resolveIndustry(draft, registry, { normalize }).transcript.industry).toBe('logistics');
  });

  it('keeps an explicit industry, even against the evidence', () => {
    const r = resolveIndustry(parseTranscriptDraft(call(STORAGE, 'saas')), registry, { normalize });
    expect(r).toEqual({ transcript: expect.objectContaining({ industry: 'saas' }), industrySource: 'given' });
  });

  it('rejects an unknown explicit industry as before', () => {
    const draft = parseTranscriptDraft(call(STORAGE, 'aerospace'));
    expect(() => resolveIndustry(draft, registry)).toThrow(/unknown industry "aerospace"/);
    try {
      resolveIndustry(draft, registry);
    } catch (err) {
      expect((err as AppError).code).toBe('unknown_industry');
    }
  });

  it('an undecided call is an input error naming both candidates in Chinese and English', () => {
    let error: unknown;
    try {
      resolveIndustry(parseTranscriptDraft(call(TIE)), registry, { normalize });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(AppError);
    const e = error as AppError;
    expect(e.code).toBe('invalid_input');
    expect(e.message).toBe(
      '无法确定行业（待确认行业）：medical_devices（医疗器械）0.20 / pharma（医药(药品/耗材配送)）0.20，行业词证据不足 (too little evidence) — 请用 --industry 指定行业 (cannot infer the industry: pass --industry)',
    );
    expect(e.details?.candidates).toEqual([
      { industry: 'medical_devices', probability: 0.201 },
      { industry: 'pharma', probability: 0.201 },
    ]);
  });

  it('says so when no industry word occurs at all', () => {
    expect(() => resolveIndustry(parseTranscriptDraft(call(NOTHING)), registry)).toThrow(
      '无法确定行业（待确认行业）：没有找到任何行业词 (no industry terms found)',
    );
  });
});

describe('transcripts without an industry', () => {
  it('the API schema still needs the industry, as before', () => {
    expect(() => parseTranscript(call(STORAGE))).toThrow(
      'invalid transcript: industry: Invalid input: expected string, received undefined',
    );
  });

  it('the draft schema is as strict as the API one apart from the industry', () => {
    expect(() => parseTranscriptDraft({ ...call(STORAGE), notes: 'x' })).toThrow(
      'invalid transcript: (root): Unrecognized key: "notes"',
    );
    expect(() => parseTranscriptDraft(call(STORAGE, 'Medical Devices'))).toThrow(
      'invalid transcript: industry: must be a snake_case industry id',
    );
  });
});
