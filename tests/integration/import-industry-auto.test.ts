import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { importCommand } from '../../bin/commands/import.command.js';
import { loadConfig } from '../../bin/config.js';
import { buildService, type Service } from '../../bin/service.js';
import type { Call } from '../../models/call.repository.js';
import { audioToolsAvailable, ffmpeg, speak, writeStandIn } from '../helpers/audio-fixtures.js';

const tools = audioToolsAvailable('import --industry auto');

type Segment = { start: number; end: number; text: string };
// Our own lines. A seller of commercial energy storage: new_energy, clearly.
const STORAGE: Segment[] = [
  { start: 0, end: 2200, text: '刘总您好，我们这边主要做工商业储能柜，配套光伏逆变器。' },
  { start: 2400, end: 4200, text: '我们厂峰谷价差确实大，电费压力不小。' },
];
// One pharma product word and one medical-device product word, nothing else: a tie.
const TIE: Segment[] = [
  { start: 0, end: 2200, text: '您好，我们公司既代理仿制药，也卖牙片机。' },
  { start: 2400, end: 4200, text: '哦，那你先把资料发过来吧。' },
];
const ownFormat = (segments: Segment[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    ...extra,
    utterances: segments.map((s, i) => ({ id: `u${i + 1}`, speaker: i % 2 ? 'customer' : 'rep', ...s })),
  });

/**
 * `tingjian import <folder> --industry auto` (refused before as an unknown industry): each call's
 * industry comes from its file when the file names one, else from its words, a recording's after
 * transcription; a call too close to call is stored as 待确认行业 with both candidates and listed
 * at the end, and the import does not fail for it.
 */
describe.skipIf(!tools)('tingjian import --industry auto', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tingjian-import-auto-'));
  const folder = join(dir, 'calls');
  const config = () =>
    loadConfig({
      DATA_DIR: join(dir, 'data'),
      LOG_LEVEL: 'silent',
      WHISPER_MODEL: join(dir, 'ggml-stand-in.bin'),
      WHISPER_BIN: join(dir, 'stand-in-transcriber.mjs'),
      SECOND_STAGE_MODEL: 'off',
    });
  let svc: Service | undefined;

  beforeAll(async () => {
    mkdirSync(folder, { recursive: true });
    // The stand-in transcribes every mono recording as the tie.
    writeStandIn(dir, {}, { 'mix.pcm': TIE });
    writeFileSync(join(dir, 'ggml-stand-in.bin'), 'stand-in');
    writeFileSync(join(folder, 'storage.json'), ownFormat(STORAGE));
    writeFileSync(join(folder, 'tie.json'), ownFormat(TIE));
    // A file that names its industry keeps it: auto forces nothing.
    writeFileSync(join(folder, 'named.json'), ownFormat(STORAGE, { industry: 'pharma' }));
    ffmpeg(
      ['-i', speak(TIE.map((s) => s.text).join(''), join(dir, 'tie.wav'))],
      join(folder, 'tie-recording.mp3'),
      ['-c:a', 'libmp3lame', '-b:a', '32k'],
    );
    const setup = await buildService(config(), { role: 'serve' });
    await setup.users.createUser({ name: '张敏', roles: ['rep'], externalId: 'rep-zhang' });
    await setup.close();
  }, 180_000);

  afterAll(async () => {
    await svc?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports every file, infers or keeps the industry, and lists the 待确认行业 calls with both candidates', async () => {
    const printed: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => {
      printed.push(a.join(' '));
    });
    const report = join(dir, 'report.csv');
    let code: number;
    try {
      code = await importCommand(
        [folder],
        { industry: 'auto', rep: 'rep-zhang', date: '2026-11-20', report },
        config(),
      );
    } finally {
      log.mockRestore();
    }
    expect(code).toBe(0);
    const csv = readFileSync(report, 'utf8');
    for (const f of ['storage.json', 'tie.json', 'named.json', 'tie-recording.mp3'])
      expect(csv).toMatch(new RegExp(`${f.replace('.', '\\.')},已导入`));

    svc = await buildService(config(), { role: 'serve' });
    const all = (await svc.calls.list({ limit: 10 })).items;
    const byKind = (source: string, status: string) =>
      all.filter((c) => c.source === source && c.status === status);
    const scored = byKind('transcript', 'scored');
    expect(scored.map((c) => [c.industry, c.industrySource]).sort()).toEqual([
      ['new_energy', 'inferred'],
      ['pharma', 'given'],
    ]);
    const waiting = [...byKind('transcript', 'needs_industry'), ...byKind('audio', 'needs_industry')];
    expect(waiting).toHaveLength(2);
    for (const call of waiting) {
      const inference = call.industryInference as { decided: boolean; candidates: { industry: string }[] };
      expect(inference.decided).toBe(false);
      expect(inference.candidates.slice(0, 2).map((c) => c.industry)).toEqual(['medical_devices', 'pharma']);
    }

    const text = printed.join('\n');
    expect(text).toContain('待确认行业 2 通：已保存，选择行业后再分析');
    const lines = text.split('\n').filter((l) => l.includes('候选：'));
    expect(lines.map((l) => l.trim().split(/\s+/)[0])).toEqual(['tie-recording.mp3', 'tie.json']);
    const audio = waiting.find((c: Call) => c.source === 'audio')!;
    expect(lines[0]).toMatch(
      new RegExp(`${audio.id}  候选：医疗器械（medical_devices）\\d+% / 医药（pharma）\\d+%`),
    );
    await svc.close();
    svc = undefined;
  }, 300_000);

  it('still refuses an industry that does not exist, naming it', async () => {
    await expect(
      importCommand([folder], { industry: 'aerospace', rep: 'rep-zhang' }, config()),
    ).rejects.toThrow(/aerospace/);
  }, 120_000);
});
