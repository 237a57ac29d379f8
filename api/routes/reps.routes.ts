import { Router } from 'express';
import { z } from 'zod';
import type { CallRepository } from '../../models/call.repository.js';
import { AppError, ErrorCode } from '../../models/errors.js';
import type { UserRepository } from '../../models/user.repository.js';
import { can } from '../../services/access/policy.js';
import { requireUser } from '../middleware/auth.js';

export const ZSummaryQuery = z.strictObject({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

export function repsRoutes(deps: { calls: CallRepository; users: Pick<UserRepository, 'findUser'> }): Router {
  const r = Router();
  r.get('/v1/reps/:id/summary', async (req, res) => {
    const user = requireUser(req);
    const q = ZSummaryQuery.parse(req.query);
    const rep = /^[A-Za-z0-9_.-]{1,200}$/.test(req.params.id)
      ? await deps.users.findUser(req.params.id)
      : null;
    // 404 whether absent or not visible: existence must not leak.
    if (!rep || !can(user, 'rep.summary', rep))
      throw new AppError(ErrorCode.NotFound, `rep ${req.params.id} not found`);
    res.json({ from: q.from ?? null, to: q.to ?? null, ...(await deps.calls.repSummary(rep.id, q)) });
  });
  return r;
}
