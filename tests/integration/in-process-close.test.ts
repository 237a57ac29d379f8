import { describe, expect, it } from 'vitest';
import { InProcessQueue } from '../../pipeline/in-process.queue.js';
import { JOB_NAMES, JobName, jobIdOf, type StageHandlers } from '../../pipeline/queue.js';

function idleHandlers(): StageHandlers {
  return Object.fromEntries(JOB_NAMES.map((n) => [n, async () => {}])) as unknown as StageHandlers;
}

function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((r) => {
    open = r;
  });
  return { wait, open };
}

/**
 * Shutting the embedded runner down while a job runs: the job finishes, what it enqueues on its
 * way out is accepted (and not run), and nothing is reported failed, so the call keeps an
 * unfinished status for the recovery at the next start instead of becoming `failed`.
 */
describe('in-process queue: close while a job runs', () => {
  it('lets a running job enqueue its next stage without failing it, and runs nothing more', async () => {
    const queue = new InProcessQueue(1, { attempts: 3, backoffMs: 1 });
    const failures: string[] = [];
    const analysed: string[] = [];
    const started = gate();
    const release = gate();
    await queue.start(
      {
        ...idleHandlers(),
        transcribe: async (d) => {
          started.open();
          await release.wait;
          await queue.enqueue(
            JobName.Analyze,
            { callId: d.callId, revision: 1 },
            jobIdOf(JobName.Analyze, d.callId, 1),
          );
        },
        analyze: async (d) => {
          analysed.push(d.callId);
        },
      },
      async (name, _data, err) => {
        failures.push(`${name}: ${err.message}`);
      },
    );
    await queue.enqueue(
      JobName.Transcribe,
      { callId: 'c1', revision: 1 },
      jobIdOf(JobName.Transcribe, 'c1', 1),
    );
    await started.wait;
    const closing = queue.close();
    release.open();
    await closing;
    expect(failures).toEqual([]);
    expect(analysed).toEqual([]);
    await expect(
      queue.enqueue(JobName.Analyze, { callId: 'c2', revision: 1 }, jobIdOf(JobName.Analyze, 'c2', 1)),
    ).rejects.toThrow('queue is closed');
  });

  it('does not report a job that fails while the queue closes, and retries none', async () => {
    const queue = new InProcessQueue(1, { attempts: 3, backoffMs: 1 });
    const failures: string[] = [];
    let attempts = 0;
    const started = gate();
    const release = gate();
    await queue.start(
      {
        ...idleHandlers(),
        analyze: async () => {
          attempts++;
          started.open();
          await release.wait;
          throw new Error('interrupted');
        },
      },
      async (name, _data, err) => {
        failures.push(`${name}: ${err.message}`);
      },
    );
    await queue.enqueue(JobName.Analyze, { callId: 'c1', revision: 1 }, jobIdOf(JobName.Analyze, 'c1', 1));
    await started.wait;
    const closing = queue.close();
    release.open();
    await closing;
    await new Promise((r) => setTimeout(r, 20));
    expect(failures).toEqual([]);
    expect(attempts).toBe(1);
  });

  it('still reports a failure when the queue is open', async () => {
    const queue = new InProcessQueue(1, { attempts: 1, backoffMs: 1 });
    const failures: string[] = [];
    await queue.start(
      {
        ...idleHandlers(),
        analyze: async () => {
          throw new Error('bad call');
        },
      },
      async (name, _data, err) => {
        failures.push(`${name}: ${err.message}`);
      },
    );
    await queue.enqueue(JobName.Analyze, { callId: 'c1', revision: 1 }, jobIdOf(JobName.Analyze, 'c1', 1));
    await queue.drain();
    await queue.close();
    expect(failures).toEqual(['analyze: bad call']);
  });
});
