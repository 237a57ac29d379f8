import { z } from 'zod';
import { SSO_PROVIDERS, type SsoService } from '../../services/auth/sso.service.js';
import { ZMe } from './session.routes.js';

/**
 * `GET /v1/auth/providers`: the enterprise sign-in providers this server has configured, as the
 * sign-in page reads them. The OpenAPI document names the schema, the web's type is generated
 * from it, and the view function below is typed by it (tests/api/sso.api.test.ts parses the
 * real answer with it).
 */
export const ZSsoProvider = z.strictObject({
  id: z.enum(SSO_PROVIDERS),
  /** The identity provider's issuer (OpenID Connect) or the WeCom corp's address. */
  issuer: z.string(),
});

export const ZSsoProviderList = z.strictObject({ providers: z.array(ZSsoProvider) });
export type SsoProviderList = z.infer<typeof ZSsoProviderList>;

/**
 * `POST /v1/auth/ticket`: the bearer token a sign-in ticket was redeemed for, where the user was
 * going (a path of the web app, or null) and who signed in (the same fields as GET /v1/me).
 */
export const ZTicketRedeemed = z.strictObject({ token: z.string(), next: z.string().nullable(), user: ZMe });

/**
 * The providers of `sso` (none without enterprise sign-in) as the API sends them: each field is
 * named, so a field the service adds reaches the answer only when the schema has it too.
 */
export function ssoProviderList(sso: Pick<SsoService, 'providers'> | undefined): SsoProviderList {
  return { providers: (sso?.providers() ?? []).map((p) => ({ id: p.id, issuer: p.issuer })) };
}
