import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { AppError, ErrorCode } from '../models/errors.js';
import {
  type EnqueueOptions,
  type FailureHook,
  JOB_NAMES,
  JOB_SCHEMAS,
  type JobData,
  type JobQueue,
  RETRY_POLICY,
  type RepeatSpec,
  type StageHandlers,
  type TJobName,
} from './queue.js';

/** An ioredis client for BullMQ: workers block on Redis, so maxRetriesPerRequest must be null. */
export function redisConnection(url: string): Redis {
  // Reconnect every 0.2 s … 2 s for ever: an outage ends when Redis is back, never by giving up.
  return new Redis(url, {
    maxRetriesPerRequest: null,
    lazyConnect: false,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
}

/** How long a request may wait on Redis before it is answered without it. */
export const REDIS_DEADLINE_MS = 1500;
/** How long an enqueue waits for a connection that is not up (start-up, or an outage). */
export const REDIS_CONNECT_WAIT_MS = 1000;

/** `redis://host:port` without credentials, to name the server in logs and errors. */
export function redisLabel(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.hostname}:${u.port || '6379'}`;
  } catch {
    return 'the configured server';
  }
}

function withDeadline<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new AppError(ErrorCode.Unavailable, `${what} did not answer within ${ms} ms`)),
      ms,
    );
  });
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}

/** One BullMQ queue per stage; completed jobs are removed so a new revision's id is never shadowed. */
export class BullmqQueue implements JobQueue {
  readonly kind = 'bullmq';
  private readonly queues = new Map<TJobName, Queue>();
  private readonly workers: Worker[] = [];

  constructor(
    private readonly connection: Redis,
    private readonly prefix: string,
    private readonly concurrency: number,
    private readonly retry: { attempts: number; backoffMs: number } = RETRY_POLICY,
    private readonly lockMs = 30_000,
    private readonly onError: (err: Error) => void = () => {},
    /** Names the server in messages, e.g. `REDIS_URL=redis://127.0.0.1:6379`. */
    private readonly label = 'REDIS_URL',
  ) {
    // One concise line per reconnection attempt during an outage, never a stack trace per client:
    // the queues share this connection, the workers' own connections stay quiet while it is down.
    let lastError = '';
    connection.on('error', (err: Error) => {
      lastError = err.message;
    });
    connection.on('reconnecting', (delay: number) => {
      this.onError(
        new Error(
          `Redis at ${label} unreachable (${lastError || 'connection lost'}); retrying in ${delay} ms`,
        ),
      );
    });
    for (const name of JOB_NAMES) {
      this.queues.set(
        name,
        new Queue(name, {
          connection,
          prefix,
          defaultJobOptions: {
            attempts: retry.attempts,
            backoff: { type: 'exponential', delay: retry.backoffMs },
            removeOnComplete: true,
            removeOnFail: 1000,
          },
        }),
      );
      this.queues.get(name)!.on('error', () => {}); // the shared connection reports it (above)
    }
  }

  /** True while Redis is connected; requests do not wait for it when it is not. */
  get available(): boolean {
    return this.connection.status === 'ready';
  }

  /** Resolves true once connected, false when `ms` pass first. */
  private connected(ms: number): Promise<boolean> {
    if (this.available) return Promise.resolve(true);
    return new Promise((resolve) => {
      const onReady = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.connection.off('ready', onReady);
        resolve(false);
      }, ms);
      this.connection.once('ready', onReady);
    });
  }

  private unavailable(): AppError {
    return new AppError(ErrorCode.Unavailable, `the job queue (Redis at ${this.label}) is unreachable`);
  }

  /**
   * Calls `fn` each time the Redis connection becomes ready again after a loss (not the first
   * time): jobs waiting in a Redis that restarted empty are gone and must be re-enqueued.
   */
  onReconnect(fn: () => void): void {
    let first = true;
    this.connection.on('ready', () => {
      if (first) {
        first = false;
        return;
      }
      fn();
    });
    if (this.connection.status === 'ready') first = false;
  }

  /** True when Redis answers within the deadline (readiness probe); false at once when disconnected. */
  async ping(): Promise<boolean> {
    if (!this.available) return false;
    return withDeadline(this.connection.ping(), REDIS_DEADLINE_MS / 2, 'Redis').then(
      () => true,
      () => false,
    );
  }

  /** The queues, for the operators' dashboard. */
  allQueues(): Queue[] {
    return [...this.queues.values()];
  }

  async enqueue<N extends TJobName>(
    name: N,
    data: JobData<N>,
    jobId: string,
    options: EnqueueOptions = {},
  ): Promise<void> {
    const parsed = JOB_SCHEMAS[name].parse(data);
    // Not connected (yet, or any more): wait for the connection up to the deadline, then fail
    // (the caller keeps the call in the database; recovery re-enqueues it when Redis is back)
    // rather than park the request in ioredis's offline queue for ever.
    if (!(await this.connected(REDIS_CONNECT_WAIT_MS))) throw this.unavailable();
    if (options.revive && (await this.retryFailed(name, jobId))) return;
    await withDeadline(
      this.queues.get(name)!.add(name, parsed, {
        jobId,
        ...(options.priority ? { priority: options.priority } : {}),
        ...(options.delayMs ? { delay: options.delayMs } : {}),
      }),
      REDIS_DEADLINE_MS,
      `Redis at ${this.label}`,
    );
  }

  /**
   * Runs a job kept as failed under this id again (attempts counted afresh). False when there is
   * none: the caller adds it (an id still waiting, delayed or running is then ignored by BullMQ).
   */
  private async retryFailed(name: TJobName, jobId: string): Promise<boolean> {
    const queue = this.queues.get(name)!;
    const job = await withDeadline(queue.getJob(jobId), REDIS_DEADLINE_MS, `Redis at ${this.label}`);
    if (!job) return false;
    if ((await job.getState()) !== 'failed') return true;
    await withDeadline(
      job.retry('failed', { resetAttemptsMade: true }),
      REDIS_DEADLINE_MS,
      `Redis at ${this.label}`,
    );
    return true;
  }

  async repeat<N extends TJobName>(
    name: N,
    data: JobData<N>,
    schedulerId: string,
    spec: RepeatSpec,
  ): Promise<void> {
    await this.queues
      .get(name)!
      .upsertJobScheduler(schedulerId, 'everyMs' in spec ? { every: spec.everyMs } : spec, {
        name,
        data: JOB_SCHEMAS[name].parse(data),
      });
  }

  async unrepeat(name: TJobName, schedulerId: string): Promise<void> {
    await this.queues.get(name)!.removeJobScheduler(schedulerId);
  }

  async start(handlers: StageHandlers, onFailed: FailureHook): Promise<void> {
    for (const name of JOB_NAMES) {
      const handler = handlers[name] as (data: unknown, attempt: number) => Promise<void>;
      const worker = new Worker(
        name,
        async (job) => {
          const data = JOB_SCHEMAS[name].parse(job.data);
          await handler(data, job.attemptsMade + 1);
        },
        {
          connection: this.connection,
          prefix: this.prefix,
          concurrency: this.concurrency,
          lockDuration: this.lockMs,
          stalledInterval: this.lockMs,
        },
      );
      // Connection errors during a Redis outage are reported once per retry by the shared
      // connection (constructor); anything else a worker reports is passed on.
      worker.on('error', (err) => {
        if (this.available) this.onError(err);
      });
      worker.on('failed', (job, err) => {
        if (!job) return;
        const final =
          err.name === 'UnrecoverableError' ||
          err.name === 'ZodError' ||
          job.attemptsMade >= this.retry.attempts;
        if (final) void onFailed(name, job.data, err);
      });
      this.workers.push(worker);
    }
  }

  async drain(): Promise<void> {
    for (;;) {
      let busy = 0;
      for (const q of this.queues.values()) {
        const c = await q.getJobCounts('waiting', 'active', 'prioritized');
        busy += Object.values(c).reduce((a, b) => a + b, 0);
        // A job scheduler (the periodic sweep) always holds its next run delayed: not pending work.
        const delayed = await q.getDelayed(0, 200);
        busy += delayed.filter((j) => !j.repeatJobKey).length;
      }
      if (busy === 0) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Closes everything and deletes every key under this queue's prefix (tests, teardown). */
  async purge(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    this.workers.length = 0;
    for (const q of this.queues.values()) await q.obliterate({ force: true });
    let cursor = '0';
    do {
      const [next, keys] = await this.connection.scan(cursor, 'MATCH', `${this.prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await this.connection.del(...keys);
    } while (cursor !== '0');
    await this.close();
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.connection.disconnect();
  }
}
