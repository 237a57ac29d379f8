import type { CustomerQuestions, TeamHeatmap, TeamMetrics } from '../../lib/api-shapes';

/** The team endpoints' answers as the team page reads them: names for the generated API shapes (goals are still written here). */
/** GET /v1/teams/{id}/heatmap (services/feedback/team.schema.ts). */
export type Heatmap = TeamHeatmap;
/** One rep's (or the team's, or the top quartile's) figures over the window. */
export type Stats = TeamMetrics['team'];
/** GET /v1/teams/{id}/customer-questions. */
export type Clusters = CustomerQuestions;
export type { TeamMetrics };
export interface GoalMetric {
  id: string;
  nameZh: string;
  unit: string;
  comparator: string;
}
export interface Goal {
  id: string;
  metric: string;
  target: number;
  periodFrom: string;
  periodTo: string;
  status?: string;
  evaluation: {
    nameZh: string;
    unit: string;
    comparator: string;
    stateZh: string;
    value: number | null;
    calls: number;
  };
}
