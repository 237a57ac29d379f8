import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../models/errors.js';
import { parseTranscriptDraft } from '../../models/transcript.js';
import { decodeFile, detectFormat } from '../../pipeline/import/detect.js';
import { type ImportedUtterance, importTranscript, parseChannelMap } from '../../pipeline/import/index.js';
import { decodeText, parseClock, parseCsv } from '../../pipeline/import/table.adapter.js';
import { shippedLexicons } from '../helpers/runtime.js';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'import');
const read = (name: string) => new Uint8Array(readFileSync(join(DIR, name)));
const roleLexicon = shippedLexicons().get('medical_devices');

/** The call every fixture holds: roles, times (ms) and the first characters of each text. */
const CALL: [string, number, number, string][] = [
  ['customer', 300, 1500, '喂，哪位？'],
  ['rep', 1800, 7600, '王主任您好'],
  ['customer', 8000, 11800, '方便，你说吧'],
  ['rep', 12100, 17900, '明白，您说的空间'],
  ['customer', 18200, 23500, '主要是摆放'],
  ['rep', 23900, 31000, '理解，我们这款吊塔'],
  ['customer', 31400, 33800, '行，你周二上午来吧'],
];

function expectCall(utterances: readonly unknown[], times = true): void {
  const us = utterances as ImportedUtterance[];
  expect(us.map((u) => u.speaker)).toEqual(CALL.map((c) => c[0]));
  expect(us.map((u, i) => u.text.startsWith(CALL[i]![3]))).toEqual(CALL.map(() => true));
  if (times) expect(us.map((u) => [u.start, u.end])).toEqual(CALL.map((c) => [c[1], c[2]]));
}

async function load(name: string, extra: { channels?: string; format?: 'table' } = {}) {
  return importTranscript(read(name), {
    roleLexicon,
    ...(extra.channels ? { channels: parseChannelMap(extra.channels) } : {}),
    ...(extra.format ? { format: extra.format } : {}),
  });
}

async function importError(name: string): Promise<AppError> {
  try {
    await load(name);
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error(`${name} was accepted`);
}

describe('detection by content', () => {
  it.each([
    ['alibaba/two-channel.json', 'alibaba'],
    ['alibaba/no-speech.json', 'alibaba'],
    ['tencent/result-detail.json', 'tencent'],
    ['tencent/result-text-only.json', 'tencent'],
    ['iflytek/order-result.json', 'iflytek'],
    ['volcengine/bigmodel.json', 'volcengine'],
    ['table/gbk.csv', 'table'],
    ['../calls/tj-edu-01.json', 'tingjian'],
  ])('%s → %s', (file, format) => {
    expect(detectFormat(decodeFile(read(file)))).toBe(format);
  });

  it('names the supported formats for an unknown JSON shape', () => {
    const bytes = new TextEncoder().encode('{"segments":[{"start":0,"end":1,"text":"你好"}]}');
    expect(() => detectFormat(decodeFile(bytes))).toThrow(
      /无法识别的文件格式.*阿里云、腾讯云、讯飞或火山引擎/,
    );
  });

  it('reports malformed JSON', () => {
    expect(() => decodeFile(new TextEncoder().encode('{"Result": {'))).toThrow(/malformed JSON/);
  });
});

describe('Alibaba', () => {
  it('two channels: roles from the role model, vendor times and words kept', async () => {
    const t = await load('alibaba/two-channel.json');
    expect(t.format).toBe('alibaba');
    expect(t.taskId).toBe('2d1f6b3c8a4e11ef9b2d00163e0a1b2c');
    expect(t.roles?.source).toBe('inferred');
    expectCall(t.utterances);
    expect((t.utterances[5] as ImportedUtterance).text).toBe(
      '理解，我们这款吊塔是模块化的，能节省三成的地面空间，我下周带样册过来给您看看？',
    );
  });

  it('a channel map overrides the role model', async () => {
    const t = await load('alibaba/two-channel.json', { channels: '0=customer,1=rep' });
    expect(t.roles).toEqual({ source: 'map', confidence: 1 });
    expect((t.utterances as ImportedUtterance[]).map((u) => u.speaker)).toEqual(
      CALL.map((c) => (c[0] === 'rep' ? 'customer' : 'rep')),
    );
  });

  it('a channel map that misses an id found in the file is an error naming it', async () => {
    await expect(load('alibaba/two-channel.json', { channels: '0=rep' })).rejects.toThrow(
      /映射缺少 "1"（文件中出现的编号：1、0）/,
    );
  });

  it('single channel with diarisation: SpeakerId, not ChannelId, tells speakers apart', async () => {
    const t = await load('alibaba/diarised-mono.json');
    expectCall(t.utterances);
  });

  it('no speech at all is an error, not an empty call', async () => {
    const err = await importError('alibaba/no-speech.json');
    expect(err.message).toMatch(/阿里云录音文件识别结果中没有任何有文字的句子/);
  });

  it('a failed task is reported with its status', async () => {
    const bytes = new TextEncoder().encode(
      JSON.stringify({ TaskId: 'x', StatusText: 'FILE_DOWNLOAD_FAILED', StatusCode: 41050002 }),
    );
    await expect(importTranscript(bytes, { roleLexicon })).rejects.toThrow(
      /StatusText: 识别任务未成功（FILE_DOWNLOAD_FAILED，41050002）/,
    );
  });

  it('a sentence without a time names the field', async () => {
    const bytes = new TextEncoder().encode(
      JSON.stringify({
        StatusText: 'SUCCESS',
        Result: { Sentences: [{ ChannelId: 0, EndTime: 900, Text: '你好' }] },
      }),
    );
    await expect(importTranscript(bytes, { roleLexicon })).rejects.toThrow(
      /Result\.Sentences\[0\]\.BeginTime: 开始时间缺失或不是非负数/,
    );
  });
});

describe('Tencent', () => {
  it('ResultDetail inside Response.Data', async () => {
    const t = await load('tencent/result-detail.json');
    expect(t.taskId).toBe('1578917890');
    expectCall(t.utterances);
  });

  it('overlapping channels stay overlapping, in start order', async () => {
    const t = await load('tencent/overlap.json');
    const us = t.utterances as ImportedUtterance[];
    expect(us.map((u) => [u.speaker, u.start, u.end])).toEqual([
      ['rep', 0, 9000],
      ['customer', 4000, 6000],
      ['rep', 9200, 14000],
      ['customer', 13500, 15500],
    ]);
    expect(
      parseTranscriptDraft({ repId: 'r', occurredAt: '2026-03-02T09:30:00+08:00', utterances: us })
        .utterances,
    ).toHaveLength(4);
  });

  it('without ResultDetail the Result lines are read (minutes:seconds)', async () => {
    const t = await load('tencent/result-text-only.json');
    expectCall(t.utterances);
  });
});

describe('iFlytek', () => {
  it('orderResult and json_1best are JSON strings inside JSON; words joined, markers dropped', async () => {
    const t = await load('iflytek/order-result.json');
    expect(t.taskId).toBe('DKHJQ2026120509300001A2B3C4D5E6F0008C');
    expectCall(t.utterances);
    expect((t.utterances[0] as ImportedUtterance).text).toBe('喂，哪位？');
  });

  it('single channel without role separation (rl "0"): the mono role model decides per sentence', async () => {
    const t = await load('iflytek/single-role.json');
    expect(t.roles?.source).toBe('inferred');
    const speakers = (t.utterances as ImportedUtterance[]).map((u) => u.speaker);
    // Text cues alone: the rep's short clarifying question (4th) reads like the customer's.
    const right = speakers.filter((s, i) => s === CALL[i]![0]).length;
    expect(right).toBeGreaterThanOrEqual(6);
    expect(speakers.slice(0, 3)).toEqual(['customer', 'rep', 'customer']);
  });

  it('a json_1best that is not JSON names its place', async () => {
    const doc = {
      code: '000000',
      content: { orderResult: JSON.stringify({ lattice: [{ json_1best: '{"st":' }] }) },
    };
    await expect(
      importTranscript(new TextEncoder().encode(JSON.stringify(doc)), { roleLexicon }),
    ).rejects.toThrow(/lattice\[0\]\.json_1best: 不是合法的 JSON 字符串/);
  });
});

describe('Volcengine', () => {
  it('result.utterances with additions.speaker', async () => {
    const t = await load('volcengine/bigmodel.json');
    expect(t.timeUnit).toBe('ms');
    expectCall(t.utterances);
  });

  it.each(['volcengine/seconds.json'])('fractional seconds become milliseconds (%s)', async (file) => {
    const t = await load(file);
    expect(t.timeUnit).toBe('s');
    expectCall(t.utterances);
  });

  it('whole seconds are recognised by the impossible speech rate as milliseconds', async () => {
    const t = await load('volcengine/whole-seconds.json');
    expect(t.timeUnit).toBe('s');
    const us = t.utterances as ImportedUtterance[];
    expect(us.map((u) => u.start)).toEqual([0, 1000, 8000, 12000, 18000, 23000, 31000]);
    expectCall(us, false);
  });

  it('empty and blank utterances are dropped', async () => {
    const t = await load('volcengine/with-empty.json');
    expect(t.utterances).toHaveLength(7);
    expectCall(t.utterances);
  });
});

describe('tables', () => {
  it.each(['table/utf8.csv', 'table/gbk.csv'])('%s: role words and clock times', async (file) => {
    const t = await load(file);
    expect(t.roles?.source).toBe('label');
    expectCall(t.utterances);
  });

  it('speaker letters and milliseconds without an end column', async () => {
    const t = await load('table/speaker-ids.csv');
    const us = t.utterances as ImportedUtterance[];
    expectCall(us, false);
    // Each ends where the next starts; the last has no successor and no known unit.
    expect(us.map((u) => u.end)).toEqual([1800, 8000, 12100, 18200, 23900, 31400, 31400]);
  });

  it('an Excel workbook', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('通话');
    ws.addRow(['时间', '角色', '内容']);
    for (const [role, start, , text] of CALL)
      ws.addRow([start / 1000, role === 'rep' ? '销售' : '客户', text]);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const t = await importTranscript(bytes, { roleLexicon });
    expect(t.format).toBe('table');
    expect(t.timeUnit).toBe('s');
    expect((t.utterances as ImportedUtterance[]).map((u) => [u.speaker, u.start])).toEqual(
      CALL.map((c) => [c[0], c[1]]),
    );
  });

  it('a header without a text column is an error naming the missing column', async () => {
    const bytes = new TextEncoder().encode('开始时间,说话人\n00:00:01,客户\n');
    await expect(importTranscript(bytes, { roleLexicon })).rejects.toThrow(/第 1 行（表头）: 缺少列：内容/);
  });

  it('GBK bytes decode, UTF-8 stays UTF-8', () => {
    expect(decodeText(new Uint8Array([0xc4, 0xe3, 0xba, 0xc3]))).toBe('你好');
    expect(decodeText(new TextEncoder().encode('你好'))).toBe('你好');
  });

  it('CSV quotes, doubled quotes and newlines inside quotes', () => {
    expect(parseCsv('a,"b,""c""\nd"\r\n1,2\n')).toEqual([
      ['a', 'b,"c"\nd'],
      ['1', '2'],
    ]);
  });

  it.each([
    ['00:01:02.500', 62_500],
    ['1:02', 62_000],
    ['[00:00:03,250]', 3_250],
    ['62.5', undefined],
  ])('clock %s → %s ms', (cell, ms) => {
    expect(parseClock(cell)).toBe(ms);
  });
});
