import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../bin/config.js';
import { buildService, type Service } from '../../bin/service.js';
import { transcript } from '../helpers/runtime.js';
import { stopTestService } from '../helpers/services.js';

/**
 * Inheritance through the API: industries list their parents, a child's inherited terms come
 * marked `inheritedFrom`, an expert overrides one in the child, and publishing the shared base
 * rescores the calls of every industry that extends it (and no other).
 */
describe('lexicon inheritance through the API', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tingjian-inherit-'));
  let svc: Service;
  let app: ReturnType<Service['app']>;
  const tokens: Record<string, string> = {};
  const auth = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
  const callIds: Record<string, string> = {};

  beforeAll(async () => {
    svc = await buildService(loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', WORKER_CONCURRENCY: '1' }), {
      role: 'all',
    });
    await svc.startWorkers();
    app = svc.app();
    const team = await svc.users.createTeam({ name: '制造一组' });
    for (const [name, roles, externalId] of [
      ['rep', ['rep'], 'rep-zhou'],
      ['editor', ['lexicon_editor'], null],
      ['admin', ['admin'], null],
    ] as const) {
      const u = await svc.users.createUser({ name, roles: [...roles], teamId: team.id, externalId });
      tokens[name] = (await svc.users.issueToken(u.id)).token;
    }
    for (const [industry, product] of [
      ['auto_parts', '刹车片'],
      ['precision_machining', '五轴加工'],
      ['manufacturing', '伺服电机'],
      ['saas', '排班系统'],
    ] as const) {
      const res = await request(app)
        .post('/v1/calls')
        .set(auth('rep'))
        .send(
          transcript(
            industry,
            [
              ['rep', `王经理您好，我是周明，想跟您聊聊我们的${product}，您现在方便吗？`],
              ['customer', '可以，质量部那边最近说换型时间太长了。'],
              ['rep', '换型时间长主要卡在哪一步？'],
              ['customer', '价格太贵了，采购经理不会批。'],
              ['rep', '理解，下周三我把同行业案例和报价发您？'],
            ],
            { repId: 'rep-zhou' },
          ),
        );
      expect(res.status).toBe(201);
      callIds[industry] = res.body.call.id as string;
    }
    await svc.queue.drain();
  }, 120_000);

  afterAll(async () => {
    await stopTestService(svc);
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists industries with their Chinese names and parents; a shared base is not selectable', async () => {
    const res = await request(app).get('/v1/lexicons').set(auth('editor'));
    const row = (id: string) => res.body.items.find((i: { industry: string }) => i.industry === id);
    expect(row('auto_parts')).toMatchObject({
      name: '汽车零部件',
      extends: 'manufacturing_base',
      selectable: true,
    });
    expect(row('manufacturing_base')).toMatchObject({ name: '制造业通用', extends: null, selectable: false });
    expect(row('pharma')).toMatchObject({ extends: 'hospital_base' });
    const bad = await request(app)
      .post('/v1/calls')
      .set(auth('rep'))
      .send(transcript('manufacturing_base', [['rep', '您好']], { repId: 'rep-zhou' }));
    expect(bad.status).toBe(422);
    expect(bad.body.error.message).toContain(
      '"manufacturing_base" is a shared base lexicon, not an industry',
    );
  });

  it('marks inherited terms and lets an expert override one in the child', async () => {
    const res = await request(app).get('/v1/lexicons/auto_parts').set(auth('editor'));
    expect(res.status).toBe(200);
    expect(res.body.inheritance.ancestors).toEqual([
      { industry: 'manufacturing_base', name: '制造业通用', sequence: 1 },
    ]);
    const buyer = res.body.inheritance.inherited.find((t: { term: string }) => t.term === '采购经理');
    expect(buyer).toMatchObject({ category: 'approver', inheritedFrom: 'manufacturing_base' });
    expect(res.body.current.lexicon.terms.map((t: { term: string }) => t.term)).not.toContain('采购经理');

    const add = await request(app)
      .post('/v1/lexicons/auto_parts/draft/terms')
      .set(auth('editor'))
      .send({ term: '采购经理', category: 'approver', synonyms: ['采购VP'] });
    expect(add.status).toBe(201);
    const draft = await request(app).get('/v1/lexicons/auto_parts/versions/draft').set(auth('editor'));
    expect(draft.body.inheritance.overrides).toContainEqual({
      term: '采购经理',
      inheritedFrom: 'manufacturing_base',
    });
    expect(
      draft.body.inheritance.inherited.find((t: { term: string }) => t.term === '采购经理'),
    ).toBeUndefined();
    const diff = await request(app).get('/v1/lexicons/auto_parts/diff?from=1&to=draft').set(auth('editor'));
    expect(diff.body.terms.added.map((t: { term: string }) => t.term)).toEqual(['采购经理']);
    expect(diff.body.extends).toEqual({ from: 'manufacturing_base', to: 'manufacturing_base' });
    await request(app).delete('/v1/lexicons/auto_parts/draft').set(auth('editor'));
  });

  it("publishing the shared base rescores its children's calls with the new terms, not other industries'", async () => {
    const before = (await request(app).get(`/v1/calls/${callIds.auto_parts}`).set(auth('admin'))).body;
    const versionBefore = svc.lexicons.get('auto_parts').versionId;
    expect(svc.lexicons.get('auto_parts').lookup('换型时间长')).toEqual([]);
    const add = await request(app)
      .post('/v1/lexicons/manufacturing_base/draft/terms')
      .set(auth('editor'))
      .send({ term: '换型时间长', category: 'need', synonyms: ['换型时间太长'] });
    expect(add.status).toBe(201);
    const whatIf = await request(app)
      .post('/v1/lexicons/manufacturing_base/what-if')
      .set(auth('editor'))
      .send({});
    expect(whatIf.status).toBe(200);
    expect(whatIf.body.calls).toBe(3);
    const pub = await request(app)
      .post('/v1/lexicons/manufacturing_base/publish')
      .set(auth('editor'))
      .send({});
    expect(pub.status).toBe(201);
    expect(pub.body.version.sequence).toBe(2);
    await svc.queue.drain();
    const { run } = (await request(app).get(`/v1/rescores/${pub.body.run.id}`).set(auth('editor'))).body;
    expect(run).toMatchObject({ industry: 'manufacturing_base', total: 3, status: 'done' });
    const child = svc.lexicons.get('auto_parts');
    expect(child.versionId).not.toBe(versionBefore);
    expect(child.lookup('换型时间太长').map((e) => [e.concept, e.inheritedFrom])).toEqual([
      ['换型时间长', 'manufacturing_base'],
    ]);
    const after = (await request(app).get(`/v1/calls/${callIds.auto_parts}`).set(auth('admin'))).body;
    expect(after.call.revision).toBe(before.call.revision + 1);
    expect(after.call.lexiconVersion).toBe(child.versionId);
    const saas = (await request(app).get(`/v1/calls/${callIds.saas}`).set(auth('admin'))).body;
    expect(saas.call.revision).toBe(1);
  });
});
