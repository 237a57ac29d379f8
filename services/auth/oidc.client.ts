import { createHash, randomBytes } from 'node:crypto';
import { createRemoteJWKSet, type JWTPayload, errors as joseErrors, jwtVerify } from 'jose';
import { z } from 'zod';
import { SsoFailure, SsoReason } from './sso-failure.js';

/** What an OpenID Connect relying party needs to know (from the configuration). */
export interface OidcSettings {
  /** Exactly as the provider names itself in discovery and in `iss`. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** This server's callback, registered at the provider: `<base>/v1/auth/oidc/callback`. */
  redirectUri: string;
  /** Space-separated scopes; `openid` is always sent. */
  scopes: string;
  /** The ID token claim an admin maps besides `sub` (e.g. `email`). */
  mappingClaim: string;
  /**
   * Seconds of clock difference tolerated on `exp`, `iat` and `nbf` between the provider and
   * this server (default 30: enough for NTP-synchronised clocks, short of prolonging a token).
   */
  clockToleranceSec: number;
}

/** Signature algorithms accepted on an ID token: asymmetric only (never `none` nor a shared secret). */
const ASYMMETRIC_ALGS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
];

const ZDiscovery = z.looseObject({
  issuer: z.string(),
  authorization_endpoint: z.url(),
  token_endpoint: z.url(),
  jwks_uri: z.url(),
  userinfo_endpoint: z.url().optional(),
  token_endpoint_auth_methods_supported: z.array(z.string()).optional(),
  id_token_signing_alg_values_supported: z.array(z.string()).optional(),
  code_challenge_methods_supported: z.array(z.string()).optional(),
});
export type OidcDiscovery = z.infer<typeof ZDiscovery>;

const ZTokenResponse = z.looseObject({
  id_token: z.string().min(1),
  access_token: z.string().optional(),
  token_type: z.string().optional(),
});

/** A fresh PKCE pair (RFC 7636, S256). */
export function createPkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** How long discovery and keys are trusted before they are read again. */
const DISCOVERY_MAX_AGE_MS = 60 * 60_000;

/**
 * An OpenID Connect relying party for the authorization-code flow with PKCE: discovery from the
 * issuer, the code exchanged at the token endpoint (client_secret_basic, or _post where only that
 * is offered), the ID token verified against the issuer's JWKS (signature, `iss`, `aud`/`azp`,
 * `exp`/`iat`/`nbf` with a small tolerance, `nonce`), userinfo read when the mapping claim is not
 * in the ID token. Every refusal is an {@link SsoFailure} with its reason.
 */
export class OidcClient {
  private discovery: { value: OidcDiscovery; at: number } | null = null;
  private jwks: { uri: string; get: ReturnType<typeof createRemoteJWKSet> } | null = null;

  constructor(
    readonly settings: OidcSettings,
    private readonly options: { timeoutMs?: number; now?: () => number } = {},
  ) {}

  private get timeoutMs(): number {
    return this.options.timeoutMs ?? 10_000;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** The provider's metadata, read from `<issuer>/.well-known/openid-configuration` (cached an hour). */
  async discover(): Promise<OidcDiscovery> {
    if (this.discovery && this.now() - this.discovery.at < DISCOVERY_MAX_AGE_MS) return this.discovery.value;
    const url = `${this.settings.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    const body = await this.getJson(url, 'discovery');
    const parsed = ZDiscovery.safeParse(body);
    if (!parsed.success)
      throw new SsoFailure(SsoReason.ProviderUnavailable, `discovery document at ${url} is incomplete`);
    // OpenID Connect Discovery 1.0 §4.3: the issuer in the document must be the one asked for.
    if (parsed.data.issuer !== this.settings.issuer)
      throw new SsoFailure(
        SsoReason.ProviderUnavailable,
        `discovery names issuer ${parsed.data.issuer}, not the configured ${this.settings.issuer}`,
      );
    this.discovery = { value: parsed.data, at: this.now() };
    return parsed.data;
  }

  /** Where the browser goes to sign in: the authorization endpoint with state, nonce and PKCE. */
  async authorizationUrl(input: { state: string; nonce: string; codeChallenge: string }): Promise<string> {
    const d = await this.discover();
    const url = new URL(d.authorization_endpoint);
    const scopes = new Set(['openid', ...this.settings.scopes.split(/\s+/).filter(Boolean)]);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', this.settings.clientId);
    url.searchParams.set('redirect_uri', this.settings.redirectUri);
    url.searchParams.set('scope', [...scopes].join(' '));
    url.searchParams.set('state', input.state);
    url.searchParams.set('nonce', input.nonce);
    url.searchParams.set('code_challenge', input.codeChallenge);
    url.searchParams.set('code_challenge_method', 'S256');
    return url.toString();
  }

  /** The code exchanged for tokens at the token endpoint (with the PKCE verifier). */
  async exchangeCode(
    code: string,
    codeVerifier: string,
  ): Promise<{ idToken: string; accessToken: string | null }> {
    const d = await this.discover();
    const form = new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: this.settings.redirectUri,
      code_verifier: codeVerifier,
    });
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    };
    const methods = d.token_endpoint_auth_methods_supported ?? ['client_secret_basic'];
    if (!methods.includes('client_secret_basic') && methods.includes('client_secret_post')) {
      form.set('client_id', this.settings.clientId);
      form.set('client_secret', this.settings.clientSecret);
    } else {
      // RFC 6749 §2.3.1: both parts form-encoded before base64.
      const basic = `${formEncode(this.settings.clientId)}:${formEncode(this.settings.clientSecret)}`;
      headers.authorization = `Basic ${Buffer.from(basic).toString('base64')}`;
    }
    let res: Response;
    try {
      res = await fetch(d.token_endpoint, {
        method: 'POST',
        headers,
        body: form,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new SsoFailure(SsoReason.ProviderUnavailable, `token endpoint unreachable: ${errorText(err)}`);
    }
    const body = (await res.json().catch(() => null)) as { error?: unknown } | null;
    if (!res.ok) {
      const error = typeof body?.error === 'string' ? body.error : `HTTP ${res.status}`;
      // invalid_grant: the code was used, expired, or the PKCE verifier does not match.
      if (res.status === 400 || error === 'invalid_grant')
        throw new SsoFailure(SsoReason.CodeRejected, `token endpoint refused the code: ${error}`);
      throw new SsoFailure(SsoReason.ProviderUnavailable, `token endpoint answered ${error}`);
    }
    const parsed = ZTokenResponse.safeParse(body);
    if (!parsed.success)
      throw new SsoFailure(SsoReason.ProviderUnavailable, 'token endpoint answered without an id_token');
    return { idToken: parsed.data.id_token, accessToken: parsed.data.access_token ?? null };
  }

  /** The ID token's claims once every check passed; else an SsoFailure naming the first that failed. */
  async verifyIdToken(idToken: string, expectedNonce: string): Promise<JWTPayload> {
    const d = await this.discover();
    if (!this.jwks || this.jwks.uri !== d.jwks_uri) {
      this.jwks = {
        uri: d.jwks_uri,
        get: createRemoteJWKSet(new URL(d.jwks_uri), {
          timeoutDuration: this.timeoutMs,
          cooldownDuration: 30_000,
        }),
      };
    }
    const offered = d.id_token_signing_alg_values_supported;
    const algorithms = offered ? ASYMMETRIC_ALGS.filter((a) => offered.includes(a)) : ASYMMETRIC_ALGS;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(idToken, this.jwks.get, {
        issuer: this.settings.issuer,
        audience: this.settings.clientId,
        clockTolerance: this.settings.clockToleranceSec,
        currentDate: new Date(this.now()),
        algorithms: algorithms.length > 0 ? algorithms : ASYMMETRIC_ALGS,
        requiredClaims: ['sub', 'exp', 'iat'],
      }));
    } catch (err) {
      throw idTokenFailure(err);
    }
    // Core §3.1.3.7: with several audiences, the authorized party must be us.
    if (Array.isArray(payload.aud) && payload.aud.length > 1 && payload.azp !== this.settings.clientId)
      throw new SsoFailure(SsoReason.WrongAudience, `ID token azp ${String(payload.azp)} is not this client`);
    if (payload.azp !== undefined && payload.azp !== this.settings.clientId)
      throw new SsoFailure(SsoReason.WrongAudience, `ID token azp ${String(payload.azp)} is not this client`);
    if (typeof payload.nonce !== 'string' || payload.nonce !== expectedNonce)
      throw new SsoFailure(
        SsoReason.NonceMismatch,
        'ID token nonce is not the one of this sign-in (a replayed or injected token)',
      );
    return payload;
  }

  /** Claims from the userinfo endpoint; its `sub` must be the ID token's (Core §5.3.2). */
  async userinfo(accessToken: string, sub: string): Promise<Record<string, unknown>> {
    const d = await this.discover();
    if (!d.userinfo_endpoint) return {};
    let res: Response;
    try {
      res = await fetch(d.userinfo_endpoint, {
        headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new SsoFailure(SsoReason.ProviderUnavailable, `userinfo endpoint unreachable: ${errorText(err)}`);
    }
    const body = (await res.json().catch(() => null)) as Record<string, unknown> | null;
    if (!res.ok || !body)
      throw new SsoFailure(SsoReason.ProviderUnavailable, `userinfo answered HTTP ${res.status}`);
    if (body.sub !== sub)
      throw new SsoFailure(SsoReason.TokenInvalid, 'userinfo sub differs from the ID token sub');
    return body;
  }

  private async getJson(url: string, what: string): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(url, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new SsoFailure(SsoReason.ProviderUnavailable, `${what} unreachable at ${url}: ${errorText(err)}`);
    }
    if (!res.ok)
      throw new SsoFailure(SsoReason.ProviderUnavailable, `${what} at ${url} answered HTTP ${res.status}`);
    try {
      return await res.json();
    } catch {
      throw new SsoFailure(SsoReason.ProviderUnavailable, `${what} at ${url} is not JSON`);
    }
  }
}

/** jose's verification errors as our reasons. */
function idTokenFailure(err: unknown): SsoFailure {
  if (err instanceof SsoFailure) return err;
  if (err instanceof joseErrors.JWTExpired)
    return new SsoFailure(SsoReason.TokenExpired, `ID token expired: ${err.message}`);
  if (err instanceof joseErrors.JWTClaimValidationFailed) {
    if (err.claim === 'iss') return new SsoFailure(SsoReason.WrongIssuer, `ID token ${err.message}`);
    if (err.claim === 'aud') return new SsoFailure(SsoReason.WrongAudience, `ID token ${err.message}`);
    return new SsoFailure(SsoReason.TokenInvalid, `ID token ${err.message}`);
  }
  if (err instanceof joseErrors.JWSSignatureVerificationFailed || err instanceof joseErrors.JWKSNoMatchingKey)
    return new SsoFailure(
      SsoReason.BadSignature,
      `ID token signature does not verify with the issuer's keys`,
    );
  if (err instanceof joseErrors.JWKSTimeout || err instanceof joseErrors.JWKSInvalid)
    return new SsoFailure(SsoReason.ProviderUnavailable, `issuer's JWKS unusable: ${err.message}`);
  if (err instanceof joseErrors.JOSEError)
    return new SsoFailure(SsoReason.TokenInvalid, `ID token refused: ${err.code}: ${err.message}`);
  return new SsoFailure(SsoReason.ProviderUnavailable, `ID token could not be checked: ${errorText(err)}`);
}

const formEncode = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));
