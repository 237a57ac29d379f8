import { UnrecoverableError } from 'bullmq';
import type { CallRepository } from '../../models/call.repository.js';
import { AppError } from '../../models/errors.js';
import type { Transcript } from '../../models/transcript.js';
import type { Analyzer } from '../analyzer.js';
import { type FailureHook, JobName, type JobQueue, jobIdOf, type StageHandlers } from '../queue.js';

export interface StageDeps {
  calls: CallRepository;
  analyzer: Analyzer;
  queue: JobQueue;
  log: { info: (o: object, m: string) => void; warn: (o: object, m: string) => void };
}

/**
 * The stage adapters: parse → load → pure core → save → enqueue next. Each is idempotent: a job
 * for a revision the call has left is skipped, and analysis rows are replaced, not appended.
 */
export function createStageHandlers(deps: StageDeps): StageHandlers {
  const { calls, analyzer, queue, log } = deps;
  return {
    async transcribe({ callId, revision }) {
      const call = await calls.find(callId);
      if (!call) throw new UnrecoverableError(`call ${callId} not found`);
      if (call.revision !== revision) return log.info({ callId, revision }, 'stale transcribe job skipped');
      if (call.source !== 'transcript') {
        throw new UnrecoverableError('audio transcription is not available yet (the audio issue adds it)');
      }
      // Transcript input needs no transcription: pass through the same states as audio.
      if (call.status === 'queued')
        await calls.setStatus(callId, 'transcribing', { expectedRevision: revision });
      const now = await calls.find(callId);
      if (now?.status === 'transcribing')
        await calls.setStatus(callId, 'analyzing', { expectedRevision: revision });
      await queue.enqueue(JobName.Analyze, { callId, revision }, jobIdOf(JobName.Analyze, callId, revision));
    },
    async analyze({ callId, revision }) {
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
      let analysis: ReturnType<Analyzer['analyze']>;
      try {
        analysis = analyzer.analyze(transcript, undefined, call.id);
      } catch (err) {
        // Bad stored input (an industry removed since) cannot succeed on retry.
        if (err instanceof AppError) throw new UnrecoverableError(`${err.code}: ${err.message}`);
        throw err;
      }
      await calls.replaceAnalysis(callId, revision, analysis);
    },
    async aggregate() {
      // Rep aggregates arrive with the feedback-pack issue; nothing is queued here yet.
    },
    async rescore() {
      throw new UnrecoverableError('rescore runs are not wired yet');
    },
    async notify() {
      throw new UnrecoverableError('notifications are not wired yet');
    },
    async sweep() {},
    async 'feedback-packs'() {
      throw new UnrecoverableError('feedback packs are not available yet');
    },
  };
}

/** Marks a call failed with the reason once its job has failed for good. */
export function failureHook(calls: CallRepository, log: StageDeps['log']): FailureHook {
  return async (name, data, error) => {
    const callId = (data as { callId?: unknown }).callId;
    if (typeof callId !== 'string') return;
    log.warn({ callId, stage: name, reason: error.message }, 'job failed');
    try {
      await calls.setStatus(callId, 'failed', { failureReason: `${name}: ${error.message}`.slice(0, 1000) });
    } catch (err) {
      log.warn({ callId, err: (err as Error).message }, 'could not mark call failed');
    }
  };
}
