import type { CallSummary, IndustryInference } from './api';
import { INDUSTRY_SOURCE_ZH, industryName } from './labels';

/** What the industry line and picker of a call read. */
export type IndustryCall = Pick<
  CallSummary,
  'id' | 'repId' | 'industry' | 'status' | 'industrySource' | 'industryInference'
>;

export const confidence = (x: number) => x.toFixed(2);
export const percent = (x: number) => `${Math.round(x * 100)}%`;

/**
 * The industry of a call as a rep reads it, with where it came from:
 * 医疗器械（推断，置信度 0.87）, 医疗器械（人工选择）, for a 待确认行业 call the best guess only, and for a
 * recording whose industry its transcript will decide, 转写后自动判断.
 */
export function industryText(call: IndustryCall): string {
  const inf = call.industryInference;
  if (call.status === 'needs_industry') {
    const top = inf?.candidates[0];
    return top
      ? `待确认（最可能：${industryName(top.industry)}，置信度 ${confidence(inf.confidence)}）`
      : '待确认';
  }
  const source = call.industrySource ?? 'given';
  // A recording sent without an industry: its transcript decides; until then the stored one is a placeholder.
  if (call.industry === null || (source === 'inferred' && !inf)) return '转写后自动判断';
  const name = industryName(call.industry);
  if (source === 'inferred' && inf) return `${name}（推断，置信度 ${confidence(inf.confidence)}）`;
  return `${name}（${INDUSTRY_SOURCE_ZH[source] ?? '来源未知'}）`;
}

/**
 * The industries a picker offers, in order: the inferred candidates (best first), then every
 * other industry of `all` (as given: the deployment's list, or the known names).
 */
export function industryChoices(
  inference: IndustryInference | null | undefined,
  all: readonly string[],
): { industry: string; probability: number | null; candidate: boolean }[] {
  const candidates = (inference?.candidates ?? []).map((c) => ({
    industry: c.industry,
    probability: c.probability,
    candidate: true,
  }));
  const seen = new Set(candidates.map((c) => c.industry));
  const rest = all
    .filter((i) => !seen.has(i))
    .sort((a, b) => industryName(a).localeCompare(industryName(b), 'zh-CN'))
    .map((industry) => ({ industry, probability: null, candidate: false }));
  return [...candidates, ...rest];
}

/** Who may pick or correct a call's industry (the API decides; this only hides what would be refused). */
export function canChangeIndustry(
  me: { id: string; roles: readonly string[] } | null,
  call: Pick<CallSummary, 'repId'>,
): boolean {
  if (!me) return false;
  if (me.roles.some((r) => r === 'admin' || r === 'reviewer' || r === 'manager')) return true;
  return me.roles.includes('rep') && me.id === call.repId;
}
