import type { Dimension } from '../../lib/api';

/** The team endpoints' answers as the team page reads them. */
export interface Heatmap {
  weeks: { week: string; from: string; to: string }[];
  actions: { id: string; nameZh: string }[];
  reps: {
    repId: string;
    name: string;
    cells: {
      week: string;
      action: string;
      calls: number;
      reach: number | null;
      frequency: number | null;
      conversion: number | null;
    }[];
  }[];
}
export interface Stats {
  calls: number;
  total: number | null;
  dimensions: Record<Dimension, number | null>;
  kpis: Record<string, number | null>;
}
export interface TeamMetrics {
  teamName: string | null;
  window: { fromDay: string; toDay: string };
  metrics: { id: string; nameZh: string; unit: string }[];
  reps: { repId: string; name: string; rank: number | null; topQuartile: boolean; stats: Stats }[];
  team: Stats;
  top: Stats;
}
export interface Clusters {
  clusters: {
    key: string;
    label: string;
    concepts: string[];
    count: number;
    calls: number;
    examples: { callId: string; text: string }[];
  }[];
}
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
