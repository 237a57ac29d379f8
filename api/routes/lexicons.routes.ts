import express, { type Request, type RequestHandler, Router } from 'express';
import { z } from 'zod';
import { ZTerm } from '../../lexicons/lexicon.schema.js';
import type { AppealRepository } from '../../models/appeal.repository.js';
import type { AuditRepository } from '../../models/audit.repository.js';
import type { CallRepository } from '../../models/call.repository.js';
import { AppError, ErrorCode } from '../../models/errors.js';
import type { UserRepository } from '../../models/user.repository.js';
import {
  AUDIT_ENTITIES,
  type AuditEntity,
  type AuditSubject,
  authorize,
} from '../../services/access/policy.js';
import type { LexiconAdminService } from '../../services/lexicon-admin/lexicon-admin.service.js';
import { requireUser } from '../middleware/auth.js';
import {
  changeRequestView,
  resultView,
  runView,
  runViewOrNull,
  versionRow,
  versionView,
  versionViewOrNull,
  type ZLexiconChangeDecision,
  type ZLexiconDiff,
  type ZLexiconImportResponse,
  type ZLexiconIndustryList,
  type ZLexiconOverview,
  type ZLexiconPublished,
  type ZLexiconVersionList,
  type ZLexiconVersionResponse,
  type ZRescoreRunProgress,
} from './lexicons.schema.js';

const ZIndustry = z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, 'must be a snake_case industry id');
const ZSequence = z.coerce.number().int().min(1).max(1_000_000);
const ZVersionRef = z.union([z.literal('draft'), ZSequence]);

/** A term patch: any field but the term itself (which names it in the path). */
export const ZTermPatch = ZTerm.omit({ term: true }).partial().strict();
export const ZPublishBody = z.strictObject({
  note: z.string().trim().max(500).optional(),
  /** Rescore the industry's calls after publishing (default true); `since` limits it to recent ones. */
  rescore: z.boolean().default(true),
  since: z.iso.datetime({ offset: true }).optional(),
});
export const ZRollbackBody = ZPublishBody.extend({ toSequence: ZSequence });
export const ZDecideChangeBody = z.strictObject({
  decision: z.enum(['accept', 'decline']),
  note: z.string().trim().max(1000).optional(),
});
export const ZRescoreBody = z.strictObject({ since: z.iso.datetime({ offset: true }).optional() });

function industryOf(req: Request): string {
  return ZIndustry.parse(req.params.industry);
}

function termOf(req: Request): string {
  const t = z.string().min(1).max(200).parse(req.params.term);
  return t;
}

/** What every route group registers on and calls. */
interface LexiconRoutesContext {
  r: Router;
  admin: LexiconAdminService;
}

/**
 * Lexicon versions: read, draft editing (terms, scorecard), change requests, what-if, publish,
 * rollback, diff, import/export, rescore runs. Editing needs the lexicon_editor role.
 */
export function lexiconsRoutes(deps: { lexiconAdmin: LexiconAdminService; maxBodyBytes: number }): Router {
  const ctx: LexiconRoutesContext = { r: Router(), admin: deps.lexiconAdmin };
  const raw = express.raw({
    type: ['text/csv', 'text/plain', 'application/octet-stream'],
    limit: deps.maxBodyBytes,
  });
  registerReadRoutes(ctx);
  registerDraftRoutes(ctx);
  registerTransferRoutes(ctx, raw);
  registerChangeRequestRoutes(ctx);
  registerPublishRoutes(ctx);
  registerRescoreRoutes(ctx);
  return ctx.r;
}

/** Reading: industries, a version with its inheritance, the version list, diffs. */
function registerReadRoutes({ r, admin }: LexiconRoutesContext): void {
  r.get('/v1/lexicons', async (req, res) => {
    authorize(requireUser(req), 'lexicon.read');
    const body: z.infer<typeof ZLexiconIndustryList> = { items: await admin.industries() };
    res.json(body);
  });

  r.get('/v1/lexicons/:industry', async (req, res) => {
    authorize(requireUser(req), 'lexicon.read');
    const industry = industryOf(req);
    const current = await admin.current(industry);
    const draft = await admin.draft(industry);
    const body: z.infer<typeof ZLexiconOverview> = {
      industry,
      current: versionView(current),
      draft: versionViewOrNull(draft),
      // inherited terms (marked inheritedFrom) of what the editor shows: the draft, else current
      inheritance: admin.inheritance(draft ?? current),
      pendingChangeRequests: (await admin.changeRequests(industry, 'pending')).length,
    };
    res.json(body);
  });

  r.get('/v1/lexicons/:industry/versions', async (req, res) => {
    authorize(requireUser(req), 'lexicon.read');
    const list = await admin.versions(industryOf(req));
    const body: z.infer<typeof ZLexiconVersionList> = { items: list.map(versionRow) };
    res.json(body);
  });

  r.get('/v1/lexicons/:industry/versions/:ref', async (req, res) => {
    authorize(requireUser(req), 'lexicon.read');
    const industry = industryOf(req);
    const ref = ZVersionRef.parse(req.params.ref);
    const v = ref === 'draft' ? await admin.draft(industry) : await admin.version(industry, ref);
    if (!v) throw new AppError(ErrorCode.NotFound, `${industry} has no draft`);
    const body: z.infer<typeof ZLexiconVersionResponse> = {
      version: versionView(v),
      inheritance: admin.inheritance(v),
    };
    res.json(body);
  });

  r.get('/v1/lexicons/:industry/diff', async (req, res) => {
    authorize(requireUser(req), 'lexicon.read');
    const q = z.strictObject({ from: ZVersionRef, to: ZVersionRef }).parse(req.query);
    const body: z.infer<typeof ZLexiconDiff> = await admin.diff(industryOf(req), q.from, q.to);
    res.json(body);
  });
}

/** Draft editing: create or discard the draft, its terms and its scorecard. */
function registerDraftRoutes({ r, admin }: LexiconRoutesContext): void {
  r.post('/v1/lexicons/:industry/draft', async (req, res) => {
    const user = requireUser(req);
    authorize(user, 'lexicon.edit');
    res.status(201).json({ draft: versionView(await admin.ensureDraft(industryOf(req), user)) });
  });

  r.delete('/v1/lexicons/:industry/draft', async (req, res) => {
    const user = requireUser(req);
    authorize(user, 'lexicon.edit');
    await admin.discardDraft(industryOf(req), user);
    res.status(204).end();
  });

  r.post('/v1/lexicons/:industry/draft/terms', async (req, res) => {
    const user = requireUser(req);
    authorize(user, 'lexicon.edit');
    const body = z.object({}).passthrough().parse(req.body);
    res.status(201).json({
      draft: versionView(await admin.addTerm(industryOf(req), user, body as z.infer<typeof ZTerm>)),
    });
  });

  r.patch('/v1/lexicons/:industry/draft/terms/:term', async (req, res) => {
    const user = requireUser(req);
    authorize(user, 'lexicon.edit');
    const patch = ZTermPatch.parse(req.body);
    res.json({ draft: versionView(await admin.changeTerm(industryOf(req), user, termOf(req), patch)) });
  });

  r.delete('/v1/lexicons/:industry/draft/terms/:term', async (req, res) => {
    const user = requireUser(req);
    authorize(user, 'lexicon.edit');
    res.json({ draft: versionView(await admin.removeTerm(industryOf(req), user, termOf(req))) });
  });

  r.put('/v1/lexicons/:industry/draft/scorecard', async (req, res) => {
    const user = requireUser(req);
    authorize(user, 'lexicon.edit');
    res.json({ draft: versionView(await admin.setScorecard(industryOf(req), user, req.body)) });
  });
}

/** Import into the draft (CSV or JSON) and export of a version. */
function registerTransferRoutes({ r, admin }: LexiconRoutesContext, raw: RequestHandler): void {
  r.post('/v1/lexicons/:industry/draft/import', raw, async (req, res) => {
    const user = requireUser(req);
    authorize(user, 'lexicon.edit');
    const q = z
      .strictObject({
        format: z.enum(['csv', 'json']).optional(),
        mode: z.enum(['merge', 'replace']).default('merge'),
      })
      .parse(req.query);
    const format = q.format ?? (req.is('application/json') ? 'json' : 'csv');
    const body: Uint8Array = Buffer.isBuffer(req.body)
      ? req.body
      : Buffer.from(JSON.stringify(req.body ?? null), 'utf8');
    if (body.length === 0) throw new AppError(ErrorCode.InvalidInput, 'the upload is empty');
    const r2 = await admin.importTerms(industryOf(req), user, body, format, q.mode);
    const out: z.infer<typeof ZLexiconImportResponse> = {
      draft: versionView(r2.draft),
      imported: r2.imported,
      encoding: r2.encoding,
    };
    res.json(out);
  });

  r.get('/v1/lexicons/:industry/export', async (req, res) => {
    authorize(requireUser(req), 'lexicon.read');
    const q = z
      .strictObject({
        format: z.enum(['csv', 'json']).default('json'),
        version: z.union([z.literal('current'), z.literal('draft'), ZSequence]).default('current'),
      })
      .parse(req.query);
    const out = await admin.exportTerms(industryOf(req), q.version, q.format);
    res.type(out.type).set('content-disposition', `attachment; filename="${out.file}"`).send(out.body);
  });
}

/** Change requests: list per industry, accept or decline one. */
function registerChangeRequestRoutes({ r, admin }: LexiconRoutesContext): void {
  r.get('/v1/lexicons/:industry/change-requests', async (req, res) => {
    authorize(requireUser(req), 'lexicon.read');
    const status = z.enum(['pending', 'accepted', 'declined']).optional().parse(req.query.status);
    res.json({ items: (await admin.changeRequests(industryOf(req), status)).map(changeRequestView) });
  });

  r.post('/v1/lexicon-change-requests/:id/decision', async (req, res) => {
    const user = requireUser(req);
    authorize(user, 'lexicon.edit');
    const body = ZDecideChangeBody.parse(req.body);
    const id = z
      .string()
      .regex(/^lcr-[0-9a-f]{12}$/, 'not a change request id')
      .parse(req.params.id);
    const out = await admin.decideChangeRequest(id, user, body.decision, body.note ?? null);
    const view: z.infer<typeof ZLexiconChangeDecision> = {
      request: changeRequestView(out.request),
      draft: versionViewOrNull(out.draft),
    };
    res.json(view);
  });
}

/** What-if against the draft, publish and rollback. */
function registerPublishRoutes({ r, admin }: LexiconRoutesContext): void {
  r.post('/v1/lexicons/:industry/what-if', async (req, res) => {
    authorize(requireUser(req), 'lexicon.read');
    const q = z
      .strictObject({ limit: z.coerce.number().int().min(1).max(2000).default(200) })
      .parse(req.query);
    res.json(await admin.whatIf(industryOf(req), q.limit));
  });

  r.post('/v1/lexicons/:industry/publish', async (req, res) => {
    const user = requireUser(req);
    authorize(user, 'lexicon.publish');
    const body = ZPublishBody.parse(req.body ?? {});
    const out = await admin.publish(industryOf(req), user, {
      note: body.note ?? null,
      rescore: body.rescore,
      since: body.since ? new Date(body.since) : null,
    });
    const view: z.infer<typeof ZLexiconPublished> = {
      version: versionView(out.version),
      run: runViewOrNull(out.run),
    };
    res.status(201).json(view);
  });

  r.post('/v1/lexicons/:industry/rollback', async (req, res) => {
    const user = requireUser(req);
    authorize(user, 'lexicon.publish');
    const body = ZRollbackBody.parse(req.body);
    const out = await admin.rollback(industryOf(req), user, body.toSequence, {
      note: body.note ?? null,
      rescore: body.rescore,
      since: body.since ? new Date(body.since) : null,
    });
    const view: z.infer<typeof ZLexiconPublished> = {
      version: versionView(out.version),
      run: runViewOrNull(out.run),
    };
    res.status(201).json(view);
  });
}

/** Rescore runs: start one, list them, one run with its progress and results. */
function registerRescoreRoutes({ r, admin }: LexiconRoutesContext): void {
  r.post('/v1/lexicons/:industry/rescores', async (req, res) => {
    const user = requireUser(req);
    authorize(user, 'lexicon.publish');
    const body = ZRescoreBody.parse(req.body ?? {});
    res.status(201).json({
      run: runView(await admin.startRescore(industryOf(req), user, body.since ? new Date(body.since) : null)),
    });
  });

  r.get('/v1/lexicons/:industry/rescores', async (req, res) => {
    authorize(requireUser(req), 'lexicon.read');
    res.json({ items: (await admin.runs(industryOf(req))).map(runView) });
  });

  r.get('/v1/rescores/:id', async (req, res) => {
    authorize(requireUser(req), 'lexicon.read');
    const id = z
      .string()
      .regex(/^rescore-[0-9a-f]{12}$/, 'not a rescore run id')
      .parse(req.params.id);
    const q = z
      .strictObject({
        changed: z.enum(['true', 'false']).default('true'),
        limit: z.coerce.number().int().min(1).max(1000).default(100),
      })
      .parse(req.query);
    const run = runView(await admin.run(id));
    const body: z.infer<typeof ZRescoreRunProgress> = {
      run: {
        ...run,
        percent:
          run.total > 0
            ? Math.round(((run.done + run.failed) / run.total) * 100)
            : run.status === 'done'
              ? 100
              : 0,
      },
      results: (await admin.runResults(id, q.changed === 'true', q.limit)).map(resultView),
    };
    res.json(body);
  });
}

/** What the audit route needs to find the team of an audited entity. */
export interface AuditScopeDeps {
  audit: AuditRepository;
  calls: Pick<CallRepository, 'find'>;
  appeals?: Pick<AppealRepository, 'get'>;
  users: Pick<UserRepository, 'getUser'>;
}

/**
 * The audit log of one entity, as the access policy's `audit.read` decides: admins all, managers
 * where the entity belongs to their team (a call of their team, an appeal on such a call, a
 * member; anything else of those is a 404 to them, as the entity itself is) and lexicon, rescore
 * and model entries, which concern everyone.
 */
export function auditRoutes(deps: AuditScopeDeps): Router {
  const r = Router();
  r.get('/v1/audit', async (req, res) => {
    const user = requireUser(req);
    authorize(user, 'audit.read');
    const q = z
      .strictObject({
        entity: z.enum(AUDIT_ENTITIES),
        id: z.string().min(1).max(200),
        after: z.coerce.number().int().min(0).optional(),
        limit: z.coerce.number().int().min(1).max(500).default(100),
      })
      .parse(req.query);
    authorize(user, 'audit.read', await auditSubject(deps, q.entity, q.id), `${q.entity} ${q.id} not found`);
    const items = await deps.audit.list(q.entity, q.id, {
      limit: q.limit,
      ...(q.after !== undefined ? { afterId: q.after } : {}),
    });
    res.json({ items, next: items.length === q.limit ? items[items.length - 1]!.id : null });
  });
  return r;
}

/** The audited entity with the team it belongs to (calls, appeals and people have one). */
async function auditSubject(deps: AuditScopeDeps, entity: AuditEntity, id: string): Promise<AuditSubject> {
  if (entity === 'user') return { entity, teamId: (await deps.users.getUser(id))?.teamId };
  if (entity !== 'call' && entity !== 'appeal') return { entity, teamId: null };
  let callId = id;
  if (entity === 'appeal') {
    const appeal = await deps.appeals?.get(id);
    if (!appeal) return { entity, teamId: undefined };
    callId = appeal.callId;
  }
  return { entity, teamId: (await deps.calls.find(callId))?.teamId };
}
