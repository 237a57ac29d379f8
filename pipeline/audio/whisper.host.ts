/**
 * The default transcriber executable (see transcriber.protocol.ts): a child process hosting
 * whisper.cpp through @fugood/whisper.node. Only this process loads the native library, so a
 * crash, hang or leak there ends this process, never the worker that holds queue locks.
 *
 * The binding's quirks are handled here: with native logging on, the process never exits by
 * itself, and a stopped transcription's promise never settles — so this script always ends
 * with process.exit, and the worker enforces the timeout from outside.
 *
 * `whisper.host --serve <model>` is the warm host (transcriber.protocol.ts, serving mode): the
 * model is loaded once at start and kept for every request until stdin ends.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { type TranscribeRequest, type TranscriberEvent, ZTranscribeRequest } from './transcriber.protocol.js';

/**
 * The slice of @fugood/whisper.node used here. The package ships TypeScript sources without
 * declaration files, which our strict settings cannot compile; it is loaded by a computed
 * specifier and typed by this interface instead.
 */
interface WhisperBinding {
  addNativeLogListener(listener: (level: string, text: string) => void): { remove(): void };
  toggleNativeLog(enable: boolean): Promise<void>;
  initWhisper(options: { filePath: string; useGpu?: boolean }): Promise<WhisperContext>;
}
interface WhisperContext {
  transcribeData(
    audio: ArrayBuffer,
    options: {
      language?: string;
      prompt?: string;
      maxThreads?: number;
      onProgress?: (percent: number) => void;
    },
  ): {
    stop(): Promise<void>;
    promise: Promise<{ segments: { text: string; t0: number; t1: number }[]; language?: string }>;
  };
}

const BINDING_PACKAGE: string = '@fugood/whisper.node';

function emit(event: TranscriberEvent): void {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

/** Writes the last event and exits once stdout has drained (it is a pipe). */
function finish(event: TranscriberEvent, code: number): void {
  process.stdout.write(`${JSON.stringify(event)}\n`, () => process.exit(code));
}

async function firstLine(): Promise<string> {
  const rl = createInterface({ input: process.stdin });
  for await (const line of rl) {
    // The worker keeps stdin open; its end means the worker died: stop working for nobody.
    rl.on('close', () => process.exit(1));
    return line;
  }
  process.exit(1);
}

/** The binding, or the error event saying why it cannot be loaded. */
async function loadBinding(): Promise<WhisperBinding | TranscriberEvent> {
  try {
    return ((await import(BINDING_PACKAGE)) as { default: WhisperBinding }).default;
  } catch (err) {
    return {
      type: 'error',
      code: 'model_invalid',
      message: `未安装 whisper.cpp 绑定（运行 npm run setup:audio）：${(err as Error).message.slice(0, 300)}`,
    };
  }
}

/** Loads a model (its native load report reaches the worker as log events); an error event on failure. */
async function loadModel(
  whisper: WhisperBinding,
  model: string,
): Promise<{ ctx: WhisperContext; loadMs: number } | TranscriberEvent> {
  if (!existsSync(model))
    return { type: 'error', code: 'model_missing', message: `模型文件不存在：${model}` };
  const started = performance.now();
  try {
    const ctx = await whisper.initWhisper({ filePath: model, useGpu: false });
    // Native log callbacks arrive asynchronously: let the load report out before what follows.
    await new Promise((r) => setImmediate(r));
    return { ctx, loadMs: performance.now() - started };
  } catch (err) {
    return { type: 'error', code: 'model_invalid', message: (err as Error).message.slice(0, 500) };
  }
}

/** Transcribes one request on a loaded model: the result event. */
async function transcribe(ctx: WhisperContext, request: TranscribeRequest, loadMs: number) {
  const pcm = await readFile(request.pcm);
  const audio = pcm.buffer.slice(pcm.byteOffset, pcm.byteOffset + (pcm.length & ~1));
  const started = performance.now();
  const { promise } = ctx.transcribeData(audio, {
    language: request.language,
    prompt: request.prompt,
    maxThreads: request.threads,
    onProgress: (percent: number) => emit({ type: 'progress', percent: Math.max(0, Math.min(100, percent)) }),
  });
  const result = await promise;
  const whisperMs = performance.now() - started;
  // Native log callbacks arrive asynchronously: let the queued ones out before the result.
  await new Promise((r) => setImmediate(r));
  return {
    type: 'result',
    segments: result.segments.map((s) => ({
      start: Math.max(0, s.t0),
      end: Math.max(0, s.t1),
      text: s.text,
    })),
    ...(result.language ? { language: result.language } : {}),
    whisperMs,
    loadMs,
    engine: 'whisper.cpp via @fugood/whisper.node',
  } satisfies TranscriberEvent;
}

/** When whisper.cpp last logged (the serving mode waits for the load report to be out). */
let lastLogAt = 0;

function listenToNativeLog(whisper: WhisperBinding): Promise<void> {
  // whisper.cpp's own log: the model load report (and its warnings) reach the worker as events.
  whisper.addNativeLogListener((level, text) => {
    lastLogAt = performance.now();
    const t = text.trim();
    if (t) emit({ type: 'log', level, text: t.slice(0, 4000) });
  });
  return whisper.toggleNativeLog(true);
}

/**
 * Native log callbacks reach JavaScript some time after the native call that logged: wait until
 * the load report has started and then none came for 100 ms (at most 3 s), so the whole report
 * precedes `ready`.
 */
async function logQuiet(): Promise<void> {
  const until = performance.now() + 3000;
  while ((lastLogAt === 0 || performance.now() - lastLogAt < 100) && performance.now() < until)
    await new Promise((r) => setTimeout(r, 10));
}

/** One request, then exit (the original protocol). */
async function runOnce(): Promise<void> {
  let request: TranscribeRequest;
  try {
    request = ZTranscribeRequest.parse(JSON.parse(await firstLine()));
  } catch (err) {
    return finish({ type: 'error', code: 'bad_request', message: (err as Error).message.slice(0, 500) }, 2);
  }
  if (!existsSync(request.model)) {
    return finish({ type: 'error', code: 'model_missing', message: `模型文件不存在：${request.model}` }, 2);
  }
  const whisper = await loadBinding();
  if ('type' in whisper) return finish(whisper, 2);
  await listenToNativeLog(whisper);
  const loaded = await loadModel(whisper, request.model);
  if ('type' in loaded) return finish(loaded, 2);
  const result = await transcribe(loaded.ctx, request, loaded.loadMs);
  await whisper.toggleNativeLog(false);
  finish(result, 0);
}

/** Serving mode: the model loaded once, then every request on stdin until it ends. */
async function serve(model: string | undefined): Promise<void> {
  if (!model) return finish({ type: 'error', code: 'bad_request', message: 'usage: --serve <model>' }, 2);
  // Read from the start: the end of stdin means the worker is gone or done with this host, and
  // it stops at once, even while loading or in the middle of a transcription nobody will read.
  const queue: string[] = [];
  let wake: (() => void) | undefined;
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    queue.push(line);
    wake?.();
  });
  lines.on('close', () => process.exit(0));
  const whisper = await loadBinding();
  if ('type' in whisper) return finish(whisper, 2);
  await listenToNativeLog(whisper);
  let loaded = await loadModel(whisper, model);
  if ('type' in loaded) return finish(loaded, 2);
  let current = model;
  await logQuiet();
  emit({ type: 'ready', loadMs: loaded.loadMs });
  let loadMs = 0; // the start-up load is reported by `ready`, not charged to the first request
  for (;;) {
    while (queue.length === 0) await new Promise<void>((r) => (wake = r));
    const line = queue.shift()!;
    let request: TranscribeRequest;
    try {
      request = ZTranscribeRequest.parse(JSON.parse(line));
    } catch (err) {
      emit({ type: 'error', code: 'bad_request', message: (err as Error).message.slice(0, 500) });
      continue;
    }
    if (request.model !== current) {
      const next = await loadModel(whisper, request.model);
      if ('type' in next) {
        emit(next);
        continue;
      }
      ({ loadMs } = next);
      loaded = next;
      current = request.model;
    }
    emit(await transcribe(loaded.ctx, request, loadMs));
    loadMs = 0;
  }
}

function main(): Promise<void> {
  return process.argv[2] === '--serve' ? serve(process.argv[3]) : runOnce();
}

main().catch((err: unknown) => {
  finish(
    { type: 'error', code: 'internal', message: String((err as Error)?.message ?? err).slice(0, 500) },
    1,
  );
});
