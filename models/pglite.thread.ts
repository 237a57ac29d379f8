import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, type Results, type Transaction } from '@electric-sql/pglite';
import {
  type PgliteReply,
  type PgliteRequest,
  type PgliteThreadInit,
  serializeError,
  type ThreadQueryOptions,
} from './pglite-thread.protocol.js';

/**
 * Entry of the database thread (node:worker_threads): the embedded PostgreSQL (PGlite, WebAssembly
 * that runs each statement synchronously) lives here, so the thread serving HTTP is not held
 * while a statement executes. Requests are answered as PGlite answers them: PGlite's own locks
 * order statements and transactions exactly as they did in the main thread.
 */
if (!parentPort) throw new Error('pglite.thread runs as a worker thread (see pglite-proxy.ts)');
const port = parentPort;
const init = workerData as PgliteThreadInit;

/** Thrown inside a transaction's callback to make PGlite roll it back on the caller's request. */
class RollbackRequested extends Error {}

interface OpenTransaction {
  readonly tx: Transaction;
  /** Ends the callback: commit (true) or roll back (false); `id` is the end request's, answered once PGlite has. */
  readonly end: (commit: boolean, id: number) => void;
}

const transactions = new Map<number, OpenTransaction>();
const unlisteners = new Map<string, () => Promise<void>>();
/** Parser tables keyed by the list of types passed raw (the caller parses them). */
const rawParsers = new Map<string, Record<number, (value: string) => string>>();

function reply(message: PgliteReply, transfer?: ArrayBuffer[]): void {
  port.postMessage(message, transfer);
}

function optionsOf(options: ThreadQueryOptions | undefined) {
  if (!options) return undefined;
  const key = options.rawTypes.join(',');
  let parsers = rawParsers.get(key);
  if (!parsers) {
    parsers = Object.fromEntries(options.rawTypes.map((t) => [t, (value: string) => value]));
    rawParsers.set(key, parsers);
  }
  return {
    ...(options.rowMode ? { rowMode: options.rowMode } : {}),
    ...(options.paramTypes ? { paramTypes: options.paramTypes } : {}),
    parsers,
  };
}

/** Plain results: what a structured clone keeps (rows, affected rows, field names and types). */
function plain(r: Results<unknown>): Results<unknown> {
  return {
    rows: r.rows,
    fields: r.fields,
    ...(r.affectedRows !== undefined ? { affectedRows: r.affectedRows } : {}),
  };
}

function transactionOf(txId: number): Transaction {
  const open = transactions.get(txId);
  if (!open) throw new Error('Transaction is closed');
  return open.tx;
}

async function begin(pg: PGlite, id: number, txId: number): Promise<void> {
  // Until the callback runs (BEGIN), failures answer the begin request; after, the end request.
  let answerTo = id;
  try {
    await pg.transaction(async (tx) => {
      const commit = await new Promise<boolean>((resolve) => {
        const end = (commit: boolean, endId: number) => {
          answerTo = endId;
          resolve(commit);
        };
        transactions.set(txId, { tx, end });
        reply({ id, ok: true, value: null });
      });
      if (!commit && !tx.closed) throw new RollbackRequested();
    });
    transactions.delete(txId);
    reply({ id: answerTo, ok: true, value: null });
  } catch (err) {
    transactions.delete(txId);
    if (err instanceof RollbackRequested) reply({ id: answerTo, ok: true, value: null });
    else reply({ id: answerTo, ok: false, error: serializeError(err) });
  }
}

async function answer(pg: PGlite, req: PgliteRequest): Promise<void> {
  switch (req.op) {
    case 'begin':
      return begin(pg, req.id, req.txId);
    case 'end': {
      const open = transactions.get(req.txId);
      if (!open) throw new Error('Transaction is closed');
      // The answer comes from begin() once PGlite has committed or rolled back.
      open.end(req.commit, req.id);
      return;
    }
    case 'query': {
      const runner = req.txId === undefined ? pg : transactionOf(req.txId);
      const r = await runner.query(req.sql, req.params, optionsOf(req.options));
      return reply({ id: req.id, ok: true, value: plain(r) });
    }
    case 'exec': {
      const runner = req.txId === undefined ? pg : transactionOf(req.txId);
      const rs = await runner.exec(req.sql);
      return reply({ id: req.id, ok: true, value: rs.map(plain) });
    }
    case 'rollback':
      await transactionOf(req.txId).rollback();
      return reply({ id: req.id, ok: true, value: null });
    case 'listen': {
      if (!unlisteners.has(req.channel)) {
        const stop = await pg.listen(req.channel, (payload) => reply({ notify: req.channel, payload }));
        unlisteners.set(req.channel, stop);
      }
      return reply({ id: req.id, ok: true, value: null });
    }
    case 'unlisten': {
      const stop = unlisteners.get(req.channel);
      unlisteners.delete(req.channel);
      await stop?.();
      return reply({ id: req.id, ok: true, value: null });
    }
    case 'close':
      await pg.close();
      reply({ id: req.id, ok: true, value: null });
      port.close();
      return;
  }
}

const pg = await PGlite.create(init.dataDir, { startParams: [...init.startParams] }).catch((err: unknown) => {
  reply({ ready: false, error: serializeError(err) });
  port.close();
  return null;
});
if (pg) {
  port.on('message', (req: PgliteRequest) => {
    answer(pg, req).catch((err: unknown) => reply({ id: req.id, ok: false, error: serializeError(err) }));
  });
  reply({ ready: true });
}
