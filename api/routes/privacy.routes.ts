import { Router } from 'express';
import { z } from 'zod';
import { AppError, ErrorCode } from '../../models/errors.js';
import { authorize } from '../../services/access/policy.js';
import type { ErasureService } from '../../services/privacy/erasure.service.js';
import type { RetentionService } from '../../services/privacy/retention.service.js';
import { requireUser } from '../middleware/auth.js';

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

export const ZRetentionRunBody = z.strictObject({
  /** Default true: report what would be removed; send false to remove it. */
  dryRun: z.boolean().default(true),
});

/**
 * Erasure of one customer's data on request and retention windows (PIPL), admins only; erasures
 * and retention runs are dry runs unless told otherwise.
 */
export function privacyRoutes(deps: { erasure: ErasureService; retention?: RetentionService }): Router {
  const r = Router();
  r.post('/v1/privacy/erasures', async (req, res) => {
    const user = requireUser(req);
    authorize(user, 'privacy.erase');
    const body = ZErasureBody.parse(req.body ?? {});
    const report = await deps.erasure.erase(body, user);
    res.status(report.dryRun ? 200 : 201).json({ erasure: report });
  });
  const { retention } = deps;
  if (retention) {
    /** The windows, the last run, and what a run now would remove. */
    r.get('/v1/privacy/retention', async (req, res) => {
      const user = requireUser(req);
      authorize(user, 'privacy.retention');
      const [lastRun, next] = await Promise.all([
        retention.lastRun(),
        retention.run({ dryRun: true, trigger: 'api', actor: user }),
      ]);
      res.json({ policy: retention.policy, lastRun, next });
    });
    r.post('/v1/privacy/retention/runs', async (req, res) => {
      const user = requireUser(req);
      authorize(user, 'privacy.retention');
      const body = ZRetentionRunBody.parse(req.body ?? {});
      const report = await retention.run({ dryRun: body.dryRun, trigger: 'api', actor: user });
      if (report.skipped) {
        throw new AppError(
          ErrorCode.Conflict,
          'a retention run is already in progress; try again when it ends',
          {
            message_zh: '数据保留清理正在进行中，请稍后再试',
          },
        );
      }
      res.status(report.dryRun ? 200 : 201).json({ run: report });
    });
  }
  return r;
}
