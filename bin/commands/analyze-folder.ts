import { readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, join } from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { DIMENSION_NAMES_ZH, DIMENSIONS } from '../../lexicons/scorecard.schema.js';
import { AppError, type TErrorCode } from '../../models/errors.js';
import { threadEntry } from '../../models/thread-entry.js';
import type { Config } from '../config.js';
import type { AnalyzeOptions, FolderItem } from './analyze-file.js';

/** A folder smaller than this is analysed on the main thread: starting threads costs more. */
export const THREADED_FOLDER_MIN = 16;
const MAX_FOLDER_THREADS = 4;
/**
 * V8 young generation of a folder thread (MB; two 32 MB semi-spaces). A thread allocates a few MB
 * per call and keeps little: a large young generation means fewer scavenges, each no longer.
 * Twice Node's default (48): with every core busy analysing, a scavenge's parallel helpers wait
 * for a core, so each scavenge saved counts double. 96 MB: ~225 scavenges instead of ~395 for
 * 1,000 calls, their pauses 0.8-1.4 s instead of 2.2-4.4 s, and less promoted to the old space
 * (lower peak RSS); larger gained no more (docs/measurements.md, 2026-12-08, issue 16).
 */
export const FOLDER_THREAD_YOUNG_MB = 96;
/** Files sent to a thread ahead of its answers, so it never waits for the next one. */
const FILES_AHEAD_PER_THREAD = 2;

/** How many analysis threads a folder of `files` transcripts gets (0: none). */
export function folderThreads(files: number, requested: number | undefined, embeddings: boolean): number {
  if (embeddings) return 0; // the embedding model lives on the main thread
  if (requested !== undefined) return requested;
  return files >= THREADED_FOLDER_MIN ? Math.min(availableParallelism(), MAX_FOLDER_THREADS) : 0;
}

/** Transcript files of a folder: *.json (ours or a vendor's) except gold labels, *.csv, *.xlsx; sorted by name. */
export function transcriptFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /\.(json|csv|xlsx)$/i.test(f) && !f.endsWith('.gold.json'))
    .sort()
    .map((f) => join(dir, f));
}

/** What a folder thread is started with. */
export interface FolderThreadInit {
  readonly config: Config;
  readonly options: AnalyzeOptions;
}

/** Main thread → folder thread: analyse this file. */
export interface FolderRequest {
  readonly id: number;
  readonly file: string;
}

/** Folder thread → main thread: a file's item, or why the thread could not start. */
export type FolderReply =
  | { readonly id: number; readonly item: FolderItem }
  | { readonly startError: { readonly message: string; readonly code?: string } };

/**
 * Analyses every file in `threads` threads, each with a runtime of its own built from the same
 * configuration (the lexicons, second stage and segmenter of `--threads 0`), which reads,
 * analyses and reduces a file to its {@link FolderItem}: only file names and finished text cross
 * between threads. `each` gets the items in the folder's order, as soon as all before are in.
 * A thread that cannot start fails the command with its error (an unknown `--industry`); one
 * that stops fails the files it held and is replaced.
 */
export async function analyzeFolderInThreads(
  files: readonly string[],
  threads: number,
  init: FolderThreadInit,
  each: (item: FolderItem, index: number) => void,
): Promise<void> {
  const { filename, evaluated } = threadEntry(import.meta.url, 'analyze-folder.thread');
  const ordered = orderedSink(each);
  let next = 0;
  let failure: Error | undefined;
  const workers = new Set<Worker>();
  await new Promise<void>((resolve, reject) => {
    const finish = () => {
      if (failure) reject(failure);
      else if (ordered.count === files.length) resolve();
    };
    const start = () => {
      const held = new Set<number>();
      const worker = new Worker(filename, folderWorkerOptions(init, evaluated));
      workers.add(worker);
      const send = () => {
        if (next >= files.length || failure) return;
        const id = next++;
        held.add(id);
        worker.postMessage({ id, file: files[id]! } satisfies FolderRequest);
      };
      worker.on('message', (reply: FolderReply) => {
        if ('startError' in reply) {
          const { code, message } = reply.startError;
          failure ??= code ? new AppError(code as TErrorCode, message) : new Error(message);
          finish();
          return;
        }
        held.delete(reply.id);
        ordered.put(reply.id, reply.item);
        send();
        finish();
      });
      const stopped = (reason: string) => {
        if (!workers.delete(worker) || failure) return;
        for (const id of held)
          ordered.put(id, { error: `the analysis thread stopped while analysing this file (${reason})` });
        held.clear();
        if (next < files.length) start();
        finish();
      };
      worker.on('error', (err) => stopped(err.message));
      worker.on('exit', (code) => stopped(`exit code ${code}`));
      for (let i = 0; i < FILES_AHEAD_PER_THREAD; i++) send();
    };
    for (let t = 0; t < Math.min(threads, files.length); t++) start();
  }).finally(() => Promise.all([...workers].map((w) => w.terminate())));
}

/** How a folder thread is started: its data and its heap limits (the larger young generation). */
export function folderWorkerOptions(init: FolderThreadInit, evaluated: boolean): WorkerOptions {
  return {
    eval: evaluated,
    workerData: init,
    resourceLimits: { maxYoungGenerationSizeMb: FOLDER_THREAD_YOUNG_MB },
  };
}

/** Passes items on in index order, holding only those that arrive before their predecessors. */
export function orderedSink(each: (item: FolderItem, index: number) => void) {
  const early = new Map<number, FolderItem>();
  let count = 0;
  return {
    get count() {
      return count;
    },
    put(index: number, item: FolderItem) {
      early.set(index, item);
      for (let held = early.get(count); held; held = early.get(count)) {
        early.delete(count);
        each(held, count++);
      }
    },
  };
}

/**
 * Prints a folder's result as its items come, in order: the JSON document streamed call by call
 * (byte for byte what printing it at once would give), or the summary table (text, md) once the
 * last row is in, since a text table's column widths depend on every row. Holds the rows and the
 * errors, never the analyses. Returns the failed files with their errors.
 */
export function folderPrinter(format: AnalyzeOptions['format'], files: readonly string[]) {
  const out = process.stdout;
  const failed: { file: string; error: string }[] = [];
  const rows: string[][] = [];
  let calls = 0;
  let chunk = '';
  const flush = (min: number) => {
    if (chunk.length < min) return;
    out.write(chunk);
    chunk = '';
  };
  return {
    add(item: FolderItem, index: number) {
      const file = basename(files[index]!);
      if ('error' in item) {
        failed.push({ file, error: item.error });
        rows.push([file, '—', '失败', ...DIMENSIONS.map(() => '—'), item.error.slice(0, 60), '']);
      } else if ('json' in item) {
        chunk += `${calls++ === 0 ? '{\n  "calls": [\n    ' : ',\n    '}${item.json}`;
        flush(1 << 20);
      } else rows.push([file, ...item.cells]);
    },
    /** The end of the output; the failed files, for stderr and the exit code. */
    end(): { file: string; error: string }[] {
      if (format === 'json') {
        const errors = JSON.stringify(failed, null, 2).replaceAll('\n', '\n  ');
        chunk += `${calls === 0 ? '{\n  "calls": []' : '\n  ]'},\n  "errors": ${errors}\n}\n`;
        flush(0);
      } else out.write(`${summaryTable(rows, failed.length, format === 'md')}\n`);
      return failed;
    },
  };
}

function summaryTable(rows: string[][], failed: number, md: boolean): string {
  const header = [
    '文件',
    '行业',
    '总分',
    ...DIMENSIONS.map((d) => DIMENSION_NAMES_ZH[d]),
    '标签',
    '辅导机会',
  ];
  const footer = `共 ${rows.length} 个文件，成功 ${rows.length - failed} 个，失败 ${failed} 个`;
  if (md) {
    return [
      `| ${header.join(' | ')} |`,
      `|${header.map(() => '---').join('|')}|`,
      ...rows.map((r) => `| ${r.join(' | ')} |`),
      '',
      footer,
    ].join('\n');
  }
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u1100-\uffff]/.test(ch) ? 2 : 1), 0);
  const cols = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: string[]) => cells.map((c, i) => c + ' '.repeat(cols[i]! - width(c))).join('  ');
  return [line(header), cols.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line), '', footer].join('\n');
}

/** A progress bar on stderr (redrawn in place on a terminal, one line per file otherwise). */
export function createProgress(total: number) {
  let done = 0;
  const tty = process.stderr.isTTY;
  return {
    tick(name: string) {
      done++;
      const width = 30;
      const filled = Math.round((done / total) * width);
      const text = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${name}`;
      if (tty) process.stderr.write(`\r${text}\x1b[K`);
      else process.stderr.write(`${text}\n`);
    },
    done() {
      if (tty) process.stderr.write('\n');
    },
  };
}
