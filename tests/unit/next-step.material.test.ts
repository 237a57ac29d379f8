import { describe, expect, it } from 'vitest';
import { parseTranscript, type Speaker } from '../../models/transcript.js';
import { movesTheDeal } from '../../pipeline/nlp/next-step.material.js';
import { stripPunctuation } from '../../pipeline/nlp/normalize.js';
import { shippedAnalyzer, transcript } from '../helpers/runtime.js';

const analyzer = shippedAnalyzer();

/** Whether the analysis labels the last turn a next step. */
function nextStepAt(turns: [Speaker, string][], industry = 'manufacturing'): boolean {
  const a = analyzer.analyze(parseTranscript(transcript(industry, turns)));
  const last = `u${turns.length}`;
  return a.findings.some((f) => f.label === 'next_step' && f.utteranceId === last);
}

const OPENING: [Speaker, string][] = [
  ['rep', '周经理您好，我是恒远机械的小刘，想跟您聊聊产线改造的事，您现在方便吗？'],
  ['customer', '方便，你说吧。'],
];

// Team-written rep lines (no labelled call's words), each the last turn after a customer line.
const CASES: { before: string; text: string; nextStep: boolean; why: string }[] = [
  {
    before: '行吧，你先发点东西我看看。',
    text: '好的，我把我们的产品介绍和几家客户的案例发您微信，您有空看看。',
    nextStep: false,
    why: 'material sent to read moves nothing',
  },
  {
    before: '那你把资料发我一下吧。',
    text: '好的，我一会儿就微信发您。',
    nextStep: false,
    why: 'a bare send of the material the customer just asked for',
  },
  {
    before: '价格这块我们还要再看看。',
    text: '理解，那报价的事咱们下个月再谈，我今天先把公司的资质文件发到您邮箱。',
    nextStep: false,
    why: 'a quote put off in the same turn does not make the send concrete',
  },
  {
    before: '行，你整理一下发我。',
    text: '好的，两版报价和设备清单我今天发您邮箱。',
    nextStep: true,
    why: 'a quote sent with the material is a step',
  },
  {
    before: '行，你整理一下发我。',
    text: '好的，我把检测报告发您，另外我给您寄三件样品，您装到机床上试一下。',
    nextStep: true,
    why: 'a sample sent with the report is a step',
  },
  {
    before: '那你先发个资料。',
    text: '好的，资料我今天发您微信，下周三下午两点我带工程师过去。',
    nextStep: true,
    why: 'a visit at a clock time beside the send',
  },
  {
    before: '我们得先内部评估一下。',
    text: '没问题，您可以先在一个车间试点两周，效果好再谈采购。',
    nextStep: true,
    why: 'a trial offered with 可以先',
  },
  {
    before: '换供应商风险太大了。',
    text: '理解，不妨先让我们做二十件样件，您这边做全检。',
    nextStep: true,
    why: 'a sample offered with 不妨先',
  },
];

describe('next steps: sending material is none, a trial offered is one', () => {
  for (const c of CASES) {
    it(`${c.why}: ${c.text}`, () => {
      const turns: [Speaker, string][] = [...OPENING, ['customer', c.before]];
      expect(nextStepAt([...turns, ['rep', c.text]])).toBe(c.nextStep);
      expect(nextStepAt([...turns, ['rep', stripPunctuation(c.text)]])).toBe(c.nextStep);
    });
  }
});

describe('deal words heard by sound', () => {
  it('hears a deal word with one character of the same sound that fits no word there', () => {
    expect(movesTheDeal('我把两种放案和案例材料发您')).toBe(true);
    expect(movesTheDeal('我把彻算表和检测报告一起送过去')).toBe(true);
  });

  it('takes a dictionary word as said: 使用 is no 试用', () => {
    expect(movesTheDeal('我把客户的使用数据发您微信')).toBe(false);
  });

  it('finds nothing in material alone', () => {
    expect(movesTheDeal('我把公司介绍和白皮书发您邮箱')).toBe(false);
  });

  it('drops a send whose deal word was mis-heard only when it was heard as written', () => {
    const turns: [Speaker, string][] = [...OPENING, ['customer', '行，你整理一下发我。']];
    expect(nextStepAt([...turns, ['rep', '好的，我明天把两种放案和案例材料发您邮箱。']])).toBe(true);
    expect(nextStepAt([...turns, ['rep', '好的，我明天把两种产品的案例材料发您邮箱。']])).toBe(false);
  });
});

describe('deal words under recognition noise (issue 11, noisy calls)', () => {
  it('hears a deal word written as a rare dictionary word (合通, 报夹)', () => {
    expect(movesTheDeal('资质文件和合通模板我周三前一起发您')).toBe(true);
    expect(movesTheDeal('两个型号的报夹下午做好发您微信')).toBe(true);
  });

  it('still takes a common dictionary word as said', () => {
    expect(movesTheDeal('设备的使用说明我下午发您邮箱')).toBe(false);
  });

  it('hears a deal word with a hesitation inside it', () => {
    expect(movesTheDeal('王总那边我月嗯好时间再跟您确认')).toBe(true);
  });

  it('hears a table made for the customer', () => {
    expect(movesTheDeal('对比彪和用量数据我下午发您邮箱')).toBe(true);
  });

  it('hears a visit, but not the thing sent coming over', () => {
    expect(movesTheDeal('周三您先国赖看看现场，资料我提前发您')).toBe(true);
    expect(movesTheDeal('资料让同事发国来就行')).toBe(false);
  });

  it('takes a meeting at a time of day as a dated 见', () => {
    expect(movesTheDeal('材料我周五前发您，下午公司见')).toBe(true);
    expect(movesTheDeal('材料我周五前发您，下午再联系')).toBe(false);
  });
});
