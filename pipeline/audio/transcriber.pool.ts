/**
 * Warm transcriber hosts (transcriber.protocol.ts, serving mode): child processes started once
 * per worker with the model loaded, reused call after call, so a call pays neither a Node start
 * nor a model load. A host that crashes, hangs or breaks the protocol is killed and dropped —
 * its request fails with the same AudioError a one-shot run gives (retried by the queue where
 * that helps) — and the next request gets a fresh host. close() ends them all: no orphans.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { AudioError } from './audio-errors.js';
import { killGroup } from './child-process.js';
import { type TranscribeRequest, type TranscriberEvent, ZTranscriberEvent } from './transcriber.protocol.js';
import {
  abortedError,
  crashedError,
  lineSplitter,
  outputError,
  type RunTranscriberOptions,
  reportedError,
  spawnError,
  type TranscriberCommand,
  type TranscriberRun,
  timeoutError,
} from './transcriber.runner.js';

export interface TranscriberPoolOptions {
  /** The serving transcriber; `--serve <model>` is appended to its arguments. */
  command: TranscriberCommand;
  model: string;
  /** Hosts kept warm while idle (two: the two channels of a stereo call at once). */
  keep: number;
  /** Start-up (model load) limit of one host. */
  startTimeoutMs: number;
  /**
   * Idle hosts are ended after this long without a request (their memory given back while no
   * recording arrives); the next request starts fresh ones. 0 or unset: kept until close().
   */
  idleMs?: number;
}

/** What one request is waiting for. */
interface Pending {
  resolve: (run: TranscriberRun) => void;
  reject: (err: Error) => void;
  options: RunTranscriberOptions;
  logs: { level: string; text: string }[];
  started: number;
  timer: NodeJS.Timeout;
  onAbort: () => void;
}

/** One serving child process. */
export class TranscriberHost {
  readonly ready: Promise<void>;
  /** The model-load report (log events before `ready`), handed out with every run. */
  readonly loadLogs: { level: string; text: string }[] = [];
  loadMs: number | undefined;
  private readonly child: ChildProcessWithoutNullStreams;
  private stderr = '';
  private readonly lines = lineSplitter(
    (line) => this.onLine(line),
    () => this.protocolViolation('an output line longer than 64 MB'),
  );
  private pending: Pending | undefined;
  private failure: AudioError | undefined;
  private exited = false;
  /** A request has been sent (log lines from then on belong to requests). */
  private served = false;
  private readyWait: { resolve: () => void; reject: (err: Error) => void } | undefined;
  private startError: Extract<TranscriberEvent, { type: 'error' }> | undefined;

  constructor(options: TranscriberPoolOptions) {
    const { command, model } = options;
    this.child = spawn(command.command, [...command.args, '--serve', model], {
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    this.ready = new Promise<void>((resolve, reject) => {
      this.readyWait = { resolve, reject };
    });
    // Nobody may be awaiting `ready` when a host dies idle: the rejection is read from `failure`.
    this.ready.catch(() => {});
    const startTimer = setTimeout(() => {
      this.fail(new AudioError('transcriber_timeout', '转写程序启动超时（加载模型过久）', this.tail()));
    }, options.startTimeoutMs);
    this.ready.then(
      () => clearTimeout(startTimer),
      () => clearTimeout(startTimer),
    );
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (chunk: string) => this.lines.push(chunk));
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-8192);
    });
    this.child.stdin.on('error', () => {});
    this.child.once('error', (err) => {
      if (this.child.pid === undefined) this.exited = true; // never started: no 'close' to wait for
      this.fail(spawnError(command, err));
    });
    this.child.once('close', (code, signal) => {
      this.exited = true;
      this.lines.end();
      const tail = this.tail();
      this.fail(this.startError ? reportedError(this.startError, tail) : crashedError(code, signal, tail));
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** False once the host has failed or exited: it takes no more requests. */
  get usable(): boolean {
    return !this.failure && !this.exited;
  }

  /** Runs one request; the host must be ready and idle. */
  run(request: TranscribeRequest, options: RunTranscriberOptions): Promise<TranscriberRun> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.pending) return Promise.reject(new Error('transcriber host is busy'));
    return new Promise((resolve, reject) => {
      const onAbort = () => this.fail(abortedError());
      const timer = setTimeout(
        () => this.fail(timeoutError(options.timeoutMs, this.tail())),
        options.timeoutMs,
      );
      this.pending = { resolve, reject, options, logs: [], started: performance.now(), timer, onAbort };
      this.served = true;
      options.signal?.addEventListener('abort', onAbort);
      if (options.signal?.aborted) return onAbort();
      this.child.stdin.write(`${JSON.stringify(request)}\n`);
    });
  }

  /** Ends the host: stdin closed (it exits by itself), killed if still there after `graceMs`. */
  async close(graceMs = 1000): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((r) => this.child.once('close', () => r()));
    this.child.stdin.end();
    const kill = setTimeout(() => killGroup(this.child.pid), graceMs);
    let giveUp: NodeJS.Timeout | undefined;
    await Promise.race([gone, new Promise<void>((r) => (giveUp = setTimeout(r, graceMs + 2000)))]);
    clearTimeout(kill);
    clearTimeout(giveUp);
  }

  private tail(): string {
    return this.stderr.trim().slice(-500);
  }

  /** The host is unusable from now on: kill it, and fail whoever waits on it. */
  private fail(err: AudioError): void {
    if (!this.failure) this.failure = err;
    if (!this.exited) killGroup(this.child.pid);
    this.readyWait?.reject(this.failure);
    this.readyWait = undefined;
    const p = this.pending;
    if (!p) return;
    this.pending = undefined;
    clearTimeout(p.timer);
    p.options.signal?.removeEventListener('abort', p.onAbort);
    p.reject(this.failure);
  }

  private protocolViolation(what: string): void {
    this.fail(outputError(what));
  }

  private onLine(line: string): void {
    if (line.trim() === '' || this.failure) return;
    let event: TranscriberEvent;
    try {
      event = ZTranscriberEvent.parse(JSON.parse(line));
    } catch {
      this.protocolViolation(line.slice(0, 200));
      return;
    }
    const p = this.pending;
    switch (event.type) {
      case 'log':
        // Until the first request, every log line is the load report (some may follow `ready`).
        if (!this.served && !p) {
          if (this.loadLogs.length < 2000) this.loadLogs.push({ level: event.level, text: event.text });
        } else {
          if (p && p.logs.length < 2000) p.logs.push({ level: event.level, text: event.text });
          p?.options.onLog?.(event.level, event.text);
        }
        return;
      case 'ready':
        this.loadMs = event.loadMs;
        this.readyWait?.resolve();
        this.readyWait = undefined;
        return;
      case 'progress':
        p?.options.onProgress?.(event.percent);
        return;
      case 'error':
        if (this.readyWait) {
          this.startError = event; // the host exits next; its close reports it
          return;
        }
        // A failed request leaves the host in an unknown state: it is replaced.
        if (p) this.fail(reportedError(event, this.tail()));
        else this.protocolViolation('an error event without a request');
        return;
      case 'result': {
        if (!p) {
          this.protocolViolation('a result without a request');
          return;
        }
        this.pending = undefined;
        clearTimeout(p.timer);
        p.options.signal?.removeEventListener('abort', p.onAbort);
        const { type: _type, ...result } = event;
        p.resolve({
          type: 'result',
          ...result,
          logs: [...this.loadLogs, ...p.logs],
          wallMs: performance.now() - p.started,
        });
        return;
      }
    }
  }
}

/**
 * The warm hosts of one worker. `run` takes an idle host (or starts one), and gives it back
 * afterwards; at most `keep` idle hosts are kept, more are started when more channels run at
 * once (several calls in parallel) and closed when they come back.
 */
export class TranscriberPool {
  private readonly idle: TranscriberHost[] = [];
  private readonly all = new Set<TranscriberHost>();
  private closed = false;
  /** When each idle host was given back (ms, performance.now()). */
  private readonly idleSince = new Map<TranscriberHost, number>();
  private sweepTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: TranscriberPoolOptions) {}

  /** Starts the hosts kept warm and waits until their model is loaded (worker start). */
  async warm(): Promise<void> {
    const missing = Math.max(0, this.options.keep - this.idle.length);
    const hosts = Array.from({ length: missing }, () => this.start());
    try {
      await Promise.all(hosts.map((h) => h.ready));
    } finally {
      // Hosts that failed to start are not replaced here: the start itself reports the failure.
      for (const h of hosts) this.giveBack(h, false);
    }
  }

  /** Process ids of the live hosts (tests, diagnostics). */
  pids(): number[] {
    return [...this.all].filter((h) => h.usable && h.pid !== undefined).map((h) => h.pid!);
  }

  /** One request on a warm host; a failure of the host rejects with its AudioError. */
  async run(request: TranscribeRequest, options: RunTranscriberOptions): Promise<TranscriberRun> {
    if (this.closed)
      throw new AudioError('transcriber_failed', '转写被中止（服务正在停止），稍后自动重试', 'closed');
    const host = this.take();
    try {
      await host.ready;
      return await host.run(request, options);
    } finally {
      this.giveBack(host);
    }
  }

  /** Ends every host (worker shutdown); running requests fail and are retried elsewhere. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.sweepTimer) clearTimeout(this.sweepTimer);
    this.idle.length = 0;
    this.idleSince.clear();
    await Promise.all([...this.all].map((h) => h.close()));
    this.all.clear();
  }

  private start(): TranscriberHost {
    const host = new TranscriberHost(this.options);
    this.all.add(host);
    return host;
  }

  private take(): TranscriberHost {
    for (let h = this.idle.pop(); h; h = this.idle.pop()) {
      this.idleSince.delete(h);
      if (h.usable) return h;
      this.all.delete(h);
    }
    return this.start();
  }

  private giveBack(host: TranscriberHost, replace = true): void {
    if (!host.usable || this.closed) {
      this.all.delete(host);
      void host.close();
      // A host that died is replaced at once, so the next call finds a warm one. A replacement
      // that fails too is dropped when taken: one restart per failed call, never a loop.
      if (replace && !this.closed && this.idle.length < this.options.keep) this.keepIdle(this.start(), true);
      return;
    }
    if (this.idle.length < this.options.keep) this.keepIdle(host);
    else {
      this.all.delete(host);
      void host.close();
    }
  }

  private keepIdle(host: TranscriberHost, first = false): void {
    if (first) this.idle.unshift(host);
    else this.idle.push(host);
    this.idleSince.set(host, performance.now());
    this.scheduleSweep();
  }

  /** Ends the hosts idle for idleMs or more; runs again while any host is idle. */
  private scheduleSweep(): void {
    const idleMs = this.options.idleMs ?? 0;
    if (idleMs <= 0 || this.sweepTimer || this.closed) return;
    this.sweepTimer = setTimeout(() => {
      this.sweepTimer = undefined;
      const now = performance.now();
      for (const host of [...this.idle]) {
        const since = this.idleSince.get(host) ?? now;
        if (now - since < idleMs) continue;
        this.idle.splice(this.idle.indexOf(host), 1);
        this.idleSince.delete(host);
        this.all.delete(host);
        void host.close();
      }
      if (this.idle.length > 0) this.scheduleSweep();
    }, idleMs);
    // A pool waiting to end idle hosts never keeps the process alive.
    this.sweepTimer.unref();
  }
}
