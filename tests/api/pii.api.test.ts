import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { privacyCommand } from '../../bin/commands/privacy.command.js';
import { loadConfig } from '../../bin/config.js';
import { buildService, type Service } from '../../bin/service.js';
import { openDatabase } from '../../models/db.js';
import { PrivacyRepository } from '../../models/privacy.repository.js';
import { appeals, auditLog, calls, piiHashes, utterances } from '../../models/schema.js';
import { NO_STORED_VIEW } from '../../models/stored-view.js';
import { findPii } from '../../pipeline/nlp/pii.js';
import { hashPii } from '../../pipeline/privacy/pii-hash.js';
import { transcript } from '../helpers/runtime.js';

/**
 * Issue 14, PII: nothing personal in what the API stores, returns or finds — the forms the issue
 * found leaking (full-width digits, Chinese numerals, customer fields, appeal text), the search
 * index, the keyed hashes kept for erasure, and `tingjian privacy remask` over rows stored before.
 */
const HASH_KEY = 'test-pii-hash-key-0123456789';

/** Every piece of personal data in a JSON document (as the masker reads it). */
const leaks = (value: unknown) => findPii(JSON.stringify(value)).map((m) => `${m.kind}:${m.value}`);

describe('PII in stored rows, responses, search and appeals (embedded PGlite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tingjian-pii-'));
  const env = { DATA_DIR: dir, LOG_LEVEL: 'silent', WORKER_CONCURRENCY: '1', PII_HASH_KEY: HASH_KEY };
  let svc: Service | undefined;
  let app: ReturnType<Service['app']>;
  const tokens: Record<string, string> = {};
  const auth = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
  let callId = '';

  beforeAll(async () => {
    svc = await buildService(loadConfig(env), { role: 'all' });
    await svc.startWorkers();
    app = svc.app();
    const team = await svc.users.createTeam({ name: '华东一组' });
    const admin = await svc.users.createUser({ name: 'admin', roles: ['admin'] });
    const lin = await svc.users.createUser({
      name: '林雪',
      roles: ['rep'],
      teamId: team.id,
      externalId: 'rep-lin',
    });
    const reviewer = await svc.users.createUser({ name: '审核', roles: ['reviewer'] });
    tokens.admin = (await svc.users.issueToken(admin.id)).token;
    tokens.lin = (await svc.users.issueToken(lin.id)).token;
    tokens.reviewer = (await svc.users.issueToken(reviewer.id)).token;
    const res = await request(app)
      .post('/v1/calls')
      .set(auth('lin'))
      .send(
        transcript(
          'saas',
          [
            ['rep', '张总您好，我是云帆软件的林雪，想跟您聊聊排班系统，您现在方便吗？'],
            ['customer', '可以。你记一下我电话：１３８１２３４５６７８，白天都能打通。'],
            ['rep', '好的，我再确认一下，是一三八一二三四五六七八对吧？资料发您邮箱？'],
            ['customer', '对，邮箱zhang.wei@example.com。我们一年要两千套，预算一百二十万，排班很乱。'],
            ['customer', '发票我们按季度开，内部流程要走两周。'],
          ],
          {
            repId: 'rep-lin',
            customer: { name: '张三 13900001111', company: '身份证110101199003071234', tier: 'A' },
          },
        ),
      );
    expect(res.status).toBe(201);
    callId = res.body.call.id;
    await svc.queue.drain();
  }, 180_000);

  afterAll(async () => {
    await svc?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('returns the call with every number masked, prices and quantities intact, spans valid', async () => {
    const res = await request(app).get(`/v1/calls/${callId}`).set(auth('admin'));
    expect(res.status).toBe(200);
    expect(leaks(res.body)).toEqual([]);
    expect(res.body.call.customer).toEqual({
      name: '张三 ***********',
      company: '身份证******************',
      tier: 'A',
    });
    const texts = res.body.utterances.map((u: { text: string }) => u.text);
    expect(texts[1]).toBe('可以。你记一下我电话：***********，白天都能打通。');
    expect(texts[2]).toBe('好的，我再确认一下，是***********对吧？资料发您邮箱？');
    expect(texts[3]).toBe('对，邮箱*****.***@*******.***。我们一年要两千套，预算一百二十万，排班很乱。');
    for (const f of res.body.analysis.findings as { utteranceId: string; span: [number, number] }[]) {
      const u = res.body.utterances.find((x: { id: string }) => x.id === f.utteranceId);
      expect(f.span[1]).toBeLessThanOrEqual([...u.text].length);
    }
    const list = await request(app).get('/v1/calls').set(auth('admin'));
    expect(leaks(list.body)).toEqual([]);
  });

  it('finds the call by its words but never by a masked number, in any form', async () => {
    const search = async (q: string) =>
      (await request(app).get('/v1/calls').query({ q }).set(auth('admin'))).body.items.map(
        (c: { id: string }) => c.id,
      );
    expect(await search('排班')).toEqual([callId]);
    for (const q of [
      '13812345678',
      '１３８１２３４５６７８',
      '138',
      '5678',
      '13900001111',
      'zhang',
      'example',
    ]) {
      expect(await search(q), q).toEqual([]);
    }
    const stored = await svc!.database.db.select({ searchText: calls.searchText }).from(calls);
    expect(leaks(stored)).toEqual([]);
  });

  it('finds a call by one character and by traditional characters, with the snippet marked', async () => {
    const search = (q: string) => request(app).get('/v1/calls').query({ q }).set(auth('admin'));
    for (const q of ['流', '票', '班', '發票', '發票 流程', '排班系統', '內部']) {
      const res = await search(q);
      expect(res.status, q).toBe(200);
      expect(
        res.body.items.map((c: { id: string }) => c.id),
        q,
      ).toEqual([callId]);
    }
    expect((await search('發票')).body.items[0].snippet).toEqual({
      utteranceId: 'u5',
      text: '【发票】我们按季度开，内部流程要走两周。',
    });
    expect((await search('流')).body.items[0].snippet.text).toBe('发票我们按季度开，内部【流】程要走两周。');
    for (const q of ['稅', '貨', '流水', '發貨']) expect((await search(q)).body.items, q).toEqual([]);
  });

  it('keeps keyed hashes of the masked phone numbers, never the numbers', async () => {
    const rows = await svc!.database.db.select().from(piiHashes).where(eq(piiHashes.callId, callId));
    expect(rows.map((r) => r.hash).sort()).toEqual(
      [hashPii(HASH_KEY, 'mobile', '13812345678'), hashPii(HASH_KEY, 'mobile', '13900001111')].sort(),
    );
    const privacy = new PrivacyRepository(svc!.database.db);
    expect(await privacy.callsWithHash([hashPii(HASH_KEY, 'mobile', '13900001111')])).toEqual([callId]);
    expect(await privacy.callsWithHash([hashPii('another-key-0123456789', 'mobile', '13900001111')])).toEqual(
      [],
    );
  });

  it('masks an appeal reason and a decision note, in the appeal, its audit entries and notifications', async () => {
    const filed = await request(app).post(`/v1/calls/${callId}/appeals`).set(auth('lin')).send({
      target: 'speaker',
      utteranceId: 'u2',
      proposedSpeaker: 'rep',
      reason: '这句是我说的，客户手机 139 0000 1111 是我念给他核对的',
    });
    expect(filed.status).toBe(201);
    expect(filed.body.appeal.reason).toBe('这句是我说的，客户手机 *** **** **** 是我念给他核对的');
    const decided = await request(app)
      .post(`/v1/appeals/${filed.body.appeal.id}/decision`)
      .set(auth('reviewer'))
      .send({ decision: 'reject', note: '录音里是客户在说，回电一五八一二三四五六七八确认过' });
    expect(decided.status).toBe(200);
    const got = await request(app).get(`/v1/appeals/${filed.body.appeal.id}`).set(auth('admin'));
    expect(leaks(got.body)).toEqual([]);
    expect(got.body.appeal.decisionNote).toBe('录音里是客户在说，回电***********确认过');
    const db = svc!.database.db;
    expect(leaks(await db.select().from(appeals))).toEqual([]);
    expect(leaks(await db.select().from(auditLog))).toEqual([]);
  });

  it('re-masks rows stored before (dry run first), rebuilds the search words and prints what changed', async () => {
    const db = svc!.database.db;
    // Rows as an older version stored them: unmasked full-width digits, a customer phone, an index.
    await db
      .update(utterances)
      .set({ text: '旧数据：我电话１３９００００２２２２' })
      .where(sql`${utterances.callId} = ${callId} and ${utterances.id} = 'u2'`);
    await db
      .update(calls)
      .set({
        customer: { name: '李四 13900003333' },
        searchText: '旧 数据 我 电话 13900002222',
        ...NO_STORED_VIEW,
      })
      .where(eq(calls.id, callId));
    await db.update(appeals).set({ reason: '客户电话13900004444' });
    const search = async (q: string) =>
      (await request(app).get('/v1/calls').query({ q }).set(auth('admin'))).body.items.length;
    expect(await search('13900002222')).toBe(1);

    const privacy = new PrivacyRepository(db);
    const words = (text: string) => svc!.service.searchWords(text);
    const { maskPii } = await import('../../pipeline/nlp/pii.js');
    const dry = await privacy.remask({ mask: maskPii, searchWords: words, dryRun: true });
    const changed = dry.changes.map((c) => `${c.table} ${c.field} ${JSON.stringify(c.kinds)}`).sort();
    expect(changed).toEqual([
      'appeals reason {"mobile":1}',
      'calls customer {"mobile":1}',
      'utterances text {"mobile":1}',
    ]);
    expect(dry.reindexedCalls).toBe(1);
    expect(await search('13900002222')).toBe(1); // a dry run writes nothing

    await svc!.close();
    svc = undefined;
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      expect(await privacyCommand(['remask'], { dryRun: false }, loadConfig(env))).toBe(0);
      const printed = log.mock.calls.map((c) => String(c[0])).join('\n');
      expect(printed).toContain('重新脱敏完成');
      expect(printed).toContain(`utterances ${callId}/u2 text：mobile 1`);
      expect(printed).toContain(`calls ${callId} customer：mobile 1`);
      expect(printed).toContain('已重建搜索索引的通话：1');
      expect(leaks(printed)).toEqual([]);
      log.mockClear();
      // Again: nothing left to change.
      expect(await privacyCommand(['remask'], { dryRun: false }, loadConfig(env))).toBe(0);
      expect(log.mock.calls.map((c) => String(c[0])).join('\n')).toContain('已改动 0 处');
    } finally {
      log.mockRestore();
    }
    const database = await openDatabase({ dataDir: dir });
    try {
      const d = database.db;
      expect(leaks(await d.select().from(utterances))).toEqual([]);
      expect(leaks(await d.select().from(calls))).toEqual([]);
      expect(leaks(await d.select().from(appeals))).toEqual([]);
      const [row] = await d.select({ searchText: calls.searchText }).from(calls).where(eq(calls.id, callId));
      expect(row!.searchText).toContain('排班');
      const hashes = (await d.select().from(piiHashes)).map((r) => r.hash);
      expect(hashes).toContain(hashPii(HASH_KEY, 'mobile', '13900002222'));
      expect(hashes).toContain(hashPii(HASH_KEY, 'mobile', '13900003333'));
      const audit = await d.select().from(auditLog).where(eq(auditLog.action, 'privacy.remask'));
      expect(audit).toHaveLength(2);
    } finally {
      await database.close();
    }
  }, 60_000);
});
