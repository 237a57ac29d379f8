import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ZAppealEnvelope, ZAppealListPage } from '../../api/routes/appeals.schema.js';
import { loadConfig } from '../../bin/config.js';
import { buildService, type Service } from '../../bin/service.js';
import { ZWhatIfReport } from '../../services/lexicon-admin/lexicon-admin.service.js';
import { stopTestService } from '../helpers/services.js';

/**
 * The product story, end to end through the API on the embedded default: a medical-device rep's
 * 需求诊断 is low because the customer's operating-room constraint, in words the lexicon does
 * not know (净高偏低 … 站位都很局促: no generic marker such as 限制/不够/麻烦), was not
 * recognised as a need. She appeals; the reviewer accepts; the lexicon editor accepts the
 * change request, previews and publishes; the call is rescored; the override is absorbed.
 */
const STORY = JSON.parse(
  readFileSync(new URL('../fixtures/story/med-or-ceiling.json', import.meta.url), 'utf8'),
) as { utterances: { id: string; text: string }[] };

function spanOf(id: string, part: string): [number, number] {
  const text = STORY.utterances.find((u) => u.id === id)!.text;
  const start = [...text.slice(0, text.indexOf(part))].length;
  return [start, start + [...part].length];
}
const NEED_SPAN = spanOf('u4', '净高偏低，吊塔装上以后主刀和助手的站位都很局促');

/**
 * The problems the strict appeal schemas (api/routes/appeals.schema.ts, from which the web's
 * appeal type is generated) find in an answer, as `path: message` lines: a field the server
 * sends and the schema lacks, or one it lacks, fails the story.
 */
function problems(schema: z.ZodType, body: unknown): string[] {
  const parsed = schema.safeParse(body);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('the medical story: appeal → review → lexicon change → publish → rescore, all audited', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tingjian-story-'));
  let svc: Service;
  let app: ReturnType<Service['app']>;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const auth = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
  let callId: string;
  let appealId: string;
  let filedAt: Date;

  beforeAll(async () => {
    // The story is a need no detector knows, so that the appeal, review and lexicon path runs: the
    // rules alone. (The learned second stage finds this need by itself; tests/unit/analyze.core.test.ts.)
    const env = { DATA_DIR: dir, LOG_LEVEL: 'silent', WORKER_CONCURRENCY: '1', SECOND_STAGE_MODEL: 'off' };
    svc = await buildService(loadConfig(env), {
      role: 'all',
    });
    await svc.startWorkers();
    app = svc.app();
    const team = await svc.users.createTeam({ name: '医疗一组' });
    const people: [string, string[], string | null, string | null][] = [
      ['chen', ['rep'], team.id, 'rep-story'],
      ['reviewer', ['reviewer'], null, null],
      ['editor', ['lexicon_editor'], null, null],
      ['manager', ['manager'], team.id, null],
    ];
    for (const [name, roles, teamId, externalId] of people) {
      const u = await svc.users.createUser({ name, roles: roles as never, teamId, externalId });
      ids[name] = u.id;
      tokens[name] = (await svc.users.issueToken(u.id)).token;
    }
    await svc.appeals.upsertPool({ teamId: team.id, industry: null, reviewerIds: [ids.reviewer!] });
  }, 60_000);

  afterAll(async () => {
    await stopTestService(svc);
    rmSync(dir, { recursive: true, force: true });
  });

  it('scores the call: no finding on the constraint, 需求诊断 low', async () => {
    const res = await request(app).post('/v1/calls').set(auth('chen')).send(STORY);
    expect(res.status).toBe(201);
    callId = res.body.call.id;
    await svc.queue.drain();
    const call = (await request(app).get(`/v1/calls/${callId}`).set(auth('chen'))).body;
    expect(call.call.status).toBe('scored');
    expect(call.analysis.findings.filter((f: { utteranceId: string }) => f.utteranceId === 'u4')).toEqual([]);
    // open-question ratio 0/3 → 0 (weight 1), question count 3 → 100 (weight 1); no restatement
    // and no implicit need: those items do not apply.
    expect(call.analysis.dimensions.need_diagnosis).toBe(50);
    expect(call.analysis.machine.dimensions.need_diagnosis).toBe(50);
  });

  it('the rep appeals the missed need in one request, with the lexicon change she proposes', async () => {
    const preview = await request(app).post(`/v1/calls/${callId}/appeals/preview`).set(auth('chen')).send({
      target: 'missed_finding',
      utteranceId: 'u4',
      span: NEED_SPAN,
      proposedLabel: 'need.implicit',
      reason: '先看看效果',
    });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      quote: '净高偏低，吊塔装上以后主刀和助手的站位都很局促',
      preview: {
        now: { dimensions: { need_diagnosis: 50 } },
        ifAccepted: { dimensions: { need_diagnosis: 75 } },
      },
      existingAppeal: null,
    });
    // A lexicon change that cannot apply (a synonym for a term the lexicon does not have) is
    // refused when the appeal is filed, not after its acceptance.
    const bad = await request(app)
      .post(`/v1/calls/${callId}/appeals`)
      .set(auth('chen'))
      .send({
        target: 'missed_finding',
        utteranceId: 'u4',
        span: NEED_SPAN,
        proposedLabel: 'need.implicit',
        reason: '客户说的是手术室净高不够',
        lexiconChange: { op: 'add_synonym', term: '不存在的术语', synonym: '净高' },
      });
    expect(bad.status).toBe(422);
    expect(bad.body.error.message).toMatch(/不存在的术语/);
    const res = await request(app)
      .post(`/v1/calls/${callId}/appeals`)
      .set(auth('chen'))
      .send({
        target: 'missed_finding',
        utteranceId: 'u4',
        span: NEED_SPAN,
        proposedLabel: 'need.implicit',
        reason: '客户说的是手术室净高不够、站位局促，这是隐性需求，我下一句就追问了',
        lexiconChange: { op: 'add_synonym', term: '手术室空间限制', synonym: '净高' },
      });
    expect(res.status).toBe(201);
    expect(problems(ZAppealEnvelope, res.body)).toEqual([]);
    const a = res.body.appeal;
    appealId = a.id;
    filedAt = new Date(a.filedAt);
    expect(a).toMatchObject({
      status: 'open',
      target: 'missed_finding',
      // The sentence as the transcript numbers it (the web shows 第4句（00:22）, the id on hover).
      utteranceId: 'u4',
      utteranceIndex: 4,
      utteranceStartMs: 22600,
      reviewerId: ids.reviewer,
      quote: '净高偏低，吊塔装上以后主刀和助手的站位都很局促',
      overdue: false,
    });
    expect(new Date(a.dueAt).getTime() - filedAt.getTime()).toBe(48 * 3600_000);
    // What the score would be if accepted: need identified by the follow-up question (1/1 → 100,
    // weight 2 in medical_devices) → (0·1 + 100·1 + 100·2) / 4 = 75.
    expect(a.preview.now.dimensions.need_diagnosis).toBe(50);
    expect(a.preview.ifAccepted.dimensions.need_diagnosis).toBe(75);
    expect(a.proposal).toEqual({
      correction: { kind: 'add', utteranceId: 'u4', label: 'need.implicit', span: NEED_SPAN },
      lexiconChange: { op: 'add_synonym', term: '手术室空间限制', synonym: '净高' },
    });
    expect(a.override).toBeNull();

    const again = await request(app).post(`/v1/calls/${callId}/appeals`).set(auth('chen')).send({
      target: 'missed_finding',
      utteranceId: 'u4',
      span: NEED_SPAN,
      proposedLabel: 'need.implicit',
      reason: '再提一次',
    });
    expect(again.status).toBe(409);
  });

  it('the reviewer sees it in the queue and accepts within the SLA; the score is corrected', async () => {
    const queue = await request(app).get('/v1/appeals?view=assigned').set(auth('reviewer'));
    expect(queue.status).toBe(200);
    expect(queue.body.items.map((x: { id: string }) => x.id)).toEqual([appealId]);
    expect(queue.body.items[0]).toMatchObject({
      utteranceId: 'u4',
      utteranceIndex: 4,
      utteranceStartMs: 22600,
    });
    expect(problems(ZAppealListPage, queue.body)).toEqual([]);
    expect(queue.body.nextCursor).toBeNull();
    const res = await request(app)
      .post(`/v1/appeals/${appealId}/decision`)
      .set(auth('reviewer'))
      .send({ decision: 'accept', note: '确认：净高限制是安装约束，属于隐性需求' });
    expect(res.status).toBe(200);
    expect(res.body.appeal.status).toBe('accepted');
    expect(problems(ZAppealEnvelope, res.body)).toEqual([]);
    expect(res.body.appeal.override).toMatchObject({ appealId, status: 'in_force', absorbedAt: null });
    expect(res.body.appeal.secondsLeft).toBeNull();
    expect(new Date(res.body.appeal.decidedAt).getTime()).toBeLessThan(
      new Date(res.body.appeal.dueAt).getTime(),
    );
    await svc.queue.drain();
    const call = (await request(app).get(`/v1/calls/${callId}`).set(auth('chen'))).body;
    const need = call.analysis.findings.find((f: { label: string }) => f.label === 'need.implicit');
    expect(need).toMatchObject({
      utteranceId: 'u4',
      span: NEED_SPAN,
      rule: 'appeal',
      identified: true,
      identifiedBy: 'u5',
    });
    expect(need.overrideId).toBe(call.analysis.overrides[0].id);
    expect(call.analysis.overrides[0]).toMatchObject({ appealId, status: 'in_force', flagged: false });
    expect(call.analysis.dimensions.need_diagnosis).toBe(75);
    // The machine's own result is kept beside the final one.
    expect(call.analysis.machine.dimensions.need_diagnosis).toBe(50);
    // The call says what the accepted appeal changed, item by item, in words.
    const change = call.analysis.lastChange;
    expect(change.cause).toEqual({ kind: 'appeal', appealId });
    expect(change.summary).toMatch(/^申诉被接受后重新评分：总分 \d+ 分 → \d+ 分（.*需求诊断 50 分 → 75 分/);
    expect(change.findingsAdded).toEqual([{ label: 'need.implicit', utteranceId: 'u4' }]);
    const moved = change.items.find((i: { metric: string }) => i.metric === 'implicit_needs_identified');
    expect(moved).toMatchObject({
      dimension: 'need_diagnosis',
      counted: [{ label: 'need.implicit', utteranceId: 'u4' }],
    });
    expect(moved.reason).toContain('新计入 1 条：「隐性需求」（第 4 句）');
  });

  let runId: string;
  it('the change request reaches the editor, who accepts it into a draft, previews it and publishes', async () => {
    const crs = await request(app)
      .get('/v1/lexicons/medical_devices/change-requests?status=pending')
      .set(auth('editor'));
    expect(crs.body.items).toHaveLength(1);
    expect(crs.body.items[0]).toMatchObject({
      appealId,
      change: { op: 'add_synonym', term: '手术室空间限制', synonym: '净高' },
    });
    const decided = await request(app)
      .post(`/v1/lexicon-change-requests/${crs.body.items[0].id}/decision`)
      .set(auth('editor'))
      .send({ decision: 'accept', note: '净高不足是手术室空间限制的常见说法' });
    expect(decided.status).toBe(200);
    expect(decided.body.draft.sequence).toBe(2);
    const synonyms = decided.body.draft.lexicon.terms.find(
      (t: { term: string }) => t.term === '手术室空间限制',
    ).synonyms;
    expect(synonyms).toContain('净高');

    const whatIf = await request(app).post('/v1/lexicons/medical_devices/what-if').set(auth('editor'));
    expect(whatIf.status).toBe(200);
    expect(whatIf.body).toMatchObject({ calls: 1, callsChanged: 1, findingsAdded: 1, findingsRemoved: 1 });
    // Each example names the call as the call list does (rep, time, customer) and the sentence by
    // its place and time in the call: the web shows 第4句（00:22）, not the id u4.
    expect(whatIf.body.examples[0]).toMatchObject({
      callId,
      repName: 'chen',
      occurredAt: '2026-11-20T06:00:00.000Z',
      customer: { name: '何主任', company: '西河县人民医院' },
      totalBefore: expect.any(Number),
    });
    expect(whatIf.body.examples[0].added[0]).toMatchObject({
      utteranceId: 'u4',
      utteranceIndex: 4,
      startMs: 22600,
      label: 'need.implicit',
      term: '手术室空间限制',
    });
    expect(problems(ZWhatIfReport, whatIf.body)).toEqual([]);

    const pub = await request(app)
      .post('/v1/lexicons/medical_devices/publish')
      .set(auth('editor'))
      .send({ note: '加入“净高”' });
    expect(pub.status).toBe(201);
    expect(pub.body.version.versionId).toMatch(/^medical_devices@2\+[0-9a-f]{12}$/);
    runId = pub.body.run.id;
  });

  it('the call is rescored on the new version: the machine finds the need itself and the override is absorbed', async () => {
    await svc.queue.drain();
    const progress = await request(app).get(`/v1/rescores/${runId}`).set(auth('editor'));
    expect(progress.body.run).toMatchObject({ status: 'done', total: 1, done: 1, failed: 0, percent: 100 });
    expect(progress.body.results).toEqual([
      expect.objectContaining({ callId, findingsAdded: 1, findingsRemoved: 1 }),
    ]);
    const call = (await request(app).get(`/v1/calls/${callId}`).set(auth('chen'))).body;
    expect(call.call.lexiconVersion).toMatch(/^medical_devices@2\+/);
    const need = call.analysis.findings.find((f: { label: string }) => f.label === 'need.implicit');
    expect(need).toMatchObject({
      utteranceId: 'u4',
      rule: 'need.industry-term',
      term: '手术室空间限制',
      surface: '净高',
      identified: true,
      identifiedBy: 'u5',
    });
    expect(need.overrideId).toBeUndefined();
    expect(call.analysis.overrides[0]).toMatchObject({ appealId, status: 'absorbed', flagged: false });
    const appeal = await request(app).get(`/v1/appeals/${appealId}`).set(auth('chen'));
    expect(problems(ZAppealEnvelope, appeal.body)).toEqual([]);
    expect(appeal.body.appeal.override).toMatchObject({
      status: 'absorbed',
      absorbedLexiconVersion: call.call.lexiconVersion,
    });
    expect(appeal.body.appeal.override.absorbedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(call.analysis.dimensions.need_diagnosis).toBe(75);
    expect(call.analysis.machine.dimensions.need_diagnosis).toBe(75);
    // Counted once: one implicit need, identified.
    const item = call.analysis.scoreItems.find(
      (i: { metric: string }) => i.metric === 'implicit_needs_identified',
    );
    expect(item).toMatchObject({ value: 1, score: 100, findingIds: [need.id] });
    // The rescore on the new lexicon found the same need: named as the cause, nothing moved.
    expect(call.analysis.lastChange.cause).toEqual({ kind: 'lexicon', version: call.call.lexiconVersion });
    expect(call.analysis.lastChange.summary).toBe('新词库发布后重新评分：各项得分没有变化');
  });

  it('the audit log shows every step with actor and time', async () => {
    const read = async (entity: string, id: string) => {
      const res = await request(app)
        .get(`/v1/audit?entity=${entity}&id=${encodeURIComponent(id)}`)
        .set(auth('manager'));
      expect(res.status).toBe(200);
      return res.body.items as { action: string; actorUserId: string | null; at: string }[];
    };
    const appeal = await read('appeal', appealId);
    expect(appeal.map((e) => [e.action, e.actorUserId])).toEqual([
      ['appeal.file', ids.chen],
      ['appeal.review', ids.reviewer],
      ['appeal.accept', ids.reviewer],
    ]);
    const call = await read('call', callId);
    expect(call.map((e) => [e.action, e.actorUserId])).toEqual([
      ['appeal.file', ids.chen],
      ['call.override', ids.reviewer],
    ]);
    const lexicon = await read('lexicon', 'medical_devices');
    expect(lexicon.map((e) => [e.action, e.actorUserId])).toEqual([
      ['lexicon.draft', ids.editor],
      ['lexicon.change_request.apply', ids.editor],
      ['lexicon.publish', ids.editor],
    ]);
    for (const e of [...appeal, ...call, ...lexicon])
      expect(Date.parse(e.at)).toBeGreaterThanOrEqual(filedAt.getTime() - 1000);
    expect((await request(app).get(`/v1/audit?entity=appeal&id=${appealId}`).set(auth('chen'))).status).toBe(
      403,
    );
  });

  it('publishing a draft identical to the published version is refused, nothing recorded', async () => {
    const draft = await request(app).post('/v1/lexicons/medical_devices/draft').set(auth('editor'));
    expect(draft.status).toBe(201);
    const before = (await request(app).get('/v1/lexicons/medical_devices').set(auth('editor'))).body.current;
    const res = await request(app).post('/v1/lexicons/medical_devices/publish').set(auth('editor')).send({});
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/identical to the published version/);
    const after = (await request(app).get('/v1/lexicons/medical_devices').set(auth('editor'))).body.current;
    expect(after.versionId).toBe(before.versionId);
    expect((await request(app).delete('/v1/lexicons/medical_devices/draft').set(auth('editor'))).status).toBe(
      204,
    );
  });

  it("a manager of another team reads neither the appeal nor its audit; tokens' audit is for admins", async () => {
    const other = await svc.users.createTeam({ name: '华南二组' });
    const stranger = await svc.users.createUser({ name: 'stranger', roles: ['manager'], teamId: other.id });
    const token = (await svc.users.issueToken(stranger.id)).token;
    const as = (path: string) =>
      request(app)
        .get(path)
        .set({ Authorization: `Bearer ${token}` });
    expect((await as(`/v1/appeals/${appealId}`)).status).toBe(404);
    expect((await as(`/v1/audit?entity=appeal&id=${appealId}`)).status).toBe(404);
    expect((await as(`/v1/audit?entity=call&id=${callId}`)).status).toBe(404);
    expect((await as(`/v1/audit?entity=user&id=${ids.chen}`)).status).toBe(404);
    // Lexicon history concerns everyone.
    expect((await as('/v1/audit?entity=lexicon&id=medical_devices')).status).toBe(200);
    const own = await request(app).get(`/v1/audit?entity=token&id=${ids.chen}`).set(auth('manager'));
    expect(own.status).toBe(403);
  });
});
