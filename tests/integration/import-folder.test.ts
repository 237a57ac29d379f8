import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCall } from '../../bench/call-generator.js';
import { renderVendorFile, VENDOR_KINDS } from '../../bench/vendor-files.js';
import { loadConfig } from '../../bin/config.js';
import { buildService, type Service } from '../../bin/service.js';
import { compileNamePattern } from '../../services/import/filename-pattern.js';
import { type ImportDeps, importSource } from '../../services/import/import-folder.service.js';
import { renderImportCsv } from '../../services/import/import-report.js';
import { writeZip } from '../helpers/zip-writer.js';

const N = 1000;
const REPS = ['rep-0', 'rep-1', 'rep-2', 'rep-3'];
const dir = mkdtempSync(join(tmpdir(), 'tingjian-import-folder-'));
const folder = join(dir, 'calls');
let svc: Service;
let deps: ImportDeps;

/** 1,000 files of the six kinds; every call distinct; names `{date}_{rep}_{phone}`. */
function writeFolder(): void {
  mkdirSync(join(folder, 'sub'), { recursive: true });
  // Generating a 30-minute call is slow: 40 of them, made distinct per file below.
  const bases = Array.from({ length: 40 }, (_, k) => generateCall(k + 1, 'medical_devices'));
  for (let i = 0; i < N; i++) {
    const call = bases[i % bases.length]!;
    // Short calls keep the test fast; the sequence number makes each one distinct.
    const utterances = call.utterances
      .slice(0, 8)
      .map((u, k) => (k === 0 ? { ...u, text: `${u.text}（第${i}号）` } : u));
    const kind = VENDOR_KINDS[i % VENDOR_KINDS.length]!;
    const { ext, bytes } = renderVendorFile({ ...call, utterances }, kind, `task-${i}`);
    const day = String(1 + (i % 28)).padStart(2, '0');
    const phone = `139${String(i).padStart(8, '0')}`;
    writeFileSync(
      join(folder, i % 10 === 0 ? 'sub' : '.', `202603${day}_${REPS[i % REPS.length]}_${phone}${ext}`),
      bytes,
    );
  }
  writeFileSync(join(folder, '20260301_rep-0_13800000000.json'), '{"Result": {"Sentences": [');
  writeFileSync(join(folder, 'readme.md'), '# 通话导出');
  symlinkSync('/etc/hostname', join(folder, '20260301_rep-0_13800000001.json'));
}

beforeAll(async () => {
  writeFolder();
  svc = await buildService(loadConfig({ DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'silent' }), {
    role: 'serve',
  });
  for (const rep of REPS) await svc.users.createUser({ name: rep, roles: ['rep'], externalId: rep });
  deps = {
    lexicons: svc.lexicons,
    findByExternalId: (id) => svc.calls.findByExternalId(id),
    submitTranscript: (body) => svc.service.submitTranscript(body),
    // As the CLI with PII_MASKING=on (the default): the intake masks and hashes the phone.
    intakeMasksPii: true,
  };
}, 120_000);

afterAll(async () => {
  await svc?.close();
  rmSync(dir, { recursive: true, force: true });
});

const options = { pattern: compileNamePattern('{date}_{rep}_{phone}'), industry: 'medical_devices' };

describe('importing a folder of existing calls', () => {
  it('imports every call once, reports the corrupt file and the symlink, and goes on', async () => {
    const seen: number[] = [];
    const s = await importSource(folder, deps, { ...options, onProgress: (p) => seen.push(p.done) });
    expect({ imported: s.imported, duplicates: s.duplicates, failed: s.failed, skipped: s.skipped }).toEqual({
      imported: N,
      duplicates: 0,
      failed: 2,
      skipped: 1,
    });
    expect(seen.at(-1)).toBe(N + 3);
    const failed = s.rows.filter((r) => r.status === 'failed');
    expect(failed.map((r) => r.file)).toEqual([
      '20260301_rep-0_***********.json',
      '20260301_rep-0_***********.json',
    ]);
    expect(failed[0]!.reason).toMatch(/^\[invalid_input\] malformed JSON: /);
    expect(failed[1]!.reason).toBe('符号链接，已拒绝');
    expect(s.rows.find((r) => r.status === 'skipped')).toEqual({
      file: 'readme.md',
      status: 'skipped',
      reason: '不支持的文件类型（.md）',
    });
    const formats = new Map<string, number>();
    for (const r of s.rows.filter((row) => row.status === 'imported'))
      formats.set(r.format!, (formats.get(r.format!) ?? 0) + 1);
    expect(Object.fromEntries(formats)).toEqual({
      alibaba: 167,
      tencent: 167,
      iflytek: 167,
      volcengine: 167,
      table: 166,
      tingjian: 166,
    });
    // No phone number reaches the report.
    expect(s.rows.filter((r) => /\d{11}/.test(r.file))).toEqual([]);
    expect(renderImportCsv(s.rows)).not.toContain('13900000');
  }, 90_000);

  it('stores rep, time and the masked phone from the name, roles and vendor times from the file', async () => {
    // File 3: Volcengine, rep-3, 2026-03-04.
    const name = readFileSync(join(folder, '20260304_rep-3_13900000003.json'));
    const { importExternalId } = await import('../../services/import/import-folder.service.js');
    const call = await svc.calls.findByExternalId(importExternalId(name));
    expect(call).not.toBeNull();
    const full = await svc.calls.get(call!.id);
    const rep = await svc.users.findActiveRep('rep-3');
    expect(full!.repId).toBe(rep!.id);
    expect(new Date(full!.occurredAt).toISOString()).toBe('2026-03-03T16:00:00.000Z');
    expect(full!.customer).toEqual({ name: '***********' });
    const source = generateCall(4, 'medical_devices').utterances.slice(0, 8);
    expect(full!.utterances.map((u) => [u.start, u.end])).toEqual(source.map((u) => [u.start, u.end]));
  });

  it('a second run imports nothing: every file is a duplicate by content', async () => {
    const s = await importSource(folder, deps, options);
    expect({ imported: s.imported, duplicates: s.duplicates, failed: s.failed }).toEqual({
      imported: 0,
      duplicates: N,
      failed: 2,
    });
  }, 90_000);

  it('a zip of the same calls plus hostile entries: the calls are duplicates, the hostile entries refused', async () => {
    const call = generateCall(5000, 'medical_devices');
    const fresh = renderVendorFile({ ...call, utterances: call.utterances.slice(0, 6) }, 'alibaba', 'zip-1');
    const path = join(dir, 'export.zip');
    writeFileSync(
      path,
      writeZip([
        { name: '通话/20260310_rep-2_13700000000.json', data: fresh.bytes },
        {
          name: '20260304_rep-3_13900000003.json',
          data: readFileSync(join(folder, '20260304_rep-3_13900000003.json')),
        },
        { name: '../20260310_rep-2_13700000001.json', data: fresh.bytes },
        { name: '20260310_rep-2_13700000002.json', data: '/etc/passwd', symlink: true },
      ]),
    );
    const s = await importSource(path, deps, options);
    expect(s.rows.map((r) => [r.file, r.status, r.reason])).toEqual([
      ['通话/20260310_rep-2_***********.json', 'imported', undefined],
      ['20260304_rep-3_***********.json', 'duplicate', '内容已导入过'],
      ['../20260310_rep-2_***********.json', 'failed', '路径含 “..”（越出导入目录），已拒绝'],
      ['20260310_rep-2_***********.json', 'failed', '符号链接，已拒绝'],
    ]);
  });

  it('a file without a rep in its name and no --rep fails with the reason', async () => {
    const lone = join(dir, 'lone');
    mkdirSync(lone);
    const call = generateCall(7000, 'medical_devices');
    writeFileSync(
      join(lone, 'x.json'),
      renderVendorFile({ ...call, utterances: call.utterances.slice(0, 6) }, 'tencent', 't').bytes,
    );
    const s = await importSource(lone, deps, { industry: 'medical_devices' });
    expect(s.rows[0]!.reason).toBe(
      '[invalid_input] 缺少销售代表：请用 --rep 指定，或用 --name 从文件名读取 {rep}',
    );
    const unknownRep = await importSource(lone, deps, { industry: 'medical_devices', rep: 'nobody' });
    expect(unknownRep.rows[0]!.reason).toBe('[unprocessable] repId "nobody" does not name an active rep');
  });
});
