import { z } from 'zod';

/** Stage names, in pipeline order. Job ids never contain ':' (BullMQ forbids it). */
export const JobName = { Transcribe: 'transcribe', Analyze: 'analyze', Aggregate: 'aggregate' } as const;
export type TJobName = (typeof JobName)[keyof typeof JobName];
export const JOB_NAMES: readonly TJobName[] = [JobName.Transcribe, JobName.Analyze, JobName.Aggregate];

const ZCallId = z.string().regex(/^[A-Za-z0-9_.-]{1,120}$/);

export const ZTranscribeJob = z.strictObject({ callId: ZCallId, revision: z.number().int().min(1) });
export const ZAnalyzeJob = z.strictObject({ callId: ZCallId, revision: z.number().int().min(1) });
export const ZAggregateJob = z.strictObject({
  repId: z.string().min(1).max(200),
  callId: ZCallId,
  revision: z.number().int().min(1),
});
export type TTranscribeJob = z.infer<typeof ZTranscribeJob>;
export type TAnalyzeJob = z.infer<typeof ZAnalyzeJob>;
export type TAggregateJob = z.infer<typeof ZAggregateJob>;

export const JOB_SCHEMAS = {
  [JobName.Transcribe]: ZTranscribeJob,
  [JobName.Analyze]: ZAnalyzeJob,
  [JobName.Aggregate]: ZAggregateJob,
} as const;
export type JobData<N extends TJobName> = z.infer<(typeof JOB_SCHEMAS)[N]>;

/**
 * Deterministic job id: stage, subject and the revision (a generation), so a rescore is a new
 * job while a duplicate enqueue of the same revision is ignored.
 */
export function jobIdOf(name: TJobName, callId: string, revision: number): string {
  return `${name}-${callId}-r${revision}`;
}

export const RETRY_POLICY = { attempts: 3, backoffMs: 1_000 } as const;

export type StageHandler<N extends TJobName> = (data: JobData<N>, attempt: number) => Promise<void>;
export type StageHandlers = { [N in TJobName]: StageHandler<N> };

/** Called once a job has failed for good (unrecoverable, or out of retries). */
export type FailureHook = (name: TJobName, data: unknown, error: Error) => Promise<void>;

/** The queue the stages run on: BullMQ on Redis, or an in-process runner (embedded default). */
export interface JobQueue {
  readonly kind: 'bullmq' | 'in-process';
  enqueue<N extends TJobName>(name: N, data: JobData<N>, jobId: string): Promise<void>;
  /** Starts consuming jobs with these handlers (workers). */
  start(handlers: StageHandlers, onFailed: FailureHook): Promise<void>;
  /** Resolves when no job is waiting or running (in-process runner; tests and the demo). */
  drain(): Promise<void>;
  /** Stops taking jobs, lets running ones finish, releases connections. */
  close(): Promise<void>;
}
