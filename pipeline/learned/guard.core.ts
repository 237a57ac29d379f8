import type { LabelledCall } from '../eval/run-eval.js';
import { isPositive, LEARNED_LABELS } from './labels.js';
import type { SecondStage } from './second-stage.js';
import { countsOf } from './train.core.js';

/**
 * The publishing guard of a retrained second stage: per label, the F1 of the candidate and of
 * the model in force on the shipped labelled calls. A candidate may be published only when no
 * label drops by more than `MAX_F1_DROP`: corrections from appeals may add what the shipped data
 * lacks, they may not unlearn what it teaches.
 */
export const MAX_F1_DROP = 0.02;

export interface LabelGuard {
  readonly label: string;
  readonly gold: number;
  readonly before: number;
  readonly after: number;
  /** after − before, rounded to 4 decimals. */
  readonly delta: number;
  readonly ok: boolean;
}

export interface GuardReport {
  /** Labelled calls measured (the shipped ones, set-aside calls included). */
  readonly calls: number;
  readonly maxDrop: number;
  readonly labels: readonly LabelGuard[];
  readonly publishable: boolean;
}

/** Per-label F1 of the model's own decisions (probability ≥ its threshold) against the gold. */
export function labelF1(
  model: SecondStage,
  calls: readonly LabelledCall[],
): Map<string, { f1: number; gold: number }> {
  const tally = new Map<string, { gold: number; predicted: number; correct: number }>();
  for (const { label } of LEARNED_LABELS) tally.set(label, { gold: 0, predicted: 0, correct: 0 });
  for (const call of calls) {
    const us = call.transcript.utterances;
    const predictions = model.predictCall(us.map((u) => ({ speaker: u.speaker, text: u.text })));
    us.forEach((u, i) => {
      const gold = call.gold.utterances[u.id] ?? [];
      const p = predictions[i]!;
      for (const { label, speaker } of LEARNED_LABELS) {
        if (u.speaker !== speaker) continue;
        const t = tally.get(label)!;
        const isGold = isPositive(gold, label);
        const said = (p[label] ?? 0) >= model.thresholdOf(label);
        if (isGold) t.gold++;
        if (said) t.predicted++;
        if (isGold && said) t.correct++;
      }
    });
  }
  const out = new Map<string, { f1: number; gold: number }>();
  for (const [label, t] of tally)
    out.set(label, { f1: countsOf(t.gold, t.predicted, t.correct).f1, gold: t.gold });
  return out;
}

/** Compares a candidate with the model in force on the same labelled calls. */
export function guardCandidate(
  current: SecondStage,
  candidate: SecondStage,
  calls: readonly LabelledCall[],
  maxDrop = MAX_F1_DROP,
): GuardReport {
  const before = labelF1(current, calls);
  const after = labelF1(candidate, calls);
  const labels: LabelGuard[] = LEARNED_LABELS.map(({ label }) => {
    const b = before.get(label)!;
    const a = after.get(label)!;
    const delta = Math.round((a.f1 - b.f1) * 10_000) / 10_000;
    return { label, gold: b.gold, before: b.f1, after: a.f1, delta, ok: delta >= -maxDrop };
  });
  return { calls: calls.length, maxDrop, labels, publishable: labels.every((l) => l.ok) };
}
