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
  // A walk over the next rep utterances, not copies of the rest of the call per need.
  let reps = 0;
  for (let k = idx + 1; k < us.length && reps < LINK_WINDOW; k++) {
    const u = us[k]!;
    if (u.speaker !== 'rep') continue;
    reps++;
    if (solutionAt.has(u.id)) return true;
  }
  return false;
}
