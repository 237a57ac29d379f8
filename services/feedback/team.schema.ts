import { z } from 'zod';
import { DIMENSIONS, type Dimension } from '../../lexicons/scorecard.schema.js';
import type { QuestionCluster } from './customer-questions.core.js';
import { KEY_ACTIONS } from './facts.core.js';
import type { TeamMetrics } from './feedback.service.js';
import type { Heatmap } from './heatmap.core.js';

/**
 * The team views as the API sends them (`GET /v1/teams/{id}/heatmap`, `/metrics`,
 * `/customer-questions`): the schemas the OpenAPI document names, from which the team page's
 * types are generated. The compile-time checks at the end of this file fail when the interfaces
 * the service builds and these schemas drift apart in either direction, and
 * tests/api/feedback.api.test.ts parses real answers with them.
 */

const ZKeyAction = z.enum(KEY_ACTIONS);

const ZHeatmapCell = z.strictObject({
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

const ZHeatmapBody = {
  weeks: z.array(z.strictObject({ week: z.string(), from: z.string(), to: z.string() })),
  actions: z.array(z.strictObject({ id: ZKeyAction, nameZh: z.string() })),
  reps: z.array(z.strictObject({ repId: z.string(), name: z.string(), cells: z.array(ZHeatmapCell) })),
};

/** `GET /v1/teams/{id}/heatmap`. */
export const ZTeamHeatmap = z.strictObject({ teamId: z.string(), at: z.string(), ...ZHeatmapBody });

/** 0-100 per dimension, every dimension named (null where none of its items applies). */
const ZDimensionValues = z.strictObject(
  Object.fromEntries(DIMENSIONS.map((d) => [d, z.number().nullable()])) as Record<
    Dimension,
    z.ZodNullable<z.ZodNumber>
  >,
);

const ZPeriodStats = z.strictObject({
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

const ZQuestionCluster = z.strictObject({
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

// The schemas and the interfaces the service builds must describe the same JSON: each is
// assignable to the other, or this file does not compile.
type HeatmapJson = Omit<z.infer<typeof ZTeamHeatmap>, 'teamId' | 'at'>;
export const heatmapMatchesSchema = (h: Heatmap): HeatmapJson => h;
export const schemaMatchesHeatmap = (h: HeatmapJson): Heatmap => h;
export const teamMetricsMatchesSchema = (m: TeamMetrics): z.infer<typeof ZTeamMetrics> => m;
export const schemaMatchesTeamMetrics = (m: z.infer<typeof ZTeamMetrics>): TeamMetrics => m;
export const clusterMatchesSchema = (c: QuestionCluster): z.infer<typeof ZQuestionCluster> => c;
export const schemaMatchesCluster = (c: z.infer<typeof ZQuestionCluster>): QuestionCluster => c;
