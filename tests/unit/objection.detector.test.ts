import { describe, expect, it } from 'vitest';
import { stripPunctuation } from '../../pipeline/nlp/normalize.js';
import { findObjections, withRivalPrice } from '../../pipeline/nlp/objection.detector.js';
import { termsAcrossHesitations } from '../../pipeline/nlp/prepare.js';
import { prepare, shippedLexicons } from '../helpers/runtime.js';

// Team-written customer sentences (none taken from a labelled call or an issue text); each is
// checked as written and with every punctuation mark removed (ASR text), unless punctuatedOnly.
const CASES: {
  text: string;
  expected: string[];
  industry?: string;
  punctuatedOnly?: boolean;
  why: string;
}[] = [
  // price
  {
    text: '你们这套报价偏高了一点。',
    expected: ['price'],
    why: 'degree adverb before 高 in a price context',
  },
  { text: '这个单价比我们心里的价位贵出一截。', expected: ['price'], why: '贵 with 一截 after it' },
  { text: '八十六万，比我们打算的多了不少。', expected: ['price'], why: 'comparison with the plan' },
  { text: '我们科室今年的经费不够，就这点钱。', expected: ['price'], why: 'budget short' },
  { text: '一年下来差了十二万块，我跟老板交代不了。', expected: ['price'], why: 'a figure of the gap' },
  { text: '运维这块能不能再优惠点？', expected: ['price'], why: 'asking for a discount (convention 5)' },
  { text: '账上现金流太紧张了。', expected: ['price'], why: 'money is tight' },
  { text: '价格不贵，这个我们认可。', expected: [], why: 'negated head word' },
  { text: '贵一点也能接受，关键是质量。', expected: [], why: 'accepting a higher price' },
  { text: '如果价格太高的话我们就不考虑了。', expected: [], why: 'conditional scope' },
  { text: '这台机器温度有点高。', expected: [], why: '高 without a price word is not about price' },
  {
    text: '单价比原来贵了点，不过算上能耗也可以接受。',
    expected: [],
    why: 'a price objection taken back later in the utterance',
  },
  {
    text: '单价贵了点，这个价我们不能接受。',
    expected: ['price'],
    why: '不能接受 keeps the objection',
  },
  // timing
  { text: '最快也得下个季度了。', expected: ['timing'], why: 'earliest possible time' },
  { text: '等秋收完了再考虑吧。', expected: ['timing'], why: 'postponed to a later time' },
  { text: '近期不会动这个系统。', expected: ['timing'], why: 'not in the near term' },
  // authority
  { text: '这事我回去还要跟我们厂长商量一下。', expected: ['authority'], why: 'decider plus consult verb' },
  { text: '超过十万的合同要上班子会。', expected: ['authority'], why: 'approval body' },
  { text: '我们得走审批，财务要盖章。', expected: ['authority'], why: 'approval process' },
  { text: '价格的事我这边定不了。', expected: ['authority'], why: 'not my decision' },
  { text: '下次我可以先跟主任沟通一下。', expected: [], why: 'offering to consult is no objection' },
  // need
  { text: '我们现在的设备够用了。', expected: ['need'], why: 'enough already' },
  { text: '仓储我们有自己的团队在做。', expected: ['need'], why: 'done in house' },
  // competitor (a rival must be named or implied)
  {
    text: '另一家给我们的报价才六十出头。',
    expected: ['competitor', 'price'],
    why: 'rival plus lower figure',
  },
  {
    text: '我们跟别的厂家合作五六年了，用惯了。',
    expected: ['competitor'],
    why: 'long use of the incumbent',
  },
  { text: '我们用惯了。', expected: [], why: 'no rival: not a competitor objection' },
  {
    text: '三菱那边给我们报的四千二一台。',
    expected: ['competitor'],
    why: "a rival's offer with its figure (lexicon competitor)",
  },
  {
    text: '这套伺服比安川还贵两千多。',
    expected: ['competitor', 'price'],
    why: 'dearer than a named rival: 比 + rival + 贵 is price and competitor',
  },
  {
    text: '宏拓给我们报的八万六，含安装。',
    expected: ['competitor'],
    why: 'a vendor named by its offer verb and a figure (not in the lexicon)',
  },
  { text: '以前用过三菱的，后来换了。', expected: [], why: 'a rival named as history, no offer' },
  {
    text: '上次报的八万六，这次怎么变了？',
    expected: [],
    why: 'a time word before 报的 is not a vendor',
  },
  {
    text: '要是三菱给我们报的低一些，我们也会考虑。',
    expected: [],
    why: "a rival's offer inside a conditional clause",
  },
  // trust
  { text: '系统切过去以后账会不会乱？', expected: ['trust'], why: 'doubt asked as a question' },
  { text: '说实话我们担心你们的售后跟不上。', expected: ['trust'], why: 'fear verb' },
  { text: '你们这个牌子我以前没听过。', expected: ['trust'], why: 'unknown vendor' },
  { text: '要是出了事故谁来负责？', expected: ['trust'], why: 'who is to blame' },
  {
    text: '我们最怕的是冬天管道冻裂。',
    expected: [],
    why: 'telling a problem (a need), not doubting the vendor',
  },
  { text: '调试会不会影响生产？', expected: [], why: 'a neutral question about disruption' },
  { text: '售后这块没什么好担心的。', expected: [], why: 'a denied worry: 没什么好 before the fear verb' },
  {
    text: '数据的事不用担心，我们自己有备份。',
    expected: [],
    why: 'a denied worry: 不用 before the fear verb',
  },
  {
    text: '之前担心切换会丢单，听你讲完现在放心了。',
    expected: [],
    why: 'a worry taken back later in the utterance',
  },
  {
    text: '我们还是担心你们的售后跟不上，一直没放心。',
    expected: ['trust'],
    why: 'a worry kept (没放心 is no taking back)',
  },
  // delivery
  { text: '十月一号之前能交付吗？', expected: ['delivery'], why: 'doubt about a deadline (convention 6)' },
  { text: '交期太长了，我们等不了。', expected: ['delivery'], why: 'lead time too long' },
  { text: '换过去以后门店又得重新培训。', expected: ['delivery'], why: 'implementation burden' },
];

function types(text: string, industry = 'manufacturing'): string[] {
  return findObjections(prepare(text, 'customer', industry))
    .map((o) => o.type)
    .sort();
}

describe('objection detector: structural patterns', () => {
  for (const c of CASES) {
    it(`${c.why}: ${c.text}`, () => {
      expect(types(c.text, c.industry)).toEqual([...c.expected].sort());
      if (!c.punctuatedOnly)
        expect(types(stripPunctuation(c.text), c.industry)).toEqual([...c.expected].sort());
    });
  }

  it('matches through fillers inside a phrase and points the span at the original text', () => {
    const text = '单价嗯稍微呃贵';
    const [o] = findObjections(prepare(text, 'customer', 'manufacturing'));
    expect(o?.type).toBe('price');
    expect(o?.rule).toBe('objection.price.degree');
    expect([...text].slice(o!.span[0], o!.span[1]).join('')).toBe('稍微呃贵');
  });

  // A recogniser (or a hesitant speaker) puts 那个/就是/然后/嗯 between the words of a marker.
  for (const [text, expected] of [
    ['我还是不那个放心', ['trust']],
    ['这个事我定然后不了', ['authority']],
    ['我还是不放心', ['trust']],
    ['我放心然后不了解的是价格', []],
  ] as const) {
    it(`finds lexicon markers across a hesitation: ${text}`, () => {
      expect(types(text)).toEqual([...expected]);
    });
  }

  // Patterns and the approval / postpone / deadline expressions read the text without 那个/就是/然后
  // when nothing was found as written; the rule says so (`.heard`) and the span covers the hesitation.
  for (const [text, expected, rule] of [
    ['开学前这些教室装就是得完吗', ['delivery'], 'objection.deadline-doubt.heard'],
    ['这些教室装得完吗', ['delivery'], 'objection.deadline-doubt'],
    ['我们这边就是装完了然后交了', [], undefined],
    // One guard for both readings: 吗 within two characters after the approval asks, it does not object.
    ['董事长就是那个然后最后得签字', ['authority'], 'objection.approval.heard'],
    ['董事长就是那个然后最后签字了吗', [], undefined],
    ['这个我们那个就是然后老板同意过吗', [], undefined],
  ] as const) {
    it(`reads the patterns without hesitation words: ${text}`, () => {
      const found = findObjections(prepare(text, 'customer', 'manufacturing'));
      expect(found.map((o) => o.type)).toEqual([...expected]);
      expect(found[0]?.rule).toBe(rule);
    });
  }

  it('bridges only objection and need vocabulary, with the hesitation inside the span', () => {
    const lexicon = shippedLexicons().get('manufacturing');
    const text = '我还是不那个放心把我就是叫过去';
    const bridged = termsAcrossHesitations(text, lexicon);
    expect(bridged.map((t) => [text.slice(t.start, t.end), t.entry.category])).toEqual([
      ['不那个放心', 'objection.trust'],
    ]);
    expect(termsAcrossHesitations('那个我不放心', lexicon)).toEqual([]);
  });

  it('an echo of the rep is not an objection', () => {
    const rep = prepare('很多客户一开始都觉得价格有点贵，其实算下来不贵。', 'rep', 'manufacturing');
    const customer = prepare('有点贵？', 'customer', 'manufacturing');
    expect(findObjections(customer, rep)).toEqual([]);
  });
});

// Team-written sentences: a price objection beside a rival, and a rival whose money is compared.
describe('objection detector: price and rival read together (convention 7)', () => {
  const joined = (text: string) => {
    const u = prepare(text, 'customer', 'manufacturing');
    return withRivalPrice(u, findObjections(u))
      .map((o) => o.type)
      .sort();
  };
  for (const [text, expected] of [
    ['这个价太贵了，那几家都没这么高。', ['competitor', 'price']],
    ['单价太贵了，至少得跟佳德持平才行。', ['competitor', 'price']],
    ['价格太贵了，我看还是先用恒通的吧。', ['competitor', 'price']],
    ['价格太贵了，比我们预想的多。', ['price']],
    ['价格太贵了，跟去年一样的量要多花两万。', ['price']],
    ['我们一直用的是恒通的，人家单价才八块。', ['competitor', 'price']],
  ] as const) {
    it(`${text} → ${expected.join(' + ')}`, () => {
      expect(joined(text)).toEqual([...expected]);
      expect(joined(stripPunctuation(text))).toEqual([...expected]);
    });
  }
  it('a rival at the same price is no price objection: 我们一直用的是恒通的，价格也差不多，用惯了', () => {
    const text = '我们一直用的是恒通的，价格也差不多，用惯了。';
    expect(joined(text)).toEqual(['competitor']);
  });
});
