import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ZipArchive } from '../../services/import/zip.reader.js';
import { isJunk } from '../../web/src/lib/dropped-files.js';
import { importErrorText, importReasonText } from '../../web/src/lib/import-zh.js';
import { buildStoredZip, crc32, crc32OfBlob } from '../../web/src/lib/stored-zip.js';

const dir = mkdtempSync(join(tmpdir(), 'tj-web-zip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const bytes = (s: string) => new TextEncoder().encode(s);

describe('the browser zip writer, read back by the server reader', () => {
  it('CRC-32 of the check string, whole, continued over two parts, and of a Blob read in chunks', async () => {
    expect(crc32(bytes('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    expect(crc32(bytes('6789'), crc32(bytes('12345')))).toBe(0xcbf43926);
    const big = new Uint8Array(300_000).map((_, i) => (i * 7) & 0xff);
    expect(await crc32OfBlob(new Blob([big.slice(0, 100_000), big.slice(100_000)]))).toBe(crc32(big));
  });

  it('a folder of Chinese-named files: names, bytes and Beijing times as written, nothing refused', async () => {
    const when = new Date('2026-11-02T01:30:10.000Z'); // 09:30:10 in Beijing
    const blob = buildStoredZip([
      { path: '十一月/20261101_rep-zhao_13800000001.json', data: bytes('{"a":1}'), mtime: when },
      {
        path: '十一月/录音/通话录音 13800000002 20261102093010.mp3',
        data: new Uint8Array([0, 255, 7]),
        mtime: when,
      },
      { path: 'empty.json', data: new Uint8Array(0), mtime: when },
      // A file as the browser's picker gives it: referred to, with its CRC read beforehand.
      { path: '文件.json', data: new Blob(['{"b":2}']), crc: crc32(bytes('{"b":2}')), mtime: when },
    ]);
    const file = join(dir, 'folder.zip');
    writeFileSync(file, Buffer.from(await blob.arrayBuffer()));
    const zip = ZipArchive.open(file);
    try {
      const { entries } = zip;
      expect(entries.map((e) => [e.name, e.refused])).toEqual([
        ['十一月/20261101_rep-zhao_13800000001.json', undefined],
        ['十一月/录音/通话录音 13800000002 20261102093010.mp3', undefined],
        ['empty.json', undefined],
        ['文件.json', undefined],
      ]);
      expect(entries.map((e) => e.mtime.toISOString())).toEqual([
        '2026-11-02T01:30:10.000Z',
        '2026-11-02T01:30:10.000Z',
        '2026-11-02T01:30:10.000Z',
        '2026-11-02T01:30:10.000Z',
      ]);
      const read = (i: number) => zip.read(entries[i]!);
      expect(read(0).toString()).toBe('{"a":1}');
      expect([...read(1)]).toEqual([0, 255, 7]);
      expect(read(2).length).toBe(0);
      expect(read(3).toString()).toBe('{"b":2}');
    } finally {
      zip.close();
    }
  });
});

describe('what the bulk import shows', () => {
  it('leaves out hidden files a folder carries', () => {
    expect(['a/.DS_Store', '__MACOSX/._a.json', 'a/Thumbs.db', 'a/b.json'].filter((p) => !isJunk(p))).toEqual(
      ['a/b.json'],
    );
  });

  it('each failure reason in Chinese, command-line hints turned into what the page offers', () => {
    expect(importReasonText('[invalid_input] malformed JSON: Unexpected end of JSON input')).toBe(
      '文件不是有效的 JSON（内容损坏或不完整）',
    );
    expect(
      importReasonText(
        '[invalid_input] 无法识别的文件格式：不是听见转写稿，也不是阿里云、腾讯云、讯飞或火山引擎的识别结果（可用 --format 指定格式）',
      ),
    ).toBe('无法识别的文件格式：不是听见转写稿，也不是阿里云、腾讯云、讯飞或火山引擎的识别结果');
    expect(importReasonText('[invalid_input] 录音无法从文字推断行业，请用 --industry 指定')).toBe(
      '录音无法从文字推断行业，请在导入前选择行业',
    );
    expect(
      importReasonText('[invalid_input] 缺少销售代表：请用 --rep 指定，或用 --name 从文件名读取 {rep}'),
    ).toBe('缺少销售代表：请在「文件名格式」中选择含销售的格式，或由销售本人导入');
    expect(
      importReasonText(
        '[invalid_input] 文件名中没有销售代表（模式「通话录音 {phone} {yyyyMMddHHmmss}」无 {rep}），请用 --rep 指定',
      ),
    ).toBe('文件名中没有销售代表，请在「文件名格式」中选择含销售的格式，或由销售本人导入');
    expect(importReasonText('路径含 “..”（越出导入目录），已拒绝')).toBe(
      '路径含 “..”（越出导入目录），已拒绝',
    );
    expect(importReasonText('[forbidden] rep rep-qian is not yours')).toBe('你没有权限进行这个操作');
    expect(importReasonText('ENOENT: no such file')).toBe('无法导入这个文件');
    expect(importErrorText('archive is not a zip')).toBe('导入中止：压缩包无法读取或超过上限');
    expect(importErrorText('不是 zip 文件，或文件已损坏（找不到目录）')).toBe(
      '导入中止：压缩包无法读取或超过上限',
    );
  });
});
