import type { ScenarioResult } from './scenario.js';
import type { KnownFailure, Verdict } from './tally.js';

const pad = (s: string | number, n: number) => String(s).padStart(n);

/** One scenario's figures: a line per phase, then what went wrong, by name. */
export function printScenario(r: ScenarioResult): void {
  console.log(`\n── ${r.label} ──`);
  console.log(
    `${'phase'.padEnd(86)} ${pad('tried', 5)} ${pad('5xx', 4)} ${pad('503*', 4)} ${pad('hang', 4)} ` +
      `${pad('refus', 5)} ${pad('down', 4)}  p50/p95/p99/max ms`,
  );
  for (const p of r.phases) {
    console.log(
      `${p.phase.slice(0, 86).padEnd(86)} ${pad(p.tried, 5)} ${pad(p.fiveXx, 4)} ${pad(p.expected503, 4)} ` +
        `${pad(p.hangs, 4)} ${pad(p.refused, 5)} ${pad(p.refusedInOutage, 4)}  ${p.p50}/${p.p95}/${p.p99}/${p.max}`,
    );
  }
  console.log(
    '  (503*: 503 unavailable while a dependency was down, retried after; down: connections refused while the server was dead)',
  );
  for (const n of r.notes) console.log(`  note: ${n}`);
  for (const n of r.slowest) console.log(`  slow: ${n}`);
  console.log(
    `  stored calls read back: ${r.stored}; lost ${r.lost.length}, duplicated ${r.duplicated.length}`,
  );
  for (const p of r.lost.slice(0, 20)) console.log(`  LOST ${p.externalId}: ${p.problem} [${p.phase}]`);
  for (const p of r.duplicated.slice(0, 20))
    console.log(`  DUPLICATED ${p.externalId}: ${p.problem} [${p.phase}]`);
  if (r.mismatches.length > 0) {
    console.log(
      `  ${r.mismatches.length} hostile answer(s) differ from the corpus (not counted; the API test fails on them):`,
    );
    for (const m of r.mismatches.slice(0, 20)) console.log(`    ${m}`);
  }
}

/** The totals the exit code is decided on, and the known failures, loudly. */
export function printVerdict(
  v: Verdict,
  known: readonly (KnownFailure & { seen: string })[],
  seconds: number,
  code: number,
): void {
  console.log('\n══ chaos totals ══');
  console.log(`requests tried         ${v.tried}`);
  console.log(`5xx (unexpected)       ${v.fiveXx}`);
  console.log(`hangs (> 5 s)          ${v.hangs}`);
  console.log(`refused while up       ${v.refused}`);
  console.log(`calls lost             ${v.lost}`);
  console.log(`calls duplicated       ${v.duplicated}`);
  for (const k of known) {
    console.log(`\n!!!!!! KNOWN FAILURE (not counted in the exit code): ${k.phase}`);
    console.log(`!!!!!! this run: ${k.seen}`);
    console.log(`!!!!!! ${k.reason}`);
  }
  console.log(`\nchaos ${code === 0 ? 'passed' : 'FAILED'} in ${seconds.toFixed(1)} s (exit ${code})`);
}
