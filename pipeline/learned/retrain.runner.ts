import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Correction } from '../../models/appeal.js';
import { AppError, ErrorCode } from '../../models/errors.js';
import { packageRoot } from '../../models/package-root.js';
import type { LabelledCall } from '../eval/run-eval.js';
import type { CorrectedCall } from './appeal-examples.js';
import type { Role } from './features.js';
import type { SecondStageModel } from './model.schema.js';
import { type RetrainResult, retrainWithAppeals } from './retrain.core.js';
import { readLabelledCallsExcept, readTrainingCalls, TRAINING_SOURCES } from './training-data.js';

/**
 * Runs a retraining with appeals, in this process (the CLI) or in a child process (the server:
 * ~10 s of CPU that must not stall the API's event loop). Both read the shipped labelled calls
 * from the package's training folder.
 */

/** A corrected call as it crosses a process boundary (labels as a plain object). */
export interface CorrectedCallMessage {
  readonly callId: string;
  readonly industry: string;
  readonly utterances: readonly { id: string; speaker: Role; text: string }[];
  readonly corrections: readonly { appealId: string; correction: Correction }[];
  readonly labels: Readonly<Record<string, readonly string[]>>;
}

export interface RetrainRequest {
  readonly corrected: readonly CorrectedCallMessage[];
  readonly current: SecondStageModel;
  readonly repeat?: number;
}

/** The package root, when the shipped training calls are installed beside the code. */
export function trainingRoot(): string {
  const root = packageRoot();
  if (existsSync(join(root, TRAINING_SOURCES.setAside))) return root;
  throw new AppError(
    ErrorCode.ModelUnavailable,
    `the shipped training calls (${TRAINING_SOURCES.setAside}) are not installed beside the code`,
  );
}

/** Every shipped labelled call, set-aside ones included: what the publishing guard measures on. */
export function readGuardCalls(root: string): LabelledCall[] {
  return TRAINING_SOURCES.dirs.flatMap((d) => readLabelledCallsExcept(join(root, d), new Set()));
}

export function toCorrectedCall(m: CorrectedCallMessage): CorrectedCall {
  return { ...m, labels: new Map(Object.entries(m.labels)) };
}

/** Retrains here, blocking this process for the duration. */
export function retrainInProcess(req: RetrainRequest, root = trainingRoot()): RetrainResult {
  return retrainWithAppeals({
    training: readTrainingCalls(root),
    guardCalls: readGuardCalls(root),
    corrected: req.corrected.map(toCorrectedCall),
    current: req.current,
    ...(req.repeat !== undefined ? { repeat: req.repeat } : {}),
  });
}

/** Retrains in a child process; rejects with the child's error message when it fails. */
export function retrainInChild(req: RetrainRequest, timeoutMs = 10 * 60_000): Promise<RetrainResult> {
  const fromSources = import.meta.url.endsWith('.ts');
  const child = fileURLToPath(new URL(`./retrain.child.${fromSources ? 'ts' : 'js'}`, import.meta.url));
  return new Promise((resolve, reject) => {
    const proc = fork(child, [], {
      execArgv: fromSources ? ['--import', 'tsx'] : [],
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    let stderr = '';
    let settled = false;
    const done = (err: Error | null, result?: RetrainResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (proc.exitCode === null) proc.kill();
      if (err) reject(err);
      else resolve(result!);
    };
    const timer = setTimeout(
      () =>
        done(new AppError(ErrorCode.Internal, `retraining took longer than ${timeoutMs} ms and was stopped`)),
      timeoutMs,
    );
    proc.stderr?.on('data', (b: Buffer) => {
      stderr = (stderr + b.toString('utf8')).slice(-4000);
    });
    proc.on('message', (m: { ok: true; result: RetrainResult } | { ok: false; error: string }) => {
      if (m.ok) done(null, m.result);
      else done(new AppError(ErrorCode.Internal, `retraining failed: ${m.error}`));
    });
    proc.on('error', (err) => done(err));
    proc.on('exit', (code, signal) =>
      done(
        new AppError(
          ErrorCode.Internal,
          `retraining process ended (${signal ?? `exit ${code}`}) without a result${stderr ? `: ${stderr.trim().split('\n').slice(-3).join(' | ')}` : ''}`,
        ),
      ),
    );
    proc.send(req);
  });
}
