import { Router } from 'express';
import { z } from 'zod';
import { AppError, ErrorCode } from '../../models/errors.js';
import type { Team, UserRepository } from '../../models/user.repository.js';
import { can } from '../../services/access/policy.js';
import type { FeedbackService } from '../../services/feedback/feedback.service.js';
import type { ZCustomerQuestions, ZTeamHeatmap, ZTeamMetrics } from '../../services/feedback/team.schema.js';
import { teamWorkbook, XLSX_MIME } from '../../services/feedback/xlsx.js';
import { requireUser } from '../middleware/auth.js';

export interface TeamRouteDeps {
  feedback: FeedbackService;
  users: Pick<UserRepository, 'getTeam'>;
}

export const ZHeatmapQuery = z.strictObject({
  weeks: z.coerce.number().int().min(1).max(26).default(4),
  /** The moment the heatmap ends (default now). */
  at: z.iso.datetime({ offset: true }).optional(),
});

export const ZCustomerQuestionsQuery = z.strictObject({
  industry: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,40}$/)
    .optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const ZTeamMetricsQuery = z.strictObject({
  format: z.enum(['json', 'xlsx']).default('json'),
  at: z.iso.datetime({ offset: true }).optional(),
});

const DAY_MS = 86_400_000;

export function teamsRoutes(deps: TeamRouteDeps): Router {
  const r = Router();

  /** Admins see every team, managers their own; anything else is a 404. */
  const visibleTeam = async (req: Parameters<typeof requireUser>[0], id: string): Promise<Team> => {
    const user = requireUser(req);
    const team = /^[A-Za-z0-9_.-]{1,200}$/.test(id) ? await deps.users.getTeam(id) : null;
    if (!team || !can(user, 'team.read', team))
      throw new AppError(ErrorCode.NotFound, `team ${id} not found`);
    return team;
  };

  r.get('/v1/teams/:id/heatmap', async (req, res) => {
    const q = ZHeatmapQuery.parse(req.query);
    const team = await visibleTeam(req, req.params.id);
    const at = q.at ? new Date(q.at) : new Date();
    const body: z.infer<typeof ZTeamHeatmap> = {
      teamId: team.id,
      at: at.toISOString(),
      ...(await deps.feedback.heatmap(team.id, q.weeks, at)),
    };
    res.json(body);
  });

  r.get('/v1/teams/:id/customer-questions', async (req, res) => {
    const q = ZCustomerQuestionsQuery.parse(req.query);
    const team = await visibleTeam(req, req.params.id);
    const to = q.to ? new Date(q.to) : new Date();
    const from = q.from ? new Date(q.from) : new Date(to.getTime() - 30 * DAY_MS);
    if (from >= to) {
      throw new AppError(ErrorCode.InvalidInput, 'from must be before to', {
        problems: [{ path: 'from', message: 'must be before to' }],
      });
    }
    if (to.getTime() - from.getTime() > 366 * DAY_MS) {
      throw new AppError(ErrorCode.InvalidInput, 'the range may span at most 366 days', {
        problems: [{ path: 'from', message: 'at most 366 days before to' }],
      });
    }
    const result = await deps.feedback.customerQuestions(team.id, {
      ...(q.industry ? { industry: q.industry } : {}),
      from,
      to,
      limit: q.limit,
    });
    const body: z.infer<typeof ZCustomerQuestions> = {
      teamId: team.id,
      industry: q.industry ?? null,
      from: from.toISOString(),
      to: to.toISOString(),
      ...result,
    };
    res.json(body);
  });

  r.get('/v1/teams/:id/metrics', async (req, res) => {
    const q = ZTeamMetricsQuery.parse(req.query);
    const team = await visibleTeam(req, req.params.id);
    const metrics = await deps.feedback.teamMetrics(team.id, q.at ? new Date(q.at) : new Date());
    if (q.format === 'xlsx') {
      res
        .type(XLSX_MIME)
        .set('Content-Disposition', `attachment; filename="team-${team.id}-${metrics.window.toDay}.xlsx"`)
        .send(await teamWorkbook(metrics));
      return;
    }
    const body: z.infer<typeof ZTeamMetrics> = metrics;
    res.json(body);
  });

  return r;
}
