import type { NextFunction, Request, Response } from 'express';
import { AppError, ErrorCode } from '../../models/errors.js';
import type { User, UserRepository } from '../../models/user.repository.js';

declare module 'express-serve-static-core' {
  interface Request {
    user?: User;
  }
}

/** Bearer API tokens; a revoked token or a deactivated user fails on the very next request. */
export function authenticate(
  users: Pick<UserRepository, 'resolveToken'>,
  limiter: FailedAuthLimiter = new FailedAuthLimiter(),
) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const header = req.get('authorization') ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m)
      return next(
        new AppError(ErrorCode.Unauthorized, 'missing bearer token (Authorization: Bearer <token>)'),
      );
    // Token guessing from one address is slowed down: past the limit of failures in the window,
    // every token from that address is refused until the window frees a slot.
    const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const wait = limiter.retryAfterSec(address);
    if (wait > 0) {
      return next(
        new AppError(
          ErrorCode.TooManyRequests,
          `too many failed sign-ins from this address; retry in ${wait} s`,
          {
            retryAfterSec: wait,
          },
        ),
      );
    }
    const user = await users.resolveToken(m[1]!);
    if (!user) {
      limiter.fail(address);
      return next(new AppError(ErrorCode.Unauthorized, 'invalid, revoked or deactivated token'));
    }
    req.user = user;
    next();
  };
}

/**
 * Failed authentications per address in a sliding window (in memory, per process; addresses
 * forgotten once their failures leave the window). Default: 30 failures a minute.
 */
export class FailedAuthLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit = 30,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  fail(address: string): void {
    const list = this.recent(address);
    list.push(this.now());
    this.failures.set(address, list);
    if (this.failures.size > 10_000) this.sweep();
  }

  /** Seconds until this address may try again; 0 when it may now. */
  retryAfterSec(address: string): number {
    const list = this.recent(address);
    if (list.length < this.limit) return 0;
    return Math.max(1, Math.ceil((list[list.length - this.limit]! + this.windowMs - this.now()) / 1000));
  }

  private recent(address: string): number[] {
    const since = this.now() - this.windowMs;
    const list = (this.failures.get(address) ?? []).filter((t) => t > since);
    if (list.length === 0) this.failures.delete(address);
    else this.failures.set(address, list);
    return list;
  }

  private sweep(): void {
    for (const address of [...this.failures.keys()]) this.recent(address);
  }
}

export function requireUser(req: Request): User {
  if (!req.user) throw new AppError(ErrorCode.Unauthorized, 'not authenticated');
  return req.user;
}

export const hasRole = (user: User, ...roles: string[]) =>
  roles.some((r) => (user.roles as string[]).includes(r));
