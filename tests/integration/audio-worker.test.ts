import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../bin/config.js';
import { buildService, type Service } from '../../bin/service.js';
import { receiveUpload } from '../../pipeline/audio/audio-intake.js';
import {
  audioToolsAvailable,
  STAND_IN_SEGMENTS,
  silence,
  speak,
  standInRequests,
  stereo,
  tone,
  writeStandIn,
} from '../helpers/audio-fixtures.js';
import { createTestDatabase, REDIS_URL, serversAvailable, stopTestService } from '../helpers/services.js';

const tools = audioToolsAvailable('audio worker');
const servers = tools && (await serversAvailable('audio worker (PostgreSQL + BullMQ)'));

describe.each([
  ['embedded', tools],
  ['servers', servers],
] as const)('audio calls through the transcribe worker (%s)', (backend, available) => {
  const dir = mkdtempSync(join(tmpdir(), 'tingjian-audio-worker-'));
  let svc: Service;
  let drop: (() => Promise<void>) | undefined;
  const files: Record<string, string> = {};

  beforeAll(async () => {
    if (!available) return;
    const standIn = writeStandIn(
      dir,
      { 3: 'segfault', 4: 'hang', 5: 'garbage', 6: 'model_error' },
      STAND_IN_SEGMENTS,
    );
    const model = join(dir, 'ggml-stand-in.bin');
    writeFileSync(model, 'not a real model: the stand-in transcriber ignores it');
    const env: Record<string, string> = {
      DATA_DIR: dir,
      LOG_LEVEL: 'silent',
      WORKER_CONCURRENCY: '2',
      WHISPER_MODEL: model,
      WHISPER_BIN: standIn,
      TRANSCRIBE_TIMEOUT_MIN_MS: '1500',
      TRANSCRIBE_TIMEOUT_FACTOR: '0',
    };
    if (backend === 'servers') {
      const db = await createTestDatabase('tj_audio_worker');
      drop = db.drop;
      Object.assign(env, {
        DATABASE_URL: db.url,
        REDIS_URL,
        QUEUE_PREFIX: `tjaw-${randomUUID().slice(0, 8)}`,
      });
    }
    svc = await buildService(loadConfig(env), { role: 'all' });
    await svc.users.createUser({ name: '张伟', roles: ['rep'], externalId: 'rep-zhang' });
    await svc.startWorkers();
    const rep = speak('您好，我是华康医疗的小张，想跟您介绍一下腔镜系统。', join(dir, 'rep.wav'));
    const customer = speak('我们手术室空间太小了，价格也太贵。', join(dir, 'customer.wav'));
    files.stereo = stereo(rep, customer, join(dir, 'stereo.wav'), 5500, 24);
    files.stereoUnmapped = stereo(rep, customer, join(dir, 'stereo2.wav'), 5600, 25);
    files.mono = speak(
      '王主任您好，我是华康医疗的小张。你说吧，我们手术室空间太小了。',
      join(dir, 'mono.wav'),
    );
    files.segfault = tone(3, join(dir, 'tone3.wav'));
    files.hang = tone(4, join(dir, 'tone4.wav'));
    files.garbage = tone(5, join(dir, 'tone5.wav'));
    files.modelError = tone(6, join(dir, 'tone6.wav'));
    files.silent = silence(7, join(dir, 'silence.wav'));
    files.empty = join(dir, 'empty.amr');
    writeFileSync(files.empty, '');
    files.corrupt = join(dir, 'corrupt.wav');
    writeFileSync(
      files.corrupt,
      Buffer.concat([Buffer.from('RIFF\u0000\u0000\u0000\u0000WAVEjunk', 'latin1'), Buffer.alloc(3000, 9)]),
    );
  }, 120_000);

  afterAll(async () => {
    await stopTestService(svc);
    await drop?.();
    rmSync(dir, { recursive: true, force: true });
  });

  async function submit(file: string, extra: Record<string, unknown> = {}) {
    const upload = await receiveUpload(createReadStream(file), join(dir, 'audio'), 50 * 1024 * 1024);
    const { call } = await svc.service.submitAudio(
      {
        repId: 'rep-zhang',
        industry: 'medical_devices',
        occurredAt: '2026-05-01T10:00:00+08:00',
        ...extra,
      },
      upload,
    );
    return call.id;
  }
  /** Waits until every call is scored or failed (BullMQ's drain can miss a job between retries). */
  async function settled(ids: string[], timeoutMs = 45_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const calls = await Promise.all(ids.map((id) => svc.calls.find(id)));
      if (calls.every((c) => c?.status === 'scored' || (c?.status === 'failed' && c.failureReason))) return;
      if (Date.now() > deadline)
        throw new Error(`calls not settled: ${calls.map((c) => c?.status).join(', ')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const requestsFor = (seconds: number) =>
    standInRequests(dir).filter((r) => Math.round(r.durationMs / 1000) === seconds);

  it.skipIf(!available)(
    'crash, hang, garbage and a model error end only their own calls; good calls around them are scored',
    async () => {
      const bad = {
        segfault: await submit(files.segfault!),
        hang: await submit(files.hang!),
        garbage: await submit(files.garbage!),
        modelError: await submit(files.modelError!),
      };
      // Submitted while the bad ones are being tried: the worker keeps serving.
      const good = await submit(files.stereo!, { channels: { left: 'rep', right: 'customer' } });
      await settled([...Object.values(bad), good]);

      const status = async (id: string) => {
        const c = await svc.calls.find(id);
        return [c?.status, c?.failureReason, c?.progress];
      };
      expect(await status(bad.segfault)).toEqual([
        'failed',
        'transcribe: transcriber_crashed: 转写进程异常退出（信号 SIGSEGV）',
        null,
      ]);
      expect(await status(bad.hang)).toEqual([
        'failed',
        'transcribe: transcriber_timeout: 转写超时（超过 2 秒），已终止转写进程',
        null,
      ]);
      expect(await status(bad.garbage)).toEqual([
        'failed',
        'transcribe: transcriber_output: 转写程序的输出无法识别',
        null,
      ]);
      expect(await status(bad.modelError)).toEqual([
        'failed',
        'transcribe: model_unavailable: 语音模型无法加载：bad magic',
        null,
      ]);
      expect(await status(good)).toEqual(['scored', null, null]);
      // Crashes and hangs are retried (3 attempts); garbage and model errors are permanent at once.
      expect(requestsFor(3)).toHaveLength(3);
      expect(requestsFor(4)).toHaveLength(3);
      expect(requestsFor(5)).toHaveLength(1);
      expect(requestsFor(6)).toHaveLength(1);
      // The hung transcribers were killed, not left behind.
      const ps = execFileSync('ps', ['-eo', 'args']).toString();
      expect(ps.split('\n').filter((l) => l.includes(dir))).toEqual([]);
    },
    60_000,
  );

  it.skipIf(!available)(
    'stereo with a channel map: both sides merged by time, simplified, hallucinations dropped, analysed',
    async () => {
      const id = (await svc.calls.findByChecksum(await checksumOf(svc, files.stereo!)))!.id;
      const call = (await svc.calls.get(id))!;
      expect(call.utterances).toEqual([
        {
          id: 'u1',
          speaker: 'rep',
          start: 0,
          end: 4800,
          text: '王主任您好，我是华康医疗的小张，想跟您介绍一下我们的腔镜系统，您现在方便吗？',
        },
        {
          id: 'u2',
          speaker: 'customer',
          start: 5500,
          end: 8500,
          text: '方便，就是我们手术室空间限制太大了，价格也太贵。',
        },
        {
          id: 'u3',
          speaker: 'rep',
          start: 9000,
          end: 12_000,
          text: '理解，我们也有租赁方案，下周三我带样机过去给您演示，您看可以吗？',
        },
        { id: 'u4', speaker: 'customer', start: 12_500, end: 13_000, text: '可以。' },
      ]);
      const t = call.audio!.transcription as Record<string, unknown>;
      expect(t).toMatchObject({
        mode: 'stereo-map',
        parallel: true,
        threads: 1,
        engine: 'stand-in',
        language: 'zh',
      });
      expect((t.channels as { hallucinations: number }[]).map((c) => c.hallucinations)).toEqual([0, 2]);
      expect(t.prompt).toMatch(
        /^以下是一段普通话销售电话录音，请使用简体中文，并加上标点符号。本次通话涉及医疗器械，常见词汇：/,
      );
      const analysis = await svc.calls.getAnalysis(id);
      expect(call.status).toBe('scored');
      expect(analysis!.tags).toContain('price_sensitive');
      expect(analysis!.findings.some((f) => f.label === 'next_step')).toBe(true);
    },
  );

  it.skipIf(!available)(
    'stereo without a map: the channel roles are inferred from the text, with confidence',
    async () => {
      const id = await submit(files.stereoUnmapped!);
      await settled([id]);
      const call = (await svc.calls.get(id))!;
      expect(call.status).toBe('scored');
      expect(call.utterances.map((u) => u.speaker)).toEqual(['rep', 'customer', 'rep', 'customer']);
      const confidence = (call.audio!.transcription as { channelRoleConfidence: number })
        .channelRoleConfidence;
      expect(confidence).toBeGreaterThan(0.9);
      expect(call.utterances.every((u) => u.speakerConfidence === confidence)).toBe(true);
    },
  );

  it.skipIf(!available)(
    'mono: speakers assigned per segment from the text, low confidence counted',
    async () => {
      const id = await submit(files.mono!);
      await settled([id]);
      const call = (await svc.calls.get(id))!;
      expect(call.status).toBe('scored');
      expect(call.utterances.map((u) => [u.speaker, u.text])).toEqual([
        ['customer', '喂，你好，哪位？'],
        ['rep', '王主任您好，我是华康医疗的小张，想跟您介绍一下我们的腔镜系统，您现在方便吗？'],
        ['customer', '你说吧，我们手术室空间太小了，新设备放不下。'],
        ['rep', '理解，我们这套是壁挂式的，不占地面空间，三甲医院装了三十多台。'],
      ]);
      for (const u of call.utterances) expect(u.speakerConfidence).toBeGreaterThan(0.5);
      const t = call.audio!.transcription as { mode: string; lowConfidenceUtterances: number };
      expect(t.mode).toBe('mono');
      expect(t.lowConfidenceUtterances).toBe(
        call.utterances.filter((u) => u.speakerConfidence! < 0.7).length,
      );
      // One channel, the whole thread budget.
      const last = standInRequests(dir).at(-1)!;
      expect(last.pcm.endsWith('mix.pcm')).toBe(true);
    },
  );

  it.skipIf(!available)(
    'silent, empty and corrupt recordings fail with a readable reason, without a transcriber',
    async () => {
      const before = standInRequests(dir).length;
      const ids = [await submit(files.silent!), await submit(files.empty!), await submit(files.corrupt!)];
      await settled(ids);
      const reasons = await Promise.all(ids.map(async (id) => (await svc.calls.find(id))?.failureReason));
      expect(reasons).toEqual([
        'transcribe: audio_silent: 录音全程静音，没有可转写的声音',
        'transcribe: audio_empty: 录音文件为空（0 字节）',
        'transcribe: audio_corrupt: 录音文件已损坏或格式无法识别',
      ]);
      expect(standInRequests(dir).length).toBe(before);
    },
  );
});

async function checksumOf(_svc: Service, file: string): Promise<string> {
  const { createHash } = await import('node:crypto');
  const { readFileSync } = await import('node:fs');
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}
