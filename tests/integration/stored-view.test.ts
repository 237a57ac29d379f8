import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnalysisRows, CallRepository, type NewCall } from '../../models/call.repository.js';
import { type Database, openDatabase } from '../../models/db.js';
import { RetentionRepository } from '../../models/retention.repository.js';
import { encodeView, storeViewCopies, VIEW_BROTLI_QUALITY } from '../../models/stored-view.js';
import { UserRepository } from '../../models/user.repository.js';
import { findingId } from '../../pipeline/nlp/finding-id.js';
import { createTestDatabase, PG_ADMIN_URL, postgresUp } from '../helpers/services.js';

const pgAvailable = await postgresUp();
if (!pgAvailable && process.env.REQUIRE_SERVICES === '1')
  throw new Error(`PostgreSQL not reachable at ${PG_ADMIN_URL}`);

const UTTERANCES = [
  { id: 'u1', speaker: 'rep', start: 0, end: 4200, text: '王经理您好，请问贵公司现在怎么管理销售线索？' },
  { id: 'u2', speaker: 'customer', start: 4800, end: 9000, text: '价格太贵了，今年预算比较紧张。' },
  { id: 'u3', speaker: 'rep', start: 9600, end: 15000, text: '理解您的顾虑，我们有按季度付费的方案。' },
] as const satisfies NewCall['utterances'];

function analysisFor(callId: string, total: number, tags: string[]): AnalysisRows {
  const lexiconVersion = 'saas@1+abcd';
  const question = {
    id: findingId(callId, 'u1', 'question.open', [9, 20]),
    label: 'question.open',
    utteranceId: 'u1',
    span: [9, 20] as [number, number],
    rule: 'question.wh',
    term: null,
    lexiconVersion,
    confidence: 0.9,
  };
  return {
    lexiconVersion,
    scorecardVersion: 'default@2',
    total,
    tags,
    metrics: { durationSec: 15, repQuestions: 1 },
    findings: [question],
    scoreItems: [
      {
        id: 'open_questions',
        dimension: 'need_diagnosis',
        label: '开放式提问',
        metric: 'repOpenQuestionsPer10Min',
        source: 'findings',
        value: 4,
        target: 6,
        score: total,
        weight: 1,
        findingIds: [question.id],
      },
    ],
    dimensions: { need_diagnosis: total },
  };
}

interface Backend {
  name: 'pglite' | 'postgres';
  available: boolean;
  open(dataDir: string): Promise<{ database: Database; drop(): Promise<void> }>;
}

const backends: Backend[] = [
  {
    name: 'pglite',
    available: true,
    open: async (dataDir) => ({ database: await openDatabase({ dataDir }), drop: async () => {} }),
  },
  {
    name: 'postgres',
    available: pgAvailable,
    async open(dataDir) {
      const db = await createTestDatabase('tj_stored_view');
      return { database: await openDatabase({ databaseUrl: db.url, dataDir }), drop: db.drop };
    },
  },
];

interface StoredRow {
  view_json: string | null;
  view_etag: string | null;
  view_br: Uint8Array | null;
  view_gzip: Uint8Array | null;
}

for (const backend of backends) {
  describe.skipIf(!backend.available)(`stored call view and its copies (${backend.name})`, () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tingjian-stored-view-'));
    let database: Database;
    let drop: () => Promise<void>;
    let calls: CallRepository;
    let repId: string;
    let teamIdOf: string;
    let seq = 0;

    beforeAll(async () => {
      ({ database, drop } = await backend.open(dataDir));
      await database.migrate();
      calls = new CallRepository(database.db);
      const users = new UserRepository(database.db);
      const team = await users.createTeam({ name: '华南二组' });
      teamIdOf = team.id;
      repId = (await users.createUser({ name: '陈静', roles: ['rep'], teamId: team.id })).id;
    }, 60_000);

    afterAll(async () => {
      await database?.close();
      await drop?.();
      rmSync(dataDir, { recursive: true, force: true });
    });

    async function stored(callId: string): Promise<StoredRow> {
      const result = await database.db.execute(
        sql`select view_json, view_etag, view_br, view_gzip from calls where id = ${callId}`,
      );
      return (result as unknown as { rows: StoredRow[] }).rows[0]!;
    }

    /** A call scored once through the repository calls the pipeline uses. */
    async function scoredCall(total = 72.5): Promise<string> {
      seq += 1;
      const { call } = await calls.create({
        repId,
        industry: 'saas',
        occurredAt: '2026-06-01T09:30:00+08:00',
        source: 'transcript',
        inputChecksum: createHash('sha256').update(`stored-view-${backend.name}-${seq}`).digest('hex'),
        utterances: [...UTTERANCES],
      });
      for (const s of ['queued', 'transcribing', 'analyzing'] as const) await calls.setStatus(call.id, s);
      await calls.replaceAnalysis(call.id, 1, analysisFor(call.id, total, ['price_sensitive']));
      return call.id;
    }

    it('stores br and gzip copies that decompress to exactly the stored view, and its sha1 as ETag', async () => {
      const id = await scoredCall();
      const row = await stored(id);
      expect(row.view_json).not.toBeNull();
      const identity = Buffer.from(row.view_json!, 'utf8');
      expect(JSON.parse(row.view_json!).call).toMatchObject({ id, status: 'scored', total: 72.5 });
      expect(brotliDecompressSync(row.view_br!).equals(identity)).toBe(true);
      expect(gunzipSync(row.view_gzip!).equals(identity)).toBe(true);
      expect(row.view_etag).toBe(createHash('sha1').update(identity).digest('base64url'));
      expect(row.view_br!.length).toBeLessThan(identity.length / 2);
    });

    it('reads the copy asked for, or the JSON text for identity, with the stored ETag', async () => {
      const id = await scoredCall();
      const row = await stored(id);
      const br = await calls.findStoredView(id, 'br');
      const gz = await calls.findStoredView(id, 'gzip');
      const plain = await calls.findStoredView(id, 'identity');
      expect(br?.call).toEqual({ id, repId, teamId: teamIdOf });
      expect(br?.view).toEqual({
        stored: true,
        etag: row.view_etag,
        coding: 'br',
        body: Buffer.from(row.view_br!),
      });
      expect(gz?.view).toEqual({
        stored: true,
        etag: row.view_etag,
        coding: 'gzip',
        body: Buffer.from(row.view_gzip!),
      });
      expect(plain?.view).toEqual({
        stored: true,
        etag: row.view_etag,
        coding: 'identity',
        body: Buffer.from(row.view_json!, 'utf8'),
      });
      expect(await calls.findStoredView('call-absent', 'br')).toBeNull();
    });

    it('serves a stored view without copies (a row from before them) and stores them then', async () => {
      const id = await scoredCall();
      const before = await stored(id);
      await database.db.execute(
        sql`update calls set view_etag = null, view_br = null, view_gzip = null where id = ${id}`,
      );
      const read = await calls.findStoredView(id, 'br');
      expect(read?.view.stored).toBe(true);
      if (!read?.view.stored) return;
      expect(brotliDecompressSync(read.view.body).toString('utf8')).toBe(before.view_json);
      expect(read.view.etag).toBe(before.view_etag);
      const after = await stored(id);
      expect(after.view_json).toBe(before.view_json);
      expect(after.view_etag).toBe(before.view_etag);
      expect(Buffer.from(after.view_br!).equals(read.view.body)).toBe(true);
      expect(gunzipSync(after.view_gzip!).toString('utf8')).toBe(before.view_json);
      // Identity with no ETag stored yet: made too, then read back as stored.
      await database.db.execute(
        sql`update calls set view_etag = null, view_br = null, view_gzip = null where id = ${id}`,
      );
      const plain = await calls.findStoredView(id, 'identity');
      expect(plain?.view).toMatchObject({ stored: true, etag: before.view_etag, coding: 'identity' });
      expect((await stored(id)).view_etag).toBe(before.view_etag);
    });

    it('a rescore drops the copies while it runs and replaces them with the new view', async () => {
      const id = await scoredCall(60);
      const first = await stored(id);
      await calls.setStatus(id, 'rescoring');
      const during = await stored(id);
      expect(during).toEqual({ view_json: null, view_etag: null, view_br: null, view_gzip: null });
      const building = await calls.findStoredView(id, 'br');
      expect(building?.view.stored).toBe(false);
      if (building?.view.stored === false)
        expect(JSON.parse(building.view.json).call.status).toBe('rescoring');
      await calls.replaceAnalysis(id, 2, analysisFor(id, 88, ['ready_to_buy']));
      const second = await stored(id);
      expect(second.view_etag).not.toBe(first.view_etag);
      expect(JSON.parse(second.view_json!).call).toMatchObject({
        total: 88,
        tags: ['ready_to_buy'],
        revision: 2,
      });
      expect(brotliDecompressSync(second.view_br!).toString('utf8')).toBe(second.view_json);
      expect(gunzipSync(second.view_gzip!).toString('utf8')).toBe(second.view_json);
      expect(second.view_etag).toBe(
        createHash('sha1').update(Buffer.from(second.view_json!, 'utf8')).digest('base64url'),
      );
    });

    it('copies made from a view that changed meanwhile are not stored beside the new one', async () => {
      const id = await scoredCall(50);
      const old = (await stored(id)).view_json!;
      await calls.setStatus(id, 'rescoring');
      await calls.replaceAnalysis(id, 2, analysisFor(id, 51, []));
      const current = await stored(id);
      const stale = await encodeView(old);
      expect(await storeViewCopies(database.db, id, old, stale)).toBe(false);
      expect(await stored(id)).toEqual(current);
    });

    it('the database refuses copies without the view, so dropping a view drops its copies', async () => {
      const id = await scoredCall();
      await expect(
        database.db.execute(sql`update calls set view_json = null where id = ${id}`),
      ).rejects.toThrow();
      // Every writer that drops the view (here: retention's recording removal) drops the copies too.
      await new RetentionRepository(database.db).markRecordingsRemoved([id], new Date());
      expect(await stored(id)).toEqual({ view_json: null, view_etag: null, view_br: null, view_gzip: null });
    });

    it(`compresses at brotli quality ${VIEW_BROTLI_QUALITY}, deterministic for the same text`, async () => {
      const id = await scoredCall();
      const row = await stored(id);
      const again = await encodeView(row.view_json!);
      expect(again.etag).toBe(row.view_etag);
      expect(again.br.equals(Buffer.from(row.view_br!))).toBe(true);
      expect(again.gzip.equals(Buffer.from(row.view_gzip!))).toBe(true);
    });
  });
}
