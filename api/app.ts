import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { AppealRepository } from '../models/appeal.repository.js';
import type { AuditRepository } from '../models/audit.repository.js';
import type { CallRepository } from '../models/call.repository.js';
import { AppError, ErrorCode } from '../models/errors.js';
import type { FeedbackRepository } from '../models/feedback.repository.js';
import type { GoalRepository } from '../models/goal.repository.js';
import type { UserRepository } from '../models/user.repository.js';
import { authorize } from '../services/access/policy.js';
import type { AppealService } from '../services/appeals/appeal.service.js';
import type { SsoService } from '../services/auth/sso.service.js';
import type { FeedbackService } from '../services/feedback/feedback.service.js';
import { GoalService } from '../services/feedback/goals.service.js';
import type { ImportJobService } from '../services/import/import-jobs.service.js';
import type { CallService } from '../services/intake/call.service.js';
import type { LearnedModelService } from '../services/learning/learned-model.service.js';
import type { LexiconAdminService } from '../services/lexicon-admin/lexicon-admin.service.js';
import type { LexiconLintService } from '../services/lexicon-admin/lexicon-lint.service.js';
import type { ErasureService } from '../services/privacy/erasure.service.js';
import type { RetentionService } from '../services/privacy/retention.service.js';
import { errorHandler } from './http-errors.js';
import type { ServiceMetrics } from './metrics.js';
import { authenticate, requireUser, TokenRateLimiter } from './middleware/auth.js';
import { compressResponses } from './middleware/compression.js';
import { buildOpenApi, DOCS_HTML } from './openapi.js';
import { appealsRoutes } from './routes/appeals.routes.js';
import { callsRoutes } from './routes/calls.routes.js';
import { feedbackRoutes } from './routes/feedback.routes.js';
import { goalsRoutes } from './routes/goals.routes.js';
import { importsRoutes } from './routes/imports.routes.js';
import { lexiconLintRoutes } from './routes/lexicon-lint.routes.js';
import { auditRoutes, lexiconsRoutes } from './routes/lexicons.routes.js';
import { modelsRoutes } from './routes/models.routes.js';
import { privacyRoutes } from './routes/privacy.routes.js';
import { repsRoutes } from './routes/reps.routes.js';
import { type DemoUser, demoRoutes, sessionRoutes } from './routes/session.routes.js';
import { ssoAdminRoutes, ssoPublicRoutes } from './routes/sso.routes.js';
import { teamsRoutes } from './routes/teams.routes.js';
import { findWebDir, webRoutes } from './web-static.js';

export interface AppDeps {
  calls: CallRepository;
  users: UserRepository;
  service: CallService;
  /** Readiness probes of the dependencies (database, queue). */
  ready: () => Promise<{ ok: boolean; checks: Record<string, boolean> }>;
  metrics: ServiceMetrics;
  /** BullMQ queues for the operators' dashboard (absent on the in-process runner). */
  queues?: Queue[];
  maxBodyBytes: number;
  version: string;
  log: { error: (o: object, m: string) => void };
  /** The built web UI (default: dist/web when built; null: no UI). */
  webDir?: string | null;
  /** Seeded demo users with tokens: only `tingjian start` (the embedded demo) passes them. */
  demoUsers?: () => readonly DemoUser[];
  /** Appeals, lexicon versions and the audit log (the full service passes them). */
  appealService?: AppealService;
  appeals?: AppealRepository;
  lexiconAdmin?: LexiconAdminService;
  /** The lexicon lint the editor's page shows (GET /v1/lexicons/{industry}/lint). */
  lexiconLint?: LexiconLintService;
  /** Versions of the learned second stage (absent when it is switched off). */
  learnedModels?: LearnedModelService;
  /** Erasure of one customer's data (PIPL). */
  erasure?: ErasureService;
  /** Retention windows (PIPL): policy, last run, dry runs and runs for admins. */
  retention?: RetentionService;
  /** Requests per token (TINGJIAN_TOKEN_RATE_LIMIT); null or absent = unlimited. */
  tokenRateLimit?: { limit: number; windowMs: number } | null;
  audit?: AuditRepository;
  /** Feedback packs, growth goals and team views. */
  feedback?: FeedbackService;
  packs?: FeedbackRepository;
  goals?: GoalRepository;
  /** Bulk imports (a zip upload or server-side folders under IMPORT_DIRS). */
  imports?: { service: ImportJobService; uploadDir: string; maxArchiveBytes: number };
  /** Enterprise sign-in (OpenID Connect, WeCom) when configured. */
  sso?: SsoService;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The HTTP API. Express 5 forwards rejected promises of async handlers to the error handler. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(deps.metrics.http());
  // Strong ETags, 304 and br/gzip for every whole body (call views, packs, the UI's files).
  app.use(compressResponses());

  // Public: probes, metrics, API description.
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/readyz', async (_req, res) => {
    const r = await deps.ready().catch(() => ({ ok: false, checks: {} }));
    res.status(r.ok ? 200 : 503).json(r);
  });
  app.get('/metrics', async (_req, res) => {
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
  const openapi = buildOpenApi(deps.version);
  app.get('/v1/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  const swaggerDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  app.use('/v1/docs/assets', express.static(swaggerDir, { index: false }));
  app.get('/v1/docs', (_req, res) => {
    res.type('html').send(DOCS_HTML);
  });

  if (deps.demoUsers) app.use(demoRoutes(deps.demoUsers));
  else {
    // Not served: 404 as for any missing route (before authentication, so nobody learns more).
    app.get('/v1/demo/users', (_req, res) => {
      res.status(404).json({
        error: {
          code: 'not_found',
          message: 'demo users are served only by `tingjian start --demo` on a loopback address',
        },
      });
    });
  }
  // Enterprise sign-in: which providers, start, callback, ticket (before any bearer token exists).
  app.use(ssoPublicRoutes({ sso: deps.sso }));
  const webDir = deps.webDir === undefined ? findWebDir() : deps.webDir;
  if (webDir) app.use(webRoutes(webDir));

  const auth = authenticate(deps.users, {
    ...(deps.tokenRateLimit
      ? { perToken: new TokenRateLimiter(deps.tokenRateLimit.limit, deps.tokenRateLimit.windowMs) }
      : {}),
  });
  const adminOnly = (req: Request, _res: Response, next: NextFunction) => {
    authorize(requireUser(req), 'queue.dashboard');
    next();
  };
  if (deps.queues && deps.queues.length > 0) {
    const board = new ExpressAdapter();
    board.setBasePath('/admin/queues');
    createBullBoard({ queues: deps.queues.map((q) => new BullMQAdapter(q)), serverAdapter: board });
    app.use('/admin/queues', auth, adminOnly, board.getRouter());
  }

  // Authenticate before reading a body: anonymous clients cannot make the server parse megabytes.
  app.use('/v1', auth);
  app.use(
    express.json({
      limit: deps.maxBodyBytes,
      strict: true,
      // Reject invalid UTF-8 instead of silently turning it into U+FFFD.
      verify: (_req, _res, buf) => {
        try {
          UTF8.decode(buf);
        } catch {
          throw new AppError(ErrorCode.InvalidInput, 'request body is not valid UTF-8');
        }
      },
    }),
  );
  app.use(callsRoutes({ calls: deps.calls, service: deps.service, users: deps.users }));
  app.use(repsRoutes({ calls: deps.calls, users: deps.users }));
  if (deps.imports) {
    const { service: imports, uploadDir, maxArchiveBytes } = deps.imports;
    app.use(importsRoutes({ imports, users: deps.users, uploadDir, maxArchiveBytes }));
  }
  if (deps.feedback && deps.packs && deps.goals) {
    app.use(feedbackRoutes({ feedback: deps.feedback, packs: deps.packs, users: deps.users }));
    const goals = new GoalService({ feedback: deps.feedback, goals: deps.goals });
    app.use(goalsRoutes({ goals, users: deps.users }));
    app.use(teamsRoutes({ feedback: deps.feedback, users: deps.users }));
  }
  if (deps.appealService && deps.appeals) {
    app.use(appealsRoutes({ appealService: deps.appealService, appeals: deps.appeals, users: deps.users }));
  }
  if (deps.lexiconAdmin)
    app.use(lexiconsRoutes({ lexiconAdmin: deps.lexiconAdmin, maxBodyBytes: deps.maxBodyBytes }));
  if (deps.lexiconLint) app.use(lexiconLintRoutes({ lint: deps.lexiconLint }));
  if (deps.learnedModels) app.use(modelsRoutes({ learnedModels: deps.learnedModels }));
  if (deps.erasure)
    app.use(
      privacyRoutes({ erasure: deps.erasure, ...(deps.retention ? { retention: deps.retention } : {}) }),
    );
  if (deps.audit) {
    app.use(
      auditRoutes({
        audit: deps.audit,
        calls: deps.calls,
        users: deps.users,
        ...(deps.appeals ? { appeals: deps.appeals } : {}),
      }),
    );
  }
  if (deps.sso) app.use(ssoAdminRoutes({ sso: deps.sso }));
  app.use(sessionRoutes());
  app.use((req, res) => {
    res.status(404).json({ error: { code: 'not_found', message: `no route ${req.method} ${req.path}` } });
  });
  app.use(errorHandler(deps.log));
  return app;
}
