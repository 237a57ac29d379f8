/**
 * Feedback packs on a seeded team (6 reps × 30 days of calls generated from the project's own
 * fixtures, through the real intake and workers on the embedded database). Figures are checked
 * two ways: against an independent recomputation from the stored findings and scores (SQL over
 * the raw rows, not the aggregation code), and as exact values of this seed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../bin/config.js';
import { buildService, type Service } from '../../bin/service.js';
import { DIMENSIONS } from '../../lexicons/scorecard.schema.js';
import { AggregateRepository } from '../../models/aggregate.repository.js';
import { FeedbackRepository } from '../../models/feedback.repository.js';
import { JobName } from '../../pipeline/queue.js';
import { FeedbackService } from '../../services/feedback/feedback.service.js';
import { itemWeights } from '../../services/feedback/gaps.core.js';
import type { FeedbackPackData } from '../../services/feedback/pack.core.js';
import { renderPackHtml } from '../../services/feedback/render-html.js';
import { renderPackMarkdown } from '../../services/feedback/render-md.js';
import { addDays, localDay } from '../../services/feedback/time.js';
import { packWorkbook, teamWorkbook } from '../../services/feedback/xlsx.js';
import { SEED_AT, SEED_REPS, type SeededTeam, seedTeam } from '../helpers/seed-team.js';

const dir = mkdtempSync(join(tmpdir(), 'tingjian-feedback-'));
let svc: Service;
let seed: SeededTeam;
let aggregates: AggregateRepository;
let packs: FeedbackRepository;
let appealId = '';

type Row = Record<string, unknown>;
const rows = async <T = Row>(q: ReturnType<typeof sql>): Promise<T[]> =>
  ((await svc.database.db.execute(q)) as unknown as { rows: T[] }).rows;

/** Window of the seeded pack: local days 2026-05-03 … 2026-06-01 (the last only before 08:00). */
const WINDOW_FROM = '2026-05-03T00:00:00+08:00';

beforeAll(async () => {
  svc = await buildService(
    loadConfig({
      DATA_DIR: dir,
      LOG_LEVEL: 'silent',
      WORKER_CONCURRENCY: '1',
      FEEDBACK_SCHEDULE: 'off',
      GOALS_SCHEDULE: 'off',
    }),
    { role: 'all' },
  );
  await svc.startWorkers();
  seed = await seedTeam(svc);
  aggregates = new AggregateRepository(svc.database.db);
  packs = new FeedbackRepository(svc.database.db);
}, 300_000);

afterAll(async () => {
  await svc?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Independent recomputation: per rep, from the raw stored rows of the window's scored calls. */
async function oracle(repId: string, from = WINDOW_FROM, to = SEED_AT.toISOString()) {
  const [r] = await rows<{
    calls: number;
    total: number | null;
    open: number;
    closed: number;
    rest: number;
    accurate: number;
    implicit: number;
    identified: number;
    objections: number;
    alternatives: number;
  }>(sql`
    select count(*)::int as calls, avg(c.total)::float8 as total,
      (select count(*)::int from findings f join calls x on x.id = f.call_id where x.rep_id = ${repId}
         and x.occurred_at >= ${from}::timestamptz and x.occurred_at < ${to}::timestamptz and not f.suppressed and f.label = 'question.open') as open,
      (select count(*)::int from findings f join calls x on x.id = f.call_id where x.rep_id = ${repId}
         and x.occurred_at >= ${from}::timestamptz and x.occurred_at < ${to}::timestamptz and not f.suppressed and f.label = 'question.closed') as closed,
      (select count(*)::int from findings f join calls x on x.id = f.call_id where x.rep_id = ${repId}
         and x.occurred_at >= ${from}::timestamptz and x.occurred_at < ${to}::timestamptz and not f.suppressed and f.label = 'restatement') as rest,
      (select count(*)::int from findings f join calls x on x.id = f.call_id where x.rep_id = ${repId}
         and x.occurred_at >= ${from}::timestamptz and x.occurred_at < ${to}::timestamptz and not f.suppressed and f.label = 'restatement'
         and f.evidence->>'accurate' = 'true') as accurate,
      (select count(*)::int from findings f join calls x on x.id = f.call_id where x.rep_id = ${repId}
         and x.occurred_at >= ${from}::timestamptz and x.occurred_at < ${to}::timestamptz and not f.suppressed and f.label = 'need.implicit') as implicit,
      (select count(*)::int from findings f join calls x on x.id = f.call_id where x.rep_id = ${repId}
         and x.occurred_at >= ${from}::timestamptz and x.occurred_at < ${to}::timestamptz and not f.suppressed and f.label = 'need.implicit'
         and f.evidence->>'identified' = 'true') as identified,
      (select count(*)::int from findings f join calls x on x.id = f.call_id where x.rep_id = ${repId}
         and x.occurred_at >= ${from}::timestamptz and x.occurred_at < ${to}::timestamptz and not f.suppressed and f.label like 'objection.%') as objections,
      (select count(*)::int from findings f join calls x on x.id = f.call_id where x.rep_id = ${repId}
         and x.occurred_at >= ${from}::timestamptz and x.occurred_at < ${to}::timestamptz and not f.suppressed and f.label like 'objection.%'
         and f.evidence->'techniques' ? 'alternative') as alternatives
    from calls c where c.rep_id = ${repId} and c.status = 'scored'
      and c.occurred_at >= ${from}::timestamptz and c.occurred_at < ${to}::timestamptz`);
  return r!;
}

/** Mean item score (0-100) per score metric of a rep's window calls, from score_items. */
async function itemMeans(repId: string): Promise<Map<string, number>> {
  const list = await rows<{ metric: string; mean: number }>(sql`
    select s.metric, avg(s.score)::float8 as mean from score_items s join calls c on c.id = s.call_id
    where c.rep_id = ${repId} and c.status = 'scored' and s.score is not null
      and c.occurred_at >= ${WINDOW_FROM}::timestamptz and c.occurred_at < ${SEED_AT.toISOString()}::timestamptz
    group by s.metric`);
  return new Map(list.map((r) => [r.metric, r.mean]));
}

type Concerns = Record<string, [number, number]>;

/** Per scored call, term → [needs, objections] recomputed from its stored findings (the oracle). */
async function concernsFromFindings(): Promise<Map<string, Concerns>> {
  const list = await rows<{ id: string; term: string | null; needs: number; objections: number }>(sql`
    select c.id, f.term,
           count(f.term) filter (where f.label = 'need.implicit')::int as needs,
           count(f.term) filter (where f.label like 'objection.%')::int as objections
    from calls c
    left join findings f on f.call_id = c.id and not f.suppressed and f.term is not null
      and (f.label = 'need.implicit' or f.label like 'objection.%')
    where c.status = 'scored'
    group by c.id, f.term`);
  const out = new Map<string, Concerns>();
  for (const r of list) {
    const call = out.get(r.id) ?? {};
    if (r.term !== null) call[r.term] = [r.needs, r.objections];
    out.set(r.id, call);
  }
  return out;
}

/** The concern terms stored with each call's facts (null: not computed yet). */
async function storedConcerns(): Promise<Map<string, Concerns | null>> {
  const list = await rows<{ call_id: string; concerns: Concerns | null }>(
    sql`select call_id, concerns from call_facts`,
  );
  return new Map(list.map((r) => [r.call_id, r.concerns]));
}

/** The pack JSON with random call ids replaced by the seeded external ids (stable snapshots). */
function stableIds(data: FeedbackPackData): FeedbackPackData {
  let text = JSON.stringify(data);
  for (const [externalId, callId] of seed.callIds) text = text.split(callId).join(externalId);
  if (appealId) text = text.split(appealId).join('appeal-seed');
  return JSON.parse(text) as FeedbackPackData;
}

describe('aggregates', () => {
  it('seeds 6 reps with calls on 30 days, every call scored and aggregated exactly once', async () => {
    expect(seed.calls).toHaveLength(175);
    const [c] = await rows<{ scored: number; facts: number; bucketed: number }>(sql`
      select (select count(*)::int from calls where status = 'scored') as scored,
             (select count(*)::int from call_facts) as facts,
             (select sum(calls)::int from rep_day_aggregates) as bucketed`);
    expect(c).toEqual({ scored: 175, facts: 175, bucketed: 175 });
  });

  it('keeps one day bucket per rep and local day, equal to the sum of its calls', async () => {
    const buckets = await aggregates.dayBuckets({
      teamId: seed.teamId,
      fromDay: '2026-05-01',
      toDay: '2026-06-30',
    });
    const perDay = await rows<{ rep_id: string; day: string; n: number }>(sql`
      select rep_id, to_char(occurred_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as day, count(*)::int as n
      from calls group by 1, 2 order by 1, 2`);
    expect(buckets.map((b) => [b.repId, b.day, b.calls])).toEqual(perDay.map((r) => [r.rep_id, r.day, r.n]));
    const w = buckets.find((b) => b.day === '2026-05-18');
    expect(w?.isoWeek).toBe('2026-W21');
  });

  it('computes the 30-day window per rep exactly as the raw findings say (ratios pooled)', async () => {
    const ctx = await svc.feedback.teamContext(seed.teamId, SEED_AT);
    expect(ctx.window).toMatchObject({ fromDay: '2026-05-03', toDay: '2026-06-01' });
    for (const rep of SEED_REPS) {
      const o = await oracle(rep.id);
      const s = ctx.benchmark.byRep.get(rep.id)!;
      expect(s.calls, rep.id).toBe(o.calls);
      expect(s.total!, rep.id).toBeCloseTo(o.total!, 9);
      expect(s.kpis.open_question_ratio!, rep.id).toBeCloseTo(o.open / (o.open + o.closed), 9);
      expect(s.kpis.question_count!, rep.id).toBeCloseTo((o.open + o.closed) / o.calls, 9);
      expect(s.kpis.restatement_accuracy, rep.id).toBe(o.rest > 0 ? o.accurate / o.rest : null);
      expect(s.kpis.implicit_needs_identified!, rep.id).toBeCloseTo(o.identified / o.implicit, 9);
      expect(s.kpis.alternatives_offered!, rep.id).toBeCloseTo(o.alternatives / o.objections, 9);
    }
    // Exact figures of this seed (rep 张敏): calls, pooled ratios, mean total.
    const zhang = ctx.benchmark.byRep.get('rep-zhang')!;
    expect(zhang.calls).toBe(29);
    expect(Math.round(zhang.total! * 100) / 100).toBe(85.45);
    expect(Math.round(zhang.kpis.implicit_needs_identified! * 10_000) / 10_000).toBe(0.7083);
    expect(Math.round(zhang.kpis.alternatives_offered! * 10_000) / 10_000).toBe(0.2078);
  });

  it('leaves calls outside the window out: the seed starts on 2026-05-02, the window on 05-03', async () => {
    const ctx = await svc.feedback.teamContext(seed.teamId, SEED_AT);
    const before = seed.calls.filter((c) => c.day === '2026-05-02').length;
    const total = [...ctx.benchmark.byRep.values()].reduce((a, s) => a + s.calls, 0);
    expect(before).toBeGreaterThan(0);
    expect(total).toBe(seed.calls.length - before);
  });

  it('ranks the top quartile by mean total: ceil(6/4) = 2 reps, team averages weight every rep once', async () => {
    const ctx = await svc.feedback.teamContext(seed.teamId, SEED_AT);
    const totals = await Promise.all(
      SEED_REPS.map(async (r) => ({ id: r.id, total: (await oracle(r.id)).total! })),
    );
    const expected = totals.sort((a, b) => b.total - a.total).map((t) => t.id);
    expect(ctx.benchmark.ranked.map((r) => r.repId)).toEqual(expected);
    expect(ctx.benchmark.topRepIds).toEqual(['rep-lin', 'rep-wang']);
    expect(ctx.benchmark.team.total!).toBeCloseTo(totals.reduce((a, t) => a + t.total, 0) / 6, 9);
    expect(ctx.benchmark.top.total!).toBeCloseTo((totals[0]!.total + totals[1]!.total) / 2, 9);
    for (const d of DIMENSIONS) expect(ctx.benchmark.team.dimensions[d]).not.toBeNull();
  });

  it('makes the benchmark group size configurable (top half, at least 4 reps)', async () => {
    const wide = new FeedbackService({
      aggregates,
      packs,
      goals: svc.goals,
      users: svc.users,
      lexicons: svc.lexicons,
      scorecardOf: (i) => svc.analyzer.scorecard(i),
      timeZone: 'Asia/Shanghai',
      benchmark: { fraction: 0.5, minReps: 4 },
    });
    const ctx = await wide.teamContext(seed.teamId, SEED_AT);
    expect(ctx.benchmark.groupSize).toBe(4);
    expect(ctx.benchmark.topRepIds).toEqual(ctx.benchmark.ranked.slice(0, 4).map((r) => r.repId));
  });
});

describe('the pack', () => {
  let data: FeedbackPackData;

  beforeAll(async () => {
    const callId = seed.callIds.get('seed-rep-zhang-2026-05-27-1')!;
    const appeal = await svc.appeals.create({
      callId,
      repId: 'rep-zhang',
      teamId: seed.teamId,
      industry: 'retail',
      target: 'finding',
      itemKey: 'seed-item',
      quote: '',
      reason: '我认为这里识别错了',
      proposal: { correction: { kind: 'remove' } },
      filedBy: 'rep-zhang',
      filedAt: new Date('2026-05-28T10:00:00+08:00'),
      dueAt: new Date('2026-05-30T10:00:00+08:00'),
    });
    appealId = appeal.id;
    const pack = await svc.feedback.generatePack('rep-zhang', { at: SEED_AT });
    data = FeedbackService.packData(pack);
  });

  it('stores the data window, the versions used and every source call with its revision', async () => {
    expect(data.window).toEqual({
      from: '2026-05-02T16:00:00.000Z',
      to: '2026-06-01T00:00:00.000Z',
      fromDay: '2026-05-03',
      toDay: '2026-06-01',
      days: 30,
    });
    expect(data.sources.calls).toHaveLength(29);
    expect(data.sources.calls.every((c) => c.revision === 1)).toBe(true);
    expect(data.sources.lexiconVersions.length).toBeGreaterThan(0);
    expect(data.sources.lexiconVersions.every((v) => /^[a-z_]+@\d+\+[0-9a-f]+$/.test(v))).toBe(true);
    const stored = await packs.listPacks('rep-zhang');
    expect(stored[0]?.lexiconVersions).toEqual(data.sources.lexiconVersions);
  });

  it('marks calls still under appeal and lists the open appeal', () => {
    const callId = seed.callIds.get('seed-rep-zhang-2026-05-27-1')!;
    expect(data.calls).toEqual({ count: 29, underAppeal: 1, underAppealCallIds: [callId] });
    expect(data.appeals.map((a) => [a.callId, a.status])).toEqual([[callId, 'open']]);
  });

  it('draws the radar of rep vs team average vs top quartile on the five dimensions', () => {
    expect(data.radar.map((d) => d.nameZh)).toEqual([
      '线索激活',
      '需求诊断',
      '方案呈现',
      '异议攻坚',
      '关单促成',
    ]);
    expect(data.benchmark).toMatchObject({ rankedReps: 6, groupSize: 2, repIsInGroup: false });
    expect(data.total.rep).toBe(85.4);
  });

  it('ranks the top 3 gaps by gap × scorecard weight, recomputed from the raw item scores', async () => {
    const mine = await itemMeans('rep-zhang');
    const [a, b] = await Promise.all([itemMeans('rep-lin'), itemMeans('rep-wang')]);
    // The weights of the rep's main industry in the window (the pack ranks with that scorecard).
    const [main] = await rows<{ industry: string }>(sql`
      select industry from calls where rep_id = 'rep-zhang' and status = 'scored'
        and occurred_at >= ${WINDOW_FROM}::timestamptz and occurred_at < ${SEED_AT.toISOString()}::timestamptz
      group by industry order by count(*) desc, industry limit 1`);
    const weights = itemWeights(svc.analyzer.scorecard(main!.industry));
    const expected = [...weights]
      .filter(([m]) => mine.has(m) && a.has(m) && b.has(m))
      .map(([m, w]) => ({ m, gap: (a.get(m)! + b.get(m)!) / 2 - mine.get(m)!, w: w.weight }))
      .filter((g) => g.gap >= 0.05)
      .sort((x, y) => y.gap * y.w - x.gap * x.w)
      .slice(0, 3)
      .map((g) => g.m);
    expect(data.gaps.map((g) => g.metric)).toEqual(expected);
    expect(data.gaps.map((g) => g.metric)).toEqual([
      'implicit_needs_identified',
      'alternatives_offered',
      'objections_resolved',
    ]);
    const first = data.gaps[0]!;
    expect(first).toMatchObject({ rank: 1, dimension: 'need_diagnosis', reference: 'top_quartile' });
    // gap is shown to 0.1 point and weight to 0.1 %: their product is the impact to within 0.01.
    expect(Math.abs(first.impact - first.gap * first.weight)).toBeLessThan(0.01);
    expect(first.raw).toMatchObject({
      kpi: 'implicit_needs_identified',
      unit: 'ratio',
      rep: 0.7083,
      reference: 0.8038,
    });
  });

  it('words three suggestions from the template table, quantified, with examples from the right reps', () => {
    expect(data.suggestions.map((s) => s.metric)).toEqual(data.gaps.map((g) => g.metric));
    const [s1] = data.suggestions;
    expect(s1!.quantified).toMatchObject({ rep: 0.7083, reference: 0.8038, relativePct: 12 });
    expect(s1!.text).toBe(
      '您的隐性需求识别率比标杆低 12%（您 71%，标杆 80%），建议客户一提到困难、麻烦或限制，下一句就追问“具体是什么情况？影响到哪些环节？”。',
    );
    expect(data.suggestions[1]!.text).toBe(
      '您的备选方案提出频次比标杆低 26%（您 21%，标杆 28%），建议准备两套备选配置话术（如基础版/分期/租赁），客户嫌贵或有顾虑时主动给出第二选择。',
    );
    const repCalls = new Set(
      seed.calls.filter((c) => c.repId === 'rep-zhang').map((c) => seed.callIds.get(c.externalId)),
    );
    for (const s of data.suggestions) {
      expect(s.badExample, s.metric).not.toBeNull();
      expect(repCalls.has(s.badExample!.callId)).toBe(true);
      expect(s.badExample!.utterances.length).toBeGreaterThan(0);
      if (s.goodExample) expect(['rep-lin', 'rep-wang']).toContain(s.goodExample.repId);
    }
    expect(new Set(data.suggestions.map((s) => s.badExample!.callId)).size).toBe(3);
  });

  it('lists the customer concern terms of the rep calls with counts, most frequent first', async () => {
    const [top] = await rows<{ term: string; n: number }>(sql`
      select f.term, count(*)::int as n from findings f join calls c on c.id = f.call_id
      where c.rep_id = 'rep-zhang' and c.occurred_at >= ${WINDOW_FROM}::timestamptz and c.occurred_at < ${SEED_AT.toISOString()}::timestamptz
        and not f.suppressed and f.term is not null and (f.label = 'need.implicit' or f.label like 'objection.%')
      group by f.term order by n desc, f.term limit 1`);
    expect(data.concerns[0]).toMatchObject({ term: top!.term, count: top!.n });
    const counts = data.concerns.map((c) => c.count);
    expect(counts).toEqual([...counts].sort((x, y) => y - x));
  });

  it('renders the committed Markdown and HTML snapshots (Simplified Chinese, SVG radar)', async () => {
    const stable = stableIds(data);
    const md = renderPackMarkdown(stable);
    const html = renderPackHtml(stable);
    expect(md).toContain('## 明天就能做的三件事');
    expect(html).toContain('<svg');
    await expect(md).toMatchFileSnapshot('../fixtures/feedback/pack-rep-zhang.md');
    await expect(html).toMatchFileSnapshot('../fixtures/feedback/pack-rep-zhang.html');
  });

  it('exports the pack and the team metrics as Excel workbooks that read back', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await packWorkbook(data)) as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '概览',
      '雷达',
      '关键指标',
      '趋势',
      '差距',
      '建议',
      '目标',
    ]);
    expect(wb.getWorksheet('雷达')!.getRow(7).values).toEqual([
      undefined,
      '综合得分',
      data.total.rep,
      data.total.team,
      data.total.top,
    ]);
    const team = new ExcelJS.Workbook();
    await team.xlsx.load((await teamWorkbook(await svc.feedback.teamMetrics(seed.teamId, SEED_AT))) as never);
    const sheet = team.getWorksheet('团队指标')!;
    expect(sheet.rowCount).toBe(1 + 6 + 2);
    expect(sheet.getRow(2).getCell(1).value).toBe('林雪');
    expect(sheet.getRow(2).getCell(3).value).toBe('是');
  });
});

describe('growth goals', () => {
  const create = (repId: string, metric: string, target: number, from: string, to: string, minCalls = 3) =>
    svc.goals.create({
      repId,
      teamId: seed.teamId,
      metric,
      comparator: metric === 'talk_ratio' ? '<=' : '>=',
      target,
      periodFrom: from,
      periodTo: to,
      minCalls,
      createdBy: seed.managerId,
    });

  it('evaluates achieved / missed after the period, on track / behind during it, too few calls, not started', async () => {
    const week = await oracle('rep-lin', '2026-05-18T00:00:00+08:00', '2026-05-25T00:00:00+08:00');
    const value = week.open / (week.open + week.closed);
    const achieved = await create('rep-lin', 'open_question_ratio', value - 0.01, '2026-05-18', '2026-05-24');
    const missed = await create('rep-lin', 'question_count', 99, '2026-05-18', '2026-05-24');
    const runningOk = await create('rep-wang', 'next_step_proposed', 0.1, '2026-05-25', '2026-06-07');
    const runningBehind = await create('rep-wang', 'objections_resolved', 1, '2026-05-25', '2026-06-07');
    const away = await create('rep-zhao', 'restatement_accuracy', 0.85, '2026-05-25', '2026-05-31');
    const later = await create('rep-chen', 'talk_ratio', 0.5, '2026-06-08', '2026-06-14');
    const states = await Promise.all(
      [achieved, missed, runningOk, runningBehind, away, later].map((g) => svc.feedback.evaluate(g, SEED_AT)),
    );
    expect(states.map((s) => s.state)).toEqual([
      'achieved',
      'missed',
      'on_track',
      'behind',
      'too_few_calls',
      'not_started',
    ]);
    expect(states[0]!.value).toBeCloseTo(value, 4);
    expect(states[0]!.calls).toBe(week.calls);
    const linWeek = seed.calls.filter(
      (c) => c.repId === 'rep-lin' && c.day >= '2026-05-18' && c.day <= '2026-05-24',
    );
    expect(new Set(states[1]!.callIds)).toEqual(new Set(linWeek.map((c) => seed.callIds.get(c.externalId))));
    expect(states[4]).toMatchObject({ calls: 0, value: null });
  });

  it('refuses a third goal overlapping two active ones', async () => {
    await expect(create('rep-lin', 'restatement_accuracy', 0.85, '2026-05-20', '2026-05-22')).rejects.toThrow(
      /at most 2/,
    );
  });

  it('stores the evaluation of the daily job for running goals', async () => {
    await svc.queue.enqueue(
      JobName.GoalsEvaluate,
      { teamId: seed.teamId, at: SEED_AT.toISOString() },
      'goals-test-1',
    );
    await svc.queue.drain();
    const goals = await svc.goals.listForRep('rep-wang');
    expect(goals.map((g) => g.state).sort()).toEqual(['behind', 'on_track']);
    expect(goals.every((g) => g.evaluatedAt?.getTime() === SEED_AT.getTime())).toBe(true);
  });
});

describe('a team run', () => {
  it('builds every rep pack exactly as generating it alone does, goals and examples included', async () => {
    const team = await svc.feedback.generateTeamPacks(seed.teamId, { at: SEED_AT, trigger: 'on_demand' });
    expect(team.map((p) => p.repId)).toEqual([...SEED_REPS.map((r) => r.id)].sort());
    for (const pack of team) {
      const alone = await svc.feedback.generatePack(pack.repId, { at: SEED_AT });
      expect(JSON.stringify(pack.data), pack.repId).toBe(JSON.stringify(alone.data));
      expect(pack.lexiconVersions).toEqual(alone.lexiconVersions);
    }
    const data = new Map(team.map((p) => [p.repId, FeedbackService.packData(p)]));
    // The goals of the growth-goal tests (evaluated at the pack's moment) and quoted examples.
    expect(data.get('rep-lin')!.goals.map((g) => g.state)).toEqual(['achieved', 'missed']);
    expect(
      data
        .get('rep-wang')!
        .goals.map((g) => g.state)
        .sort(),
    ).toEqual(['behind', 'on_track']);
    const suggestions = [...data.values()].flatMap((d) => d.suggestions);
    expect(suggestions.filter((s) => s.badExample).length).toBeGreaterThan(0);
    expect(suggestions.filter((s) => s.goodExample).length).toBeGreaterThan(0);
  });

  it('stores the evaluations of the goals a pack for now shows', async () => {
    const at = new Date();
    const today = localDay(at, 'Asia/Shanghai');
    const goal = await svc.goals.create({
      repId: 'rep-zhao',
      teamId: seed.teamId,
      metric: 'question_count',
      comparator: '>=',
      target: 5,
      periodFrom: addDays(today, -2),
      periodTo: addDays(today, 4),
      minCalls: 3,
      createdBy: seed.managerId,
    });
    try {
      const packs = await svc.feedback.generateTeamPacks(seed.teamId, { at, trigger: 'on_demand' });
      const zhao = FeedbackService.packData(packs.find((p) => p.repId === 'rep-zhao')!);
      expect(zhao.goals.map((g) => [g.id, g.state, g.calls])).toEqual([[goal.id, 'too_few_calls', 0]]);
      expect(await svc.goals.get(goal.id)).toMatchObject({
        state: 'too_few_calls',
        callCount: 0,
        callIds: [],
        evaluatedAt: at,
      });
    } finally {
      await svc.goals.cancel(goal.id);
    }
  });
});

describe('team views', () => {
  it('builds the heatmap: rep × key action × ISO week, with reach, frequency, duration and conversion', async () => {
    const h = await svc.feedback.heatmap(seed.teamId, 4, SEED_AT);
    expect(h.weeks.map((w) => w.week)).toEqual(['2026-W20', '2026-W21', '2026-W22', '2026-W23']);
    expect(h.actions.map((a) => a.nameZh)).toEqual([
      '首次触达',
      '需求确认',
      '方案演示',
      '异议处理',
      '报价推进',
    ]);
    expect(h.reps).toHaveLength(6);
    const cell = h.reps
      .find((r) => r.repId === 'rep-liu')!
      .cells.find((c) => c.week === '2026-W21' && c.action === 'opening')!;
    const [o] = await rows<{ calls: number; opened: number; ms: number; utts: number }>(sql`
      select count(distinct c.id)::int as calls,
        count(distinct c.id) filter (where exists (select 1 from findings f where f.call_id = c.id and f.label = 'opening' and not f.suppressed))::int as opened,
        (select coalesce(sum(u.end_ms - u.start_ms), 0)::int from utterances u join calls x on x.id = u.call_id
           where x.rep_id = 'rep-liu' and x.occurred_at >= '2026-05-18T00:00:00+08:00' and x.occurred_at < '2026-05-25T00:00:00+08:00'
             and exists (select 1 from findings f where f.call_id = u.call_id and f.utterance_id = u.id and f.label = 'opening' and not f.suppressed)) as ms,
        (select count(*)::int from findings f join calls x on x.id = f.call_id
           where x.rep_id = 'rep-liu' and x.occurred_at >= '2026-05-18T00:00:00+08:00' and x.occurred_at < '2026-05-25T00:00:00+08:00'
             and f.label = 'opening' and not f.suppressed) as utts
      from calls c where c.rep_id = 'rep-liu' and c.occurred_at >= '2026-05-18T00:00:00+08:00' and c.occurred_at < '2026-05-25T00:00:00+08:00'`);
    expect(cell.calls).toBe(o!.calls);
    expect(cell.reach).toBeCloseTo(o!.opened / o!.calls, 4);
    expect(cell.frequency).toBeCloseTo(o!.utts / o!.calls, 2);
    expect(cell.avgDurationSec).toBeCloseTo(o!.ms / o!.utts / 1000, 1);
    const last = h.reps[0]!.cells.find((c) => c.action === 'quote_next_step')!;
    expect(last.conversion).toBeNull();
  });

  it('clusters customer questions by lexicon concept and wording, counting every question once', async () => {
    const from = new Date('2026-05-01T00:00:00+08:00');
    const to = new Date('2026-06-01T00:00:00+08:00');
    const r = await svc.feedback.customerQuestions(seed.teamId, { from, to, limit: 100 });
    const [n] = await rows<{ n: number }>(sql`
      select count(*)::int as n from findings f join calls c on c.id = f.call_id
      where f.label = 'question' and not f.suppressed and c.team_id = ${seed.teamId}
        and c.occurred_at >= ${from.toISOString()}::timestamptz and c.occurred_at < ${to.toISOString()}::timestamptz`);
    expect(r.total).toBe(n!.n);
    expect(r.clusters.reduce((a, c) => a + c.count, 0)).toBe(n!.n);
    const counts = r.clusters.map((c) => c.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(r.clusters[0]!.examples.length).toBeGreaterThan(0);
    const med = await svc.feedback.customerQuestions(seed.teamId, { from, to, industry: 'medical_devices' });
    expect(med.total).toBeLessThan(r.total);
  });
});

describe('incremental updates', () => {
  it('an accepted correction (a removed objection) reaches only its rep day bucket after the rescore', async () => {
    const [target] = await rows<{
      call_id: string;
      id: string;
      utterance_id: string;
      label: string;
      span_start: number;
      span_end: number;
      rep_id: string;
    }>(sql`
      select f.call_id, f.id, f.utterance_id, f.label, f.span_start, f.span_end, c.rep_id from findings f join calls c on c.id = f.call_id
      where c.rep_id = 'rep-chen' and f.label like 'objection.%' and not f.suppressed order by c.occurred_at, f.idx limit 1`);
    const fact = (
      await aggregates.facts({ repIds: ['rep-chen'], fromDay: '2026-05-01', toDay: '2026-06-30' })
    ).find((f) => f.callId === target!.call_id)!;
    const before = await aggregates.dayBuckets({
      teamId: seed.teamId,
      fromDay: '2026-05-01',
      toDay: '2026-06-30',
    });
    const appeal = await svc.appeals.create({
      callId: target!.call_id,
      repId: 'rep-chen',
      teamId: seed.teamId,
      industry: fact.industry,
      target: 'finding',
      itemKey: `finding:${target!.id}`,
      findingId: target!.id,
      quote: '',
      reason: '客户只是在问价格，不是异议',
      proposal: {},
      filedBy: 'rep-chen',
      dueAt: new Date('2026-06-03T00:00:00+08:00'),
    });
    const concernsBefore = (await storedConcerns()).get(target!.call_id)!;
    const [{ term } = { term: null }] = await rows<{ term: string | null }>(
      sql`select term from findings where call_id = ${target!.call_id} and id = ${target!.id}`,
    );
    await svc.appeals.transition(appeal, 'accepted', { decidedBy: seed.managerId, decidedAt: new Date() });
    await svc.appeals.addOverride(target!.call_id, appeal.id, {
      kind: 'remove',
      findingId: target!.id,
      utteranceId: target!.utterance_id,
      label: target!.label,
      span: [target!.span_start, target!.span_end],
    });
    await svc.service.rescore(target!.call_id);
    await svc.queue.drain();
    const after = await aggregates.dayBuckets({
      teamId: seed.teamId,
      fromDay: '2026-05-01',
      toDay: '2026-06-30',
    });
    const changed = after.filter((b) => {
      const old = before.find((x) => x.repId === b.repId && x.day === b.day)!;
      return old.updatedAt.getTime() !== b.updatedAt.getTime();
    });
    expect(changed.map((b) => [b.repId, b.day])).toEqual([['rep-chen', fact.day]]);
    const oldBucket = before.find((b) => b.repId === 'rep-chen' && b.day === fact.day)!;
    expect(changed[0]!.counters['obj.n'] ?? 0).toBe((oldBucket.counters['obj.n'] ?? 0) - 1);
    const newFact = (
      await aggregates.facts({ repIds: ['rep-chen'], fromDay: fact.day, toDay: fact.day })
    ).find((f) => f.callId === target!.call_id)!;
    expect(newFact.revision).toBe(2);
    // The removed objection's term counts one objection less in the call's concern terms.
    const expected = structuredClone(concernsBefore);
    if (term !== null) {
      const [needs, objections] = expected[term]!;
      if (needs === 0 && objections === 1) delete expected[term];
      else expected[term] = [needs, objections - 1];
    }
    expect((await storedConcerns()).get(target!.call_id)).toEqual(expected);
    // The bucket stays the sum of its calls.
    const sameDay = await aggregates.facts({ repIds: ['rep-chen'], fromDay: fact.day, toDay: fact.day });
    expect(changed[0]!.counters['obj.n'] ?? 0).toBe(
      sameDay.reduce((a, f) => a + (f.counters['obj.n'] ?? 0), 0),
    );
  });

  it('a scheduled run stores one pack per rep and replaces them when the run repeats', async () => {
    await svc.queue.enqueue(JobName.FeedbackPacks, { teamId: null, at: SEED_AT.toISOString() }, 'fp-test-1');
    await svc.queue.drain();
    const first = await rows<{ id: string; rep_id: string; run_key: string }>(sql`
      select id, rep_id, run_key from feedback_packs where trigger = 'schedule' order by rep_id`);
    expect(first.map((p) => p.rep_id)).toEqual([...SEED_REPS.map((r) => r.id)].sort());
    expect(new Set(first.map((p) => p.run_key))).toEqual(new Set(['20260601-0800']));
    await svc.queue.enqueue(
      JobName.FeedbackPacks,
      { teamId: seed.teamId, at: SEED_AT.toISOString() },
      'fp-test-2',
    );
    await svc.queue.drain();
    const again = await rows<{ id: string }>(
      sql`select id from feedback_packs where trigger = 'schedule' order by rep_id`,
    );
    expect(again.map((p) => p.id)).toEqual(first.map((p) => p.id));
  });
});

describe('concern terms kept with the call facts', () => {
  const window = { fromDay: '2026-05-03', toDay: '2026-06-01', before: SEED_AT, limit: 30 };
  const repIds = SEED_REPS.map((r) => r.id);

  it('equal, for every scored call, the counts of its findings (scored, rescored after an appeal)', async () => {
    const oracle = await concernsFromFindings();
    expect(oracle.size).toBe(175);
    expect([...oracle.values()].filter((c) => Object.keys(c).length > 0).length).toBeGreaterThan(100);
    expect(Object.fromEntries(await storedConcerns())).toEqual(Object.fromEntries(oracle));
  });

  it('are backfilled by the backlog path for facts taken before they existed, figures unchanged', async () => {
    const terms = await packs.concernTerms({ repIds, ...window });
    const buckets = await aggregates.dayBuckets({
      teamId: seed.teamId,
      fromDay: '2026-05-01',
      toDay: '2026-06-30',
    });
    // Facts as migration 0011 leaves them: no concern terms yet.
    await rows(sql`update call_facts set concerns = null`);
    expect(await aggregates.callsNeedingFacts({ teamId: seed.teamId, limit: 1000 })).toHaveLength(175);
    // Until caught up, the terms are counted from the findings: the same answer.
    expect(await packs.concernTerms({ repIds, ...window })).toEqual(terms);
    expect(await svc.feedback.catchUp(seed.teamId)).toBe(175);
    expect(await aggregates.callsNeedingFacts({ teamId: seed.teamId, limit: 1000 })).toEqual([]);
    expect(Object.fromEntries(await storedConcerns())).toEqual(
      Object.fromEntries(await concernsFromFindings()),
    );
    expect(await packs.concernTerms({ repIds, ...window })).toEqual(terms);
    const again = await aggregates.dayBuckets({
      teamId: seed.teamId,
      fromDay: '2026-05-01',
      toDay: '2026-06-30',
    });
    expect(again.map((b) => [b.repId, b.day, b.counters])).toEqual(
      buckets.map((b) => [b.repId, b.day, b.counters]),
    );
  });

  it("sum to each rep's most frequent terms of the window, as counted from the raw findings", async () => {
    const terms = await packs.concernTerms({ repIds, ...window });
    for (const repId of repIds) {
      const expected = await rows<{ term: string; n: number; needs: number; objections: number }>(sql`
        select f.term, count(*)::int as n,
               count(*) filter (where f.label = 'need.implicit')::int as needs,
               count(*) filter (where f.label like 'objection.%')::int as objections
        from findings f join calls c on c.id = f.call_id
        where c.rep_id = ${repId} and c.status = 'scored'
          and c.occurred_at >= ${WINDOW_FROM}::timestamptz and c.occurred_at < ${SEED_AT.toISOString()}::timestamptz
          and not f.suppressed and f.term is not null and (f.label = 'need.implicit' or f.label like 'objection.%')
        group by f.term order by n desc, f.term collate "C" limit 30`);
      expect(expected.length, repId).toBeGreaterThan(0);
      expect(terms.get(repId), repId).toEqual(
        expected.map((e) => ({
          term: e.term,
          kind: e.objections > e.needs ? 'objection' : 'need',
          count: e.n,
        })),
      );
    }
  });
});
