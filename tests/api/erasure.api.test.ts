import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../bin/config.js';
import { buildService, type Service } from '../../bin/service.js';
import { LearnedModelRepository } from '../../models/learned-model.repository.js';
import { stopTestService } from '../helpers/services.js';

/**
 * Erasure of one customer's data (PIPL) through the API on the embedded default: found by the
 * keyed hash of a phone number written in another form, or by name; a dry run changes nothing;
 * the erasure removes the calls and everything that goes with them, redacts the audit entries
 * about them, leaves other customers alone and is itself audited without the number.
 */
describe('erasing a customer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tingjian-erase-'));
  let svc: Service;
  let app: ReturnType<Service['app']>;
  const tokens: Record<string, string> = {};
  const auth = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
  const ids: Record<string, string> = {};
  let seq = 0;
  const call = (customer: string, phoneLine: string) => ({
    externalId: `erase-${++seq}`,
    repId: 'rep-he',
    industry: 'saas',
    occurredAt: '2026-11-18T15:00:00+08:00',
    customer: { name: customer, company: '远航物流' },
    utterances: [
      { speaker: 'rep', start: 0, end: 3000, text: '您好，请问您这边审批现在是怎么走的？' },
      { speaker: 'customer', start: 4000, end: 8000, text: `都是纸质的，很慢。${phoneLine}` },
      { speaker: 'rep', start: 9000, end: 12000, text: '好的，我明天把方案发给您。' },
    ],
  });
  const count = async (query: ReturnType<typeof sql>) =>
    Number(((await svc.database.db.execute(query)) as unknown as { rows: { n: number }[] }).rows[0]!.n);

  beforeAll(async () => {
    svc = await buildService(
      loadConfig({
        DATA_DIR: dir,
        LOG_LEVEL: 'silent',
        WORKER_CONCURRENCY: '1',
        SECOND_STAGE_MODEL: 'off',
        PII_HASH_KEY: 'test-key-0123456789abcdef',
      }),
      { role: 'all' },
    );
    await svc.startWorkers();
    app = svc.app();
    const team = await svc.users.createTeam({ name: '华东组' });
    for (const [name, roles, externalId] of [
      ['he', ['rep'], 'rep-he'],
      ['reviewer', ['reviewer'], null],
      ['admin', ['admin'], null],
    ] as const) {
      const u = await svc.users.createUser({ name, roles: [...roles], teamId: team.id, externalId });
      ids[name] = u.id;
      tokens[name] = (await svc.users.issueToken(u.id)).token;
    }
    await svc.appeals.upsertPool({ teamId: team.id, industry: null, reviewerIds: [ids.reviewer!] });
    for (const [key, body] of [
      ['wang', call('王建国', '有事打我手机138 1234 5678。')],
      ['zhou', call('周敏', '我的电话是13900001111。')],
    ] as const) {
      const res = await request(app).post('/v1/calls').set(auth('he')).send(body);
      expect(res.status).toBe(201);
      ids[key] = res.body.call.id;
    }
    await svc.queue.drain();
    // An accepted appeal on Wang's call: override, audit entries, notifications.
    const filed = await request(app)
      .post(`/v1/calls/${ids.wang}/appeals`)
      .set(auth('he'))
      .send({
        target: 'missed_finding',
        utteranceId: 'u2',
        span: [0, 4],
        proposedLabel: 'need.implicit',
        reason: '纸质审批慢是客户的隐性需求',
      });
    expect(filed.status).toBe(201);
    ids.appeal = filed.body.appeal.id;
    const decided = await request(app)
      .post(`/v1/appeals/${ids.appeal}/decision`)
      .set(auth('reviewer'))
      .send({ decision: 'accept', note: '同意，属于隐性需求' });
    expect(decided.status).toBe(200);
    await svc.queue.drain();
    // Two versions of the learned second stage that learned from that appeal: one published, one
    // still a draft (what retraining from appeals stores).
    const models = new LearnedModelRepository(svc.database.db);
    for (const version of ['second-stage@90+aaaaaaaaaaaa', 'second-stage@91+bbbbbbbbbbbb']) {
      await models.insertDraft({
        version,
        model: {},
        basedOn: 'second-stage@1+000000000000',
        appealIds: [ids.appeal!],
        guard: { calls: 119, maxDrop: 0.02, labels: [], publishable: true },
        note: null,
        createdBy: ids.admin!,
      });
    }
    await models.publish('second-stage@90+aaaaaaaaaaaa', ids.admin!);
  }, 120_000);

  afterAll(async () => {
    await stopTestService(svc);
    rmSync(dir, { recursive: true, force: true });
  });

  it('only admins erase, and a request names the customer', async () => {
    const rep = await request(app).post('/v1/privacy/erasures').set(auth('he')).send({ name: '王建国' });
    expect(rep.status).toBe(403);
    const none = await request(app).post('/v1/privacy/erasures').set(auth('admin')).send({ dryRun: false });
    expect(none.status).toBe(400);
  });

  it('a dry run finds the call by the phone written in full-width digits and changes nothing', async () => {
    const res = await request(app)
      .post('/v1/privacy/erasures')
      .set(auth('admin'))
      .send({ phone: '１３８-１２３４-５６７８' });
    expect(res.status).toBe(200);
    expect(res.body.erasure).toMatchObject({
      dryRun: true,
      matchedBy: { phone: 1, name: 0 },
      calls: [ids.wang],
      utterances: 3,
      appeals: 1,
      learnedModels: ['second-stage@90+aaaaaaaaaaaa', 'second-stage@91+bbbbbbbbbbbb'],
      auditId: null,
    });
    const models = new LearnedModelRepository(svc.database.db);
    expect((await models.get('second-stage@91+bbbbbbbbbbbb'))?.status).toBe('draft');
    expect(res.body.erasure.auditEntriesRedacted).toBeGreaterThan(0);
    expect((await request(app).get(`/v1/calls/${ids.wang}`).set(auth('he'))).status).toBe(200);
  });

  it('erases the call and what goes with it, redacts its audit, leaves the other customer', async () => {
    const res = await request(app)
      .post('/v1/privacy/erasures')
      .set(auth('admin'))
      .send({ phone: '+86 138 1234 5678', dryRun: false });
    expect(res.status).toBe(201);
    expect(res.body.erasure).toMatchObject({ dryRun: false, calls: [ids.wang], auditId: expect.any(Number) });
    expect((await request(app).get(`/v1/calls/${ids.wang}`).set(auth('he'))).status).toBe(404);
    expect((await request(app).get(`/v1/appeals/${ids.appeal}`).set(auth('he'))).status).toBe(404);
    const w = ids.wang!;
    const a = ids.appeal!;
    expect(await count(sql`select count(*)::int as n from utterances where call_id = ${w}`)).toBe(0);
    expect(await count(sql`select count(*)::int as n from pii_hashes where call_id = ${w}`)).toBe(0);
    expect(await count(sql`select count(*)::int as n from notifications where payload::text ~ ${a}`)).toBe(0);
    expect(
      await count(
        sql`select count(*)::int as n from audit_log where entity_id in (${w}, ${a}) and before::text !~ 'redacted'`,
      ),
    ).toBe(0);
    // Nothing of the customer left anywhere in the database as text.
    expect(
      await count(
        sql`select count(*)::int as n from audit_log where (before::text || after::text) ~ '王建国'`,
      ),
    ).toBe(0);
    // The erasure's own entry: counts, no number.
    const entry = (await svc.database.db.execute(
      sql`select entity_id, after::text as after from audit_log where action = 'privacy.erase'`,
    )) as unknown as { rows: { entity_id: string; after: string }[] };
    expect(entry.rows).toHaveLength(1);
    expect(entry.rows[0]!.after).not.toMatch(/138|1234|5678/);
    // Retraining never sees the customer's correction again; the versions that learned from it
    // say so: the draft can no longer be published, the published one asks for a retraining.
    const models = new LearnedModelRepository(svc.database.db);
    expect((await models.trainingCorrections()).map((c) => c.appealId)).not.toContain(a);
    const draft = await models.get('second-stage@91+bbbbbbbbbbbb');
    const published = await models.get('second-stage@90+aaaaaaaaaaaa');
    expect(draft?.status).toBe('discarded');
    expect(published?.status).toBe('published');
    for (const row of [draft, published])
      expect(row?.guard).toMatchObject({
        erasedExamples: { appeals: 1, ref: `privacy.erase#${res.body.erasure.auditId}` },
      });
    // The other customer's call is untouched.
    expect((await request(app).get(`/v1/calls/${ids.zhou}`).set(auth('he'))).status).toBe(200);
    const again = await request(app)
      .post('/v1/privacy/erasures')
      .set(auth('admin'))
      .send({ phone: '13812345678', dryRun: false });
    expect(again.body.erasure.calls).toEqual([]);
  });

  it('erases by the customer name', async () => {
    const res = await request(app)
      .post('/v1/privacy/erasures')
      .set(auth('admin'))
      .send({ name: ' 周敏 ', dryRun: false });
    expect(res.status).toBe(201);
    expect(res.body.erasure).toMatchObject({ matchedBy: { phone: 0, name: 1 }, calls: [ids.zhou] });
    expect((await request(app).get(`/v1/calls/${ids.zhou}`).set(auth('he'))).status).toBe(404);
  });
});
