/**
 * Sentence embeddings from a local transformers.js model folder (see model-catalog.ts for the
 * folders `tingjian models pull` produces). Never touches the network: remote models are disabled
 * and the folder is checked up front, so a missing model fails at boot with a fix, not at the first
 * call with a hub URL.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError, ErrorCode } from '../../models/errors.js';
import { listCatalogNames } from './model-catalog.js';

export interface Embedder {
  /** The folder name, which transformers.js uses as the model id. */
  readonly modelId: string;
  /** Absolute path of the model folder. */
  readonly modelDir: string;
  /** One mean-pooled, L2-normalised vector per text, in input order. */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}

export interface CreateEmbedderOptions {
  /** Folder holding config.json, tokenizer files and onnx/model*.onnx (EMBEDDING_MODEL_DIR). */
  readonly modelDir: string;
  /**
   * true: onnx/model_quantized.onnx; false: onnx/model.onnx.
   * Default: the quantized file when present, else the float one.
   */
  readonly quantized?: boolean;
  /** Texts per forward pass; padding is per batch, so smaller batches waste less on long outliers. Default 32. */
  readonly batchSize?: number;
}

const REQUIRED_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json'] as const;
const QUANTIZED_FILE = 'onnx/model_quantized.onnx';
const FLOAT_FILE = 'onnx/model.onnx';

// transformers.js keeps its settings in one global `env`, read while a pipeline loads. Loads are
// chained so two embedders from different parent folders cannot see each other's localModelPath.
let loadChain: Promise<unknown> = Promise.resolve();

/**
 * Loads the model in `modelDir` for feature extraction. Throws AppError `model_unavailable`, naming
 * the missing file, EMBEDDING_MODEL_DIR and `tingjian models pull <name>`, when the folder is
 * incomplete, and naming the folder when a file in it cannot be loaded.
 */
export async function createEmbedder(options: CreateEmbedderOptions): Promise<Embedder> {
  const modelDir = path.resolve(options.modelDir);
  const quantized = await checkModelFolder(modelDir, options.quantized);
  const batchSize = options.batchSize ?? 32;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new AppError(ErrorCode.InvalidInput, `batchSize must be a positive integer, got ${batchSize}.`);
  }
  const modelId = path.basename(modelDir);

  // Imported on first use: transformers.js pulls in onnxruntime and sharp (~0.3 s of CPU at
  // start-up), which every command without an embedding model would otherwise pay.
  const load = loadChain.then(async () => {
    const { env, pipeline } = await import('@xenova/transformers');
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    // The file cache is keyed by model id alone: a cached "bge-small-zh/config.json" from elsewhere
    // would shadow this folder's file.
    env.useFSCache = false;
    env.localModelPath = `${path.dirname(modelDir)}${path.sep}`;
    return pipeline('feature-extraction', modelId, { quantized, local_files_only: true });
  });
  loadChain = load.catch(() => undefined);
  const extractor = await load.catch((cause: unknown) => {
    // The folder passed the file check, so this is a damaged or incompatible file (bad ONNX, bad JSON).
    throw new AppError(
      ErrorCode.ModelUnavailable,
      `Could not load embedding model from ${modelDir}: ${cause instanceof Error ? cause.message : String(cause)}. ` +
        'Re-download it with `tingjian models pull <name>` or point EMBEDDING_MODEL_DIR at another folder.',
      { file: modelDir, cause },
    );
  });

  return {
    modelId,
    modelDir,
    async embed(texts: readonly string[]): Promise<Float32Array[]> {
      const vectors: Float32Array[] = [];
      for (let start = 0; start < texts.length; start += batchSize) {
        const batch = texts.slice(start, start + batchSize);
        const output = await extractor(batch, { pooling: 'mean', normalize: true });
        const [rows, dim] = output.dims;
        if (rows !== batch.length || dim === undefined || !(output.data instanceof Float32Array)) {
          throw new AppError(
            ErrorCode.Internal,
            `Embedding model ${modelId} returned a ${output.type} tensor [${output.dims.join(', ')}] for ${batch.length} texts.`,
          );
        }
        for (let row = 0; row < rows; row++) {
          // slice, not subarray: each vector owns its memory, so callers may keep one and drop the rest.
          vectors.push(output.data.slice(row * dim, (row + 1) * dim));
        }
      }
      return vectors;
    },
  };
}

/** Returns whether to load the quantized file; throws when a needed file is missing. */
async function checkModelFolder(modelDir: string, quantized: boolean | undefined): Promise<boolean> {
  const dirInfo = await stat(modelDir).catch(() => undefined);
  if (dirInfo === undefined || !dirInfo.isDirectory()) {
    throw missingModelError(modelDir, undefined);
  }
  for (const file of REQUIRED_FILES) {
    if (!(await isFile(path.join(modelDir, file)))) throw missingModelError(modelDir, file);
  }
  const hasQuantized = await isFile(path.join(modelDir, QUANTIZED_FILE));
  if (quantized === true && !hasQuantized) throw missingModelError(modelDir, QUANTIZED_FILE);
  if (quantized === true || (quantized === undefined && hasQuantized)) return true;
  if (!(await isFile(path.join(modelDir, FLOAT_FILE)))) {
    throw missingModelError(
      modelDir,
      quantized === false ? FLOAT_FILE : `${QUANTIZED_FILE} or ${FLOAT_FILE}`,
    );
  }
  return false;
}

async function isFile(file: string): Promise<boolean> {
  const info = await stat(file).catch(() => undefined);
  return info?.isFile() === true;
}

function missingModelError(modelDir: string, missing: string | undefined): AppError {
  const what =
    missing === undefined ? `folder ${modelDir} does not exist` : `folder ${modelDir} has no ${missing}`;
  return new AppError(
    ErrorCode.ModelUnavailable,
    `Embedding model ${what}. Set EMBEDDING_MODEL_DIR to a transformers.js model folder, ` +
      `or download one with \`tingjian models pull <name>\` (${listCatalogNames().join(', ')}).`,
    { file: missing === undefined ? modelDir : path.join(modelDir, missing) },
  );
}

/**
 * Cosine similarity of two equal-length vectors; 0 when either is all zeros. For the unit vectors
 * `embed` returns this equals the dot product.
 */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) {
    throw new AppError(
      ErrorCode.InvalidInput,
      `cosineSimilarity: lengths differ (${a.length} vs ${b.length}).`,
    );
  }
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    normA += x * x;
    normB += y * y;
  }
  if (normA === 0 || normB === 0) return 0;
  return dot / Math.sqrt(normA * normB);
}
