import { parseArgs } from 'node:util';
import { runEmbedded } from './embedded.js';
import { installSignalCleanup, runCleanups } from './processes.js';
import { printScenario, printVerdict } from './report.js';
import type { ScenarioResult } from './scenario.js';
import { runServers } from './servers.js';
import { ensureBuild } from './service-process.js';
import { exitCodeOf, type KnownFailure, verdictOf } from './tally.js';

/**
 * `npm run chaos`: the hostile request corpus and a stream of real calls against the built
 * service while its processes and dependencies die and come back, on the embedded default and on
 * PostgreSQL + Redis (private servers on free loopback ports). Exit 1 when any request got an
 * unexpected 5xx, hung past 5 s or was refused while the server was up, or any call POSTed was
 * lost or stored/scored twice. Options: --only embedded|servers.
 */

/** Scenarios that fail for a known, reported reason: printed loudly, not counted. */
// The PostgreSQL stop/start scenario was one until failed jobs of an unreachable database left
// their calls unfinished with no job: the failure hook now leaves such calls for the recovery
// sweep (RECOVERY_SWEEP_MS), which revives the kept failed job.
const KNOWN_FAILURES: KnownFailure[] = [];

async function main(): Promise<number> {
  const t0 = performance.now();
  const { values } = parseArgs({ options: { only: { type: 'string' } } });
  if (values.only !== undefined && values.only !== 'embedded' && values.only !== 'servers')
    throw new Error(`--only must be embedded or servers, got ${values.only}`);
  installSignalCleanup();
  ensureBuild();
  const runId = Date.now().toString(36);
  const results: ScenarioResult[] = [];
  try {
    if (values.only !== 'servers') results.push(await runEmbedded(runId));
    if (values.only !== 'embedded') results.push(await runServers(runId));
  } finally {
    await runCleanups();
  }
  for (const r of results) printScenario(r);
  const phases = results.flatMap((r) => r.phases);
  const calls = { lost: results.flatMap((r) => r.lost), duplicated: results.flatMap((r) => r.duplicated) };
  const verdict = verdictOf(phases, calls, KNOWN_FAILURES);
  const code = exitCodeOf(verdict);
  const known = KNOWN_FAILURES.map((k) => {
    const stats = phases.find((p) => p.phase === k.phase);
    const lost = calls.lost.filter((c) => c.phase === k.phase).length;
    const dup = calls.duplicated.filter((c) => c.phase === k.phase).length;
    const bad = lost + dup + (stats ? stats.fiveXx + stats.hangs + stats.refused : 0);
    const seen = !stats
      ? 'phase not run'
      : bad === 0
        ? 'not seen this run (it depends on timing); remove it from KNOWN_FAILURES once fixed'
        : `${lost} lost, ${dup} duplicated, ${stats.fiveXx} 5xx, ${stats.hangs} hangs, ${stats.refused} refused`;
    return { ...k, seen };
  });
  printVerdict(verdict, known, (performance.now() - t0) / 1000, code);
  return code;
}

main().then(
  (code) => process.exit(code),
  async (err: Error) => {
    console.error(`chaos run failed: ${err.stack ?? err.message}`);
    await runCleanups();
    process.exit(1);
  },
);
