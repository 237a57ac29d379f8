import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCall } from '../../bench/call-generator.js';
import { renderVendorFile, type VendorKind } from '../../bench/vendor-files.js';
import { loadConfig } from '../../bin/config.js';
import { buildService, type Service } from '../../bin/service.js';
import { ImportJobRepository } from '../../models/import-job.repository.js';
import { importExternalId } from '../../services/import/import-folder.service.js';
import {
  ImportJobService,
  ZImportJobView,
  ZImportStarted,
} from '../../services/import/import-jobs.service.js';
import { stopTestService } from '../helpers/services.js';
import { writeZip } from '../helpers/zip-writer.js';

/**
 * POST /v1/imports: a zip upload or server-side folders under IMPORT_DIRS, imported in the
 * background; progress at GET /v1/imports/:id, the CLI's CSV report at …/report.csv.
 */
describe('bulk import through the API', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tingjian-imports-api-'));
  const allowed = join(dir, 'allowed');
  const outside = join(dir, 'outside');
  let svc: Service;
  let app: ReturnType<Service['app']>;
  const tokens: Record<string, string> = {};
  const auth = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
  let seq = 0;
  /** A short vendor file of a distinct call. */
  const vendorFile = (kind: VendorKind) => {
    const call = generateCall(++seq, 'medical_devices');
    return renderVendorFile({ ...call, utterances: call.utterances.slice(0, 6) }, kind, `task-${seq}`).bytes;
  };
  const NAME = '{date}_{rep}_{phone}';

  const upload = (who: string, zip: Buffer, fields: Record<string, string> = {}) => {
    let req = request(app).post('/v1/imports').set(auth(who));
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    return req.attach('archive', zip, { filename: 'export.zip', contentType: 'application/zip' });
  };
  const finished = async (who: string, id: string) => {
    for (let i = 0; i < 600; i++) {
      const res = await request(app).get(`/v1/imports/${id}`).set(auth(who));
      expect(res.status).toBe(200);
      // Exactly the shape the OpenAPI document (and so the web's generated ImportView) describes.
      expect(ZImportJobView.safeParse(res.body).error?.issues ?? []).toEqual([]);
      if (res.body.status !== 'running') return res.body;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`import ${id} still running`);
  };

  let firstZip: Buffer;
  let firstId = '';

  beforeAll(async () => {
    mkdirSync(join(allowed, '2026-11'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(join(allowed, '2026-11', '20261103_rep-zhao_13900000001.json'), vendorFile('tencent'));
    writeFileSync(join(outside, '20261104_rep-zhao_13900000002.json'), vendorFile('alibaba'));
    symlinkSync(outside, join(allowed, 'link-out'));
    svc = await buildService(
      loadConfig({
        DATA_DIR: join(dir, 'data'),
        LOG_LEVEL: 'silent',
        SECOND_STAGE_MODEL: 'off',
        IMPORT_DIRS: allowed,
      }),
      { role: 'serve' },
    );
    app = svc.app();
    const team = await svc.users.createTeam({ name: '华东组' });
    for (const [name, roles, externalId] of [
      ['admin', ['admin'], null],
      ['zhao', ['rep'], 'rep-zhao'],
      ['qian', ['rep'], 'rep-qian'],
    ] as const) {
      const u = await svc.users.createUser({ name, roles: [...roles], teamId: team.id, externalId });
      tokens[name] = (await svc.users.issueToken(u.id)).token;
    }
    firstZip = writeZip([
      { name: '十一月/20261101_rep-zhao_13800000001.json', data: vendorFile('alibaba') },
      { name: '十一月/20261101_rep-qian_13800000002.json', data: vendorFile('volcengine') },
      { name: '20261102_rep-zhao_13800000003.json', data: vendorFile('iflytek') },
      { name: '20261102_rep-qian_13800000004.json', data: '{"Result": {"Sentences": [' },
      { name: '../20261102_rep-qian_13800000005.json', data: vendorFile('alibaba') },
    ]);
  }, 120_000);

  afterAll(async () => {
    await stopTestService(svc);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a zip: 202 at once, then the counts, the corrupt and the `..` entries with their reasons', async () => {
    const res = await upload('admin', firstZip, { name: NAME, industry: 'medical_devices' });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ id: expect.stringMatching(/^import-[0-9a-f]{16}$/), status: 'running' });
    expect(ZImportStarted.safeParse(res.body).success).toBe(true);
    expect(res.headers.location).toBe(`/v1/imports/${res.body.id}`);
    firstId = res.body.id;
    const done = await finished('admin', firstId);
    expect(done).toMatchObject({
      status: 'done',
      total: 5,
      imported: 3,
      duplicates: 0,
      failed: 2,
      skipped: 0,
      finishedAt: expect.any(String),
    });
    expect(done.failures).toEqual([
      {
        entry: '20261102_rep-qian_***********.json',
        reason: expect.stringMatching(/^\[invalid_input\] malformed JSON: /),
      },
      { entry: '../20261102_rep-qian_***********.json', reason: '路径含 “..”（越出导入目录），已拒绝' },
    ]);
    const list = await request(app).get('/v1/calls?limit=50').set(auth('admin'));
    const imported = list.body.items.filter((c: { externalId: string }) =>
      c.externalId.startsWith('import-'),
    );
    expect(imported.map((c: { occurredAt: string }) => c.occurredAt).sort()).toEqual([
      '2026-10-31T16:00:00.000Z',
      '2026-10-31T16:00:00.000Z',
      '2026-11-01T16:00:00.000Z',
    ]);
    // The progress names each imported call (the web links them).
    expect(done.calls).toHaveLength(3);
    expect(done.calls.map((c: { callId: string }) => c.callId).sort()).toEqual(
      imported.map((c: { id: string }) => c.id).sort(),
    );
    expect(done.calls.map((c: { entry: string }) => c.entry).sort()).toEqual([
      '20261102_rep-zhao_***********.json',
      '十一月/20261101_rep-qian_***********.json',
      '十一月/20261101_rep-zhao_***********.json',
    ]);
    // Each rep sees their own.
    const zhao = await request(app).get('/v1/calls').set(auth('zhao'));
    expect(zhao.body.items).toHaveLength(2);
  });

  it('the same zip again: every call a duplicate', async () => {
    const res = await upload('admin', firstZip, { name: NAME, industry: 'medical_devices' });
    expect(res.status).toBe(202);
    const done = await finished('admin', res.body.id);
    expect(done).toMatchObject({ status: 'done', total: 5, imported: 0, duplicates: 3, failed: 2 });
  });

  it('the CSV report is the one the CLI writes; only its starter and admins read the import', async () => {
    const csv = await request(app).get(`/v1/imports/${firstId}/report.csv`).set(auth('admin'));
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe('文件,状态,格式,通话 ID,原因');
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 3).join(','))).toEqual([
      '十一月/20261101_rep-zhao_***********.json,已导入,alibaba',
      '十一月/20261101_rep-qian_***********.json,已导入,volcengine',
      '20261102_rep-zhao_***********.json,已导入,iflytek',
      '20261102_rep-qian_***********.json,失败,',
      '../20261102_rep-qian_***********.json,失败,',
    ]);
    expect((await request(app).get(`/v1/imports/${firstId}`).set(auth('zhao'))).status).toBe(404);
    expect((await request(app).get(`/v1/imports/${firstId}/report.csv`).set(auth('qian'))).status).toBe(404);
    expect((await request(app).get('/v1/imports/import-0000000000000000').set(auth('admin'))).status).toBe(
      404,
    );
  });

  it('the report is in the database: another process reads it whole, and an import whose process stopped shows as interrupted', async () => {
    const repository = new ImportJobRepository(svc.database.db);
    const other = new ImportJobService({
      intake: {
        lexicons: svc.lexicons,
        findByExternalId: async () => null,
        submitTranscript: async () => {
          throw new Error('not called');
        },
      },
      importDirs: [],
      repository,
      log: { error: () => {} },
    });
    const job = await other.find(firstId);
    expect(job).toBeDefined();
    const here = await request(app).get(`/v1/imports/${firstId}`).set(auth('admin'));
    expect(await other.view(job!)).toEqual(here.body);
    expect((await other.rows(job!)).map((r) => r.status)).toEqual([
      'imported',
      'imported',
      'imported',
      'failed',
      'failed',
    ]);
    // A process that started an import and stopped: its heartbeat is two minutes old.
    const stale = 'import-00000000000000aa';
    const twoMinutesAgo = new Date(Date.now() - 120_000);
    await repository.create(stale, job!.ownerId, twoMinutesAgo);
    const shown = await request(app).get(`/v1/imports/${stale}`).set(auth('admin'));
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ status: 'failed', finishedAt: expect.any(String) });
    expect(shown.body.error).toMatch(/^导入中断/);
    // A running import with a fresh heartbeat stays running.
    const live = 'import-00000000000000bb';
    await repository.create(live, job!.ownerId, new Date());
    expect((await request(app).get(`/v1/imports/${live}`).set(auth('admin'))).body.status).toBe('running');
    await repository.finish(live, 'done', null, new Date());
  });

  it('a rep imports their own calls; one named for another rep is refused per entry, asking for another rep at once', async () => {
    const zip = writeZip([
      { name: '20261105_rep-zhao_13700000001.json', data: vendorFile('tencent') },
      { name: '20261105_rep-qian_13700000002.json', data: vendorFile('tencent') },
      { name: '13700000003.json', data: vendorFile('volcengine') },
    ]);
    const res = await upload('zhao', zip, { name: NAME, industry: 'medical_devices' });
    expect(res.status).toBe(202);
    const done = await finished('zhao', res.body.id);
    expect(done).toMatchObject({ status: 'done', imported: 2, failed: 1 });
    expect(done.failures).toEqual([
      {
        entry: '20261105_rep-qian_***********.json',
        reason: '[forbidden] reps may only submit their own calls',
      },
    ]);
    const forOther = await upload('zhao', zip, { rep: 'rep-qian', industry: 'medical_devices' });
    expect(forOther.status).toBe(403);
    expect(forOther.body.error).toEqual({
      code: 'forbidden',
      message: 'reps may only submit their own calls',
    });
  });

  it('server-side paths: under IMPORT_DIRS imported; outside, or a symlink leading outside, refused', async () => {
    const ok = await request(app)
      .post('/v1/imports')
      .set(auth('admin'))
      .send({ paths: [join(allowed, '2026-11')], name: NAME, industry: 'medical_devices' });
    expect(ok.status).toBe(202);
    expect(await finished('admin', ok.body.id)).toMatchObject({
      status: 'done',
      total: 1,
      imported: 1,
      failed: 0,
    });
    for (const path of [outside, join(allowed, 'link-out'), join(allowed, '..', 'outside')]) {
      const res = await request(app)
        .post('/v1/imports')
        .set(auth('admin'))
        .send({ paths: [path], name: NAME });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
      expect(res.body.error.message).toContain('is not under a directory allowed by IMPORT_DIRS');
    }
    const relative = await request(app)
      .post('/v1/imports')
      .set(auth('admin'))
      .send({ paths: ['calls'] });
    expect(relative.status).toBe(400);
  });

  it('without IMPORT_DIRS every server-side path is refused, naming the variable', () => {
    const none = new ImportJobService({
      intake: {
        lexicons: svc.lexicons,
        findByExternalId: async () => null,
        submitTranscript: async () => {
          throw new Error('not called');
        },
      },
      importDirs: [],
      repository: new ImportJobRepository(svc.database.db),
      log: { error: () => {} },
    });
    expect(() => none.resolveServerPath(allowed)).toThrow(
      'importing server-side paths is switched off: set IMPORT_DIRS to the directories that may be imported from, or upload a zip',
    );
  });

  it('industry auto forces nothing: a file without one has it inferred from its words (an unknown one is still refused)', async () => {
    const file = vendorFile('tencent');
    const zip = writeZip([{ name: '20261106_rep-zhao_13600000001.json', data: file }]);
    const res = await upload('admin', zip, { name: NAME, industry: 'auto' });
    expect(res.status).toBe(202);
    expect(await finished('admin', res.body.id)).toMatchObject({ status: 'done', imported: 1, failed: 0 });
    const call = await svc.calls.findByExternalId(importExternalId(file));
    expect(call).toMatchObject({ industrySource: 'inferred', industryInference: expect.any(Object) });
    const unknown = await upload('admin', zip, { name: NAME, industry: 'aerospace' });
    expect([unknown.status, unknown.body.error.message]).toEqual([422, expect.stringMatching(/aerospace/)]);
  });

  it('refuses what is not a zip, and an upload without the archive field', async () => {
    const notZip = await upload('admin', Buffer.from('just text'));
    expect(notZip.status).toBe(415);
    const none = await request(app).post('/v1/imports').set(auth('admin')).field('name', NAME);
    expect(none.status).toBe(400);
    expect(none.body.error.details.problems[0].path).toBe('archive');
  });
});
