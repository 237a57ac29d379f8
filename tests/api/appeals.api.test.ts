import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../bin/config.js';
import { buildService, type Service } from '../../bin/service.js';
import { appeals as appealsTable, auditLog } from '../../models/schema.js';
import type { Speaker } from '../../models/transcript.js';
import { transcript } from '../helpers/runtime.js';
import { stopTestService } from '../helpers/services.js';

/** A webhook that fails its first `failFirst` requests, then answers like WeCom. */
function webhook(failFirst: number) {
  const bodies: unknown[] = [];
  let calls = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      calls++;
      if (calls <= failFirst) {
        res.writeHead(502).end('bad gateway');
        return;
      }
      bodies.push(JSON.parse(body));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0,"errmsg":"ok"}');
    });
  });
  return {
    bodies,
    calls: () => calls,
    start: () =>
      new Promise<string>((r) =>
        server.listen(0, '127.0.0.1', () =>
          r(`http://127.0.0.1:${(server.address() as AddressInfo).port}/cgi-bin/webhook/send?key=test`),
        ),
      ),
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('appeals and lexicon editing: rules, bad input and notifications', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tingjian-appeals-'));
  const hook = webhook(1);
  let svc: Service;
  let app: ReturnType<Service['app']>;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const auth = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
  let callId: string;
  let otherCallId: string;

  beforeAll(async () => {
    const url = await hook.start();
    svc = await buildService(
      loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', WORKER_CONCURRENCY: '1', NOTIFY_WEBHOOK_URL: url }),
      { role: 'all' },
    );
    await svc.startWorkers();
    app = svc.app();
    const team = await svc.users.createTeam({ name: '华东一组' });
    const people: [string, string[], string | null, string | null][] = [
      ['lin', ['rep'], team.id, 'rep-lin'],
      ['wang', ['rep'], team.id, 'rep-wang'],
      ['reviewer', ['reviewer'], null, null],
      ['reviewer2', ['reviewer'], null, null],
      // A rep who also reviews: never on her own calls.
      ['linrev', ['rep', 'reviewer'], team.id, 'rep-linrev'],
      ['editor', ['lexicon_editor'], null, null],
      ['manager', ['manager'], team.id, null],
      ['admin', ['admin'], null, null],
    ];
    for (const [name, roles, teamId, externalId] of people) {
      const u = await svc.users.createUser({ name, roles: roles as never, teamId, externalId });
      ids[name] = u.id;
      tokens[name] = (await svc.users.issueToken(u.id)).token;
    }
    await svc.appeals.upsertPool({
      teamId: team.id,
      industry: null,
      reviewerIds: [ids.linrev!, ids.reviewer!, ids.reviewer2!],
    });
    const submit = async (who: string, repId: string, text: string) => {
      const res = await request(app)
        .post('/v1/calls')
        .set(auth(who))
        .send(
          transcript(
            'saas',
            [
              ['rep', '张总您好，我是云帆软件的林峰，想跟您聊聊排班系统，您现在方便吗？'],
              ['customer', `可以。${text}`],
              ['rep', '您现在每个月排班大概要花多少时间？'],
              ['customer', '价格太贵了，我们预算不够。'],
              ['rep', '理解，我们可以先从基础版开始，按门店数收费，下周三我把报价发您？'],
            ],
            { repId },
          ),
        );
      expect(res.status).toBe(201);
      return res.body.call.id as string;
    };
    callId = await submit('linrev', 'rep-linrev', '我们现在排班全靠手工，每周都要加班。');
    otherCallId = await submit('wang', 'rep-wang', '我们门店多，排班很乱。');
    await svc.queue.drain();
  }, 60_000);

  afterAll(async () => {
    await stopTestService(svc);
    await hook.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const call = async (id: string, who = 'admin') =>
    (await request(app).get(`/v1/calls/${id}`).set(auth(who))).body;
  const file = (who: string, id: string, body: object) =>
    request(app).post(`/v1/calls/${id}/appeals`).set(auth(who)).send(body);

  it("refuses appeals on someone else's call, on items that do not exist, and malformed ones — storing nothing", async () => {
    const c = await call(otherCallId);
    const finding = c.analysis.findings[0];
    const before = await svc.database.db.select().from(appealsTable);
    const cases: [string, string, object, number][] = [
      ['linrev', otherCallId, { target: 'finding', findingId: finding.id, reason: '不是我的通话' }, 403],
      [
        'manager',
        otherCallId,
        { target: 'finding', findingId: finding.id, reason: '经理不能替销售申诉' },
        403,
      ],
      [
        'wang',
        'call-doesnotexist',
        { target: 'finding', findingId: finding.id, reason: '不存在的通话' },
        404,
      ],
      [
        'wang',
        otherCallId,
        { target: 'finding', findingId: 'f-0000000000000000', reason: '不存在的发现' },
        404,
      ],
      [
        'wang',
        otherCallId,
        {
          target: 'missed_finding',
          utteranceId: 'u99',
          span: [0, 2],
          proposedLabel: 'need.implicit',
          reason: '不存在的句子',
        },
        404,
      ],
      [
        'wang',
        otherCallId,
        {
          target: 'missed_finding',
          utteranceId: 'u2',
          span: [0, 500],
          proposedLabel: 'need.implicit',
          reason: '越界',
        },
        422,
      ],
      [
        'wang',
        otherCallId,
        {
          target: 'missed_finding',
          utteranceId: 'u2',
          span: [0, 2],
          proposedLabel: 'question.open',
          reason: '客户句子不能是销售提问',
        },
        422,
      ],
      [
        'wang',
        otherCallId,
        {
          target: 'missed_finding',
          utteranceId: 'u2',
          span: [0, 2],
          proposedLabel: 'need.whatever',
          reason: '未知标签',
        },
        400,
      ],
      [
        'wang',
        otherCallId,
        { target: 'score_item', itemId: 'nope', proposedScore: 80, reason: '不存在的评分项' },
        404,
      ],
      ['wang', otherCallId, { target: 'finding', findingId: finding.id }, 400],
      ['wang', otherCallId, { target: 'finding', findingId: finding.id, reason: 'x' }, 400],
      [
        'wang',
        otherCallId,
        { target: 'speaker', utteranceId: 'u1', proposedSpeaker: 'rep', reason: '本来就是销售' },
        422,
      ],
      [
        'wang',
        otherCallId,
        {
          target: 'finding',
          findingId: finding.id,
          reason: '词条太长',
          lexiconChange: { op: 'add_term', term: '长'.repeat(10_000), category: 'need' },
        },
        400,
      ],
      [
        'wang',
        otherCallId,
        {
          target: 'finding',
          findingId: finding.id,
          reason: '控制字符',
          lexiconChange: { op: 'add_term', term: '排班\u0007乱', category: 'need' },
        },
        422,
      ],
    ];
    for (const [who, id, body, status] of cases) {
      const res = await file(who, id, body);
      expect([JSON.stringify(body).slice(0, 80), res.status]).toEqual([
        JSON.stringify(body).slice(0, 80),
        status,
      ]);
      expect(res.body.error.message.length).toBeGreaterThan(5);
    }
    expect(await svc.database.db.select().from(appealsTable)).toEqual(before);
  });

  let appealId: string;
  it('routes round robin but never to the rep herself; one live appeal per item; decisions only by the assigned reviewer role', async () => {
    const c = await call(callId);
    const q = c.analysis.findings.find((f: { label: string }) => f.label === 'question.open');
    const res = await file('linrev', callId, {
      target: 'finding',
      findingId: q.id,
      proposedLabel: 'question.closed',
      reason: '这其实是封闭式问题',
    });
    expect(res.status).toBe(201);
    appealId = res.body.appeal.id;
    expect(res.body.appeal.reviewerId).not.toBe(ids.linrev);
    expect([ids.reviewer, ids.reviewer2]).toContain(res.body.appeal.reviewerId);
    expect(
      (await file('linrev', callId, { target: 'finding', findingId: q.id, reason: '再来一次申诉' })).status,
    ).toBe(409);

    const assigned = res.body.appeal.reviewerId === ids.reviewer ? 'reviewer' : 'reviewer2';
    const other = assigned === 'reviewer' ? 'reviewer2' : 'reviewer';
    const decide = (who: string, body: object) =>
      request(app).post(`/v1/appeals/${appealId}/decision`).set(auth(who)).send(body);
    expect((await decide('linrev', { decision: 'accept', note: '我自己通过' })).status).toBe(403);
    expect((await decide('editor', { decision: 'accept', note: '词库编辑不能复核' })).status).toBe(403);
    expect((await decide('wang', { decision: 'accept', note: '销售不能复核' })).status).toBe(403);
    expect((await decide(other, { decision: 'accept', note: '不是分给我的' })).status).toBe(403);
    expect((await decide(assigned, { decision: 'accept' })).status).toBe(400);
    expect((await decide(assigned, { decision: 'maybe', note: '不确定' })).status).toBe(400);
    // The manager reassigns; a reviewer cannot be assigned an appeal on their own call.
    const reassign = (to: string) =>
      request(app).post(`/v1/appeals/${appealId}/assign`).set(auth('manager')).send({ reviewerId: ids[to] });
    expect((await reassign('linrev')).status).toBe(422);
    expect((await reassign('wang')).status).toBe(422);
    expect((await reassign(other)).status).toBe(200);
    expect(
      (await request(app).get(`/v1/appeals/${appealId}`).set(auth('linrev'))).body.appeal.reviewerId,
    ).toBe(ids[other]);
    const ok = await decide(other, { decision: 'reject', note: '“大概要花多少时间”是开放式问题' });
    expect(ok.status).toBe(200);
    expect(ok.body.appeal.status).toBe('rejected');
    // Final: no second decision, no withdrawal, no second appeal on the item.
    expect((await decide(other, { decision: 'accept', note: '改主意了' })).status).toBe(409);
    expect((await request(app).post(`/v1/appeals/${appealId}/withdraw`).set(auth('linrev'))).status).toBe(
      409,
    );
    const again = await file('linrev', callId, {
      target: 'finding',
      findingId: q.id,
      proposedLabel: 'question.closed',
      reason: '再申诉一次',
    });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('final');
    // A rejection leaves the score as it was.
    expect((await call(callId)).analysis.overrides).toEqual([]);
  });

  it('a rep withdraws an open appeal and may file it again; lists are scoped by role', async () => {
    const c = await call(callId);
    const item = c.analysis.scoreItems.find(
      (i: { score: number | null }) => i.score !== null && i.score < 100,
    );
    const first = await file('linrev', callId, {
      target: 'score_item',
      itemId: item.id,
      proposedScore: 100,
      reason: '这一项我做到了',
    });
    expect(first.status).toBe(201);
    expect(
      (await request(app).post(`/v1/appeals/${first.body.appeal.id}/withdraw`).set(auth('wang'))).status,
    ).toBe(404);
    expect(
      (await request(app).post(`/v1/appeals/${first.body.appeal.id}/withdraw`).set(auth('linrev'))).body
        .appeal.status,
    ).toBe('withdrawn');
    const second = await file('linrev', callId, {
      target: 'score_item',
      itemId: item.id,
      proposedScore: 100,
      reason: '重新提交',
    });
    expect(second.status).toBe(201);
    const mine = await request(app).get('/v1/appeals?view=mine').set(auth('linrev'));
    expect(mine.body.items.map((a: { id: string }) => a.id).sort()).toEqual(
      [appealId, first.body.appeal.id, second.body.appeal.id].sort(),
    );
    expect((await request(app).get('/v1/appeals?view=mine').set(auth('wang'))).body.items).toEqual([]);
    expect((await request(app).get('/v1/appeals?view=team').set(auth('wang'))).status).toBe(403);
    expect((await request(app).get('/v1/appeals?view=team').set(auth('manager'))).body.items).toHaveLength(3);
    expect((await request(app).get('/v1/appeals?view=bogus').set(auth('manager'))).status).toBe(400);
  });

  it('a speaker appeal (mono audio attributes turns from the text) corrects who said it, and the analysis follows', async () => {
    const before = await call(otherCallId);
    const filed = await file('wang', otherCallId, {
      target: 'speaker',
      utteranceId: 'u4',
      proposedSpeaker: 'rep',
      reason: '这句是我说的，被识别成了客户',
    });
    expect(filed.status).toBe(201);
    expect(filed.body.appeal.quote).toBe('价格太贵了，我们预算不够。');
    const assigned = Object.entries(ids).find(([, id]) => id === filed.body.appeal.reviewerId)![0];
    const ok = await request(app)
      .post(`/v1/appeals/${filed.body.appeal.id}/decision`)
      .set(auth(assigned))
      .send({ decision: 'accept', note: '听录音确认是销售的声音' });
    expect(ok.status).toBe(200);
    await svc.queue.drain();
    const after = await call(otherCallId);
    expect(after.utterances.find((u: { id: string }) => u.id === 'u4')).toMatchObject({
      speaker: 'rep',
      machineSpeaker: 'customer',
    });
    // The price objection was the customer's; said by the rep it is no objection.
    expect(before.analysis.findings.some((f: { label: string }) => f.label === 'objection.price')).toBe(true);
    expect(after.analysis.findings.some((f: { label: string }) => f.label === 'objection.price')).toBe(false);
    expect(after.analysis.machine.total).toBe(before.analysis.total);
  });

  it("names an appeal's sentence by its place and time in the call, and says so once the call no longer has it", async () => {
    const turns: [Speaker, string][] = [
      ['rep', '王总您好，我是云帆软件的王磊，上周约过您，今天想聊聊排班。'],
      ['customer', '可以，我们门店多，排班很乱。'],
      ['rep', '您现在每周排班大概要花多少时间？'],
    ];
    const body = transcript('saas', turns, { repId: 'rep-wang' });
    const posted = await request(app).post('/v1/calls').set(auth('wang')).send(body);
    expect(posted.status).toBe(201);
    const id = posted.body.call.id as string;
    await svc.queue.drain();
    const filed = await file('wang', id, {
      target: 'speaker',
      utteranceId: 'u2',
      proposedSpeaker: 'rep',
      reason: '这句是我说的，被识别成了客户',
    });
    expect(filed.status).toBe(201);
    // u1 lasts 220 ms per character, then a 600 ms pause: u2 starts at 29·220 + 600 = 6,980 ms.
    expect([...turns[0]![1]].length).toBe(29);
    expect(filed.body.appeal).toMatchObject({ utteranceId: 'u2', utteranceIndex: 2, utteranceStartMs: 6980 });
    const listed = await request(app).get(`/v1/appeals?view=mine&callId=${id}`).set(auth('wang'));
    expect(listed.body.items).toMatchObject([
      { utteranceId: 'u2', utteranceIndex: 2, utteranceStartMs: 6980 },
    ]);
    // Re-transcribed: the sentence ids change, so the appeal's sentence is no longer in the call.
    await svc.calls.replaceUtterances(
      id,
      body.utterances.map((u) => ({ ...u, id: `t${u.id}` })),
    );
    const read = await request(app).get(`/v1/appeals/${filed.body.appeal.id}`).set(auth('wang'));
    expect(read.body.appeal).toMatchObject({
      utteranceId: 'u2',
      utteranceIndex: null,
      utteranceStartMs: null,
    });
    expect(
      (await request(app).post(`/v1/appeals/${filed.body.appeal.id}/withdraw`).set(auth('wang'))).status,
    ).toBe(200);
  });

  it('overdue appeals are escalated once to the team manager, audited, and sent to the webhook (retried after a failure)', async () => {
    const live = (await request(app).get('/v1/appeals?view=team&status=open').set(auth('manager'))).body
      .items[0];
    await svc.database.db
      .update(appealsTable)
      .set({ dueAt: new Date(Date.now() - 60_000) })
      .where(eq(appealsTable.id, live.id));
    const overdue = await request(app).get('/v1/appeals?view=overdue').set(auth('manager'));
    expect(overdue.body.items.map((a: { id: string; overdue: boolean }) => [a.id, a.overdue])).toEqual([
      [live.id, true],
    ]);
    expect(await svc.appealService.sweep()).toMatchObject({ escalated: 1 });
    expect(await svc.appealService.sweep()).toMatchObject({ escalated: 0 });
    await svc.queue.drain();
    await new Promise((r) => setTimeout(r, 2500)); // the first delivery failed: one retry after backoff
    await svc.queue.drain();
    const escalations = await svc.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'appeal.escalate'));
    expect(escalations.map((e) => e.entityId)).toEqual([live.id]);
    const outbox = (await request(app).get('/v1/notifications').set(auth('admin'))).body.items;
    const overdueNote = outbox.find((n: { kind: string }) => n.kind === 'appeal.overdue');
    expect(overdueNote.recipients).toContain(ids.manager);
    expect(outbox.every((n: { status: string }) => n.status === 'sent')).toBe(true);
    expect(hook.calls()).toBe(outbox.length + 1);
    const wecom = hook.bodies.find((b) => JSON.stringify(b).includes('申诉复核已超时')) as {
      msgtype: string;
      markdown: { content: string; mentioned_list: string[] };
    };
    expect(wecom.msgtype).toBe('markdown');
    expect(wecom.markdown.content).toContain(live.id);
    expect(wecom.markdown.mentioned_list).toContain(ids.manager);
  });

  it('lexicon edits reject bad terms per term and change nothing; CSV in GBK imports, mixed encodings are refused', async () => {
    const lex = (path: string) => `/v1/lexicons/saas${path}`;
    expect(
      (
        await request(app)
          .post(lex('/draft/terms'))
          .set(auth('reviewer'))
          .send({ term: '排班乱', category: 'need' })
      ).status,
    ).toBe(403);
    const bad: [object, number, string][] = [
      [{ term: '长'.repeat(10_000), category: 'need' }, 422, 'at most 24'],
      [{ term: '排班\u0000乱', category: 'need' }, 422, '\\u0000'],
      [{ term: '', category: 'need' }, 422, 'empty'],
      [{ term: '排班乱', category: 'question.open' }, 422, 'base lexicon'],
      [{ term: '排班乱', category: 'nonsense' }, 422, 'category'],
    ];
    for (const [body, status, text] of bad) {
      const res = await request(app).post(lex('/draft/terms')).set(auth('editor')).send(body);
      expect([res.status, res.body.error.message.includes(text)]).toEqual([status, true]);
    }
    const draft = (await request(app).get(lex('')).set(auth('editor'))).body.draft;
    const terms0 = draft.lexicon.terms.length;
    // An existing term cannot be added twice.
    const existing = draft.lexicon.terms[0].term;
    expect(
      (
        await request(app)
          .post(lex('/draft/terms'))
          .set(auth('editor'))
          .send({ term: existing, category: 'need' })
      ).status,
    ).toBe(409);
    expect(
      (
        await request(app)
          .post(lex('/draft/terms'))
          .set(auth('editor'))
          .send({ term: '排班乱', category: 'need', synonyms: ['排班很乱'] })
      ).status,
    ).toBe(201);
    const gbk = Buffer.concat([
      Buffer.from('term,category,synonyms,weight,tag,note\r\n', 'ascii'),
      Buffer.from([0xc5, 0xc5, 0xb0, 0xe0, 0xbb, 0xec, 0xc2, 0xd2]), // 排班混乱 in GBK
      Buffer.from(',need,,,,\r\n', 'ascii'),
    ]);
    const imported = await request(app)
      .post(lex('/draft/import?format=csv'))
      .set(auth('editor'))
      .set('content-type', 'text/csv')
      .send(gbk);
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ imported: 1, encoding: 'gbk' });
    expect(imported.body.draft.lexicon.terms.map((t: { term: string }) => t.term)).toContain('排班混乱');
    const mixed = Buffer.concat([gbk, Buffer.from('人手不足,need,,,,\r\n', 'utf8')]);
    const refused = await request(app)
      .post(lex('/draft/import?format=csv'))
      .set(auth('editor'))
      .set('content-type', 'text/csv')
      .send(mixed);
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('mixes encodings');
    const badRow = await request(app)
      .post(lex('/draft/import?format=csv'))
      .set(auth('editor'))
      .set('content-type', 'text/csv')
      .send(Buffer.from('term,category\n好词,need\n坏 词,need\n', 'utf8'));
    expect(badRow.status).toBe(422);
    expect(badRow.body.error.message).toContain('line 3');
    const after = (await request(app).get(lex('')).set(auth('editor'))).body.draft;
    expect(after.lexicon.terms.length).toBe(terms0 + 2);
    // Export round trip and a diff against the published version.
    const csv = await request(app).get(lex('/export?format=csv&version=draft')).set(auth('editor'));
    expect(csv.status).toBe(200);
    expect(csv.text).toContain('排班混乱,need');
    const diff = await request(app)
      .get(lex(`/diff?from=${after.basedOn}&to=draft`))
      .set(auth('editor'));
    expect(diff.body.terms.added.map((t: { term: string }) => t.term).sort()).toEqual(['排班乱', '排班混乱']);
  });

  it('publish and rollback make new versions; appeal statistics rank rules by accepted appeals', async () => {
    const pub = await request(app)
      .post('/v1/lexicons/saas/publish')
      .set(auth('editor'))
      .send({ rescore: false });
    expect(pub.status).toBe(201);
    expect(pub.body.version.sequence).toBe(2);
    expect(svc.lexicons.get('saas').versionId).toBe(pub.body.version.versionId);
    const rb = await request(app)
      .post('/v1/lexicons/saas/rollback')
      .set(auth('editor'))
      .send({ toSequence: 1, rescore: false });
    expect(rb.status).toBe(201);
    expect(rb.body.version).toMatchObject({ sequence: 3, rollbackOf: 1 });
    expect(svc.lexicons.get('saas').versionId).toBe(rb.body.version.versionId);
    expect(
      (await request(app).post('/v1/lexicons/saas/rollback').set(auth('editor')).send({ toSequence: 3 }))
        .status,
    ).toBe(409);
    const stats = await request(app).get('/v1/appeals/stats?industry=saas').set(auth('editor'));
    expect(stats.status).toBe(200);
    const row = stats.body.items.find((r: { label: string }) => r.label === 'question.open');
    expect(row).toMatchObject({ appealed: 1, accepted: 0, rejected: 1, acceptanceRate: 0 });
  });

  it('an accepted score correction the machine still disagrees with after a rescore stays in force and is flagged', async () => {
    const open = (await request(app).get('/v1/appeals?view=mine&status=open').set(auth('linrev'))).body
      .items[0];
    const who = open.reviewerId === ids.reviewer ? 'reviewer' : 'reviewer2';
    const ok = await request(app)
      .post(`/v1/appeals/${open.id}/decision`)
      .set(auth(who))
      .send({ decision: 'accept', note: '前两分钟客户参与充分' });
    expect(ok.status).toBe(200);
    await svc.queue.drain();
    const before = await call(callId);
    const item = before.analysis.scoreItems.find((i: { id: string }) => i.id === open.scoreItemId);
    expect(item.score).toBe(100);
    expect(before.analysis.overrides.find((o: { appealId: string }) => o.appealId === open.id).status).toBe(
      'in_force',
    );
    await request(app)
      .post('/v1/lexicons/saas/draft/terms')
      .set(auth('editor'))
      .send({ term: '排班太乱', category: 'need' });
    const pub = await request(app).post('/v1/lexicons/saas/publish').set(auth('editor')).send({});
    expect(pub.status).toBe(201);
    await svc.queue.drain();
    const after = await call(callId);
    expect(after.call.lexiconVersion).toBe(pub.body.version.versionId);
    expect(after.analysis.overrides.find((o: { appealId: string }) => o.appealId === open.id)).toMatchObject({
      status: 'in_force',
      flagged: true,
    });
    expect(after.analysis.scoreItems.find((i: { id: string }) => i.id === open.scoreItemId).score).toBe(100);
    const flagged = await request(app).get('/v1/appeals?view=flagged').set(auth(who));
    expect(flagged.body.items.map((a: { id: string }) => a.id)).toContain(open.id);
    const outbox = (await request(app).get('/v1/notifications').set(auth('admin'))).body.items;
    // One notice per flagged correction (the speaker correction of the other call is flagged too).
    const notices = outbox.filter((n: { kind: string }) => n.kind === 'appeal.override_flagged');
    expect(
      notices.filter((n: { payload: { appealId: string } }) => n.payload.appealId === open.id),
    ).toHaveLength(1);
    expect(notices).toHaveLength(2);
  });

  it('refuses a reviewer pool naming a non-reviewer, an unknown team or nothing to cover, and keeps the saved pool', async () => {
    const before = (await request(app).get('/v1/reviewer-pools').set(auth('admin'))).body.items;
    const teamId = before[0].teamId as string;
    const put = (body: object) => request(app).put('/v1/reviewer-pools').set(auth('admin')).send(body);
    const notReviewer = await put({ teamId, reviewerIds: [ids.reviewer!, ids.lin!] });
    expect([notReviewer.status, notReviewer.body.error.code]).toEqual([422, 'unprocessable']);
    expect(notReviewer.body.error.message).toContain(`${ids.lin} is not an active reviewer`);
    const unknownTeam = await put({ teamId: 'team-nobody', reviewerIds: [ids.reviewer!] });
    expect([unknownTeam.status, unknownTeam.body.error.message]).toEqual([422, 'no team team-nobody']);
    const nothing = await put({ teamId: null, industry: null, reviewerIds: [ids.reviewer!] });
    expect([nothing.status, nothing.body.error.code]).toEqual([400, 'invalid_input']);
    const after = (await request(app).get('/v1/reviewer-pools').set(auth('admin'))).body.items;
    expect(after).toEqual(before);
    const saved = await put({ teamId, reviewerIds: [ids.reviewer2!] });
    expect([saved.status, saved.body.pool.reviewerIds]).toEqual([200, [ids.reviewer2]]);
    // The appeals test above still finds its reviewers: put the pool back as it was.
    await put({ teamId, reviewerIds: before[0].reviewerIds });
  });
});
