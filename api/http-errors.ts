import type { ErrorRequestHandler } from 'express';
import { ZodError } from 'zod';
import { AppError, ErrorCode, formatPath, type TErrorCode } from '../models/errors.js';

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
  unavailable: 503,
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
    default:
      return undefined;
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
    if (!app) {
      log.error(
        { err: err instanceof Error ? { name: err.name, message: err.message } : String(err) },
        'unhandled error',
      );
      app = new AppError(ErrorCode.Internal, 'internal error');
    }
    const body: ErrorBody = {
      error: { code: app.code, message: app.message, ...(app.details ? { details: app.details } : {}) },
    };
    res.status(HTTP_STATUS[app.code]).json(body);
  };
}
