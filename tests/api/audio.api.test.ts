import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../bin/config.js';
import { buildService, type Service } from '../../bin/service.js';
import { probeAudio } from '../../pipeline/audio/ffmpeg.runner.js';
import { audioToolsAvailable, ffmpeg, speak, tone, writeStandIn } from '../helpers/audio-fixtures.js';

const tools = audioToolsAvailable('audio API');

describe.skipIf(!tools)('POST /v1/calls with a recording (multipart)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tingjian-audio-api-'));
  let svc: Service;
  let app: ReturnType<Service['app']>;
  const tokens: Record<string, string> = {};
  const files: Record<string, string> = {};
  const auth = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });

  beforeAll(async () => {
    const standIn = writeStandIn(
      dir,
      { 2: 'held' }, // the 2-second tone waits for `release`: the progress test sees it mid-run
      {
        'mix.pcm': [
          { start: 0, end: 1500, text: '王主任您好，我是华康医疗的小张。' },
          { start: 1800, end: 3200, text: '价格太贵了，我们预算不够。' },
        ],
      },
    );
    const model = join(dir, 'ggml-stand-in.bin');
    writeFileSync(model, 'stand-in');
    svc = await buildService(
      loadConfig({
        DATA_DIR: dir,
        LOG_LEVEL: 'silent',
        WHISPER_MODEL: model,
        WHISPER_BIN: standIn,
        MAX_AUDIO_BYTES: String(300_000),
        MAX_AUDIO_SECONDS: '20',
      }),
      { role: 'all' },
    );
    await svc.startWorkers();
    app = svc.app();
    for (const [name, roles, externalId] of [
      ['zhang', ['rep'], 'rep-zhang'],
      ['li', ['rep'], 'rep-li'],
      ['admin', ['admin'], null],
    ] as const) {
      const u = await svc.users.createUser({ name, roles: [...roles], externalId });
      tokens[name] = (await svc.users.issueToken(u.id)).token;
    }
    const speech = speak('王主任您好，我是华康医疗的小张。价格太贵了。', join(dir, 'speech.wav'));
    files.mp3 = ffmpeg(['-i', speech], join(dir, 'call.mp3'), ['-c:a', 'libmp3lame', '-b:a', '32k']);
    files.big = tone(10, join(dir, 'big.wav')); // 320 KB of 16 kHz PCM
    files.long = ffmpeg(['-f', 'lavfi', '-i', 'sine=frequency=300:duration=30'], join(dir, 'long.mp3'), [
      '-b:a',
      '16k',
    ]);
    files.png = join(dir, 'photo.mp3');
    writeFileSync(
      files.png,
      Buffer.concat([Buffer.from([0x89]), Buffer.from('PNG\r\n\u001a\n'), Buffer.alloc(200)]),
    );
  }, 120_000);
  afterAll(async () => {
    await svc.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (who: string) =>
    request(app)
      .post('/v1/calls')
      .set(auth(who))
      .field('industry', 'medical_devices')
      .field('occurredAt', '2026-05-01T10:00:00+08:00');

  it('201 and queued; stored by content hash, never under the client’s name; the same recording again is 200', async () => {
    const res = await post('zhang')
      .field('repId', 'rep-zhang')
      .field('customer', JSON.stringify({ name: '王主任', company: '某市人民医院', tier: 'B' }))
      .attach('audio', files.mp3!, { filename: '../../../etc/王主任.wav', contentType: 'audio/wav' });
    expect(res.status).toBe(201);
    expect(res.body.created).toBe(true);
    const sha = createHash('sha256').update(readFileSync(files.mp3!)).digest('hex');
    expect(res.body.call).toMatchObject({
      source: 'audio',
      status: 'queued',
      customer: { name: '王主任', company: '某市人民医院', tier: 'B' },
      audio: {
        sha256: sha,
        path: `${sha.slice(0, 2)}/${sha}.mp3`,
        format: 'mp3',
        channels: 1,
        channelMap: null,
      },
    });
    expect(res.body.call.audio.durationMs).toBe((await probeAudio(files.mp3!)).durationMs);
    expect(existsSync(join(dir, 'audio', sha.slice(0, 2), `${sha}.mp3`))).toBe(true);
    expect(readdirSync(join(dir, 'audio', '.incoming'))).toEqual([]);

    const again = await post('zhang')
      .field('repId', 'rep-zhang')
      .attach('audio', files.mp3!, { filename: 'another-name.amr' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ created: false, call: { id: res.body.call.id } });

    await svc.queue.drain();
    const got = await request(app).get(`/v1/calls/${res.body.call.id}`).set(auth('zhang'));
    expect(got.status).toBe(200);
    expect(got.body.call).toMatchObject({ status: 'scored', progress: null, source: 'audio' });
    expect(got.body.utterances.map((u: { speaker: string; text: string }) => [u.speaker, u.text])).toEqual([
      ['rep', '王主任您好，我是华康医疗的小张。'],
      ['customer', '价格太贵了，我们预算不够。'],
    ]);
    for (const u of got.body.utterances) expect(u.speakerConfidence).toBeGreaterThan(0.5);
    expect(got.body.call.audio.transcription).toMatchObject({ mode: 'mono', language: 'zh' });

    // The player gets the stored recording, byte for byte, with Range support; others get 404.
    const audio = await request(app)
      .get(`/v1/calls/${res.body.call.id}/audio`)
      .set(auth('zhang'))
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(audio.status).toBe(200);
    expect(audio.headers['content-type']).toBe('audio/mpeg');
    expect(
      createHash('sha256')
        .update(audio.body as Buffer)
        .digest('hex'),
    ).toBe(sha);
    const part = await request(app)
      .get(`/v1/calls/${res.body.call.id}/audio`)
      .set(auth('zhang'))
      .set('Range', 'bytes=0-99');
    expect(part.status).toBe(206);
    expect(part.headers['content-length']).toBe('100');
    expect((await request(app).get(`/v1/calls/${res.body.call.id}/audio`).set(auth('li'))).status).toBe(404);
  });

  it('shows progress while the transcription runs', async () => {
    const id = (
      await post('zhang')
        .field('repId', 'rep-zhang')
        .attach('audio', tone(2, join(dir, 'tone2.wav')))
    ).body.call.id as string;
    // The stand-in holds this recording after reporting 10 %: the call is mid-transcription until
    // the test releases it, so neither the worker's writes nor its end race the reads below.
    const view = async () => (await request(app).get(`/v1/calls/${id}`).set(auth('zhang'))).body.call;
    const until = Date.now() + 30_000;
    let seen = await view();
    while (!(seen.status === 'transcribing' && typeof seen.progress === 'number' && seen.progress > 0)) {
      if (Date.now() > until) throw new Error(`no progress while transcribing: ${JSON.stringify(seen)}`);
      await new Promise((r) => setTimeout(r, 20));
      seen = await view();
    }
    expect(seen.progress).toBeLessThan(100);
    await svc.calls.setProgress(id, 1, 42.4);
    expect(await view()).toMatchObject({ status: 'transcribing', progress: 42 });
    writeFileSync(join(dir, 'release'), '');
    await svc.queue.drain();
    expect(await view()).toMatchObject({ status: 'scored', progress: null });
  });

  it('415 names the detected type; 413 past MAX_AUDIO_BYTES; 422 past MAX_AUDIO_SECONDS', async () => {
    const png = await post('zhang').field('repId', 'rep-zhang').attach('audio', files.png!);
    expect(png.status).toBe(415);
    expect(png.body.error).toMatchObject({
      code: 'unsupported_media_type',
      details: { detected: 'png', mime: 'image/png' },
    });
    expect(png.body.error.message).toMatch(/^不支持的文件类型：png/);

    const big = await post('zhang').field('repId', 'rep-zhang').attach('audio', files.big!);
    expect(big.status).toBe(413);
    expect(big.body.error).toMatchObject({ code: 'payload_too_large', details: { maxBytes: 300_000 } });

    const long = await post('zhang').field('repId', 'rep-zhang').attach('audio', files.long!);
    expect(long.status).toBe(422);
    expect(long.body.error.message).toMatch(/^录音时长 1 分钟，超过上限 0 分钟/);
    expect(long.body.error.details).toMatchObject({ maxSeconds: 20 });
    expect(readdirSync(join(dir, 'audio', '.incoming'))).toEqual([]);
  });

  it('400 for a form without a recording or with bad metadata, naming the fields', async () => {
    const none = await post('zhang').field('repId', 'rep-zhang');
    expect(none.status).toBe(400);
    expect(none.body.error.details.problems).toEqual([
      { path: 'audio', message: 'attach the recording as the file field "audio"' },
    ]);
    const bad = await request(app)
      .post('/v1/calls')
      .set(auth('zhang'))
      .field(
        'metadata',
        JSON.stringify({
          repId: 'rep-zhang',
          industry: 'medical_devices',
          occurredAt: 'yesterday',
          channels: { left: 'rep', right: 'rep' },
        }),
      )
      .attach('audio', files.mp3!);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.problems.map((p: { path: string }) => p.path)).toEqual([
      'occurredAt',
      'channels',
    ]);
    const unknown = await post('admin')
      .field('repId', 'rep-zhang')
      .field('industry', 'aerospace')
      .attach('audio', files.mp3!);
    expect(unknown.status).toBe(422);
  });

  it('403 when a rep uploads another rep’s call; 415 for a body that is neither JSON nor multipart', async () => {
    const other = await post('zhang').field('repId', 'rep-li').attach('audio', files.mp3!);
    expect(other.status).toBe(403);
    const text = await request(app)
      .post('/v1/calls')
      .set(auth('zhang'))
      .set('Content-Type', 'text/plain')
      .send('hi');
    expect(text.status).toBe(415);
  });

  it('documents the multipart upload in the OpenAPI description', async () => {
    const doc = (await request(app).get('/v1/openapi.json')).body;
    expect(Object.keys(doc.paths['/v1/calls'].post.requestBody.content)).toEqual([
      'application/json',
      'multipart/form-data',
    ]);
    // industry is optional: absent or `auto`, the transcript decides it.
    expect(doc.components.schemas.AudioCallMetadata.required).toEqual(['repId', 'occurredAt']);
  });
});

describe.skipIf(!tools)('a transcript-only deployment (no WHISPER_MODEL)', () => {
  it('answers 415 to a recording (transcripts only), 400 to a form without one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tingjian-audio-none-'));
    const svc = await buildService(loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' }), { role: 'all' });
    try {
      const u = await svc.users.createUser({ name: 'a', roles: ['admin'] });
      const token = (await svc.users.issueToken(u.id)).token;
      const res = await request(svc.app())
        .post('/v1/calls')
        .set('Authorization', `Bearer ${token}`)
        .field('repId', 'x')
        .attach('audio', Buffer.from('RIFF\u0000\u0000\u0000\u0000WAVE', 'latin1'), 'a.wav');
      expect(res.status).toBe(415);
      expect(res.body.error).toMatchObject({
        code: 'unsupported_media_type',
        message: '此部署未配置语音识别（WHISPER_MODEL），只能提交文字转写稿（application/json）',
      });
      const noFile = await request(svc.app())
        .post('/v1/calls')
        .set('Authorization', `Bearer ${token}`)
        .field('repId', 'x');
      expect(noFile.status).toBe(400);
    } finally {
      await svc.close();
      rmSync(dir, { recursive: true, force: true });
    }
    // A whole service is built here (database, lexicons, workers), as in the beforeAll above.
  }, 120_000);
});
