import type { CallView, Finding } from './api';

/**
 * Helpers for drawing a call's findings. The coaching list itself is the server's
 * (`analysis.coaching`, pipeline/nlp/coaching.ts): the web draws it as it comes and never derives
 * it. What stays here serves the appeal explanation (lib/explain.ts), which says in advance how an
 * appeal would move the 需求与方案关联 item.
 */

/** Rep utterances after a need in which a solution counts as answering it (score-metrics.ts LINK_WINDOW). */
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
