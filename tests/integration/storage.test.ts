import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { eq, is, sql } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditRepository } from '../../models/audit.repository.js';
import {
  type AnalysisRows,
  type CallListFilter,
  CallRepository,
  type FindingInput,
  type NewCall,
  ROWS_PER_INSERT,
} from '../../models/call.repository.js';
import { assertSingleProcessPglite, type Database, openDatabase } from '../../models/db.js';
import type { CallStatus } from '../../models/schema.js';
import * as schema from '../../models/schema.js';
import { apiTokens, findings, scoreItems } from '../../models/schema.js';
import { UserRepository } from '../../models/user.repository.js';
import type { CallAnalysis } from '../../pipeline/nlp/analyze.core.js';
import { findingId } from '../../pipeline/nlp/finding-id.js';
import { PG_ADMIN_URL, postgresUp } from '../helpers/services.js';
import { type StorageBackend, storageBackends } from '../helpers/storage-backends.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
// Compile-time contract: the pipeline's analysis output is what replaceAnalysis stores.
const fitsAnalysisRows: (a: CallAnalysis) => AnalysisRows = (a) => a;
void fitsAnalysisRows;

const pgAvailable = await postgresUp();
if (!pgAvailable) {
  if (process.env.REQUIRE_SERVICES === '1') throw new Error(`PostgreSQL not reachable at ${PG_ADMIN_URL}`);
  console.warn(`storage.test: PostgreSQL not reachable at ${PG_ADMIN_URL}; skipping the PostgreSQL variant`);
}

const backends = storageBackends('storage', pgAvailable);

const UTTERANCES = [
  { id: 'u1', speaker: 'rep', start: 0, end: 4200, text: '李主任您好，请问您现在用什么系统管理客户？' },
  { id: 'u2', speaker: 'customer', start: 4800, end: 9000, text: '你们的价格太贵了，我们今年预算有限。' },
  {
    id: 'u3',
    speaker: 'rep',
    start: 9600,
    end: 15000,
    text: '理解您对价格的顾虑，我们也有按年付费的租赁方案。',
  },
] as const satisfies NewCall['utterances'];

function checksum(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

function newCall(over: Partial<NewCall> & { repId: string }): NewCall {
  return {
    industry: 'medical_devices',
    occurredAt: '2026-05-01T10:00:00+08:00',
    source: 'transcript',
    inputChecksum: checksum(over.id ?? over.externalId ?? String(Math.random())),
    utterances: [...UTTERANCES],
    ...over,
  };
}

/** Findings shaped like the pipeline's, optional evidence fields included. */
function analysisFor(
  callId: string,
  opts: { total: number | null; dims?: Record<string, number | null>; tags?: string[]; lexicon?: string },
): AnalysisRows {
  const lexiconVersion = opts.lexicon ?? 'medical_devices@3+9f2c';
  const question: FindingInput = {
    id: findingId(callId, 'u1', 'question.open', [7, 20]),
    label: 'question.open',
    utteranceId: 'u1',
    span: [7, 20],
    rule: 'question.wh',
    term: null,
    lexiconVersion,
    confidence: 0.93,
  };
  const objection = {
    id: findingId(callId, 'u2', 'objection.price', [0, 9]),
    label: 'objection.price',
    utteranceId: 'u2',
    span: [0, 9] as [number, number],
    rule: 'lexicon',
    term: '太贵',
    surface: '价格太贵了',
    lexiconVersion,
    confidence: 0.9,
    objectionType: 'price',
    responseUtteranceId: 'u3',
    techniques: ['acknowledge', 'alternative'],
    techniqueEvidence: [{ technique: 'acknowledge', span: [0, 2], term: '理解', utteranceId: 'u3' }],
    resolved: true,
    latencyMs: 600,
    hasDate: undefined,
  };
  const restatement = {
    id: findingId(callId, 'u3', 'restatement', [0, 10]),
    label: 'restatement',
    utteranceId: 'u3',
    span: [0, 10] as [number, number],
    rule: 'restatement.lexical',
    term: null,
    lexiconVersion,
    confidence: 0.71,
    refersTo: 'u2',
    accurate: true,
    similarity: 0.71,
    measure: 'lexical',
  };
  return {
    lexiconVersion,
    scorecardVersion: 'default@2',
    total: opts.total,
    tags: opts.tags ?? ['price_sensitive'],
    metrics: { durationSec: 15, talkRatio: 0.64, patienceSec: 0.6, repQuestions: 1 },
    findings: [question, objection, restatement],
    scoreItems: [
      {
        id: 'open_questions',
        dimension: 'need_diagnosis',
        label: '开放式提问',
        metric: 'repOpenQuestionsPer10Min',
        source: 'findings',
        value: 4,
        target: 6,
        score: 66.7,
        weight: 1,
        findingIds: [question.id],
        detail: { numerator: 1, denominator: 0.25 },
      },
      {
        id: 'objections_resolved',
        dimension: 'objection_handling',
        label: '异议处理',
        metric: 'objectionsResolvedRatio',
        source: 'findings',
        value: null,
        target: 1,
        score: null,
        weight: 2,
        findingIds: [],
      },
    ],
    dimensions: opts.dims ?? { need_diagnosis: 66.7, objection_handling: null },
  };
}

function storageSuite(backend: StorageBackend) {
  let database: Database;
  let cleanup: () => Promise<void>;
  let calls: CallRepository;
  let usersRepo: UserRepository;
  let audit: AuditRepository;
  let openedIn = 0;
  let repId: string;

  beforeAll(async () => {
    const t0 = Date.now();
    const opened = await backend.open();
    database = opened.database;
    cleanup = opened.cleanup;
    await database.migrate();
    openedIn = Date.now() - t0;
    calls = new CallRepository(database.db);
    usersRepo = new UserRepository(database.db);
    audit = new AuditRepository(database.db);
    const team = await usersRepo.createTeam({ id: 'team-east', name: '华东一组' });
    const rep = await usersRepo.createUser({
      id: 'rep-lin',
      externalId: 'crm-0042',
      name: '林晓',
      roles: ['rep'],
      teamId: team.id,
    });
    repId = rep.id;
  });
  afterAll(async () => {
    await cleanup?.();
  });

  /** Walks a call from received to analyzing. */
  async function toAnalyzing(callId: string): Promise<void> {
    for (const s of ['queued', 'transcribing', 'analyzing'] as const) await calls.setStatus(callId, s);
  }

  async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
    const result = (await database.db.execute(query)) as unknown as { rows: T[] };
    return result.rows;
  }

  it('applies the migrations to an empty database, and again as a no-op', async () => {
    expect(database.kind).toBe(backend.name);
    const tables = await rows<{ table_name: string }>(
      sql`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
    );
    // Exactly the tables the drizzle schema declares: the migrations and the schema agree.
    const declared = Object.values(schema)
      .filter((v) => is(v, PgTable))
      .map((t) => getTableConfig(t as PgTable).name)
      .sort();
    expect(declared).toContain('appeals');
    expect(tables.map((t) => t.table_name)).toEqual(declared);
    await database.migrate();
    const journal = JSON.parse(
      readFileSync(join(ROOT, 'models', 'migrations', 'meta', '_journal.json'), 'utf8'),
    );
    const applied = await rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`,
    );
    expect(applied[0]?.n).toBe(journal.entries.length);
    const indexes = await rows<{ indexname: string }>(
      sql`SELECT indexname FROM pg_indexes WHERE tablename IN ('calls', 'dimension_scores') ORDER BY indexname`,
    );
    expect(indexes.map((i) => i.indexname)).toEqual(
      expect.arrayContaining([
        'calls_rep_occurred_idx',
        'calls_team_occurred_idx',
        'calls_industry_idx',
        'calls_status_idx',
        'calls_tags_idx',
        'dimension_scores_dimension_score_idx',
      ]),
    );
    console.info(`storage.test [${backend.name}]: opened and migrated in ${openedIn} ms`);
  });

  it('creates a call with its utterances, idempotently on externalId and checksum', async () => {
    const input = newCall({
      id: 'call-create',
      externalId: 'crm-call-1',
      repId,
      customer: { company: '仁和医院', tier: 'A' },
    });
    const first = await calls.create(input);
    expect(first.created).toBe(true);
    expect(first.call).toMatchObject({
      id: 'call-create',
      externalId: 'crm-call-1',
      repId: 'rep-lin',
      teamId: 'team-east',
      status: 'received',
      revision: 1,
      source: 'transcript',
      total: null,
      tags: [],
      failureReason: null,
    });
    expect(first.call.occurredAt.toISOString()).toBe('2026-05-01T02:00:00.000Z');

    const got = await calls.get('call-create');
    expect(got?.customer).toEqual({ company: '仁和医院', tier: 'A' });
    expect(got?.utterances).toEqual(UTTERANCES);

    // Same externalId again (another generated id): nothing written, the existing call returned.
    const again = await calls.create({ ...input, id: undefined });
    expect(again.created).toBe(false);
    expect(again.call.id).toBe('call-create');
    expect((await calls.findByExternalId('crm-call-1'))?.id).toBe('call-create');

    // Without externalId, the checksum is the key.
    const anon = newCall({ repId, inputChecksum: checksum('anonymous content') });
    const a1 = await calls.create(anon);
    const a2 = await calls.create(anon);
    expect(a1.created).toBe(true);
    expect(a1.call.id).toMatch(/^call-[0-9a-f]{16}$/);
    expect(a2).toEqual({ created: false, call: a1.call });
    expect((await calls.findByChecksum(checksum('anonymous content')))?.id).toBe(a1.call.id);

    await expect(calls.create(newCall({ repId: 'rep-nobody' }))).rejects.toMatchObject({
      code: 'not_found',
      message: 'rep rep-nobody not found',
    });
    expect(await calls.get('call-missing')).toBeNull();
  });

  it('stores an analysis idempotently: twice gives identical rows, finding ids kept on rescore', async () => {
    const callId = 'call-analysis';
    await calls.create(newCall({ id: callId, repId }));
    const analysis = analysisFor(callId, { total: 71.5 });
    await expect(calls.replaceAnalysis(callId, 1, analysis)).rejects.toMatchObject({
      code: 'invalid_transition',
    });
    await toAnalyzing(callId);

    const scored = await calls.replaceAnalysis(callId, 1, analysis);
    expect(scored).toMatchObject({
      status: 'scored',
      revision: 1,
      total: 71.5,
      tags: ['price_sensitive'],
      lexiconVersion: 'medical_devices@3+9f2c',
      scorecardVersion: 'default@2',
      metrics: { durationSec: 15, talkRatio: 0.64, patienceSec: 0.6, repQuestions: 1 },
    });
    const rawFindings = () =>
      database.db.select().from(findings).where(eq(findings.callId, callId)).orderBy(findings.id);
    const rawItems = () =>
      database.db.select().from(scoreItems).where(eq(scoreItems.callId, callId)).orderBy(scoreItems.itemId);
    const firstFindings = await rawFindings();
    const firstItems = await rawItems();
    const stored = await calls.getAnalysis(callId);

    // The analysis reads back as written (undefined fields dropped).
    const { hasDate: _dropped, ...objection } = analysis.findings[1] as FindingInput & { hasDate?: unknown };
    expect(stored).toEqual({
      revision: 1,
      lexiconVersion: analysis.lexiconVersion,
      scorecardVersion: analysis.scorecardVersion,
      // No learned second stage in this analysis.
      secondStageVersion: null,
      total: 71.5,
      tags: ['price_sensitive'],
      metrics: analysis.metrics,
      // A first analysis: nothing to compare with.
      lastChange: null,
      findings: [analysis.findings[0], objection, analysis.findings[2]],
      scoreItems: analysis.scoreItems,
      dimensions: { need_diagnosis: 66.7, objection_handling: null },
    });
    expect(firstFindings.find((f) => f.label === 'objection.price')?.evidence).toEqual({
      surface: '价格太贵了',
      objectionType: 'price',
      responseUtteranceId: 'u3',
      techniques: ['acknowledge', 'alternative'],
      techniqueEvidence: [{ technique: 'acknowledge', span: [0, 2], term: '理解', utteranceId: 'u3' }],
      resolved: true,
      latencyMs: 600,
    });

    // A re-delivered job stores the same analysis again: identical rows.
    await calls.replaceAnalysis(callId, 1, analysis);
    expect(await rawFindings()).toEqual(firstFindings);
    expect(await rawItems()).toEqual(firstItems);
    expect(await calls.getAnalysis(callId)).toEqual(stored);

    // Rescore with a new lexicon: revision 2, same finding ids, new values; stale revision 1 refused.
    const rescoring = await calls.setStatus(callId, 'rescoring');
    expect(rescoring.revision).toBe(2);
    const v4 = analysisFor(callId, { total: 80, lexicon: 'medical_devices@4+a1b2', tags: [] });
    await expect(calls.replaceAnalysis(callId, 1, v4)).rejects.toMatchObject({ code: 'conflict' });
    const rescored = await calls.replaceAnalysis(callId, 2, v4);
    expect(rescored).toMatchObject({
      status: 'scored',
      revision: 2,
      total: 80,
      tags: [],
      lexiconVersion: 'medical_devices@4+a1b2',
    });
    const after = await rawFindings();
    expect(after.map((f) => f.id)).toEqual(firstFindings.map((f) => f.id));
    expect(after.map((f) => f.id)).toEqual(
      [
        findingId(callId, 'u1', 'question.open', [7, 20]),
        findingId(callId, 'u2', 'objection.price', [0, 9]),
        findingId(callId, 'u3', 'restatement', [0, 10]),
      ].sort(),
    );
    expect(new Set(after.map((f) => f.lexiconVersion))).toEqual(new Set(['medical_devices@4+a1b2']));
  });

  it('stores a call and an analysis past the bound-parameter limit of one statement, rows in order', async () => {
    // 10,001 utterances × 7 columns and 5,001 findings × 14 columns are both more bound parameters
    // than PostgreSQL takes in one statement (65,535). They are stored in statements of
    // ROWS_PER_INSERT rows (one transaction): 21 of them, in order.
    expect(10_001).toBeGreaterThan(20 * ROWS_PER_INSERT);
    const many = Array.from({ length: 10_001 }, (_, i) => ({
      id: `u${i + 1}`,
      speaker: i % 2 === 0 ? ('rep' as const) : ('customer' as const),
      start: i * 1000,
      end: i * 1000 + 900,
      text: `第${i + 1}句："引号"、\\反斜杠\n换行 😀 ${'价格'.repeat(i % 5)}`,
    }));
    // A lone surrogate is stored well-formed (U+FFFD), as the driver's UTF-8 encoding did.
    many[1] = { ...many[1]!, text: 'bad \ud800 half' };
    const callId = 'call-large';
    const created = await calls.create(newCall({ id: callId, repId, utterances: many, status: 'queued' }));
    expect(created.call.status).toBe('queued');
    const got = await calls.get(callId);
    expect(got?.utterances).toHaveLength(10_001);
    expect(got?.utterances.slice(2)).toEqual(many.slice(2));
    expect(got?.utterances[0]).toEqual(many[0]);
    expect(got?.utterances[1]?.text).toBe('bad \ufffd half');

    // Transcript calls skip transcription in one step; a re-delivered job changes nothing.
    await expect(calls.skipTranscription(callId, 2)).rejects.toMatchObject({ code: 'conflict' });
    expect((await calls.skipTranscription(callId, 1)).status).toBe('analyzing');
    expect(await calls.skipTranscription(callId, 1)).toMatchObject({ status: 'analyzing', revision: 1 });

    const base = analysisFor(callId, { total: 55 });
    const manyFindings: FindingInput[] = Array.from({ length: 5_001 }, (_, i) => ({
      id: `f${String(i).padStart(5, '0')}`,
      label: 'question.open',
      utteranceId: `u${i + 1}`,
      span: [0, 2] as const,
      rule: 'question.wh',
      term: i % 2 === 0 ? null : '价格',
      lexiconVersion: base.lexiconVersion,
      confidence: 0.5 + (i % 10) / 100,
      ...(i % 3 === 0 ? { nestedEvidence: { list: [i, 'x'] } } : {}),
    }));
    const scored = await calls.replaceAnalysis(callId, 1, { ...base, findings: manyFindings });
    expect(scored.status).toBe('scored');
    const stored = await calls.getAnalysis(callId);
    expect(stored?.findings).toEqual(manyFindings);
    expect(stored?.scoreItems).toEqual(base.scoreItems);
    const view = JSON.parse((await calls.viewJson(callId))!) as {
      utterances: unknown[];
      analysis: { findings: unknown[] };
    };
    expect(view.utterances).toHaveLength(10_001);
    expect(view.analysis.findings).toHaveLength(5_001);
  });

  it('passes a waiting transcript call to analysis in one statement, and leaves every other call alone', async () => {
    await calls.create(newCall({ id: 'call-pass', repId, status: 'queued' }));
    await calls.setStatus('call-pass', 'failed', { failureReason: '上次失败' });
    const retried = await calls.setStatus('call-pass', 'queued');
    expect(retried.revision).toBe(2);
    expect(await calls.passTranscript('call-pass', 1)).toBe(false); // a stale job's revision
    expect((await calls.find('call-pass'))?.status).toBe('queued');
    expect(await calls.passTranscript('call-pass', 2)).toBe(true);
    expect(await calls.find('call-pass')).toMatchObject({
      status: 'analyzing',
      revision: 2,
      failureReason: null,
    });
    expect(await calls.passTranscript('call-pass', 2)).toBe(false); // a re-delivered job
    expect((await calls.find('call-pass'))?.status).toBe('analyzing');
    expect(await calls.passTranscript('call-nowhere', 1)).toBe(false);
    // A recording waits for the transcriber, also while transcribing.
    await calls.create(newCall({ id: 'call-pass-audio', repId, status: 'queued', source: 'audio' }));
    expect(await calls.passTranscript('call-pass-audio', 1)).toBe(false);
    await calls.setStatus('call-pass-audio', 'transcribing');
    expect(await calls.passTranscript('call-pass-audio', 1)).toBe(false);
    expect((await calls.find('call-pass-audio'))?.status).toBe('transcribing');
  });

  it('enforces the status machine', async () => {
    const callId = 'call-status';
    await calls.create(newCall({ id: callId, repId }));
    const rejected: [CallStatus, CallStatus][] = [
      ['received', 'analyzing'],
      ['received', 'scored'],
      ['received', 'rescoring'],
    ];
    for (const [from, to] of rejected) {
      await expect(calls.setStatus(callId, to)).rejects.toMatchObject({
        code: 'invalid_transition',
        message: `call ${callId} cannot go from ${from} to ${to} (allowed: needs_industry, queued, failed)`,
      });
    }
    expect((await calls.setStatus(callId, 'queued')).status).toBe('queued');
    // The same status again is a no-op (a re-delivered job).
    expect((await calls.setStatus(callId, 'queued')).revision).toBe(1);
    await expect(calls.setStatus(callId, 'scored')).rejects.toMatchObject({ code: 'invalid_transition' });
    await calls.setStatus(callId, 'transcribing');
    const failed = await calls.setStatus(callId, 'failed', { failureReason: 'unsupported audio codec' });
    expect(failed).toMatchObject({ status: 'failed', failureReason: 'unsupported audio codec', revision: 1 });
    await expect(calls.setStatus(callId, 'analyzing')).rejects.toMatchObject({
      message: `call ${callId} cannot go from failed to analyzing (allowed: queued)`,
    });
    // Retry: a new generation, the reason cleared.
    const retried = await calls.setStatus(callId, 'queued');
    expect(retried).toMatchObject({ status: 'queued', failureReason: null, revision: 2 });
    await expect(calls.setStatus(callId, 'transcribing', { expectedRevision: 1 })).rejects.toMatchObject({
      code: 'conflict',
    });
    await calls.setStatus(callId, 'transcribing', { expectedRevision: 2 });
    await calls.setStatus(callId, 'analyzing');
    await calls.replaceAnalysis(callId, 2, analysisFor(callId, { total: 50 }));
    await expect(calls.setStatus(callId, 'failed')).rejects.toMatchObject({
      message: `call ${callId} cannot go from scored to failed (allowed: rescoring)`,
    });
    await expect(calls.setStatus(callId, 'queued')).rejects.toMatchObject({ code: 'invalid_transition' });
    expect((await calls.setStatus(callId, 'rescoring')).revision).toBe(3);
    expect((await calls.setStatus(callId, 'rescoring')).revision).toBe(3);
    await expect(calls.setStatus(callId, 'analyzing')).rejects.toMatchObject({ code: 'invalid_transition' });
    await calls.replaceAnalysis(callId, 3, analysisFor(callId, { total: 60 }));
    expect(await calls.find(callId)).toMatchObject({ status: 'scored', revision: 3, total: 60 });
    await expect(calls.setStatus('call-missing', 'queued')).rejects.toMatchObject({ code: 'not_found' });
  });

  describe('list', () => {
    // L1..L7 in March 2026 (other tests use May): teams X and Y, reps A, B (X) and C (Y).
    const spec = [
      {
        id: 'call-l1',
        rep: 'rep-a',
        industry: 'list_med',
        day: 1,
        status: 'scored',
        total: 82,
        dims: { need_diagnosis: 70, closing: 40 },
        tags: ['list_price'],
      },
      {
        id: 'call-l2',
        rep: 'rep-a',
        industry: 'list_saas',
        day: 2,
        status: 'scored',
        total: 55,
        dims: { need_diagnosis: 90, closing: null },
        tags: ['list_price', 'list_sample'],
      },
      { id: 'call-l3', rep: 'rep-b', industry: 'list_med', day: 3, status: 'queued' },
      {
        id: 'call-l4',
        rep: 'rep-b',
        industry: 'list_med',
        day: 4,
        status: 'scored',
        total: 82,
        dims: { need_diagnosis: 50 },
        tags: ['list_sample'],
      },
      { id: 'call-l5', rep: 'rep-c', industry: 'list_saas', day: 5, status: 'failed' },
      {
        id: 'call-l6',
        rep: 'rep-a',
        industry: 'list_med',
        day: 6,
        status: 'scored',
        total: 30,
        dims: { need_diagnosis: 20 },
        tags: [],
      },
      { id: 'call-l7', rep: 'rep-b', industry: 'list_saas', day: 7, status: 'received' },
    ] as const;
    const march = { from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z' };

    beforeAll(async () => {
      await usersRepo.createTeam({ id: 'team-x', name: 'List X' });
      await usersRepo.createTeam({ id: 'team-y', name: 'List Y' });
      await usersRepo.createUser({ id: 'rep-a', name: 'A', roles: ['rep'], teamId: 'team-x' });
      await usersRepo.createUser({ id: 'rep-b', name: 'B', roles: ['rep', 'manager'], teamId: 'team-x' });
      await usersRepo.createUser({ id: 'rep-c', name: 'C', roles: ['rep'], teamId: 'team-y' });
      for (const c of spec) {
        await calls.create(
          newCall({
            id: c.id,
            repId: c.rep,
            industry: c.industry,
            occurredAt: `2026-03-0${c.day}T09:00:00+08:00`,
          }),
        );
        if (c.status === 'received') continue;
        await calls.setStatus(c.id, 'queued');
        if (c.status === 'failed') await calls.setStatus(c.id, 'failed', { failureReason: 'bad input' });
        if (c.status !== 'scored') continue;
        await calls.setStatus(c.id, 'transcribing');
        await calls.setStatus(c.id, 'analyzing');
        await calls.replaceAnalysis(
          c.id,
          1,
          analysisFor(c.id, { total: c.total, dims: c.dims, tags: [...c.tags] }),
        );
      }
    });

    const ids = async (filter: CallListFilter) => (await calls.list(filter)).items.map((c) => c.id);

    /** Every page's ids, following nextCursor to the end. */
    async function pages(filter: CallListFilter): Promise<string[][]> {
      const out: string[][] = [];
      let cursor: string | null = null;
      do {
        const page = await calls.list({ ...filter, cursor });
        out.push(page.items.map((c) => c.id));
        cursor = page.nextCursor;
      } while (cursor && out.length < 20);
      return out;
    }

    it('filters by team, rep, industry, status, tags, dates and dimension scores', async () => {
      expect(await ids({ teamId: 'team-x' })).toEqual([
        'call-l7',
        'call-l6',
        'call-l4',
        'call-l3',
        'call-l2',
        'call-l1',
      ]);
      expect(await ids({ teamId: 'team-y' })).toEqual(['call-l5']);
      expect(await ids({ repId: 'rep-a' })).toEqual(['call-l6', 'call-l2', 'call-l1']);
      expect(await ids({ industry: 'list_med' })).toEqual(['call-l6', 'call-l4', 'call-l3', 'call-l1']);
      expect(await ids({ teamId: 'team-x', status: 'scored' })).toEqual([
        'call-l6',
        'call-l4',
        'call-l2',
        'call-l1',
      ]);
      expect(await ids({ ...march, status: ['queued', 'failed'] })).toEqual(['call-l5', 'call-l3']);
      expect(await ids({ tags: ['list_price'] })).toEqual(['call-l2', 'call-l1']);
      expect(await ids({ tags: ['list_price', 'list_sample'] })).toEqual(['call-l2']);
      expect(await ids({ tags: ['list_sample'], repId: 'rep-b' })).toEqual(['call-l4']);
      expect(await ids({ from: '2026-03-02T00:00:00+08:00', to: '2026-03-05T00:00:00+08:00' })).toEqual([
        'call-l4',
        'call-l3',
        'call-l2',
      ]);
      expect(
        await ids({ ...march, dimensionScores: [{ dimension: 'need_diagnosis', min: 50, max: 80 }] }),
      ).toEqual(['call-l4', 'call-l1']);
      expect(await ids({ ...march, dimensionScores: [{ dimension: 'closing' }] })).toEqual(['call-l1']);
      expect(
        await ids({
          ...march,
          dimensionScores: [
            { dimension: 'need_diagnosis', max: 75 },
            { dimension: 'closing', min: 0 },
          ],
        }),
      ).toEqual(['call-l1']);
      expect(await ids({ teamId: 'team-y', status: 'scored' })).toEqual([]);
    });

    it('pages with a cursor by date or by total, both directions, unscored last', async () => {
      expect(await pages({ teamId: 'team-x', limit: 2 })).toEqual([
        ['call-l7', 'call-l6'],
        ['call-l4', 'call-l3'],
        ['call-l2', 'call-l1'],
      ]);
      expect(await pages({ teamId: 'team-x', limit: 4, order: 'asc' })).toEqual([
        ['call-l1', 'call-l2', 'call-l3', 'call-l4'],
        ['call-l6', 'call-l7'],
      ]);
      // Ties on total break on id; calls without a total come last in both directions.
      expect(await pages({ teamId: 'team-x', sort: 'total', limit: 2 })).toEqual([
        ['call-l4', 'call-l1'],
        ['call-l2', 'call-l6'],
        ['call-l7', 'call-l3'],
      ]);
      expect((await pages({ teamId: 'team-x', sort: 'total', limit: 1 })).flat()).toEqual([
        'call-l4',
        'call-l1',
        'call-l2',
        'call-l6',
        'call-l7',
        'call-l3',
      ]);
      expect((await pages({ teamId: 'team-x', sort: 'total', order: 'asc', limit: 1 })).flat()).toEqual([
        'call-l6',
        'call-l2',
        'call-l1',
        'call-l4',
        'call-l3',
        'call-l7',
      ]);
      expect(
        await pages({ teamId: 'team-x', status: 'scored', sort: 'total', order: 'asc', limit: 3 }),
      ).toEqual([['call-l6', 'call-l2', 'call-l1'], ['call-l4']]);

      const byDate = await calls.list({ teamId: 'team-x', limit: 2 });
      await expect(
        calls.list({ teamId: 'team-x', sort: 'total', cursor: byDate.nextCursor }),
      ).rejects.toMatchObject({
        code: 'invalid_input',
        message: 'invalid cursor: it belongs to a list sorted by occurred_at desc',
      });
      await expect(calls.list({ cursor: 'not-a-cursor' })).rejects.toMatchObject({ code: 'invalid_input' });
      await expect(calls.list({ limit: 0 })).rejects.toMatchObject({ code: 'invalid_input' });
    });
  });

  it('issues, resolves and revokes tokens; deactivation stops them', async () => {
    const admin = await usersRepo.createUser({ name: '王管理', roles: ['admin', 'reviewer'] });
    expect(admin.id).toMatch(/^user-[0-9a-f]{12}$/);
    const { token, info } = await usersRepo.issueToken(admin.id, 'cli');
    expect(token).toMatch(/^tj_[A-Za-z0-9_-]{43}$/);
    expect(info).toMatchObject({ userId: admin.id, label: 'cli', revokedAt: null });
    expect(info).not.toHaveProperty('tokenHash');

    const stored = await database.db.select().from(apiTokens).where(eq(apiTokens.id, info.id));
    expect(stored[0]?.tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(stored)).not.toContain(token);

    expect((await usersRepo.resolveToken(token))?.id).toBe(admin.id);
    expect(await usersRepo.resolveToken(`${token}x`)).toBeNull();
    expect(await usersRepo.resolveToken('garbage')).toBeNull();

    expect(await usersRepo.revokeToken(info.id)).toBe(true);
    expect(await usersRepo.revokeToken(info.id)).toBe(false);
    expect(await usersRepo.resolveToken(token)).toBeNull();

    const second = await usersRepo.issueToken(admin.id);
    expect((await usersRepo.resolveToken(second.token))?.roles).toEqual(['admin', 'reviewer']);
    await usersRepo.deactivate(admin.id);
    expect(await usersRepo.resolveToken(second.token)).toBeNull();
    await expect(usersRepo.issueToken(admin.id)).rejects.toMatchObject({ code: 'unprocessable' });
    await usersRepo.reactivate(admin.id);
    expect((await usersRepo.resolveToken(second.token))?.id).toBe(admin.id);
    expect((await usersRepo.listTokens(admin.id)).map((t) => t.revokedAt === null)).toEqual([false, true]);

    await expect(usersRepo.createUser({ name: 'x', roles: ['boss' as 'rep'] })).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'unknown role(s): boss (roles: admin, manager, reviewer, lexicon_editor, rep)',
    });
    await expect(usersRepo.createUser({ name: 'x', roles: [] })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(
      usersRepo.createUser({ name: 'dup', roles: ['rep'], externalId: 'crm-0042' }),
    ).rejects.toMatchObject({ code: 'conflict' });
  });

  it('finds reps by id or external id, active ones only', async () => {
    expect((await usersRepo.findActiveRep('rep-lin'))?.id).toBe('rep-lin');
    expect((await usersRepo.findActiveRep('crm-0042'))?.id).toBe('rep-lin');
    expect(await usersRepo.findActiveRep('crm-9999')).toBeNull();
    const reviewer = await usersRepo.createUser({ id: 'rev-1', name: '审核', roles: ['reviewer'] });
    expect(await usersRepo.findActiveRep(reviewer.id)).toBeNull();
    const gone = await usersRepo.createUser({
      id: 'rep-gone',
      externalId: 'crm-gone',
      name: '离职',
      roles: ['rep'],
    });
    await usersRepo.deactivate(gone.id);
    expect(await usersRepo.findActiveRep('crm-gone')).toBeNull();
    expect((await usersRepo.findUser('crm-gone'))?.active).toBe(false);
  });

  it("keeps a rep's old calls with the team they were made in after a move", async () => {
    await usersRepo.createTeam({ id: 'team-move-a', name: 'Move A' });
    await usersRepo.createTeam({ id: 'team-move-b', name: 'Move B' });
    await usersRepo.createUser({ id: 'rep-mover', name: '周', roles: ['rep'], teamId: 'team-move-a' });
    await calls.create(
      newCall({ id: 'call-before-move', repId: 'rep-mover', occurredAt: '2026-02-01T10:00:00Z' }),
    );
    const moved = await usersRepo.moveToTeam('rep-mover', 'team-move-b');
    expect(moved.teamId).toBe('team-move-b');
    await calls.create(
      newCall({ id: 'call-after-move', repId: 'rep-mover', occurredAt: '2026-03-01T10:00:00Z' }),
    );

    expect((await calls.find('call-before-move'))?.teamId).toBe('team-move-a');
    expect((await calls.find('call-after-move'))?.teamId).toBe('team-move-b');
    expect(await listIds(calls, { teamId: 'team-move-a' })).toEqual(['call-before-move']);
    expect(await listIds(calls, { teamId: 'team-move-b' })).toEqual(['call-after-move']);
    expect(await listIds(calls, { repId: 'rep-mover' })).toEqual(['call-after-move', 'call-before-move']);
    const history = await usersRepo.teamHistory('rep-mover');
    const moveAt = history[1]?.fromAt;
    expect(history.map((h) => [h.teamId, h.toAt])).toEqual([
      ['team-move-a', moveAt],
      ['team-move-b', null],
    ]);
    expect(await usersRepo.teamAt('rep-mover', new Date(moveAt!.getTime() - 1))).toBe('team-move-a');
    expect(await usersRepo.teamAt('rep-mover', moveAt!)).toBe('team-move-b');
    expect(await usersRepo.teamAt('rep-mover', new Date(history[0]!.fromAt.getTime() - 1))).toBeNull();
    await expect(
      usersRepo.moveToTeam('rep-mover', 'team-move-a', new Date(moveAt!.getTime() - 1)),
    ).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(usersRepo.moveToTeam('rep-mover', 'team-none')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('appends to the audit log and lists it per entity', async () => {
    const e1 = await audit.append({
      actorUserId: 'rep-lin',
      action: 'user.deactivate',
      entity: 'user',
      entityId: 'rep-gone',
      before: { active: true },
      after: { active: false },
    });
    await audit.append({ actorUserId: null, action: 'call.rescore', entity: 'call', entityId: 'rep-gone' });
    const e3 = await database.db.transaction(async (tx) =>
      new AuditRepository(tx).append({
        actorUserId: 'rep-lin',
        action: 'user.reactivate',
        entity: 'user',
        entityId: 'rep-gone',
        before: { active: false, note: '复职' },
        after: { active: true },
      }),
    );
    expect(e1.at).toBeInstanceOf(Date);
    const entries = await audit.list('user', 'rep-gone');
    expect(entries.map((e) => [e.action, e.actorUserId, e.before, e.after])).toEqual([
      ['user.deactivate', 'rep-lin', { active: true }, { active: false }],
      ['user.reactivate', 'rep-lin', { active: false, note: '复职' }, { active: true }],
    ]);
    expect((await audit.list('user', 'rep-gone', { afterId: e1.id })).map((e) => e.id)).toEqual([e3.id]);
    expect((await audit.list('call', 'rep-gone')).map((e) => [e.action, e.before])).toEqual([
      ['call.rescore', null],
    ]);
  });
}

async function listIds(repo: CallRepository, filter: CallListFilter): Promise<string[]> {
  return (await repo.list(filter)).items.map((c) => c.id);
}

for (const backend of backends) {
  describe.skipIf(!backend.available)(`storage on ${backend.name}`, () => storageSuite(backend));
}

describe('PGlite single-process lock', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tingjian-lock-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function sleeper() {
    return spawn('sleep', ['30'], { stdio: 'ignore' });
  }

  it('refuses a lock held by another live process, with a message naming DATABASE_URL', async () => {
    const other = sleeper();
    try {
      const lockFile = join(dir, 'live.lock');
      writeFileSync(lockFile, `${other.pid}\n`);
      expect(() => assertSingleProcessPglite(lockFile)).toThrow(
        expect.objectContaining({
          code: 'conflict',
          message: expect.stringMatching(
            new RegExp(
              `already open by process ${other.pid}; PGlite serves a single process.*set DATABASE_URL`,
            ),
          ),
        }),
      );
      expect(readFileSync(lockFile, 'utf8')).toBe(`${other.pid}\n`);

      // openDatabase fails fast the same way, before touching PGlite.
      const dataDir = join(dir, 'busy');
      mkdirSync(dataDir);
      writeFileSync(join(dataDir, 'pglite.lock'), `${other.pid}\n`);
      await expect(openDatabase({ dataDir })).rejects.toMatchObject({
        code: 'conflict',
        message: expect.stringContaining('set DATABASE_URL'),
      });
      expect(existsSync(join(dataDir, 'pglite'))).toBe(false);
    } finally {
      other.kill();
    }
  });

  it('takes over a stale lock of a dead process, and refuses a second lock in this process', async () => {
    const dead = spawnSync('true');
    const lockFile = join(dir, 'stale.lock');
    writeFileSync(lockFile, `${dead.pid}\n`);
    const release = assertSingleProcessPglite(lockFile);
    expect(readFileSync(lockFile, 'utf8')).toBe(`${process.pid}\n`);
    expect(() => assertSingleProcessPglite(lockFile)).toThrow(/already open by this process/);
    release();
    expect(existsSync(lockFile)).toBe(false);
    assertSingleProcessPglite(lockFile)();
  });

  it('makes a real second process fail fast while this one holds the data directory', async () => {
    const dataDir = join(dir, 'shared');
    mkdirSync(dataDir);
    // What openDatabase takes first; opening PGlite itself here would only add seconds.
    const release = assertSingleProcessPglite(join(dataDir, 'pglite.lock'));
    try {
      const code = `
        const { openDatabase } = await import(${JSON.stringify(join(ROOT, 'models', 'db.ts'))});
        try { await openDatabase({ dataDir: ${JSON.stringify(dataDir)} }); console.log('opened'); process.exit(0); }
        catch (err) { console.log(JSON.stringify({ code: err.code, message: err.message })); process.exit(3); }`;
      const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(child.status).toBe(3);
      const out = JSON.parse(child.stdout.trim());
      expect(out.code).toBe('conflict');
      expect(out.message).toContain(`already open by process ${process.pid}`);
      expect(out.message).toContain('set DATABASE_URL');
    } finally {
      release();
    }
    expect(existsSync(join(dataDir, 'pglite.lock'))).toBe(false);
  });
});
