/**
 * Why an enterprise sign-in was refused: a closed set of codes, carried to the web page in the
 * redirect (`/signin?sso_error=<code>`, shown there in Chinese) and recorded in the audit log.
 * Every one of them is a 401 (`unauthorized`) for an API client, with the code in `details.reason`.
 */
export const SsoReason = {
  /** The provider is not configured on this server. */
  NotConfigured: 'not_configured',
  /** The `state` is unknown, already used (a replayed callback) or expired. */
  StateInvalid: 'state_invalid',
  /** The provider sent the user back with an error (cancelled, consent refused). */
  ProviderDenied: 'provider_denied',
  /** Discovery, JWKS, token or WeCom endpoint unreachable or answering nonsense. */
  ProviderUnavailable: 'provider_unavailable',
  /** The provider refused the authorization code (already used, expired, wrong PKCE verifier). */
  CodeRejected: 'code_rejected',
  /** The ID token's signature does not verify with the issuer's JWKS. */
  BadSignature: 'bad_signature',
  /** The ID token's `iss` is not the configured issuer. */
  WrongIssuer: 'wrong_issuer',
  /** The ID token was not issued to this client (`aud` / `azp`). */
  WrongAudience: 'wrong_audience',
  /** The ID token's `exp` has passed (beyond the clock tolerance). */
  TokenExpired: 'token_expired',
  /** The ID token is malformed, not yet valid, lacks a required claim or uses a refused algorithm. */
  TokenInvalid: 'token_invalid',
  /** The ID token's `nonce` is not the one of this sign-in: a replayed token. */
  NonceMismatch: 'nonce_mismatch',
  /** The claim used for mapping is absent. */
  ClaimMissing: 'claim_missing',
  /** Mapping by e-mail, and the provider does not say the address is verified. */
  EmailUnverified: 'email_unverified',
  /** No user is mapped to this identity: nobody is created, an admin must map it first. */
  NotMapped: 'not_mapped',
  /** The mapped user is deactivated. */
  UserInactive: 'user_inactive',
  /** The sign-in ticket is unknown, already used or expired. */
  TicketInvalid: 'ticket_invalid',
  /** Too many refused sign-ins from this address in the last minute: not even tried. */
  TooManyAttempts: 'too_many_attempts',
} as const;
export type TSsoReason = (typeof SsoReason)[keyof typeof SsoReason];
export const SSO_REASONS = Object.values(SsoReason) as readonly TSsoReason[];

/** A refused sign-in: `reason` is for the page and the audit, `message` (English) for operators. */
export class SsoFailure extends Error {
  override readonly name = 'SsoFailure';
  constructor(
    readonly reason: TSsoReason,
    message: string,
    /** What the audit may keep (never a code, token, state or secret). */
    readonly facts: Record<string, string | null> = {},
  ) {
    super(message);
  }
}
