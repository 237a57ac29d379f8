import { randomUUID } from 'node:crypto';
import { UnrecoverableError } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { BullmqQueue, redisConnection } from '../../pipeline/bullmq.queue.js';
import { InProcessQueue } from '../../pipeline/in-process.queue.js';
import { JobName, type JobQueue, jobIdOf, Priority, type StageHandlers } from '../../pipeline/queue.js';
import { REDIS_URL, redisUp } from '../helpers/services.js';

const RETRY = { attempts: 3, backoffMs: 20 };

const redisAvailable = await redisUp();
if (!redisAvailable && process.env.REQUIRE_SERVICES === '1')
  throw new Error(`Redis not reachable at ${REDIS_URL}`);

function recorder() {
  const runs: string[] = [];
  const failures: string[] = [];
  const flaky = new Map<string, number>();
  const handlers: StageHandlers = {
    transcribe: async (d) => {
      runs.push(`transcribe ${d.callId} r${d.revision}`);
    },
    analyze: async (d, attempt) => {
      runs.push(`analyze ${d.callId} r${d.revision} a${attempt}`);
      if (d.callId === 'bad') throw new UnrecoverableError('unsupported input');
      if (d.callId === 'flaky' && (flaky.get(d.callId) ?? 0) < 2) {
        flaky.set(d.callId, (flaky.get(d.callId) ?? 0) + 1);
        throw new Error('transient');
      }
    },
    aggregate: async () => {},
    rescore: async () => {},
    notify: async () => {},
    sweep: async () => {
      runs.push('sweep');
    },
    'feedback-packs': async () => {},
    'goals-evaluate': async () => {},
    retention: async () => {},
  };
  const onFailed = async (name: string, data: unknown, err: Error) => {
    failures.push(`${name} ${(data as { callId: string }).callId}: ${err.message}`);
  };
  return { runs, failures, handlers, onFailed };
}

const variants: [string, () => JobQueue, boolean][] = [
  ['in-process', () => new InProcessQueue(1, RETRY), true],
  [
    'bullmq',
    () => new BullmqQueue(redisConnection(REDIS_URL), `tjtest-${randomUUID().slice(0, 8)}`, 1, RETRY),
    redisAvailable,
  ],
];

describe.each(variants)('%s queue', (_name, make, available) => {
  let queue: JobQueue | undefined;
  afterEach(async () => {
    // Leave nothing behind in the shared Redis.
    if (queue instanceof BullmqQueue) await queue.purge();
    else await queue?.close();
  });

  it.skipIf(!available)(
    'ignores a duplicate id but runs a new revision (rescoring twice runs twice)',
    async () => {
      queue = make();
      const r = recorder();
      await queue.start(r.handlers, r.onFailed);
      await queue.enqueue(JobName.Analyze, { callId: 'c1', revision: 1 }, jobIdOf(JobName.Analyze, 'c1', 1));
      await queue.drain();
      await queue.enqueue(JobName.Analyze, { callId: 'c1', revision: 2 }, jobIdOf(JobName.Analyze, 'c1', 2));
      await queue.drain();
      await queue.enqueue(JobName.Analyze, { callId: 'c1', revision: 3 }, jobIdOf(JobName.Analyze, 'c1', 3));
      await queue.drain();
      expect(r.runs).toEqual(['analyze c1 r1 a1', 'analyze c1 r2 a1', 'analyze c1 r3 a1']);
    },
  );

  it.skipIf(!available)(
    'retries transient errors with backoff and fails unrecoverable ones at once',
    async () => {
      queue = make();
      const r = recorder();
      await queue.start(r.handlers, r.onFailed);
      await queue.enqueue(
        JobName.Analyze,
        { callId: 'flaky', revision: 1 },
        jobIdOf(JobName.Analyze, 'flaky', 1),
      );
      await queue.enqueue(
        JobName.Analyze,
        { callId: 'bad', revision: 1 },
        jobIdOf(JobName.Analyze, 'bad', 1),
      );
      await queue.drain();
      await new Promise((res) => setTimeout(res, 100));
      expect(r.runs.filter((x) => x.startsWith('analyze flaky'))).toEqual([
        'analyze flaky r1 a1',
        'analyze flaky r1 a2',
        'analyze flaky r1 a3',
      ]);
      expect(r.runs.filter((x) => x.startsWith('analyze bad'))).toEqual(['analyze bad r1 a1']);
      expect(r.failures).toEqual(['analyze bad: unsupported input']);
    },
  );

  it.skipIf(!available)('runs new work ahead of waiting low-priority (rescore) jobs', async () => {
    queue = make();
    const r = recorder();
    for (const id of ['old1', 'old2', 'old3']) {
      await queue.enqueue(JobName.Analyze, { callId: id, revision: 2 }, jobIdOf(JobName.Analyze, id, 2), {
        priority: Priority.Rescore,
      });
    }
    await queue.enqueue(JobName.Analyze, { callId: 'new', revision: 1 }, jobIdOf(JobName.Analyze, 'new', 1));
    await queue.start(r.handlers, r.onFailed);
    await queue.drain();
    expect(r.runs).toEqual([
      'analyze new r1 a1',
      'analyze old1 r2 a1',
      'analyze old2 r2 a1',
      'analyze old3 r2 a1',
    ]);
  });

  it.skipIf(!available)('repeats a scheduled job until it is removed', async () => {
    queue = make();
    const r = recorder();
    await queue.start(r.handlers, r.onFailed);
    await queue.repeat(JobName.Sweep, {}, 'sweep-test', { everyMs: 150 });
    await new Promise((res) => setTimeout(res, 700));
    await queue.unrepeat(JobName.Sweep, 'sweep-test');
    await queue.drain();
    const n = r.runs.filter((x) => x === 'sweep').length;
    expect(n).toBeGreaterThanOrEqual(2);
    await new Promise((res) => setTimeout(res, 400));
    expect(r.runs.filter((x) => x === 'sweep').length).toBe(n);
  });

  it.skipIf(!available)('rejects a malformed payload before it is queued', async () => {
    queue = make();
    await expect(queue.enqueue(JobName.Analyze, { callId: 'a:b', revision: 1 }, 'x')).rejects.toThrow();
  });
});
