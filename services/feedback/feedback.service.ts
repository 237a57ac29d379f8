/**
 * Feedback packs, growth goals and team views: loads stored aggregates and call data, runs the
 * pure cores of this folder, stores packs and goal evaluations. The workers and the API call it.
 */
import type { LexiconRegistry } from '../../lexicons/lexicon.registry.js';
import type { Scorecard } from '../../lexicons/scorecard.schema.js';
import type {
  AggregateRepository,
  DayBucket,
  FactRow,
  FactSource,
  NewFact,
} from '../../models/aggregate.repository.js';
import { AppError, ErrorCode } from '../../models/errors.js';
import type {
  ExampleQuery,
  FeedbackPack,
  FeedbackRepository,
  FoundExample,
} from '../../models/feedback.repository.js';
import type { Goal, GoalRepository } from '../../models/goal.repository.js';
import type { PackTrigger } from '../../models/schema.js';
import type { User, UserRepository } from '../../models/user.repository.js';
import {
  type Benchmark,
  type BenchmarkOptions,
  computeBenchmark,
  type RepCounters,
} from './benchmark.core.js';
import { clusterQuestions, type QuestionCluster } from './customer-questions.core.js';
import {
  type Counters,
  computeCallFacts,
  KEY_ACTION_LABELS,
  mainIndustry,
  sumCounters,
} from './facts.core.js';
import { rankGaps } from './gaps.core.js';
import { evaluateGoal, type GoalEvaluation, type GoalFact } from './goals.core.js';
import { buildHeatmap, type Heatmap } from './heatmap.core.js';
import { KEY_METRICS, KPIS, type PeriodStats, statsOf } from './kpis.js';
import { buildPack, type FeedbackPackData, type PackGoal, packGoal } from './pack.core.js';
import { buildSuggestions, type CallExample } from './suggestions.core.js';
import { addDays, dayStart, isoWeek, localDay, weekMonday } from './time.js';
import { buildTrend } from './trend.core.js';

export interface FeedbackServiceDeps {
  aggregates: AggregateRepository;
  packs: FeedbackRepository;
  goals: GoalRepository;
  users: Pick<UserRepository, 'getUser' | 'getTeam' | 'listUsers' | 'listTeams'>;
  lexicons: LexiconRegistry;
  /** The scorecard of an industry (weights of the gap ranking). */
  scorecardOf: (industry: string) => Scorecard;
  timeZone: string;
  benchmark: BenchmarkOptions;
  /** Days of the rolling window (30). */
  windowDays?: number;
  log?: { info: (o: object, m: string) => void; warn: (o: object, m: string) => void };
}

/** Result of updating one call's facts. */
export type FactUpdate = 'updated' | 'missing' | 'not_scored' | 'stale';

/** A period ending at `asOf`: the local days [fromDay, toDay], the last one only up to `asOf`. */
export interface Window {
  asOf: Date;
  fromDay: string;
  toDay: string;
  from: Date;
}

/** Aggregates of a team over a window, shared by all packs of one team run. */
export interface TeamContext {
  teamId: string;
  window: Window;
  reps: RepCounters[];
  benchmark: Benchmark;
  names: ReadonlyMap<string, string>;
}

export interface GeneratePackOptions {
  at?: Date;
  trigger?: PackTrigger;
  runKey?: string | null;
  generatedBy?: string | null;
  context?: TeamContext;
}

const FACT_BATCH = 400;

export class FeedbackService {
  private readonly windowDays: number;

  constructor(private readonly deps: FeedbackServiceDeps) {
    this.windowDays = deps.windowDays ?? 30;
  }

  get timeZone(): string {
    return this.deps.timeZone;
  }

  // ------------------------------------------------------------------------------------------
  // Aggregates

  /** The facts of a stored call (pure: counters and the keys of its day bucket). */
  factOf(source: FactSource): NewFact {
    const c = source.call;
    const day = localDay(c.occurredAt, this.deps.timeZone);
    return {
      callId: c.id,
      repId: c.repId,
      teamId: c.teamId ?? '',
      day,
      occurredAt: c.occurredAt,
      revision: c.revision,
      industry: c.industry,
      lexiconVersion: c.lexiconVersion,
      scorecardVersion: c.scorecardVersion,
      counters: computeCallFacts({
        industry: c.industry,
        total: c.total,
        dimensions: source.dimensions,
        metrics: c.metrics,
        scoreItems: source.scoreItems,
        findings: source.findings,
        utterances: source.utterances,
      }),
    };
  }

  /**
   * A newly scored or rescored call (or one an appeal corrected): replaces its facts and re-sums
   * its rep's day bucket only, then re-evaluates the rep's running goals.
   */
  async updateCall(callId: string, revision?: number): Promise<FactUpdate> {
    const [source] = await this.deps.aggregates.loadSources([callId], KEY_ACTION_LABELS);
    if (!source) return 'missing';
    if (source.call.status !== 'scored') return 'not_scored';
    if (revision !== undefined && source.call.revision !== revision) return 'stale';
    await this.deps.aggregates.replaceFacts([this.factOf(source)]);
    await this.evaluateGoals({ repIds: [source.call.repId] });
    return 'updated';
  }

  /** Brings the facts of scored calls up to date in batches (backlog, or a first run); returns how many. */
  async catchUp(teamId?: string | null): Promise<number> {
    let done = 0;
    for (;;) {
      const ids = await this.deps.aggregates.callsNeedingFacts({
        ...(teamId !== undefined ? { teamId } : {}),
        limit: FACT_BATCH,
      });
      if (ids.length === 0) return done;
      const sources = (await this.deps.aggregates.loadSources(ids, KEY_ACTION_LABELS)).filter(
        (s) => s.call.status === 'scored',
      );
      await this.deps.aggregates.replaceFacts(sources.map((s) => this.factOf(s)));
      done += sources.length;
      if (ids.length < FACT_BATCH) return done;
    }
  }

  /** The rolling window ending at `at`: the 30 local days up to and including at's day. */
  windowAt(at: Date): Window {
    const toDay = localDay(at, this.deps.timeZone);
    const fromDay = addDays(toDay, -(this.windowDays - 1));
    return { asOf: at, fromDay, toDay, from: dayStart(fromDay, this.deps.timeZone) };
  }

  /**
   * Counters per rep and day over [fromDay, window.toDay]: stored day buckets for the days before
   * the last, call facts before `asOf` for the last day (so a pack for a past moment is exact).
   */
  async countersByRepDay(
    who: { repIds?: readonly string[]; teamId?: string },
    fromDay: string,
    window: Window,
  ): Promise<Map<string, Map<string, Counters>>> {
    const out = new Map<string, Map<string, Counters>>();
    const put = (repId: string, day: string, c: Counters) => {
      let m = out.get(repId);
      if (!m) {
        m = new Map();
        out.set(repId, m);
      }
      m.set(day, m.has(day) ? sumCounters([m.get(day)!, c]) : c);
    };
    const [buckets, lastDay] = await Promise.all([
      fromDay < window.toDay
        ? this.deps.aggregates.dayBuckets({ ...who, fromDay, toDay: addDays(window.toDay, -1) })
        : Promise.resolve([] as DayBucket[]),
      this.deps.aggregates.facts({ ...who, fromDay: window.toDay, toDay: window.toDay, before: window.asOf }),
    ]);
    for (const b of buckets) put(b.repId, b.day, b.counters);
    for (const f of lastDay) put(f.repId, f.day, f.counters);
    return out;
  }

  private async windowCounters(who: { repIds?: readonly string[]; teamId?: string }, window: Window) {
    const byRepDay = await this.countersByRepDay(who, window.fromDay, window);
    return new Map([...byRepDay].map(([rep, days]) => [rep, sumCounters(days.values())]));
  }

  /** Team averages and benchmark group of a team over the window ending at `at`. */
  async teamContext(teamId: string, at: Date): Promise<TeamContext> {
    const window = this.windowAt(at);
    const counters = await this.windowCounters({ teamId }, window);
    const members = teamId ? await this.deps.users.listUsers({ teamId }) : [];
    const names = new Map(members.map((u) => [u.id, u.name]));
    for (const repId of counters.keys()) {
      if (!names.has(repId)) names.set(repId, (await this.deps.users.getUser(repId))?.name ?? repId);
    }
    const reps = [...counters]
      .map(([repId, c]) => ({ repId, name: names.get(repId) ?? repId, counters: c }))
      .sort((a, b) => (a.repId < b.repId ? -1 : 1));
    return { teamId, window, reps, benchmark: computeBenchmark(reps, this.deps.benchmark), names };
  }

  // ------------------------------------------------------------------------------------------
  // Packs

  /** Builds and stores the feedback pack of a rep for the window ending at `at` (default now). */
  async generatePack(repId: string, options: GeneratePackOptions = {}): Promise<FeedbackPack> {
    const at = options.at ?? new Date();
    const rep = await this.deps.users.getUser(repId);
    if (!rep) throw new AppError(ErrorCode.NotFound, `rep ${repId} not found`);
    const teamId = rep.teamId ?? '';
    const ctx =
      options.context &&
      options.context.teamId === teamId &&
      options.context.window.asOf.getTime() === at.getTime()
        ? options.context
        : await this.teamContext(teamId, at);
    const window = ctx.window;
    const team = rep.teamId ? await this.deps.users.getTeam(rep.teamId) : null;

    // The rep's own calls, whichever team they were made in; weeks of the trend reach back to Monday.
    const trendFrom = weekMonday(window.fromDay);
    const byDay =
      (await this.countersByRepDay({ repIds: [repId] }, trendFrom, window)).get(repId) ?? new Map();
    const repCounters = sumCounters([...byDay].filter(([d]) => d >= window.fromDay).map(([, c]) => c));
    const repStats = statsOf(repCounters);

    const industry = mainIndustry(repCounters) ?? mainIndustry(sumCounters(ctx.reps.map((r) => r.counters)));
    const scorecard = this.deps.scorecardOf(industry ?? 'default');
    const gaps = rankGaps(repStats, ctx.benchmark.team, ctx.benchmark.top, scorecard);
    const suggestions = buildSuggestions(gaps, repStats, ctx.benchmark.top);
    const otherTop = ctx.benchmark.topRepIds.filter((id) => id !== repId);
    const range = { fromDay: window.fromDay, toDay: window.toDay, before: at };
    const quoted: string[] = [];
    for (const s of suggestions) {
      const bad = await this.findExample({
        kind: s.examples.bad,
        repIds: [repId],
        ...range,
        prefer: { industry },
        avoidCallIds: quoted,
      });
      s.badExample = bad ? toExample(bad) : null;
      if (bad) quoted.push(bad.callId);
      if (s.examples.good && otherTop.length > 0) {
        const good = await this.findExample({
          kind: s.examples.good,
          repIds: otherTop,
          ...range,
          prefer: { label: bad?.label ?? null, industry: bad?.industry ?? industry },
          avoidCallIds: quoted,
        });
        s.goodExample = good ? toExample(good) : null;
        if (good) quoted.push(good.callId);
      }
    }

    const weeks: {
      week: string;
      from: string;
      to: string;
      partial: boolean;
      counters: Counters;
      calls: number;
    }[] = [];
    for (let monday = trendFrom; monday <= window.toDay; monday = addDays(monday, 7)) {
      const sunday = addDays(monday, 6);
      const c = sumCounters([...byDay].filter(([d]) => d >= monday && d <= sunday).map(([, x]) => x));
      weeks.push({
        week: isoWeek(monday),
        from: monday,
        to: sunday,
        partial: sunday >= window.toDay,
        counters: c,
        calls: c.calls ?? 0,
      });
    }
    const trend = buildTrend(weeks);

    const [sourceFacts, appeals, concerns] = await Promise.all([
      this.deps.aggregates.facts({
        repIds: [repId],
        fromDay: window.fromDay,
        toDay: window.toDay,
        before: at,
      }),
      this.deps.packs.openAppeals(repId),
      this.deps.packs.concernTerms({ repId, ...range, limit: 30 }),
    ]);
    const underAppeal = await this.deps.packs.callsUnderAppeal(sourceFacts.map((f) => f.callId));
    const goals = await this.goalsForPack(rep, at, window.fromDay);

    const data = buildPack({
      rep: { id: rep.id, name: rep.name, teamId: rep.teamId, teamName: team?.name ?? null },
      trigger: options.trigger ?? 'on_demand',
      asOf: at,
      timeZone: this.deps.timeZone,
      window: {
        from: window.from.toISOString(),
        to: at.toISOString(),
        fromDay: window.fromDay,
        toDay: window.toDay,
        days: this.windowDays,
      },
      repStats,
      benchmark: ctx.benchmark,
      benchmarkOptions: this.deps.benchmark,
      trend,
      gaps,
      suggestions,
      goals,
      appeals,
      underAppealCallIds: underAppeal,
      concerns,
      sourceCalls: sourceFacts.map((f) => ({
        id: f.callId,
        revision: f.revision,
        lexiconVersion: f.lexiconVersion,
        scorecardVersion: f.scorecardVersion,
      })),
    });
    return this.deps.packs.savePack({
      repId: rep.id,
      teamId: rep.teamId,
      trigger: data.trigger,
      runKey: options.runKey ?? null,
      asOf: at,
      windowFrom: window.from,
      windowTo: at,
      timeZone: this.deps.timeZone,
      lexiconVersions: data.sources.lexiconVersions,
      scorecardVersions: data.sources.scorecardVersions,
      data: data as unknown as Record<string, unknown>,
      generatedBy: options.generatedBy ?? null,
    });
  }

  /**
   * An example of a situation, searched in the most recent calls first (a recent moment is the
   * better example, and a handful of calls is quick to search), then in the whole window.
   */
  private async findExample(q: ExampleQuery): Promise<FoundExample | null> {
    for (const limit of [24, 120]) {
      const callIds = await this.deps.packs.recentCallIds({ ...q, limit });
      const found = await this.deps.packs.findExample({ ...q, callIds });
      if (found || callIds.length < limit) return found;
    }
    return this.deps.packs.findExample(q);
  }

  /** The packs of every active rep of a team (one team context for all). */
  async generateTeamPacks(
    teamId: string,
    options: { at?: Date; trigger?: PackTrigger; runKey?: string | null; generatedBy?: string | null } = {},
  ): Promise<FeedbackPack[]> {
    const at = options.at ?? new Date();
    await this.catchUp(teamId);
    const ctx = await this.teamContext(teamId, at);
    const reps = (await this.deps.users.listUsers({ teamId, active: true })).filter((u) =>
      u.roles.includes('rep'),
    );
    const packs: FeedbackPack[] = [];
    for (const rep of reps) {
      packs.push(
        await this.generatePack(rep.id, {
          at,
          trigger: options.trigger ?? 'schedule',
          runKey: options.runKey ?? null,
          generatedBy: options.generatedBy ?? null,
          context: ctx,
        }),
      );
    }
    this.deps.log?.info({ teamId, packs: packs.length }, 'feedback packs generated');
    return packs;
  }

  /** Reads a stored pack's JSON. */
  static packData(pack: FeedbackPack): FeedbackPackData {
    return pack.data as unknown as FeedbackPackData;
  }

  // ------------------------------------------------------------------------------------------
  // Goals

  /** Evaluates one goal at `at` from the facts of its period. */
  async evaluate(goal: Goal, at: Date = new Date()): Promise<GoalEvaluation> {
    const facts = await this.deps.aggregates.facts({
      repIds: [goal.repId],
      fromDay: goal.periodFrom,
      toDay: goal.periodTo,
      before: at,
    });
    return evaluateGoal(
      {
        metric: goal.metric,
        comparator: goal.comparator === '<=' ? '<=' : '>=',
        target: goal.target,
        periodFrom: goal.periodFrom,
        periodTo: goal.periodTo,
        minCalls: goal.minCalls,
      },
      facts.map(toGoalFact),
      localDay(at, this.deps.timeZone),
    );
  }

  /** Evaluates and stores the state of goals (the daily job, a newly scored call). */
  async evaluateGoals(
    filter: { repIds?: readonly string[]; teamId?: string | null } = {},
    at = new Date(),
  ): Promise<number> {
    const today = localDay(at, this.deps.timeZone);
    let repIds = filter.repIds;
    if (repIds === undefined && filter.teamId) {
      repIds = (await this.deps.users.listUsers({ teamId: filter.teamId })).map((u) => u.id);
    }
    const goals = await this.deps.goals.listToEvaluate(addDays(today, -1), repIds);
    for (const goal of goals) await this.store(goal, await this.evaluate(goal, at), at);
    return goals.length;
  }

  private async store(goal: Goal, e: GoalEvaluation, at: Date): Promise<void> {
    await this.deps.goals.saveEvaluation(goal.id, {
      state: e.state === 'not_started' ? null : e.state,
      value: e.value,
      calls: e.calls,
      callIds: e.callIds,
      at,
    });
  }

  /** Goals shown in a pack: active ones ending in the window or later, evaluated at the pack's time. */
  private async goalsForPack(rep: User, at: Date, fromDay: string): Promise<PackGoal[]> {
    const goals = await this.deps.goals.listForRep(rep.id, { sinceDay: fromDay, activeOnly: true });
    const fresh = Math.abs(Date.now() - at.getTime()) < 86_400_000;
    const out: PackGoal[] = [];
    for (const g of goals) {
      const e = await this.evaluate(g, at);
      if (fresh) await this.store(g, e, at);
      out.push(packGoal(g, e));
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------
  // Team views

  /** Per rep × key action × ISO week: frequency, duration and conversion (the last `weeks` weeks). */
  async heatmap(teamId: string, weeks: number, at: Date = new Date()): Promise<Heatmap> {
    const window = this.windowAt(at);
    const lastMonday = weekMonday(window.toDay);
    const firstMonday = addDays(lastMonday, -7 * (weeks - 1));
    const byRepDay = await this.countersByRepDay({ teamId }, firstMonday, window);
    const weekList = Array.from({ length: weeks }, (_, i) => {
      const monday = addDays(firstMonday, 7 * i);
      return { week: isoWeek(monday), from: monday, to: addDays(monday, 6) };
    });
    const members = (await this.deps.users.listUsers({ teamId })).filter((u) => u.roles.includes('rep'));
    const names = new Map(members.map((u) => [u.id, u.name]));
    for (const repId of byRepDay.keys()) {
      if (!names.has(repId)) names.set(repId, (await this.deps.users.getUser(repId))?.name ?? repId);
    }
    const reps = [...names]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([repId, name]) => {
        const days = byRepDay.get(repId) ?? new Map<string, Counters>();
        const byWeek = new Map<string, Counters>();
        for (const w of weekList) {
          byWeek.set(
            w.week,
            sumCounters([...days].filter(([d]) => d >= w.from && d <= w.to).map(([, c]) => c)),
          );
        }
        return { repId, name, byWeek };
      });
    return buildHeatmap(weekList, reps);
  }

  /** The questions customers asked most in a team's calls, clustered by wording. */
  async customerQuestions(
    teamId: string,
    q: { industry?: string; from: Date; to: Date; limit?: number },
  ): Promise<{ total: number; truncated: boolean; clusters: QuestionCluster[] }> {
    if (q.industry && !this.deps.lexicons.has(q.industry)) {
      throw new AppError(ErrorCode.UnknownIndustry, `unknown industry "${q.industry}"`, {
        problems: [{ path: 'industry', message: `known: ${this.deps.lexicons.industries().join(', ')}` }],
      });
    }
    const MAX_ROWS = 50_000;
    const rows = await this.deps.packs.customerQuestions({
      teamId,
      ...(q.industry ? { industry: q.industry } : {}),
      from: q.from,
      to: q.to,
      limit: MAX_ROWS,
    });
    const concepts = (industry: string, text: string): string[] => {
      if (!this.deps.lexicons.has(industry)) return [];
      return this.deps.lexicons
        .get(industry)
        .findTerms(text)
        .filter((t) => CONCEPT_CATEGORIES.has(t.entry.category))
        .map((t) => t.entry.concept);
    };
    const result = clusterQuestions(
      rows.map((r) => ({
        callId: r.callId,
        utteranceId: r.utteranceId,
        occurredAt: r.occurredAt.toISOString(),
        industry: r.industry,
        text: sliceCodePoints(r.text, r.spanStart, r.spanEnd),
      })),
      concepts,
      { limit: q.limit ?? 20 },
    );
    return { ...result, truncated: rows.length >= MAX_ROWS };
  }

  /** Every rep of a team with the window's figures, plus team average and benchmark rows (export). */
  async teamMetrics(teamId: string, at: Date = new Date()): Promise<TeamMetrics> {
    await this.catchUp(teamId);
    const ctx = await this.teamContext(teamId, at);
    const team = await this.deps.users.getTeam(teamId);
    const top = new Set(ctx.benchmark.topRepIds);
    const rank = new Map(ctx.benchmark.ranked.map((r, i) => [r.repId, i + 1]));
    return {
      teamId,
      teamName: team?.name ?? null,
      asOf: at.toISOString(),
      window: { fromDay: ctx.window.fromDay, toDay: ctx.window.toDay, from: ctx.window.from.toISOString() },
      timeZone: this.deps.timeZone,
      metrics: ['total', ...KEY_METRICS].map((id) => ({
        id,
        nameZh: KPIS.get(id)!.nameZh,
        unit: KPIS.get(id)!.unit,
      })),
      reps: ctx.reps.map((r) => ({
        repId: r.repId,
        name: r.name,
        rank: rank.get(r.repId) ?? null,
        topQuartile: top.has(r.repId),
        stats: ctx.benchmark.byRep.get(r.repId)!,
      })),
      team: ctx.benchmark.team,
      top: ctx.benchmark.top,
      topRepIds: ctx.benchmark.topRepIds,
    };
  }
}

export interface TeamMetrics {
  teamId: string;
  teamName: string | null;
  asOf: string;
  window: { fromDay: string; toDay: string; from: string };
  timeZone: string;
  metrics: { id: string; nameZh: string; unit: string }[];
  reps: { repId: string; name: string; rank: number | null; topQuartile: boolean; stats: PeriodStats }[];
  team: PeriodStats;
  top: PeriodStats;
  topRepIds: string[];
}

/** Lexicon categories that name what a customer question is about. */
const CONCEPT_CATEGORIES = new Set<string>([
  'product',
  'feature',
  'benefit',
  'case',
  'competitor',
  'need',
  'approver',
  'sample',
  'price_topic',
  'delivery_topic',
]);

function toGoalFact(f: FactRow): GoalFact {
  return { callId: f.callId, day: f.day, counters: f.counters };
}

function toExample(e: FoundExample): CallExample {
  return {
    callId: e.callId,
    repId: e.repId,
    repName: e.repName,
    occurredAt: e.occurredAt.toISOString(),
    findingId: e.findingId,
    utterances: e.utterances,
  };
}

function sliceCodePoints(text: string, start: number, end: number): string {
  return Array.from(text).slice(start, end).join('');
}
