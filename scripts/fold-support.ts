// Industry-grouped folds and the cache key of fold models, shared by the cross-validation scripts
// (scripts/eval-types.ts, scripts/calibrate-join.ts).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface FoldCall {
  readonly name: string;
  readonly gold: unknown;
  readonly transcript: { readonly industry: string; readonly utterances: unknown };
}

/** The calls' industries, sorted, and each industry's fold (industry i goes to fold i mod `folds`). */
export function industryFolds(
  calls: readonly FoldCall[],
  folds: number,
): { industries: string[]; foldOf: Map<string, number> } {
  const industries = [...new Set(calls.map((c) => c.transcript.industry))].sort();
  return { industries, foldOf: new Map(industries.map((ind, i) => [ind, i % folds])) };
}

/**
 * A 12-hex key for fold models: the learned stage's training code, then `extra` (e.g. options),
 * then every call's name, gold and utterances. A change to any of them trains the folds again.
 */
export function foldModelKey(root: string, calls: readonly FoldCall[], ...extra: unknown[]): string {
  const trainingCode = ['features.ts', 'train.core.ts', 'logistic.core.ts', 'labels.ts']
    .map((f) => readFileSync(join(root, 'pipeline', 'learned', f), 'utf8'))
    .join('\n');
  const hash = createHash('sha256').update(trainingCode);
  for (const e of extra) hash.update(JSON.stringify(e));
  return hash
    .update(JSON.stringify(calls.map((c) => [c.name, c.gold, c.transcript.utterances])))
    .digest('hex')
    .slice(0, 12);
}
