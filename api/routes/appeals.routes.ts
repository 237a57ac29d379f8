import { Router } from 'express';
import { z } from 'zod';
import type { Appeal, AppealRepository } from '../../models/appeal.repository.js';
import { AppError, ErrorCode } from '../../models/errors.js';
import { APPEAL_STATUSES } from '../../models/schema.js';
import type { UserRepository } from '../../models/user.repository.js';
import { authorize } from '../../services/access/policy.js';
import type { AppealService } from '../../services/appeals/appeal.service.js';
import { requireUser } from '../middleware/auth.js';
import { appealView, type ZAppealEnvelope, type ZAppealListPage } from './appeals.schema.js';

const ZId = z.string().regex(/^[A-Za-z0-9_.~-]{1,200}$/, 'letters, digits, _ . - only');

export const ZAppealListQuery = z.strictObject({
  view: z.enum(['mine', 'assigned', 'team', 'overdue', 'flagged', 'all']).default('mine'),
  status: z
    .string()
    .regex(/^[a-z_]+(,[a-z_]+)*$/)
    .transform((s) => s.split(','))
    .pipe(z.array(z.enum(APPEAL_STATUSES)))
    .optional(),
  callId: ZId.optional(),
  teamId: ZId.optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_=-]{1,400}$/, 'not a cursor of this list')
    .optional(),
});

export const ZAssignBody = z.strictObject({ reviewerId: ZId });
export const ZPoolBody = z.strictObject({
  teamId: ZId.nullable().default(null),
  industry: z
    .string()
    .regex(/^[a-z][a-z0-9_]{1,39}$/)
    .nullable()
    .default(null),
  reviewerIds: z.array(ZId).min(1).max(100),
});
export const ZSlaBody = z.strictObject({
  hours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30),
});

function encodeCursor(c: { dueAt: Date; id: string } | null): string | null {
  return c ? Buffer.from(JSON.stringify([c.dueAt.toISOString(), c.id])).toString('base64url') : null;
}

function decodeCursor(s: string | undefined): { dueAt: Date; id: string } | null {
  if (!s) return null;
  try {
    const [at, id] = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as [string, string];
    const dueAt = new Date(at);
    if (Number.isNaN(dueAt.getTime()) || typeof id !== 'string') throw new Error('bad');
    return { dueAt, id };
  } catch {
    throw new AppError(ErrorCode.InvalidInput, 'not a cursor of this list', {
      problems: [{ path: 'cursor', message: 'not a cursor of this list' }],
    });
  }
}

/** Appeals: file (rep), list, get, withdraw, assign, review, decide; reviewer pools and SLAs. */
export function appealsRoutes(deps: {
  appealService: AppealService;
  appeals: AppealRepository;
  users: Pick<UserRepository, 'getUser' | 'getTeam'>;
}): Router {
  const r = Router();
  const { appealService } = deps;
  const envelope = async (a: Appeal): Promise<z.infer<typeof ZAppealEnvelope>> => ({
    appeal: appealView(await appealService.present(a)),
  });

  r.post('/v1/calls/:id/appeals', async (req, res) => {
    const user = requireUser(req);
    const appeal = await appealService.file(user, ZId.parse(req.params.id), req.body);
    res.status(201).json(await envelope(appeal));
  });

  r.post('/v1/calls/:id/appeals/preview', async (req, res) => {
    const user = requireUser(req);
    res.json(await appealService.previewAppeal(user, ZId.parse(req.params.id), req.body));
  });

  r.get('/v1/appeals', async (req, res) => {
    const user = requireUser(req);
    const q = ZAppealListQuery.parse(req.query);
    const page = await appealService.list(user, {
      view: q.view,
      ...(q.status ? { status: q.status } : {}),
      ...(q.callId ? { callId: q.callId } : {}),
      ...(q.teamId ? { teamId: q.teamId } : {}),
      ...(q.limit ? { limit: q.limit } : {}),
      after: decodeCursor(q.cursor),
    });
    const body: z.infer<typeof ZAppealListPage> = {
      items: (await appealService.presentAll(page.items)).map(appealView),
      nextCursor: encodeCursor(page.next),
    };
    res.json(body);
  });

  r.get('/v1/appeals/stats', async (req, res) => {
    const user = requireUser(req);
    authorize(user, 'appeal.stats');
    const industry = z
      .string()
      .regex(/^[a-z][a-z0-9_]{1,39}$/)
      .optional()
      .parse(req.query.industry);
    const rows = await deps.appeals.statsByRuleAndTerm(industry);
    res.json({
      industry: industry ?? null,
      items: rows.map((r) => ({
        ...r,
        acceptanceRate: r.appealed > 0 ? Math.round((r.accepted / r.appealed) * 1000) / 1000 : null,
      })),
    });
  });

  r.get('/v1/appeals/:id', async (req, res) => {
    const user = requireUser(req);
    const body: z.infer<typeof ZAppealEnvelope> = {
      appeal: appealView(await appealService.get(user, ZId.parse(req.params.id))),
    };
    res.json(body);
  });

  r.post('/v1/appeals/:id/withdraw', async (req, res) => {
    const user = requireUser(req);
    const a = await appealService.withdraw(user, ZId.parse(req.params.id));
    res.json(await envelope(a));
  });

  r.post('/v1/appeals/:id/assign', async (req, res) => {
    const user = requireUser(req);
    const { reviewerId } = ZAssignBody.parse(req.body);
    const a = await appealService.assign(user, ZId.parse(req.params.id), reviewerId);
    res.json(await envelope(a));
  });

  r.post('/v1/appeals/:id/review', async (req, res) => {
    const user = requireUser(req);
    const a = await appealService.startReview(user, ZId.parse(req.params.id));
    res.json(await envelope(a));
  });

  r.post('/v1/appeals/:id/decision', async (req, res) => {
    const user = requireUser(req);
    const a = await appealService.decide(user, ZId.parse(req.params.id), req.body);
    res.json(await envelope(a));
  });

  r.get('/v1/reviewer-pools', async (req, res) => {
    const user = requireUser(req);
    authorize(user, 'reviewer_pool.read');
    res.json({ items: await deps.appeals.listPools() });
  });

  r.put('/v1/reviewer-pools', async (req, res) => {
    const user = requireUser(req);
    res.json({ pool: await appealService.savePool(user, ZPoolBody.parse(req.body)) });
  });

  r.put('/v1/teams/:id/appeal-sla', async (req, res) => {
    const user = requireUser(req);
    const teamId = ZId.parse(req.params.id);
    const { hours } = ZSlaBody.parse(req.body);
    authorize(user, 'team.set_sla', { id: teamId });
    await deps.appeals.setSlaHours(teamId, hours);
    res.json({ teamId, appealSlaHours: hours });
  });

  r.get('/v1/notifications', async (req, res) => {
    const user = requireUser(req);
    authorize(user, 'notification.read');
    res.json({ items: await deps.appeals.listNotifications(100) });
  });

  return r;
}
