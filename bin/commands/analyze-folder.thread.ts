import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../models/errors.js';
import { AUTO_INDUSTRY } from '../../models/transcript.js';
import { createRuntime } from '../runtime.js';
import { analyzeFolderItem } from './analyze-file.js';
import type { FolderReply, FolderRequest, FolderThreadInit } from './analyze-folder.js';

/**
 * Entry of a folder thread (`tingjian analyze <folder>`, see analyzeFolderInThreads): builds the
 * runtime `--threads 0` would use, then reads, analyses and reduces each file it is sent, one at
 * a time, answering with the file's item.
 */
if (!parentPort) throw new Error('analyze-folder.thread runs as a worker thread (see analyze-folder.ts)');
const port = parentPort;
const { config, options } = workerData as FolderThreadInit;
try {
  const runtime = await createRuntime(config, { embeddings: false });
  if (options.industry && options.industry !== AUTO_INDUSTRY) runtime.lexicons.get(options.industry);
  port.on('message', async (req: FolderRequest) => {
    port.postMessage({
      id: req.id,
      item: await analyzeFolderItem(req.file, runtime, options),
    } satisfies FolderReply);
  });
} catch (err) {
  const startError =
    err instanceof AppError ? { message: err.message, code: err.code } : { message: (err as Error).message };
  port.postMessage({ startError } satisfies FolderReply);
}
