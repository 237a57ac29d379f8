import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
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
  return new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false });
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
  ) {
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
    }
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

  /** True when Redis answers (readiness probe). */
  async ping(): Promise<boolean> {
    return this.connection.ping().then(
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
    await this.queues.get(name)!.add(name, JOB_SCHEMAS[name].parse(data), {
      jobId,
      ...(options.priority ? { priority: options.priority } : {}),
      ...(options.delayMs ? { delay: options.delayMs } : {}),
    });
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
      // Connection errors during a Redis outage: reported, not thrown (ioredis reconnects).
      worker.on('error', (err) => this.onError(err));
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
