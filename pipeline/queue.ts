import { z } from 'zod';
import { ZChangeCause } from './report/score-diff.core.js';

/** Stage names, in pipeline order. Job ids never contain ':' (BullMQ forbids it). */
export const JobName = {
  Transcribe: 'transcribe',
  Analyze: 'analyze',
  Aggregate: 'aggregate',
  /** Plans a rescore run of an industry's calls (enqueues one low-priority analyze job per call). */
  Rescore: 'rescore',
  /** Sends one webhook notification from the outbox. */
  Notify: 'notify',
  /** Periodic housekeeping: overdue appeals are escalated, unsent notifications retried. */
  Sweep: 'sweep',
  /** Feedback packs of a team (or every team), on demand or on a schedule. */
  FeedbackPacks: 'feedback-packs',
  /** Growth goals of a team (or every team) evaluated again (daily, on a schedule). */
  GoalsEvaluate: 'goals-evaluate',
  /** Data past its retention window deleted (PIPL), on a schedule; one run at a time everywhere. */
  Retention: 'retention',
} as const;
export type TJobName = (typeof JobName)[keyof typeof JobName];
export const JOB_NAMES: readonly TJobName[] = Object.values(JobName);

const ZCallId = z.string().regex(/^[A-Za-z0-9_.-]{1,120}$/);

export const ZTranscribeJob = z.strictObject({ callId: ZCallId, revision: z.number().int().min(1) });
export const ZAnalyzeJob = z.strictObject({ callId: ZCallId, revision: z.number().int().min(1) });
export const ZAggregateJob = z.strictObject({
  repId: z.string().min(1).max(200),
  callId: ZCallId,
  revision: z.number().int().min(1),
});
export const ZAnalyzeJobFull = ZAnalyzeJob.extend({
  /** Set when the analysis belongs to a rescore run (before/after is recorded there). */
  rescoreRunId: z.string().min(1).max(120).optional(),
  /** Why the call is scored again, when the caller knows (an accepted appeal, a new industry). */
  cause: ZChangeCause.optional(),
});
export const ZRescoreJob = z.strictObject({ runId: z.string().min(1).max(120) });
export const ZNotifyJob = z.strictObject({ notificationId: z.number().int().min(1) });
export const ZSweepJob = z.strictObject({});
export const ZFeedbackPacksJob = z.strictObject({
  /** null: every team. */
  teamId: z.string().min(1).max(200).nullable(),
  /** ISO time the packs are for (default: now). */
  at: z.string().datetime({ offset: true }).optional(),
});
export const ZGoalsEvaluateJob = z.strictObject({
  /** null: every team. */
  teamId: z.string().min(1).max(200).nullable(),
  /** ISO time of the evaluation (default: now). */
  at: z.string().datetime({ offset: true }).optional(),
});
export const ZRetentionJob = z.strictObject({});
export type TTranscribeJob = z.infer<typeof ZTranscribeJob>;
export type TAnalyzeJob = z.infer<typeof ZAnalyzeJob>;
export type TAggregateJob = z.infer<typeof ZAggregateJob>;

export const JOB_SCHEMAS = {
  [JobName.Transcribe]: ZTranscribeJob,
  [JobName.Analyze]: ZAnalyzeJobFull,
  [JobName.Aggregate]: ZAggregateJob,
  [JobName.Rescore]: ZRescoreJob,
  [JobName.Notify]: ZNotifyJob,
  [JobName.Sweep]: ZSweepJob,
  [JobName.FeedbackPacks]: ZFeedbackPacksJob,
  [JobName.GoalsEvaluate]: ZGoalsEvaluateJob,
  [JobName.Retention]: ZRetentionJob,
} as const;
export type JobData<N extends TJobName> = z.infer<(typeof JOB_SCHEMAS)[N]>;

/**
 * Deterministic job id: stage, subject and the revision (a generation), so a rescore is a new
 * job while a duplicate enqueue of the same revision is ignored.
 */
export function jobIdOf(name: TJobName, callId: string, revision: number): string {
  return `${name}-${callId}-r${revision}`;
}

/** Priorities (BullMQ: no priority runs first, then 1, 2, …): rescoring yields to new calls. */
export const Priority = { Normal: 0, Rescore: 10 } as const;

export interface EnqueueOptions {
  /** 0 (default) runs first; higher numbers wait behind lower ones. */
  priority?: number;
  delayMs?: number;
  /**
   * Recovery of a call the database says is unfinished: a job kept as failed under this id (its
   * retries ran out while the database was down, say) runs again instead of being ignored.
   */
  revive?: boolean;
}

/** A repeating job: every N ms, or a cron pattern in a time zone (e.g. Monday 08:00 Asia/Shanghai). */
export type RepeatSpec = { everyMs: number } | { pattern: string; tz: string };

export const RETRY_POLICY = { attempts: 3, backoffMs: 1_000 } as const;

export type StageHandler<N extends TJobName> = (data: JobData<N>, attempt: number) => Promise<void>;
export type StageHandlers = { [N in TJobName]: StageHandler<N> };

/** Called once a job has failed for good (unrecoverable, or out of retries). */
export type FailureHook = (name: TJobName, data: unknown, error: Error) => Promise<void>;

/** The queue the stages run on: BullMQ on Redis, or an in-process runner (embedded default). */
export interface JobQueue {
  readonly kind: 'bullmq' | 'in-process';
  enqueue<N extends TJobName>(
    name: N,
    data: JobData<N>,
    jobId: string,
    options?: EnqueueOptions,
  ): Promise<void>;
  /** Creates or updates a repeating job (idempotent by schedulerId). */
  repeat<N extends TJobName>(name: N, data: JobData<N>, schedulerId: string, spec: RepeatSpec): Promise<void>;
  /** Removes a repeating job. */
  unrepeat(name: TJobName, schedulerId: string): Promise<void>;
  /** Starts consuming jobs with these handlers (workers). */
  start(handlers: StageHandlers, onFailed: FailureHook): Promise<void>;
  /** Resolves when no job is waiting or running (in-process runner; tests and the demo). */
  drain(): Promise<void>;
  /** Stops taking jobs, lets running ones finish, releases connections. */
  close(): Promise<void>;
}
