import { randomBytes } from 'node:crypto';
import type { AuditEntry, AuditRepository } from '../../models/audit.repository.js';
import { AppError, ErrorCode } from '../../models/errors.js';
import type { ExternalIdentity, IdentityRepository } from '../../models/identity.repository.js';
import type { User, UserRepository } from '../../models/user.repository.js';
import { createPkce, type OidcClient } from './oidc.client.js';
import { SsoFailure, SsoReason } from './sso-failure.js';
import type { WecomClient } from './wecom.client.js';

export const SSO_PROVIDERS = ['oidc', 'wecom'] as const;
export type SsoProvider = (typeof SSO_PROVIDERS)[number];

export interface SsoServiceDeps {
  identities: IdentityRepository;
  users: Pick<UserRepository, 'findUser' | 'getUser' | 'issueToken' | 'listTokens' | 'revokeToken'>;
  audit: AuditRepository;
  oidc?: OidcClient;
  wecom?: WecomClient;
  /** Seconds a started sign-in may take at the provider (default 300). */
  stateTtlSec?: number;
  /** Seconds the web page has to redeem its ticket (default 60). */
  ticketTtlSec?: number;
  /** Live sign-in tokens kept per user and provider; older ones are revoked (default 5). */
  maxTokens?: number;
  now?: () => Date;
}

/** What the provider sent back to the callback (query string). */
export interface SsoCallback {
  code?: string | undefined;
  state?: string | undefined;
  error?: string | undefined;
}

/** Token label of a sign-in through a provider (API tokens made by an admin have their own). */
const tokenLabel = (provider: SsoProvider) => `sso:${provider}`;

/**
 * Enterprise sign-in (use case): an OpenID Connect provider or WeCom scan-to-sign-in, each
 * identity mapped by an admin to an existing user; on success the same bearer token as the rest
 * of the API, handed to the web page through a one-time ticket. Every sign-in, and every refusal
 * with its reason, is audited (never a code, token, state or secret).
 */
export class SsoService {
  constructor(private readonly deps: SsoServiceDeps) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  /** The configured providers with their issuer (what the sign-in page offers). */
  providers(): { id: SsoProvider; issuer: string }[] {
    const out: { id: SsoProvider; issuer: string }[] = [];
    if (this.deps.oidc) out.push({ id: 'oidc', issuer: this.deps.oidc.settings.issuer });
    if (this.deps.wecom) out.push({ id: 'wecom', issuer: this.deps.wecom.issuer });
    return out;
  }

  /** Claims an identity of this provider may be mapped by. */
  mappingClaims(provider: SsoProvider): string[] {
    if (provider === 'oidc' && this.deps.oidc)
      return [...new Set(['sub', this.deps.oidc.settings.mappingClaim])];
    return ['sub'];
  }

  issuerOf(provider: SsoProvider): string {
    if (provider === 'oidc' && this.deps.oidc) return this.deps.oidc.settings.issuer;
    if (provider === 'wecom' && this.deps.wecom) return this.deps.wecom.issuer;
    throw new AppError(ErrorCode.NotFound, `sign-in provider ${provider} is not configured on this server`, {
      reason: SsoReason.NotConfigured,
    });
  }

  /**
   * Starts a sign-in: a pending state (with nonce and PKCE verifier for OIDC) kept server-side for
   * `stateTtlSec`, and the provider's page to send the browser to.
   */
  async start(provider: SsoProvider, returnTo: string | null): Promise<string> {
    this.issuerOf(provider);
    const state = randomBytes(32).toString('base64url');
    const expiresAt = new Date(this.now().getTime() + (this.deps.stateTtlSec ?? 300) * 1000);
    // Abandoned sign-ins are forgotten as new ones start: the table stays small.
    await this.deps.identities.purgeExpired(this.now());
    if (provider === 'oidc') {
      const oidc = this.deps.oidc!;
      const nonce = randomBytes(32).toString('base64url');
      const pkce = createPkce();
      const url = await oidc.authorizationUrl({ state, nonce, codeChallenge: pkce.challenge });
      await this.deps.identities.saveState({
        state,
        provider,
        nonce,
        codeVerifier: pkce.verifier,
        returnTo: safeReturnTo(returnTo),
        expiresAt,
      });
      return url;
    }
    await this.deps.identities.saveState({
      state,
      provider,
      nonce: null,
      codeVerifier: null,
      returnTo: safeReturnTo(returnTo),
      expiresAt,
    });
    return this.deps.wecom!.loginUrl(state);
  }

  /**
   * The provider's redirect back: the state taken (once), the identity established, mapped to
   * its user, audited; a one-time ticket for the web page. Refusals throw SsoFailure, audited.
   */
  async finish(
    provider: SsoProvider,
    callback: SsoCallback,
  ): Promise<{ ticket: string; returnTo: string | null }> {
    let issuer: string;
    try {
      issuer = this.issuerOf(provider);
    } catch {
      throw new SsoFailure(SsoReason.NotConfigured, `${provider} sign-in is not configured`);
    }
    try {
      const { identity, claim, value, returnTo } = await this.establish(provider, issuer, callback);
      const user = identity.user;
      if (!user.active)
        throw new SsoFailure(SsoReason.UserInactive, `user ${user.id} is deactivated`, {
          userId: user.id,
          claim,
          value,
        });
      const at = this.now();
      await this.deps.identities.touchIdentity(identity.identity.id, at);
      const ticket = randomBytes(32).toString('base64url');
      await this.deps.identities.saveTicket({
        ticket,
        userId: user.id,
        provider,
        returnTo,
        expiresAt: new Date(at.getTime() + (this.deps.ticketTtlSec ?? 60) * 1000),
      });
      await this.deps.audit.append({
        actorUserId: user.id,
        action: 'user.sign_in_sso',
        entity: 'user',
        entityId: user.id,
        after: { provider, issuer, claim, value, identityId: identity.identity.id },
      });
      return { ticket, returnTo };
    } catch (err) {
      if (!(err instanceof SsoFailure)) throw err;
      await this.deps.audit.append({
        actorUserId: err.facts.userId ?? null,
        action: 'sso.sign_in_failed',
        entity: 'sso',
        entityId: issuer,
        after: { provider, issuer, reason: err.reason, message: err.message, ...err.facts },
      });
      throw err;
    }
  }

  /** Who signed in: state checked, the provider asked, the identity looked up among the mappings. */
  private async establish(
    provider: SsoProvider,
    issuer: string,
    callback: SsoCallback,
  ): Promise<{
    identity: { identity: ExternalIdentity; user: User };
    claim: string;
    value: string;
    returnTo: string | null;
  }> {
    const pending = callback.state
      ? await this.deps.identities.consumeState(callback.state, provider, this.now())
      : null;
    if (!pending)
      throw new SsoFailure(
        SsoReason.StateInvalid,
        callback.state ? 'state unknown, already used or expired' : 'callback without state',
      );
    if (callback.error)
      throw new SsoFailure(
        SsoReason.ProviderDenied,
        `provider answered error=${callback.error.slice(0, 100)}`,
      );
    if (!callback.code) throw new SsoFailure(SsoReason.ProviderDenied, 'callback without code');

    if (provider === 'wecom') {
      const userId = await this.deps.wecom!.userIdForCode(callback.code);
      const found = await this.deps.identities.findMapping(issuer, 'sub', userId);
      if (!found)
        throw new SsoFailure(SsoReason.NotMapped, `WeCom userid ${userId} is mapped to no user`, {
          claim: 'sub',
          value: userId,
        });
      return { identity: found, claim: 'sub', value: userId, returnTo: pending.returnTo };
    }

    const oidc = this.deps.oidc!;
    if (!pending.nonce || !pending.codeVerifier)
      throw new SsoFailure(SsoReason.StateInvalid, 'pending sign-in lacks its nonce or verifier');
    const tokens = await oidc.exchangeCode(callback.code, pending.codeVerifier);
    const claims: Record<string, unknown> = await oidc.verifyIdToken(tokens.idToken, pending.nonce);
    const sub = claims.sub as string;
    const bySub = await this.deps.identities.findMapping(issuer, 'sub', sub);
    if (bySub) return { identity: bySub, claim: 'sub', value: sub, returnTo: pending.returnTo };

    const claim = oidc.settings.mappingClaim;
    if (claim === 'sub')
      throw new SsoFailure(SsoReason.NotMapped, `subject ${sub} of ${issuer} is mapped to no user`, {
        claim: 'sub',
        value: sub,
      });
    // Code flow providers often keep profile claims for userinfo only.
    let all = claims;
    if (claims[claim] === undefined && tokens.accessToken)
      all = { ...(await oidc.userinfo(tokens.accessToken, sub)), ...claims };
    const raw = all[claim];
    if (typeof raw !== 'string' || raw.trim() === '')
      throw new SsoFailure(SsoReason.ClaimMissing, `neither the ID token nor userinfo has claim ${claim}`, {
        claim,
        subject: sub,
      });
    if (claim === 'email' && all.email_verified !== true && all.email_verified !== 'true')
      throw new SsoFailure(SsoReason.EmailUnverified, `the provider does not say ${raw} is verified`, {
        claim,
        subject: sub,
      });
    const found = await this.deps.identities.findMapping(issuer, claim, raw);
    if (!found)
      throw new SsoFailure(
        SsoReason.NotMapped,
        `${claim} ${raw} (subject ${sub}) of ${issuer} is mapped to no user`,
        {
          claim,
          value: raw,
          subject: sub,
        },
      );
    return { identity: found, claim, value: raw, returnTo: pending.returnTo };
  }

  /**
   * The ticket of a finished sign-in (one use) redeemed for a bearer token; the user's older
   * sign-in tokens of that provider beyond `maxTokens` are revoked, so they do not pile up.
   */
  async redeem(ticket: string): Promise<{ token: string; user: User; returnTo: string | null }> {
    const found = await this.deps.identities.consumeTicket(ticket, this.now());
    if (!found)
      throw new AppError(ErrorCode.Unauthorized, 'sign-in ticket unknown, already used or expired', {
        reason: SsoReason.TicketInvalid,
      });
    const provider = found.provider as SsoProvider;
    const user = await this.deps.users.getUser(found.userId);
    if (!user?.active)
      throw new AppError(ErrorCode.Unauthorized, `user ${found.userId} is deactivated`, {
        reason: SsoReason.UserInactive,
      });
    const { token, info } = await this.deps.users.issueToken(user.id, tokenLabel(provider));
    const live = (await this.deps.users.listTokens(user.id)).filter(
      (t) => t.label === tokenLabel(provider) && t.revokedAt === null && t.id !== info.id,
    );
    const keep = (this.deps.maxTokens ?? 5) - 1;
    for (const old of live.slice(0, Math.max(0, live.length - keep)))
      await this.deps.users.revokeToken(old.id);
    return { token, user, returnTo: found.returnTo };
  }

  // Mappings (admins)

  async listIdentities(filter: { userRef?: string }): Promise<ExternalIdentity[]> {
    if (filter.userRef === undefined) return this.deps.identities.listIdentities();
    const user = await this.deps.users.findUser(filter.userRef);
    if (!user) throw new AppError(ErrorCode.NotFound, `user ${filter.userRef} not found`);
    return this.deps.identities.listIdentities({ userId: user.id });
  }

  /** Maps an identity of a configured provider to an existing user; audited on the user. */
  async addIdentity(
    actor: User | null,
    input: { userRef: string; provider: SsoProvider; claim: string; value: string },
  ): Promise<ExternalIdentity> {
    const issuer = this.issuerOf(input.provider);
    const claims = this.mappingClaims(input.provider);
    if (!claims.includes(input.claim))
      throw new AppError(
        ErrorCode.Unprocessable,
        `${input.provider} identities are mapped by ${claims.join(' or ')}, not ${input.claim}`,
        { problems: [{ path: 'claim', message: `one of ${claims.join(', ')}` }] },
      );
    const user = await this.deps.users.findUser(input.userRef);
    if (!user)
      throw new AppError(ErrorCode.NotFound, `user ${input.userRef} not found`, { userId: input.userRef });
    const identity = await this.deps.identities.addIdentity({
      issuer,
      claim: input.claim,
      value: input.value,
      userId: user.id,
      createdBy: actor?.id ?? null,
    });
    await this.deps.audit.append({
      actorUserId: actor?.id ?? null,
      action: 'user.identity_add',
      entity: 'user',
      entityId: user.id,
      after: {
        id: identity.id,
        provider: input.provider,
        issuer,
        claim: identity.claim,
        value: identity.value,
      },
    });
    return identity;
  }

  async removeIdentity(actor: User | null, id: string): Promise<ExternalIdentity> {
    const removed = await this.deps.identities.removeIdentity(id);
    if (!removed) throw new AppError(ErrorCode.NotFound, `identity mapping ${id} not found`);
    await this.deps.audit.append({
      actorUserId: actor?.id ?? null,
      action: 'user.identity_remove',
      entity: 'user',
      entityId: removed.userId,
      before: { id: removed.id, issuer: removed.issuer, claim: removed.claim, value: removed.value },
    });
    return removed;
  }

  /** Refused sign-ins at a provider, oldest first (pages on with `afterId`). */
  async failures(
    provider: SsoProvider,
    options: { afterId?: number; limit?: number },
  ): Promise<AuditEntry[]> {
    return this.deps.audit.list('sso', this.issuerOf(provider), options);
  }
}

/** A path of this site to return to after signing in; anything else (another site, `//x`) is dropped. */
export function safeReturnTo(value: string | null | undefined): string | null {
  if (!value || value.length > 500) return null;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return null;
  if ([...value].some((c) => c.charCodeAt(0) < 0x20) || value.startsWith('/signin')) return null;
  return value;
}
