import { Router } from 'express';
import { z } from 'zod';
import { authorize } from '../../services/access/policy.js';
import type { LexiconLintService } from '../../services/lexicon-admin/lexicon-lint.service.js';
import { requireUser } from '../middleware/auth.js';

const ZIndustry = z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, 'must be a snake_case industry id');

/**
 * The lexicon lint of the version the editor shows (its draft, else the published one): the
 * warnings `tingjian lexicons lint` prints, for anyone who may read lexicons.
 */
export function lexiconLintRoutes(deps: { lint: LexiconLintService }): Router {
  const r = Router();
  r.get('/v1/lexicons/:industry/lint', async (req, res) => {
    authorize(requireUser(req), 'lexicon.read');
    res.json(await deps.lint.lint(ZIndustry.parse(req.params.industry)));
  });
  return r;
}
