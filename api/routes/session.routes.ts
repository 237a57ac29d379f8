import { Router } from 'express';
import { z } from 'zod';
import { ROLES } from '../../models/schema.js';
import { requireUser } from '../middleware/auth.js';

/** GET /v1/me: the caller (the web UI picks pages by role). */
export const ZMe = z.object({
  id: z.string(),
  name: z.string(),
  roles: z.array(z.enum(ROLES)),
  teamId: z.string().nullable(),
  externalId: z.string().nullable(),
});
export type Me = z.infer<typeof ZMe>;

/** A seeded demo user and its token (embedded demo only). */
export const ZDemoUser = z.object({
  id: z.string(),
  name: z.string(),
  roles: z.array(z.enum(ROLES)),
  token: z.string(),
});
export type DemoUser = z.infer<typeof ZDemoUser>;

/** GET /v1/me: who the bearer token belongs to (the web UI picks pages by role). */
export function sessionRoutes(): Router {
  const r = Router();
  r.get('/v1/me', (req, res) => {
    const user = requireUser(req);
    res.json({
      id: user.id,
      name: user.name,
      roles: user.roles,
      teamId: user.teamId,
      externalId: user.externalId,
    });
  });
  return r;
}

/**
 * GET /v1/demo/users, unauthenticated: the seeded demo users with their tokens, so a newcomer can
 * switch roles in the web UI. Mounted only by `tingjian start` (embedded demo); absent otherwise.
 */
export function demoRoutes(demoUsers: () => readonly DemoUser[]): Router {
  const r = Router();
  r.get('/v1/demo/users', (_req, res) => {
    res.json({ users: demoUsers() });
  });
  return r;
}
