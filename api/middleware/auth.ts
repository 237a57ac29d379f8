import type { NextFunction, Request, Response } from 'express';
import { AppError, ErrorCode } from '../../models/errors.js';
import type { User, UserRepository } from '../../models/user.repository.js';

declare module 'express-serve-static-core' {
  interface Request {
    user?: User;
  }
}

/** Bearer API tokens; a revoked token or a deactivated user fails on the very next request. */
export function authenticate(users: Pick<UserRepository, 'resolveToken'>) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const header = req.get('authorization') ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m)
      return next(
        new AppError(ErrorCode.Unauthorized, 'missing bearer token (Authorization: Bearer <token>)'),
      );
    const user = await users.resolveToken(m[1]!);
    if (!user) return next(new AppError(ErrorCode.Unauthorized, 'invalid, revoked or deactivated token'));
    req.user = user;
    next();
  };
}

export function requireUser(req: Request): User {
  if (!req.user) throw new AppError(ErrorCode.Unauthorized, 'not authenticated');
  return req.user;
}

export const hasRole = (user: User, ...roles: string[]) =>
  roles.some((r) => (user.roles as string[]).includes(r));
