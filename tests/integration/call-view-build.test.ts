import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type AnalysisRows, CallRepository, type NewCall } from '../../models/call.repository.js';
import { viewQuery } from '../../models/call-read.repository.js';
import { type Database, openDatabase } from '../../models/db.js';
import { UserRepository } from '../../models/user.repository.js';
import { createTestDatabase, PG_ADMIN_URL, postgresUp } from '../helpers/services.js';

// What the JS view builder answered on each store (null: it declined and the database built it).
const built = vi.hoisted(() => [] as (string | null)[]);
vi.mock('../../models/call-view.js', async (importOriginal) => {
  const mod = await importOriginal<typeof import('../../models/call-view.js')>();
  return {
    ...mod,
    buildScoredView: (parts: Parameters<typeof mod.buildScoredView>[0]) => {
      const view = mod.buildScoredView(parts);
      built.push(view);
      return view;
    },
  };
});

const pgAvailable = await postgresUp();
if (!pgAvailable && process.env.REQUIRE_SERVICES === '1')
  throw new Error(`PostgreSQL not reachable at ${PG_ADMIN_URL}`);

const UTTERANCES = [
  {
    id: 'u1',
    speaker: 'rep',
    start: 0,
    end: 4200,
    text: '王经理您好，"引号"\\反斜杠\n换行\t制表 \u0001 \u2028 😀',
  },
  { id: 'u2', speaker: 'customer', start: 4800, end: 9000, text: '价格太贵了，今年预算比较紧张。' },
  { id: 'u3', speaker: 'rep', start: 9600, end: 15000, text: '理解您的顾虑，我们有按季度付费的方案。' },
] as const satisfies NewCall['utterances'];

/** Numbers where json and jsonb print differently (exponents), keys jsonb reorders, odd text. */
function oddAnalysis(total: number, itemValue: number): AnalysisRows {
  const lexiconVersion = 'saas@1+abcd';
  const finding = (id: string, utteranceId: string, confidence: number, extra: object) => ({
    id,
    label: 'objection.price',
    utteranceId,
    span: [0, 4] as [number, number],
    rule: 'objection.price.贵',
    term: id === 'f-2' ? null : '太贵',
    lexiconVersion,
    confidence,
    ...extra,
  });
  return {
    lexiconVersion,
    scorecardVersion: 'default@2',
    secondStageVersion: 'second-stage@3+c974',
    total,
    tags: ['price_sensitive', '引号"标签'],
    metrics: {
      durationSec: 15.000001,
      tiny: 1e-7,
      small: 0.00001234,
      huge: 1.5e21,
      big: 1234567890123456,
      neg: -0.25,
      é: 1,
      '10': 2,
      zz: { b: [1, 'x\u0001"\\', true, null], a: null, longer_key: {} },
      skipped: undefined,
    },
    findings: [
      finding('f-1', 'u2', 0.30000000000000004, { resolved: true, techniques: [], refersTo: 'u1' }),
      finding('f-2', 'u2', 1e-5, { objectionType: 'price', weightLike: 1e21, 中文键: '值' }),
      finding('f-3', 'u3', 1, {}),
    ],
    scoreItems: [
      {
        id: 'objection_handling',
        dimension: 'objection_handling',
        label: '异议处理',
        metric: 'objectionsResolved',
        source: 'findings',
        value: itemValue,
        target: 1e21,
        score: null,
        weight: 1234567890123456,
        findingIds: ['f-1', 'f-2'],
        detail: { numerator: 0.1, denominator: 1e-7, 分母: 3 },
      },
      {
        id: 'talk_ratio',
        dimension: 'need_diagnosis',
        label: '说听比',
        metric: 'talkRatio',
        source: 'metrics',
        value: 0.5706,
        target: 0.45,
        score: 62.5,
        weight: 0.5,
        findingIds: [],
      },
    ],
    dimensions: { objection_handling: null, need_diagnosis: 0.000012, a_b: 50, ab: 7, Ab: 1e15 },
    machine: { total: 1e-5, dimensions: { need_diagnosis: 3.25 } },
    coaching: [{ kind: 'missed_need', quote: '太贵', detailZh: '客户提到“贵”', findingId: 'f-1' }],
    change: { at: '2026-06-01T00:00:00.000Z', items: [{ id: 'x', before: 1.5, after: 1e-7 }] },
  };
}

const backends = [
  { name: 'pglite', available: true },
  { name: 'postgres', available: pgAvailable },
] as const;

for (const backend of backends) {
  describe.skipIf(!backend.available)(`call view written with the analysis (${backend.name})`, () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tingjian-call-view-'));
    let database: Database;
    let drop = async () => {};
    let calls: CallRepository;
    let repId: string;
    let seq = 0;

    beforeAll(async () => {
      if (backend.name === 'postgres') {
        const db = await createTestDatabase('tj_call_view_build');
        drop = db.drop;
        database = await openDatabase({ databaseUrl: db.url, dataDir });
      } else {
        database = await openDatabase({ dataDir });
      }
      await database.migrate();
      calls = new CallRepository(database.db);
      const users = new UserRepository(database.db);
      const team = await users.createTeam({ name: '华南二组' });
      repId = (await users.createUser({ name: '陈静', roles: ['rep'], teamId: team.id })).id;
    }, 60_000);

    afterAll(async () => {
      await database?.close();
      await drop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    async function analysingCall(): Promise<string> {
      seq += 1;
      const { call } = await calls.create({
        repId,
        externalId: `ext-${seq}`,
        customer: { name: '王经理', company: '华润', tier: 'A', seats: 120, ratio: 1e-7 },
        industry: 'saas',
        occurredAt: '2026-06-01T09:30:00.123+08:00',
        source: 'transcript',
        inputChecksum: createHash('sha256').update(`call-view-${backend.name}-${seq}`).digest('hex'),
        utterances: [...UTTERANCES],
      });
      // Speaker confidences as a mono recording's transcription stores them.
      await database.db.execute(
        sql`update utterances set speaker_confidence = case id when 'u1' then 0.000012 when 'u2' then 0.875 end
            where call_id = ${call.id} and id in ('u1', 'u2')`,
      );
      for (const s of ['queued', 'transcribing', 'analyzing'] as const) await calls.setStatus(call.id, s);
      return call.id;
    }

    async function views(callId: string): Promise<{ stored: string; byDatabase: string }> {
      const stored = await database.db.execute(sql`select view_json from calls where id = ${callId}`);
      const byDatabase = await database.db.execute(viewQuery(callId));
      return {
        stored: (stored as unknown as { rows: { view_json: string }[] }).rows[0]!.view_json,
        byDatabase: Object.values((byDatabase as unknown as { rows: Record<string, string>[] }).rows[0]!)[0]!,
      };
    }

    it('stores exactly the bytes the database builds, and built them without it', async () => {
      const callId = await analysingCall();
      built.length = 0;
      await calls.replaceAnalysis(callId, 1, oddAnalysis(72.125, 1e-5));
      expect(built).toHaveLength(1);
      expect(built[0]).not.toBeNull();
      const { stored, byDatabase } = await views(callId);
      expect(stored).toBe(built[0]);
      expect(stored).toBe(byDatabase);
      // The exponent forms really were there to get wrong.
      expect(stored).toContain('"total" : 1e-05');
      expect(stored).toContain('"confidence": 0.00001');
      expect(stored).toContain('"tiny": 0.0000001');
      expect(stored).toContain('"speakerConfidence" : 1.2e-05');
    });

    it('leaves a view with numbers JSON cannot carry to the database, which stores the same view as before', async () => {
      const callId = await analysingCall();
      built.length = 0;
      await calls.replaceAnalysis(callId, 1, oddAnalysis(60, Number.POSITIVE_INFINITY));
      expect(built).toEqual([null]);
      const { stored, byDatabase } = await views(callId);
      expect(stored).toBe(byDatabase);
      expect(JSON.parse(stored).analysis.scoreItems[0].value).toBe('Infinity');
    });

    it('a rescore stores the new view, the same as the database builds', async () => {
      const callId = await analysingCall();
      await calls.replaceAnalysis(callId, 1, oddAnalysis(10, 2));
      const again = await calls.setStatus(callId, 'rescoring');
      built.length = 0;
      await calls.replaceAnalysis(callId, again.revision, oddAnalysis(99.5, 3));
      expect(built[0]).not.toBeNull();
      const { stored, byDatabase } = await views(callId);
      expect(stored).toBe(byDatabase);
      expect(JSON.parse(stored).call).toMatchObject({ total: 99.5, revision: 2, status: 'scored' });
    });
  });
}
