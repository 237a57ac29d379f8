import type { z } from 'zod';
import { errors, jsonBody, jsonResponse, parameters, pathParameter } from '../openapi-support.js';
import {
  ZCallbackQuery,
  ZFailuresQuery,
  ZIdentityBody,
  ZIdentityQuery,
  ZStartQuery,
  ZTicketBody,
} from './sso.routes.js';

const query = (schema: z.ZodObject) => parameters(schema, 'query');
const provider = {
  ...pathParameter('provider', 'oidc (OpenID Connect) or wecom (企业微信扫码登录)'),
  schema: { type: 'string', enum: ['oidc', 'wecom'] },
};
const REASONS =
  'not_configured, state_invalid, provider_denied, provider_unavailable, code_rejected, bad_signature, ' +
  'wrong_issuer, wrong_audience, token_expired, token_invalid, nonce_mismatch, claim_missing, ' +
  'email_unverified, not_mapped, user_inactive, too_many_attempts';

/** OpenAPI paths of enterprise sign-in (OpenID Connect, WeCom) and its identity mappings. */
export function ssoOpenApiPaths(): Record<string, unknown> {
  return {
    '/v1/auth/providers': {
      get: {
        summary: 'Enterprise sign-in providers configured on this server (no token needed)',
        security: [],
        responses: {
          '200': jsonResponse(
            'the configured providers (none without enterprise sign-in)',
            'SsoProviderList',
          ),
        },
      },
    },
    '/v1/auth/{provider}/start': {
      get: {
        summary: 'Start an enterprise sign-in: redirect to the provider (no token needed)',
        description:
          'Keeps a one-time state (with nonce and PKCE verifier for OpenID Connect) for SSO_STATE_TTL_SEC ' +
          'and redirects to the authorization endpoint, or to the WeCom scan-to-sign-in page. `next` is ' +
          'the web page to open afterwards (a path of this site). A provider not configured redirects ' +
          'to /signin?sso_error=not_configured.',
        security: [],
        parameters: [provider, ...query(ZStartQuery)],
        responses: { '302': { description: 'to the provider' } },
      },
    },
    '/v1/auth/{provider}/callback': {
      get: {
        summary: "The provider's redirect back (OIDC_REDIRECT_URI / WECOM_REDIRECT_URI; no token needed)",
        description:
          'The state is taken (once), the code exchanged, the ID token verified against the issuer JWKS ' +
          '(signature, iss, aud, exp with OIDC_CLOCK_TOLERANCE_SEC, nonce) or the WeCom userid read, and the ' +
          'identity looked up among the mappings (never a new user). Redirects to /signin?sso_ticket=<one-time ' +
          `ticket> or /signin?sso_error=<reason>, reason one of: ${REASONS}. Every attempt is audited.`,
        security: [],
        parameters: [provider, ...query(ZCallbackQuery)],
        responses: {
          '302': { description: 'to the sign-in page with a ticket or the reason of the refusal' },
        },
      },
    },
    '/v1/auth/ticket': {
      post: {
        summary: 'Redeem a sign-in ticket (once, within 60 s) for a bearer token (no token needed)',
        security: [],
        requestBody: jsonBody(ZTicketBody),
        responses: {
          '200': jsonResponse(
            '{ token, next, user }: the same kind of API token as the rest of the API',
            'TicketRedeemed',
          ),
          ...errors(400, 401),
        },
      },
    },
    '/v1/sso/identities': {
      get: {
        summary: 'Identity mappings (admins), all or one user’s',
        parameters: query(ZIdentityQuery),
        responses: { '200': { description: '{ items, providers }' }, ...errors(401, 403, 404) },
      },
      post: {
        summary:
          'Map a provider identity (subject, WeCom userid, or the OIDC_MAPPING_CLAIM such as a verified email) to an existing user (admins)',
        requestBody: jsonBody(ZIdentityBody),
        responses: {
          '201': { description: 'the mapping; audited on the user' },
          ...errors(400, 401, 403, 404, 409, 422),
        },
      },
    },
    '/v1/sso/identities/{id}': {
      delete: {
        summary: 'Remove an identity mapping (admins); the identity can no longer sign in',
        parameters: [pathParameter('id', 'mapping id')],
        responses: { '200': { description: 'the removed mapping' }, ...errors(401, 403, 404) },
      },
    },
    '/v1/sso/failures': {
      get: {
        summary:
          'Refused sign-ins at a provider, oldest first (admins): reason, and who when known; never a secret',
        parameters: query(ZFailuresQuery),
        responses: { '200': { description: '{ items, next }' }, ...errors(400, 401, 403, 404) },
      },
    },
  };
}
