/**
 * Messages between the main thread's PGlite client (pglite-proxy.ts) and the database thread
 * (pglite.thread.ts). Every request carries an id its reply repeats; transactions are named by a
 * txId the main thread picks. Values cross as structured clones.
 */

/** What the thread opens: PGlite's data folder and its start parameters. */
export interface PgliteThreadInit {
  readonly dataDir: string;
  readonly startParams: readonly string[];
}

/**
 * Query options that can cross a thread. PGlite's `parsers` are functions: the thread returns the
 * text of the types listed in `rawTypes` unparsed, and the main thread applies the caller's
 * parsers to them, so a caller gets exactly what PGlite would have handed it.
 */
export interface ThreadQueryOptions {
  readonly rowMode?: 'array' | 'object';
  readonly paramTypes?: number[];
  readonly rawTypes: readonly number[];
}

export type PgliteRequest =
  | {
      readonly id: number;
      readonly op: 'query';
      readonly sql: string;
      readonly params?: unknown[];
      readonly options?: ThreadQueryOptions;
      readonly txId?: number;
    }
  | { readonly id: number; readonly op: 'exec'; readonly sql: string; readonly txId?: number }
  | { readonly id: number; readonly op: 'begin'; readonly txId: number }
  | { readonly id: number; readonly op: 'end'; readonly txId: number; readonly commit: boolean }
  | { readonly id: number; readonly op: 'rollback'; readonly txId: number }
  | { readonly id: number; readonly op: 'listen' | 'unlisten'; readonly channel: string }
  | { readonly id: number; readonly op: 'close' };

/** An error as it crosses: its message, name and the primitive fields (PostgreSQL's code, detail, …). */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly fields: Record<string, string | number | boolean | null>;
}

export type PgliteReply =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly error: SerializedError }
  | { readonly notify: string; readonly payload: string }
  | { readonly ready: true }
  | { readonly ready: false; readonly error: SerializedError };

export function serializeError(err: unknown): SerializedError {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err), fields: {} };
  const fields: Record<string, string | number | boolean | null> = {};
  for (const [k, v] of Object.entries(err)) {
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') fields[k] = v;
  }
  return { name: err.name, message: err.message, fields };
}

/** The error again on this side: same message, name and fields (`code` is what callers test). */
export function deserializeError(e: SerializedError): Error {
  const err = new Error(e.message);
  Object.assign(err, e.fields);
  if (e.name !== 'Error') Object.defineProperty(err, 'name', { value: e.name, configurable: true });
  return err;
}
