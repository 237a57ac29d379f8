/**
 * npm run bench:asr — the transcribe worker's own cost per minute of audio (decode, channel
 * split, energy analysis, transcriber processes and IPC, clean-up, roles, merge, store), on
 * stereo phone-like MP3 files of 1, 10 and 60 minutes (BENCH_ASR_MINUTES=1,10,60):
 *
 * A. the real whisper.cpp host on WHISPER_MODEL (default: ../shared's weightless test model):
 *    own cost = worker wall time − whisper.cpp's own time (model load + inference) on the
 *    slowest channel. The weightless model returns no text, so nothing is merged or stored.
 * B. a stand-in transcriber answering at once with realistic segments (12 per channel-minute):
 *    the whole path including guards, roles, merge, PII masking, search words and the store.
 *    Cold: a worker that starts one transcriber process per channel and call, with nothing
 *    loaded before its first call (the path before warm hosts). Warm: a worker with warm
 *    transcriber hosts (started once, reused) and its text tools loaded at start; for the
 *    1-minute call its start, its first call and its later calls are printed separately.
 *
 * With a real model (not the weightless one) it also prints the real-time factor and the
 * worker's overhead over calling whisper.cpp directly (in this process) on the same PCM.
 * Figures, not assertions. Target: own cost ≤ 300 ms per audio minute; overhead ≤ 5 %.
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig } from '../bin/config.js';
import { buildService } from '../bin/service.js';
import { CallRepository } from '../models/call.repository.js';
import { receiveUpload } from '../pipeline/audio/audio-intake.js';
import { decodeToPcm } from '../pipeline/audio/ffmpeg.runner.js';
import { InProcessQueue } from '../pipeline/in-process.queue.js';
import {
  type AudioSettings,
  TranscribeWorker,
  type TranscriptionTimings,
} from '../services/jobs/transcribe.worker.js';
import { round1, round2, status } from './bench-support.js';

const SHARED_MODEL = resolve(
  import.meta.dirname,
  '..',
  '..',
  'shared',
  'eval-data',
  'models',
  'for-tests-ggml-tiny.bin',
);
const SHARED_MODEL_FROM_DIST = resolve(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'shared',
  'eval-data',
  'models',
  'for-tests-ggml-tiny.bin',
);
const TARGET_MS_PER_MIN = 300;
/** Later calls timed on the warm worker (the median is printed). */
const WARM_REPEATS = 5;

function have(bin: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A stereo phone-like MP3: the two sides take 4-second turns (tones standing in for voices). */
function makeCall(minutes: number, out: string): string {
  const seconds = minutes * 60;
  const side = (hz: number, on: 0 | 1) =>
    `aevalsrc=exprs='0.3*sin(2*PI*${hz}*t)*eq(mod(floor(t/4)\\,2)\\,${on})':s=8000:d=${seconds}`;
  execFileSync('ffmpeg', [
    '-hide_banner',
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    side(300, 0),
    '-f',
    'lavfi',
    '-i',
    side(520, 1),
    '-filter_complex',
    '[0:a][1:a]join=inputs=2:channel_layout=stereo[a]',
    '-map',
    '[a]',
    '-c:a',
    'libmp3lame',
    '-b:a',
    '32k',
    out,
  ]);
  return out;
}

/**
 * A stand-in transcriber that answers with `perMinute` segments per channel-minute, at once.
 * With `--serve` it is a warm host (ready at start, one answer per request line, stays up).
 */
function writeFastTranscriber(dir: string, perMinute: number): string {
  const file = join(dir, 'fast-transcriber.mjs');
  writeFileSync(
    file,
    `#!${process.execPath}
import { createInterface } from 'node:readline';
const lines = ['您好，我是华康医疗的小张，想跟您介绍一下我们的腔镜系统。', '我们手术室空间限制太大了，价格也太贵。',
  '理解，我们也有租赁方案，下周三我带样机过去给您演示，您看可以吗？', '可以，你先把资料发给我。'];
const serve = process.argv[2] === '--serve';
if (serve) process.stdout.write(JSON.stringify({ type: 'ready', loadMs: 0 }) + '\\n');
for await (const line of createInterface({ input: process.stdin })) {
  const req = JSON.parse(line);
  const n = Math.max(1, Math.round((req.durationMs / 60000) * ${perMinute}));
  const step = req.durationMs / n;
  const side = req.pcm.endsWith('ch1.pcm') ? 1 : 0;
  const segments = Array.from({ length: n }, (_, i) => ({ start: Math.round(i * step), end: Math.round(i * step + step * 0.8), text: lines[(i * 2 + side) % 4] }));
  const answer = JSON.stringify({ type: 'result', segments, whisperMs: 0, engine: 'bench stand-in' }) + '\\n';
  if (serve) process.stdout.write(answer);
  else process.stdout.write(answer, () => process.exit(0));
}
`,
  );
  execFileSync('chmod', ['+x', file]);
  return file;
}

/**
 * The service the bench submits to and the transcribe workers on it: `real` runs whisper.cpp
 * (warm hosts), `cold` and `warm` an instant stand-in that prints 12 segments per channel-minute,
 * one process per channel and call or warm hosts.
 */
async function setUpWorkers(dir: string, model: string, threads: number) {
  const svc = await buildService(
    loadConfig({
      DATA_DIR: dir,
      LOG_LEVEL: 'silent',
      WHISPER_MODEL: model,
      MAX_AUDIO_SECONDS: String(4 * 3600),
    }),
    { role: 'all' },
  );
  const rep = await svc.users.createUser({ name: '张伟', roles: ['rep'], externalId: 'rep-bench' });
  const calls = new CallRepository(svc.database.db);
  // A queue nobody consumes: the worker is called directly, analysis is not part of this bench.
  const queue = new InProcessQueue(1);
  const base: AudioSettings = {
    audioDir: join(dir, 'audio'),
    model,
    threads,
    timeoutFactor: 10,
    timeoutMinMs: 600_000,
    maxSeconds: 4 * 3600,
    maskPii: true,
  };
  const worker = (transcriber?: string, serve = false) =>
    new TranscribeWorker({
      calls,
      lexicons: svc.lexicons,
      queue,
      searchText: (texts) => svc.service.searchTextOf(texts),
      settings: transcriber ? { ...base, transcriber: { command: transcriber, args: [], serve } } : base,
      log: { info: () => {}, warn: () => {} },
    });
  const standIn = writeFastTranscriber(dir, 12);
  const real = worker();
  const cold = worker(standIn);
  const warm = worker(standIn, true);
  let seq = 0;
  const submit = async (file: string) => {
    const upload = await receiveUpload(createReadStream(file), base.audioDir, 1024 ** 3);
    const meta = { repId: rep.id, industry: 'medical_devices', occurredAt: '2026-05-01T10:00:00+08:00' };
    const { call } = await svc.service.submitAudio({ ...meta, externalId: `bench-${++seq}` }, upload);
    return call;
  };
  return {
    real,
    cold,
    warm,
    submit,
    calls,
    close: async () => {
      await Promise.all([real.close(), cold.close(), warm.close()]);
      await queue.close();
      await svc.close();
    },
  };
}

let copies = 0;

/** Submits another copy of `file` (one more byte: another recording) and times the worker on it. */
async function timeCall(
  workers: Awaited<ReturnType<typeof setUpWorkers>>,
  worker: TranscribeWorker,
  file: string,
): Promise<{ callId: string; wallMs: number; timings: TranscriptionTimings }> {
  const copy = `${file}.${++copies}.mp3`;
  writeFileSync(copy, Buffer.concat([readFileSync(file), Buffer.from([copies & 0xff, copies >> 8])]));
  const call = await workers.submit(copy);
  const t = performance.now();
  await worker.transcribe({ callId: call.id, revision: call.revision });
  const wallMs = performance.now() - t;
  return { callId: call.id, wallMs, timings: worker.lastTimings! };
}

/** The 1-minute (first) file: the cold worker's first call beside the warm worker's start and calls. */
function printFirstMinutes(
  firstMinutes: number,
  coldFirstMs: number,
  warmStartMs: number,
  warmFirstMs: number,
  warmLater: number[],
  realStartMs: number,
): void {
  const sorted = [...warmLater].sort((x, y) => x - y);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  console.log(
    `\n${firstMinutes}-minute call, own cost: cold first call ${round1(coldFirstMs)} ms; ` +
      `warm worker: start ${round1(warmStartMs)} ms (hosts + text tools, once), first call ${round1(warmFirstMs)} ms, ` +
      `later calls median ${round1(median)} ms (min ${round1(sorted[0]!)}, max ${round1(sorted.at(-1)!)}, n ${sorted.length}) ` +
      `${status(median <= TARGET_MS_PER_MIN * firstMinutes)}` +
      (realStartMs > 1 ? `; whisper.cpp worker start (2 hosts, model load) ${round1(realStartMs)} ms` : ''),
  );
}

async function main(): Promise<void> {
  if (!have('ffmpeg')) {
    console.log('bench:asr skipped: ffmpeg is not installed (apt-get install -y ffmpeg)');
    return;
  }
  const model =
    process.env.WHISPER_MODEL ??
    [SHARED_MODEL, SHARED_MODEL_FROM_DIST].find((p) => existsSync(p)) ??
    undefined;
  if (!model || !existsSync(model)) {
    console.log(
      'bench:asr skipped: set WHISPER_MODEL (or provide ../shared/eval-data/models/for-tests-ggml-tiny.bin)',
    );
    return;
  }
  const minutesList = (process.env.BENCH_ASR_MINUTES ?? '1,10,60').split(',').map(Number);
  // Part A runs whisper.cpp for real: ~16 s per 30-second window per channel on the weightless
  // model here, i.e. ~30 min for the 60-minute file. BENCH_ASR_WHISPER_MINUTES limits it.
  const whisperMinutes = new Set(
    (process.env.BENCH_ASR_WHISPER_MINUTES ?? minutesList.join(',')).split(',').map(Number),
  );
  const dir = mkdtempSync(join(tmpdir(), 'tingjian-bench-asr-'));
  const threads = Number(process.env.WHISPER_THREADS ?? availableParallelism());
  console.log(`bench:asr  model ${model}  threads/call ${threads}  cores ${availableParallelism()}`);
  const workers = await setUpWorkers(dir, model, threads);
  const { real, cold, warm, calls } = workers;
  // Before any worker starts (and loads the text tools): the cold path's very first call, as a
  // freshly started worker without warm hosts met it.
  const firstMinutes = minutesList[0]!;
  const files = new Map(minutesList.map((m) => [m, makeCall(m, join(dir, `call-${m}m.mp3`))]));
  const coldFirst = await timeCall(workers, cold, files.get(firstMinutes)!);
  const warmStart = performance.now();
  await warm.start();
  const warmStartMs = performance.now() - warmStart;
  const warmFirst = await timeCall(workers, warm, files.get(firstMinutes)!);
  const warmLater: number[] = [];
  for (let i = 0; i < WARM_REPEATS; i++)
    warmLater.push((await timeCall(workers, warm, files.get(firstMinutes)!)).wallMs);
  const realStart = performance.now();
  if (minutesList.some((m) => whisperMinutes.has(m))) await real.start();
  const realStartMs = performance.now() - realStart;
  const rows: string[][] = [];
  let weightless = false;
  let firstWallA: number | undefined;
  for (const minutes of minutesList) {
    const file = files.get(minutes)!;
    // A: the real whisper.cpp host (warm: the model was loaded at the worker's start).
    let wallA: number | undefined;
    let tA: TranscriptionTimings | undefined;
    if (whisperMinutes.has(minutes)) {
      const a = await workers.submit(file);
      const t0 = performance.now();
      try {
        await real.transcribe({ callId: a.id, revision: a.revision });
      } catch (err) {
        // The weightless model hears nothing: the call fails with no_speech after transcription.
        if (!/no_speech/.test((err as Error).message)) throw err;
        weightless = /测试模型/.test((err as Error).message);
      }
      wallA = performance.now() - t0;
      firstWallA ??= wallA;
      tA = real.lastTimings!;
    }
    const ownA = wallA !== undefined && tA ? wallA - tA.whisperMs : undefined;
    // B: the full path with realistic segments, cold (the first file: measured above) and warm.
    const b = minutes === firstMinutes ? coldFirst : await timeCall(workers, cold, file);
    const w = await timeCall(workers, warm, file);
    const utterances = (await calls.get(w.callId))!.utterances.length;
    const dash = '–';
    rows.push([
      `${minutes} min`,
      wallA !== undefined ? `${round1(wallA / 1000)} s` : dash,
      tA ? `${round1(tA.whisperMs / 1000)} s` : dash,
      ownA !== undefined ? `${round1(ownA / minutes)} ms` : dash,
      `${round1(b.timings.decodeMs / minutes)} / ${round1(w.timings.decodeMs / minutes)} ms`,
      `${round1(b.wallMs / minutes)} ms`,
      `${round1(w.wallMs / minutes)} ms`,
      `${round1(w.timings.postMs / minutes)} / ${round1(w.timings.storeMs / minutes)} ms`,
      String(utterances),
      status(Math.max(ownA ?? 0, w.wallMs) / minutes <= TARGET_MS_PER_MIN),
    ]);
    console.log(`  ${minutes} min done`);
  }
  const header = [
    'audio',
    'A wall',
    'A whisper.cpp',
    'A own/min',
    'decode/min cold / warm',
    'B cold own/min',
    'B warm own/min',
    'B warm post/store per min',
    'B utterances',
    `≤ ${TARGET_MS_PER_MIN} ms/min (warm)`,
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(`\n${line(header)}\n${rows.map(line).join('\n')}`);
  console.log(
    '\nA = real whisper.cpp on warm hosts; own = wall − whisper.cpp load+inference (slowest channel). ' +
      'B = instant stand-in with 12 segments per channel-minute: decode, split, transcriber IPC, clean-up, roles, merge, store; ' +
      'cold = one transcriber process per channel and call, warm = warm hosts reused. ' +
      'For 1 minute the cold figure is a worker’s very first call (nothing loaded before), the warm one a later call.',
  );
  printFirstMinutes(firstMinutes, coldFirst.wallMs, warmStartMs, warmFirst.wallMs, warmLater, realStartMs);
  if (weightless) {
    console.log(
      'The model is whisper.cpp’s weightless test model: no real-time factor or overhead over direct whisper.cpp ' +
        'is printed (set WHISPER_MODEL to a real ggml model for those).',
    );
  } else if (firstWallA !== undefined) {
    // Direct: the binding in this process on the same PCM (first file), against the worker's wall.
    const minutes = minutesList[0]!;
    const file = join(dir, `call-${minutes}m.mp3`);
    const pcm = await decodeToPcm(file, mkdtempSync(join(dir, 'direct-')), 'split', { timeoutMs: 600_000 });
    const whisper = ((await import('@fugood/whisper.node' as string)) as { default: DirectBinding }).default;
    const t = performance.now();
    // The same work the worker does: both channels at once, half the threads each, model load included.
    await Promise.all(
      pcm.map(async (p) => {
        const ctx = await whisper.initWhisper({ filePath: model, useGpu: false });
        const b = readFileSync(p);
        await ctx.transcribeData(b.buffer.slice(b.byteOffset, b.byteOffset + b.length), {
          language: 'zh',
          maxThreads: Math.max(1, Math.floor(threads / 2)),
        }).promise;
      }),
    );
    const direct = performance.now() - t;
    const overhead = (firstWallA! - direct) / direct;
    console.log(
      `direct whisper.cpp on the same PCM (${minutes} min): ${round1(direct / 1000)} s, real-time factor ${round2(direct / (minutes * 60_000))}; ` +
        `worker ${round1(firstWallA! / 1000)} s, overhead ${round1(overhead * 100)} % (target ≤ 5 %) ${status(overhead <= 0.05)}`,
    );
  }
  await workers.close();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}

interface DirectBinding {
  initWhisper(o: { filePath: string; useGpu?: boolean }): Promise<{
    transcribeData(a: ArrayBuffer, o: object): { promise: Promise<unknown> };
  }>;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
