import { Worker } from 'node:worker_threads';
import type { QueryOptions, Results } from '@electric-sql/pglite';
import {
  deserializeError,
  type PgliteReply,
  type PgliteRequest,
  type PgliteThreadInit,
  type ThreadQueryOptions,
} from './pglite-thread.protocol.js';
import { threadEntry } from './thread-entry.js';

/**
 * Young generation of the database thread (MB). Node's default is 48 MB (16 MB semi-spaces); the
 * thread keeps ~11 MB alive (PGlite's module, open transactions) and its garbage is query results
 * on their way out, so 12 MB scavenges a little more often and leaves ~36 MB less resident.
 */
export const PGLITE_THREAD_YOUNG_MB = 12;

/** Distributes `Omit` over a union (each request kind keeps its own fields). */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
}

/** The part of PGlite's transaction that drizzle and the repositories use. */
export interface ThreadTransaction {
  query<T>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>>;
  exec(sql: string): Promise<Results[]>;
  rollback(): Promise<void>;
  readonly closed: boolean;
}

/**
 * PGlite in a worker thread of its own (pglite.thread.ts), behind the interface drizzle's PGlite
 * driver and the repositories use: `query`, `exec`, `transaction`, `listen`, `close`. PGlite
 * executes each statement synchronously in WebAssembly; in the main thread that held the event
 * loop serving HTTP for as long as the statement ran (tens to hundreds of ms for storing an
 * analysis or building a call view). Here the main thread only sends the statement and waits.
 *
 * Semantics are PGlite's own: the thread calls PGlite's query/exec/transaction, whose locks order
 * statements and transactions as before (a statement outside a transaction waits for an open one
 * to end), and errors come back with their SQLSTATE `code` and the other fields. A thread that
 * stops fails every waiting request with "PGlite is closed" (a dependency-unavailable error).
 */
export class PgliteProxy {
  private nextId = 1;
  private nextTx = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<string, Set<(payload: string) => void>>();
  private stopped: Error | null = null;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (m: PgliteReply) => this.onReply(m));
    worker.on('error', (err) => this.stop(err.message));
    worker.on('exit', (code) => this.stop(`exit code ${code}`));
    // An idle database thread does not keep the process alive (PGlite in this thread did not).
    worker.unref();
  }

  /** Starts the thread and opens PGlite in it; rejects with PGlite's error if it cannot open. */
  static async open(init: PgliteThreadInit): Promise<PgliteProxy> {
    const { filename, evaluated } = threadEntry(import.meta.url, 'pglite.thread');
    const worker = new Worker(filename, {
      eval: evaluated,
      workerData: init,
      resourceLimits: { maxYoungGenerationSizeMb: PGLITE_THREAD_YOUNG_MB },
    });
    await new Promise<void>((resolve, reject) => {
      const done = (err?: Error) => {
        worker.off('message', onMessage);
        worker.off('error', done);
        worker.off('exit', onExit);
        if (err) reject(err);
        else resolve();
      };
      const onMessage = (m: PgliteReply) => {
        if ('ready' in m) done(m.ready ? undefined : deserializeError(m.error));
      };
      const onExit = (code: number) =>
        done(new Error(`the database thread exited (${code}) before PGlite opened`));
      worker.on('message', onMessage);
      worker.on('error', done);
      worker.on('exit', onExit);
    }).catch(async (err: Error) => {
      await worker.terminate();
      throw err;
    });
    return new PgliteProxy(worker);
  }

  get closed(): boolean {
    return this.stopped !== null;
  }

  query<T>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>> {
    return this.runQuery<T>(sql, params, options, undefined);
  }

  exec(sql: string): Promise<Results[]> {
    return this.request({ op: 'exec', sql }) as Promise<Results[]>;
  }

  /** PGlite's transaction: BEGIN, `fn`, COMMIT (ROLLBACK when `fn` throws, which is rethrown). */
  async transaction<T>(fn: (tx: ThreadTransaction) => Promise<T>): Promise<T> {
    const txId = this.nextTx++;
    await this.request({ op: 'begin', txId });
    let closed = false;
    const open = () => {
      if (closed) throw new Error('Transaction is closed');
    };
    const tx: ThreadTransaction = {
      query: async <R>(sql: string, params?: unknown[], options?: QueryOptions) => {
        open();
        return this.runQuery<R>(sql, params, options, txId);
      },
      exec: async (sql: string) => {
        open();
        return (await this.request({ op: 'exec', sql, txId })) as Results[];
      },
      rollback: async () => {
        open();
        await this.request({ op: 'rollback', txId });
        closed = true;
      },
      get closed() {
        return closed;
      },
    };
    let result: T;
    try {
      result = await fn(tx);
    } catch (err) {
      closed = true;
      await this.request({ op: 'end', txId, commit: false });
      throw err;
    }
    closed = true;
    await this.request({ op: 'end', txId, commit: true });
    return result;
  }

  /** LISTEN on `channel`; resolves with the function that stops `callback` listening. */
  async listen(channel: string, callback: (payload: string) => void): Promise<() => Promise<void>> {
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
      await this.request({ op: 'listen', channel });
    }
    set.add(callback);
    const callbacks = set;
    return async () => {
      callbacks.delete(callback);
      if (callbacks.size > 0 || this.listeners.get(channel) !== callbacks) return;
      this.listeners.delete(channel);
      if (!this.closed) await this.request({ op: 'unlisten', channel });
    };
  }

  /** Closes PGlite (after what it is running) and ends the thread. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.request({ op: 'close' });
    this.stop('closed');
    await this.worker.terminate();
  }

  private async runQuery<T>(
    sql: string,
    params: unknown[] | undefined,
    options: QueryOptions | undefined,
    txId: number | undefined,
  ): Promise<Results<T>> {
    if (options?.serializers || options?.blob || options?.onNotice) {
      throw new Error(
        'PGlite query options serializers, blob and onNotice do not cross to the database thread',
      );
    }
    const parsers = options?.parsers;
    const rawTypes = parsers ? Object.keys(parsers).map(Number) : [];
    const threadOptions: ThreadQueryOptions = {
      rawTypes,
      ...(options?.rowMode ? { rowMode: options.rowMode } : {}),
      ...(options?.paramTypes ? { paramTypes: options.paramTypes } : {}),
    };
    const result = (await this.request({
      op: 'query',
      sql,
      ...(params ? { params } : {}),
      options: threadOptions,
      ...(txId !== undefined ? { txId } : {}),
    })) as Results<T>;
    if (parsers && rawTypes.length > 0) applyParsers(result, parsers, options?.rowMode ?? 'object');
    return result;
  }

  private request(req: WithoutId<PgliteRequest>): Promise<unknown> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // While a request waits, the thread keeps the process alive (its answer is pending work).
      if (this.pending.size === 1) this.worker.ref();
      this.worker.postMessage({ ...req, id } as PgliteRequest);
    });
  }

  private onReply(m: PgliteReply): void {
    if ('notify' in m) {
      for (const cb of this.listeners.get(m.notify) ?? []) queueMicrotask(() => cb(m.payload));
      return;
    }
    if (!('id' in m)) return;
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (this.pending.size === 0) this.worker.unref();
    if (m.ok) p.resolve(m.value);
    else p.reject(deserializeError(m.error));
  }

  private stop(why: string): void {
    if (this.stopped) return;
    this.stopped = new Error(
      why === 'closed' ? 'PGlite is closed' : `PGlite is closed: the database thread stopped (${why})`,
    );
    for (const p of this.pending.values()) p.reject(this.stopped);
    this.pending.clear();
    this.worker.unref();
  }
}

/**
 * Applies the caller's parsers to the columns the thread returned as text. In object rows a name
 * holds its last column's value (as PGlite builds them), parsed with that column's type.
 */
function applyParsers(
  result: Results<unknown>,
  parsers: NonNullable<QueryOptions['parsers']>,
  rowMode: string,
): void {
  const last = new Map(result.fields.map((f, i) => [f.name, i]));
  result.fields.forEach((field, i) => {
    const parse = parsers[field.dataTypeID] as ((value: string, typeId: number) => unknown) | undefined;
    if (!parse || (rowMode !== 'array' && last.get(field.name) !== i)) return;
    for (const row of result.rows as unknown[]) {
      const values = row as Record<string | number, unknown>;
      const key = rowMode === 'array' ? i : field.name;
      const v = values[key];
      if (v !== null && v !== undefined) values[key] = parse(v as string, field.dataTypeID);
    }
  });
}
