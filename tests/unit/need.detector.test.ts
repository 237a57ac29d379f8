import { describe, expect, it } from 'vitest';
import { findCorrection, findImplicitNeed, followsUp } from '../../pipeline/nlp/need.detector.js';
import { corroborated, modelNeedStands } from '../../pipeline/nlp/need.model-join.js';
import { buildSoundPhraseMatcher, sharedSoundPairs, soundOverlap } from '../../pipeline/nlp/sound.js';
import { isImplicitNeedFinding, isRestatementFinding } from '../../pipeline/nlp/types.js';
import { prepare, shippedAnalyzer, shippedLexicons, transcript } from '../helpers/runtime.js';

// Team-written cases (made up for these tests, not taken from any labelled call). The noisy
// variants are written by hand the way a recogniser errs: homophones, hesitations inside phrases,
// no punctuation.

describe('sound comparison (sound.ts)', () => {
  const PHRASES: { phrase: string; text: string; found: boolean; why: string }[] = [
    { phrase: '您是说', text: '您是硕仓库的货位老找不到', found: true, why: 'homophone 硕 for 说' },
    { phrase: '也就是说', text: '也就是嗯说每周要跑三趟', found: true, why: 'hesitation inside the marker' },
    { phrase: '也就是说', text: '也久是那个说每周要跑三趟', found: true, why: 'homophone and a filler word' },
    {
      phrase: '您的意思是',
      text: '您意思是预算还没批下来',
      found: true,
      why: 'one inner character lost (5+)',
    },
    {
      phrase: '您是说',
      text: '您说仓库的货位老找不到',
      found: false,
      why: 'no deletion in a 3-character marker',
    },
    { phrase: '您是说', text: '您是不是说过下周来', found: false, why: 'a real word between the parts' },
    { phrase: '也就是说', text: '就是说每周要跑三趟', found: false, why: 'a part missing, not a hesitation' },
  ];
  for (const c of PHRASES) {
    it(`${c.found ? 'finds' : 'does not find'} ${c.phrase} in ${c.text} (${c.why})`, () => {
      expect(buildSoundPhraseMatcher([c.phrase]).find(c.text).length > 0).toBe(c.found);
    });
  }

  it('scores a mis-heard retelling like the typed one, and another topic near zero', () => {
    const said = '冷库的温度老是控制不住，一到夏天就报警';
    const heard = '冷酷嗯的温杜老是控制不注一到下天就报警';
    expect(soundOverlap(heard, said)).toBeGreaterThan(0.6);
    expect(soundOverlap('我们的软件可以按月付费，首年八折', said)).toBeLessThan(0.1);
    expect(sharedSoundPairs('冷酷温杜控制不注', said)).toBeGreaterThanOrEqual(3);
  });
});

describe('the rep following up on a need (followsUp)', () => {
  const CASES: { text: string; expected: boolean; why: string }[] = [
    {
      text: '明白。那这种情况一个月大概会碰到几次？',
      expected: true,
      why: 'diagnostic question after an acknowledgement',
    },
    { text: '那现在每天要排多久的队？', expected: true, why: 'question about the situation' },
    {
      text: '那这种情况一个月大概会碰到几刺',
      expected: true,
      why: 'no punctuation, 次 heard as 刺: asked by sound',
    },
    { text: '明白那现在嗯一天要排多旧的对', expected: true, why: '旧 sounds as 久: 多久 is still asked' },
    {
      text: '明白那现在嗯一天要排很久的对',
      expected: false,
      why: 'no question word and no particle: not asked',
    },
    { text: '那现在每天要排多久的队呢', expected: true, why: 'no punctuation, question word at the end' },
    { text: '那现在每天都要排队吗', expected: true, why: 'no punctuation, 吗 ends the turn' },
    {
      text: '那现在每天都要排队了',
      expected: false,
      why: 'no punctuation, 了 (which sounds like 呢 folded) ends a statement',
    },
    {
      text: '这个您放心，我们的设备很稳定。您这边一年用量有多少？',
      expected: false,
      why: 'brushed off before the question',
    },
    {
      text: '我们这款很划算的。您看今年能不能定下来？',
      expected: false,
      why: 'a sales push, not a question about the problem',
    },
    { text: '您看要不先下一单试试？', expected: false, why: 'push words' },
    {
      text: '我们两种都能做那您这批货是打算自己仓里发还是交给第三方发',
      expected: true,
      why: 'no punctuation, a long 还是 question whose 还是 is near the end',
    },
    { text: '我们的系统可以自动提醒，三天就能上线。', expected: false, why: 'a pitch without a question' },
    {
      text: '客户问到哪了什么时候送货系统都能直接查单子回复大促的时候也不用再加人手了',
      expected: false,
      why: 'no punctuation: a question word early in a run-on statement',
    },
  ];
  for (const c of CASES) {
    it(`${c.expected ? 'follows up' : 'does not follow up'}: ${c.text} (${c.why})`, () => {
      expect(followsUp(prepare(c.text, 'rep', 'saas'))).toBe(c.expected);
    });
  }
});

describe('identified / missed (convention 11) on typed and noisy text', () => {
  const analyzer = shippedAnalyzer();
  const needOf = (turns: ['rep' | 'customer', string][]) => {
    const a = analyzer.analyze(transcript('saas', turns) as never);
    return { need: a.findings.filter(isImplicitNeedFinding)[0], a };
  };
  const PROBLEM = '我们现在最头疼的是报销，每个月底财务要加三天班核发票。';
  const PROBLEM_HEARD = '我们现在最头疼的是报销嗯每个月底财务要加三天班核发票';

  it('a follow-up question that names nothing the customer said identifies the need', () => {
    const { need } = needOf([
      ['rep', '您好，想了解一下贵司的报销流程。'],
      ['customer', PROBLEM],
      ['rep', '明白。那这种情况一年里大概有几个月？'],
    ]);
    expect(need).toMatchObject({ utteranceId: 'u2', identified: true, identifiedBy: 'u3' });
  });

  it('a pitch that brushes the problem off misses it', () => {
    const { need } = needOf([
      ['rep', '您好，想了解一下贵司的报销流程。'],
      ['customer', PROBLEM],
      ['rep', '这个您放心，我们的系统很好用。您看下个月能不能先签一年？'],
    ]);
    expect(need).toMatchObject({ utteranceId: 'u2', identified: false, identifiedBy: null });
  });

  it("a push that repeats the customer's words is not a question about the need", () => {
    const { need } = needOf([
      ['rep', '您好想了解一下贵司的报销流程'],
      ['customer', PROBLEM_HEARD],
      ['rep', '报销这个您放心我们的报销系统很好用您看月底核发票这块要不要先试一个月'],
    ]);
    expect(need).toMatchObject({ utteranceId: 'u2', identified: false });
  });

  it('a restatement heard through ASR noise (marker misspelt, filler inside) identifies the need', () => {
    const { need, a } = needOf([
      ['rep', '您好想了解一下贵司的报销流程'],
      ['customer', PROBLEM_HEARD],
      ['rep', '您是硕每个月底嗯财务都要加三天班合发票对罢'],
    ]);
    const r = a.findings.filter(isRestatementFinding)[0];
    expect(r).toMatchObject({ utteranceId: 'u3', refersTo: 'u2', accurate: true });
    expect(need).toMatchObject({ utteranceId: 'u2', identified: true, identifiedBy: 'u3' });
  });

  it('an inaccurate restatement heard through noise still does not identify', () => {
    const { need, a } = needOf([
      ['rep', '您好想了解一下贵司的报销流程'],
      ['customer', PROBLEM_HEARD],
      ['rep', '您是硕主要是软件价格太高想找便宜一点的对罢'],
    ]);
    const r = a.findings.filter(isRestatementFinding)[0];
    expect(r).toMatchObject({ utteranceId: 'u3', refersTo: 'u2', accurate: false });
    expect(need?.identified).toBe(false);
  });
});

describe('implicit needs heard through ASR noise (findImplicitNeed with the lexicon)', () => {
  const lexicon = shippedLexicons().get('saas');
  const CASES: { text: string; rule: string | null; why: string }[] = [
    { text: '月底对账我们最头嗯疼了', rule: 'need.pain-marker', why: 'a hesitation inside a pain word' },
    {
      text: '好几次销售过程嗯不透明',
      rule: 'need.industry-term',
      why: 'a hesitation inside a lexicon need term',
    },
    { text: '我们那边只有那个三个人盯着', rule: 'need.limit', why: 'a limit pattern with 那个 inside' },
    { text: '上个月我们卖了六十多套', rule: null, why: '六十 only sounds like the pain word 流失: no need' },
    { text: '我们也不那个麻烦的', rule: null, why: 'negated, with a hesitation between negation and word' },
    { text: '麻烦就是您把资料发一下', rule: null, why: 'polite 麻烦您 with a hesitation between' },
    { text: '麻烦嗯你再讲一遍', rule: null, why: 'polite 麻烦你 with a hesitation between' },
    {
      text: '报表靠手工这事我们早就解决了',
      rule: 'need.industry-term',
      why: 'written out: the exact path, unchanged',
    },
  ];
  for (const c of CASES) {
    it(`${c.rule ?? 'no need'}: ${c.text} (${c.why})`, () => {
      const found = findImplicitNeed(prepare(c.text, 'customer', 'saas'), [], lexicon);
      expect(found?.rule ?? null).toBe(c.rule);
    });
  }

  it('gives a need heard by sound (哎 inside, which the lexicon does not bridge) a lower confidence than one read as written', () => {
    const heard = findImplicitNeed(prepare('月底对账我们最头哎疼了', 'customer', 'saas'), [], lexicon);
    const read = findImplicitNeed(prepare('月底对账我们最头疼了', 'customer', 'saas'), [], lexicon);
    expect(heard!.confidence).toBeLessThan(read!.confidence);
  });

  it('reads a term interrupted by a hesitation as written: every character is right', () => {
    const hesitant = findImplicitNeed(prepare('月底对账我们最头嗯疼了', 'customer', 'saas'), [], lexicon);
    const read = findImplicitNeed(prepare('月底对账我们最头疼了', 'customer', 'saas'), [], lexicon);
    expect(hesitant!.confidence).toBe(read!.confidence);
    expect(hesitant!.rule).toBe(read!.rule);
  });
});

describe('problems told in everyday structure (need.patterns.ts)', () => {
  const lexicon = shippedLexicons().get('saas');
  const CASES: { text: string; rule: string | null; why: string }[] = [
    { text: '一到月底报销单就翻三倍', rule: 'need.trigger-surge', why: 'a trigger and the load multiplying' },
    { text: '我们的销量去年翻了一倍', rule: null, why: 'growth without a trigger is no problem' },
    { text: '年底回款这块我们压力特别大', rule: 'need.pressure', why: 'pressure told as its size' },
    { text: '今年回款压力不大', rule: null, why: 'pressure denied' },
    { text: '仓库有时候拖到半夜才发完', rule: 'need.frequency-outcome', why: '有时候 + a delay' },
    { text: '有时候我们也自己开车去', rule: null, why: '有时候 without a bad outcome' },
    { text: '账号上周又被降权了', rule: 'need.bad-outcome', why: 'a platform penalty that happened' },
    { text: '我们的账号没被降权', rule: null, why: 'negated outcome' },
    { text: '夜里这个情况最严重', rule: 'need.severity', why: 'how bad it is, graded' },
    { text: '这个情况其实不严重', rule: null, why: 'severity denied' },
    { text: '去年光运费就赔出去三万多块', rule: 'need.loss', why: 'money lost, with its amount' },
    { text: '理赔赔付了三万块', rule: null, why: '赔付 is an insurance payout, not a loss' },
    { text: '按这个量我们不会亏三千块的', rule: null, why: 'a loss denied with 不会' },
    { text: '要是罚了两万块谁来担', rule: null, why: 'a loss only supposed (要是…)' },
    {
      text: '审批流程报了两个月还没批下来',
      rule: 'need.drawn-out',
      why: 'work that should be done and is not',
    },
    { text: '这套系统我们用了两年了也没坏过', rule: null, why: 'time in use and nothing wrong: praise' },
    { text: '货款一压就是五十来万', rule: 'need.tied-up', why: 'money tied up each time' },
    { text: '一开会就是两个小时', rule: null, why: '开会 is not a wait or a stop: no tied-up verb' },
    { text: '设备一停就是三天', rule: 'need.tied-up', why: 'a stop that lasts days' },
    { text: '这个月出货量少了三成', rule: 'need.drop', why: 'a measured drop in output' },
    { text: '我们至少三吨起订', rule: null, why: '至少 is "at least", not a drop' },
    {
      text: '要是再这么下去，明年客户就都跑光了',
      rule: 'need.if-continues',
      why: 'if this goes on, even behind 要是',
    },
    { text: '再这样试一下看看', rule: null, why: 'a suggestion, no consequence with 就' },
    {
      text: '客户一走包间就空着闲置了',
      rule: 'need.trigger-consequence',
      why: 'a trigger and idle capacity',
    },
  ];
  for (const c of CASES) {
    it(`${c.rule ?? 'no need'}: ${c.text} (${c.why})`, () => {
      const found = findImplicitNeed(prepare(c.text, 'customer', 'saas'), [], lexicon);
      expect(found?.rule ?? null).toBe(c.rule);
    });
  }
});

describe('look-alikes of a problem and problems in set phrases (findImplicitNeed)', () => {
  const lexicon = shippedLexicons().get('saas');
  const CASES: { text: string; rule: string | null; why: string }[] = [
    { text: '大不了我们自己再招两个人', rule: null, why: '大不了 is "at worst", not an inability' },
    { text: '线上那个单子一年不到就做完了', rule: null, why: '不到 before a number is "less than"' },
    { text: '外包的客服根本找不到人', rule: 'need.inability', why: '找不到 a person is a problem' },
    { text: '旺季那几天仓库根本扛不住', rule: 'need.inability', why: '扛不住: cannot cope' },
    { text: '我听了也忍不住笑了', rule: null, why: '忍不住 is "cannot help", no problem' },
    { text: '这个功能倒也不是坏了', rule: null, why: '不是 denies the pain word' },
    { text: '明年的量现在还说不准', rule: null, why: '说不准 is "not sure", not 不准 "inaccurate"' },
    { text: '库存数老是不准', rule: 'need.pain-marker', why: '不准 standing alone is inaccurate stock' },
    { text: '年底结账的时候人手紧巴巴的', rule: 'need.pain-marker', why: '紧巴巴: too few hands' },
  ];
  for (const c of CASES) {
    it(`${c.rule ?? 'no need'}: ${c.text} (${c.why})`, () => {
      const found = findImplicitNeed(prepare(c.text, 'customer', 'saas'), [], lexicon);
      expect(found?.rule ?? null).toBe(c.rule);
    });
  }
});

describe('a correction of the rep’s restatement is a new need (findCorrection)', () => {
  const rep = prepare('您是说主要是价格太高，对吧？', 'rep', 'saas');
  const restated = new Map([[rep.id, {}]]);
  const CASES: { text: string; found: boolean; why: string }[] = [
    { text: '不是价格，是晚上车间没人值守。', found: true, why: '不是X，是Y' },
    { text: '价格倒还好，不是钱的事，是货没地方放', found: true, why: '不是X的事，是Y, unpunctuated tail' },
    { text: '不是价格的问题主要是审批要走一个月', found: true, why: 'no punctuation: 的问题 then 主要是' },
    { text: '是不是价格的问题，是的话我们再谈', found: false, why: 'A-not-A 是不是 is no denial' },
    { text: '不是很清楚，是吧', found: false, why: 'a hedge and a tag, nothing said instead' },
    { text: '不是，我是说上周已经付了', found: false, why: 'no positive part after the denial' },
  ];
  for (const c of CASES) {
    it(`${c.found ? 'finds' : 'does not find'} ${c.text} (${c.why})`, () => {
      const found = findCorrection(prepare(c.text, 'customer', 'saas'), rep, restated);
      expect(found?.rule ?? null).toBe(c.found ? 'need.correction' : null);
    });
  }

  it('needs a restatement right before: the same words after a plain question are no correction', () => {
    const question = prepare('您那边主要卡在哪？', 'rep', 'saas');
    const u = prepare('不是价格，是晚上车间没人值守。', 'customer', 'saas');
    expect(findCorrection(u, question, new Map())).toBeUndefined();
  });

  it('points the span at the corrected problem, not the denial', () => {
    const u = prepare('不是价格，是晚上车间没人值守。', 'customer', 'saas');
    const found = findCorrection(u, rep, restated)!;
    expect(u.view.slice(found.span[0], found.span[1])).toContain('晚上车间没人值守');
    expect(found.span[0]).toBeGreaterThanOrEqual(u.view.indexOf('是晚'));
  });
});

describe('a model need in unpunctuated text needs corroboration (corroborated)', () => {
  const near = { probability: 0.3, threshold: 0.25 };
  const far = { probability: 0.6, threshold: 0.25 };
  const CASES: {
    text: string;
    v: { probability: number; threshold: number };
    expected: boolean;
    why: string;
  }[] = [
    { text: '我们在嘉兴有两个仓一天发八千单', v: near, expected: false, why: 'a plain fact, no punctuation' },
    {
      text: '我们在嘉兴有两个仓，一天发八千单。',
      v: near,
      expected: true,
      why: 'punctuated text: the model decides',
    },
    { text: '我们在嘉兴有两个仓一天发八千单', v: far, expected: true, why: 'far above the threshold' },
    { text: '仓库太小了货都堆在外面', v: near, expected: true, why: 'a degree word corroborates' },
    {
      text: '两个仓嗯经常那个发错货',
      v: near,
      expected: true,
      why: 'frequency and outcome through hesitations',
    },
  ];
  for (const c of CASES) {
    it(`${c.expected ? 'keeps' : 'drops'}: ${c.text} (${c.why})`, () => {
      expect(corroborated(prepare(c.text, 'customer', 'saas'), c.v)).toBe(c.expected);
    });
  }
});

describe('a model need beside an objection needs a probability well above the threshold (modelNeedStands)', () => {
  const threshold = 0.2;
  const CASES: {
    text: string;
    probability: number;
    besideObjection: boolean;
    expected: boolean;
    why: string;
  }[] = [
    {
      text: '前两年换过一家做保洁的，说好每天来，结果一个月来了三回，我是不太敢再换了。',
      probability: 0.6,
      besideObjection: true,
      expected: false,
      why: 'a past vendor told as the reason for a doubt, three times the threshold',
    },
    {
      text: '这个我说了不算，得等我们主任回来定，他下个月才出差回来。',
      probability: 0.3,
      besideObjection: true,
      expected: false,
      why: 'an authority objection read as a problem just above the threshold',
    },
    {
      text: '钱是紧，可我们这条线一天停三回，工人干等着，这个月已经少出了两百件。',
      probability: 0.9,
      besideObjection: true,
      expected: true,
      why: 'the model sure of a problem beside a budget worry',
    },
    {
      text: '我们这条线一天停三回，工人干等着。',
      probability: 0.3,
      besideObjection: false,
      expected: true,
      why: 'no objection: the threshold alone decides in typed text',
    },
    {
      text: '我们在昆山有三个车间一共两百来号人',
      probability: 0.3,
      besideObjection: false,
      expected: false,
      why: 'unpunctuated fact near the threshold, nothing to corroborate it',
    },
  ];
  for (const c of CASES) {
    it(`${c.expected ? 'keeps' : 'drops'}: ${c.text} (${c.why})`, () => {
      const u = prepare(c.text, 'customer', 'manufacturing');
      expect(modelNeedStands(u, { probability: c.probability, threshold }, c.besideObjection)).toBe(
        c.expected,
      );
    });
  }
});

describe('麻烦 asking someone a favour is no trouble (need patterns)', () => {
  const CASES: { text: string; expected: boolean; why: string }[] = [
    { text: '好的，还有麻烦您把报价单发我邮箱。', expected: false, why: '还有麻烦您: a request' },
    { text: '对了又要麻烦你跑一趟，把合同带过来。', expected: false, why: '又要麻烦你: a favour asked' },
    { text: '还有就是麻烦大家每天填两遍表。', expected: false, why: '麻烦大家: a request to the staff' },
    { text: '每次对账都麻烦得要命，三个表对不上。', expected: true, why: 'trouble told with how often' },
    { text: '一到月底就麻烦，三个表对不上。', expected: true, why: 'a trigger with its trouble' },
  ];
  for (const c of CASES) {
    it(`${c.expected ? 'finds' : 'does not find'} a need in ${c.text} (${c.why})`, () => {
      const u = prepare(c.text, 'customer', 'manufacturing');
      expect(findImplicitNeed(u, [], shippedLexicons().get('manufacturing')) !== undefined).toBe(c.expected);
    });
  }
});
