import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { loadConfig } from '../../bin/config.js';
import { buildService, type Service } from '../../bin/service.js';
import { isEncryptedAudio } from '../../pipeline/audio/audio-crypto.js';
import { JobName, jobIdOf } from '../../pipeline/queue.js';
import { audioToolsAvailable, ffmpeg, speak, writeStandIn } from '../helpers/audio-fixtures.js';

const tools = audioToolsAvailable('encrypted audio API');
const KEY = Buffer.alloc(32, 0x5a).toString('base64');
const OTHER_KEY = 'c3'.repeat(32);

/**
 * TINGJIAN_AUDIO_KEY end to end: the stored recording is ciphertext, transcription and the
 * player get the recording byte for byte; the same data folder under another key or none gives
 * a clear error on download and on transcription, never noise.
 */
describe.skipIf(!tools)('recordings encrypted at rest, through the API', { timeout: 180_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'tingjian-audio-enc-'));
  const services: Service[] = [];
  let mp3: string;
  let sha: string;
  let callId: string;
  let standIn: string;
  let model: string;

  const start = async (key: string | undefined) => {
    const svc = await buildService(
      loadConfig({
        DATA_DIR: dir,
        LOG_LEVEL: 'silent',
        WHISPER_MODEL: model,
        WHISPER_BIN: standIn,
        SECOND_STAGE_MODEL: 'off',
        TINGJIAN_RETENTION_SCHEDULE: 'off',
        ...(key ? { TINGJIAN_AUDIO_KEY: key } : {}),
      }),
      { role: 'all' },
    );
    services.push(svc);
    await svc.startWorkers();
    return svc;
  };
  const tokenOf = async (svc: Service) => {
    const u =
      (await svc.users.findUserByExternalId('rep-zhang')) ??
      (await svc.users.createUser({ name: 'zhang', roles: ['rep'], externalId: 'rep-zhang' }));
    return (await svc.users.issueToken(u.id)).token;
  };
  const bytesOf = (req: request.Test) =>
    req.buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });

  beforeAll(async () => {
    standIn = writeStandIn(
      dir,
      {},
      { 'mix.pcm': [{ start: 0, end: 1500, text: '王主任您好，价格太贵了。' }] },
    );
    model = join(dir, 'ggml-stand-in.bin');
    writeFileSync(model, 'stand-in');
    const speech = speak('王主任您好，价格太贵了。', join(dir, 'speech.wav'));
    mp3 = ffmpeg(['-i', speech], join(dir, 'call.mp3'), ['-c:a', 'libmp3lame', '-b:a', '32k']);
    sha = createHash('sha256').update(readFileSync(mp3)).digest('hex');
  }, 120_000);

  afterAll(async () => {
    for (const s of services) await s.close().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores ciphertext, transcribes it, and plays the recording byte for byte (Range too)', async () => {
    const svc = await start(KEY);
    onTestFinished(() => svc.close());
    const token = await tokenOf(svc);
    const app = svc.app();
    const res = await request(app)
      .post('/v1/calls')
      .set('Authorization', `Bearer ${token}`)
      .field('industry', 'medical_devices')
      .field('occurredAt', '2026-05-01T10:00:00+08:00')
      .field('repId', 'rep-zhang')
      .attach('audio', mp3, { filename: 'call.mp3' });
    expect(res.status).toBe(201);
    callId = res.body.call.id;
    const stored = readFileSync(join(dir, 'audio', sha.slice(0, 2), `${sha}.mp3`));
    expect(isEncryptedAudio(stored)).toBe(true);
    expect(stored.equals(readFileSync(mp3))).toBe(false);
    await svc.queue.drain();
    const got = await request(app).get(`/v1/calls/${callId}`).set('Authorization', `Bearer ${token}`);
    expect(got.body.call.status).toBe('scored');
    expect(got.body.utterances.map((u: { text: string }) => u.text)).toEqual(['王主任您好，价格太贵了。']);
    const audio = await bytesOf(
      request(app).get(`/v1/calls/${callId}/audio`).set('Authorization', `Bearer ${token}`),
    );
    expect(audio.status).toBe(200);
    expect(audio.headers['content-type']).toBe('audio/mpeg');
    expect(
      createHash('sha256')
        .update(audio.body as Buffer)
        .digest('hex'),
    ).toBe(sha);
    const part = await bytesOf(
      request(app)
        .get(`/v1/calls/${callId}/audio`)
        .set('Authorization', `Bearer ${token}`)
        .set('Range', 'bytes=0-99'),
    );
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 0-99/${readFileSync(mp3).length}`);
    expect((part.body as Buffer).equals(readFileSync(mp3).subarray(0, 100))).toBe(true);
  });

  it('under another key: the download names both key ids and a retranscription fails with audio_key', async () => {
    const svc = await start(OTHER_KEY);
    onTestFinished(() => svc.close());
    const token = await tokenOf(svc);
    const res = await request(svc.app())
      .get(`/v1/calls/${callId}/audio`)
      .set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(500);
    expect(res.body.error.message).toMatch(
      /encrypted with key id [0-9a-f]{16}, but TINGJIAN_AUDIO_KEY has key id [0-9a-f]{16}/,
    );
    expect(res.body.error.details.problem).toBe('key_mismatch');
    // Transcribed again under this key: the call fails saying why, with no words made up.
    await svc.database.db.execute(sql`update calls set status = 'queued' where id = ${callId}`);
    const call = (await svc.calls.find(callId))!;
    await svc.queue.enqueue(
      JobName.Transcribe,
      { callId, revision: call.revision },
      `${jobIdOf(JobName.Transcribe, callId, call.revision)}-again`,
    );
    await svc.queue.drain();
    const failed = (await svc.calls.find(callId))!;
    expect(failed.status).toBe('failed');
    expect(failed.failureReason).toContain('audio_key');
    expect(failed.failureReason).toContain('另一把密钥');
  });

  it('without a key: an encrypted recording is refused naming the variable', async () => {
    const svc = await start(undefined);
    onTestFinished(() => svc.close());
    const token = await tokenOf(svc);
    const res = await request(svc.app())
      .get(`/v1/calls/${callId}/audio`)
      .set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(500);
    expect(res.body.error.message).toContain('TINGJIAN_AUDIO_KEY is not set');
  });
});
