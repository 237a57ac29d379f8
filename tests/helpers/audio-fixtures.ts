/**
 * Test audio made in the tests themselves: Mandarin speech from espeak-ng, tones and silence
 * from ffmpeg, every accepted container from ffmpeg's encoders, AMR-NB from a tiny encoder
 * compiled against Debian's libopencore-amrnb (ffmpeg decodes AMR but cannot encode it), and
 * SILK v3 from silk-wasm (the package that decodes it). Plus stand-in transcriber executables
 * that speak the transcriber protocol.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const REQUIRE = process.env.REQUIRE_SERVICES === '1' || process.env.REQUIRE_SHARED === '1';

export const TEST_MODEL = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'shared',
  'eval-data',
  'models',
  'for-tests-ggml-tiny.bin',
);

function has(bin: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${bin}`]).status === 0;
}

/**
 * True when ffmpeg, ffprobe, espeak-ng and sox are installed. Missing ones fail the test file
 * under REQUIRE_SERVICES=1 / REQUIRE_SHARED=1 (CI installs them in .ci/run) and skip it otherwise.
 */
export function audioToolsAvailable(what: string): boolean {
  const missing = ['ffmpeg', 'ffprobe', 'espeak-ng', 'sox'].filter((b) => !has(b));
  if (missing.length === 0) return true;
  const msg = `${what}: ${missing.join(', ')} not installed (apt-get install -y ffmpeg espeak-ng sox)`;
  if (REQUIRE) throw new Error(`${msg} (REQUIRE_SERVICES/REQUIRE_SHARED=1)`);
  console.warn(`${msg}; skipping`);
  return false;
}

/** True when the whisper.cpp binding is installed (`npm run setup:audio`; .ci/run does it). */
export function whisperBindingAvailable(what: string): boolean {
  try {
    createRequire(import.meta.url).resolve('@fugood/whisper.node/package.json');
    return true;
  } catch {
    const msg = `${what}: @fugood/whisper.node is not installed (npm run setup:audio)`;
    if (REQUIRE) throw new Error(`${msg} (REQUIRE_SERVICES/REQUIRE_SHARED=1)`);
    console.warn(`${msg}; skipping`);
    return false;
  }
}

/** True when the weightless whisper.cpp test model from ../shared is present (fails under REQUIRE_SHARED=1). */
export function testModelAvailable(what: string): boolean {
  if (existsSync(TEST_MODEL)) return true;
  const msg = `${what}: ${TEST_MODEL} is absent (the shared evaluation data)`;
  if (process.env.REQUIRE_SHARED === '1') throw new Error(`${msg} (REQUIRE_SHARED=1)`);
  console.warn(`${msg}; skipping`);
  return false;
}

function run(bin: string, args: string[], input?: Buffer): Buffer {
  return execFileSync(bin, args, { input, maxBuffer: 256 * 1024 * 1024, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Mandarin speech as a WAV file (espeak-ng's cmn voice, 22.05 kHz mono). */
export function speak(text: string, out: string, voice = 'cmn'): string {
  run('espeak-ng', ['-v', voice, '-s', '170', '-w', out, text]);
  return out;
}

/** Converts any input ffmpeg reads into `out` with the given encoder arguments. */
export function ffmpeg(input: string[], out: string, args: string[] = []): string {
  run('ffmpeg', ['-hide_banner', '-v', 'error', '-y', ...input, ...args, out]);
  return out;
}

/**
 * A stereo 16 kHz WAV of `seconds`: `left` on channel 0 from the start, `right` on channel 1
 * starting after `rightDelayMs` (the two sides of a call taking turns); silence elsewhere.
 */
export function stereo(
  left: string,
  right: string,
  out: string,
  rightDelayMs: number,
  seconds: number,
): string {
  const fmt = 'aresample=16000,aformat=sample_fmts=s16:channel_layouts=mono';
  return ffmpeg(['-i', left, '-i', right], out, [
    '-filter_complex',
    `[0:a]${fmt},apad=whole_dur=${seconds}[l];[1:a]${fmt},adelay=${rightDelayMs}:all=1,apad=whole_dur=${seconds}[r];[l][r]join=inputs=2:channel_layout=stereo[a]`,
    '-map',
    '[a]',
    '-t',
    String(seconds),
  ]);
}

/** Silence of `seconds` as 16 kHz mono WAV. */
export function silence(seconds: number, out: string): string {
  return ffmpeg(['-f', 'lavfi', '-i', `anullsrc=r=16000:cl=mono`], out, ['-t', String(seconds)]);
}

/** A 440 Hz tone of `seconds` (mono 16 kHz WAV): sound, not speech. */
export function tone(seconds: number, out: string, channels = 1): string {
  return ffmpeg(['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=16000:duration=${seconds}`], out, [
    '-ac',
    String(channels),
  ]);
}

/** Compiles a minimal AMR-NB encoder (PCM 8 kHz s16le on stdin → .amr on stdout); null when it cannot. */
export function buildAmrEncoder(dir: string): string | null {
  const src = join(dir, 'amrenc.c');
  const bin = join(dir, 'amrenc');
  if (existsSync(bin)) return bin;
  writeFileSync(
    src,
    `#include <stdio.h>
#include <opencore-amrnb/interf_enc.h>
int main(void) {
  void *enc = Encoder_Interface_init(0);
  short pcm[160];
  unsigned char out[64];
  fwrite("#!AMR\\n", 1, 6, stdout);
  for (;;) {
    size_t n = fread(pcm, sizeof(short), 160, stdin);
    if (n == 0) break;
    for (size_t i = n; i < 160; i++) pcm[i] = 0;
    int bytes = Encoder_Interface_Encode(enc, MR122, pcm, out, 0);
    fwrite(out, 1, (size_t)bytes, stdout);
    if (n < 160) break;
  }
  Encoder_Interface_exit(enc);
  return 0;
}
`,
  );
  const r = spawnSync('cc', ['-O2', '-o', bin, src, '-lopencore-amrnb']);
  return r.status === 0 ? bin : null;
}

/** Encodes a WAV into AMR-NB with the compiled encoder. */
export function toAmr(wav: string, out: string, encoder: string): string {
  const pcm = run('ffmpeg', ['-v', 'error', '-i', wav, '-ar', '8000', '-ac', '1', '-f', 's16le', '-']);
  writeFileSync(out, run(encoder, [], pcm));
  return out;
}

/** Encodes a WAV into WeChat-style SILK v3 (silk-wasm writes the 0x02 prefix byte WeChat uses). */
export async function toSilk(wav: string, out: string): Promise<string> {
  const { encode } = await import('silk-wasm');
  const pcm = run('ffmpeg', ['-v', 'error', '-i', wav, '-ar', '24000', '-ac', '1', '-f', 's16le', '-']);
  const silk = await encode(pcm, 24_000);
  writeFileSync(out, Buffer.from(silk.data));
  return out;
}

/** Every accepted format, made from one speech WAV: name → [file, expected detected format]. */
export async function makeFormatFixtures(
  speech: string,
  dir: string,
  amrEncoder: string | null,
): Promise<Record<string, [string, string]>> {
  const f = (name: string) => join(dir, name);
  const out: Record<string, [string, string]> = {
    wav: [ffmpeg(['-i', speech], f('call.wav'), ['-ar', '16000']), 'wav'],
    mp3: [ffmpeg(['-i', speech], f('call.mp3'), ['-c:a', 'libmp3lame', '-b:a', '64k']), 'mp3'],
    m4a: [ffmpeg(['-i', speech], f('call.m4a'), ['-c:a', 'aac', '-b:a', '64k']), 'm4a'],
    aac: [ffmpeg(['-i', speech], f('call.aac'), ['-c:a', 'aac', '-f', 'adts']), 'aac'],
    ogg: [ffmpeg(['-i', speech], f('call.ogg'), ['-c:a', 'libvorbis']), 'ogg'],
    opus: [ffmpeg(['-i', speech], f('call.opus'), ['-c:a', 'libopus', '-f', 'ogg']), 'opus'],
    flac: [ffmpeg(['-i', speech], f('call.flac'), ['-c:a', 'flac']), 'flac'],
    // WeChat voice, misleadingly named: detection is by content.
    silk: [await toSilk(speech, f('voice.mp3')), 'silk'],
  };
  if (amrEncoder) out.amr = [toAmr(speech, f('call.amr'), amrEncoder), 'amr'];
  return out;
}

/** `held`: reports 10 %, then waits for a file named `release` beside it (at most 60 s), then `segments`. */
export type StandInBehaviour = 'segments' | 'held' | 'segfault' | 'hang' | 'garbage' | 'model_error';

/**
 * Writes a stand-in transcriber: an executable Node script speaking the transcriber protocol.
 * It picks its behaviour from `behaviours.json` beside it by the request's duration in whole
 * seconds (so one worker can see every outcome at once), default `segments`; segments come from
 * `segments.json` by the PCM file's name (`ch0.pcm`, `ch1.pcm`, `mix.pcm`).
 */
export function writeStandIn(
  dir: string,
  behaviours: Record<number, StandInBehaviour>,
  segments: Record<string, { start: number; end: number; text: string }[]>,
): string {
  writeFileSync(join(dir, 'behaviours.json'), JSON.stringify(behaviours));
  writeFileSync(join(dir, 'segments.json'), JSON.stringify(segments));
  const script = join(dir, 'stand-in-transcriber.mjs');
  writeFileSync(
    script,
    `#!${process.execPath}
import { readFileSync, appendFileSync, existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
const here = dirname(new URL(import.meta.url).pathname);
const rl = createInterface({ input: process.stdin });
const out = (e) => process.stdout.write(JSON.stringify(e) + '\\n');
for await (const line of rl) {
  const req = JSON.parse(line);
  appendFileSync(join(here, 'requests.log'), line + '\\n');
  const behaviours = JSON.parse(readFileSync(join(here, 'behaviours.json'), 'utf8'));
  const mode = behaviours[String(Math.round(req.durationMs / 1000))] ?? 'segments';
  out({ type: 'log', level: 'info', text: 'stand-in transcriber: ' + mode });
  out({ type: 'progress', percent: 10 });
  if (mode === 'segfault') process.kill(process.pid, 'SIGSEGV');
  if (mode === 'hang') setInterval(() => {}, 1 << 30);
  if (mode === 'garbage') { process.stdout.write('whisper_full: 0.00 ms ☃ not json at all\\n'); process.exit(0); }
  if (mode === 'model_error') { out({ type: 'error', code: 'model_invalid', message: 'bad magic' }); process.exit(2); }
  if (mode === 'held') {
    const until = Date.now() + 60000;
    while (!existsSync(join(here, 'release')) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  }
  if (mode === 'segments' || mode === 'held') {
    const all = JSON.parse(readFileSync(join(here, 'segments.json'), 'utf8'));
    out({ type: 'progress', percent: 60 });
    out({ type: 'result', segments: all[basename(req.pcm)] ?? [], language: 'zh', whisperMs: 5, engine: 'stand-in' });
    process.exit(0);
  }
  break;
}
`,
  );
  chmodSync(script, 0o755);
  return script;
}

/** The request lines the stand-in received (JSON). */
export function standInRequests(
  dir: string,
): { pcm: string; prompt: string; threads: number; durationMs: number }[] {
  const file = join(dir, 'requests.log');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

/**
 * Writes a serving stand-in transcriber (the protocol's serving mode, a warm host): started with
 * `--serve <model>` it prints `ready`, then answers every request line with the segments of
 * `segments.json` by PCM file name, staying up until stdin ends. Each request is logged with the
 * host's pid in `requests.log`. A request whose duration (whole seconds) is listed in
 * `dieOnce` kills the host mid-request (SIGKILL, after a progress event) the first time only.
 */
export function writeServingStandIn(
  dir: string,
  segments: Record<string, { start: number; end: number; text: string }[]>,
  dieOnce: number[] = [],
): string {
  writeFileSync(join(dir, 'segments.json'), JSON.stringify(segments));
  const script = join(dir, 'serving-stand-in.mjs');
  writeFileSync(
    script,
    `#!${process.execPath}
import { readFileSync, appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
const here = dirname(new URL(import.meta.url).pathname);
const out = (e) => process.stdout.write(JSON.stringify(e) + '\\n');
if (process.argv[2] !== '--serve') process.exit(2);
out({ type: 'log', level: 'info', text: 'stand-in host loading ' + process.argv[3] });
out({ type: 'ready', loadMs: 1 });
for await (const line of createInterface({ input: process.stdin })) {
  const req = JSON.parse(line);
  appendFileSync(join(here, 'requests.log'), JSON.stringify({ ...req, pid: process.pid }) + '\\n');
  out({ type: 'progress', percent: 10 });
  const seconds = Math.round(req.durationMs / 1000);
  const marker = join(here, 'died-' + seconds);
  if (${JSON.stringify(dieOnce)}.includes(seconds) && !existsSync(marker)) {
    let first = true;
    try { writeFileSync(marker, '', { flag: 'wx' }); } catch { first = false; }
    if (first) process.kill(process.pid, 'SIGKILL');
  }
  const all = JSON.parse(readFileSync(join(here, 'segments.json'), 'utf8'));
  out({ type: 'result', segments: all[basename(req.pcm)] ?? [], language: 'zh', whisperMs: 5, engine: 'stand-in' });
}
process.exit(0);
`,
  );
  chmodSync(script, 0o755);
  return script;
}

/** Whether a process (a transcriber host) is still running. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * What the stand-in transcribers "hear" in each channel file (ch0/ch1 of a stereo call, mix of a
 * mono one), hallucinated lines on the customer channel's silent tail included.
 */
export const STAND_IN_SEGMENTS = {
  'ch0.pcm': [
    { start: 0, end: 2400, text: '王主任您好，我是華康醫療的小張，' },
    { start: 2500, end: 4800, text: '想跟您介紹一下我們的腔鏡系統，您現在方便嗎?' },
    { start: 9000, end: 12_000, text: '理解，我们也有租赁方案，下周三我带样机过去给您演示，您看可以吗？' },
  ],
  'ch1.pcm': [
    { start: 5500, end: 8500, text: '方便，就是我们手术室空间限制太大了，价格也太贵。' },
    { start: 12_500, end: 13_000, text: '可以。' },
    // whisper on the silent tail of the customer channel
    { start: 18_000, end: 21_000, text: '谢谢观看' },
    { start: 21_000, end: 23_000, text: '字幕由Amara.org社区提供' },
  ],
  'mix.pcm': [
    { start: 0, end: 900, text: '喂，你好，哪位？' },
    {
      start: 1200,
      end: 5000,
      text: '王主任您好，我是华康医疗的小张，想跟您介绍一下我们的腔镜系统，您现在方便吗？',
    },
    { start: 5400, end: 8000, text: '你说吧，我们手术室空间太小了，新设备放不下。' },
    { start: 8300, end: 11_500, text: '理解，我们这套是壁挂式的，不占地面空间，三甲医院装了三十多台。' },
  ],
};
