import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../bin/config.js';
import { buildService, type Service } from '../../bin/service.js';
import { PROMPT_STYLE } from '../../pipeline/audio/whisper-prompt.js';
import { importSource } from '../../services/import/import-folder.service.js';
import {
  audioToolsAvailable,
  ffmpeg,
  speak,
  standInRequests,
  writeStandIn,
} from '../helpers/audio-fixtures.js';

const tools = audioToolsAvailable('audio industry inference');

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

/**
 * A recording submitted without an industry (or with `auto`) through the API and a folder
 * import: accepted and stored, transcribed without any trade's vocabulary hints, then the
 * transcript decides the industry as a transcript would (evidence kept on the call), or the call
 * waits as 待确认行业 with both candidates and is analysed from the same transcript once a
 * person picks. The transcriber is a stand-in speaking the transcriber protocol (no model
 * weights here); the recordings are real speech from espeak-ng, decoded by ffmpeg.
 */
describe.skipIf(!tools)('recordings whose industry is decided after transcription', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tingjian-audio-industry-'));
  let svc: Service;
  let app: ReturnType<Service['app']>;
  const tokens: Record<string, string> = {};
  const files: Record<string, string> = {};
  const auth = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
  // The stand-in answers every mono recording with segments.json's `mix.pcm`: set per case.
  const transcribeAs = (segments: Segment[]) =>
    writeFileSync(join(dir, 'segments.json'), JSON.stringify({ 'mix.pcm': segments }));
  const recording = (name: string, segments: Segment[]) =>
    ffmpeg(
      ['-i', speak(segments.map((s) => s.text).join(''), join(dir, `${name}.wav`))],
      join(dir, `${name}.mp3`),
      ['-c:a', 'libmp3lame', '-b:a', '32k'],
    );
  const post = (who: string) =>
    request(app)
      .post('/v1/calls')
      .set(auth(who))
      .field('repId', 'rep-zhang')
      .field('occurredAt', '2026-11-20T10:00:00+08:00');

  beforeAll(async () => {
    const standIn = writeStandIn(dir, {}, { 'mix.pcm': STORAGE });
    const model = join(dir, 'ggml-stand-in.bin');
    writeFileSync(model, 'stand-in');
    svc = await buildService(
      loadConfig({
        DATA_DIR: dir,
        LOG_LEVEL: 'silent',
        WHISPER_MODEL: model,
        WHISPER_BIN: standIn,
        SECOND_STAGE_MODEL: 'off',
      }),
      { role: 'all' },
    );
    await svc.startWorkers();
    app = svc.app();
    for (const [name, roles, externalId] of [
      ['zhang', ['rep'], 'rep-zhang'],
      ['li', ['rep'], 'rep-li'],
    ] as const) {
      const u = await svc.users.createUser({ name, roles: [...roles], externalId });
      tokens[name] = (await svc.users.issueToken(u.id)).token;
    }
    files.storage = recording('storage', STORAGE);
    files.tie = recording('tie', TIE);
    files.given = ffmpeg(['-i', files.storage], join(dir, 'given.mp3'), [
      '-c:a',
      'libmp3lame',
      '-b:a',
      '48k',
    ]);
  }, 120_000);

  afterAll(async () => {
    await svc?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts a recording without an industry and infers it from the transcript: scored, inferred, with the evidence', async () => {
    transcribeAs(STORAGE);
    const res = await post('zhang').attach('audio', files.storage!);
    expect(res.status).toBe(201);
    // Stored and queued; nothing is decided before there are words to decide from.
    expect(res.body.call).toMatchObject({
      source: 'audio',
      status: 'queued',
      // No industry yet: null, never the placeholder the column holds.
      industry: null,
      industrySource: 'inferred',
      industryInference: null,
    });
    const id = res.body.call.id;
    await svc.queue.drain();

    const view = (await request(app).get(`/v1/calls/${id}`).set(auth('zhang'))).body;
    expect(view.call).toMatchObject({ status: 'scored', industry: 'new_energy', industrySource: 'inferred' });
    const inf = view.call.industryInference;
    expect(inf).toMatchObject({
      decided: true,
      industry: 'new_energy',
      thresholds: { minScore: 11, minMargin: 0.05 },
    });
    expect(inf.candidates[0].industry).toBe('new_energy');
    expect(inf.candidates[0].evidence.map((e: { term: string }) => e.term)).toEqual(
      expect.arrayContaining(['工商业储能柜', '峰谷价差']),
    );
    // Analysed with the inferred industry's lexicon and scorecard.
    expect(view.call.lexiconVersion).toMatch(/^new_energy@/);
    // Transcribed without any trade's vocabulary in the prompt (it would steer the inference).
    const requests = standInRequests(dir);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.prompt).toBe(PROMPT_STYLE);
    // The first analysis of the file loads the analysers: minutes on a loaded 2-core machine.
  }, 180_000);

  it('a named industry is kept as given and its vocabulary goes into the prompt', async () => {
    transcribeAs(STORAGE);
    const res = await post('zhang').field('industry', 'pharma').attach('audio', files.given!);
    expect(res.status).toBe(201);
    expect(res.body.call).toMatchObject({ industry: 'pharma', industrySource: 'given' });
    await svc.queue.drain();
    const call = (await svc.calls.find(res.body.call.id))!;
    expect(call).toMatchObject({ status: 'scored', industry: 'pharma', industrySource: 'given' });
    expect(call.industryInference).toBeNull();
    const last = standInRequests(dir).at(-1)!;
    expect(last.prompt).not.toBe(PROMPT_STYLE);
    expect(last.prompt).toContain('医药');
  });

  it('an ambiguous transcript leaves the call 待确认行业 with both candidates; a pick analyses it from the same transcript', async () => {
    transcribeAs(TIE);
    const res = await post('zhang').field('industry', 'auto').attach('audio', files.tie!);
    expect(res.status).toBe(201);
    expect(res.body.call).toMatchObject({ status: 'queued', industrySource: 'inferred' });
    const id = res.body.call.id;
    await svc.queue.drain();

    const waiting = (await request(app).get(`/v1/calls/${id}`).set(auth('zhang'))).body;
    expect(waiting.call).toMatchObject({ status: 'needs_industry', industrySource: 'inferred', total: null });
    expect(waiting.call.industryInference.decided).toBe(false);
    expect(
      waiting.call.industryInference.candidates.slice(0, 2).map((c: { industry: string }) => c.industry),
    ).toEqual(['medical_devices', 'pharma']);
    // Its transcript is stored (the stand-in's lines, merged where one speaker runs on).
    const transcript = waiting.utterances.map((u: { text: string }) => u.text).join('');
    expect(transcript).toBe(TIE.map((s) => s.text).join(''));
    const flagged = await request(app).get('/v1/calls?status=needs_industry').set(auth('zhang'));
    expect(flagged.body.items.map((c: { id: string }) => c.id)).toEqual([id]);
    const transcribed = standInRequests(dir).length;

    // Only someone who may see the call picks; an unknown industry is named.
    const other = await request(app)
      .put(`/v1/calls/${id}/industry`)
      .set(auth('li'))
      .send({ industry: 'pharma' });
    expect(other.status).toBe(404);
    const unknown = await request(app)
      .put(`/v1/calls/${id}/industry`)
      .set(auth('zhang'))
      .send({ industry: 'aerospace' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.message).toMatch(/aerospace/);

    const picked = await request(app)
      .put(`/v1/calls/${id}/industry`)
      .set(auth('zhang'))
      .send({ industry: 'pharma' });
    expect(picked.status).toBe(200);
    expect(picked.body.call).toMatchObject({
      status: 'analyzing',
      industry: 'pharma',
      industrySource: 'chosen',
    });
    await svc.queue.drain();
    const view = (await request(app).get(`/v1/calls/${id}`).set(auth('zhang'))).body;
    expect(view.call).toMatchObject({ status: 'scored', industry: 'pharma', industrySource: 'chosen' });
    expect(view.call.lexiconVersion).toMatch(/^pharma@/);
    expect(view.call.total).toEqual(expect.any(Number));
    // What the machine thought stays beside the pick; the recording was not transcribed again.
    expect(view.call.industryInference.decided).toBe(false);
    expect(standInRequests(dir)).toHaveLength(transcribed);
    expect(view.utterances.map((u: { text: string }) => u.text).join('')).toBe(transcript);
    const audit = await svc.audit.list('call', id);
    expect(audit.map((e) => e.action)).toContain('call.industry.pick');
  });

  it('a folder import of recordings without an industry: imported, then inferred after transcription', async () => {
    const folder = join(dir, 'import');
    mkdirSync(folder, { recursive: true });
    const segments: Segment[] = [
      { start: 0, end: 2200, text: '王总您好，我们主要做工商业储能柜，可以帮您做峰谷套利。' },
      { start: 2400, end: 4200, text: '光伏逆变器我们也有，去年刚换过。' },
    ];
    recording('folder-storage', segments);
    ffmpeg(['-i', join(dir, 'folder-storage.mp3')], join(folder, '20261120_rep-zhang_通话.mp3'), [
      '-c',
      'copy',
    ]);
    transcribeAs(segments);
    const audio = svc.service.audioIntake!;
    const summary = await importSource(
      folder,
      {
        lexicons: svc.lexicons,
        findByExternalId: (id) => svc.calls.findByExternalId(id),
        submitTranscript: (body) => svc.service.submitTranscript(body),
        audio: {
          audioDir: audio.audioDir,
          maxBytes: audio.maxBytes,
          submitAudio: (metadata, upload) => svc.service.submitAudio(metadata, upload),
        },
        intakeMasksPii: true,
      },
      { rep: 'rep-zhang', date: '2026-11-20T09:00:00+08:00' },
    );
    expect(summary.rows).toEqual([
      {
        file: '20261120_rep-zhang_通话.mp3',
        status: 'imported',
        format: 'audio',
        callId: expect.any(String),
      },
    ]);
    const id = summary.rows[0]!.callId!;
    expect((await svc.calls.find(id))!).toMatchObject({
      industrySource: 'inferred',
      industryInference: null,
    });
    await svc.queue.drain();
    const call = (await svc.calls.find(id))!;
    expect(call).toMatchObject({ status: 'scored', industry: 'new_energy', industrySource: 'inferred' });
    expect(call.industryInference).toMatchObject({ decided: true, industry: 'new_energy' });
  });
});
