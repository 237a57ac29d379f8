import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../bin/config.js';
import { buildService, type Service } from '../../bin/service.js';
import { stopTestService } from '../helpers/services.js';

/** Vendor ASR results posted to POST /v1/calls as they are, recognised by content. */
describe('POST /v1/calls with a vendor result', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tingjian-import-api-'));
  const fixture = (name: string) =>
    JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'import', name), 'utf8')) as Record<
      string,
      unknown
    >;
  let svc: Service;
  let app: ReturnType<Service['app']>;
  let token = '';
  const auth = () => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    svc = await buildService(loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', SECOND_STAGE_MODEL: 'off' }), {
      role: 'serve',
    });
    app = svc.app();
    const admin = await svc.users.createUser({ name: 'admin', roles: ['admin'] });
    await svc.users.createUser({ name: '张敏', roles: ['rep'], externalId: 'rep-zhang' });
    token = (await svc.users.issueToken(admin.id)).token;
  }, 120_000);

  afterAll(async () => {
    await stopTestService(svc);
    rmSync(dir, { recursive: true, force: true });
  });

  it('an Alibaba result with rep, industry and time in the query: stored with mapped roles, idempotent by task id', async () => {
    const url =
      '/v1/calls?repId=rep-zhang&industry=medical_devices&occurredAt=2026-03-02T09:30:00%2B08:00&channels=0=rep,1=customer';
    const first = await request(app).post(url).set(auth()).send(fixture('alibaba/two-channel.json'));
    expect(first.status).toBe(201);
    const stored = await svc.calls.get(first.body.call.id);
    expect(stored!.externalId).toBe('alibaba-2d1f6b3c8a4e11ef9b2d00163e0a1b2c');
    expect(stored!.industry).toBe('medical_devices');
    expect(stored!.utterances.map((u) => [u.speaker, u.start, u.end])).toEqual([
      ['customer', 300, 1500],
      ['rep', 1800, 7600],
      ['customer', 8000, 11800],
      ['rep', 12100, 17900],
      ['customer', 18200, 23500],
      ['rep', 23900, 31000],
      ['customer', 31400, 33800],
    ]);
    const again = await request(app).post(url).set(auth()).send(fixture('alibaba/two-channel.json'));
    expect([again.status, again.body.created, again.body.call.id]).toEqual([200, false, first.body.call.id]);
  });

  it('rep and time as fields beside an iFlytek envelope', async () => {
    const body = {
      ...fixture('iflytek/order-result.json'),
      repId: 'rep-zhang',
      occurredAt: '2026-03-03T10:00:00+08:00',
    };
    const res = await request(app).post('/v1/calls?channels=1=rep,2=customer').set(auth()).send(body);
    expect(res.status).toBe(201);
    expect(res.body.call.externalId).toBe('iflytek-DKHJQ2026120509300001A2B3C4D5E6F0008C');
  });

  it('without a channel map the API asks for one (no role model here)', async () => {
    const res = await request(app)
      .post('/v1/calls?repId=rep-zhang&occurredAt=2026-03-02T09:30:00%2B08:00')
      .set(auth())
      .send(fixture('volcengine/bigmodel.json'));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('无法判断哪一方是销售：请指定声道/说话人映射 channels');
  });

  it('without a rep: 400 naming repId', async () => {
    const res = await request(app)
      .post('/v1/calls?channels=0=rep,1=customer')
      .set(auth())
      .send(fixture('tencent/result-detail.json'));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('a vendor result needs repId');
  });
});
