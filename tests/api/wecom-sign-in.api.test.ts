import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../bin/config.js';
import { buildService, type Service } from '../../bin/service.js';
import { stopTestService } from '../helpers/services.js';

const CORP_ID = 'ww0123456789abcdef';
const SECRET = 'wecom-app-secret-for-tests';

/**
 * A stand-in for the WeCom server API (qyapi.weixin.qq.com) as documented for scan-to-sign-in:
 * GET /cgi-bin/gettoken?corpid&corpsecret → access_token (expires_in 7200); GET
 * /cgi-bin/auth/getuserinfo?access_token&code → userid for a corp member, openid for an outsider;
 * a code is good once (errcode 40029 afterwards), a wrong secret is errcode 40001.
 */
async function startWecomStandIn() {
  const codes = new Map<string, { userid?: string; openid?: string }>();
  const calls: string[] = [];
  let issued = 0;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    calls.push(url.pathname);
    const send = (body: object) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/cgi-bin/gettoken') {
      if (url.searchParams.get('corpid') !== CORP_ID || url.searchParams.get('corpsecret') !== SECRET)
        return send({ errcode: 40001, errmsg: 'invalid credential' });
      issued++;
      return send({ errcode: 0, errmsg: 'ok', access_token: `at-${issued}`, expires_in: 7200 });
    }
    if (url.pathname === '/cgi-bin/auth/getuserinfo') {
      if (url.searchParams.get('access_token') !== `at-${issued}`)
        return send({ errcode: 40014, errmsg: 'invalid access_token' });
      const code = url.searchParams.get('code') ?? '';
      const who = codes.get(code);
      codes.delete(code);
      if (!who) return send({ errcode: 40029, errmsg: 'invalid code' });
      return send({ errcode: 0, errmsg: 'ok', ...who });
    }
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    /** What WeCom does when a member scans: a fresh code for them. */
    scan(who: { userid?: string; openid?: string }): string {
      const code = `code-${Math.random().toString(36).slice(2)}`;
      codes.set(code, who);
      return code;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('WeCom scan-to-sign-in', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tingjian-wecom-'));
  let wecom: Awaited<ReturnType<typeof startWecomStandIn>>;
  let svc: Service;
  let app: ReturnType<Service['app']>;
  let adminToken = '';
  let repId = '';
  const admin = () => ({ Authorization: `Bearer ${adminToken}` });

  beforeAll(async () => {
    wecom = await startWecomStandIn();
    svc = await buildService(
      loadConfig({
        DATA_DIR: dir,
        LOG_LEVEL: 'silent',
        SECOND_STAGE_MODEL: 'off',
        WECOM_CORP_ID: CORP_ID,
        WECOM_AGENT_ID: '1000002',
        WECOM_SECRET: SECRET,
        WECOM_REDIRECT_URI: 'https://tingjian.example.com/v1/auth/wecom/callback',
        WECOM_API_BASE: wecom.base,
      }),
      { role: 'serve' },
    );
    app = svc.app({});
    const a = await svc.users.createUser({ name: 'admin', roles: ['admin'] });
    adminToken = (await svc.users.issueToken(a.id)).token;
    repId = (await svc.users.createUser({ name: '赵敏', roles: ['rep'], externalId: 'rep-zhao' })).id;
    const mapped = await request(app)
      .post('/v1/sso/identities')
      .set(admin())
      .send({ userId: 'rep-zhao', provider: 'wecom', value: 'ZhaoMin' });
    expect(mapped.status).toBe(201);
    expect(mapped.body.identity).toMatchObject({
      issuer: `wecom:${CORP_ID}`,
      claim: 'sub',
      value: 'ZhaoMin',
    });
  }, 60_000);

  afterAll(async () => {
    await stopTestService(svc);
    await wecom?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Our start: the WeCom login page's address, and the state it carries. */
  async function start(next?: string): Promise<string> {
    const res = await request(app)
      .get('/v1/auth/wecom/start')
      .query(next ? { next } : {});
    expect(res.status).toBe(302);
    const page = new URL(res.headers.location as string);
    expect(`${page.origin}${page.pathname}`).toBe('https://login.work.weixin.qq.com/wwlogin/sso/login');
    expect(Object.fromEntries(page.searchParams)).toMatchObject({
      login_type: 'CorpApp',
      appid: CORP_ID,
      agentid: '1000002',
      redirect_uri: 'https://tingjian.example.com/v1/auth/wecom/callback',
    });
    return page.searchParams.get('state')!;
  }

  async function callback(query: Record<string, string>): Promise<URL> {
    const res = await request(app).get('/v1/auth/wecom/callback').query(query);
    expect(res.status).toBe(302);
    return new URL(res.headers.location as string, 'http://web.test');
  }

  it('is offered by the providers endpoint', async () => {
    const res = await request(app).get('/v1/auth/providers');
    expect(res.body.providers).toEqual([{ id: 'wecom', issuer: `wecom:${CORP_ID}` }]);
  });

  it('signs a mapped member in: code exchanged for the userid, the product token issued', async () => {
    const state = await start('/growth');
    const page = await callback({ code: wecom.scan({ userid: 'ZhaoMin' }), state });
    const ticket = page.searchParams.get('sso_ticket');
    expect(ticket).toBeTruthy();
    const redeemed = await request(app).post('/v1/auth/ticket').send({ ticket });
    expect(redeemed.body).toMatchObject({ next: '/growth', user: { id: repId, name: '赵敏' } });
    const me = await request(app)
      .get('/v1/me')
      .set({ Authorization: `Bearer ${redeemed.body.token}` });
    expect(me.body.externalId).toBe('rep-zhao');
    const audit = await request(app).get('/v1/audit').query({ entity: 'user', id: repId }).set(admin());
    expect(audit.body.items.map((e: { action: string }) => e.action)).toContain('user.sign_in_sso');
  });

  it('refuses a replayed state, before asking WeCom anything', async () => {
    const state = await start();
    expect(
      (await callback({ code: wecom.scan({ userid: 'ZhaoMin' }), state })).searchParams.get('sso_ticket'),
    ).toBeTruthy();
    const before = wecom.calls.length;
    const replay = await callback({ code: wecom.scan({ userid: 'ZhaoMin' }), state });
    expect(replay.searchParams.get('sso_error')).toBe('state_invalid');
    expect(wecom.calls.length).toBe(before);
  });

  it('refuses a member mapped to nobody, and an outsider, creating no user', async () => {
    const users = (await svc.users.listUsers()).length;
    const unknown = await callback({ code: wecom.scan({ userid: 'LiSi' }), state: await start() });
    expect(unknown.searchParams.get('sso_error')).toBe('not_mapped');
    const outsider = await callback({ code: wecom.scan({ openid: 'oAbc' }), state: await start() });
    expect(outsider.searchParams.get('sso_error')).toBe('not_mapped');
    expect((await svc.users.listUsers()).length).toBe(users);
    const failures = await request(app).get('/v1/sso/failures').query({ provider: 'wecom' }).set(admin());
    const entry = failures.body.items.find((e: { after: { value?: string } }) => e.after.value === 'LiSi');
    expect(entry.after).toMatchObject({
      provider: 'wecom',
      issuer: `wecom:${CORP_ID}`,
      reason: 'not_mapped',
    });
    expect(JSON.stringify(failures.body)).not.toContain(SECRET);
    expect(JSON.stringify(failures.body)).not.toContain('at-');
  });

  it('refuses a code WeCom does not know (used or made up)', async () => {
    const page = await callback({ code: 'made-up', state: await start() });
    expect(page.searchParams.get('sso_error')).toBe('code_rejected');
  });

  it('gets a new access token when WeCom says the cached one is invalid', async () => {
    // The stand-in forgets the token it gave by issuing another to someone else.
    await fetch(`${wecom.base}/cgi-bin/gettoken?corpid=${CORP_ID}&corpsecret=${SECRET}`);
    const page = await callback({ code: wecom.scan({ userid: 'ZhaoMin' }), state: await start() });
    expect(page.searchParams.get('sso_ticket')).toBeTruthy();
  });

  it('maps WeCom identities by userid only', async () => {
    const res = await request(app)
      .post('/v1/sso/identities')
      .set(admin())
      .send({ userId: 'rep-zhao', provider: 'wecom', claim: 'email', value: 'zhao@corp.example' });
    expect(res.status).toBe(422);
    const oidc = await request(app)
      .post('/v1/sso/identities')
      .set(admin())
      .send({ userId: 'rep-zhao', provider: 'oidc', value: 'x' });
    expect(oidc.status).toBe(404);
  });
});
