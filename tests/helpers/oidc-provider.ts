import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt, exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import Provider from 'oidc-provider';

/** An account at the test provider: its subject and the claims it releases. */
export interface TestAccount {
  email?: string;
  email_verified?: boolean;
  name?: string;
}

/**
 * A real, standards-complete OpenID provider (`oidc-provider`) on a free loopback port, for
 * driving the whole authorization-code flow with plain HTTP requests. Its login screen is
 * replaced by `loginAs`: the next interaction signs that account in and grants what was asked.
 * `tamper` rewrites the ID token of the next token responses (signed again with the provider's
 * own key, or with a stranger's), to play a misbehaving or impersonated provider.
 */
export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  loginAs(sub: string): void;
  tamper: ((idToken: string) => Promise<string>) | null;
  /** Signs claims with the provider's own key (`stranger`: with another key under the same kid). */
  sign(claims: JWTPayload, options?: { stranger?: boolean }): Promise<string>;
  close(): Promise<void>;
}

export async function startTestOidcProvider(input: {
  redirectUri: string;
  accounts: Record<string, TestAccount>;
}): Promise<TestOidcProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'tingjian-test';
  const clientSecret = 'test-secret-0123456789';
  const own = await generateKeyPair('RS256', { extractable: true });
  const stranger = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(own.privateKey)), kid: 'test-key-1', alg: 'RS256', use: 'sig' };

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [input.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: ['test-cookie-key-0123456789'] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    pkce: { required: () => true },
    ttl: { Interaction: 600, Grant: 600, Session: 600, AccessToken: 600, IdToken: 600 },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx, sub) => {
      const account = input.accounts[sub];
      if (!account) return undefined;
      return { accountId: sub, claims: () => ({ sub, ...account }) };
    },
  });

  let nextLogin: string | null = null;
  const state: TestOidcProvider = {
    issuer,
    clientId,
    clientSecret,
    loginAs: (sub) => {
      nextLogin = sub;
    },
    tamper: null,
    sign: (claims, options = {}) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: 'test-key-1', typ: 'JWT' })
        .sign(options.stranger ? stranger.privateKey : own.privateKey),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  // After the token endpoint: swap its ID token when the test asks to.
  provider.use(async (ctx, next) => {
    await next();
    const body = ctx.body as { id_token?: string } | undefined;
    if (ctx.path === '/token' && state.tamper && typeof body?.id_token === 'string') {
      ctx.body = { ...body, id_token: await state.tamper(body.id_token) };
    }
  });

  const handle = provider.callback();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (!req.url?.startsWith('/interaction/')) return void handle(req, res);
    void (async () => {
      const details = await provider.interactionDetails(req, res);
      const accountId = nextLogin;
      if (!accountId) throw new Error('test provider: call loginAs() before the flow');
      const grant = new provider.Grant({ accountId, clientId: String(details.params.client_id) });
      grant.addOIDCScope(String(details.params.scope));
      const grantId = await grant.save();
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId }, consent: { grantId } },
        { mergeWithLastSubmission: false },
      );
    })().catch((err: Error) => {
      res.statusCode = 500;
      res.end(err.message);
    });
  });
  return state;
}

/** The claims of a JWT, unverified (to build a tampered copy). */
export const claimsOf = (jwt: string): JWTPayload => decodeJwt(jwt);
