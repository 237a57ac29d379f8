import { resolve } from 'node:path';
import { createLexiconCache, defaultLexiconCacheDir } from '../lexicons/lexicon.cache.js';
import { defaultLexiconDir, LexiconRegistry } from '../lexicons/lexicon.registry.js';
import type { Transcript } from '../models/transcript.js';
import { Analyzer } from '../pipeline/analyzer.js';
import { readCalibration } from '../pipeline/embeddings/calibration-file.js';
import { createEmbedder, type Embedder } from '../pipeline/embeddings/embedder.js';
import { analyzeWithEmbeddings, DEFAULT_EMBEDDING_THRESHOLD } from '../pipeline/embeddings/similarity.js';
import { loadSecondStage, type SecondStage } from '../pipeline/learned/second-stage.js';
import type { CallAnalysis } from '../pipeline/nlp/analyze.core.js';
import { createJiebaSegmenter } from '../pipeline/nlp/jieba.js';
import type { Config } from './config.js';

/** Everything a CLI command needs, built once from the configuration. */
export interface Runtime {
  lexicons: LexiconRegistry;
  lexiconDir: string;
  analyzer: Analyzer;
  embedder?: Embedder;
  threshold: number;
  analyze(t: Transcript): Promise<CallAnalysis>;
}

export async function createRuntime(
  config: Config,
  options: { embeddings?: boolean } = {},
): Promise<Runtime> {
  const lexiconDir = config.LEXICON_DIR ? resolve(config.LEXICON_DIR) : defaultLexiconDir();
  const cacheDir = config.LEXICON_CACHE_DIR;
  const cache =
    cacheDir === 'off'
      ? undefined
      : createLexiconCache(cacheDir ? resolve(cacheDir) : defaultLexiconCacheDir());
  const lexicons = LexiconRegistry.fromDirectory(lexiconDir, cache ? { cache } : {});
  const secondStage = loadConfiguredSecondStage(config);
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
    threshold,
    analyze: (t) =>
      embedder
        ? analyzeWithEmbeddings(t, analyzer, embedder, threshold)
        : Promise.resolve(analyzer.analyze(t)),
  };
}

/** The second stage named by SECOND_STAGE_MODEL (default: the shipped model; `off`: none). */
export function loadConfiguredSecondStage(config: Config): SecondStage | undefined {
  if (config.SECOND_STAGE_MODEL === 'off') return undefined;
  return loadSecondStage(config.SECOND_STAGE_MODEL ? resolve(config.SECOND_STAGE_MODEL) : undefined);
}
