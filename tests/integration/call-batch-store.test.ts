import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallRepository, type NewCall } from '../../models/call.repository.js';
import type { Database } from '../../models/db.js';
import { calls as callsTable } from '../../models/schema.js';
import { UserRepository } from '../../models/user.repository.js';
import { distinctSearchText } from '../../services/intake/search-index.js';
import { postgresUp } from '../helpers/services.js';
import { type StorageBackend, storageBackends } from '../helpers/storage-backends.js';

const pgAvailable = await postgresUp();

const backends = storageBackends('batch-store', pgAvailable);

const UTTERANCES = [
  { id: 'u1', speaker: 'rep', start: 0, end: 4200, text: '王经理您好，咱们上次聊的排班系统您看了吗？' },
  { id: 'u2', speaker: 'customer', start: 4800, end: 9000, text: '看了，价格比我们预算高一点。' },
] as const satisfies NewCall['utterances'];

const checksum = (s: string) => createHash('sha256').update(s).digest('hex');

function newCall(key: string, over: Partial<NewCall> = {}): NewCall {
  return {
    repId: 'rep-wang',
    industry: 'saas',
    occurredAt: '2026-05-02T10:00:00+08:00',
    source: 'transcript',
    inputChecksum: checksum(key),
    utterances: [...UTTERANCES],
    status: 'queued',
    ...over,
  };
}

/** Search words as intake joins them: repeats, Latin words, digits, one-character words. */
const SEARCH_TEXT = [
  '王经理 您好 咱们 上次 聊 的 排班 系统 您 看 了 吗',
  '看 了 价格 比 我们 预算 高 一点 排班 系统 价格 CRM crm 3 5 万 排班',
  '系统 的 价格 是 3 5 万 一年 您 看 预算 够 吗 流程 审批 流程 的',
].join(' ');

function storageSuite(backend: StorageBackend): void {
  let database: Database;
  let cleanup: (() => Promise<void>) | undefined;
  let calls: CallRepository;

  beforeAll(async () => {
    const opened = await backend.open();
    database = opened.database;
    cleanup = opened.cleanup;
    await database.migrate();
    calls = new CallRepository(database.db);
    const users = new UserRepository(database.db);
    await users.createTeam({ id: 'team-north', name: '华北组' });
    await users.createUser({ id: 'rep-wang', name: '王磊', roles: ['rep'], teamId: 'team-north' });
  });
  afterAll(async () => {
    await cleanup?.();
  });

  it('stores a batch as one by one would, idempotent between its inputs and on resubmission', async () => {
    const a = newCall('a', { externalId: 'crm-a' });
    const b = newCall('b');
    const aAgain = newCall('a-changed', { externalId: 'crm-a' });
    const bAgain = newCall('b');
    const out = await calls.createMany([a, b, aAgain, bAgain]);
    expect(out.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    const [ra, rb, raAgain, rbAgain] = out.map((r) => (r.status === 'fulfilled' ? r.value : null));
    expect([ra?.created, rb?.created, raAgain?.created, rbAgain?.created]).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect(raAgain?.call.id).toBe(ra?.call.id);
    expect(raAgain?.call.inputChecksum).toBe(checksum('a'));
    expect(rbAgain?.call.id).toBe(rb?.call.id);
    expect(ra?.call).toMatchObject({
      teamId: 'team-north',
      status: 'queued',
      revision: 1,
      externalId: 'crm-a',
    });
    expect((await calls.get(ra!.call.id))?.utterances).toEqual(UTTERANCES);
    expect((await calls.get(rb!.call.id))?.utterances).toEqual(UTTERANCES);

    const again = await calls.createMany([a, b]);
    expect(
      again.map((r) => (r.status === 'fulfilled' ? [r.value.created, r.value.call.id] : r.status)),
    ).toEqual([
      [false, ra!.call.id],
      [false, rb!.call.id],
    ]);
  });

  it('a bad call in a batch fails alone with its own error; the others are stored', async () => {
    const good1 = newCall('good-1', { externalId: 'crm-good-1' });
    const noRep = newCall('no-rep', { repId: 'rep-nobody' });
    const badRows = newCall('bad-rows', {
      id: 'call-bad-rows',
      utterances: [UTTERANCES[0], { ...UTTERANCES[1], id: 'u1' }], // the same utterance id twice
    });
    const good2 = newCall('good-2', { externalId: 'crm-good-2' });
    const out = await calls.createMany([good1, noRep, badRows, good2]);
    expect(out.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect(out[1]).toMatchObject({
      status: 'rejected',
      reason: { code: 'not_found', message: 'rep rep-nobody not found' },
    });
    for (const ext of ['crm-good-1', 'crm-good-2']) {
      const stored = await calls.findByExternalId(ext);
      expect(stored?.status).toBe('queued');
      expect((await calls.get(stored!.id))?.utterances).toEqual(UTTERANCES);
    }
    // The call whose rows failed left nothing behind.
    expect(await calls.find('call-bad-rows')).toBeNull();
    expect(await calls.findByChecksum(checksum('no-rep'))).toBeNull();
  });

  it('search finds a call stored with its distinct search words exactly as with every word', async () => {
    const full = await calls.create(
      newCall('search-full', { externalId: 'crm-full', searchText: SEARCH_TEXT }),
    );
    const distinct = distinctSearchText(SEARCH_TEXT);
    expect(distinct.length).toBeLessThan(SEARCH_TEXT.length);
    const short = await calls.create(
      newCall('search-distinct', { externalId: 'crm-distinct', searchText: distinct }),
    );
    const [row] = await database.db
      .select({ searchText: callsTable.searchText })
      .from(callsTable)
      .where(eq(callsTable.id, short.call.id));
    expect(row?.searchText).toBe(distinct);
    const ids = [full.call.id, short.call.id];
    const queries = [
      ['排班'],
      ['排班', '价格'],
      ['排班系统'],
      ['CRM'],
      ['crm'],
      ['3'],
      ['5', '万'],
      ['流'],
      ['审批', '流程'],
      ['预算', '够'],
      ['报价'],
      ['排班', '报价'],
      ['班'],
      ['x'],
    ];
    for (const words of queries) {
      const found = (await calls.list({ words, limit: 500 })).items
        .map((c) => c.id)
        .filter((id) => ids.includes(id));
      const expected = found.includes(full.call.id) ? ids : [];
      expect(found.sort(), words.join(' ')).toEqual(expected.sort());
    }
    // Neither is found by a word neither has; both by a word both have.
    expect(
      (await calls.list({ words: ['报价'], limit: 500 })).items.filter((c) => ids.includes(c.id)),
    ).toEqual([]);
    expect(
      (await calls.list({ words: ['审批'], limit: 500 })).items.filter((c) => ids.includes(c.id)),
    ).toHaveLength(2);
  });
}

describe.each(backends)('batched call store on $name', (backend) => {
  describe.skipIf(!backend.available)(backend.name, () => storageSuite(backend));
});
