import { UnrecoverableError } from 'bullmq';
import type { AppealRepository } from '../../models/appeal.repository.js';
import type { CallRepository } from '../../models/call.repository.js';
import { AppError } from '../../models/errors.js';
import type { LexiconVersionRepository } from '../../models/lexicon-version.repository.js';
import type { Transcript } from '../../models/transcript.js';
import type { AnalysisEngine } from '../../pipeline/analysis-thread/analysis-engine.js';
import { AnalysisThreadError } from '../../pipeline/analysis-thread/analysis-pool.js';
import type { CallAnalysis } from '../../pipeline/nlp/analyze.core.js';
import { JobName, type JobQueue, jobIdOf, type TAnalyzeJob } from '../../pipeline/queue.js';
import { type ChangeCause, diffScores } from '../../pipeline/report/score-diff.core.js';

export interface AnalyzeDeps {
  calls: CallRepository;
  /** Analyses off the event loop in the server (analysis threads), inline elsewhere. */
  engine: AnalysisEngine;
  queue: JobQueue;
  /** Corrections from accepted appeals (absent: the machine result is final). */
  appeals?: AppealRepository;
  /** Rescore runs (before/after per call). */
  versions?: LexiconVersionRepository;
  /** Installs a run's lexicon version here if this process has not polled it yet. */
  ensureVersion?: (industry: string, versionId: string) => Promise<void>;
  log: { info: (o: object, m: string) => void; warn: (o: object, m: string) => void };
}

/**
 * The analyze stage: load the stored transcript and the corrections in force, analyse (machine
 * result, then the final one with the corrections), store both, settle the corrections (absorbed
 * when the machine now agrees; flagged when a rescore on a new lexicon still disagrees), record
 * the rescore run's before/after, and queue the rep's aggregate update.
 */
export async function analyzeStage(
  deps: AnalyzeDeps,
  job: TAnalyzeJob & { rescoreRunId?: string | undefined; cause?: ChangeCause | undefined },
) {
  const { calls, engine, queue, appeals, versions, log } = deps;
  const { callId, revision, rescoreRunId } = job;
  const call = await calls.get(callId);
  if (!call) throw new UnrecoverableError(`call ${callId} not found`);
  if (call.revision !== revision) return log.info({ callId, revision }, 'stale analyze job skipped');
  if (call.status !== 'analyzing' && call.status !== 'rescoring') {
    return log.info(
      { callId, revision, status: call.status },
      'analyze job for a call not awaiting analysis',
    );
  }
  const transcript: Transcript = {
    ...(call.externalId ? { externalId: call.externalId } : {}),
    repId: call.repId,
    industry: call.industry,
    occurredAt: new Date(call.occurredAt).toISOString(),
    utterances: call.utterances.map((u) => ({
      id: u.id,
      speaker: u.speaker,
      start: u.start,
      end: u.end,
      text: u.text,
    })),
  };
  if (rescoreRunId && versions && deps.ensureVersion) {
    const run = await versions.run(rescoreRunId);
    if (run) await deps.ensureVersion(call.industry, run.versionId);
  }
  const corrections = appeals ? await appeals.corrections(callId) : [];
  const old = rescoreRunId && versions ? await versions.storedScores(callId) : null;
  // A call scored before: what it had, to say item by item what this analysis changes.
  const previous = call.status === 'rescoring' ? await calls.getAnalysis(callId) : null;
  let machine: CallAnalysis;
  let final: CallAnalysis;
  try {
    machine = await engine.analyze(transcript, call.id);
    final = corrections.length > 0 ? await engine.analyze(transcript, call.id, corrections) : machine;
  } catch (err) {
    // Bad stored input (an industry removed since) cannot succeed on retry; nor can a call whose
    // analysis stopped its thread (out of memory): retrying would stop the next thread too.
    if (err instanceof AppError) throw new UnrecoverableError(`${err.code}: ${err.message}`);
    if (err instanceof AnalysisThreadError) throw new UnrecoverableError(err.message);
    throw err;
  }
  // Settle the corrections first: the stored call view shows their state.
  if (appeals && final.corrections && final.corrections.length > 0) {
    const agrees = final.corrections.filter((o) => o.state === 'agrees').map((o) => o.overrideId);
    const absorbed = await appeals.absorb(agrees, final.lexiconVersion);
    if (absorbed.length > 0)
      log.info({ callId, overrides: absorbed.map((o) => o.id) }, 'corrections absorbed');
    if (rescoreRunId) {
      const disagree = final.corrections.filter((o) => o.state !== 'agrees').map((o) => o.overrideId);
      const flagged = await appeals.flag(
        disagree,
        `lexicon ${final.lexiconVersion}: the machine result still differs from the accepted correction`,
      );
      // Tell the reviewer who decided (the outbox is sent by the periodic sweep).
      for (const o of flagged) {
        const appeal = await appeals.get(o.appealId);
        if (!appeal) continue;
        await appeals.notify('appeal.override_flagged', appeal.decidedBy ? [appeal.decidedBy] : [], {
          appealId: appeal.id,
          callId,
          repId: appeal.repId,
          quote: appeal.quote,
          message: `新词库 ${final.lexiconVersion} 重新评分后，机器结果仍与复核结论不一致，请复查`,
        });
      }
    }
  }
  const change =
    previous && previous.scoreItems.length > 0
      ? diffScores(previous, final, causeOf(job.cause, previous, final), new Date())
      : null;
  await calls.replaceAnalysis(callId, revision, {
    ...final,
    suppressed: final.suppressed,
    machine: { total: machine.total, dimensions: machine.dimensions },
    change: change as unknown as Record<string, unknown> | null,
  });

  if (rescoreRunId && versions) {
    const oldIds = new Set(old?.findingIds ?? []);
    const newIds = new Set(final.findings.map((f) => f.id));
    const added = [...newIds].filter((id) => !oldIds.has(id)).length;
    const removed = [...oldIds].filter((id) => !newIds.has(id)).length;
    const dimsChanged = Object.entries(final.dimensions).some(([k, v]) => (old?.dimensions[k] ?? null) !== v);
    await versions.recordResult(
      {
        runId: rescoreRunId,
        callId,
        beforeTotal: old?.total ?? null,
        afterTotal: final.total,
        beforeDimensions: old?.dimensions ?? null,
        afterDimensions: final.dimensions,
        beforeLexiconVersion: call.lexiconVersion,
        findingsAdded: added,
        findingsRemoved: removed,
      },
      added > 0 || removed > 0 || dimsChanged || (old?.total ?? null) !== final.total,
    );
  }

  // A correction accepted while this analysis ran is applied by one more pass.
  if (appeals) {
    const now = await appeals.corrections(callId);
    const used = new Set(corrections.map((c) => c.overrideId));
    if (now.some((c) => !used.has(c.overrideId))) {
      const again = await calls.setStatus(callId, 'rescoring');
      await queue.enqueue(
        JobName.Analyze,
        { callId, revision: again.revision },
        jobIdOf(JobName.Analyze, callId, again.revision),
      );
      return;
    }
  }
  await queue.enqueue(
    JobName.Aggregate,
    { repId: call.repId, callId, revision },
    jobIdOf(JobName.Aggregate, callId, revision),
  );
}

/** Why the call was scored again: what the job says, else what changed between the analyses. */
function causeOf(
  given: ChangeCause | undefined,
  previous: { lexiconVersion: string | null; secondStageVersion: string | null },
  final: CallAnalysis,
): ChangeCause {
  if (given) return given;
  if (previous.lexiconVersion !== final.lexiconVersion)
    return { kind: 'lexicon', version: final.lexiconVersion };
  if ((previous.secondStageVersion ?? null) !== (final.secondStageVersion ?? null))
    return { kind: 'model', version: final.secondStageVersion ?? 'off' };
  return { kind: 'rescore' };
}
