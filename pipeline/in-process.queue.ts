import { UnrecoverableError } from 'bullmq';
import { CronExpressionParser } from 'cron-parser';
import {
  type EnqueueOptions,
  type FailureHook,
  JOB_SCHEMAS,
  type JobData,
  type JobQueue,
  RETRY_POLICY,
  type RepeatSpec,
  type StageHandlers,
  type TJobName,
} from './queue.js';

interface Pending {
  name: TJobName;
  data: unknown;
  jobId: string;
  attempt: number;
  priority: number;
}

/** Failed job ids kept, like the BullMQ queue's `removeOnFail: 1000`. */
export const KEEP_FAILED_JOB_IDS = 1000;

/**
 * Runs the stage handlers in this process, one job at a time per slot, with the same payload
 * parsing, deterministic ids, retries with exponential backoff and unrecoverable errors as the
 * BullMQ queue. Used when REDIS_URL is unset (the embedded default). Waiting jobs run by priority
 * as BullMQ runs them (0 first, then 1, 2, …; first in first out within one), so a call submitted
 * during a rescore run is analysed before the rescore analyses still waiting.
 *
 * Job ids are kept the way the BullMQ queue keeps them (`removeOnComplete: true`,
 * `removeOnFail: 1000`): an id is known while its job waits, is delayed, runs or waits for a
 * retry, and after a final failure among the last KEEP_FAILED_JOB_IDS failures; a completed id is
 * forgotten at once. A long-running embedded server therefore holds a bounded set of ids.
 */
export class InProcessQueue implements JobQueue {
  readonly kind = 'in-process';
  private readonly waiting: Pending[] = [];
  /** Ids of jobs waiting, delayed, running or waiting for a retry. */
  private readonly known = new Set<string>();
  /** Ids of the most recent final failures, oldest first. */
  private readonly failed = new Set<string>();
  private running = 0;
  private timers = new Set<NodeJS.Timeout>();
  private handlers?: StageHandlers;
  private onFailed?: FailureHook;
  private closed = false;
  private idle: (() => void)[] = [];
  private readonly schedulers = new Map<string, NodeJS.Timeout>();
  private ticks = 0;

  constructor(
    private readonly concurrency = 1,
    private readonly retry: { attempts: number; backoffMs: number } = RETRY_POLICY,
  ) {}

  async enqueue<N extends TJobName>(
    name: N,
    data: JobData<N>,
    jobId: string,
    options: EnqueueOptions = {},
  ): Promise<void> {
    JOB_SCHEMAS[name].parse(data);
    // While close() waits for the running jobs, what they enqueue is accepted and not run (BullMQ
    // closes its workers before its queues): the call keeps its unfinished status, which the
    // recovery at the next start re-enqueues. After close() has returned, enqueueing is a bug.
    if (this.closed && this.running === 0) throw new Error('queue is closed');
    if (this.closed) return;
    // Like BullMQ: an id still kept (waiting, delayed, running, retrying, recently failed) is ignored;
    // recovery revives a failed one.
    if (options.revive) this.failed.delete(jobId);
    if (this.known.has(jobId) || this.failed.has(jobId)) return;
    this.known.add(jobId);
    const job = { name, data, jobId, attempt: 1, priority: options.priority ?? 0 };
    if (options.delayMs) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.push(job);
      }, options.delayMs);
      this.timers.add(timer);
      return;
    }
    this.push(job);
  }

  /**
   * Repeating jobs run from timers of this process. They do not count as pending work for
   * `drain()` (a schedule never ends), only the jobs they enqueue do.
   */
  async repeat<N extends TJobName>(
    name: N,
    data: JobData<N>,
    schedulerId: string,
    spec: RepeatSpec,
  ): Promise<void> {
    JOB_SCHEMAS[name].parse(data);
    await this.unrepeat(name, schedulerId);
    const arm = () => {
      const delay =
        'everyMs' in spec
          ? spec.everyMs
          : Math.max(
              0,
              CronExpressionParser.parse(spec.pattern, { tz: spec.tz }).next().getTime() - Date.now(),
            );
      const timer = setTimeout(() => {
        if (this.closed) return;
        this.ticks++;
        this.enqueue(name, data, `${schedulerId}-t${this.ticks}`).catch(() => {});
        arm();
      }, delay);
      timer.unref();
      this.schedulers.set(`${name}:${schedulerId}`, timer);
    };
    arm();
  }

  async unrepeat(name: TJobName, schedulerId: string): Promise<void> {
    const key = `${name}:${schedulerId}`;
    const timer = this.schedulers.get(key);
    if (timer) clearTimeout(timer);
    this.schedulers.delete(key);
  }

  /** Waiting jobs stay ordered by priority, first in first out within one priority. */
  private push(job: Pending): void {
    let i = this.waiting.length;
    while (i > 0 && this.waiting[i - 1]!.priority > job.priority) i--;
    this.waiting.splice(i, 0, job);
    this.pump();
  }

  async start(handlers: StageHandlers, onFailed: FailureHook): Promise<void> {
    this.handlers = handlers;
    this.onFailed = onFailed;
    this.pump();
  }

  drain(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.schedulers.values()) clearTimeout(t);
    this.schedulers.clear();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.waiting.length = 0;
    while (this.running > 0) await new Promise((r) => setTimeout(r, 10));
  }

  /** How many job ids this queue holds (pending work plus the kept failures). */
  get keptJobIds(): number {
    return this.known.size + this.failed.size;
  }

  private isIdle(): boolean {
    return this.waiting.length === 0 && this.running === 0 && this.timers.size === 0;
  }

  private pump(): void {
    if (!this.handlers) return;
    while (!this.closed && this.running < this.concurrency && this.waiting.length > 0) {
      const job = this.waiting.shift()!;
      this.running++;
      void this.run(job).finally(() => {
        this.running--;
        this.pump();
        if (this.isIdle()) for (const resolve of this.idle.splice(0)) resolve();
      });
    }
  }

  private async run(job: Pending): Promise<void> {
    const handler = this.handlers![job.name] as (data: unknown, attempt: number) => Promise<void>;
    try {
      const data = JOB_SCHEMAS[job.name].parse(job.data);
      await handler(data, job.attempt);
      this.known.delete(job.jobId);
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      // Stopped by close(): not the call's fault. Its status stays unfinished for the recovery at
      // the next start instead of becoming `failed`, which nothing would retry.
      if (this.closed) {
        this.known.delete(job.jobId);
        return;
      }
      const permanent = error instanceof UnrecoverableError || error.name === 'ZodError';
      if (!permanent && job.attempt < this.retry.attempts) {
        const delay = this.retry.backoffMs * 2 ** (job.attempt - 1);
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          this.push({ ...job, attempt: job.attempt + 1 });
        }, delay);
        this.timers.add(timer);
        return;
      }
      this.known.delete(job.jobId);
      this.failed.add(job.jobId);
      if (this.failed.size > KEEP_FAILED_JOB_IDS) this.failed.delete(this.failed.values().next().value!);
      await this.onFailed?.(job.name, job.data, error);
    }
  }
}
