import { afterEach, describe, expect, it } from 'vitest';
import { InProcessQueue } from '../../pipeline/in-process.queue.js';
import { JOB_NAMES, JobName, jobIdOf, Priority, type StageHandlers } from '../../pipeline/queue.js';

function handlers(runs: string[], hold?: Promise<void>): StageHandlers {
  const idle = Object.fromEntries(JOB_NAMES.map((n) => [n, async () => {}])) as unknown as StageHandlers;
  return {
    ...idle,
    analyze: async (d) => {
      runs.push(d.rescoreRunId ? `rescore ${d.callId}` : `new ${d.callId}`);
      if (hold) await hold;
    },
  };
}

describe('in-process queue: new calls go ahead of a rescore run', () => {
  let queue: InProcessQueue | undefined;
  afterEach(async () => {
    await queue?.close();
  });

  const rescore = (q: InProcessQueue, i: number) =>
    q.enqueue(
      JobName.Analyze,
      { callId: `old${i}`, revision: 2, rescoreRunId: 'run-1' },
      jobIdOf(JobName.Analyze, `old${i}`, 2),
      { priority: Priority.Rescore },
    );
  const fresh = (q: InProcessQueue, i: number) =>
    q.enqueue(JobName.Analyze, { callId: `new${i}`, revision: 1 }, jobIdOf(JobName.Analyze, `new${i}`, 1));

  it('runs calls submitted during a rescore before the rescore jobs still waiting', async () => {
    queue = new InProcessQueue(1, { attempts: 1, backoffMs: 1 });
    const runs: string[] = [];
    let release!: () => void;
    const hold = new Promise<void>((r) => {
      release = r;
    });
    for (let i = 1; i <= 5; i++) await rescore(queue, i);
    await queue.start(handlers(runs, hold), async () => {});
    // old1 is running; two new calls arrive while four rescore jobs wait.
    await fresh(queue, 1);
    await fresh(queue, 2);
    release();
    await queue.drain();
    expect(runs).toEqual([
      'rescore old1',
      'new new1',
      'new new2',
      'rescore old2',
      'rescore old3',
      'rescore old4',
      'rescore old5',
    ]);
  });

  it('keeps first-in first-out order within one priority', async () => {
    queue = new InProcessQueue(1, { attempts: 1, backoffMs: 1 });
    const runs: string[] = [];
    await rescore(queue, 1);
    await fresh(queue, 1);
    await rescore(queue, 2);
    await fresh(queue, 2);
    await queue.start(handlers(runs), async () => {});
    await queue.drain();
    expect(runs).toEqual(['new new1', 'new new2', 'rescore old1', 'rescore old2']);
  });
});
