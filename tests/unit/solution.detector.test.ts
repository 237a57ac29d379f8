import { describe, expect, it } from 'vitest';
import { parseTranscript, type Speaker } from '../../models/transcript.js';
import { stripPunctuation } from '../../pipeline/nlp/normalize.js';
import { shippedAnalyzer, transcript } from '../helpers/runtime.js';

const analyzer = shippedAnalyzer();

// Team-written cases for convention 14 (a concrete product, feature, benefit or case; puffery is
// not one). Each rep line is the last turn of a short call after a customer line about their
// situation; it is checked with its punctuation and with every punctuation mark removed.
const CASES: {
  before?: [Speaker, string][];
  text: string;
  solution: boolean;
  industry?: string;
  punctuatedOnly?: boolean;
  why: string;
}[] = [
  {
    text: '这台设备一个小时能分拣三千件，两个人就能看住一条线。',
    solution: true,
    why: 'a figure with a capability verb, no 我们 and no lexicon term',
  },
  {
    text: '主机质保五年，坏了二十四小时内上门换新。',
    solution: true,
    why: 'a warranty term with its figure',
  },
  {
    text: '前年给南京一家连锁超市装的也是这一套，到现在没出过问题。',
    solution: true,
    why: 'a case told as a story',
  },
  {
    text: '换成这种材料比原来那种每年少花三成的电费。',
    solution: true,
    why: 'a benefit put as a comparison',
  },
  {
    text: '我们系统可以自动把超时的工单分给值班的人。',
    solution: true,
    why: '我们 + a capability verb (the existing rule)',
  },
  {
    text: '我们的产品挺好用的，服务也很专业。',
    solution: false,
    why: 'puffery is not a solution',
  },
  {
    text: '您那边一天大概要处理多少件货？',
    solution: false,
    why: 'a question with a figure is asking, not presenting',
  },
  {
    text: '您平时用的那台设备一个小时能跑几百件吗？',
    solution: false,
    why: 'a capability asked about in a question',
  },
  {
    text: '好的，那下周三上午十点我带两台样机到您仓库。',
    solution: false,
    why: 'a next step with figures is not a presentation',
  },
  {
    text: '价格方面我回去帮您申请一下，首付可以降到两成。',
    solution: false,
    why: 'commercial terms are a negotiation, not a feature',
  },
  {
    text: '也就是说旺季的时候三个人根本忙不过来，对吧？',
    solution: false,
    why: 'a rep checking their understanding',
  },
  {
    text: '您店里之前有没有试过自助收银机？',
    solution: false,
    why: 'a product named in a question',
  },
  {
    before: [['customer', '我们高峰的时候收银台前面排队很长，一天要排两个小时，顾客都走了。']],
    text: '明白，您的意思是高峰期排队太长，一天要排两个小时，顾客会流失。',
    solution: false,
    why: 'a figure in the rep restating the customer',
  },
  {
    before: [['customer', '我们高峰的时候收银台前面排队很长。']],
    text: '我们的自助收银机一台能顶两个收银员，高峰期排队能少一半。',
    solution: true,
    why: 'a product with its benefit',
  },
  {
    before: [],
    text: '李经理您好，我是云拓科技的小王，我们是做智能仓储系统的，您现在方便吗？',
    solution: false,
    why: 'the product named in the opening',
  },
];

function solutionAt(turns: [Speaker, string][], industry: string): boolean {
  const a = analyzer.analyze(parseTranscript(transcript(industry, turns)));
  const last = `u${turns.length}`;
  return a.findings.some((f) => f.label === 'solution' && f.utteranceId === last);
}

describe('solution detection (convention 14)', () => {
  for (const c of CASES) {
    it(`${c.why}: ${c.text}`, () => {
      const before = c.before ?? [['customer', '我们仓库现在都是人工分拣，旺季的时候忙不过来。']];
      const industry = c.industry ?? 'retail';
      expect(solutionAt([...before, ['rep', c.text]], industry)).toBe(c.solution);
      if (!c.punctuatedOnly)
        expect(solutionAt([...before, ['rep', stripPunctuation(c.text)]], industry)).toBe(c.solution);
    });
  }

  it('never labels a customer utterance', () => {
    expect(solutionAt([['customer', '这台设备一个小时能分拣三千件，两个人就能看住一条线。']], 'retail')).toBe(
      false,
    );
  });

  it('the 方案呈现 score still computes when the customer states a need and the rep answers it', () => {
    const a = analyzer.analyze(
      parseTranscript(
        transcript('retail', [
          ['rep', '李经理您好，我是云拓科技的小王，想跟您聊聊仓储的事，您现在方便吗？'],
          ['customer', '方便。我们需要把分拣的效率提上去，旺季总是积压。'],
          ['rep', '这台设备一个小时能分拣三千件，两个人就能看住一条线。'],
        ]),
      ),
    );
    expect(a.findings.filter((f) => f.label === 'solution').map((f) => f.utteranceId)).toEqual(['u3']);
    expect(typeof a.dimensions.solution_presentation).toBe('number');
    expect(a.scoreItems.some((i) => i.dimension === 'solution_presentation')).toBe(true);
  });
});
