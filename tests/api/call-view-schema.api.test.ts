import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ZCallListPage, ZCallSubmitted, ZCallView, ZRepSummary } from '../../api/routes/calls.schema.js';
import { loadConfig } from '../../bin/config.js';
import { buildService, type Service } from '../../bin/service.js';
import { packagePath } from '../../models/package-root.js';
import { ZAppealPreview } from '../../services/appeals/appeal.schema.js';
import { stopTestService } from '../helpers/services.js';

/**
 * The call view is JSON the database builds (models/call.repository.ts viewQuery): no compiler
 * compares it with the zod schemas the OpenAPI document, and so the web's generated types, are
 * made from. These tests parse what the API really sends, for the example calls and for a call
 * that accepted appeals changed (overrides, suppressed findings, corrected speaker, last change),
 * against the strict schemas: a field the server sends and the schema lacks fails here.
 */
const EXAMPLES = readdirSync(packagePath('examples/calls'))
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(packagePath(join('examples/calls', f)), 'utf8')) as { repId: string });
const STORY = JSON.parse(
  readFileSync(new URL('../fixtures/story/med-or-ceiling.json', import.meta.url), 'utf8'),
) as { repId: string; utterances: { id: string; speaker: string; text: string }[] };

/** The problems zod finds, as `path: message` lines (empty when the body fits the schema). */
function problems(schema: z.ZodType, body: unknown): string[] {
  const parsed = schema.safeParse(body);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('the call routes send exactly the shapes their schemas (and the web types) describe', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tingjian-view-schema-'));
  let svc: Service;
  let app: ReturnType<Service['app']>;
  const tokens: Record<string, string> = {};
  const auth = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
  const callIds: string[] = [];
  let storyId: string;

  beforeAll(async () => {
    svc = await buildService(loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', WORKER_CONCURRENCY: '1' }), {
      role: 'all',
    });
    await svc.startWorkers();
    app = svc.app();
    const team = await svc.users.createTeam({ name: '一组' });
    const reps = [...new Set([...EXAMPLES.map((c) => c.repId), STORY.repId])];
    const people: [string, string[], string | null][] = [
      ['admin', ['admin'], null],
      ['reviewer', ['reviewer'], null],
      ...reps.map((r): [string, string[], string | null] => [r, ['rep'], r]),
    ];
    const ids: Record<string, string> = {};
    for (const [name, roles, externalId] of people) {
      const u = await svc.users.createUser({ name, roles: roles as never, teamId: team.id, externalId });
      ids[name] = u.id;
      tokens[name] = (await svc.users.issueToken(u.id)).token;
    }
    await svc.appeals.upsertPool({ teamId: team.id, industry: null, reviewerIds: [ids.reviewer!] });
    for (const body of [...EXAMPLES, STORY]) {
      const res = await request(app).post('/v1/calls').set(auth('admin')).send(body);
      expect(problems(ZCallSubmitted, res.body)).toEqual([]);
      callIds.push(res.body.call.id);
    }
    storyId = callIds.at(-1)!;
    await svc.queue.drain();
  }, 120_000);

  afterAll(async () => {
    await stopTestService(svc);
    rmSync(dir, { recursive: true, force: true });
  });

  it('GET /v1/calls/{id}: every scored example call fits ZCallView', async () => {
    expect(callIds).toHaveLength(EXAMPLES.length + 1);
    for (const id of callIds) {
      const res = await request(app).get(`/v1/calls/${id}`).set(auth('admin'));
      expect(res.status).toBe(200);
      expect(res.body.call.status).toBe('scored');
      expect(res.body.analysis.findings.length).toBeGreaterThan(0);
      expect(problems(ZCallView, res.body), id).toEqual([]);
    }
  });

  it('a call that accepted appeals changed (overrides, suppressed finding, corrected speaker, last change) fits ZCallView', async () => {
    const before = (await request(app).get(`/v1/calls/${storyId}`).set(auth('admin'))).body;
    const removed = before.analysis.findings.find((f: { label: string }) => f.label === 'question.closed');
    expect(removed).toBeDefined();
    const customerLine = STORY.utterances.find((u) => u.speaker === 'customer')!;
    const filed = [
      { target: 'finding', findingId: removed.id, proposedLabel: null, reason: '这句不是提问，是确认' },
      { target: 'speaker', utteranceId: customerLine.id, proposedSpeaker: 'rep', reason: '这句是销售说的' },
    ];
    // The appeal form's preview, parsed with the strict schema its generated type comes from.
    const preview = await request(app)
      .post(`/v1/calls/${storyId}/appeals/preview`)
      .set(auth(STORY.repId))
      .send(filed[0]);
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body.existingAppeal).toBeNull();
    expect(problems(ZAppealPreview, preview.body)).toEqual([]);
    for (const appeal of filed) {
      const res = await request(app).post(`/v1/calls/${storyId}/appeals`).set(auth(STORY.repId)).send(appeal);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      const decided = await request(app)
        .post(`/v1/appeals/${res.body.appeal.id}/decision`)
        .set(auth('reviewer'))
        .send({ decision: 'accept', note: '核实无误，接受' });
      expect(decided.status).toBe(200);
      await svc.queue.drain();
    }
    const view = (await request(app).get(`/v1/calls/${storyId}`).set(auth('admin'))).body;
    // The parts the example calls do not have are really there, so the schema was asked about them.
    expect(view.analysis.overrides).toHaveLength(2);
    expect(view.analysis.suppressed.map((f: { id: string }) => f.id)).toContain(removed.id);
    expect(view.analysis.lastChange.cause.kind).toBe('appeal');
    const corrected = view.utterances.find((u: { id: string }) => u.id === customerLine.id);
    expect(corrected).toMatchObject({ speaker: 'rep', machineSpeaker: 'customer' });
    expect(problems(ZCallView, view)).toEqual([]);
  });

  it('a call scored before coaching was stored with the analysis gets the same list on its first read, then as stored', async () => {
    const withList = [];
    for (const id of callIds.slice(0, -1)) {
      const v = (await request(app).get(`/v1/calls/${id}`).set(auth('admin'))).body;
      if (v.analysis.coaching.length > 0) withList.push([id, v.analysis.coaching] as const);
    }
    expect(withList.length).toBeGreaterThan(0);
    const [id, coaching] = withList[0]!;
    // What the rows of such a call hold: no list, and a stored view (with its copies gone) without one.
    await svc.database.db.execute(
      sql`update calls set coaching = null, view_json = (view_json::jsonb #- '{analysis,coaching}')::text,
            view_etag = null, view_br = null, view_gzip = null where id = ${id}`,
    );
    const first = await request(app).get(`/v1/calls/${id}`).set(auth('admin'));
    expect(first.status).toBe(200);
    expect(first.body.analysis.coaching).toEqual(coaching);
    expect(problems(ZCallView, first.body)).toEqual([]);
    const [row] = (
      (await svc.database.db.execute(
        sql`select coaching, view_etag is not null as copies from calls where id = ${id}`,
      )) as unknown as { rows: { coaching: unknown; copies: boolean }[] }
    ).rows;
    expect(row).toEqual({ coaching, copies: true });
    const again = await request(app).get(`/v1/calls/${id}`).set(auth('admin'));
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(again.body).toEqual(first.body);
  });

  it('GET /v1/calls (also searched) fits ZCallListPage; GET /v1/reps/{id}/summary fits ZRepSummary', async () => {
    const list = await request(app).get('/v1/calls').set(auth('admin'));
    expect(list.body.items).toHaveLength(callIds.length);
    expect(problems(ZCallListPage, list.body)).toEqual([]);
    const searched = await request(app).get('/v1/calls').query({ q: '医院' }).set(auth('admin'));
    expect(searched.body.items.length).toBeGreaterThan(0);
    expect(searched.body.items[0].snippet.text).toContain('【医院】');
    expect(problems(ZCallListPage, searched.body)).toEqual([]);
    const repId = (await request(app).get(`/v1/calls/${storyId}`).set(auth('admin'))).body.call.repId;
    const summary = await request(app).get(`/v1/reps/${repId}/summary`).set(auth('admin'));
    expect(summary.status).toBe(200);
    expect(summary.body.calls).toBe(1);
    expect(problems(ZRepSummary, summary.body)).toEqual([]);
  });

  it('the schemas are strict: a field the server added without telling the schema is a problem', async () => {
    const view = (await request(app).get(`/v1/calls/${callIds[0]}`).set(auth('admin'))).body;
    const finding = { ...view.analysis.findings[0], newEvidence: 1 };
    const changed = { ...view, analysis: { ...view.analysis, findings: [finding] } };
    expect(problems(ZCallView, changed)).toEqual(['analysis.findings.0: Unrecognized key: "newEvidence"']);
  });
});
