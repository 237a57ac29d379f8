import { Worker } from 'node:worker_threads';
import { AppError, type TErrorCode } from '../../models/errors.js';
import { threadEntry } from '../../models/thread-entry.js';
import type { IntakeText, IntakeTextInput } from '../intake/intake-text.core.js';
import type { CallAnalysis } from '../nlp/analyze.core.js';
import type {
  AnalysisRequest,
  AnalysisThreadInit,
  ThreadError,
  ThreadReply,
  ThreadRequest,
  VersionRef,
} from './analysis-thread.protocol.js';

export interface AnalysisPoolOptions {
  /** Threads analysing in parallel (1 by default in the server). */
  readonly threads: number;
  readonly init: AnalysisThreadInit;
  /**
   * V8 old-space limit of each thread (MB). A call that needs more ends its thread, not the
   * server: the job fails and a new thread starts. Unset: Node's default.
   */
  readonly maxOldGenerationSizeMb?: number;
  /** V8 young-generation size of each thread (MB); default {@link ANALYSIS_THREAD_YOUNG_MB}. */
  readonly maxYoungGenerationSizeMb?: number;
  readonly log?: { warn: (o: object, m: string) => void };
}

/** A job whose thread stopped under it (crash, out of memory): not retried, the thread is replaced. */
export class AnalysisThreadError extends Error {
  override readonly name = 'AnalysisThreadError';
}

/** The result of one request, with the thread that computed it. */
export interface PooledAnalysis {
  readonly analysis: CallAnalysis;
  readonly threadId: number;
  /** Time spent in the thread (ms). */
  readonly ms: number;
}

/** The masked texts and search words of a submitted call, with the thread that computed them. */
export interface PooledIntakeText {
  readonly intake: IntakeText;
  readonly threadId: number;
  /** Time spent in the thread (ms). */
  readonly ms: number;
}

/** A successful answer of a thread. */
type Answer = Extract<ThreadReply, { ok: true }>;

interface Pending {
  readonly req: ThreadRequest;
  resolve(answer: Answer, threadId: number): void;
  reject(err: Error): void;
}

interface Slot {
  readonly worker: Worker;
  readonly threadId: number;
  /** Version keys whose documents this thread has been sent (it may have evicted some since). */
  readonly sent: Set<string>;
  /** Requests sent and not answered, in the order the thread answers them. */
  readonly inFlight: Map<number, Pending>;
  stopped: boolean;
}

/**
 * Young generation of an analysis thread (MB). Node's default is 48 MB (16 MB semi-spaces), which a
 * thread analysing one call after another keeps filled; 12 MB (4 MB semi-spaces) scavenges more
 * often, each scavenge shorter, and leaves 36 MB resident per thread.
 */
export const ANALYSIS_THREAD_YOUNG_MB = 12;

/** Keys remembered per thread; past this the documents are simply sent again. */
const MAX_SENT_KEYS = 1000;

/**
 * A pool of analysis threads (node:worker_threads): the CPU-heavy part of analysing a call
 * (segmentation, detectors, the learned second stage, scoring) runs there, so the event loop
 * that serves HTTP and talks to the database is never held for long. Each thread answers its
 * requests in order; a request goes to the thread with the fewest outstanding. A thread that
 * stops (uncaught error, out of memory) fails the request it was running with an
 * AnalysisThreadError, is replaced, and its other requests go to the new thread.
 */
export class AnalysisPool {
  private readonly slots: Slot[] = [];
  private nextId = 1;
  private closed = false;
  private readonly entry = threadEntry(import.meta.url, 'analysis.thread');
  /**
   * Analyses completed per thread id, intake requests (masking, search words) completed per
   * thread id, and threads replaced after a stop.
   */
  readonly stats = {
    restarts: 0,
    jobsByThread: new Map<number, number>(),
    intakeByThread: new Map<number, number>(),
  };

  private readonly size: number;

  /** Threads start on first use (a CLI command that analyses nothing starts none). */
  constructor(private readonly options: AnalysisPoolOptions) {
    this.size = Math.max(1, Math.floor(options.threads));
  }

  /** Thread ids currently in the pool. */
  get threadIds(): number[] {
    return this.slots.map((s) => s.threadId);
  }

  /** Requests sent to a thread and not answered yet. */
  get pending(): number {
    return this.slots.reduce((n, s) => n + s.inFlight.size, 0);
  }

  /** Analyses in a thread. Documents of versions a thread already holds are not sent again. */
  run(request: Omit<AnalysisRequest, 'id'>): Promise<PooledAnalysis> {
    if (this.closed) return Promise.reject(new AnalysisThreadError('the analysis threads are closed'));
    return new Promise((resolve, reject) => {
      this.dispatch({
        req: { ...request, id: this.nextId++ },
        resolve: (answer, threadId) => {
          if (!('analysis' in answer)) {
            reject(new AnalysisThreadError('an analysis request was answered without an analysis'));
            return;
          }
          count(this.stats.jobsByThread, threadId);
          resolve({ analysis: answer.analysis, threadId, ms: answer.ms });
        },
        reject,
      });
    });
  }

  /**
   * Masks and segments a submitted call's texts in a thread (queued behind the analyses the
   * thread was already sent, like any request).
   */
  prepareIntakeText(input: IntakeTextInput): Promise<PooledIntakeText> {
    if (this.closed) return Promise.reject(new AnalysisThreadError('the analysis threads are closed'));
    return new Promise((resolve, reject) => {
      this.dispatch({
        req: { id: this.nextId++, kind: 'intake-text', input },
        resolve: (answer, threadId) => {
          if (!('intake' in answer)) {
            reject(new AnalysisThreadError('an intake request was answered without its texts'));
            return;
          }
          count(this.stats.intakeByThread, threadId);
          resolve({ intake: answer.intake, threadId, ms: answer.ms });
        },
        reject,
      });
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const slots = this.slots.splice(0);
    for (const slot of slots) {
      slot.stopped = true;
      for (const p of slot.inFlight.values())
        p.reject(new AnalysisThreadError('the analysis threads are closed'));
      slot.inFlight.clear();
    }
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private spawn(): Slot {
    const { filename, evaluated } = this.entry;
    const worker = new Worker(filename, {
      eval: evaluated,
      workerData: this.options.init,
      resourceLimits: {
        maxYoungGenerationSizeMb: this.options.maxYoungGenerationSizeMb ?? ANALYSIS_THREAD_YOUNG_MB,
        ...(this.options.maxOldGenerationSizeMb
          ? { maxOldGenerationSizeMb: this.options.maxOldGenerationSizeMb }
          : {}),
      },
    });
    // An idle pool does not keep the process alive; a busy one does (see dispatch/answer).
    worker.unref();
    const slot: Slot = {
      worker,
      threadId: worker.threadId,
      sent: new Set(),
      inFlight: new Map(),
      stopped: false,
    };
    worker.on('message', (reply: ThreadReply) => this.answer(slot, reply));
    worker.on('error', (err) => this.stopped(slot, err.message));
    worker.on('exit', (code) => this.stopped(slot, `exit code ${code}`));
    return slot;
  }

  private dispatch(p: Pending): void {
    let slot = this.slots[0];
    for (const s of this.slots) if (slot && s.inFlight.size < slot.inFlight.size) slot = s;
    if (!slot || (slot.inFlight.size > 0 && this.slots.length < this.size)) {
      slot = this.spawn();
      this.slots.push(slot);
    }
    slot.inFlight.set(p.req.id, p);
    if (slot.inFlight.size === 1) slot.worker.ref();
    slot.worker.postMessage(this.forThread(slot, p.req));
  }

  /** The request as this thread needs it: documents only for versions it was not sent. */
  private forThread(slot: Slot, req: ThreadRequest): ThreadRequest {
    if ('kind' in req) return req;
    if (slot.sent.size > MAX_SENT_KEYS) slot.sent.clear();
    const ref = <T>(r: VersionRef<T>): VersionRef<T> => {
      if (slot.sent.has(r.key)) return { key: r.key };
      slot.sent.add(r.key);
      return r;
    };
    return {
      ...req,
      lexicon: ref(req.lexicon),
      scorecard: ref(req.scorecard),
      secondStage: req.secondStage ? ref(req.secondStage) : null,
    };
  }

  private answer(slot: Slot, reply: ThreadReply): void {
    const p = slot.inFlight.get(reply.id);
    if (!p) return;
    slot.inFlight.delete(reply.id);
    if (slot.inFlight.size === 0) slot.worker.unref();
    if (reply.ok) p.resolve(reply, slot.threadId);
    else if ('missing' in reply) {
      // The thread evicted these versions since they were sent: send them again.
      for (const key of reply.missing) slot.sent.delete(key);
      this.dispatch(p);
    } else p.reject(fromThreadError(reply.error));
  }

  private stopped(slot: Slot, reason: string): void {
    if (slot.stopped) return;
    slot.stopped = true;
    const waiting = [...slot.inFlight.values()];
    slot.inFlight.clear();
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    if (this.closed) return;
    this.slots.splice(i >= 0 ? i : this.slots.length, 0, this.spawn());
    this.stats.restarts++;
    // The thread answers in order: the oldest unanswered request is the one it was running.
    const [running, ...queued] = waiting;
    this.options.log?.warn(
      {
        threadId: slot.threadId,
        callId: running && !('kind' in running.req) ? running.req.callId : null,
        reason,
        requeued: queued.length,
      },
      'analysis thread stopped; a new one was started',
    );
    running?.reject(
      new AnalysisThreadError(
        'kind' in running.req
          ? `the analysis thread stopped while masking a submitted call's texts (${reason}); a new thread was started`
          : `the analysis thread stopped while analysing call ${running.req.callId} (${reason}); the job is not retried and a new thread was started`,
      ),
    );
    for (const p of queued) this.dispatch(p);
  }
}

function count(counts: Map<number, number>, threadId: number): void {
  counts.set(threadId, (counts.get(threadId) ?? 0) + 1);
}

function fromThreadError(e: ThreadError): Error {
  if (e.code) return new AppError(e.code as TErrorCode, e.message, e.details);
  const err = new Error(e.message);
  err.name = e.name;
  return err;
}
