import { type Response, Router } from 'express';
import { z } from 'zod';
import { AppError, ErrorCode } from '../../models/errors.js';
import type { FeedbackPack, FeedbackPackSummary } from '../../models/feedback.repository.js';
import type { User, UserRepository } from '../../models/user.repository.js';
import { authorize } from '../../services/access/policy.js';
import { FeedbackService } from '../../services/feedback/feedback.service.js';
import {
  type FeedbackPackSummaryView,
  packSummaryView,
  type ZFeedbackPackList,
  type ZFeedbackPackResponse,
} from '../../services/feedback/pack.schema.js';
import { renderPackHtml } from '../../services/feedback/render-html.js';
import { renderPackMarkdown } from '../../services/feedback/render-md.js';
import { packWorkbook, XLSX_MIME } from '../../services/feedback/xlsx.js';
import { requireUser } from '../middleware/auth.js';

export interface FeedbackRouteDeps {
  feedback: FeedbackService;
  packs: {
    getPack(id: string): Promise<FeedbackPack | null>;
    listPacks(repId: string): Promise<FeedbackPackSummary[]>;
  };
  users: Pick<UserRepository, 'findUser'>;
}

const ID = /^[A-Za-z0-9_.-]{1,200}$/;

export const ZGeneratePackBody = z.strictObject({
  /** The moment the pack describes (default now); an earlier moment reproduces an old pack. */
  at: z.iso.datetime({ offset: true }).optional(),
});

export const ZPackQuery = z.strictObject({
  format: z.enum(['json', 'md', 'html', 'xlsx']).default('json'),
});

/**
 * The rep a request may act on, as the access policy decides `action`: admins; managers of the
 * rep's team; the rep themselves (read only). Anything else is a 404, so existence does not leak
 * (the rep asking to manage their own packs or goals gets a 403).
 */
export async function findVisibleRep(
  users: Pick<UserRepository, 'findUser'>,
  user: User,
  ref: string,
  action: 'pack.read' | 'pack.create' | 'goal.create' = 'pack.read',
): Promise<User> {
  const rep = ID.test(ref) ? await users.findUser(ref) : null;
  if (!rep) throw new AppError(ErrorCode.NotFound, `rep ${ref} not found`);
  authorize(user, action, rep, `rep ${ref} not found`);
  return rep;
}

/** Sends a pack in the asked format: JSON, Markdown, HTML or Excel. */
export async function sendPack(
  res: Response,
  pack: FeedbackPack,
  format: 'json' | 'md' | 'html' | 'xlsx',
): Promise<void> {
  const data = FeedbackService.packData(pack);
  const name = `feedback-${pack.repId}-${data.window.toDay}`;
  switch (format) {
    case 'json':
      {
        const body: z.infer<typeof ZFeedbackPackResponse> = { pack: summary(pack), data };
        res.json(body);
      }
      return;
    case 'md':
      res.type('text/markdown; charset=utf-8').send(renderPackMarkdown(data));
      return;
    case 'html':
      res.type('text/html; charset=utf-8').send(renderPackHtml(data));
      return;
    case 'xlsx':
      res
        .type(XLSX_MIME)
        .set('Content-Disposition', `attachment; filename="${name}.xlsx"`)
        .send(await packWorkbook(data));
      return;
  }
}

/** A pack without its data, dates as ISO strings. */
export function summary(p: FeedbackPack | FeedbackPackSummary): FeedbackPackSummaryView {
  const { data: _data, ...rest } = p as FeedbackPack;
  return packSummaryView(rest);
}

export function feedbackRoutes(deps: FeedbackRouteDeps): Router {
  const r = Router();

  r.post('/v1/reps/:id/feedback-packs', async (req, res) => {
    const user = requireUser(req);
    const body = ZGeneratePackBody.parse(req.body ?? {});
    const rep = await findVisibleRep(deps.users, user, req.params.id, 'pack.create');
    const at = body.at ? new Date(body.at) : new Date();
    if (at.getTime() > Date.now() + 60_000) {
      throw new AppError(ErrorCode.InvalidInput, 'at must not be in the future', {
        problems: [{ path: 'at', message: 'must not be in the future' }],
      });
    }
    await deps.feedback.catchUp(rep.teamId);
    const pack = await deps.feedback.generatePack(rep.id, { at, trigger: 'on_demand', generatedBy: user.id });
    res.status(201);
    await sendPack(res, pack, 'json');
  });

  r.get('/v1/reps/:id/feedback-packs', async (req, res) => {
    const user = requireUser(req);
    const rep = await findVisibleRep(deps.users, user, req.params.id);
    const body: z.infer<typeof ZFeedbackPackList> = {
      items: (await deps.packs.listPacks(rep.id)).map(summary),
    };
    res.json(body);
  });

  r.get('/v1/feedback-packs/:id', async (req, res) => {
    const user = requireUser(req);
    const q = ZPackQuery.parse(req.query);
    const pack = ID.test(req.params.id) ? await deps.packs.getPack(req.params.id) : null;
    if (!pack) throw new AppError(ErrorCode.NotFound, `feedback pack ${req.params.id} not found`);
    await findVisibleRep(deps.users, user, pack.repId).catch(() => {
      throw new AppError(ErrorCode.NotFound, `feedback pack ${req.params.id} not found`);
    });
    await sendPack(res, pack, q.format);
  });

  return r;
}
