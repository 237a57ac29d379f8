import { UnrecoverableError } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { InProcessQueue, KEEP_FAILED_JOB_IDS } from '../../pipeline/in-process.queue.js';
import { JobName, jobIdOf, type StageHandlers } from '../../pipeline/queue.js';

function handlers(runs: string[]): StageHandlers {
  return {
    transcribe: async () => {},
    analyze: async (d) => {
      runs.push(`${d.callId} r${d.revision}`);
      if (d.callId.startsWith('bad')) throw new UnrecoverableError('unsupported input');
    },
    aggregate: async () => {},
    rescore: async () => {},
    notify: async () => {},
    sweep: async () => {},
    'feedback-packs': async () => {},
    'goals-evaluate': async () => {},
    retention: async () => {},
  };
}

describe('in-process queue: job ids kept like BullMQ (removeOnComplete, removeOnFail: 1000)', () => {
  let queue: InProcessQueue | undefined;
  afterEach(async () => {
    await queue?.close();
  });

  it('holds no id after 20,000 completed jobs, and at most 1,000 after 1,500 failures', async () => {
    queue = new InProcessQueue(2, { attempts: 1, backoffMs: 1 });
    const runs: string[] = [];
    const failures: string[] = [];
    await queue.start(handlers(runs), async (_name, data) => {
      failures.push((data as { callId: string }).callId);
    });
    for (let i = 0; i < 20_000; i++) {
      await queue.enqueue(
        JobName.Analyze,
        { callId: `c${i}`, revision: 1 },
        jobIdOf(JobName.Analyze, `c${i}`, 1),
      );
      if (i % 1000 === 999) await queue.drain();
    }
    await queue.drain();
    expect(runs.length).toBe(20_000);
    expect(queue.keptJobIds).toBe(0);

    for (let i = 0; i < 1500; i++) {
      await queue.enqueue(
        JobName.Analyze,
        { callId: `bad${i}`, revision: 1 },
        jobIdOf(JobName.Analyze, `bad${i}`, 1),
      );
    }
    await queue.drain();
    expect(failures.length).toBe(1500);
    expect(queue.keptJobIds).toBe(KEEP_FAILED_JOB_IDS);
  });

  it('ignores an id while it waits or recently failed; runs a completed id again', async () => {
    queue = new InProcessQueue(1, { attempts: 1, backoffMs: 1 });
    const runs: string[] = [];
    const id = jobIdOf(JobName.Analyze, 'c1', 1);
    // Not started yet: the job waits, so the same id is a duplicate.
    await queue.enqueue(JobName.Analyze, { callId: 'c1', revision: 1 }, id);
    await queue.enqueue(JobName.Analyze, { callId: 'c1', revision: 1 }, id);
    expect(queue.keptJobIds).toBe(1);
    await queue.start(handlers(runs), async () => {});
    await queue.drain();
    expect(runs).toEqual(['c1 r1']);
    // Completed and removed, as BullMQ's removeOnComplete does: the id runs again.
    await queue.enqueue(JobName.Analyze, { callId: 'c1', revision: 1 }, id);
    await queue.drain();
    expect(runs).toEqual(['c1 r1', 'c1 r1']);
    // A final failure is kept: enqueueing it again is ignored, as with BullMQ's removeOnFail.
    const bad = jobIdOf(JobName.Analyze, 'bad1', 1);
    await queue.enqueue(JobName.Analyze, { callId: 'bad1', revision: 1 }, bad);
    await queue.drain();
    await queue.enqueue(JobName.Analyze, { callId: 'bad1', revision: 1 }, bad);
    await queue.drain();
    expect(runs).toEqual(['c1 r1', 'c1 r1', 'bad1 r1']);
    expect(queue.keptJobIds).toBe(1);
  });

  it('forgets the oldest failure first once 1,000 are kept', async () => {
    queue = new InProcessQueue(1, { attempts: 1, backoffMs: 1 });
    const runs: string[] = [];
    await queue.start(handlers(runs), async () => {});
    for (let i = 0; i <= KEEP_FAILED_JOB_IDS; i++) {
      await queue.enqueue(
        JobName.Analyze,
        { callId: `bad${i}`, revision: 1 },
        jobIdOf(JobName.Analyze, `bad${i}`, 1),
      );
    }
    await queue.drain();
    runs.length = 0;
    // bad0 was pushed out by the 1,001st failure; bad1 is still kept (asked first: bad0 failing
    // again would push bad1 out in turn).
    await queue.enqueue(
      JobName.Analyze,
      { callId: 'bad1', revision: 1 },
      jobIdOf(JobName.Analyze, 'bad1', 1),
    );
    await queue.enqueue(
      JobName.Analyze,
      { callId: 'bad0', revision: 1 },
      jobIdOf(JobName.Analyze, 'bad0', 1),
    );
    await queue.drain();
    expect(runs).toEqual(['bad0 r1']);
  });
});
