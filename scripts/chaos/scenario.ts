import type { ChaosSession } from './session.js';
import { type CallProblem, type PhaseStats, type StoredCall, summarizePhase, tallyCalls } from './tally.js';

/** What one deployment shape's run found. */
export interface ScenarioResult {
  label: string;
  phases: PhaseStats[];
  lost: CallProblem[];
  duplicated: CallProblem[];
  mismatches: string[];
  notes: string[];
  /** Status counts when the run stopped waiting for recovery. */
  settled: Record<string, number>;
  /** Stored calls read back from the database. */
  stored: number;
  /** The slowest requests and every hang, by phase and label. */
  slowest: string[];
}

/**
 * The end of a scenario: wait until no call is left working, stop the processes, read every
 * stored call from the database and decide which calls were lost or duplicated.
 */
export async function settleAndTally(
  session: ChaosSession,
  steps: {
    settle: () => Promise<Record<string, number>>;
    stop: () => Promise<void>;
    read: () => Promise<StoredCall[]>;
  },
): Promise<ScenarioResult> {
  const t0 = Date.now();
  const settled = await steps.settle();
  session.notes.push(`settled in ${Date.now() - t0} ms after the last fault: ${JSON.stringify(settled)}`);
  await steps.stop();
  const stored = await steps.read();
  session.endPhase();
  const tally = tallyCalls(session.submitted, stored);
  const withPhase = (c: CallProblem) => ({
    ...c,
    phase: session.phaseOf.get(c.externalId) ?? '(not submitted)',
  });
  const lost = tally.lost.map(withPhase);
  const duplicated = tally.duplicated.map(withPhase);
  const phaseNames = [...new Set(session.attempts.map((a) => a.phase))];
  return {
    label: session.label,
    phases: phaseNames.map((p) => summarizePhase(p, session.attempts)),
    lost,
    duplicated,
    mismatches: session.mismatches,
    notes: session.notes,
    settled,
    stored: stored.length,
    slowest: [...session.attempts]
      .filter((a) => a.kind !== 'connection')
      .sort((a, b) => b.ms - a.ms)
      .filter((a, i) => i < 5 || a.kind === 'hang')
      .map((a) => `${a.ms} ms ${a.kind === 'hang' ? 'HANG ' : ''}${a.label} [${a.phase}]`),
  };
}
