import type { Dimension } from './api';

/** GET /v1/feedback-packs/:id → data (FeedbackPackData); only the fields the UI shows. */
export interface PackData {
  rep: { id: string; name: string; teamId: string | null; teamName: string | null };
  asOf: string;
  window: { fromDay: string; toDay: string; days: number };
  calls: { count: number; underAppeal: number };
  benchmark: { rankedReps: number; groupSize: number; repIsInGroup: boolean };
  radar: { id: Dimension; nameZh: string; rep: number | null; team: number | null; top: number | null }[];
  total: { rep: number | null; team: number | null; top: number | null };
  metrics: {
    id: string;
    nameZh: string;
    unit: string;
    rep: number | null;
    team: number | null;
    top: number | null;
  }[];
  trend: {
    weeks: { week: string; from: string; to: string; calls: number; partial: boolean }[];
    series: {
      id: string;
      kind: 'dimension' | 'metric';
      nameZh: string;
      unit: string;
      values: (number | null)[];
      direction: string | null;
      improving: boolean | null;
    }[];
  };
  gaps: {
    rank: number;
    labelZh: string;
    dimensionZh: string;
    repScore: number;
    referenceScore: number;
    gap: number;
    impact: number;
  }[];
  suggestions: {
    rank: number;
    text: string;
    actionZh: string;
    badExample: Example | null;
    goodExample: Example | null;
  }[];
  goals: {
    id: string;
    nameZh: string;
    comparator: string;
    target: number;
    unit: string;
    periodFrom: string;
    periodTo: string;
    stateZh: string;
    value: number | null;
    calls: number;
  }[];
  concerns: { term: string; kind: 'need' | 'objection'; count: number }[];
  sources: { lexiconVersions: string[]; scorecardVersions: string[] };
}

export interface Example {
  callId: string;
  repName: string;
  occurredAt: string;
  utterances: { id: string; speaker: 'rep' | 'customer'; text: string }[];
}

export interface PackSummary {
  id: string;
  repId: string;
  createdAt?: string;
  generatedAt?: string;
  asOf?: string;
  trigger?: string;
}

export function formatValue(v: number | null | undefined, unit: string): string {
  if (v === null || v === undefined) return '—';
  if (unit === 'ratio') return `${Math.round(v * 100)}%`;
  if (unit === 'ms') return `${(v / 1000).toFixed(1)} 秒`;
  if (unit === 'sec') return `${v.toFixed(1)} 秒`;
  if (unit === 'count') return (Math.round(v * 10) / 10).toString();
  return String(Math.round(v));
}
