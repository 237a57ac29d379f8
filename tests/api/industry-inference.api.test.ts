import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../bin/config.js';
import { buildService, type Service } from '../../bin/service.js';
import { stopTestService } from '../helpers/services.js';

/**
 * A transcript without an industry (or with `auto`) through the API: inferred when the lexicon
 * evidence is clear, stored and flagged 待确认行业 (needs_industry) when it is not, analysed once
 * someone picks; an inferred industry corrected by a person rescored; all audited.
 */
describe('industry inferred at intake', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tingjian-industry-'));
  let svc: Service;
  let app: ReturnType<Service['app']>;
  const tokens: Record<string, string> = {};
  const auth = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
  let seq = 0;
  const call = (industry: string | undefined, turns: [string, string][]) => ({
    externalId: `industry-test-${++seq}`,
    repId: 'rep-zhao',
    ...(industry === undefined ? {} : { industry }),
    occurredAt: '2026-11-20T10:00:00+08:00',
    utterances: turns.map(([speaker, text], i) => ({ speaker, start: i * 4000, end: i * 4000 + 3000, text })),
  });
  // Our own lines: imaging equipment named by the rep and the customer.
  const IMAGING: [string, string][] = [
    ['rep', '张主任您好，我们这次主要给您介绍新款的多排CT和移动DR。'],
    ['customer', '我们放射科现在的核磁共振排队太长，CT也老了。'],
    ['rep', '明白，那C形臂手术室那边有没有需求？'],
    ['customer', '有的，下个月科室会讨论。'],
  ];
  // Nothing that names a trade.
  const VAGUE: [string, string][] = [
    ['rep', '您好，我想跟您约个时间聊一聊合作。'],
    ['customer', '可以，你先把资料发过来吧。'],
    ['rep', '好的，我今天下午发您。'],
  ];

  beforeAll(async () => {
    svc = await buildService(
      loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', WORKER_CONCURRENCY: '1', SECOND_STAGE_MODEL: 'off' }),
      { role: 'all' },
    );
    await svc.startWorkers();
    app = svc.app();
    const team = await svc.users.createTeam({ name: '华北组' });
    for (const [name, roles, externalId] of [
      ['zhao', ['rep'], 'rep-zhao'],
      ['qian', ['rep'], 'rep-qian'],
      ['reviewer', ['reviewer'], null],
    ] as const) {
      const u = await svc.users.createUser({ name, roles: [...roles], teamId: team.id, externalId });
      tokens[name] = (await svc.users.issueToken(u.id)).token;
    }
  }, 60_000);

  afterAll(async () => {
    await stopTestService(svc);
    rmSync(dir, { recursive: true, force: true });
  });

  it('infers a clear industry and scores the call with it', async () => {
    for (const industry of [undefined, 'auto']) {
      const res = await request(app).post('/v1/calls').set(auth('zhao')).send(call(industry, IMAGING));
      expect(res.status).toBe(201);
      expect(res.body.call).toMatchObject({ industry: 'medical_devices', industrySource: 'inferred' });
      const inf = res.body.call.industryInference;
      expect(inf.decided).toBe(true);
      expect(inf.candidates[0].industry).toBe('medical_devices');
      expect(inf.candidates[0].evidence.map((e: { term: string }) => e.term)).toEqual(
        expect.arrayContaining(['多排CT']),
      );
      await svc.queue.drain();
      const view = (await request(app).get(`/v1/calls/${res.body.call.id}`).set(auth('zhao'))).body;
      expect(view.call).toMatchObject({
        status: 'scored',
        industry: 'medical_devices',
        industrySource: 'inferred',
      });
    }
  });

  it('flags a call it cannot place as 待确认行业, analyses it once the rep picks, audited', async () => {
    const res = await request(app).post('/v1/calls').set(auth('zhao')).send(call(undefined, VAGUE));
    expect(res.status).toBe(201);
    const id = res.body.call.id;
    expect(res.body.call).toMatchObject({ status: 'needs_industry', industrySource: 'inferred' });
    expect(res.body.call.industryInference.decided).toBe(false);
    await svc.queue.drain();
    expect((await svc.calls.find(id))!.status).toBe('needs_industry');
    const flagged = await request(app).get('/v1/calls?status=needs_industry').set(auth('zhao'));
    expect(flagged.body.items.map((c: { id: string }) => c.id)).toEqual([id]);

    // Another rep cannot see it, so cannot pick; an unknown industry is named.
    expect(
      (await request(app).put(`/v1/calls/${id}/industry`).set(auth('qian')).send({ industry: 'saas' }))
        .status,
    ).toBe(404);
    const unknown = await request(app)
      .put(`/v1/calls/${id}/industry`)
      .set(auth('zhao'))
      .send({ industry: 'mining' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.message).toMatch(/mining/);

    const picked = await request(app)
      .put(`/v1/calls/${id}/industry`)
      .set(auth('zhao'))
      .send({ industry: 'saas' });
    expect(picked.status).toBe(200);
    expect(picked.body.call).toMatchObject({ status: 'queued', industry: 'saas', industrySource: 'chosen' });
    await svc.queue.drain();
    const view = (await request(app).get(`/v1/calls/${id}`).set(auth('zhao'))).body;
    expect(view.call).toMatchObject({ status: 'scored', industry: 'saas', industrySource: 'chosen' });
    expect(view.call.industryInference.decided).toBe(false);
    const audit = await svc.audit.list('call', id);
    expect(audit.map((e) => e.action)).toContain('call.industry.pick');
  });

  it('a reviewer corrects an inferred industry: the call is rescored with the new one', async () => {
    const res = await request(app).post('/v1/calls').set(auth('zhao')).send(call(undefined, IMAGING));
    const id = res.body.call.id;
    await svc.queue.drain();
    const before = (await svc.calls.find(id))!;
    const fixed = await request(app)
      .put(`/v1/calls/${id}/industry`)
      .set(auth('reviewer'))
      .send({ industry: 'pharma' });
    expect(fixed.status).toBe(200);
    expect(fixed.body.call).toMatchObject({ status: 'rescoring', revision: before.revision + 1 });
    await svc.queue.drain();
    const after = (await svc.calls.find(id))!;
    expect(after).toMatchObject({ status: 'scored', industry: 'pharma', industrySource: 'chosen' });
    expect(after.scorecardVersion).not.toBe(before.scorecardVersion);
    const entry = (await svc.audit.list('call', id)).find((e) => e.action === 'call.industry.correct');
    expect(entry?.before).toMatchObject({ industry: 'medical_devices', industrySource: 'inferred' });
  });
});
