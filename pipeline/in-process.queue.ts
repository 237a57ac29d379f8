import { UnrecoverableError } from 'bullmq';
import {
  type FailureHook,
  JOB_SCHEMAS,
  type JobData,
  type JobQueue,
  RETRY_POLICY,
  type StageHandlers,
  type TJobName,
} from './queue.js';

interface Pending {
  name: TJobName;
  data: unknown;
  jobId: string;
  attempt: number;
}

/**
 * Runs the stage handlers in this process, one job at a time per slot, with the same payload
 * parsing, deterministic ids, retries with exponential backoff and unrecoverable errors as the
 * BullMQ queue. Used when REDIS_URL is unset (the embedded default).
 */
export class InProcessQueue implements JobQueue {
  readonly kind = 'in-process';
  private readonly waiting: Pending[] = [];
  private readonly known = new Set<string>();
  private running = 0;
  private timers = new Set<NodeJS.Timeout>();
  private handlers?: StageHandlers;
  private onFailed?: FailureHook;
  private closed = false;
  private idle: (() => void)[] = [];

  constructor(
    private readonly concurrency = 1,
    private readonly retry: { attempts: number; backoffMs: number } = RETRY_POLICY,
  ) {}

  async enqueue<N extends TJobName>(name: N, data: JobData<N>, jobId: string): Promise<void> {
    JOB_SCHEMAS[name].parse(data);
    if (this.closed) throw new Error('queue is closed');
    // Like BullMQ: an id still known (waiting, running or done) is ignored.
    if (this.known.has(jobId)) return;
    this.known.add(jobId);
    this.waiting.push({ name, data, jobId, attempt: 1 });
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
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.waiting.length = 0;
    while (this.running > 0) await new Promise((r) => setTimeout(r, 10));
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
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      const permanent = error instanceof UnrecoverableError || error.name === 'ZodError';
      if (!permanent && job.attempt < this.retry.attempts && !this.closed) {
        const delay = this.retry.backoffMs * 2 ** (job.attempt - 1);
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          this.waiting.push({ ...job, attempt: job.attempt + 1 });
          this.pump();
        }, delay);
        this.timers.add(timer);
        return;
      }
      await this.onFailed?.(job.name, job.data, error);
    }
  }
}
