import { describe, expect, it } from 'vitest';
import { defaultLexiconDir } from '../../lexicons/lexicon.registry.js';
import { loadScorecard } from '../../lexicons/scorecard.loader.js';
import { SCORE_METRICS } from '../../lexicons/scorecard.schema.js';
import { EXAMPLE_KINDS } from '../../models/feedback.repository.js';
import { benchmarkSize, computeBenchmark } from '../../services/feedback/benchmark.core.js';
import { clusterQuestions, normaliseQuestion } from '../../services/feedback/customer-questions.core.js';
import {
  type Counters,
  computeCallFacts,
  concernCountsOf,
  type FactInput,
  sumCounters,
} from '../../services/feedback/facts.core.js';
import { itemWeights, rankGaps } from '../../services/feedback/gaps.core.js';
import { evaluateGoal, goalPeriod } from '../../services/feedback/goals.core.js';
import { heatmapCell } from '../../services/feedback/heatmap.core.js';
import { type PeriodStats, statsOf } from '../../services/feedback/kpis.js';
import { renderRadarSvg } from '../../services/feedback/radar-svg.js';
import { SUGGESTION_TEMPLATES } from '../../services/feedback/suggestion-templates.js';
import { buildSuggestion } from '../../services/feedback/suggestions.core.js';
import { addDays, dayStart, isoWeek, localDay, weekMonday } from '../../services/feedback/time.js';
import { buildTrend, type TrendWeek } from '../../services/feedback/trend.core.js';

describe('calendar (Asia/Shanghai, ISO weeks)', () => {
  it.each([
    ['2026-01-01', '2026-W01'],
    ['2026-05-31', '2026-W22'],
    ['2026-06-01', '2026-W23'],
    ['2027-01-01', '2026-W53'],
    ['2024-12-30', '2025-W01'],
    ['2021-01-03', '2020-W53'],
  ])('%s is in %s', (day, week) => {
    expect(isoWeek(day)).toBe(week);
  });

  it('puts 23:30 UTC on the next local day in Shanghai and finds local midnight', () => {
    expect(localDay(new Date('2026-05-31T16:30:00Z'), 'Asia/Shanghai')).toBe('2026-06-01');
    expect(localDay(new Date('2026-05-31T15:59:59Z'), 'Asia/Shanghai')).toBe('2026-05-31');
    expect(dayStart('2026-06-01', 'Asia/Shanghai').toISOString()).toBe('2026-05-31T16:00:00.000Z');
    expect(dayStart('2026-03-08', 'America/New_York').toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(weekMonday('2026-05-31')).toBe('2026-05-25');
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
  });
});

const finding = (label: string, utteranceId: string, evidence: Record<string, unknown> = {}) => ({
  label,
  utteranceId,
  evidence,
});

const CALL: FactInput = {
  industry: 'saas',
  total: 80,
  dimensions: {
    lead_activation: 90,
    need_diagnosis: 70,
    solution_presentation: null,
    objection_handling: 60,
    closing: 100,
  },
  metrics: { talkRatio: 0.55, longestMonologueSec: 40, durationSec: 600 },
  scoreItems: [
    { metric: 'alternatives_offered', score: 100, value: 0.5 },
    { metric: 'restatement_accuracy', score: 58.8, value: 0.5 },
    { metric: 'objection_latency_ms', score: null, value: null },
  ],
  findings: [
    finding('opening', 'u1', { components: ['intro', 'purpose'] }),
    finding('question.open', 'u1'),
    finding('question.open', 'u3'),
    finding('question.closed', 'u3'),
    finding('need.implicit', 'u4', { identified: true, identifiedBy: 'u5' }),
    finding('restatement', 'u5', { accurate: true }),
    finding('restatement', 'u7', { accurate: false }),
    finding('objection.price', 'u6', {
      techniques: ['acknowledge', 'alternative'],
      resolved: true,
      latencyMs: 2000,
    }),
    finding('objection.timing', 'u6', { techniques: [], resolved: false, latencyMs: 2000 }),
    finding('objection_response', 'u7'),
    finding('solution', 'u7'),
    finding('next_step', 'u9', { hasDate: true }),
    finding('question', 'u8'),
  ],
  utterances: [
    { id: 'u1', speaker: 'rep', start: 0, end: 5000 },
    { id: 'u2', speaker: 'customer', start: 5500, end: 8000 },
    { id: 'u3', speaker: 'rep', start: 8500, end: 11_000 },
    { id: 'u4', speaker: 'customer', start: 11_500, end: 15_000 },
    { id: 'u5', speaker: 'rep', start: 15_500, end: 18_000 },
    { id: 'u6', speaker: 'customer', start: 18_500, end: 20_000 },
    { id: 'u7', speaker: 'rep', start: 22_000, end: 30_000 },
    { id: 'u8', speaker: 'customer', start: 30_500, end: 32_000 },
    { id: 'u9', speaker: 'rep', start: 32_500, end: 36_000 },
  ],
};

describe('call facts', () => {
  const c = computeCallFacts(CALL);

  it('counts questions, restatements, needs, objections per type and next steps', () => {
    expect(c).toMatchObject({
      calls: 1,
      'ind.saas': 1,
      'total.sum': 80,
      'dim.need_diagnosis.sum': 70,
      'q.rep': 3,
      'q.open': 2,
      'q.customer': 1,
      'rest.n': 2,
      'rest.accurate': 1,
      'need.implicit': 1,
      'need.identified': 1,
      'obj.n': 2,
      'obj.handled': 1,
      'obj.alt': 1,
      'obj.resolved': 1,
      'obj.lat.sum': 4000,
      'obj.price.n': 1,
      'obj.price.alt': 1,
      'obj.timing.n': 1,
      'ns.calls': 1,
      'ns.dated': 1,
      'talk.sum': 0.55,
      'item.restatement_accuracy.ssum': 58.8,
    });
    expect(c['dim.solution_presentation.n']).toBeUndefined();
    expect(c['item.objection_latency_ms.sn']).toBeUndefined();
  });

  it('records the key actions with speaking time and conversion to the next action', () => {
    expect(c).toMatchObject({
      'act.opening.calls': 1,
      'act.opening.count': 1,
      'act.opening.durMs': 5000,
      'act.opening.conv': 1,
      // u1 (open question), u3 (questions), u5 (identified the need, restatement), u7 (restatement)
      'act.need_confirmation.count': 4,
      'act.need_confirmation.durMs': 5000 + 2500 + 2500 + 8000,
      'act.solution.count': 1,
      'act.objection_handling.durMs': 8000,
      'act.quote_next_step.calls': 1,
    });
    // The objection response (u7) comes after the first solution (u7)? No: the same utterance, not after.
    expect(c['act.solution.conv']).toBeUndefined();
    expect(c['act.objection_handling.conv']).toBe(1);
  });

  it('pools ratios over calls instead of averaging per-call ratios', () => {
    const a = { calls: 1, 'q.rep': 1, 'q.open': 1 };
    const b = { calls: 1, 'q.rep': 3, 'q.open': 1 };
    expect(statsOf(sumCounters([a, b])).kpis.open_question_ratio).toBe(0.5);
  });

  it('counts need and objection terms per term, other labels and findings without a term left out', () => {
    const cases: [string, { label: string; term: string | null }[], Record<string, [number, number]>][] = [
      ['no findings', [], {}],
      [
        'a price objection and an implicit need on the same term',
        [
          { label: 'objection.price', term: '太贵了' },
          { label: 'need.implicit', term: '太贵了' },
          { label: 'objection.price', term: '太贵了' },
        ],
        { 太贵了: [1, 2] },
      ],
      [
        'explicit needs, questions and term-less objections do not count',
        [
          { label: 'need.explicit', term: '预算' },
          { label: 'question', term: '多少钱' },
          { label: 'objection.timing', term: null },
          { label: 'objection_response', term: '理解' },
          { label: 'need.implicit', term: '人手不够' },
        ],
        { 人手不够: [1, 0] },
      ],
      [
        'a term spelled like an object member stays a plain term',
        [{ label: 'need.implicit', term: '__proto__' }],
        { ['__proto__']: [1, 0] },
      ],
    ];
    for (const [name, findings, expected] of cases) {
      const counts = concernCountsOf(findings);
      expect(JSON.parse(JSON.stringify(counts)), name).toEqual(JSON.parse(JSON.stringify(expected)));
      expect(Object.keys(counts).sort(), name).toEqual(Object.keys(expected).sort());
    }
  });
});

const stats = (
  total: number,
  items: Record<string, number>,
  kpis: Record<string, number> = {},
): PeriodStats => ({
  calls: 10,
  total,
  dimensions: {
    lead_activation: total,
    need_diagnosis: total,
    solution_presentation: total,
    objection_handling: total,
    closing: total,
  },
  items: Object.fromEntries(SCORE_METRICS.map((m) => [m, items[m] ?? 80])),
  kpis,
});

describe('benchmark group and gaps', () => {
  it('takes ceil(n/4) reps and at least one, or the configured share and minimum', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 8, 9].map((n) => benchmarkSize(n, { fraction: 0.25, minReps: 1 }))).toEqual([
      0, 1, 1, 1, 1, 2, 2, 2, 3,
    ]);
    expect(benchmarkSize(2, { fraction: 0.25, minReps: 3 })).toBe(2);
    expect(benchmarkSize(10, { fraction: 0.5, minReps: 1 })).toBe(5);
  });

  it('ranks reps by mean total (ties: more calls, then id) and averages each rep once', () => {
    const rep = (repId: string, sum: number, n: number) => ({
      repId,
      name: repId,
      counters: { calls: n, 'total.sum': sum, 'total.n': n },
    });
    const b = computeBenchmark(
      [rep('c', 160, 2), rep('a', 90, 1), rep('b', 270, 3), rep('d', 50, 1), rep('e', 0, 0)],
      {
        fraction: 0.25,
        minReps: 1,
      },
    );
    expect(b.ranked.map((r) => r.repId)).toEqual(['b', 'a', 'c', 'd']);
    expect(b.topRepIds).toEqual(['b']);
    expect(b.team.total).toBe((90 + 90 + 80 + 50) / 4);
  });

  it('ranks gaps by points × the item share of the total score, with the raw values', () => {
    const scorecard = loadScorecard(defaultLexiconDir(), 'default');
    const w = itemWeights(scorecard);
    // default: objection_handling weighs 1.2 of 5.4; alternatives_offered 1 of its 5.5 item weight.
    expect(w.get('alternatives_offered')!.weight).toBeCloseTo((1 / 5.5) * (1.2 / 5.4), 10);
    const rep = stats(
      70,
      { alternatives_offered: 40, opening_intro: 50, question_count: 60 },
      { alternatives_offered: 0.2 },
    );
    const top = stats(
      90,
      { alternatives_offered: 100, opening_intro: 100, question_count: 100 },
      { alternatives_offered: 0.5 },
    );
    const gaps = rankGaps(rep, stats(80, {}, { alternatives_offered: 0.3 }), top, scorecard);
    const expected = ['alternatives_offered', 'opening_intro', 'question_count']
      .map((m) => ({
        m,
        impact:
          ({ alternatives_offered: 60, opening_intro: 50, question_count: 40 } as Record<string, number>)[
            m
          ]! * w.get(m as never)!.weight,
      }))
      .sort((a, b) => b.impact - a.impact)
      .map((x) => x.m);
    expect(gaps.map((g) => g.metric)).toEqual(expected);
    const alt = gaps.find((g) => g.metric === 'alternatives_offered')!;
    expect(alt).toMatchObject({
      gap: 60,
      reference: 'top_quartile',
      raw: { rep: 0.2, team: 0.3, reference: 0.5 },
    });
  });

  it('fills with gaps to the full score when a top rep trails the top quartile nowhere', () => {
    const scorecard = loadScorecard(defaultLexiconDir(), 'default');
    const rep = stats(95, { alternatives_offered: 90 });
    const gaps = rankGaps(rep, rep, stats(80, { alternatives_offered: 50 }), scorecard);
    expect(gaps).toHaveLength(3);
    expect(gaps.every((g) => g.reference === 'target')).toBe(true);
  });
});

describe('suggestion templates', () => {
  it('has exactly one reviewed template per scorecard metric, each with known example kinds', () => {
    expect(SUGGESTION_TEMPLATES.map((t) => t.metric).sort()).toEqual([...SCORE_METRICS].sort());
    for (const t of SUGGESTION_TEMPLATES) {
      expect(EXAMPLE_KINDS).toContain(t.bad);
      if (t.good) expect(EXAMPLE_KINDS).toContain(t.good);
      expect(t.source.length).toBeGreaterThan(5);
    }
  });

  it('quantifies the gap and opens with a strength where the rep beats the top reps', () => {
    const scorecard = loadScorecard(defaultLexiconDir(), 'default');
    const rep = stats(
      70,
      { alternatives_offered: 40 },
      { alternatives_offered: 0.25, objection_latency_ms: 3200 },
    );
    const top = stats(
      90,
      { alternatives_offered: 100 },
      { alternatives_offered: 0.4, objection_latency_ms: 1500 },
    );
    const [gap] = rankGaps(rep, top, top, scorecard, 1);
    const s = buildSuggestion(gap!, 1, rep, top);
    expect(s.text).toBe(
      '您的异议后平均响应时长比标杆长 1.7 秒，但备选方案提出频次低 38%（您 25%，标杆 40%），建议准备两套备选配置话术（如基础版/分期/租赁），客户嫌贵或有顾虑时主动给出第二选择。',
    );
    expect(s.quantified).toMatchObject({ rep: 0.25, reference: 0.4, relativePct: 38, gapPoints: 60 });
    expect(s.examples).toEqual({ bad: 'objection_without_alternative', good: 'objection_with_alternative' });
    const plain = buildSuggestion(
      gap!,
      1,
      rep,
      stats(90, {}, { alternatives_offered: 0.4, objection_latency_ms: 4000 }),
    );
    expect(plain.text.startsWith('您的备选方案提出频次比标杆低 38%')).toBe(true);
  });
});

describe('growth goals', () => {
  const fact = (callId: string, day: string, accurate: number, n: number) => ({
    callId,
    day,
    counters: { calls: 1, 'rest.accurate': accurate, 'rest.n': n },
  });
  const facts = [
    fact('c1', '2026-05-18', 1, 1),
    fact('c2', '2026-05-19', 2, 2),
    fact('c3', '2026-05-20', 1, 2),
    fact('c4', '2026-05-21', 0, 0),
  ];
  const goal = {
    metric: 'restatement_accuracy',
    comparator: '>=' as const,
    target: 0.8,
    periodFrom: '2026-05-18',
    periodTo: '2026-05-24',
    minCalls: 3,
  };

  it.each([
    ['2026-05-25', 0.7, 'achieved'],
    ['2026-05-25', 0.85, 'missed'],
    ['2026-05-21', 0.7, 'on_track'],
    ['2026-05-21', 0.85, 'behind'],
    ['2026-05-10', 0.7, 'not_started'],
  ])('on %s with target %s: %s', (today, target, state) => {
    const e = evaluateGoal({ ...goal, target }, facts, today);
    expect(e.state).toBe(state);
    expect(e.value).toBe(0.8);
    expect(e.callIds).toEqual(['c1', 'c2', 'c3']);
  });

  it('reports too few calls (calls with data for the metric), never a miss', () => {
    expect(evaluateGoal({ ...goal, minCalls: 4 }, facts, '2026-05-25')).toMatchObject({
      state: 'too_few_calls',
      calls: 3,
    });
    expect(
      evaluateGoal({ ...goal, periodFrom: '2026-06-01', periodTo: '2026-06-07' }, facts, '2026-06-08'),
    ).toMatchObject({
      state: 'too_few_calls',
      calls: 0,
      value: null,
    });
  });

  it('turns this week / next week into ISO weeks of local days', () => {
    expect(goalPeriod('this_week', '2026-05-27')).toEqual({ from: '2026-05-25', to: '2026-05-31' });
    expect(goalPeriod('next_week', '2026-05-31')).toEqual({ from: '2026-06-01', to: '2026-06-07' });
  });
});

describe('trend, heatmap, customer questions, radar', () => {
  it('gives direction and size from the first to the last week with data', () => {
    const week = (w: string, sum: number, calls: number): TrendWeek & { counters: Counters } => ({
      week: w,
      from: '',
      to: '',
      partial: false,
      calls,
      counters: calls
        ? { calls, 'dim.closing.sum': sum, 'dim.closing.n': calls, 'talk.sum': 0.7 * calls, 'talk.n': calls }
        : {},
    });
    const t = buildTrend([week('2026-W20', 120, 2), week('2026-W21', 0, 0), week('2026-W22', 240, 3)]);
    const closing = t.series.find((s) => s.id === 'closing')!;
    expect(closing).toMatchObject({ values: [60, null, 80], direction: 'up', delta: 20, improving: true });
    expect(t.series.find((s) => s.id === 'talk_ratio')).toMatchObject({ direction: 'flat', improving: null });
  });

  it('computes a heatmap cell: reach, frequency, mean duration and conversion', () => {
    const cell = heatmapCell('2026-W21', 'solution', {
      calls: 4,
      'act.solution.calls': 3,
      'act.solution.count': 6,
      'act.solution.durMs': 48_000,
      'act.solution.conv': 1,
    });
    expect(cell).toEqual({
      week: '2026-W21',
      action: 'solution',
      calls: 4,
      reach: 0.75,
      frequency: 1.5,
      avgDurationSec: 8,
      conversion: 0.3333,
    });
  });

  it('clusters customer questions by lexicon concepts, else by normalised wording', () => {
    const rows = [
      {
        callId: 'a',
        utteranceId: 'u1',
        occurredAt: '2026-05-01T01:00:00Z',
        industry: 'saas',
        text: '价格怎么算？',
      },
      {
        callId: 'b',
        utteranceId: 'u2',
        occurredAt: '2026-05-02T01:00:00Z',
        industry: 'saas',
        text: '报价多少啊',
      },
      {
        callId: 'b',
        utteranceId: 'u3',
        occurredAt: '2026-05-02T01:00:00Z',
        industry: 'saas',
        text: '嗯，你们在哪里呢？',
      },
      {
        callId: 'c',
        utteranceId: 'u4',
        occurredAt: '2026-05-03T01:00:00Z',
        industry: 'saas',
        text: '你们在哪里',
      },
      {
        callId: 'c',
        utteranceId: 'u5',
        occurredAt: '2026-05-03T01:00:00Z',
        industry: 'saas',
        text: '你們在哪裡？',
      },
    ];
    const concepts = (_: string, text: string) => (/价格|报价/.test(text) ? ['价格'] : []);
    const r = clusterQuestions(rows, concepts);
    expect(r.clusters.map((c) => [c.key, c.count, c.calls, c.label])).toEqual([
      ['text:你们在哪里', 3, 2, '你们在哪里'],
      ['concepts:价格', 2, 2, '报价多少'],
    ]);
    expect(r.clusters[0]!.examples.map((e) => e.callId)).toEqual(['c', 'b']);
    expect(normaliseQuestion('呃那个，多少钱吗？')).toBe('多少钱');
  });

  it('draws a deterministic SVG radar with three series and the five labels', () => {
    const axes = ['线索激活', '需求诊断', '方案呈现', '异议攻坚', '关单促成'].map((nameZh, i) => ({
      nameZh,
      rep: i === 2 ? null : 60 + i,
      team: 70,
      top: 90,
    }));
    const svg = renderRadarSvg(axes);
    expect(svg).toBe(renderRadarSvg(axes));
    expect(svg.match(/<polygon/g)).toHaveLength(5 + 3);
    expect(svg).toContain('方案呈现 不适用');
    expect(svg).toContain('需求诊断 61');
  });
});
