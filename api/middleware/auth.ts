import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { AppError, ErrorCode } from '../../models/errors.js';
import type { User, UserRepository } from '../../models/user.repository.js';

declare module 'express-serve-static-core' {
  interface Request {
    user?: User;
  }
}

/** The limits the bearer-token check applies (each in memory, per process). */
export interface AuthLimits {
  /** Failed token checks per client address (default 30 a minute). */
  failedPerAddress?: FailedAuthLimiter;
  /** Failed token checks naming one user: a revoked token of theirs, or theirs while deactivated (default 10 a minute). */
  failedPerUser?: FailedAuthLimiter;
  /** Requests per valid token (TINGJIAN_TOKEN_RATE_LIMIT); absent = unlimited, the default. */
  perToken?: TokenRateLimiter;
}

const tooMany = (message: string, zh: string, wait: number) =>
  new AppError(ErrorCode.TooManyRequests, message, { retryAfterSec: wait, message_zh: zh });

/**
 * Bearer API tokens; a revoked token or a deactivated user fails on the very next request.
 * Failed checks are limited per address and per user they name, valid tokens optionally per token.
 */
export function authenticate(
  users: Pick<UserRepository, 'resolveToken'> & Partial<Pick<UserRepository, 'ownerOfRejectedToken'>>,
  limits: AuthLimits | FailedAuthLimiter = {},
) {
  const {
    failedPerAddress = new FailedAuthLimiter(),
    failedPerUser = new FailedAuthLimiter(10),
    perToken,
  } = limits instanceof FailedAuthLimiter ? { failedPerAddress: limits } : limits;
  return async (req: Request, _res: Response, next: NextFunction) => {
    const header = req.get('authorization') ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m)
      return next(
        new AppError(ErrorCode.Unauthorized, 'missing bearer token (Authorization: Bearer <token>)'),
      );
    const token = m[1]!;
    // Token guessing from one address is slowed down: past the limit of failures in the window,
    // every token from that address is refused until the window frees a slot.
    const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const wait = failedPerAddress.retryAfterSec(address);
    if (wait > 0) {
      return next(
        tooMany(
          `too many failed sign-ins from this address; retry in ${wait} s`,
          `该地址登录失败次数过多，请 ${wait} 秒后再试`,
          wait,
        ),
      );
    }
    const user = await users.resolveToken(token);
    if (!user) {
      failedPerAddress.fail(address);
      // A failure that names a user (their revoked token, or theirs while deactivated) counts
      // against that user too, whichever address it comes from.
      const owner = await users.ownerOfRejectedToken?.(token);
      if (owner) {
        const userWait = failedPerUser.retryAfterSec(owner);
        if (userWait > 0) {
          return next(
            tooMany(
              `too many failed sign-ins for this user; retry in ${userWait} s`,
              `该用户登录失败次数过多，请 ${userWait} 秒后再试`,
              userWait,
            ),
          );
        }
        failedPerUser.fail(owner);
      }
      return next(new AppError(ErrorCode.Unauthorized, 'invalid, revoked or deactivated token'));
    }
    // Past the per-user limit the user's valid tokens wait too: a guesser must not learn by the
    // status which try was right.
    const userWait = failedPerUser.retryAfterSec(user.id);
    if (userWait > 0) {
      return next(
        tooMany(
          `too many failed sign-ins for this user; retry in ${userWait} s`,
          `该用户登录失败次数过多，请 ${userWait} 秒后再试`,
          userWait,
        ),
      );
    }
    if (perToken) {
      const tokenWait = perToken.take(createHash('sha256').update(token).digest('base64url'));
      if (tokenWait > 0) {
        return next(
          tooMany(
            `too many requests with this token (limit ${perToken.describe()}); retry in ${tokenWait} s`,
            `请求过于频繁（每个令牌上限 ${perToken.describeZh()}），请 ${tokenWait} 秒后再试`,
            tokenWait,
          ),
        );
      }
    }
    req.user = user;
    next();
  };
}

/**
 * Requests per token in a sliding window (in memory, per process): a fixed window plus the
 * previous one weighted by how much of it still overlaps, two numbers per token. Tokens idle
 * for two windows are forgotten, so memory follows the tokens in use.
 */
export class TokenRateLimiter {
  private readonly windows = new Map<string, { start: number; count: number; previous: number }>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one request; returns 0 when it may go ahead, else the seconds to wait (not counted). */
  take(key: string): number {
    const now = this.now();
    const start = now - (now % this.windowMs);
    let w = this.windows.get(key);
    if (!w || w.start < start - this.windowMs) w = { start, count: 0, previous: 0 };
    else if (w.start < start) w = { start, count: 0, previous: w.count };
    this.windows.set(key, w);
    const overlap = 1 - (now - start) / this.windowMs;
    const used = w.previous * overlap + w.count;
    if (used + 1 > this.limit) {
      // The previous window's weight falls linearly: wait until one slot is free, or the window ends.
      const needed = used + 1 - this.limit;
      const ms =
        w.previous > 0 && needed <= w.previous * overlap
          ? (needed / w.previous) * this.windowMs
          : start + this.windowMs - now;
      return Math.max(1, Math.ceil(ms / 1000));
    }
    w.count++;
    if (this.windows.size > 10_000) this.sweep(start);
    return 0;
  }

  describe(): string {
    return `${this.limit}/${windowName(this.windowMs)}`;
  }

  describeZh(): string {
    return `${this.limit} 次/${{ 1000: '秒', 60000: '分钟', 3600000: '小时' }[this.windowMs] ?? `${this.windowMs} 毫秒`}`;
  }

  private sweep(start: number): void {
    for (const [key, w] of this.windows) if (w.start < start - this.windowMs) this.windows.delete(key);
  }
}

const windowName = (ms: number) => ({ 1000: 's', 60000: 'min', 3600000: 'h' })[ms] ?? `${ms}ms`;

/** Parses TINGJIAN_TOKEN_RATE_LIMIT: `600/min`, `20/s`, `5000/h`, or `off` (null); throws on anything else. */
export function parseRateLimit(text: string): { limit: number; windowMs: number } | null {
  const t = text.trim().toLowerCase();
  if (t === 'off' || t === '0' || t === '') return null;
  const m = /^(\d{1,7})\s*\/\s*(s|sec|second|m|min|minute|h|hour)$/.exec(t);
  if (!m || Number(m[1]) < 1)
    throw new AppError(
      ErrorCode.InvalidInput,
      `"${text}" is not a rate such as 600/min, 20/s or 5000/h, or off`,
    );
  const unit = m[2]!;
  const windowMs = unit.startsWith('s') ? 1000 : unit.startsWith('h') ? 3_600_000 : 60_000;
  return { limit: Number(m[1]), windowMs };
}

/**
 * Failed authentications per key (a client address, a user id) in a sliding window (in memory, per
 * process; keys forgotten once their failures leave the window). Default: 30 failures a minute.
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
