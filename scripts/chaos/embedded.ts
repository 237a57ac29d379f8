import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../tests/helpers/ports.js';
import { retryUnacknowledged, submitCalls, waitSettled } from './calls.js';
import { runBadTokenBurst, runCorpus } from './corpus.js';
import { onCleanup, type Spawned, sleep } from './processes.js';
import { type ScenarioResult, settleAndTally } from './scenario.js';
import { readStoredCalls, seedUsers, serviceEnv, startApi } from './service-process.js';
import { ChaosSession } from './session.js';

/**
 * The embedded default: one `tingjian serve` process (PGlite + in-process queue) on a temp data
 * folder. Its "kill" faults are the server process SIGKILLed and restarted on the same folder:
 * once while calls are being POSTed, once while the queued calls are being scored.
 */
export async function runEmbedded(runId: string): Promise<ScenarioResult> {
  const tSetup = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'tingjian-chaos-embedded-'));
  onCleanup(`embedded data folder ${dir}`, () => rmSync(dir, { recursive: true, force: true }));
  // Info level: the restarted server logs how many unfinished calls it re-enqueued.
  const env = serviceEnv({ DATA_DIR: join(dir, 'data'), MODELS_DIR: join(dir, 'models'), LOG_LEVEL: 'info' });
  const port = await freePort();
  const tokens = await seedUsers(env);
  let api: Spawned = await startApi('tingjian serve (embedded)', env, port);
  const session = new ChaosSession(
    'embedded (PGlite + in-process queue)',
    `http://127.0.0.1:${port}`,
    tokens,
  );
  session.notes.push(`setup (data, users, processes): ${((Date.now() - tSetup) / 1000).toFixed(1)} s`);
  const restart = async () => {
    session.outage = true;
    await api.stop('SIGKILL');
    await sleep(300);
    api = await startApi('tingjian serve (embedded, restarted)', env, port);
    session.outage = false;
    const requeued = /"calls":(\d+),"msg":"re-enqueued unfinished calls"/.exec(api.output())?.[1] ?? '0';
    session.notes.push(`the restarted server re-enqueued ${requeued} unfinished call(s) at boot`);
  };

  session.beginPhase('embedded: baseline (full hostile corpus, 30 calls, bad-token burst)');
  await runCorpus(session, 'all');
  await submitCalls(session, `${runId}-e`, { from: 1, to: 30 });
  await runBadTokenBurst(session);
  await waitSettled(session, 30_000);

  session.beginPhase('embedded: server SIGKILLed while calls are POSTed, restarted on the same folder');
  let killed: Promise<void> | undefined;
  await submitCalls(session, `${runId}-e`, { from: 31, to: 70 }, 4, (acked) => {
    if (acked === 12) killed = restart();
  });
  await killed;
  await runCorpus(session, 'light');
  await retryUnacknowledged(session);
  await waitSettled(session, 30_000);

  session.beginPhase('embedded: server SIGKILLed while scoring, restarted on the same folder');
  // Long calls (60 utterances); killed the moment the last one is acknowledged, its scoring under way.
  let killedScoring: Promise<void> | undefined;
  await submitCalls(
    session,
    `${runId}-e`,
    { from: 71, to: 110 },
    4,
    (acked) => {
      if (acked === 40) killedScoring = restart();
    },
    6,
  );
  await killedScoring;
  await runCorpus(session, 'light');
  await retryUnacknowledged(session);

  session.beginPhase(`${session.phase.split(':')[0]}: recovery and read-back`);
  return settleAndTally(session, {
    settle: () => waitSettled(session, 45_000),
    stop: () => api.stop('SIGTERM'),
    read: () => readStoredCalls(env),
  });
}
