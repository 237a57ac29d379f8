/**
 * The rule of the 需求与方案关联 score item, shared by the server (its score and the coaching's
 * need_without_solution, pipeline/nlp) and the web (the appeal explanation says in advance how an
 * appeal moves the item): a need counts as answered when a solution is said in one of the
 * LINK_WINDOW rep utterances after it.
 */
export const LINK_WINDOW = 3;

/** True when a solution is said in one of the LINK_WINDOW rep utterances after `utteranceId`. */
export function solutionFollows(
  utteranceId: string,
  solutionAt: ReadonlySet<string>,
  us: readonly { readonly id: string; readonly speaker: string }[],
): boolean {
  const idx = us.findIndex((u) => u.id === utteranceId);
  return us
    .slice(idx + 1)
    .filter((u) => u.speaker === 'rep')
    .slice(0, LINK_WINDOW)
    .some((u) => solutionAt.has(u.id));
}
