import { UnrecoverableError } from 'bullmq';
import type { CallRepository } from '../../models/call.repository.js';
import { isDependencyUnavailable } from '../../models/errors.js';
import type { LexiconVersionRepository } from '../../models/lexicon-version.repository.js';
import {
  type FailureHook,
  JobName,
  jobIdOf,
  type StageHandlers,
  type TTranscribeJob,
} from '../../pipeline/queue.js';
import type { AppealService } from '../appeals/appeal.service.js';
import type { LexiconAdminService } from '../lexicon-admin/lexicon-admin.service.js';
import type { RetentionService } from '../privacy/retention.service.js';
import { aggregateStage } from './aggregate.worker.js';
import { type AnalyzeDeps, analyzeStage } from './analyze.worker.js';
import { type FeedbackPacksDeps, feedbackPacksStage, goalsEvaluateStage } from './feedback-packs.worker.js';
import { type NotificationDeps, sendNotification } from './notify.worker.js';

export interface StageDeps extends AnalyzeDeps {
  lexiconAdmin?: LexiconAdminService;
  appealService?: AppealService;
  notifications?: NotificationDeps;
  /** Rep aggregates, feedback packs and growth goals. */
  feedback?: Omit<FeedbackPacksDeps, 'queue' | 'log'>;
  /** The transcribe stage of audio calls (transcribe.worker.ts); absent without WHISPER_MODEL. */
  transcribeAudio?: (job: TTranscribeJob) => Promise<void>;
  /** Retention runs (PIPL); absent = the scheduled job does nothing. */
  retention?: RetentionService;
}

/**
 * The stage adapters: parse → load → pure core → save → enqueue next. Each is idempotent: a job
 * for a revision the call has left is skipped, and analysis rows are replaced, not appended.
 */
export function createStageHandlers(deps: StageDeps): StageHandlers {
  const { calls, queue, log } = deps;
  return {
    async transcribe({ callId, revision }) {
      // A transcript call waiting for this job (nearly every one): past transcription in one
      // statement; anything else (stale, a recording, a re-delivered job) takes the full path.
      if (!(await calls.passTranscript(callId, revision))) {
        const call = await calls.find(callId);
        if (!call) throw new UnrecoverableError(`call ${callId} not found`);
        if (call.revision !== revision) return log.info({ callId, revision }, 'stale transcribe job skipped');
        if (call.source === 'audio') {
          if (!deps.transcribeAudio) {
            throw new UnrecoverableError(
              'model_unavailable: 此部署未配置语音识别模型（WHISPER_MODEL），无法转写录音',
            );
          }
          return deps.transcribeAudio({ callId, revision });
        }
        // Transcript input needs no transcription: through the same states as audio, in one step.
        await calls.skipTranscription(callId, revision);
      }
      await queue.enqueue(JobName.Analyze, { callId, revision }, jobIdOf(JobName.Analyze, callId, revision));
    },
    async analyze(job) {
      await analyzeStage(deps, job);
    },
    async aggregate(job) {
      if (!deps.feedback) return log.info({ callId: job.callId }, 'aggregate job without feedback service');
      await aggregateStage({ feedback: deps.feedback.feedback, log }, job);
    },
    async rescore({ runId }) {
      if (!deps.lexiconAdmin) throw new UnrecoverableError('rescore runs need the lexicon service');
      await deps.lexiconAdmin.planRescore(runId);
    },
    async notify({ notificationId }, attempt) {
      if (!deps.notifications) throw new UnrecoverableError('notifications are not configured');
      await sendNotification(deps.notifications, notificationId, attempt);
    },
    async sweep() {
      const r = await deps.appealService?.sweep();
      if (r && (r.escalated > 0 || r.resent > 0)) log.info(r, 'sweep');
    },
    async 'feedback-packs'(job) {
      if (!deps.feedback) throw new UnrecoverableError('feedback packs need the feedback service');
      await feedbackPacksStage({ ...deps.feedback, queue, log }, job);
    },
    async retention() {
      if (!deps.retention) throw new UnrecoverableError('retention runs need the retention service');
      const r = await deps.retention.run({ dryRun: false, trigger: 'schedule' });
      if (r.skipped) log.info({ skipped: r.skipped }, 'retention run skipped: another run holds the lock');
    },
    async 'goals-evaluate'(job) {
      if (!deps.feedback) throw new UnrecoverableError('goal evaluation needs the feedback service');
      await goalsEvaluateStage({ feedback: deps.feedback.feedback, log }, job);
    },
  };
}

/** Marks a call failed with the reason once its job has failed for good (and counts it in its rescore run). */
export function failureHook(
  calls: CallRepository,
  log: StageDeps['log'],
  versions?: LexiconVersionRepository,
): FailureHook {
  return async (name, data, error) => {
    const runId = (data as { rescoreRunId?: unknown }).rescoreRunId;
    if (versions && typeof runId === 'string') {
      await versions
        .recordFailure(runId)
        .catch((err: Error) => log.warn({ runId, err: err.message }, 'could not count a failed rescore'));
    }
    const callId = (data as { callId?: unknown }).callId;
    if (typeof callId !== 'string') return;
    log.warn({ callId, stage: name, reason: error.message }, 'job failed');
    // The database was unreachable: nothing is wrong with the call. It stays unfinished and the
    // recovery sweep scores it once the database is back (a failed call would stay failed).
    if (isDependencyUnavailable(error)) {
      log.warn(
        { callId, stage: name },
        'database unreachable: the call stays unfinished for the recovery sweep',
      );
      return;
    }
    try {
      await calls.setStatus(callId, 'failed', { failureReason: `${name}: ${error.message}`.slice(0, 1000) });
    } catch (err) {
      log.warn({ callId, err: (err as Error).message }, 'could not mark call failed');
    }
  };
}
