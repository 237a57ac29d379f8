import type { CallView, Finding } from './api';
import { labelName } from './labels';

/**
 * Coaching opportunities of a call.
 *
 * The call view does not carry the analysis' `coaching` list (pipeline/nlp/analyze.core.ts), so the
 * UI derives it from the findings by the same rule and with the same wording; a unit test runs the
 * server's analysis and this function on the same calls and requires identical items. On top of
 * the server's two kinds, the UI lists needs no solution followed (the rule of the
 * 需求与方案关联 score item): that is how a need found by an appeal shows up as advice.
 */
export type CoachingKind = 'missed_need' | 'unhandled_objection' | 'need_without_solution';

export interface Coaching {
  kind: CoachingKind;
  findingId: string;
  utteranceId: string;
  quote: string;
  detailZh: string;
}

export const COACHING_KIND_ZH: Record<CoachingKind, string> = {
  missed_need: '错过的隐性需求',
  unhandled_objection: '未处理好的异议',
  need_without_solution: '需求未呈现方案',
};

/** Rep utterances after a need in which a solution counts as answering it (analyze.core.ts LINK_WINDOW). */
export const LINK_WINDOW = 3;

/** The text a finding covers (spans are code points). */
export function quoteOf(view: CallView, f: Pick<Finding, 'utteranceId' | 'span'>): string {
  const u = view.utterances.find((x) => x.id === f.utteranceId);
  return u ? Array.from(u.text).slice(f.span[0], f.span[1]).join('') : '';
}

/** True when a solution finding is in one of the LINK_WINDOW rep utterances after `utteranceId`. */
export function solutionFollows(view: CallView, findings: readonly Finding[], utteranceId: string): boolean {
  const idx = view.utterances.findIndex((u) => u.id === utteranceId);
  if (idx < 0) return false;
  const solutionAt = new Set(findings.filter((f) => f.label === 'solution').map((f) => f.utteranceId));
  return view.utterances
    .slice(idx + 1)
    .filter((u) => u.speaker === 'rep')
    .slice(0, LINK_WINDOW)
    .some((u) => solutionAt.has(u.id));
}

/** Coaching opportunities in transcript order: missed implicit needs, objections, needs without a solution. */
export function coachingOf(view: CallView): Coaching[] {
  const a = view.analysis;
  if (!a) return [];
  const out: Coaching[] = [];
  for (const f of a.findings) {
    const base = { findingId: f.id, utteranceId: f.utteranceId, quote: quoteOf(view, f) };
    const isNeed = f.label === 'need.implicit' || f.label === 'need.explicit';
    if (f.label === 'need.implicit' && f.identified === false) {
      out.push({
        ...base,
        kind: 'missed_need',
        detailZh: `客户提到“${f.term ?? base.quote}”相关的困难，之后两次发言内未追问或准确复述`,
      });
    } else if (f.label.startsWith('objection.')) {
      const techniques = f.techniques?.length ?? 0;
      if (techniques > 0 && f.resolved) continue;
      out.push({
        ...base,
        kind: 'unhandled_objection',
        detailZh:
          techniques === 0
            ? `${labelName(f.label)}未使用任何处理技巧（认同、澄清、重构价值、备选方案、证据）`
            : `${labelName(f.label)}已回应但未化解`,
      });
    } else if (isNeed && !solutionFollows(view, a.findings, f.utteranceId)) {
      out.push({
        ...base,
        kind: 'need_without_solution',
        detailZh: `客户提到“${f.term ?? base.quote}”，之后 ${LINK_WINDOW} 次销售发言内没有给出对应的产品、功能、价值或案例`,
      });
    }
  }
  return out;
}
