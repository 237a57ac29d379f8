import { type Request, Router } from 'express';
import { z } from 'zod';
import { authorize } from '../../services/access/policy.js';
import type { LearnedModelService } from '../../services/learning/learned-model.service.js';
import { requireUser } from '../middleware/auth.js';
import type { ZModelDraftResponse, ZModelPublished } from './models.schema.js';

const ZModelVersion = z
  .string()
  .regex(/^second-stage@\d{1,9}\+[0-9a-f]{12}$/, 'must be second-stage@<seq>+<hash12>');
export const ZTrainModelBody = z.strictObject({
  note: z.string().trim().max(500).optional(),
  /** How many times an appeal's utterance counts against one shipped utterance (default 3). */
  repeat: z.number().int().min(1).max(20).optional(),
});
export const ZModelWhatIfBody = z.strictObject({ limit: z.number().int().min(1).max(2000).default(200) });
export const ZPublishModelBody = z.strictObject({
  note: z.string().trim().max(500).optional(),
  /** Rescore every industry's calls after publishing (default true). */
  rescore: z.boolean().default(true),
});

function versionOf(req: Request): string {
  return ZModelVersion.parse(req.params.version);
}

/**
 * Versions of the learned second stage: retrain from accepted appeals (a draft with its guard
 * report), what-if over recent calls, publish (rescore) or discard. Retraining and publishing
 * need the lexicon_editor or admin role.
 */
export function modelsRoutes(deps: { learnedModels: LearnedModelService }): Router {
  const r = Router();
  const models = deps.learnedModels;

  r.get('/v1/models/second-stage', async (req, res) => {
    authorize(requireUser(req), 'model.read');
    res.json(await models.list());
  });

  r.get('/v1/models/second-stage/:version', async (req, res) => {
    authorize(requireUser(req), 'model.read');
    res.json({ model: await models.get(versionOf(req)) });
  });

  r.post('/v1/models/second-stage/drafts', async (req, res) => {
    const user = requireUser(req);
    authorize(user, 'model.train');
    const body = ZTrainModelBody.parse(req.body ?? {});
    const draft = await models.train(user, {
      note: body.note ?? null,
      ...(body.repeat !== undefined ? { repeat: body.repeat } : {}),
    });
    const answer: z.infer<typeof ZModelDraftResponse> = { draft };
    res.status(draft.created ? 201 : 200).json(answer);
  });

  r.post('/v1/models/second-stage/:version/what-if', async (req, res) => {
    const user = requireUser(req);
    authorize(user, 'model.train');
    const body = ZModelWhatIfBody.parse(req.body ?? {});
    res.json({ whatIf: await models.whatIf(versionOf(req), body.limit) });
  });

  r.post('/v1/models/second-stage/:version/publish', async (req, res) => {
    const user = requireUser(req);
    authorize(user, 'model.train');
    const body = ZPublishModelBody.parse(req.body ?? {});
    const published: z.infer<typeof ZModelPublished> = await models.publish(versionOf(req), user, {
      note: body.note ?? null,
      rescore: body.rescore,
    });
    res.json(published);
  });

  r.post('/v1/models/second-stage/:version/discard', async (req, res) => {
    const user = requireUser(req);
    authorize(user, 'model.train');
    await models.discard(versionOf(req), user);
    res.status(204).end();
  });

  return r;
}
