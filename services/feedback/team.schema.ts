import { z } from 'zod';
import { DIMENSIONS, type Dimension } from '../../lexicons/scorecard.schema.js';
import { KEY_ACTIONS } from './facts.core.js';

/**
 * The team views as the API sends them (`GET /v1/teams/{id}/heatmap`, `/metrics`,
 * `/customer-questions`): the schemas the OpenAPI document names, from which the team page's
 * types are generated. They are the one description of that JSON: the types heatmap.core.ts,
 * kpis.ts (PeriodStats), customer-questions.core.ts and feedback.service.ts (TeamMetrics) build
 * it with are inferred from them, and tests/api/feedback.api.test.ts parses real answers with them.
 */

const ZKeyAction = z.enum(KEY_ACTIONS);

export const ZHeatmapCell = z.strictObject({
  week: z.string(),
  action: ZKeyAction,
  /** Calls of the rep in the week. */
  calls: z.number(),
  /** Share of those calls with the action. */
  reach: z.number().nullable(),
  /** Utterances of the action per call. */
  frequency: z.number().nullable(),
  /** Mean speaking time of one utterance of the action, seconds. */
  avgDurationSec: z.number().nullable(),
  /** Of the calls with the action, the share where the next action follows (null for the last action). */
  conversion: z.number().nullable(),
});

/** The heatmap as heatmap.core.ts builds it. */
export const ZHeatmap = z.strictObject({
  weeks: z.array(z.strictObject({ week: z.string(), from: z.string(), to: z.string() })),
  actions: z.array(z.strictObject({ id: ZKeyAction, nameZh: z.string() })),
  reps: z.array(z.strictObject({ repId: z.string(), name: z.string(), cells: z.array(ZHeatmapCell) })),
});

/** `GET /v1/teams/{id}/heatmap`. */
export const ZTeamHeatmap = z.strictObject({ teamId: z.string(), at: z.string(), ...ZHeatmap.shape });

/** 0-100 per dimension, every dimension named (null where none of its items applies). */
const ZDimensionValues = z.strictObject(
  Object.fromEntries(DIMENSIONS.map((d) => [d, z.number().nullable()])) as Record<
    Dimension,
    z.ZodNullable<z.ZodNumber>
  >,
);

/** The figures of one rep (or a group) over a period (kpis.ts statsOf). */
export const ZPeriodStats = z.strictObject({
  calls: z.number(),
  total: z.number().nullable(),
  dimensions: ZDimensionValues,
  /** Item scores 0-100 by score metric. */
  items: z.record(z.string(), z.number().nullable()),
  /** Raw metrics by KPI id. */
  kpis: z.record(z.string(), z.number().nullable()),
});

/** `GET /v1/teams/{id}/metrics` (JSON). */
export const ZTeamMetrics = z.strictObject({
  teamId: z.string(),
  teamName: z.string().nullable(),
  asOf: z.string(),
  window: z.strictObject({ fromDay: z.string(), toDay: z.string(), from: z.string() }),
  timeZone: z.string(),
  metrics: z.array(z.strictObject({ id: z.string(), nameZh: z.string(), unit: z.string() })),
  reps: z.array(
    z.strictObject({
      repId: z.string(),
      name: z.string(),
      rank: z.number().nullable(),
      topQuartile: z.boolean(),
      stats: ZPeriodStats,
    }),
  ),
  team: ZPeriodStats,
  top: ZPeriodStats,
  topRepIds: z.array(z.string()),
});

export const ZQuestionCluster = z.strictObject({
  key: z.string(),
  /** The most frequent wording in the cluster. */
  label: z.string(),
  concepts: z.array(z.string()),
  count: z.number(),
  calls: z.number(),
  examples: z.array(
    z.strictObject({ callId: z.string(), utteranceId: z.string(), occurredAt: z.string(), text: z.string() }),
  ),
});

/** `GET /v1/teams/{id}/customer-questions`. */
export const ZCustomerQuestions = z.strictObject({
  teamId: z.string(),
  industry: z.string().nullable(),
  from: z.string(),
  to: z.string(),
  total: z.number(),
  truncated: z.boolean(),
  clusters: z.array(ZQuestionCluster),
});
