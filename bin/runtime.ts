import { join, resolve } from 'node:path';
import { createLexiconCache, type LexiconCache } from '../lexicons/lexicon.cache.js';
import { defaultLexiconDir, LexiconRegistry } from '../lexicons/lexicon.registry.js';
import { setPinyinCache } from '../lexicons/pinyin-index.js';
import { setScorecardCache } from '../lexicons/scorecard.loader.js';
import { createFileCache, defaultCacheDir, type FileCache, NO_FILE_CACHE } from '../models/file-cache.js';
import type { Transcript } from '../models/transcript.js';
import { Analyzer } from '../pipeline/analyzer.js';
import { readCalibration } from '../pipeline/embeddings/calibration-file.js';
import { createEmbedder, type Embedder } from '../pipeline/embeddings/embedder.js';
import { analyzeWithEmbeddings, DEFAULT_EMBEDDING_THRESHOLD } from '../pipeline/embeddings/similarity.js';
import { DEFAULT_MODEL_PATH, loadSecondStage, type SecondStage } from '../pipeline/learned/second-stage.js';
import type { CallAnalysis } from '../pipeline/nlp/analyze.core.js';
import { createJiebaSegmenter } from '../pipeline/nlp/jieba.js';
import { setNormalizeCache } from '../pipeline/nlp/normalize.js';
import type { Config } from './config.js';

/** Everything a CLI command needs, built once from the configuration. */
export interface Runtime {
  lexicons: LexiconRegistry;
  lexiconDir: string;
  analyzer: Analyzer;
  embedder?: Embedder;
  threshold: number;
  /** The folder of derived-data caches in use (CACHE_DIR), for analysis threads; absent: none. */
  cacheDir?: string;
  analyze(t: Transcript): Promise<CallAnalysis>;
}

export async function createRuntime(
  config: Config,
  options: { embeddings?: boolean } = {},
): Promise<Runtime> {
  const lexiconDir = config.LEXICON_DIR ? resolve(config.LEXICON_DIR) : defaultLexiconDir();
  const files = installFileCache(config);
  const cache = lexiconCacheOf(config);
  const lexicons = LexiconRegistry.fromDirectory(lexiconDir, cache ? { cache } : {});
  const secondStage = loadConfiguredSecondStage(config, files);
  const analyzer = new Analyzer({
    lexicons,
    lexiconDir,
    cut: createJiebaSegmenter(),
    ...(secondStage ? { secondStage } : {}),
  });
  let embedder: Embedder | undefined;
  let threshold = config.EMBEDDING_THRESHOLD ?? DEFAULT_EMBEDDING_THRESHOLD;
  if (config.EMBEDDING_MODEL_DIR && options.embeddings !== false) {
    embedder = await createEmbedder({ modelDir: resolve(config.EMBEDDING_MODEL_DIR) });
    const calibration = readCalibration(embedder.modelDir);
    if (config.EMBEDDING_THRESHOLD === undefined && calibration) threshold = calibration.threshold;
  }
  return {
    lexicons,
    lexiconDir,
    analyzer,
    ...(embedder ? { embedder } : {}),
    ...(files.dir ? { cacheDir: files.dir } : {}),
    threshold,
    analyze: (t) =>
      embedder
        ? analyzeWithEmbeddings(t, analyzer, embedder, threshold)
        : Promise.resolve(analyzer.analyze(t)),
  };
}

/**
 * The cache of derived data (CACHE_DIR) made the one this thread's pinyin tables, normalisation
 * tables and scorecards are read from and kept in; returned for the rest (second stage, threads).
 */
export function installFileCache(config: Pick<Config, 'CACHE_DIR'>): FileCache {
  const files = fileCacheOf(config);
  setPinyinCache(files);
  setNormalizeCache(files);
  setScorecardCache(files);
  return files;
}

/** The cache of derived data named by CACHE_DIR (default: the user's cache folder; `off`: none). */
export function fileCacheOf(config: Pick<Config, 'CACHE_DIR'>): FileCache {
  const dir = config.CACHE_DIR;
  if (dir === 'off') return NO_FILE_CACHE;
  return createFileCache(dir ? resolve(dir) : defaultCacheDir());
}

/**
 * The validated-lexicon cache (LEXICON_CACHE_DIR; default `lexicons/` in CACHE_DIR; `off`, or
 * CACHE_DIR `off` without a LEXICON_CACHE_DIR: none): a start reads the lexicon files it
 * validated before instead of parsing and checking the YAML again.
 */
export function lexiconCacheOf(
  config: Pick<Config, 'CACHE_DIR' | 'LEXICON_CACHE_DIR'>,
): LexiconCache | undefined {
  const dir = config.LEXICON_CACHE_DIR;
  if (dir === 'off') return undefined;
  if (dir) return createLexiconCache(resolve(dir));
  const root = fileCacheOf(config).dir;
  return root ? createLexiconCache(join(root, 'lexicons')) : undefined;
}

/**
 * The second stage named by SECOND_STAGE_MODEL (default: the shipped model; `off`: none), read
 * through `cache` (validated once per model file and code version, then read back laid out).
 */
export function loadConfiguredSecondStage(
  config: Config,
  cache: FileCache = fileCacheOf(config),
): SecondStage | undefined {
  const file = secondStageFileOf(config);
  return file ? loadSecondStage(file, { cache }) : undefined;
}

/** The file of the configured second stage (SECOND_STAGE_MODEL, else the shipped model); `off`: none. */
export function secondStageFileOf(config: Pick<Config, 'SECOND_STAGE_MODEL'>): string | undefined {
  if (config.SECOND_STAGE_MODEL === 'off') return undefined;
  return config.SECOND_STAGE_MODEL ? resolve(config.SECOND_STAGE_MODEL) : DEFAULT_MODEL_PATH;
}
