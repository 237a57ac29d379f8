import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { threadId as mainThreadId } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCall } from '../../bench/call-generator.js';
import { loadConfig } from '../../bin/config.js';
import { buildService, type Service } from '../../bin/service.js';
import type { TranscriptInput } from '../../models/transcript.js';
import { ThreadedAnalysisEngine } from '../../pipeline/analysis-thread/analysis-engine.js';

const INDUSTRY = 'medical_devices';

/** A generated call stretched to `n` utterances (the generator's turns repeated, times increasing). */
function longCall(seed: number, n: number, externalId: string, repId: string): TranscriptInput {
  const base = generateCall(seed, INDUSTRY);
  const turns = base.utterances;
  return {
    ...base,
    externalId,
    repId,
    utterances: Array.from({ length: n }, (_, i) => {
      const u = turns[i % turns.length]!;
      return { ...u, id: `u${i + 1}`, start: i * 4000, end: i * 4000 + 3000 };
    }),
  };
}

function engineOf(svc: Service): ThreadedAnalysisEngine {
  if (!(svc.engine instanceof ThreadedAnalysisEngine)) throw new Error('expected analysis threads');
  return svc.engine;
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('analysis threads on the embedded default', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tingjian-analysis-thread-'));
  let svc: Service;
  let server: ReturnType<ReturnType<Service['app']>['listen']>;
  let url: string;
  let editorId: string;

  beforeAll(async () => {
    svc = await buildService(
      loadConfig({
        DATA_DIR: dir,
        CACHE_DIR: join(dir, 'cache'),
        LOG_LEVEL: 'silent',
        ANALYSIS_THREADS: '1',
        LEXICON_POLL_MS: '600000',
      }),
      { role: 'all' },
    );
    const team = await svc.users.createTeam({ name: 'threads' });
    await svc.users.createUser({ name: 'rep', roles: ['rep'], teamId: team.id, externalId: 'rep-threads' });
    editorId = (await svc.users.createUser({ name: 'editor', roles: ['lexicon_editor'] })).id;
    await svc.startWorkers();
    server = svc.app().listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 120_000);

  afterAll(async () => {
    await new Promise((r) => server?.close(r));
    await svc?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers HTTP while a huge call is analysed, and the analysis runs on another thread', async () => {
    const engine = engineOf(svc);
    const { call } = await svc.service.submitTranscript(longCall(7, 2500, 'crm-huge-1', 'rep-threads'));
    let answeredDuringAnalysis = 0;
    await until(
      'the huge call to be scored',
      async () => {
        const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(10_000) });
        expect(res.status).toBe(200);
        if (engine.pool.pending > 0) answeredDuringAnalysis++;
        const now = await svc.calls.find(call.id);
        return now?.status === 'scored' || now?.status === 'failed';
      },
      240_000,
    );
    const stored = await svc.calls.find(call.id);
    expect(stored?.status).toBe('scored');
    // The event loop answered while the thread was busy with this call (inline, not once).
    expect(answeredDuringAnalysis).toBeGreaterThan(0);
    const threads = [...engine.pool.stats.jobsByThread.keys()];
    expect(threads.length).toBeGreaterThan(0);
    expect(threads).not.toContain(mainThreadId);
    // The server's CACHE_DIR reached the analysis thread: the tables it built are kept for the next start.
    const kept = readdirSync(join(dir, 'cache')).map((f) => f.replace(/-[0-9a-f]+\.bin$/, ''));
    // (normalize-changes is no longer built for text that needs no normalising: the second stage's
    // cleaning skips normalizeText for full-width text since 2026-12-07.)
    expect(kept).toEqual(expect.arrayContaining(['pinyin-index', 'traditional-chars', 'second-stage']));
  }, 300_000);

  it('a rescore after a publish analyses with the new lexicon version in the thread', async () => {
    const { call } = await svc.service.submitTranscript({
      ...generateCall(11, INDUSTRY),
      externalId: 'crm-publish-1',
      repId: 'rep-threads',
    });
    await svc.queue.drain();
    const before = await svc.calls.find(call.id);
    expect(before?.status).toBe('scored');
    await svc.lexiconAdmin.addTerm(
      INDUSTRY,
      { id: editorId },
      {
        term: '线程测试镜',
        category: 'product',
        synonyms: [],
      },
    );
    const { version, run } = await svc.lexiconAdmin.publish(INDUSTRY, { id: editorId });
    expect(run).not.toBeNull();
    await svc.queue.drain();
    const after = await svc.calls.find(call.id);
    expect(after?.status).toBe('scored');
    expect(version.versionId).not.toBe(before?.lexiconVersion);
    expect(after?.lexiconVersion).toBe(version.versionId);
  }, 120_000);
});

describe('an analysis thread that runs out of memory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tingjian-analysis-crash-'));
  let svc: Service;

  beforeAll(async () => {
    svc = await buildService(
      loadConfig({
        DATA_DIR: dir,
        LOG_LEVEL: 'silent',
        ANALYSIS_THREADS: '1',
        ANALYSIS_THREAD_MAX_MB: '64',
        WORKER_CONCURRENCY: '1',
      }),
      { role: 'all' },
    );
    await svc.users.createUser({ name: 'rep', roles: ['rep'], externalId: 'rep-crash' });
    await svc.startWorkers();
  }, 120_000);

  afterAll(async () => {
    await svc?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('fails that job with the reason, keeps what was stored, and a new thread analyses the next call', async () => {
    const engine = engineOf(svc);
    const first = await svc.service.submitTranscript({
      ...generateCall(3, INDUSTRY),
      externalId: 'crm-before',
      repId: 'rep-crash',
    });
    await svc.queue.drain();
    const scored = await svc.calls.find(first.call.id);
    expect(scored?.status).toBe('scored');
    const [crashedThread] = engine.pool.threadIds;

    // 20,000 utterances need far more than a 64 MB heap: the thread dies, not the server.
    const huge = await svc.service.submitTranscript(longCall(5, 20_000, 'crm-too-big', 'rep-crash'));
    await svc.queue.drain();
    const failed = await svc.calls.find(huge.call.id);
    expect(failed?.status).toBe('failed');
    expect(failed?.failureReason).toMatch(/^analyze: the analysis thread stopped while analysing call/);
    expect(failed?.failureReason).toMatch(/memory/);
    expect(engine.pool.stats.restarts).toBe(1);

    const next = await svc.service.submitTranscript({
      ...generateCall(4, INDUSTRY),
      externalId: 'crm-after',
      repId: 'rep-crash',
    });
    await svc.queue.drain();
    expect((await svc.calls.find(next.call.id))?.status).toBe('scored');
    expect(engine.pool.threadIds).toHaveLength(1);
    expect(engine.pool.threadIds[0]).not.toBe(crashedThread);
    // The call scored before the crash keeps its analysis.
    const kept = await svc.calls.find(first.call.id);
    expect(kept?.status).toBe('scored');
    expect(kept?.total).toBe(scored?.total);
  }, 300_000);
});
