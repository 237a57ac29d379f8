import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallRepository } from '../../models/call.repository.js';
import { type Database, openDatabase } from '../../models/db.js';
import { LexiconVersionRepository } from '../../models/lexicon-version.repository.js';
import { UserRepository } from '../../models/user.repository.js';

/**
 * A rescore run counts its calls from the start: `total` is the number of scored calls when the
 * run is created, then the exact number once the rescore job has queued them (`plannedAt`). An
 * estimate must never finish a run that is still being planned, and planning must not run twice.
 */
describe('rescore run totals (PGlite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tingjian-rescore-run-'));
  let database: Database;
  let versions: LexiconVersionRepository;
  const callIds: string[] = [];

  beforeAll(async () => {
    database = await openDatabase({ dataDir: dir });
    await database.migrate();
    const users = new UserRepository(database.db);
    const calls = new CallRepository(database.db);
    versions = new LexiconVersionRepository(database.db);
    const team = await users.createTeam({ name: '器械一组' });
    await users.createUser({ id: 'rep-he', name: '何雨', roles: ['rep'], teamId: team.id });
    for (const [n, industry] of [
      [1, 'medical_devices'],
      [2, 'medical_devices'],
      [3, 'pharma'],
      [4, 'saas'],
    ] as const) {
      const { call } = await calls.create({
        repId: 'rep-he',
        industry,
        occurredAt: `2026-05-0${n}T10:00:00+08:00`,
        source: 'transcript',
        inputChecksum: createHash('sha256').update(`call-${n}`).digest('hex'),
        utterances: [{ id: 'u1', speaker: 'customer', start: 0, end: 1000, text: '价格有点高。' }],
      });
      for (const s of ['queued', 'transcribing', 'analyzing', 'scored'] as const)
        await calls.setStatus(call.id, s);
      callIds.push(call.id);
    }
  }, 60_000);
  afterAll(async () => {
    await database?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts the scored calls of an industry and of the industries that extend it', async () => {
    expect(await versions.countScored('medical_devices', null)).toBe(2);
    expect(await versions.countScored(['medical_devices', 'pharma'], null)).toBe(3);
    expect(
      await versions.countScored(['medical_devices', 'pharma'], new Date('2026-05-02T00:00:00+08:00')),
    ).toBe(2);
  });

  it('does not finish on the estimate while planning, and finishes once planned and done', async () => {
    const run = await versions.createRun({
      industry: 'medical_devices',
      versionId: 'medical_devices@2+abc',
      since: null,
      createdBy: null,
      total: 1,
    });
    expect(run).toMatchObject({ total: 1, plannedAt: null, status: 'running' });
    // A call analysed while the job is still queueing the others reaches the estimate: still running.
    const first = await versions.recordResult(
      { runId: run.id, callId: callIds[0]!, beforeTotal: 50, afterTotal: 60 },
      true,
    );
    expect(first).toMatchObject({ done: 1, status: 'running' });
    const planned = await versions.setRunTotal(run.id, 2);
    expect(planned).toMatchObject({ total: 2, status: 'running' });
    expect(planned?.plannedAt).toBeInstanceOf(Date);
    const last = await versions.recordResult(
      { runId: run.id, callId: callIds[1]!, beforeTotal: 50, afterTotal: 50 },
      false,
    );
    expect(last).toMatchObject({ done: 2, changed: 1, status: 'done' });
  });

  it('finishes a planned run at once when every call was in before planning ended', async () => {
    const run = await versions.createRun({
      industry: 'saas',
      versionId: 'saas@2+abc',
      since: null,
      createdBy: null,
      total: 1,
    });
    await versions.recordResult(
      { runId: run.id, callId: callIds[3]!, beforeTotal: 40, afterTotal: 41 },
      true,
    );
    expect((await versions.run(run.id))?.status).toBe('running');
    expect(await versions.setRunTotal(run.id, 1)).toMatchObject({ status: 'done', done: 1, total: 1 });
    const empty = await versions.createRun({
      industry: 'saas',
      versionId: 'saas@2+abc',
      since: new Date('2030-01-01T00:00:00Z'),
      createdBy: null,
      total: 0,
    });
    expect(await versions.setRunTotal(empty.id, 0)).toMatchObject({ status: 'done', total: 0 });
  });
});
