import { spawn } from 'node:child_process';
import { AudioError } from './audio-errors.js';
import { killGroup } from './child-process.js';
import {
  type TranscribeRequest,
  type TranscriberEvent,
  type TranscriberResult,
  ZTranscriberEvent,
} from './transcriber.protocol.js';

export interface TranscriberCommand {
  command: string;
  args: readonly string[];
}

export interface RunTranscriberOptions {
  timeoutMs: number;
  onProgress?: (percent: number) => void;
  onLog?: (level: string, text: string) => void;
  /** Aborting kills the transcriber (worker shutdown). */
  signal?: AbortSignal;
}

export interface TranscriberRun extends TranscriberResult {
  /** Log events received, in order (the native load log of whisper.cpp). */
  logs: { level: string; text: string }[];
  /** Wall time of the child process, spawn to exit. */
  wallMs: number;
}

/** Longest stdout line accepted (a result with many segments is one line). */
const MAX_LINE = 64 * 1024 * 1024;

/** The AudioError for an `error` event: model problems are permanent, the rest retried. */
export function reportedError(
  reported: Extract<TranscriberEvent, { type: 'error' }>,
  tail: string,
): AudioError {
  const model = reported.code === 'model_missing' || reported.code === 'model_invalid';
  return new AudioError(
    model
      ? 'model_unavailable'
      : reported.code === 'bad_request'
        ? 'transcriber_output'
        : 'transcriber_failed',
    model ? `语音模型无法加载：${reported.message}` : `转写失败：${reported.message}`,
    tail,
  );
}

/** The AudioError for a transcriber process that could not be started. */
export function spawnError(cmd: TranscriberCommand, err: Error): AudioError {
  const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
  return new AudioError(
    missing ? 'model_unavailable' : 'transcriber_failed',
    missing ? '转写程序不存在，请检查 WHISPER_BIN 配置' : '无法启动转写程序',
    `${cmd.command}: ${err.message}`,
  );
}

/** The AudioError for a transcription stopped by the worker's shutdown (retried later). */
export function abortedError(): AudioError {
  return new AudioError('transcriber_failed', '转写被中止（服务正在停止），稍后自动重试', 'aborted');
}

/** The AudioError for a transcription killed past its timeout (retried by the queue). */
export function timeoutError(timeoutMs: number, tail: string): AudioError {
  return new AudioError(
    'transcriber_timeout',
    `转写超时（超过 ${Math.round(timeoutMs / 1000)} 秒），已终止转写进程`,
    tail,
  );
}

/** The AudioError for output that is not the protocol (permanent). */
export function outputError(what: string): AudioError {
  return new AudioError('transcriber_output', '转写程序的输出无法识别', `unexpected output: ${what}`);
}

/**
 * Splits a child's stdout into lines for `onLine`; a line longer than {@link MAX_LINE} is
 * dropped and reported to `onOverflow` instead.
 */
export function lineSplitter(onLine: (line: string) => void, onOverflow: () => void) {
  let pending = '';
  return {
    push(chunk: string): void {
      pending += chunk;
      if (pending.length > MAX_LINE) {
        pending = '';
        onOverflow();
        return;
      }
      let nl = pending.indexOf('\n');
      while (nl >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        onLine(line);
        nl = pending.indexOf('\n');
      }
    },
    /** The last line when the output ended without a newline. */
    end(): void {
      if (pending.trim() !== '') onLine(pending);
      pending = '';
    },
  };
}

/** The AudioError for a transcriber that ended without a result (retried by the queue). */
export function crashedError(code: number | null, signal: NodeJS.Signals | null, tail: string): AudioError {
  const how = signal ? `信号 ${signal}` : code !== 0 ? `退出码 ${code}` : '未返回结果';
  return new AudioError('transcriber_crashed', `转写进程异常退出（${how}）`, tail);
}

/**
 * Runs one transcription in a child process ({@link TranscribeRequest} in, events out; see
 * transcriber.protocol.ts). Every way the child can go wrong becomes an {@link AudioError}:
 * signal or exit without a result → `transcriber_crashed`, past the timeout → killed and
 * `transcriber_timeout` (both retried), output that is not the protocol →
 * `transcriber_output`, a reported model problem → `model_unavailable` (both permanent).
 */
export function runTranscriber(
  cmd: TranscriberCommand,
  request: TranscribeRequest,
  options: RunTranscriberOptions,
): Promise<TranscriberRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(cmd.command, [...cmd.args], { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    const logs: { level: string; text: string }[] = [];
    let stderr = '';
    let result: TranscriberResult | undefined;
    let reported: Extract<TranscriberEvent, { type: 'error' }> | undefined;
    let violation: string | undefined;
    let timedOut = false;
    let aborted = false;
    let settled = false;

    const finish = (err: Error | null, value?: TranscriberRun) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve(value!);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, options.timeoutMs);
    const onAbort = () => {
      aborted = true;
      killGroup(child.pid);
    };
    options.signal?.addEventListener('abort', onAbort);

    const handleLine = (line: string) => {
      if (line.trim() === '' || violation) return;
      let event: TranscriberEvent;
      try {
        event = ZTranscriberEvent.parse(JSON.parse(line));
      } catch {
        violation = line.slice(0, 200);
        killGroup(child.pid);
        return;
      }
      switch (event.type) {
        case 'log':
          if (logs.length < 2000) logs.push({ level: event.level, text: event.text });
          options.onLog?.(event.level, event.text);
          break;
        case 'progress':
          options.onProgress?.(event.percent);
          break;
        case 'result':
          result = event;
          break;
        case 'error':
          reported = event;
          break;
        case 'ready': // serving mode only: nothing to do for a one-shot run
          break;
      }
    };

    const lines = lineSplitter(handleLine, () => {
      violation ??= 'an output line longer than 64 MB';
      killGroup(child.pid);
    });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => lines.push(chunk));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-8192);
    });
    // A transcriber that exits without reading its request closes the pipe: not our failure.
    child.stdin.on('error', () => {});
    child.once('error', (err) => finish(spawnError(cmd, err)));
    child.once('close', (code, signal) => {
      lines.end();
      const wallMs = performance.now() - started;
      const tail = stderr.trim().slice(-500);
      if (aborted) return finish(abortedError());
      if (timedOut) return finish(timeoutError(options.timeoutMs, tail));
      if (violation) return finish(outputError(violation));
      if (reported) return finish(reportedError(reported, tail));
      if (signal || code !== 0 || !result) return finish(crashedError(code, signal, tail));
      finish(null, { ...result, logs, wallMs });
    });

    child.stdin.write(`${JSON.stringify(request)}\n`);
  });
}
