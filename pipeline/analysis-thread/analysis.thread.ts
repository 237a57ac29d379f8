import { parentPort, workerData } from 'node:worker_threads';
import { setPinyinCache } from '../../lexicons/pinyin-index.js';
import { createFileCache } from '../../models/file-cache.js';
import { loadSecondStage } from '../learned/second-stage.js';
import { createJiebaSegmenter } from '../nlp/jieba.js';
import { setNormalizeCache } from '../nlp/normalize.js';
import { ThreadAnalyzer } from './analysis-thread.core.js';
import type { AnalysisThreadInit, ThreadRequest } from './analysis-thread.protocol.js';

/**
 * Entry of an analysis thread (node:worker_threads): answers each request (an analysis, or the
 * masking and search words of a submitted call) in order, one at a time. An uncaught error or
 * running out of memory ends the thread; the pool in the main thread fails the job it was
 * running and starts a new thread.
 */
if (!parentPort) throw new Error('analysis.thread runs as a worker thread (see analysis-pool.ts)');
const port = parentPort;
const init = workerData as AnalysisThreadInit;
const files = init.cacheDir ? createFileCache(init.cacheDir) : undefined;
if (files) {
  setPinyinCache(files);
  setNormalizeCache(files);
}
// A file-backed second stage is loaded here as the main thread loaded it (see SecondStageSource).
const analyzer = new ThreadAnalyzer(init, createJiebaSegmenter(), (file) =>
  loadSecondStage(file, files ? { cache: files } : {}),
);
port.on('message', (req: ThreadRequest) => {
  port.postMessage(analyzer.answer(req));
});
