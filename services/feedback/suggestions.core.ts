/**
 * Three suggestions a rep can act on tomorrow: one per top gap, worded by the reviewed template
 * of the gap's metric, quantified with the rep's and the reference's raw values.
 */
import type { z } from 'zod';
import type { Gap } from './gaps.core.js';
import { formatKpi, KPIS, type KpiUnit, type PeriodStats } from './kpis.js';
import type { ZPackCallExample, ZSuggestion } from './pack.schema.js';
import { type SuggestionTemplate, templateFor } from './suggestion-templates.js';

// A suggestion's JSON is described once, by the pack's schemas (pack.schema.ts).
/** A quoted moment of a call. */
export type CallExample = z.infer<typeof ZPackCallExample>;
export type Suggestion = z.infer<typeof ZSuggestion>;

function difference(unit: KpiUnit, a: number, b: number): string {
  const d = Math.abs(a - b);
  switch (unit) {
    case 'ratio':
      return `${Math.round(d * 100)} 个百分点`;
    case 'count':
      return `${(Math.round(d * 10) / 10).toFixed(1)} 次`;
    case 'sec':
      return `${(Math.round(d * 10) / 10).toFixed(1)} 秒`;
    case 'ms':
      return `${(Math.round(d / 100) / 10).toFixed(1)} 秒`;
    case 'points':
      return `${Math.round(d)} 分`;
  }
}

/** The opening strength clause, when the rep beats the top reps on the template's related metric. */
function strengthClause(t: SuggestionTemplate, rep: PeriodStats, top: PeriodStats): string | null {
  if (!t.strength) return null;
  const kpi = KPIS.get(t.strength.kpi);
  if (!kpi) return null;
  const mine = rep.kpis[kpi.id];
  const theirs = top.kpis[kpi.id];
  if (mine === null || mine === undefined || theirs === null || theirs === undefined) return null;
  const better = kpi.better === 'higher' ? mine - theirs : theirs - mine;
  if (better < kpi.flat) return null;
  return `您的${t.strength.phraseZh}比标杆${t.strength.betterZh} ${difference(kpi.unit, mine, theirs)}`;
}

export function buildSuggestion(gap: Gap, rank: number, rep: PeriodStats, top: PeriodStats): Suggestion {
  const t = templateFor(gap.metric);
  const refZh = gap.reference === 'top_quartile' ? '标杆' : '目标';
  const { unit, rep: mine, reference } = gap.raw;
  const strength = gap.reference === 'top_quartile' ? strengthClause(t, rep, top) : null;
  let relativePct: number | null = null;
  let comparison: string;
  if (mine !== null && reference !== null && mine !== reference) {
    const word = mine < reference ? t.lowerZh : t.higherZh;
    relativePct =
      reference !== 0 ? Math.round((Math.abs(mine - reference) / Math.abs(reference)) * 100) : null;
    const size = relativePct !== null ? `${relativePct}%` : difference(unit, mine, reference);
    comparison = `${strength ? '' : `比${refZh}`}${word} ${size}（您 ${formatKpi(unit, mine)}，${refZh} ${formatKpi(unit, reference)}）`;
  } else {
    comparison = `得分${strength ? '' : `比${refZh}`}低 ${Math.round(gap.gap)} 分（您 ${Math.round(gap.repScore)} 分，${refZh} ${Math.round(gap.referenceScore)} 分）`;
  }
  const text = strength
    ? `${strength}，但${t.behaviourZh}${comparison}，建议${t.actionZh}。`
    : `您的${t.behaviourZh}${comparison}，建议${t.actionZh}。`;
  return {
    rank,
    metric: gap.metric,
    gapRank: gap.rank,
    text,
    actionZh: t.actionZh,
    quantified: { unit, rep: mine, reference, relativePct, gapPoints: gap.gap },
    examples: { bad: t.bad, good: t.good },
    badExample: null,
    goodExample: null,
  };
}

/** One suggestion per gap, in gap order (at most three). */
export function buildSuggestions(gaps: readonly Gap[], rep: PeriodStats, top: PeriodStats): Suggestion[] {
  return gaps.slice(0, 3).map((g, i) => buildSuggestion(g, i + 1, rep, top));
}
