/**
 * The closed set of application error codes. Every layer throws `AppError` with one of these;
 * the API maps them to HTTP statuses in one table, the CLI prints `code: message`.
 */
export const ErrorCode = {
  InvalidInput: 'invalid_input',
  UnknownIndustry: 'unknown_industry',
  InvalidLexicon: 'invalid_lexicon',
  InvalidScorecard: 'invalid_scorecard',
  NotFound: 'not_found',
  ModelUnavailable: 'model_unavailable',
  Unauthorized: 'unauthorized',
  Forbidden: 'forbidden',
  Conflict: 'conflict',
  PayloadTooLarge: 'payload_too_large',
  UnsupportedMediaType: 'unsupported_media_type',
  /** Well-formed but refers to something unusable (an unknown or inactive rep). */
  Unprocessable: 'unprocessable',
  InvalidTransition: 'invalid_transition',
  /** A date the service cannot mean (a call before 2000 or after 2100). */
  DateOutOfRange: 'date_out_of_range',
  /** A request URL longer than the service reads. */
  UriTooLong: 'uri_too_long',
  /** A search query longer than the service searches for. */
  QueryTooLong: 'query_too_long',
  /** A call whose utterances hold no words (only spaces, punctuation or invisible characters). */
  NoContent: 'no_content',
  /** A dependency (database, queue) is down: retry later. */
  Unavailable: 'unavailable',
  /** Too many failed sign-ins from one address: retry after `details.retryAfterSec`. */
  TooManyRequests: 'too_many_requests',
  Internal: 'internal',
} as const;
export type TErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** One problem in an input, located by a path of field names / indexes (and a line where known). */
export interface Problem {
  path: string;
  message: string;
  line?: number;
}

export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly code: TErrorCode,
    message: string,
    readonly details?: { problems?: Problem[]; file?: string; [key: string]: unknown },
  ) {
    super(message);
  }
}

/** Formats zod-style issue paths as `utterances[3].end`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(root)';
}

/**
 * Connection-level failures of PostgreSQL, PGlite or Redis: the dependency is down or restarting,
 * nothing is wrong with the request or the job. Looked for down the `cause` chain (drizzle wraps
 * the driver's error in "Failed query: …"). The API answers 503 for these; a job failing with one
 * leaves its call unfinished for the recovery sweep.
 */
export function isDependencyUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 6; depth++) {
    const o = e as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof o.code === 'string' && UNAVAILABLE_CODES.has(o.code)) return true;
    if (typeof o.message === 'string' && UNAVAILABLE_MESSAGE.test(o.message)) return true;
    e = o.cause;
  }
  return false;
}

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08006',
  '3D000',
]);

const UNAVAILABLE_MESSAGE =
  /Connection terminated|connect ECONNREFUSED|ECONNRESET|Client has encountered a connection error|PGlite is closed|Cannot use a pool after calling end|terminating connection due to administrator command|the database system is (starting up|shutting down)|timeout exceeded when trying to connect/i;
