import type {
  CustomerQuestions,
  GoalMetricList,
  GoalView,
  TeamHeatmap,
  TeamMetrics,
} from '../../lib/api-shapes';

/** The team endpoints' answers as the team page reads them: names for the generated API shapes. */
/** GET /v1/teams/{id}/heatmap (services/feedback/team.schema.ts). */
export type Heatmap = TeamHeatmap;
/** One rep's (or the team's, or the top quartile's) figures over the window. */
export type Stats = TeamMetrics['team'];
/** GET /v1/teams/{id}/customer-questions. */
export type Clusters = CustomerQuestions;
export type { TeamMetrics };
/** GET /v1/goal-metrics (services/feedback/goals.schema.ts): one metric a goal may name. */
export type GoalMetric = GoalMetricList['items'][number];
/** A goal with its evaluation now (GET /v1/reps/{id}/goals items, GET /v1/goals/{id}). */
export type Goal = GoalView;
