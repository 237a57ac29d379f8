import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectAudioFormat } from '../../pipeline/audio/audio-format.js';
import { decodeToPcm, probeAudio } from '../../pipeline/audio/ffmpeg.runner.js';
import { isSilent, readEnergyProfile, voicedShare } from '../../pipeline/audio/pcm-energy.js';
import { decodeSilkToWav, silkDurationMs } from '../../pipeline/audio/silk.decode.js';
import {
  audioToolsAvailable,
  buildAmrEncoder,
  makeFormatFixtures,
  silence,
  speak,
  stereo,
} from '../helpers/audio-fixtures.js';

const tools = audioToolsAvailable('audio decoding');

describe.skipIf(!tools)('decoding real recordings with ffmpeg (every accepted format)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tingjian-audio-decode-'));
  let speechMs: number;
  let fixtures: Record<string, [string, string]>;

  beforeAll(async () => {
    const speech = speak(
      '王主任您好，我是华康医疗的小张，想跟您介绍一下我们的腔镜系统。',
      join(dir, 'speech.wav'),
    );
    speechMs = (await probeAudio(speech)).durationMs!;
    const amr = buildAmrEncoder(dir);
    if (!amr && process.env.REQUIRE_SERVICES === '1')
      throw new Error('cannot build the AMR-NB test encoder (apt-get install -y libopencore-amrnb-dev)');
    if (!amr) console.warn('libopencore-amrnb-dev missing: the AMR fixture is skipped');
    fixtures = await makeFormatFixtures(speech, dir, amr);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('makes a fixture of every accepted format (AMR through the compiled encoder)', () => {
    const expected = ['wav', 'mp3', 'm4a', 'aac', 'ogg', 'opus', 'flac', 'silk'];
    if (process.env.REQUIRE_SERVICES === '1' || fixtures.amr) expected.push('amr');
    expect(Object.keys(fixtures).sort()).toEqual(expected.sort());
  });

  it.each(['wav', 'mp3', 'm4a', 'aac', 'amr', 'ogg', 'opus', 'flac'])(
    '%s: detected by content, decoded to 16 kHz mono PCM of the right length with speech in it',
    async (name) => {
      const fixture = fixtures[name];
      if (!fixture) return; // AMR without the encoder (warned above; fails under REQUIRE_SERVICES)
      const [file, format] = fixture;
      expect(detectAudioFormat(readFileSync(file).subarray(0, 4096))).toMatchObject({
        accepted: true,
        format,
      });
      const out = mkdtempSync(join(dir, `${name}-`));
      const [pcm] = await decodeToPcm(file, out, 'mix', { timeoutMs: 60_000 });
      const profile = await readEnergyProfile(pcm!);
      // Lossy codecs pad a few frames; AMR is 20 ms frames.
      expect(Math.abs(profile.durationMs - speechMs)).toBeLessThan(150);
      expect(isSilent(profile)).toBe(false);
      expect(voicedShare(profile, 0, profile.durationMs)).toBeGreaterThan(0.5);
    },
  );

  it('WeChat voice (SILK v3 named .mp3) is decoded by silk-wasm in a child process', async () => {
    const [file] = fixtures.silk!;
    expect(file.endsWith('.mp3')).toBe(true);
    expect(detectAudioFormat(readFileSync(file).subarray(0, 64))).toMatchObject({
      accepted: true,
      format: 'silk',
    });
    const wav = join(dir, 'silk.wav');
    const decodedMs = await decodeSilkToWav(file, wav);
    expect(Math.abs(decodedMs - speechMs)).toBeLessThan(100);
    expect(Math.abs((await silkDurationMs(file))! - decodedMs)).toBeLessThan(100);
    const [pcm] = await decodeToPcm(wav, mkdtempSync(join(dir, 'silk-')), 'mix', { timeoutMs: 60_000 });
    const profile = await readEnergyProfile(pcm!);
    expect(Math.abs(profile.durationMs - speechMs)).toBeLessThan(100);
    expect(isSilent(profile)).toBe(false);
  });

  it('a corrupt SILK stream is audio_corrupt', async () => {
    const bad = join(dir, 'bad.silk');
    writeFileSync(
      bad,
      Buffer.concat([Buffer.from('\u0002#!SILK_V3', 'latin1'), Buffer.from([0xff, 0xff, 1, 2, 3])]),
    );
    await expect(decodeSilkToWav(bad, join(dir, 'bad.wav'))).rejects.toMatchObject({ code: 'audio_corrupt' });
  });

  it('splits a stereo call into its two sides', async () => {
    const left = speak('您好，我是华康医疗的小张。', join(dir, 'left.wav'));
    const right = speak('你们的价格太贵了。', join(dir, 'right.wav'));
    const file = stereo(left, right, join(dir, 'stereo.wav'), 4000, 8);
    const probe = await probeAudio(file);
    expect(probe).toMatchObject({ channels: 2, sampleRate: 16_000, durationMs: 8000 });
    const [l, r] = await decodeToPcm(file, mkdtempSync(join(dir, 'st-')), 'split', { timeoutMs: 60_000 });
    const [pl, pr] = await Promise.all([readEnergyProfile(l!), readEnergyProfile(r!)]);
    expect(pl.durationMs).toBe(8000);
    expect(pr.durationMs).toBe(8000);
    // Rep speaks first on the left, the customer from 4 s on the right.
    expect(voicedShare(pl, 200, 1500)).toBeGreaterThan(0.6);
    expect(voicedShare(pr, 0, 3900)).toBe(0);
    expect(voicedShare(pr, 4200, 5500)).toBeGreaterThan(0.6);
    expect(voicedShare(pl, 6000, 8000)).toBe(0);
  });

  it('silence decodes but is silent', async () => {
    const [pcm] = await decodeToPcm(
      silence(5, join(dir, 'silence.wav')),
      mkdtempSync(join(dir, 'si-')),
      'mix',
      {
        timeoutMs: 60_000,
      },
    );
    const profile = await readEnergyProfile(pcm!);
    expect(profile.durationMs).toBe(5000);
    expect(isSilent(profile)).toBe(true);
  });

  it('a corrupt file (WAV header, garbage body; a truncated MP3) is audio_corrupt', async () => {
    const garbage = join(dir, 'garbage.wav');
    writeFileSync(
      garbage,
      Buffer.concat([Buffer.from('RIFF\u0000\u0000\u0000\u0000WAVEjunk', 'latin1'), Buffer.alloc(2000, 7)]),
    );
    await expect(probeAudio(garbage)).rejects.toMatchObject({ code: 'audio_corrupt' });
    await expect(decodeToPcm(garbage, dir, 'mix', { timeoutMs: 60_000 })).rejects.toMatchObject({
      code: 'audio_corrupt',
    });
    const mp3 = readFileSync(fixtures.mp3![0]);
    const truncated = join(dir, 'truncated.mp3');
    writeFileSync(truncated, Buffer.concat([mp3.subarray(0, 10), Buffer.alloc(4000, 0x55)]));
    await expect(
      decodeToPcm(truncated, mkdtempSync(join(dir, 'tr-')), 'mix', { timeoutMs: 60_000 }),
    ).rejects.toMatchObject({
      code: 'audio_corrupt',
    });
  });

  it('a missing ffmpeg is a readable tool_missing error', async () => {
    await expect(
      probeAudio(fixtures.wav![0], { ffmpeg: 'ffmpeg-absent-here', ffprobe: 'ffprobe-absent-here' }),
    ).rejects.toMatchObject({ code: 'tool_missing' });
  });
});
