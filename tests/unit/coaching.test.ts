import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AppliedCorrection } from '../../models/appeal.js';
import { parseTranscript } from '../../models/transcript.js';
import { findCoachingOpportunities } from '../../pipeline/nlp/coaching.js';
import { shippedAnalyzer, transcript } from '../helpers/runtime.js';

const ROOT = join(import.meta.dirname, '..', '..');

// A rep who pitches past the customer's space problem and leaves two objections standing.
const STORY = transcript('medical_devices', [
  ['rep', '王主任您好，我是华康医疗的小林，想跟您聊聊腔镜手术系统，您现在方便吗？'],
  ['customer', '方便，你说吧。'],
  ['rep', '我们这套腔镜系统是4K的，带荧光导航，三甲医院装了很多。'],
  ['customer', '东西不错，就是我们手术室空间限制太大了，新设备很难摆进去。'],
  ['rep', '我们的价格也很有优势，今年还有补贴。'],
  ['customer', '价格是一方面吧，你们比迈瑞贵太多了。'],
  ['rep', '那我下周三带资料过去给您看看？'],
]);

// A rep who pitches before any need is heard; the customer's staffing worry is missed by the
// machine and no solution follows it.
const STAFFING = transcript('medical_devices', [
  ['rep', '王主任您好，我是华康医疗的小林，想跟您聊聊腔镜手术系统，您现在方便吗？'],
  ['customer', '方便，你说吧。我们想提高手术效率。'],
  ['rep', '我们这套腔镜系统是4K的，带荧光导航，三甲医院装了很多。'],
  ['customer', '另外我们科室护士人手也比较紧张。'],
  ['rep', '好的，那我下周三带资料过去给您看看？'],
  ['customer', '行，下周三上午来吧。'],
]);
/** The appeal a reviewer accepted: u4 is a need the machine missed. */
const FOUND_NEED: AppliedCorrection = {
  kind: 'add',
  utteranceId: 'u4',
  label: 'need.explicit',
  span: [2, 15],
  overrideId: 'appeal-1',
};

const analyzer = shippedAnalyzer();
const items = (doc: unknown, corrections: AppliedCorrection[] = []) =>
  analyzer
    .analyze(parseTranscript(doc), undefined, undefined, corrections)
    .coaching.map(({ kind, utteranceId, quote, detailZh }) => ({ kind, utteranceId, quote, detailZh }));

describe("the analysis' coaching list (the only place it is computed)", () => {
  it('a missed implicit need first, then the objections left unresolved, in reading order', () => {
    expect(items(STORY)).toEqual([
      {
        kind: 'missed_need',
        utteranceId: 'u4',
        quote: '就是我们手术室空间限制太大了，新设备很难摆进去',
        detailZh: '客户提到“手术室空间限制”相关的困难，之后两次发言内未追问或准确复述',
      },
      {
        kind: 'unhandled_objection',
        utteranceId: 'u6',
        quote: '比迈瑞贵',
        detailZh: '竞品异议已回应但未化解',
      },
      { kind: 'unhandled_objection', utteranceId: 'u6', quote: '贵太多', detailZh: '价格异议已回应但未化解' },
    ]);
  });

  it('a need found by an accepted appeal with no solution after it is listed as need_without_solution', () => {
    expect(items(STAFFING)).toEqual([]);
    const after = analyzer.analyze(parseTranscript(STAFFING), undefined, undefined, [FOUND_NEED]);
    expect(after.coaching).toEqual([
      {
        kind: 'need_without_solution',
        findingId: after.findings.find((f) => f.overrideId === 'appeal-1')!.id,
        utteranceId: 'u4',
        quote: '我们科室护士人手也比较紧张',
        detailZh:
          '客户提到“我们科室护士人手也比较紧张”，之后 3 次销售发言内没有给出对应的产品、功能、价值或案例',
      },
    ]);
  });

  it('a need answered by a solution within three rep turns is not listed', () => {
    const answered = transcript('medical_devices', [
      ['customer', '另外我们科室护士人手也比较紧张。'],
      ['rep', '我们这套腔镜系统是4K的，带荧光导航，三甲医院装了很多。'],
    ]);
    const a = analyzer.analyze(parseTranscript(answered), undefined, undefined, [FOUND_NEED_AT_U1]);
    expect(a.findings.some((f) => f.label === 'solution' && f.utteranceId === 'u2')).toBe(true);
    expect(a.coaching.filter((c) => c.kind === 'need_without_solution')).toEqual([]);
  });

  const examples = readdirSync(join(ROOT, 'examples', 'calls'))
    .filter((f) => f.endsWith('.json'))
    .map(
      (f) =>
        [
          f,
          JSON.parse(readFileSync(join(ROOT, 'examples', 'calls', f), 'utf8')),
          [] as AppliedCorrection[],
        ] as const,
    );
  const calls: (readonly [string, unknown, AppliedCorrection[]])[] = [
    ['story', STORY, []],
    ['staffing with the accepted appeal', STAFFING, [FOUND_NEED]],
    ...examples,
  ];

  // A call scored before the list was stored gets it from its stored view on first read
  // (services/intake/call-coaching.ts): the view's utterances and findings must give the same list.
  it.each(calls)('%s: the list from the stored view equals the analysis list', (_, doc, corrections) => {
    const a = analyzer.analyze(parseTranscript(doc), undefined, undefined, corrections);
    const stored = JSON.parse(JSON.stringify({ utterances: a.utterances, findings: a.findings }));
    expect(findCoachingOpportunities(stored.utterances, stored.findings)).toEqual(a.coaching);
  });

  it('the calls compared have every kind (the comparison above is not vacuous)', () => {
    const kinds = new Set(
      calls.flatMap(([, doc, corrections]) => items(doc, corrections).map((c) => c.kind)),
    );
    expect([...kinds].sort()).toEqual(['missed_need', 'need_without_solution', 'unhandled_objection']);
  });
});

const FOUND_NEED_AT_U1: AppliedCorrection = { ...FOUND_NEED, utteranceId: 'u1' };
