import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { present } from '../../api/routes/calls.routes.js';
import { loadConfig } from '../../bin/config.js';
import { buildService, type Service } from '../../bin/service.js';
import { registeredRoutes } from '../helpers/routes.js';
import { transcript } from '../helpers/runtime.js';
import { createTestDatabase, REDIS_URL, stopTestService } from '../helpers/services.js';

/**
 * The API suite, run on the embedded default (PGlite + in-process runner) and on the server
 * setup (PostgreSQL + BullMQ on Redis), each with its own database and key prefix.
 */
export function defineCallsApiSuite(backend: 'embedded' | 'servers', servers: boolean): void {
  const dir = mkdtempSync(join(tmpdir(), 'tingjian-api-'));
  let svc: Service;
  let app: ReturnType<Service['app']>;
  let dropDb: (() => Promise<void>) | undefined;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    if (!servers) return;
    const env: Record<string, string> = { DATA_DIR: dir, LOG_LEVEL: 'silent', WORKER_CONCURRENCY: '1' };
    if (backend === 'servers') {
      const db = await createTestDatabase('tj_api');
      dropDb = db.drop;
      env.DATABASE_URL = db.url;
      env.REDIS_URL = REDIS_URL;
      env.QUEUE_PREFIX = `tjapi-${randomUUID().slice(0, 8)}`;
    }
    svc = await buildService(loadConfig(env), { role: 'all' });
    await svc.startWorkers();
    app = svc.app();
    const teamA = await svc.users.createTeam({ name: '华东一组' });
    const teamB = await svc.users.createTeam({ name: '华南二组' });
    const people: [string, string[], string | null, string | null][] = [
      ['admin', ['admin'], null, null],
      ['manager', ['manager'], teamA.id, null],
      ['lin', ['rep'], teamA.id, 'rep-lin-xue'],
      ['wang', ['rep'], teamB.id, 'rep-wang'],
      ['reviewer', ['reviewer'], null, null],
      ['editor', ['lexicon_editor'], null, null],
    ];
    for (const [name, roles, teamId, externalId] of people) {
      const u = await svc.users.createUser({ name, roles: roles as never, teamId, externalId });
      ids[name] = u.id;
      tokens[name] = (await svc.users.issueToken(u.id)).token;
    }
  }, 60_000);

  afterAll(async () => {
    await stopTestService(svc);
    await dropDb?.();
    rmSync(dir, { recursive: true, force: true });
  });

  const STORY = transcript(
    'medical_devices',
    [
      ['rep', '周主任您好，我是瑞康医疗的林雪，想跟您聊聊腔镜系统，您现在方便吗？我手机13812345678。'],
      ['customer', '方便。就是我们手术室空间限制太大了，新设备摆不进去。'],
      ['rep', '我们这套4K腔镜系统成像清晰，三甲医院装了三十多台。'],
    ],
    { repId: 'rep-lin-xue', externalId: 'crm-api-001' },
  );
  const auth = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });

  describe.skipIf(!servers)(`POST /v1/calls → queued workers → GET /v1/calls/:id (${backend})`, () => {
    let callId: string;

    it('accepts a transcript with 201, then the in-process workers score it', async () => {
      const res = await request(app).post('/v1/calls').set(auth('lin')).send(STORY);
      expect(res.status).toBe(201);
      expect(res.body.created).toBe(true);
      callId = res.body.call.id;
      await svc.queue.drain();
      const got = await request(app).get(`/v1/calls/${callId}`).set(auth('lin'));
      expect(got.status).toBe(200);
      expect(got.body.call).toMatchObject({
        status: 'scored',
        repId: ids.lin,
        revision: 1,
        industry: 'medical_devices',
      });
      expect(got.body.call.lexiconVersion).toMatch(/^medical_devices@1\+/);
      const need = got.body.analysis.findings.find((f: { label: string }) => f.label === 'need.implicit');
      expect(need).toMatchObject({ utteranceId: 'u2', term: '手术室空间限制', identified: false });
      expect(got.body.analysis.dimensions.need_diagnosis).toEqual(expect.any(Number));
    });

    it('masks personal numbers before storage, keeping length', async () => {
      const got = await request(app).get(`/v1/calls/${callId}`).set(auth('admin'));
      expect(got.body.utterances[0].text).toContain('我手机***********。');
    });

    it('is idempotent: the same externalId and content returns 200 and the same call', async () => {
      const res = await request(app).post('/v1/calls').set(auth('lin')).send(STORY);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ created: false, call: { id: callId } });
    });

    it('the same externalId with different content is 409 naming the existing call', async () => {
      const changed = { ...STORY, utterances: STORY.utterances.slice(0, 2) };
      const res = await request(app).post('/v1/calls').set(auth('lin')).send(changed);
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'conflict', details: { callId } });
    });

    it('an unknown or inactive rep is 422, an unknown industry 422, bad input 400 with field paths', async () => {
      const noRep = await request(app)
        .post('/v1/calls')
        .set(auth('admin'))
        .send({ ...STORY, externalId: 'x-1', repId: 'nobody' });
      expect(noRep.status).toBe(422);
      expect(noRep.body.error.code).toBe('unprocessable');
      const noIndustry = await request(app)
        .post('/v1/calls')
        .set(auth('admin'))
        .send({ ...STORY, externalId: 'x-2', industry: 'aerospace' });
      expect(noIndustry.status).toBe(422);
      expect(noIndustry.body.error.code).toBe('unknown_industry');
      const bad = await request(app)
        .post('/v1/calls')
        .set(auth('admin'))
        .send({
          ...STORY,
          externalId: 'x-3',
          utterances: [{ speaker: 'rep', start: 5, end: 1, text: '好' }],
        });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details.problems).toContainEqual({
        path: 'utterances[0].end',
        message: 'end must be >= start',
      });
    });

    it('malformed JSON is 400, a non-JSON body 415, an oversized body 413 — never 500', async () => {
      const malformed = await request(app)
        .post('/v1/calls')
        .set(auth('admin'))
        .set('Content-Type', 'application/json')
        .send('{"repId": ');
      expect(malformed.status).toBe(400);
      expect(malformed.body.error.code).toBe('invalid_input');
      const text = await request(app)
        .post('/v1/calls')
        .set(auth('admin'))
        .set('Content-Type', 'text/plain')
        .send('hello');
      expect(text.status).toBe(415);
      const huge = await request(app)
        .post('/v1/calls')
        .set(auth('admin'))
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ pad: 'x'.repeat(11 * 1024 * 1024) }));
      expect(huge.status).toBe(413);
      expect(huge.body.error.code).toBe('payload_too_large');
    });
  });

  describe.skipIf(!servers)(`access control (${backend})`, () => {
    let linCall: string;
    beforeAll(async () => {
      const res = await request(app).get('/v1/calls').set(auth('lin'));
      linCall = res.body.items[0].id;
    });

    it('needs a valid bearer token', async () => {
      expect((await request(app).get('/v1/calls')).status).toBe(401);
      expect((await request(app).get('/v1/calls').set('Authorization', 'Bearer tj_nope')).status).toBe(401);
    });

    it.each([
      ['lin', 200],
      ['wang', 404],
      ['manager', 200],
      ['reviewer', 200],
      ['editor', 200],
      ['admin', 200],
    ])('GET /v1/calls/:id as %s → %i', async (who, status) => {
      expect((await request(app).get(`/v1/calls/${linCall}`).set(auth(who))).status).toBe(status);
    });

    it('lists only what each role may see', async () => {
      expect((await request(app).get('/v1/calls').set(auth('lin'))).body.items).toHaveLength(1);
      expect((await request(app).get('/v1/calls').set(auth('wang'))).body.items).toHaveLength(0);
      expect((await request(app).get('/v1/calls').set(auth('manager'))).body.items).toHaveLength(1);
      expect((await request(app).get('/v1/calls?status=scored').set(auth('admin'))).body.items).toHaveLength(
        1,
      );
    });

    it('the list carries each scored call’s five dimension scores, equal to its view’s', async () => {
      const list = await request(app).get('/v1/calls').set(auth('lin'));
      const item = list.body.items[0];
      const view = await request(app).get(`/v1/calls/${item.id}`).set(auth('lin'));
      expect(item.status).toBe('scored');
      expect(Object.keys(item.dimensions).sort()).toEqual(Object.keys(view.body.analysis.dimensions).sort());
      expect(item.dimensions).toEqual(view.body.analysis.dimensions);
      expect(item.dimensions.need_diagnosis).toEqual(expect.any(Number));
    });

    it('a rep cannot submit another rep’s call; reviewers and editors cannot submit', async () => {
      const other = { ...STORY, externalId: 'crm-api-002', repId: 'rep-wang' };
      expect((await request(app).post('/v1/calls').set(auth('lin')).send(other)).status).toBe(403);
      expect((await request(app).post('/v1/calls').set(auth('reviewer')).send(other)).status).toBe(403);
      expect((await request(app).post('/v1/calls').set(auth('editor')).send(other)).status).toBe(403);
      expect((await request(app).post('/v1/calls').set(auth('manager')).send(other)).status).toBe(403);
    });

    it('a revoked token or a deactivated user fails on the next request', async () => {
      const u = await svc.users.createUser({ name: 'temp', roles: ['reviewer'] });
      const { token, info } = await svc.users.issueToken(u.id);
      expect((await request(app).get('/v1/calls').set('Authorization', `Bearer ${token}`)).status).toBe(200);
      await svc.users.revokeToken(info.id);
      expect((await request(app).get('/v1/calls').set('Authorization', `Bearer ${token}`)).status).toBe(401);
      const t2 = (await svc.users.issueToken(u.id)).token;
      await svc.users.deactivate(u.id);
      expect((await request(app).get('/v1/calls').set('Authorization', `Bearer ${t2}`)).status).toBe(401);
    });

    it('health and readiness', async () => {
      expect((await request(app).get('/healthz')).body).toEqual({ ok: true });
      expect((await request(app).get('/readyz')).body).toEqual({
        ok: true,
        checks: backend === 'servers' ? { database: true, redis: true } : { database: true },
      });
    });
  });

  describe.skipIf(!servers)(`description, metrics, summaries (${backend})`, () => {
    it('serves OpenAPI 3.1 generated from the zod schemas, and a docs page with local assets', async () => {
      const doc = await request(app).get('/v1/openapi.json');
      expect(doc.status).toBe(200);
      expect(doc.body.openapi).toBe('3.1.0');
      expect(Object.keys(doc.body.paths)).toEqual(
        expect.arrayContaining(['/v1/calls', '/v1/calls/{id}', '/v1/reps/{id}/summary']),
      );
      expect(doc.body.components.schemas.Transcript.required).toEqual(
        expect.arrayContaining(['repId', 'occurredAt', 'utterances']),
      );
      // Optional: inferred when absent.
      expect(doc.body.components.schemas.Transcript.required).not.toContain('industry');
      expect(Object.keys(doc.body.components.schemas.Transcript.properties)).toContain('industry');
      // Every route the app serves is documented with its method (the docs pages themselves aside).
      const documented = Object.entries(doc.body.paths as Record<string, Record<string, unknown>>).flatMap(
        ([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
      );
      const undocumented = registeredRoutes(app).filter(
        (r) => !documented.includes(r) && !/ \/v1\/(openapi\.json|docs)/.test(r) && !r.endsWith(' *'),
      );
      expect(undocumented).toEqual([]);
      const page = await request(app).get('/v1/docs');
      expect(page.text).toContain('/v1/openapi.json');
      expect((await request(app).get('/v1/docs/assets/swagger-ui-bundle.js')).status).toBe(200);
    });

    it('exposes Prometheus metrics for stages and HTTP', async () => {
      const m = await request(app).get('/metrics');
      expect(m.status).toBe(200);
      expect(m.text).toMatch(/tingjian_jobs_processed_total\{stage="analyze"\} [1-9]/);
      expect(m.text).toMatch(
        /tingjian_http_request_duration_seconds_count\{method="GET",route="\/v1\/calls\/:id",status="200"\}/,
      );
    });

    it('summarises a rep for themselves and their manager, 404 for others', async () => {
      const mine = await request(app).get(`/v1/reps/${ids.lin}/summary`).set(auth('lin'));
      expect(mine.status).toBe(200);
      expect(mine.body).toMatchObject({ repId: ids.lin, calls: 1 });
      expect(mine.body.dimensions.need_diagnosis).toMatchObject({ calls: 1 });
      expect(mine.body.metrics.talkRatio).toEqual(expect.any(Number));
      expect((await request(app).get(`/v1/reps/${ids.lin}/summary`).set(auth('manager'))).status).toBe(200);
      expect((await request(app).get(`/v1/reps/${ids.lin}/summary`).set(auth('wang'))).status).toBe(404);
      expect(
        (await request(app).get(`/v1/reps/rep-lin-xue/summary?from=2030-01-01T00:00:00Z`).set(auth('admin')))
          .body.calls,
      ).toBe(0);
      expect(
        (await request(app).get(`/v1/reps/${ids.lin}/summary?from=yesterday`).set(auth('admin'))).status,
      ).toBe(400);
    });

    it.skipIf(backend !== 'servers')('mounts the queue dashboard for admins only', async () => {
      expect((await request(app).get('/admin/queues')).status).toBe(401);
      expect((await request(app).get('/admin/queues').set(auth('reviewer'))).status).toBe(403);
      expect((await request(app).get('/admin/queues').set(auth('admin'))).status).toBe(200);
    });
  });

  describe.skipIf(!servers)(`keyword search (${backend})`, () => {
    it('finds calls by Chinese words in the transcript, with highlighted snippets', async () => {
      const hit = await request(app).get('/v1/calls').query({ q: '手术室空间限制' }).set(auth('admin'));
      expect(hit.status).toBe(200);
      expect(hit.body.items).toHaveLength(1);
      expect(hit.body.items[0].snippet).toEqual({
        utteranceId: 'u2',
        text: expect.stringContaining('【手术室】【空间】【限制】'),
      });
      const miss = await request(app).get('/v1/calls').query({ q: '医保控费' }).set(auth('admin'));
      expect(miss.body.items).toEqual([]);
      // Search is scoped like the list: wang sees none of lin's calls.
      expect(
        (await request(app).get('/v1/calls').query({ q: '手术室' }).set(auth('wang'))).body.items,
      ).toEqual([]);
      expect((await request(app).get('/v1/calls').query({ q: '，。' }).set(auth('admin'))).status).toBe(400);
    });
  });

  describe.skipIf(!servers)(`role × endpoint matrix (${backend})`, () => {
    // Expected status for each role on each endpoint; the call and rep belong to lin (team A).
    const MATRIX: Record<string, Record<string, number>> = {
      'GET /v1/calls': {
        none: 401,
        admin: 200,
        manager: 200,
        lin: 200,
        wang: 200,
        reviewer: 200,
        editor: 200,
      },
      'GET /v1/calls/:id': {
        none: 401,
        admin: 200,
        manager: 200,
        lin: 200,
        wang: 404,
        reviewer: 200,
        editor: 200,
      },
      'GET /v1/reps/:id/summary': {
        none: 401,
        admin: 200,
        manager: 200,
        lin: 200,
        wang: 404,
        reviewer: 200,
        editor: 404,
      },
      'POST /v1/calls (lin)': {
        none: 401,
        admin: 200,
        manager: 200,
        lin: 200,
        wang: 403,
        reviewer: 403,
        editor: 403,
      },
    };
    let callId: string;
    beforeAll(async () => {
      callId = (await request(app).get('/v1/calls').set(auth('lin'))).body.items[0].id;
    });
    const cases = Object.entries(MATRIX).flatMap(([endpoint, byRole]) =>
      Object.entries(byRole).map(([role, status]) => [endpoint, role, status] as const),
    );
    it.each(cases)('%s as %s → %i', async (endpoint, role, status) => {
      const headers = role === 'none' ? {} : auth(role);
      let res: request.Response;
      if (endpoint === 'GET /v1/calls') res = await request(app).get('/v1/calls').set(headers);
      else if (endpoint === 'GET /v1/calls/:id')
        res = await request(app).get(`/v1/calls/${callId}`).set(headers);
      else if (endpoint === 'GET /v1/reps/:id/summary')
        res = await request(app).get(`/v1/reps/${ids.lin}/summary`).set(headers);
      // Resubmitting lin's stored call: 200 (already stored) where allowed.
      else res = await request(app).post('/v1/calls').set(headers).send(STORY);
      expect(res.status).toBe(status);
      if (status >= 400)
        expect(res.body.error.code).toBe({ 401: 'unauthorized', 403: 'forbidden', 404: 'not_found' }[status]);
    });
  });

  describe.skipIf(!servers)(`rescoring through the API view (${backend})`, () => {
    it('GET shows the new revision after a rescore (no stale cached response)', async () => {
      const list = await request(app).get('/v1/calls').set(auth('lin'));
      const id = list.body.items[0].id;
      const before = await request(app).get(`/v1/calls/${id}`).set(auth('lin'));
      await request(app).get(`/v1/calls/${id}`).set(auth('lin')); // served from the cache
      await svc.service.rescore(id);
      await svc.queue.drain();
      const after = await request(app).get(`/v1/calls/${id}`).set(auth('lin'));
      expect(after.body.call.revision).toBe(before.body.call.revision + 1);
      expect(after.body.call.status).toBe('scored');
      expect(after.body.analysis.findings.map((f: { id: string }) => f.id)).toEqual(
        before.body.analysis.findings.map((f: { id: string }) => f.id),
      );
    });
  });

  describe.skipIf(!servers)(`call view built by the database (${backend})`, () => {
    it('equals the view composed from the repository rows, field for field', async () => {
      const id = (await request(app).get('/v1/calls').set(auth('admin'))).body.items[0].id as string;
      const fromSql = JSON.parse((await svc.calls.viewJson(id))!);
      const call = (await svc.calls.get(id))!;
      const composed = {
        call: present(call),
        utterances: call.utterances,
        analysis: {
          ...(await svc.calls.getAnalysis(id)),
          // No appeal on this call: nothing suppressed, the machine's scores are the final ones.
          suppressed: [],
          machine: { total: call.total, dimensions: (await svc.calls.getAnalysis(id))!.dimensions },
          overrides: [],
          // The coaching moments stored with the analysis on the call row.
          coaching: call.coaching,
        },
      };
      expect(fromSql).toEqual(JSON.parse(JSON.stringify(composed)));
      expect(await svc.calls.viewJson('call-absent')).toBeNull();
    });
  });
}
