import express, { Router } from 'express';
import { z } from 'zod';
import { AppError, ErrorCode } from '../../models/errors.js';
import { authorize } from '../../services/access/policy.js';
import { SSO_PROVIDERS, type SsoProvider, type SsoService } from '../../services/auth/sso.service.js';
import { SsoFailure, SsoReason } from '../../services/auth/sso-failure.js';
import { FailedAuthLimiter, requireUser } from '../middleware/auth.js';
import { ssoProviderList, type ZTicketRedeemed } from './sso.schema.js';

/** The web page a finished sign-in (or a refusal) lands on. */
const SIGN_IN_PAGE = '/signin';

const ZProvider = z.enum(SSO_PROVIDERS);
export const ZStartQuery = z.object({
  /** The web page to open once signed in (a path of this site; anything else is ignored). */
  next: z.string().max(500).optional(),
});
export const ZCallbackQuery = z.object({
  code: z.string().max(2048).optional(),
  state: z.string().max(512).optional(),
  error: z.string().max(200).optional(),
});
export const ZTicketBody = z.strictObject({ ticket: z.string().min(1).max(200) });
export const ZIdentityBody = z.strictObject({
  /** User id or external id of an existing user (never created here). */
  userId: z.string().trim().min(1).max(200),
  provider: ZProvider,
  /** `sub` (the subject; the WeCom userid), or the configured OIDC_MAPPING_CLAIM such as `email`. */
  claim: z.string().trim().min(1).max(100).default('sub'),
  value: z.string().trim().min(1).max(320),
});
export const ZIdentityQuery = z.strictObject({ userId: z.string().min(1).max(200).optional() });
export const ZFailuresQuery = z.strictObject({
  provider: ZProvider,
  after: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/**
 * Unauthenticated sign-in endpoints (mounted before the bearer check): which providers are
 * configured, the start of a sign-in (redirect to the provider), the provider's callback
 * (redirect to the sign-in page with a one-time ticket or the reason of the refusal) and the
 * ticket's redemption for a bearer token.
 */
export function ssoPublicRoutes(deps: {
  sso: SsoService | undefined;
  /** Refused callbacks and tickets per address: past its limit (30 a minute) they are not even tried. */
  limiter?: FailedAuthLimiter;
}): Router {
  const r = Router();
  const limiter = deps.limiter ?? new FailedAuthLimiter();
  const addressOf = (req: express.Request) => req.ip ?? req.socket.remoteAddress ?? 'unknown';
  r.get('/v1/auth/providers', (_req, res) => {
    res.set('cache-control', 'no-store');
    res.json(ssoProviderList(deps.sso));
  });

  /** The provider named in the path when this server has it configured, else null. */
  const configured = (value: unknown): SsoProvider | null => {
    const parsed = ZProvider.safeParse(value);
    return parsed.success && deps.sso?.providers().some((p) => p.id === parsed.data) ? parsed.data : null;
  };
  const refused = (reason: string) => `${SIGN_IN_PAGE}?sso_error=${reason}`;

  r.get('/v1/auth/:provider/start', async (req, res) => {
    const p = configured(req.params.provider);
    res.set('cache-control', 'no-store');
    if (!p) return res.redirect(302, refused(SsoReason.NotConfigured));
    const q = ZStartQuery.parse(req.query);
    try {
      const url = await deps.sso!.start(p, q.next ?? null);
      res.redirect(302, url);
    } catch (err) {
      if (!(err instanceof SsoFailure)) throw err;
      res.redirect(302, refused(err.reason));
    }
  });

  r.get('/v1/auth/:provider/callback', async (req, res) => {
    const p = configured(req.params.provider);
    res.set('cache-control', 'no-store');
    // The code is in this URL: the page it leads to must not pass it on as a Referer.
    res.set('referrer-policy', 'no-referrer');
    if (!p) return res.redirect(302, refused(SsoReason.NotConfigured));
    const q = ZCallbackQuery.parse(req.query);
    // Forged or replayed callbacks from one address are cut off before they reach the provider
    // or the audit log.
    const address = addressOf(req);
    if (limiter.retryAfterSec(address) > 0) return res.redirect(302, refused(SsoReason.TooManyAttempts));
    try {
      const { ticket } = await deps.sso!.finish(p, q);
      res.redirect(302, `${SIGN_IN_PAGE}?sso_ticket=${encodeURIComponent(ticket)}`);
    } catch (err) {
      if (!(err instanceof SsoFailure)) throw err;
      limiter.fail(address);
      res.redirect(302, refused(err.reason));
    }
  });

  r.post('/v1/auth/ticket', express.json({ limit: 1024, strict: true }), async (req, res) => {
    if (!deps.sso) throw new AppError(ErrorCode.NotFound, 'enterprise sign-in is not configured');
    const { ticket } = ZTicketBody.parse(req.body ?? {});
    const address = addressOf(req);
    const wait = limiter.retryAfterSec(address);
    if (wait > 0)
      throw new AppError(
        ErrorCode.TooManyRequests,
        `too many failed sign-ins from this address; retry in ${wait} s`,
        {
          retryAfterSec: wait,
          reason: SsoReason.TooManyAttempts,
        },
      );
    const { token, user, returnTo } = await deps.sso.redeem(ticket).catch((err: unknown) => {
      if (err instanceof AppError && err.code === ErrorCode.Unauthorized) limiter.fail(address);
      throw err;
    });
    const body: z.infer<typeof ZTicketRedeemed> = {
      token,
      next: returnTo,
      user: {
        id: user.id,
        name: user.name,
        roles: user.roles,
        teamId: user.teamId,
        externalId: user.externalId,
      },
    };
    res.set('cache-control', 'no-store').json(body);
  });
  return r;
}

/** Admins map provider identities to existing users, and read refused sign-ins. */
export function ssoAdminRoutes(deps: { sso: SsoService }): Router {
  const r = Router();
  const admin = (req: express.Request) => {
    const user = requireUser(req);
    authorize(user, 'sso.admin');
    return user;
  };
  r.get('/v1/sso/identities', async (req, res) => {
    admin(req);
    const q = ZIdentityQuery.parse(req.query);
    const items = await deps.sso.listIdentities(q.userId === undefined ? {} : { userRef: q.userId });
    res.json({ items, providers: deps.sso.providers() });
  });
  r.post('/v1/sso/identities', async (req, res) => {
    const user = admin(req);
    const body = ZIdentityBody.parse(req.body ?? {});
    const identity = await deps.sso.addIdentity(user, {
      userRef: body.userId,
      provider: body.provider,
      claim: body.claim,
      value: body.value,
    });
    res.status(201).json({ identity });
  });
  r.delete('/v1/sso/identities/:id', async (req, res) => {
    const user = admin(req);
    const identity = await deps.sso.removeIdentity(user, String(req.params.id));
    res.json({ identity });
  });
  r.get('/v1/sso/failures', async (req, res) => {
    admin(req);
    const q = ZFailuresQuery.parse(req.query);
    const items = await deps.sso.failures(q.provider, {
      limit: q.limit,
      ...(q.after !== undefined ? { afterId: q.after } : {}),
    });
    res.json({ items, next: items.length === q.limit ? items[items.length - 1]!.id : null });
  });
  return r;
}
