import { z } from 'zod';
import { DIMENSIONS, SCORE_METRICS } from '../../lexicons/scorecard.schema.js';
import { EXAMPLE_KINDS, type FeedbackPackSummary } from '../../models/feedback.repository.js';
import { GOAL_STATES, PACK_TRIGGERS, SPEAKERS } from '../../models/schema.js';
import { KPI_UNITS } from './kpis.js';

/**
 * The feedback pack as the API sends it (`GET /v1/feedback-packs/{id}`, the list of a rep's
 * packs): the schemas the OpenAPI document names, from which the web's types are generated. They
 * are the one description of the pack's JSON: the types pack.core.ts, trend.core.ts, gaps.core.ts
 * and suggestions.core.ts build it with are inferred from them, and
 * tests/api/feedback.api.test.ts parses real packs with them.
 */

export const ZKpiUnit = z.enum(KPI_UNITS);
const ZSpeaker = z.enum(SPEAKERS);

/** A quoted moment of a call. */
export const ZPackCallExample = z.strictObject({
  callId: z.string(),
  repId: z.string(),
  repName: z.string(),
  occurredAt: z.string(),
  findingId: z.string().nullable(),
  /** The quoted utterances in call order. */
  utterances: z.array(z.strictObject({ id: z.string(), speaker: ZSpeaker, text: z.string() })),
});

export const ZGap = z.strictObject({
  rank: z.number(),
  metric: z.enum(SCORE_METRICS),
  /** The scorecard item's label, e.g. 备选方案提出率. */
  labelZh: z.string(),
  dimension: z.enum(DIMENSIONS),
  dimensionZh: z.string(),
  /** Item score of the rep and of the reference, 0-100. */
  repScore: z.number(),
  referenceScore: z.number(),
  /** referenceScore − repScore, points on the 0-100 scale. */
  gap: z.number(),
  /** The item's share of the total score: item weight / dimension's item weights × dimension weight / all. */
  weight: z.number(),
  /** gap × weight: points of total score. */
  impact: z.number(),
  /** What the rep is compared with: the top quartile, or (when no such gap is left) the item's target. */
  reference: z.enum(['top_quartile', 'target']),
  /** The raw metric behind the item. */
  raw: z.strictObject({
    kpi: z.string(),
    unit: ZKpiUnit,
    rep: z.number().nullable(),
    team: z.number().nullable(),
    reference: z.number().nullable(),
  }),
});

export const ZSuggestion = z.strictObject({
  rank: z.number(),
  metric: z.string(),
  /** Rank of the gap it answers. */
  gapRank: z.number(),
  /** The full sentence for the rep. */
  text: z.string(),
  actionZh: z.string(),
  quantified: z.strictObject({
    unit: ZKpiUnit,
    rep: z.number().nullable(),
    reference: z.number().nullable(),
    /** |rep − reference| / reference in percent (null when the reference is 0 or missing). */
    relativePct: z.number().nullable(),
    gapPoints: z.number(),
  }),
  examples: z.strictObject({ bad: z.enum(EXAMPLE_KINDS), good: z.enum(EXAMPLE_KINDS).nullable() }),
  /** One of the rep's calls where it went wrong, one of a top rep's done well. */
  badExample: ZPackCallExample.nullable(),
  goodExample: ZPackCallExample.nullable(),
});

export const ZTrendWeek = z.strictObject({
  week: z.string(),
  from: z.string(),
  to: z.string(),
  calls: z.number(),
  /** The week is still running at the pack's time. */
  partial: z.boolean(),
});

export const ZTrendSeries = z.strictObject({
  id: z.string(),
  kind: z.enum(['dimension', 'metric']),
  nameZh: z.string(),
  unit: ZKpiUnit,
  values: z.array(z.number().nullable()),
  /** From the first week with data to the last; null with fewer than two weeks. */
  direction: z.enum(['up', 'down', 'flat']).nullable(),
  /** Last minus first (same unit as the values). */
  delta: z.number().nullable(),
  /** Whether the change is for the better (null when flat or unknown). */
  improving: z.boolean().nullable(),
});

/** Week-by-week trend of each dimension and key metric over the pack's 30 days (trend.core.ts). */
export const ZTrend = z.strictObject({ weeks: z.array(ZTrendWeek), series: z.array(ZTrendSeries) });

/** A goal with its evaluation, as a pack and the goal routes show it (pack.core.ts PackGoal). */
export const ZPackGoal = z.strictObject({
  id: z.string(),
  metric: z.string(),
  nameZh: z.string(),
  unit: ZKpiUnit,
  comparator: z.enum(['>=', '<=']),
  target: z.number(),
  periodFrom: z.string(),
  periodTo: z.string(),
  minCalls: z.number(),
  state: z.enum([...GOAL_STATES, 'not_started']),
  stateZh: z.string(),
  value: z.number().nullable(),
  calls: z.number(),
  callIds: z.array(z.string()),
});

const ZComparison = { rep: z.number().nullable(), team: z.number().nullable(), top: z.number().nullable() };

/** The pack's JSON (services/feedback/pack.core.ts FeedbackPackData). */
export const ZFeedbackPackData = z.strictObject({
  formatVersion: z.number(),
  rep: z.strictObject({
    id: z.string(),
    name: z.string(),
    teamId: z.string().nullable(),
    teamName: z.string().nullable(),
  }),
  trigger: z.enum(PACK_TRIGGERS),
  asOf: z.string(),
  timeZone: z.string(),
  window: z.strictObject({
    from: z.string(),
    to: z.string(),
    fromDay: z.string(),
    toDay: z.string(),
    days: z.number(),
  }),
  calls: z.strictObject({
    count: z.number(),
    underAppeal: z.number(),
    underAppealCallIds: z.array(z.string()),
  }),
  benchmark: z.strictObject({
    fraction: z.number(),
    minReps: z.number(),
    rankedReps: z.number(),
    groupSize: z.number(),
    reps: z.array(z.strictObject({ id: z.string(), name: z.string(), total: z.number() })),
    repIsInGroup: z.boolean(),
  }),
  radar: z.array(z.strictObject({ id: z.enum(DIMENSIONS), nameZh: z.string(), ...ZComparison })),
  total: z.strictObject(ZComparison),
  metrics: z.array(z.strictObject({ id: z.string(), nameZh: z.string(), unit: ZKpiUnit, ...ZComparison })),
  trend: ZTrend,
  gaps: z.array(ZGap),
  suggestions: z.array(ZSuggestion),
  goals: z.array(ZPackGoal),
  appeals: z.array(
    z.strictObject({
      id: z.string(),
      callId: z.string(),
      status: z.string(),
      label: z.string().nullable(),
      filedAt: z.string(),
      dueAt: z.string(),
    }),
  ),
  concerns: z.array(
    z.strictObject({ term: z.string(), kind: z.enum(['need', 'objection']), count: z.number() }),
  ),
  sources: z.strictObject({
    lexiconVersions: z.array(z.string()),
    scorecardVersions: z.array(z.string()),
    calls: z.array(z.strictObject({ id: z.string(), revision: z.number() })),
  }),
});

/** A stored pack without its data: what lists show. */
export const ZFeedbackPackSummary = z.strictObject({
  id: z.string(),
  repId: z.string(),
  teamId: z.string().nullable(),
  trigger: z.enum(PACK_TRIGGERS),
  runKey: z.string().nullable(),
  asOf: z.string(),
  windowFrom: z.string(),
  windowTo: z.string(),
  timeZone: z.string(),
  lexiconVersions: z.array(z.string()),
  scorecardVersions: z.array(z.string()),
  generatedBy: z.string().nullable(),
  createdAt: z.string(),
});
export type FeedbackPackSummaryView = z.infer<typeof ZFeedbackPackSummary>;

/** `GET /v1/feedback-packs/{id}` (JSON) and `POST /v1/reps/{id}/feedback-packs`. */
export const ZFeedbackPackResponse = z.strictObject({ pack: ZFeedbackPackSummary, data: ZFeedbackPackData });
/** `GET /v1/reps/{id}/feedback-packs`. */
export const ZFeedbackPackList = z.strictObject({ items: z.array(ZFeedbackPackSummary) });

/** The summary as sent: dates as ISO strings. */
export function packSummaryView(p: FeedbackPackSummary): FeedbackPackSummaryView {
  return {
    id: p.id,
    repId: p.repId,
    teamId: p.teamId,
    trigger: p.trigger,
    runKey: p.runKey,
    asOf: p.asOf.toISOString(),
    windowFrom: p.windowFrom.toISOString(),
    windowTo: p.windowTo.toISOString(),
    timeZone: p.timeZone,
    lexiconVersions: p.lexiconVersions,
    scorecardVersions: p.scorecardVersions,
    generatedBy: p.generatedBy,
    createdAt: p.createdAt.toISOString(),
  };
}
