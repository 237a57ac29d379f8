import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../bin/config.js';
import { buildService, type Service } from '../../bin/service.js';
import { receiveUpload } from '../../pipeline/audio/audio-intake.js';
import { nodeScript } from '../../pipeline/audio/child-process.js';
import { decodeToPcm } from '../../pipeline/audio/ffmpeg.runner.js';
import { TranscriberPool } from '../../pipeline/audio/transcriber.pool.js';
import { PROTOCOL_VERSION, type TranscribeRequest } from '../../pipeline/audio/transcriber.protocol.js';
import { runTranscriber } from '../../pipeline/audio/transcriber.runner.js';
import {
  audioToolsAvailable,
  speak,
  TEST_MODEL,
  testModelAvailable,
  whisperBindingAvailable,
} from '../helpers/audio-fixtures.js';

/**
 * The real whisper.cpp code path (@fugood/whisper.node in our host process) on whisper.cpp's
 * weightless test model: it loads, computes and returns no segments. The native load log proves
 * the real library ran (a stub could not print whisper.cpp's own report).
 */
const available =
  audioToolsAvailable('whisper.cpp') &&
  testModelAvailable('whisper.cpp') &&
  whisperBindingAvailable('whisper.cpp');

describe.skipIf(!available)('whisper.cpp through the transcriber host (weightless test model)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tingjian-whisper-'));
  let svc: Service | undefined;
  afterAll(async () => {
    await svc?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads the model in a child process, reports progress and returns no segments', async () => {
    const wav = speak('您好，我是华康医疗的小张。', join(dir, 'speech.wav'));
    const [pcm] = await decodeToPcm(wav, dir, 'mix', { timeoutMs: 60_000 });
    const progress: number[] = [];
    const run = await runTranscriber(
      nodeScript('whisper.host'),
      {
        protocol: PROTOCOL_VERSION,
        pcm: pcm!,
        sampleRate: 16_000,
        durationMs: 2000,
        model: TEST_MODEL,
        language: 'zh',
        prompt: '以下是普通话。',
        threads: 2,
      },
      { timeoutMs: 240_000, onProgress: (p) => progress.push(p) },
    );
    const log = run.logs.map((l) => `${l.level}: ${l.text}`);
    expect(log).toContain(
      `info: whisper_init_from_file_with_params_no_state: loading model from '${TEST_MODEL}'`,
    );
    expect(log).toContain('info: whisper_model_load: type          = 1 (tiny)');
    expect(log).toContain(
      'warn: whisper_model_load: WARN no tensors loaded from model file - assuming empty model for testing',
    );
    expect(run.segments).toEqual([]);
    expect(run.language).toBe('zh');
    expect(run.engine).toBe('whisper.cpp via @fugood/whisper.node');
    expect(progress.at(-1)).toBe(100);
    expect(run.whisperMs).toBeGreaterThan(0);
  }, 300_000);

  it('a warm host loads the model once and serves two requests, each carrying the load report', async () => {
    const pcm = join(dir, 'half-second.pcm');
    writeFileSync(pcm, Buffer.alloc(16_000));
    const pool = new TranscriberPool({
      command: nodeScript('whisper.host'),
      model: TEST_MODEL,
      keep: 1,
      startTimeoutMs: 120_000,
    });
    let pid: number | undefined;
    try {
      await pool.warm();
      [pid] = pool.pids();
      const request: TranscribeRequest = {
        protocol: PROTOCOL_VERSION,
        pcm,
        sampleRate: 16_000,
        durationMs: 500,
        model: TEST_MODEL,
        language: 'zh',
        prompt: '',
        threads: 2,
      };
      for (let i = 0; i < 2; i++) {
        const run = await pool.run(request, { timeoutMs: 240_000 });
        expect(pool.pids()).toEqual([pid]);
        expect(run.loadMs).toBe(0);
        expect(run.segments).toEqual([]);
        expect(run.logs.map((l) => `${l.level}: ${l.text}`)).toContain(
          'warn: whisper_model_load: WARN no tensors loaded from model file - assuming empty model for testing',
        );
      }
    } finally {
      await pool.close();
    }
    expect(() => process.kill(pid!, 0)).toThrow(); // the host is gone
  }, 300_000);

  it('a missing model fails at worker start with a clear error; a present one runs and says no speech', async () => {
    const bad = await buildService(
      loadConfig({
        DATA_DIR: join(dir, 'bad'),
        LOG_LEVEL: 'silent',
        WHISPER_MODEL: join(dir, 'ggml-absent.bin'),
      }),
      { role: 'all' },
    );
    await expect(bad.startWorkers()).rejects.toThrow(/WHISPER_MODEL .*ggml-absent\.bin does not exist/);
    await bad.close();

    svc = await buildService(
      loadConfig({ DATA_DIR: join(dir, 'ok'), LOG_LEVEL: 'silent', WHISPER_MODEL: TEST_MODEL }),
      {
        role: 'all',
      },
    );
    await svc.users.createUser({ name: '张伟', roles: ['rep'], externalId: 'rep-zhang' });
    await svc.startWorkers();
    const wav = speak('价格太贵了。', join(dir, 'mono.wav'));
    const upload = await receiveUpload(createReadStream(wav), join(dir, 'ok', 'audio'), 10_000_000);
    const { call } = await svc.service.submitAudio(
      { repId: 'rep-zhang', industry: 'medical_devices', occurredAt: '2026-05-01T10:00:00+08:00' },
      upload,
    );
    await svc.queue.drain();
    const done = await svc.calls.find(call.id);
    expect(done?.status).toBe('failed');
    expect(done?.failureReason).toBe(
      'transcribe: no_speech: 录音中未识别到任何语音内容（所配置的模型没有权重，是测试模型）',
    );
  }, 300_000);
});
