import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileNamePattern, occurredAt } from '../../services/import/filename-pattern.js';
import { renderImportCsv } from '../../services/import/import-report.js';
import { openSource } from '../../services/import/sources.js';
import { DEFAULT_ARCHIVE_LIMITS, unsafePathReason } from '../../services/import/zip.reader.js';
import { writeZip } from '../helpers/zip-writer.js';

const dir = mkdtempSync(join(tmpdir(), 'tingjian-import-src-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function zip(name: string, entries: Parameters<typeof writeZip>[0]): string {
  const path = join(dir, name);
  writeFileSync(path, writeZip(entries));
  return path;
}

describe('zip archives are hostile until checked', () => {
  it('refuses .., absolute paths and symlinks per entry and reads the rest', () => {
    const src = openSource(
      zip('mixed.zip', [
        { name: '通话/a.json', data: '{"a":1}' },
        { name: '../evil.json', data: '{}' },
        { name: '/etc/passwd.json', data: '{}' },
        { name: 'C:\\Windows\\x.json', data: '{}' },
        { name: 'link.json', data: '/etc/passwd', symlink: true },
        { name: 'b.csv', data: '时间,说话人,内容\n0,客户,喂', deflate: false },
      ]),
    );
    const byPath = Object.fromEntries(src.entries.map((e) => [e.path, e]));
    expect(src.entries.map((e) => [e.path, e.refused])).toEqual([
      ['通话/a.json', undefined],
      ['../evil.json', '路径含 “..”（越出导入目录），已拒绝'],
      ['/etc/passwd.json', '绝对路径，已拒绝'],
      ['C:\\Windows\\x.json', '绝对路径，已拒绝'],
      ['link.json', '符号链接，已拒绝'],
      ['b.csv', undefined],
    ]);
    expect(byPath['通话/a.json']!.read().toString()).toBe('{"a":1}');
    expect(byPath['b.csv']!.read().toString()).toBe('时间,说话人,内容\n0,客户,喂');
    expect(() => byPath['link.json']!.read()).toThrow('符号链接');
    src.close();
  });

  it('a bomb that lies about its size stops at the declared size', () => {
    const src = openSource(
      zip('liar.zip', [{ name: 'bomb.json', data: Buffer.alloc(5_000_000), declaredSize: 1000 }]),
    );
    expect(() => src.entries[0]!.read()).toThrow('解压后超过声明大小（疑似压缩炸弹），已拒绝');
    src.close();
  });

  it('a bomb that declares its size is refused by ratio before inflating', () => {
    const src = openSource(zip('bomb.zip', [{ name: 'bomb.json', data: Buffer.alloc(5_000_000) }]));
    expect(src.entries[0]!.refused).toMatch(/^压缩比 \d+:1 过高（疑似压缩炸弹），已拒绝$/);
    src.close();
  });

  it('entry count, entry size and total size limits refuse the entries past them', () => {
    const entries = Array.from({ length: 5 }, (_, i) => ({
      name: `${i}.json`,
      data: 'x'.repeat(100),
      deflate: false,
    }));
    const path = zip('many.zip', entries);
    const limits = { ...DEFAULT_ARCHIVE_LIMITS, maxEntries: 3 };
    expect(openSource(path, limits).entries.map((e) => e.refused ?? 'ok')).toEqual([
      'ok',
      'ok',
      'ok',
      '超过条目数上限 3',
      '超过条目数上限 3',
    ]);
    const total = openSource(path, { ...DEFAULT_ARCHIVE_LIMITS, maxTotalBytes: 250 }).entries.map(
      (e) => e.refused ?? 'ok',
    );
    expect(total.filter((r) => r === 'ok')).toHaveLength(2);
    expect(openSource(path, { ...DEFAULT_ARCHIVE_LIMITS, maxEntryBytes: 50 }).entries[0]!.refused).toBe(
      '解压后 0 MB，超过单个文件上限 0 MB',
    );
  });

  it('a corrupt entry is reported, not thrown at open', () => {
    const good = writeZip([{ name: 'a.json', data: '{"x":"一二三四五六七八九十"}', deflate: false }]);
    good.writeUInt8(good.readUInt8(40) ^ 0xff, 40); // a data byte (header 30 + name 6 = 36): bad checksum
    const path = join(dir, 'corrupt.zip');
    writeFileSync(path, good);
    const src = openSource(path);
    expect(() => src.entries[0]!.read()).toThrow('校验和不符，文件损坏');
  });

  it('a file that is neither a folder nor a zip is an error naming it', () => {
    const path = join(dir, 'x.json');
    writeFileSync(path, '{}');
    expect(() => openSource(path)).toThrow(/既不是文件夹也不是 zip 压缩包/);
    expect(() => openSource(join(dir, 'missing'))).toThrow(/找不到文件夹或压缩包/);
  });
});

describe('folders', () => {
  it('walks subfolders in name order; symlinks are refused', () => {
    const root = join(dir, 'folder');
    mkdirSync(join(root, 'b'), { recursive: true });
    writeFileSync(join(root, 'a.json'), '{}');
    writeFileSync(join(root, 'b', 'c.json'), '{}');
    symlinkSync(join(dir, 'x.json'), join(root, 'link.json'));
    const src = openSource(root);
    expect(src.entries.map((e) => [e.path, e.refused])).toEqual([
      ['a.json', undefined],
      ['b/c.json', undefined],
      ['link.json', '符号链接，已拒绝'],
    ]);
  });

  it.each([
    ['a/../../b', '路径含 “..”（越出导入目录），已拒绝'],
    ['/abs', '绝对路径，已拒绝'],
    ['ok/name..json', undefined],
  ])('unsafePathReason(%s)', (path, reason) => {
    expect(unsafePathReason(path)).toBe(reason);
  });
});

describe('file-name patterns', () => {
  it('the recorder preset: phone and Beijing time', () => {
    expect(compileNamePattern('recorder').match('通话录音 13812345678 20260302093005')).toEqual({
      phone: '13812345678',
      occurredAt: '2026-03-02T09:30:05+08:00',
    });
  });

  it('{date}_{rep}_{phone}', () => {
    const p = compileNamePattern('{date}_{rep}_{phone}');
    expect(p.match('2026-03-02_rep-zhang_138-1234-5678')).toEqual({
      repId: 'rep-zhang',
      phone: '138-1234-5678',
      occurredAt: '2026-03-02T00:00:00+08:00',
    });
    expect(p.match('会议纪要')).toBeUndefined();
    expect(p.match('20260230_rep_13812345678')).toBeUndefined();
  });

  it('an unknown token is an error listing the known ones', () => {
    expect(() => compileNamePattern('{date}_{salesman}')).toThrow(/\{salesman\} 无法识别；可用：\{rep\}/);
  });

  it.each([
    ['20260302', '093000', '2026-03-02T09:30:00+08:00'],
    ['2026-12-31', '23:59:59', '2026-12-31T23:59:59+08:00'],
    ['20261301', undefined, undefined],
  ])('occurredAt(%s, %s)', (date, time, iso) => {
    expect(occurredAt(date, time)).toBe(iso);
  });
});

describe('the CSV report', () => {
  it('BOM, quoting, and no formula injection', () => {
    const csv = renderImportCsv([
      { file: 'a,b.json', status: 'failed', reason: '=HYPERLINK("x")' },
      { file: 'c.json', status: 'imported', format: 'alibaba', callId: 'call-1' },
    ]);
    expect(csv).toBe(
      '\uFEFF文件,状态,格式,通话 ID,原因\r\n"a,b.json",失败,,,"\'=HYPERLINK(""x"")"\r\nc.json,已导入,alibaba,call-1,\r\n',
    );
  });
});
