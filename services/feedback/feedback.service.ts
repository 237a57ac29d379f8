/**
 * Feedback packs, growth goals and team views: loads stored aggregates and call data, runs the
 * pure cores of this folder, stores packs and goal evaluations. The workers and the API call it.
 */
import type { z } from 'zod';
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
import type { FeedbackPack, FeedbackRepository } from '../../models/feedback.repository.js';
import type { Goal, GoalRepository, StoredEvaluation } from '../../models/goal.repository.js';
import type { PackTrigger } from '../../models/schema.js';
import type { User, UserRepository } from '../../models/user.repository.js';
import {
  type Benchmark,
  type BenchmarkOptions,
  computeBenchmark,
  type RepCounters,
} from './benchmark.core.js';
import { clusterQuestions, type QuestionCluster } from './customer-questions.core.js';
import { type ExampleDraft, fillExamples, RecentCalls } from './example-search.js';
import {
  type Counters,
  computeCallFacts,
  concernCountsOf,
  KEY_ACTION_LABELS,
  mainIndustry,
  sumCounters,
} from './facts.core.js';
import { type Gap, rankGaps } from './gaps.core.js';
import { evaluateGoal, type GoalEvaluation, type GoalFact, goalSpecOf } from './goals.core.js';
import { buildHeatmap, type Heatmap } from './heatmap.core.js';
import { KEY_METRICS, KPIS, type PeriodStats, statsOf } from './kpis.js';
import { buildPack, type FeedbackPackData, type PackGoal, packGoal } from './pack.core.js';
import { buildSuggestions } from './suggestions.core.js';
import type { ZTeamMetrics } from './team.schema.js';
import { addDays, dayStart, isoWeek, localDay, weekMonday } from './time.js';
import { buildTrend, type Trend, type TrendWeek } from './trend.core.js';

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
      concerns: concernCountsOf(source.findings),
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
   * With both `repIds` and `teamId`, the rows of either (a team run reads both at once).
   */
  async countersByRepDay(
    who: { repIds?: readonly string[]; teamId?: string },
    fromDay: string,
    window: Window,
  ): Promise<Map<string, Map<string, Counters>>> {
    const { buckets, lastDay } = await this.repDayRows(who, fromDay, window);
    return foldRepDays(buckets, lastDay);
  }

  private async repDayRows(
    who: { repIds?: readonly string[]; teamId?: string },
    fromDay: string,
    window: Window,
  ): Promise<{ buckets: DayBucket[]; lastDay: FactRow[] }> {
    const [buckets, lastDay] = await Promise.all([
      fromDay < window.toDay
        ? this.deps.aggregates.dayBuckets({ ...who, fromDay, toDay: addDays(window.toDay, -1) })
        : Promise.resolve([] as DayBucket[]),
      this.deps.aggregates.facts({ ...who, fromDay: window.toDay, toDay: window.toDay, before: window.asOf }),
    ]);
    return { buckets, lastDay };
  }

  /** Team averages and benchmark group of a team over the window ending at `at`. */
  async teamContext(teamId: string, at: Date): Promise<TeamContext> {
    const window = this.windowAt(at);
    return this.contextOf(teamId, window, await this.countersByRepDay({ teamId }, window.fromDay, window));
  }

  /** The team context from the counters per rep and day of the team's calls in the window. */
  private async contextOf(
    teamId: string,
    window: Window,
    byRepDay: ReadonlyMap<string, ReadonlyMap<string, Counters>>,
  ): Promise<TeamContext> {
    const counters = new Map([...byRepDay].map(([rep, days]) => [rep, sumCounters(days.values())]));
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
    const rep = await this.deps.users.getUser(repId);
    if (!rep) throw new AppError(ErrorCode.NotFound, `rep ${repId} not found`);
    const [pack] = await this.generatePacks(rep.teamId ?? '', [rep], {
      ...options,
      trigger: options.trigger ?? 'on_demand',
    });
    return pack!;
  }

  /** The packs of every active rep of a team, from team-wide reads (one team context for all). */
  async generateTeamPacks(teamId: string, options: GeneratePackOptions = {}): Promise<FeedbackPack[]> {
    const at = options.at ?? new Date();
    await this.catchUp(teamId);
    const reps = (await this.deps.users.listUsers({ teamId, active: true })).filter((u) =>
      u.roles.includes('rep'),
    );
    const packs = await this.generatePacks(teamId, reps, {
      ...options,
      at,
      trigger: options.trigger ?? 'schedule',
    });
    this.deps.log?.info({ teamId, packs: packs.length }, 'feedback packs generated');
    return packs;
  }

  /**
   * The packs of some reps of one team (their own calls in any team, the team's figures for
   * comparison). Everything is read for all of them at once — a fixed number of queries
   * whatever the number of reps — computed in memory and stored in one transaction.
   */
  private async generatePacks(
    teamId: string,
    reps: readonly User[],
    options: GeneratePackOptions & { trigger: PackTrigger },
  ): Promise<FeedbackPack[]> {
    if (reps.length === 0) return [];
    const at = options.at ?? new Date();
    const { window, ctx, byRepDay, team } = await this.loadTeam(teamId, reps, at);
    const drafts = reps.map((rep) => this.draftPack(rep, ctx, byRepDay.get(rep.id) ?? new Map()));
    const repIds = reps.map((r) => r.id);
    const range = { repIds, fromDay: window.fromDay, toDay: window.toDay, before: at };
    const [calls, appeals, underAppeal, concerns, goals] = await Promise.all([
      // The top reps' calls too: their most recent ones are where good examples are searched first.
      this.deps.aggregates.windowCalls({
        ...range,
        repIds: [...new Set([...repIds, ...ctx.benchmark.topRepIds])],
      }),
      this.deps.packs.openAppeals(repIds),
      this.deps.packs.callsUnderAppeal(range),
      this.deps.packs.concernTerms({ ...range, limit: 30 }),
      this.goalsForPacks(repIds, at, window.fromDay),
    ]);
    await fillExamples(
      drafts,
      { fromDay: window.fromDay, toDay: window.toDay, before: at },
      new RecentCalls(calls),
      this.deps.packs,
    );
    const inputs = drafts.map((d) => {
      const data = buildPack({
        rep: { id: d.rep.id, name: d.rep.name, teamId: d.rep.teamId, teamName: team?.name ?? null },
        trigger: options.trigger,
        asOf: at,
        timeZone: this.deps.timeZone,
        window: {
          from: window.from.toISOString(),
          to: at.toISOString(),
          fromDay: window.fromDay,
          toDay: window.toDay,
          days: this.windowDays,
        },
        repStats: d.repStats,
        benchmark: ctx.benchmark,
        benchmarkOptions: this.deps.benchmark,
        trend: d.trend,
        gaps: d.gaps,
        suggestions: d.suggestions,
        goals: goals.get(d.repId) ?? [],
        appeals: appeals.filter((a) => a.repId === d.repId).map(({ repId: _, ...a }) => a),
        underAppealCallIds: underAppeal.filter((u) => u.repId === d.repId).map((u) => u.callId),
        concerns: concerns.get(d.repId) ?? [],
        sourceCalls: calls
          .filter((c) => c.repId === d.repId)
          .map((c) => ({
            id: c.callId,
            revision: c.revision,
            lexiconVersion: c.lexiconVersion,
            scorecardVersion: c.scorecardVersion,
          })),
      });
      return {
        repId: d.rep.id,
        teamId: d.rep.teamId,
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
      };
    });
    return this.deps.packs.savePacks(inputs);
  }

  /**
   * The team's context and the reps' own counters per day, from one read of day buckets and one
   * of the last day's call facts covering both; the trend reaches back to the window's Monday.
   */
  private async loadTeam(teamId: string, reps: readonly User[], at: Date) {
    const window = this.windowAt(at);
    const trendFrom = weekMonday(window.fromDay);
    const repIds = reps.map((r) => r.id);
    const [{ buckets, lastDay }, team] = await Promise.all([
      this.repDayRows({ repIds, teamId }, trendFrom, window),
      teamId ? this.deps.users.getTeam(teamId) : Promise.resolve(null),
    ]);
    const ctx = await this.contextOf(
      teamId,
      window,
      foldRepDays(
        buckets.filter((b) => b.teamId === teamId && b.day >= window.fromDay),
        lastDay.filter((f) => f.teamId === teamId),
      ),
    );
    const mine = new Set(repIds);
    const byRepDay = foldRepDays(
      buckets.filter((b) => mine.has(b.repId)),
      lastDay.filter((f) => mine.has(f.repId)),
    );
    return { window, ctx, byRepDay, team };
  }

  /** A rep's figures, trend, gaps and suggestions (examples still empty): pure, from counters. */
  private draftPack(rep: User, ctx: TeamContext, byDay: ReadonlyMap<string, Counters>): PackDraft {
    const window = ctx.window;
    const repCounters = sumCounters([...byDay].filter(([d]) => d >= window.fromDay).map(([, c]) => c));
    const repStats = statsOf(repCounters);
    const industry = mainIndustry(repCounters) ?? mainIndustry(sumCounters(ctx.reps.map((r) => r.counters)));
    const scorecard = this.deps.scorecardOf(industry ?? 'default');
    const gaps = rankGaps(repStats, ctx.benchmark.team, ctx.benchmark.top, scorecard);
    const weeks: (TrendWeek & { counters: Counters })[] = [];
    for (let monday = weekMonday(window.fromDay); monday <= window.toDay; monday = addDays(monday, 7)) {
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
    return {
      rep,
      repId: rep.id,
      industry,
      otherTop: ctx.benchmark.topRepIds.filter((id) => id !== rep.id),
      repStats,
      gaps,
      suggestions: buildSuggestions(gaps, repStats, ctx.benchmark.top),
      trend: buildTrend(weeks),
    };
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
    return this.evaluateFrom(goal, facts, at);
  }

  /** Evaluates a goal from its rep's facts of its period (before `at`, oldest first). */
  private evaluateFrom(goal: Goal, facts: readonly FactRow[], at: Date): GoalEvaluation {
    return evaluateGoal(goalSpecOf(goal), facts.map(toGoalFact), localDay(at, this.deps.timeZone));
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
    await this.deps.goals.saveEvaluation(goal.id, storedEvaluation(e, at));
  }

  /**
   * Goals shown in packs, per rep: active ones ending in the window or later, evaluated at the
   * packs' time from one read of their reps' facts (stored too when the packs are for now).
   */
  private async goalsForPacks(
    repIds: readonly string[],
    at: Date,
    fromDay: string,
  ): Promise<Map<string, PackGoal[]>> {
    const out = new Map(repIds.map((id) => [id, [] as PackGoal[]]));
    const goals = await this.deps.goals.listForReps(repIds, { sinceDay: fromDay, activeOnly: true });
    if (goals.length === 0) return out;
    const days = goals.flatMap((g) => [g.periodFrom, g.periodTo]).sort();
    const facts = await this.deps.aggregates.facts({
      repIds: [...new Set(goals.map((g) => g.repId))],
      fromDay: days[0]!,
      toDay: days[days.length - 1]!,
      before: at,
    });
    const evaluated = goals.map((g) => ({
      goal: g,
      e: this.evaluateFrom(
        g,
        facts.filter((f) => f.repId === g.repId && f.day >= g.periodFrom && f.day <= g.periodTo),
        at,
      ),
    }));
    if (Math.abs(Date.now() - at.getTime()) < 86_400_000) {
      await this.deps.goals.saveEvaluations(
        evaluated.map(({ goal, e }) => ({ id: goal.id, evaluation: storedEvaluation(e, at) })),
      );
    }
    for (const { goal, e } of evaluated) out.get(goal.repId)?.push(packGoal(goal, e));
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

/** `GET /v1/teams/{id}/metrics` (JSON; team.schema.ts is the one source). */
export type TeamMetrics = z.infer<typeof ZTeamMetrics>;

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

function storedEvaluation(e: GoalEvaluation, at: Date): StoredEvaluation {
  return {
    state: e.state === 'not_started' ? null : e.state,
    value: e.value,
    calls: e.calls,
    callIds: e.callIds,
    at,
  };
}

/** A pack before its examples are found: the rep's figures and what to say. */
interface PackDraft extends ExampleDraft {
  rep: User;
  repStats: PeriodStats;
  gaps: Gap[];
  trend: Trend;
}

/**
 * Sums counters per rep and day: buckets first (ordered by rep, day, team), then the last day's
 * call facts (oldest first): the order the sums were always taken in, so figures stay the same.
 */
function foldRepDays(
  buckets: readonly Pick<DayBucket, 'repId' | 'day' | 'counters'>[],
  lastDay: readonly Pick<FactRow, 'repId' | 'day' | 'counters'>[],
): Map<string, Map<string, Counters>> {
  const out = new Map<string, Map<string, Counters>>();
  const put = (repId: string, day: string, c: Counters) => {
    let m = out.get(repId);
    if (!m) {
      m = new Map();
      out.set(repId, m);
    }
    m.set(day, m.has(day) ? sumCounters([m.get(day)!, c]) : c);
  };
  for (const b of buckets) put(b.repId, b.day, b.counters);
  for (const f of lastDay) put(f.repId, f.day, f.counters);
  return out;
}

function sliceCodePoints(text: string, start: number, end: number): string {
  return Array.from(text).slice(start, end).join('');
}
