import { Router } from 'express';
import { z } from 'zod';
import { AppError, ErrorCode } from '../../models/errors.js';
import type { ErasureService } from '../../services/privacy/erasure.service.js';
import { hasRole, requireUser } from '../middleware/auth.js';

export const ZErasureBody = z
  .strictObject({
    phone: z.string().trim().min(3).max(64).optional(),
    name: z.string().trim().min(1).max(200).optional(),
    /** Default true: report what would be erased; send false to erase. */
    dryRun: z.boolean().default(true),
  })
  .refine((b) => b.phone !== undefined || b.name !== undefined, {
    message: 'give phone or name',
    path: ['phone'],
  });

/** Erasure of one customer's data on request (PIPL), admins only; a dry run unless told otherwise. */
export function privacyRoutes(deps: { erasure: ErasureService }): Router {
  const r = Router();
  r.post('/v1/privacy/erasures', async (req, res) => {
    const user = requireUser(req);
    if (!hasRole(user, 'admin')) throw new AppError(ErrorCode.Forbidden, 'only admins erase customer data');
    const body = ZErasureBody.parse(req.body ?? {});
    const report = await deps.erasure.erase(body, user);
    res.status(report.dryRun ? 200 : 201).json({ erasure: report });
  });
  return r;
}
