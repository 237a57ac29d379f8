import express, { type Express } from 'express';
import type { CallRepository } from '../models/call.repository.js';
import type { UserRepository } from '../models/user.repository.js';
import type { CallService } from '../pipeline/call.service.js';
import { errorHandler } from './http-errors.js';
import { authenticate } from './middleware/auth.js';
import { callsRoutes } from './routes/calls.routes.js';

export interface AppDeps {
  calls: CallRepository;
  users: UserRepository;
  service: CallService;
  /** Readiness probes of the dependencies (database, queue). */
  ready: () => Promise<{ ok: boolean; checks: Record<string, boolean> }>;
  maxBodyBytes: number;
  log: { error: (o: object, m: string) => void };
}

/** The HTTP API. Express 5 forwards rejected promises of async handlers to the error handler. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/readyz', async (_req, res) => {
    const r = await deps.ready().catch(() => ({ ok: false, checks: {} }));
    res.status(r.ok ? 200 : 503).json(r);
  });
  app.use(express.json({ limit: deps.maxBodyBytes, strict: true }));
  app.use('/v1', authenticate(deps.users));
  app.use(callsRoutes({ calls: deps.calls, service: deps.service, users: deps.users }));
  app.use((req, res) => {
    res.status(404).json({ error: { code: 'not_found', message: `no route ${req.method} ${req.path}` } });
  });
  app.use(errorHandler(deps.log));
  return app;
}
