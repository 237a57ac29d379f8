import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  ZLexiconChangeDecision,
  ZLexiconChangeRequestList,
  ZLexiconDiff,
  ZLexiconDraftResponse,
  ZLexiconImportResponse,
  ZLexiconIndustryList,
  ZLexiconOverview,
  ZLexiconPublished,
  ZLexiconVersionList,
  ZLexiconVersionResponse,
  ZRescoreRunList,
  ZRescoreRunProgress,
  ZRescoreStarted,
} from '../../api/routes/lexicons.schema.js';
import { loadConfig } from '../../bin/config.js';
import { buildService, type Service } from '../../bin/service.js';
import { transcript } from '../helpers/runtime.js';
import { stopTestService } from '../helpers/services.js';

/**
 * The lexicon admin routes send exactly the shapes their schemas describe: the OpenAPI document,
 * and so the lexicons page's generated types, are made from those schemas. Every answer of an
 * expert's round trip (draft, terms, import, diff, change request, publish, rescore, rollback) is
 * parsed with the strict schemas: a field the server sends and the schema lacks, or a date sent
 * as anything but an ISO string, fails here.
 */

/** The problems zod finds, as `path: message` lines (empty when the body fits the schema). */
function problems(schema: z.ZodType, body: unknown): string[] {
  const parsed = schema.safeParse(body);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

const INDUSTRY = 'medical_devices';
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('the lexicon admin routes send exactly the shapes their schemas (and the web types) describe', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tingjian-lexicon-shapes-'));
  let svc: Service;
  let app: ReturnType<Service['app']>;
  const tokens: Record<string, string> = {};
  const auth = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
  let editorId = '';

  beforeAll(async () => {
    svc = await buildService(loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', WORKER_CONCURRENCY: '1' }), {
      role: 'all',
    });
    await svc.startWorkers();
    app = svc.app();
    const team = await svc.users.createTeam({ name: '器械一组' });
    for (const [name, roles, externalId] of [
      ['rep', ['rep'], 'rep-lin'],
      ['editor', ['lexicon_editor'], null],
      ['admin', ['admin'], null],
    ] as const) {
      const u = await svc.users.createUser({ name, roles: [...roles], teamId: team.id, externalId });
      tokens[name] = (await svc.users.issueToken(u.id)).token;
      if (name === 'editor') editorId = u.id;
    }
    const res = await request(app)
      .post('/v1/calls')
      .set(auth('rep'))
      .send(
        transcript(
          INDUSTRY,
          [
            ['rep', '李主任您好，我们的腔镜系统您之前了解过吗？'],
            ['customer', '了解过，不过手术室的层高有限，大设备放不进去。'],
            ['rep', '明白，下周二我带尺寸图过来现场量一下？'],
          ],
          { repId: 'rep-lin' },
        ),
      );
    expect(res.status).toBe(201);
    await svc.queue.drain();
  }, 120_000);

  afterAll(async () => {
    await stopTestService(svc);
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads: industries, one industry, versions, one version, an inherited lexicon', async () => {
    const list = await request(app).get('/v1/lexicons').set(auth('editor'));
    expect(list.status).toBe(200);
    expect(problems(ZLexiconIndustryList, list.body)).toEqual([]);
    expect(list.body.items.length).toBeGreaterThanOrEqual(21);

    const one = await request(app).get(`/v1/lexicons/${INDUSTRY}`).set(auth('editor'));
    expect(problems(ZLexiconOverview, one.body)).toEqual([]);
    expect(one.body.current.createdAt).toMatch(ISO);
    expect(one.body.current.lexicon.terms.length).toBeGreaterThan(100);

    // pharma extends the hospital base: inherited terms come with `inheritedFrom`.
    const child = await request(app).get('/v1/lexicons/pharma').set(auth('editor'));
    expect(problems(ZLexiconOverview, child.body)).toEqual([]);
    expect(child.body.inheritance.inherited.length).toBeGreaterThan(0);

    const versions = await request(app).get(`/v1/lexicons/${INDUSTRY}/versions`).set(auth('editor'));
    expect(problems(ZLexiconVersionList, versions.body)).toEqual([]);
    const first = versions.body.items[0].sequence as number;
    const version = await request(app).get(`/v1/lexicons/${INDUSTRY}/versions/${first}`).set(auth('editor'));
    expect(problems(ZLexiconVersionResponse, version.body)).toEqual([]);
    expect(version.body.version.publishedAt).toMatch(ISO);
  });

  it('an expert round trip: draft, terms, import, diff, change request, publish, rescore, rollback', async () => {
    const draft = await request(app).post(`/v1/lexicons/${INDUSTRY}/draft`).set(auth('editor'));
    expect(draft.status).toBe(201);
    expect(problems(ZLexiconDraftResponse, draft.body)).toEqual([]);
    expect(draft.body.draft.status).toBe('draft');
    expect(draft.body.draft.versionId).toBeNull();

    const added = await request(app)
      .post(`/v1/lexicons/${INDUSTRY}/draft/terms`)
      .set(auth('editor'))
      .send({ term: '消毒周转期', category: 'need', synonyms: ['周转太慢了'] });
    expect(added.status).toBe(201);
    expect(problems(ZLexiconDraftResponse, added.body)).toEqual([]);

    const patched = await request(app)
      .patch(`/v1/lexicons/${INDUSTRY}/draft/terms/${encodeURIComponent('消毒周转期')}`)
      .set(auth('editor'))
      .send({ weight: 1.5 });
    expect(problems(ZLexiconDraftResponse, patched.body)).toEqual([]);

    const imported = await request(app)
      .post(`/v1/lexicons/${INDUSTRY}/draft/import?format=csv&mode=merge`)
      .set(auth('editor'))
      .set('content-type', 'text/csv')
      .send(Buffer.from('term,category,synonyms\n术间转运,need,转运时间\n', 'utf8'));
    expect(imported.status).toBe(200);
    expect(problems(ZLexiconImportResponse, imported.body)).toEqual([]);

    const asDraft = await request(app).get(`/v1/lexicons/${INDUSTRY}/versions/draft`).set(auth('editor'));
    expect(problems(ZLexiconVersionResponse, asDraft.body)).toEqual([]);

    const current = (await request(app).get(`/v1/lexicons/${INDUSTRY}`).set(auth('editor'))).body.current
      .sequence as number;
    const diff = await request(app)
      .get(`/v1/lexicons/${INDUSTRY}/diff`)
      .query({ from: current, to: 'draft' })
      .set(auth('editor'));
    expect(problems(ZLexiconDiff, diff.body)).toEqual([]);
    expect(diff.body.terms.added.map((t: { term: string }) => t.term)).toContain('消毒周转期');

    const cr = await svc.lexiconAdmin.proposeChange(INDUSTRY, null, {
      op: 'add_synonym',
      term: '消毒周转期',
      synonym: '消毒排期紧',
    });
    const crs = await request(app).get(`/v1/lexicons/${INDUSTRY}/change-requests`).set(auth('editor'));
    expect(problems(ZLexiconChangeRequestList, crs.body)).toEqual([]);
    expect(crs.body.items.map((c: { id: string }) => c.id)).toContain(cr.id);
    const decided = await request(app)
      .post(`/v1/lexicon-change-requests/${cr.id}/decision`)
      .set(auth('editor'))
      .send({ decision: 'accept' });
    expect(decided.status).toBe(200);
    expect(problems(ZLexiconChangeDecision, decided.body)).toEqual([]);
    expect(decided.body.request.decidedAt).toMatch(ISO);

    const removed = await request(app)
      .delete(`/v1/lexicons/${INDUSTRY}/draft/terms/${encodeURIComponent('术间转运')}`)
      .set(auth('editor'));
    expect(problems(ZLexiconDraftResponse, removed.body)).toEqual([]);

    const published = await request(app)
      .post(`/v1/lexicons/${INDUSTRY}/publish`)
      .set(auth('admin'))
      .send({ note: '形状测试', rescore: true });
    expect(published.status).toBe(201);
    expect(problems(ZLexiconPublished, published.body)).toEqual([]);
    const runId = published.body.run.id as string;
    // Before the rescore job has queued the calls, the run already counts them (never 0 of 0).
    expect(published.body.run).toMatchObject({ total: 1, planned: false, done: 0 });
    await svc.queue.drain();

    const runs = await request(app).get(`/v1/lexicons/${INDUSTRY}/rescores`).set(auth('editor'));
    expect(problems(ZRescoreRunList, runs.body)).toEqual([]);
    const progress = await request(app)
      .get(`/v1/rescores/${runId}`)
      .query({ changed: 'false' })
      .set(auth('editor'));
    expect(problems(ZRescoreRunProgress, progress.body)).toEqual([]);
    expect(progress.body.run).toMatchObject({
      total: 1,
      planned: true,
      done: 1,
      status: 'done',
      percent: 100,
    });
    expect(progress.body.results.length).toBeGreaterThan(0);
    expect(progress.body.results[0].at).toMatch(ISO);

    const started = await request(app).post(`/v1/lexicons/${INDUSTRY}/rescores`).set(auth('admin')).send({});
    expect(started.status).toBe(201);
    expect(problems(ZRescoreStarted, started.body)).toEqual([]);
    await svc.queue.drain();

    const rolledBack = await request(app)
      .post(`/v1/lexicons/${INDUSTRY}/rollback`)
      .set(auth('admin'))
      .send({ toSequence: current, rescore: false });
    expect(rolledBack.status).toBe(201);
    expect(problems(ZLexiconPublished, rolledBack.body)).toEqual([]);
    expect(rolledBack.body.run).toBeNull();
    expect(rolledBack.body.version.rollbackOf).toBe(current);
    expect(editorId).not.toBe('');
  }, 180_000);
});
