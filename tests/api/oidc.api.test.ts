import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ZSsoProviderList, ZTicketRedeemed } from '../../api/routes/sso.schema.js';
import { loadConfig } from '../../bin/config.js';
import { buildService, type Service } from '../../bin/service.js';
import { IdentityRepository } from '../../models/identity.repository.js';
import { claimsOf, startTestOidcProvider, type TestOidcProvider } from '../helpers/oidc-provider.js';
import { stopTestService } from '../helpers/services.js';

const REDIRECT_URI = 'http://127.0.0.1:3999/v1/auth/oidc/callback';

/**
 * Enterprise sign-in through a real OpenID provider (oidc-provider on a loopback port): the whole
 * authorization-code flow with PKCE driven by HTTP requests, an identity mapped by an admin signs
 * in with the product's own bearer token; a bad signature, a wrong issuer or audience, an expired
 * token, a replayed state or nonce and an unmapped identity are each refused with their reason,
 * nobody is created, and every attempt is audited without secrets.
 */
describe('OpenID Connect sign-in', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tingjian-oidc-'));
  let op: TestOidcProvider;
  let svc: Service;
  let app: ReturnType<Service['app']>;
  let adminToken = '';
  const ids: Record<string, string> = {};
  const admin = () => ({ Authorization: `Bearer ${adminToken}` });

  beforeAll(async () => {
    op = await startTestOidcProvider({
      redirectUri: REDIRECT_URI,
      accounts: {
        'alice-sub': { email: 'alice@corp.example', email_verified: true, name: '王丽' },
        'carol-sub': { email: 'Carol@Corp.example', email_verified: true, name: '陈静' },
        'dave-sub': { email: 'dave@corp.example', email_verified: false, name: '刁伟' },
        'erin-sub': { email: 'erin@corp.example', email_verified: true, name: '鄂宁' },
        'stranger-sub': { email: 'stranger@corp.example', email_verified: true, name: '陌生人' },
      },
    });
    svc = await buildService(
      loadConfig({
        DATA_DIR: dir,
        LOG_LEVEL: 'silent',
        SECOND_STAGE_MODEL: 'off',
        OIDC_ISSUER: op.issuer,
        OIDC_CLIENT_ID: op.clientId,
        OIDC_CLIENT_SECRET: op.clientSecret,
        OIDC_REDIRECT_URI: REDIRECT_URI,
        OIDC_MAPPING_CLAIM: 'email',
      }),
      { role: 'serve' },
    );
    app = svc.app({});
    const team = await svc.users.createTeam({ name: '华东组' });
    const a = await svc.users.createUser({ name: 'admin', roles: ['admin'] });
    adminToken = (await svc.users.issueToken(a.id)).token;
    for (const [name, roles] of [
      ['alice', ['rep']],
      ['carol', ['manager']],
      ['dave', ['rep']],
      ['erin', ['rep']],
    ] as const) {
      const u = await svc.users.createUser({
        name,
        roles: [...roles],
        teamId: team.id,
        externalId: `${name}-ext`,
      });
      ids[name] = u.id;
    }
    // Mapped before any test: each test below stands on its own.
    for (const [user, sub] of [
      ['alice', 'alice-sub'],
      ['erin', 'erin-sub'],
    ] as const)
      await svc.sso!.addIdentity(null, { userRef: ids[user]!, provider: 'oidc', claim: 'sub', value: sub });
  }, 60_000);

  afterAll(async () => {
    await stopTestService(svc);
    await op?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    op.tamper = null;
  });

  /** Start at our server, sign in at the provider; returns the query our callback receives. */
  async function authorize(sub: string, next?: string): Promise<string> {
    op.loginAs(sub);
    const start = await request(app)
      .get('/v1/auth/oidc/start')
      .query(next ? { next } : {});
    expect(start.status).toBe(302);
    let location = start.headers.location as string;
    expect(location.startsWith(`${op.issuer}/auth?`)).toBe(true);
    const jar = new Map<string, string>();
    for (let hops = 0; hops < 10; hops++) {
      if (location.startsWith(REDIRECT_URI)) return new URL(location).search;
      const res = await fetch(new URL(location, op.issuer), {
        redirect: 'manual',
        headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(';');
        const eq = pair!.indexOf('=');
        const [k, v] = [pair!.slice(0, eq), pair!.slice(eq + 1)];
        if (v === '') jar.delete(k);
        else jar.set(k, v);
      }
      expect([302, 303]).toContain(res.status);
      location = res.headers.get('location')!;
    }
    throw new Error('no redirect back from the provider');
  }

  /** Our callback with the provider's answer: the sign-in page it sends the browser to. */
  async function callback(search: string): Promise<URL> {
    const res = await request(app).get(`/v1/auth/oidc/callback${search}`);
    expect(res.status).toBe(302);
    expect(res.headers['cache-control']).toBe('no-store');
    return new URL(res.headers.location as string, 'http://web.test');
  }

  async function failuresOf(reason: string) {
    const res = await request(app).get('/v1/sso/failures').query({ provider: 'oidc' }).set(admin());
    expect(res.status).toBe(200);
    return (res.body.items as { after: Record<string, unknown> }[]).filter((e) => e.after.reason === reason);
  }

  async function map(user: string, claim: string, value: string) {
    const res = await request(app)
      .post('/v1/sso/identities')
      .set(admin())
      .send({ userId: user, provider: 'oidc', claim, value });
    expect(res.status).toBe(201);
    return res.body.identity as { id: string; issuer: string; claim: string; value: string };
  }

  it('says which providers are configured, without a token', async () => {
    const res = await request(app).get('/v1/auth/providers');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ providers: [{ id: 'oidc', issuer: op.issuer }] });
    // The strict schema the web's type is generated from takes the real answer as it is.
    expect(ZSsoProviderList.strict().parse(res.body)).toEqual(res.body);
    // WeCom is not configured here: its start sends the browser back with the reason.
    const wecom = await request(app).get('/v1/auth/wecom/start');
    expect(wecom.headers.location).toBe('/signin?sso_error=not_configured');
  });

  it('is described in the OpenAPI document', async () => {
    const paths = (await request(app).get('/v1/openapi.json')).body.paths as Record<string, object>;
    for (const path of [
      '/v1/auth/providers',
      '/v1/auth/{provider}/start',
      '/v1/auth/{provider}/callback',
      '/v1/auth/ticket',
      '/v1/sso/identities',
      '/v1/sso/identities/{id}',
      '/v1/sso/failures',
    ])
      expect(paths[path], path).toBeDefined();
  });

  it('signs a mapped subject in with a bearer token of the product, audited', async () => {
    const listed = await request(app).get('/v1/sso/identities').query({ userId: 'alice-ext' }).set(admin());
    expect(listed.body.items).toMatchObject([
      { issuer: op.issuer, claim: 'sub', value: 'alice-sub', userId: ids.alice },
    ]);
    const page = await callback(await authorize('alice-sub', '/calls?mine=1'));
    expect(page.pathname).toBe('/signin');
    const ticket = page.searchParams.get('sso_ticket');
    expect(ticket).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const redeemed = await request(app).post('/v1/auth/ticket').send({ ticket });
    expect(redeemed.status).toBe(200);
    // Exactly the shape the OpenAPI document (and so the sign-in page's TicketRedeemed) describes.
    expect(ZTicketRedeemed.safeParse(redeemed.body).error?.issues ?? []).toEqual([]);
    expect(redeemed.body).toMatchObject({ next: '/calls?mine=1', user: { id: ids.alice, roles: ['rep'] } });
    expect(redeemed.body.token).toMatch(/^tj_/);
    const me = await request(app)
      .get('/v1/me')
      .set({ Authorization: `Bearer ${redeemed.body.token}` });
    expect(me.body).toMatchObject({ id: ids.alice, name: 'alice', roles: ['rep'] });
    const tokens = await svc.users.listTokens(ids.alice!);
    expect(tokens.map((t) => t.label)).toEqual(['sso:oidc']);

    // A ticket is good once.
    const again = await request(app).post('/v1/auth/ticket').send({ ticket });
    expect(again.status).toBe(401);
    expect(again.body.error.details.reason).toBe('ticket_invalid');

    const audit = await request(app).get('/v1/audit').query({ entity: 'user', id: ids.alice }).set(admin());
    const signIn = (audit.body.items as { action: string; actorUserId: string; after: unknown }[]).find(
      (e) => e.action === 'user.sign_in_sso',
    );
    expect(signIn).toMatchObject({
      actorUserId: ids.alice,
      after: { provider: 'oidc', issuer: op.issuer, claim: 'sub', value: 'alice-sub' },
    });
    expect(JSON.stringify(audit.body)).not.toContain(ticket!);
  });

  it('maps a verified e-mail (read from userinfo, any case) when OIDC_MAPPING_CLAIM=email', async () => {
    expect(await map(ids.carol!, 'email', 'carol@corp.example')).toMatchObject({
      issuer: op.issuer,
      claim: 'email',
      value: 'carol@corp.example',
    });
    const page = await callback(await authorize('carol-sub'));
    const ticket = page.searchParams.get('sso_ticket');
    const redeemed = await request(app).post('/v1/auth/ticket').send({ ticket });
    expect(redeemed.body.user).toMatchObject({ id: ids.carol, roles: ['manager'] });
    expect(redeemed.body.next).toBeNull();
  });

  it('refuses an unverified e-mail', async () => {
    await map(ids.dave!, 'email', 'dave@corp.example');
    const page = await callback(await authorize('dave-sub'));
    expect(page.searchParams.get('sso_error')).toBe('email_unverified');
  });

  it('refuses an identity mapped to nobody, and creates no user', async () => {
    const before = (await svc.users.listUsers()).length;
    const page = await callback(await authorize('stranger-sub'));
    expect(page.searchParams.get('sso_error')).toBe('not_mapped');
    expect(page.searchParams.get('sso_ticket')).toBeNull();
    expect((await svc.users.listUsers()).length).toBe(before);
    const [entry] = await failuresOf('not_mapped');
    // The admin sees whom to map; no code, token or state is kept.
    expect(entry?.after).toMatchObject({ provider: 'oidc', claim: 'email', value: 'stranger@corp.example' });
    expect(JSON.stringify(entry)).not.toMatch(/code=|eyJ|tj_/);
  });

  it('refuses a replayed state (the same callback twice)', async () => {
    const search = await authorize('erin-sub');
    expect((await callback(search)).searchParams.get('sso_ticket')).toBeTruthy();
    const replay = await callback(search);
    expect(replay.searchParams.get('sso_error')).toBe('state_invalid');
    // A made-up state, and none at all.
    expect((await callback('?code=abc&state=forged')).searchParams.get('sso_error')).toBe('state_invalid');
    expect((await callback('?code=abc')).searchParams.get('sso_error')).toBe('state_invalid');
  });

  it('refuses a replayed ID token (its nonce belongs to an earlier sign-in)', async () => {
    let captured = '';
    op.tamper = async (idToken) => {
      captured = idToken;
      return idToken;
    };
    expect((await callback(await authorize('alice-sub'))).searchParams.get('sso_ticket')).toBeTruthy();
    // The earlier, genuinely signed and unexpired token comes back in a new sign-in.
    op.tamper = async () => captured;
    const page = await callback(await authorize('alice-sub'));
    expect(page.searchParams.get('sso_error')).toBe('nonce_mismatch');
  });

  it('refuses a token signed with another key', async () => {
    op.tamper = async (idToken) => op.sign(claimsOf(idToken), { stranger: true });
    expect((await callback(await authorize('alice-sub'))).searchParams.get('sso_error')).toBe(
      'bad_signature',
    );
  });

  it('refuses a token of another issuer', async () => {
    op.tamper = async (idToken) => op.sign({ ...claimsOf(idToken), iss: 'https://evil.example' });
    expect((await callback(await authorize('alice-sub'))).searchParams.get('sso_error')).toBe('wrong_issuer');
  });

  it('refuses a token issued to another client', async () => {
    op.tamper = async (idToken) =>
      op.sign({ ...claimsOf(idToken), aud: 'another-client', azp: 'another-client' });
    expect((await callback(await authorize('alice-sub'))).searchParams.get('sso_error')).toBe(
      'wrong_audience',
    );
  });

  it('refuses an expired token, and tolerates 30 s of clock difference', async () => {
    const now = Math.floor(Date.now() / 1000);
    op.tamper = async (idToken) => op.sign({ ...claimsOf(idToken), iat: now - 600, exp: now - 120 });
    expect((await callback(await authorize('alice-sub'))).searchParams.get('sso_error')).toBe(
      'token_expired',
    );
    op.tamper = async (idToken) => op.sign({ ...claimsOf(idToken), iat: now - 600, exp: now - 10 });
    expect((await callback(await authorize('alice-sub'))).searchParams.get('sso_ticket')).toBeTruthy();
  });

  it('audits each refusal with its reason', async () => {
    for (const reason of [
      'bad_signature',
      'wrong_issuer',
      'wrong_audience',
      'token_expired',
      'nonce_mismatch',
      'state_invalid',
      'not_mapped',
    ]) {
      const entries = await failuresOf(reason);
      expect(entries.length, reason).toBeGreaterThan(0);
      expect(entries[0]!.after).toMatchObject({ provider: 'oidc', issuer: op.issuer, reason });
    }
  });

  it('refuses a state whose sign-in took longer than SSO_STATE_TTL_SEC', async () => {
    const repo = new IdentityRepository(svc.database.db);
    await repo.saveState({
      state: 'slow-state',
      provider: 'oidc',
      nonce: 'n',
      codeVerifier: 'v',
      returnTo: null,
      expiresAt: new Date(Date.now() - 1000),
    });
    expect((await callback('?code=abc&state=slow-state')).searchParams.get('sso_error')).toBe(
      'state_invalid',
    );
    // Taken once even so: not there any more.
    expect(await repo.consumeState('slow-state', 'oidc', new Date(0))).toBeNull();
  });

  it('lets only admins manage mappings, and removes them', async () => {
    const alice = await svc.users.issueToken(ids.alice!);
    const asRep = await request(app)
      .get('/v1/sso/identities')
      .set({ Authorization: `Bearer ${alice.token}` });
    expect(asRep.status).toBe(403);
    const listed = await request(app).get('/v1/sso/identities').query({ userId: 'alice-ext' }).set(admin());
    expect(listed.body.items).toHaveLength(1);
    const dup = await request(app)
      .post('/v1/sso/identities')
      .set(admin())
      .send({ userId: ids.erin, provider: 'oidc', claim: 'sub', value: 'alice-sub' });
    expect(dup.status).toBe(409);
    const badClaim = await request(app)
      .post('/v1/sso/identities')
      .set(admin())
      .send({ userId: ids.erin, provider: 'oidc', claim: 'phone_number', value: '13800000000' });
    expect(badClaim.status).toBe(422);
    const noUser = await request(app)
      .post('/v1/sso/identities')
      .set(admin())
      .send({ userId: 'nobody', provider: 'oidc', claim: 'sub', value: 'x' });
    expect(noUser.status).toBe(404);
    const removed = await request(app).delete(`/v1/sso/identities/${listed.body.items[0].id}`).set(admin());
    expect(removed.status).toBe(200);
    // Unmapped now: alice's next sign-in is refused.
    expect((await callback(await authorize('alice-sub'))).searchParams.get('sso_error')).toBe('not_mapped');
  });

  it('refuses a sign-in the provider sent back with an error (cancelled at the provider)', async () => {
    const state = new URL(
      (await request(app).get('/v1/auth/oidc/start')).headers.location as string,
    ).searchParams.get('state');
    const page = await callback(`?error=access_denied&state=${state}`);
    expect(page.searchParams.get('sso_error')).toBe('provider_denied');
    // The state went with it.
    expect((await callback(`?code=x&state=${state}`)).searchParams.get('sso_error')).toBe('state_invalid');
  });

  it('refuses a deactivated user', async () => {
    await svc.users.deactivate(ids.erin!);
    expect((await callback(await authorize('erin-sub'))).searchParams.get('sso_error')).toBe('user_inactive');
  });

  // Last: it uses up this address's allowance of refused sign-ins for the minute.
  it('stops trying callbacks and tickets from an address past 30 refusals a minute', async () => {
    let page = await callback('?code=x&state=forged');
    for (let i = 0; i < 40 && page.searchParams.get('sso_error') === 'state_invalid'; i++)
      page = await callback('?code=x&state=forged');
    expect(page.searchParams.get('sso_error')).toBe('too_many_attempts');
    const audited = (await failuresOf('state_invalid')).length;
    await callback('?code=x&state=forged');
    expect((await failuresOf('state_invalid')).length).toBe(audited);
    const ticket = await request(app).post('/v1/auth/ticket').send({ ticket: 'forged' });
    expect(ticket.status).toBe(429);
    expect(ticket.body.error.details.reason).toBe('too_many_attempts');
    expect(Number(ticket.headers['retry-after'])).toBeGreaterThan(0);
  });
});
