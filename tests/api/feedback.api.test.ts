/**
 * Feedback packs, goals and team views through the HTTP API (embedded service): who may see and
 * do what, the formats, and bad input that gets a clear 4xx and changes nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { loadConfig } from '../../bin/config.js';
import { buildService, type Service } from '../../bin/service.js';
import { ZGoalList, ZGoalMetricList, ZGoalView } from '../../services/feedback/goals.schema.js';
import { ZFeedbackPackList, ZFeedbackPackResponse } from '../../services/feedback/pack.schema.js';
import { ZCustomerQuestions, ZTeamHeatmap, ZTeamMetrics } from '../../services/feedback/team.schema.js';
import { fixtureTranscripts } from '../helpers/seed-team.js';

const dir = mkdtempSync(join(tmpdir(), 'tingjian-feedback-api-'));
let svc: Service;
let app: ReturnType<Service['app']>;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
const auth = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
const DAY = 86_400_000;

beforeAll(async () => {
  svc = await buildService(
    loadConfig({
      DATA_DIR: dir,
      LOG_LEVEL: 'silent',
      WORKER_CONCURRENCY: '1',
      FEEDBACK_SCHEDULE: 'off',
      GOALS_SCHEDULE: 'off',
    }),
    { role: 'all' },
  );
  await svc.startWorkers();
  app = svc.app();
  const a = await svc.users.createTeam({ name: '华东一组' });
  const b = await svc.users.createTeam({ name: '华南二组' });
  ids.teamA = a.id;
  ids.teamB = b.id;
  const people: [string, string[], string | null][] = [
    ['admin', ['admin'], null],
    ['manager', ['manager'], a.id],
    ['otherManager', ['manager'], b.id],
    ['lin', ['rep'], a.id],
    ['wang', ['rep'], a.id],
    ['zhou', ['rep'], b.id],
  ];
  for (const [name, roles, teamId] of people) {
    const u = await svc.users.createUser({
      id: `u-${name}`,
      name,
      roles: roles as never,
      teamId,
      externalId: `ext-${name}`,
    });
    ids[name] = u.id;
    tokens[name] = (await svc.users.issueToken(u.id)).token;
  }
  const fixtures = fixtureTranscripts();
  let n = 0;
  for (const [rep, count] of [
    ['ext-lin', 8],
    ['ext-wang', 6],
  ] as const) {
    for (let i = 0; i < count; i++) {
      const f = fixtures[n++ % fixtures.length]!;
      const occurredAt = new Date(Date.now() - (i + 1) * DAY).toISOString();
      const res = await request(app)
        .post('/v1/calls')
        .set(auth('admin'))
        .send({ ...f.transcript, externalId: `api-${rep}-${i}`, repId: rep, occurredAt });
      expect(res.status).toBe(201);
    }
  }
  await svc.queue.drain();
}, 120_000);

afterAll(async () => {
  await svc?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('feedback packs', () => {
  let packId: string;

  it('a manager generates a pack of a rep of the team (201) from the aggregated calls', async () => {
    const res = await request(app).post('/v1/reps/ext-lin/feedback-packs').set(auth('manager')).send({});
    expect(res.status).toBe(201);
    expect(res.body.pack).toMatchObject({ repId: ids.lin, trigger: 'on_demand', generatedBy: ids.manager });
    expect(res.body.data.calls.count).toBe(8);
    expect(res.body.data.benchmark).toMatchObject({ rankedReps: 2, groupSize: 1 });
    expect(res.body.data.suggestions.length).toBeGreaterThan(0);
    packId = res.body.pack.id;
  });

  it('sends exactly the shapes the OpenAPI schemas (and the web types) describe', async () => {
    const issues = (r: {
      success: boolean;
      error?: { issues: { path: PropertyKey[]; message: string }[] };
    }) => (r.success ? [] : r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
    const one = await request(app).get(`/v1/feedback-packs/${packId}`).set(auth('manager'));
    expect(one.status).toBe(200);
    expect(issues(ZFeedbackPackResponse.safeParse(one.body))).toEqual([]);
    expect(one.body.pack.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const examples = one.body.data.suggestions.flatMap((s: { badExample: unknown; goodExample: unknown }) =>
      [s.badExample, s.goodExample].filter(Boolean),
    );
    expect(examples.length).toBeGreaterThan(0);
    const list = await request(app).get('/v1/reps/ext-lin/feedback-packs').set(auth('manager'));
    expect(issues(ZFeedbackPackList.safeParse(list.body))).toEqual([]);
  });

  it('serves the stored pack as Markdown, HTML with an SVG radar, and Excel', async () => {
    const md = await request(app).get(`/v1/feedback-packs/${packId}?format=md`).set(auth('manager'));
    expect(md.status).toBe(200);
    expect(md.headers['content-type']).toMatch(/text\/markdown/);
    expect(md.text).toContain('# 辅导资料包 · lin');
    const html = await request(app).get(`/v1/feedback-packs/${packId}?format=html`).set(auth('lin'));
    expect(html.status).toBe(200);
    expect(html.text).toContain('<svg');
    const xlsx = await request(app)
      .get(`/v1/feedback-packs/${packId}?format=xlsx`)
      .set(auth('admin'))
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-type']).toMatch(/spreadsheetml/);
    expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
    const list = await request(app).get('/v1/reps/ext-lin/feedback-packs').set(auth('lin'));
    expect(list.body.items.map((p: { id: string }) => p.id)).toEqual([packId]);
  });

  it('keeps packs from other teams and reps (404) and generation from reps (403)', async () => {
    expect((await request(app).get(`/v1/feedback-packs/${packId}`).set(auth('wang'))).status).toBe(404);
    expect((await request(app).get(`/v1/feedback-packs/${packId}`).set(auth('otherManager'))).status).toBe(
      404,
    );
    expect(
      (await request(app).post('/v1/reps/ext-lin/feedback-packs').set(auth('otherManager')).send({})).status,
    ).toBe(404);
    const own = await request(app).post('/v1/reps/ext-lin/feedback-packs').set(auth('lin')).send({});
    expect(own.status).toBe(403);
    expect(own.body.error.code).toBe('forbidden');
  });

  it('makes an honest pack for a rep without calls: no figures, no gaps, no suggestions', async () => {
    const res = await request(app)
      .post('/v1/reps/ext-zhou/feedback-packs')
      .set(auth('otherManager'))
      .send({});
    expect(res.status).toBe(201);
    expect(res.body.data.calls.count).toBe(0);
    expect(res.body.data.gaps).toEqual([]);
    expect(res.body.data.suggestions).toEqual([]);
    expect(res.body.data.radar.every((d: { rep: number | null }) => d.rep === null)).toBe(true);
    const md = await request(app).get(`/v1/feedback-packs/${res.body.pack.id}?format=md`).set(auth('zhou'));
    expect(md.text).toContain('（数据不足，暂无建议）');
  });

  it('refuses bad input with a 400 naming the problem, storing nothing', async () => {
    const future = await request(app)
      .post('/v1/reps/ext-lin/feedback-packs')
      .set(auth('manager'))
      .send({ at: new Date(Date.now() + 3 * DAY).toISOString() });
    expect(future.status).toBe(400);
    expect(future.body.error.message).toContain('future');
    const extra = await request(app)
      .post('/v1/reps/ext-lin/feedback-packs')
      .set(auth('manager'))
      .send({ window: 7 });
    expect(extra.status).toBe(400);
    const format = await request(app).get(`/v1/feedback-packs/${packId}?format=pdf`).set(auth('manager'));
    expect(format.status).toBe(400);
    expect(format.body.error.details.problems[0].path).toBe('format');
    const list = await request(app).get('/v1/reps/ext-lin/feedback-packs').set(auth('manager'));
    expect(list.body.items).toHaveLength(1);
  });
});

describe('growth goals', () => {
  it('sets a goal for this week and evaluates it from the calls of the period', async () => {
    const res = await request(app)
      .post('/v1/reps/ext-lin/goals')
      .set(auth('manager'))
      .send({ metric: 'restatement_accuracy', target: 0.85, period: 'this_week' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      metric: 'restatement_accuracy',
      comparator: '>=',
      target: 0.85,
      status: 'active',
    });
    expect(['on_track', 'behind', 'too_few_calls']).toContain(res.body.evaluation.state);
    expect(res.body.evaluation.stateZh).toBeTruthy();
    expect(schemaProblems(ZGoalView, res.body)).toEqual([]);
    const one = await request(app).get(`/v1/goals/${res.body.id}`).set(auth('manager'));
    expect(schemaProblems(ZGoalView, one.body)).toEqual([]);
    const metrics = await request(app).get('/v1/goal-metrics').set(auth('lin'));
    expect(metrics.body.items).toContainEqual({
      id: 'restatement_accuracy',
      nameZh: expect.any(String),
      unit: 'ratio',
      comparator: '>=',
    });
    expect(schemaProblems(ZGoalMetricList, metrics.body)).toEqual([]);
  });

  it('refuses an unknown metric, a percentage given as 85, a reversed period and a third goal', async () => {
    const bad = async (body: object) =>
      request(app).post('/v1/reps/ext-lin/goals').set(auth('manager')).send(body);
    const unknown = await bad({ metric: 'happiness', target: 1, period: 'this_week' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.problems[0].path).toBe('metric');
    const percent = await bad({ metric: 'open_question_ratio', target: 85, period: 'this_week' });
    expect(percent.status).toBe(400);
    expect(percent.body.error.message).toContain('0.85 = 85%');
    const reversed = await bad({
      metric: 'open_question_ratio',
      target: 0.5,
      period: { from: '2099-01-10', to: '2099-01-01' },
    });
    expect(reversed.status).toBe(400);
    const second = await bad({ metric: 'talk_ratio', target: 0.5, period: 'this_week' });
    expect(second.status).toBe(201);
    expect(second.body.comparator).toBe('<=');
    const third = await bad({ metric: 'question_count', target: 10, period: 'this_week' });
    expect(third.status).toBe(409);
    const list = await request(app).get('/v1/reps/ext-lin/goals').set(auth('lin'));
    expect(list.body.items).toHaveLength(2);
    expect(schemaProblems(ZGoalList, list.body)).toEqual([]);
  });

  it('lets the manager cancel a goal, not the rep', async () => {
    const list = await request(app).get('/v1/reps/ext-lin/goals').set(auth('manager'));
    const id = list.body.items[0].id;
    expect((await request(app).delete(`/v1/goals/${id}`).set(auth('lin'))).status).toBe(403);
    const res = await request(app).delete(`/v1/goals/${id}`).set(auth('manager'));
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('cancelled');
    expect(schemaProblems(ZGoalView, res.body)).toEqual([]);
    expect((await request(app).get(`/v1/goals/${id}`).set(auth('otherManager'))).status).toBe(404);
  });
});

/** The problems a strict schema finds in an answer, as `path: message` lines (empty when it fits). */
function schemaProblems(schema: z.ZodType, body: unknown): string[] {
  const parsed = schema.safeParse(body);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('team views', () => {
  it('returns the heatmap of the team for N weeks', async () => {
    const res = await request(app).get(`/v1/teams/${ids.teamA}/heatmap?weeks=2`).set(auth('manager'));
    expect(res.status).toBe(200);
    expect(res.body.weeks).toHaveLength(2);
    expect(res.body.reps.map((r: { repId: string }) => r.repId)).toEqual([ids.lin, ids.wang]);
    expect(res.body.reps[0].cells).toHaveLength(2 * 5);
    expect(schemaProblems(ZTeamHeatmap, res.body)).toEqual([]);
    expect(
      (await request(app).get(`/v1/teams/${ids.teamA}/heatmap?weeks=0`).set(auth('manager'))).status,
    ).toBe(400);
    expect((await request(app).get(`/v1/teams/${ids.teamA}/heatmap`).set(auth('otherManager'))).status).toBe(
      404,
    );
    expect((await request(app).get(`/v1/teams/${ids.teamA}/heatmap`).set(auth('lin'))).status).toBe(404);
  });

  it('clusters customer questions, and refuses an unknown industry or a reversed range', async () => {
    const res = await request(app).get(`/v1/teams/${ids.teamA}/customer-questions`).set(auth('manager'));
    expect(res.status).toBe(200);
    expect(res.body.total).toBeGreaterThan(0);
    expect(res.body.clusters[0].examples[0].callId).toMatch(/^call-/);
    expect(schemaProblems(ZCustomerQuestions, res.body)).toEqual([]);
    const unknown = await request(app)
      .get(`/v1/teams/${ids.teamA}/customer-questions?industry=toys`)
      .set(auth('manager'));
    expect(unknown.status).toBe(422);
    const reversed = await request(app)
      .get(`/v1/teams/${ids.teamA}/customer-questions?from=2026-06-01T00:00:00Z&to=2026-05-01T00:00:00Z`)
      .set(auth('manager'));
    expect(reversed.status).toBe(400);
  });

  it('exports the team metrics as JSON and Excel', async () => {
    const res = await request(app).get(`/v1/teams/${ids.teamA}/metrics`).set(auth('admin'));
    expect(res.status).toBe(200);
    expect(res.body.reps).toHaveLength(2);
    expect(res.body.topRepIds).toHaveLength(1);
    expect(schemaProblems(ZTeamMetrics, res.body)).toEqual([]);
    const xlsx = await request(app).get(`/v1/teams/${ids.teamA}/metrics?format=xlsx`).set(auth('manager'));
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-disposition']).toMatch(/\.xlsx"$/);
  });

  it('documents the endpoints in the OpenAPI description', async () => {
    const res = await request(app).get('/v1/openapi.json');
    for (const path of ['/v1/reps/{id}/feedback-packs', '/v1/teams/{id}/heatmap', '/v1/reps/{id}/goals']) {
      expect(Object.keys(res.body.paths)).toContain(path);
    }
  });
});
