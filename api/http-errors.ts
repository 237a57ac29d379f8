import type { ErrorRequestHandler } from 'express';
import { ZodError } from 'zod';
import {
  AppError,
  ErrorCode,
  formatPath,
  isDependencyUnavailable,
  type TErrorCode,
} from '../models/errors.js';
import { maskPii } from '../pipeline/nlp/pii.js';

/** The one table mapping error codes to HTTP statuses. */
export const HTTP_STATUS: Record<TErrorCode, number> = {
  invalid_input: 400,
  unknown_industry: 422,
  invalid_lexicon: 422,
  invalid_scorecard: 422,
  not_found: 404,
  model_unavailable: 503,
  unauthorized: 401,
  forbidden: 403,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  invalid_transition: 409,
  date_out_of_range: 422,
  uri_too_long: 414,
  query_too_long: 422,
  no_content: 422,
  unavailable: 503,
  too_many_requests: 429,
  internal: 500,
};

export interface ErrorBody {
  error: { code: TErrorCode; message: string; details?: unknown };
}

/** Express's own body-parser errors, mapped to our codes. */
function fromExpress(err: { type?: string; status?: number; message?: string }): AppError | undefined {
  switch (err.type) {
    case 'entity.too.large':
      return new AppError(
        ErrorCode.PayloadTooLarge,
        'request body is larger than the configured limit (MAX_BODY_BYTES)',
      );
    case 'entity.parse.failed':
      return new AppError(ErrorCode.InvalidInput, `malformed JSON: ${err.message ?? ''}`.trim());
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError(ErrorCode.UnsupportedMediaType, err.message ?? 'unsupported encoding');
    default: {
      // Other client errors from Express and its parsers (bad gzip, undecodable path segments).
      const status = err.status ?? (err as { statusCode?: number }).statusCode;
      if (typeof status === 'number' && status >= 400 && status < 500) {
        return new AppError(
          status === 413 ? ErrorCode.PayloadTooLarge : ErrorCode.InvalidInput,
          `bad request: ${err.message ?? ''}`.trim(),
        );
      }
      return undefined;
    }
  }
}

/**
 * Turns any error into `{"error":{"code","message","details"}}`. Unknown errors become 500
 * `internal` with a generic message: never a stack trace or SQL text to the client.
 */
export function errorHandler(log: { error: (obj: object, msg: string) => void }): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    let app: AppError | undefined;
    if (err instanceof AppError) app = err;
    else if (err instanceof ZodError) {
      app = new AppError(ErrorCode.InvalidInput, 'invalid request', {
        problems: err.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
      });
    } else if (err && typeof err === 'object') app = fromExpress(err as { type?: string });
    if (!app && isDependencyUnavailable(err))
      app = new AppError(ErrorCode.Unavailable, 'a dependency is unavailable; retry later');
    if (!app) {
      // Never log query parameters: they may hold transcript text or customer names; and mask
      // what remains (a message can quote an input value).
      const message =
        err instanceof Error
          ? maskPii(err.message.split('\nparams:')[0]!.slice(0, 500)).text
          : 'non-error thrown';
      log.error({ err: { name: err instanceof Error ? err.name : typeof err, message } }, 'unhandled error');
      app = new AppError(ErrorCode.Internal, 'internal error');
    }
    const body: ErrorBody = {
      error: { code: app.code, message: app.message, ...(app.details ? { details: app.details } : {}) },
    };
    const retryAfter = (app.details as { retryAfterSec?: unknown } | undefined)?.retryAfterSec;
    if (typeof retryAfter === 'number') res.set('Retry-After', String(retryAfter));
    res.status(HTTP_STATUS[app.code]).json(body);
  };
}
