import { solutionFollows as solutionFollowsIn } from '../../../shared/need-solution-link';
import type { CallView, Finding } from './api';

export { LINK_WINDOW } from '../../../shared/need-solution-link';

/**
 * Helpers for drawing a call's findings. The coaching list itself is the server's
 * (`analysis.coaching`, pipeline/nlp/coaching.ts): the web draws it as it comes and never derives
 * it. What stays here serves the appeal explanation (lib/explain.ts), which says in advance how an
 * appeal would move the 需求与方案关联 item.
 */

/** The text a finding covers (spans are code points). */
export function quoteOf(view: CallView, f: Pick<Finding, 'utteranceId' | 'span'>): string {
  const u = view.utterances.find((x) => x.id === f.utteranceId);
  return u ? Array.from(u.text).slice(f.span[0], f.span[1]).join('') : '';
}

/** True when a solution finding is in one of the LINK_WINDOW rep utterances after `utteranceId`. */
export function solutionFollows(view: CallView, findings: readonly Finding[], utteranceId: string): boolean {
  if (!view.utterances.some((u) => u.id === utteranceId)) return false;
  const solutionAt = new Set(findings.filter((f) => f.label === 'solution').map((f) => f.utteranceId));
  return solutionFollowsIn(utteranceId, solutionAt, view.utterances);
}
