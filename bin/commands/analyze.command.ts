import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { AppError, ErrorCode } from '../../models/errors.js';
import { AUTO_INDUSTRY } from '../../models/transcript.js';
import type { Config } from '../config.js';
import type { AnalyzeOptions, FolderItem } from './analyze-file.js';
import {
  analyzeFolderInThreads,
  createProgress,
  folderPrinter,
  folderThreads,
  orderedSink,
  transcriptFiles,
} from './analyze-folder.js';

export type { AnalyzeOptions } from './analyze-file.js';
export { folderThreads, THREADED_FOLDER_MIN, transcriptFiles } from './analyze-folder.js';

export async function analyzeCommand(
  args: string[],
  options: AnalyzeOptions,
  config: Config,
): Promise<number> {
  const target = args[0];
  if (!target)
    throw new AppError(ErrorCode.InvalidInput, 'analyze needs a transcript file or a folder of them');
  let isDir: boolean;
  try {
    isDir = statSync(target).isDirectory();
  } catch {
    throw new AppError(ErrorCode.InvalidInput, `no such file or folder: ${target}`);
  }
  const files = isDir ? transcriptFiles(target) : [];
  if (isDir && files.length === 0)
    throw new AppError(ErrorCode.InvalidInput, `no transcript files (*.json, *.csv, *.xlsx) in ${target}`);
  // The embedding model (EMBEDDING_MODEL_DIR) lives on the main thread.
  const threads = isDir ? folderThreads(files.length, options.threads, !!config.EMBEDDING_MODEL_DIR) : 0;
  const printer = folderPrinter(options.format, files);
  const progress = createProgress(files.length);
  const each = (item: FolderItem, index: number) => {
    printer.add(item, index);
    progress.tick(basename(files[index]!));
  };
  if (threads > 0) {
    // The threads build their own runtimes: this one only hands out files and prints.
    await analyzeFolderInThreads(files, threads, { config, options }, each);
  } else {
    // Loaded only here: a folder in threads starts them without loading the analysis first.
    const [{ createRuntime }, { analyzeFile, analyzeFolderItem, renderCall }] = await Promise.all([
      import('../runtime.js'),
      import('./analyze-file.js'),
    ]);
    const runtime = await createRuntime(config);
    if (options.industry && options.industry !== AUTO_INDUSTRY) runtime.lexicons.get(options.industry);
    if (!isDir) {
      const analysis = await analyzeFile(target, runtime, options);
      console.log(renderCall(analysis, options.format, runtime));
      return 0;
    }
    const ordered = orderedSink(each);
    for (const [i, file] of files.entries()) ordered.put(i, await analyzeFolderItem(file, runtime, options));
  }
  progress.done();
  const failed = printer.end();
  for (const f of failed) console.error(`✗ ${f.file}: ${f.error}`);
  return failed.length > 0 ? 1 : 0;
}
