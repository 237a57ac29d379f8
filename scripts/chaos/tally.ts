/**
 * The pure bookkeeping of the chaos run: what each request got, the figures per phase, which
 * calls were lost or duplicated, and the exit code. No I/O here (tests/unit/chaos-tally.test.ts).
 */

/** One request as the tally sees it. */
export interface Attempt {
  phase: string;
  label: string;
  kind: 'answer' | 'hang' | 'connection';
  status?: number;
  ms: number;
  /** Sent while a dependency was deliberately down (a 503 or a refused connection is then expected). */
  outage: boolean;
  /** The server may close the connection unanswered (Node's parser refusing oversized headers). */
  mayClose?: boolean;
}

export interface PhaseStats {
  phase: string;
  tried: number;
  /** 5xx answers, except a 503 during an outage. */
  fiveXx: number;
  /** 503 `unavailable` answers while a dependency was down: the designed answer, retried after. */
  expected503: number;
  hangs: number;
  /** Refused or reset connections while the server was meant to be up. */
  refused: number;
  /** Refused or reset connections while the server process was deliberately dead. */
  refusedInOutage: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** The `p` quantile (0..1) of `values` by nearest rank; 0 for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length)));
  return sorted[rank - 1]!;
}

/** Figures of one phase's attempts (latency over answers and hangs, not refused connections). */
export function summarizePhase(phase: string, attempts: readonly Attempt[]): PhaseStats {
  const mine = attempts.filter((a) => a.phase === phase);
  const timed = mine.filter((a) => a.kind !== 'connection').map((a) => a.ms);
  const is5xx = (a: Attempt) => a.kind === 'answer' && (a.status ?? 0) >= 500;
  const expected = (a: Attempt) => is5xx(a) && a.status === 503 && a.outage;
  return {
    phase,
    tried: mine.length,
    fiveXx: mine.filter((a) => is5xx(a) && !expected(a)).length,
    expected503: mine.filter(expected).length,
    hangs: mine.filter((a) => a.kind === 'hang').length,
    refused: mine.filter((a) => a.kind === 'connection' && !a.outage && !a.mayClose).length,
    refusedInOutage: mine.filter((a) => a.kind === 'connection' && a.outage && !a.mayClose).length,
    p50: percentile(timed, 0.5),
    p95: percentile(timed, 0.95),
    p99: percentile(timed, 0.99),
    max: timed.length === 0 ? 0 : Math.max(...timed),
  };
}

/** A call as stored at the end (from the database, after recovery). */
export interface StoredCall {
  id: string;
  externalId: string | null;
  status: string;
  revision: number;
  findings: number;
  distinctFindings: number;
  scoreItems: number;
  distinctScoreItems: number;
}

export interface CallProblem {
  externalId: string;
  problem: string;
  /** The phase that first POSTed the call (set by the caller, for known failures). */
  phase?: string;
}

/**
 * Every call POSTed must be stored once and scored once. `submitted` maps each externalId the
 * run POSTed to the call ids the server acknowledged for it (empty: never acknowledged, even
 * after the retries). `known` are externalIds stored before the run that are not its business.
 */
export function tallyCalls(
  submitted: ReadonlyMap<string, ReadonlySet<string>>,
  stored: readonly StoredCall[],
  known: ReadonlySet<string> = new Set(),
): { lost: CallProblem[]; duplicated: CallProblem[] } {
  const lost: CallProblem[] = [];
  const duplicated: CallProblem[] = [];
  const byExternal = new Map<string, StoredCall[]>();
  for (const c of stored) {
    const key = c.externalId ?? `(no externalId) ${c.id}`;
    byExternal.set(key, [...(byExternal.get(key) ?? []), c]);
  }
  for (const [externalId, acked] of submitted) {
    const calls = byExternal.get(externalId) ?? [];
    if (acked.size > 1) duplicated.push({ externalId, problem: `acknowledged as ${[...acked].join(', ')}` });
    if (calls.length > 1) duplicated.push({ externalId, problem: `stored ${calls.length} times` });
    const call = calls[0];
    if (!call) {
      lost.push({
        externalId,
        problem: acked.size > 0 ? `acknowledged as ${[...acked][0]}, not stored` : 'never stored',
      });
      continue;
    }
    if (acked.size > 0 && !acked.has(call.id))
      duplicated.push({
        externalId,
        problem: `stored as ${call.id}, acknowledged as ${[...acked].join(', ')}`,
      });
    if (call.status !== 'scored') lost.push({ externalId, problem: `${call.id} left ${call.status}` });
    else if (call.scoreItems === 0)
      lost.push({ externalId, problem: `${call.id} scored without an analysis` });
    if (call.findings !== call.distinctFindings || call.scoreItems !== call.distinctScoreItems)
      duplicated.push({
        externalId,
        problem: `${call.id}: findings ${call.findings} (${call.distinctFindings} distinct), score items ${call.scoreItems} (${call.distinctScoreItems} distinct)`,
      });
    if (call.revision !== 1)
      duplicated.push({ externalId, problem: `${call.id} at revision ${call.revision}` });
  }
  for (const [externalId, calls] of byExternal) {
    if (!submitted.has(externalId) && !known.has(externalId))
      duplicated.push({
        externalId,
        problem: `stored as ${calls.map((c) => c.id).join(', ')}, never submitted`,
      });
  }
  return { lost, duplicated };
}

/** A scenario that fails for a known reason: shown loudly, kept out of the exit code. */
export interface KnownFailure {
  phase: string;
  reason: string;
}

export interface Verdict {
  tried: number;
  fiveXx: number;
  hangs: number;
  refused: number;
  lost: number;
  duplicated: number;
}

/** Sums the phases' counts, leaving out the phases listed as known failures. */
export function verdictOf(
  phases: readonly PhaseStats[],
  calls: { lost: readonly CallProblem[]; duplicated: readonly CallProblem[] },
  known: readonly KnownFailure[] = [],
): Verdict {
  const isKnown = (phase: string | undefined) => known.some((k) => k.phase === phase);
  const counted = phases.filter((p) => !isKnown(p.phase));
  const sum = (f: (p: PhaseStats) => number) => counted.reduce((n, p) => n + f(p), 0);
  return {
    tried: phases.reduce((n, p) => n + p.tried, 0),
    fiveXx: sum((p) => p.fiveXx),
    hangs: sum((p) => p.hangs),
    refused: sum((p) => p.refused),
    lost: calls.lost.filter((c) => !isKnown(c.phase)).length,
    duplicated: calls.duplicated.filter((c) => !isKnown(c.phase)).length,
  };
}

/** 1 when anything counted went wrong, else 0. */
export function exitCodeOf(v: Verdict): 0 | 1 {
  return v.fiveXx + v.hangs + v.refused + v.lost + v.duplicated === 0 ? 0 : 1;
}
