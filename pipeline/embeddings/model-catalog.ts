/**
 * Named Chinese-capable sentence-embedding models that `tingjian models pull <name>` can download
 * into a folder `createEmbedder` loads. Only repositories laid out for transformers.js (ONNX weights
 * under `onnx/`) and whose architecture @xenova/transformers 2.17 supports (`bert`) are listed:
 * Xenova/text2vec-base-chinese-sentence is `ernie`, which 2.17 cannot load, and there is no
 * Xenova export of the BERT-based shibing624/text2vec-base-chinese.
 *
 * Checksums: this catalog was written without access to the Hugging Face Hub, so `sha256` and
 * `size` are left undefined. The puller then trusts the first download, records the hashes in the
 * model folder's `checksums.json` and verifies against them on every re-pull. Pin `revision` to a
 * full commit and fill in `sha256` once they have been read from the Hub.
 */

/** One file of a model repository, by its path in the repository (also its path in the folder). */
export interface ModelFile {
  readonly path: string;
  /** Lower-case hex SHA-256 of the file; undefined = unknown, trust on first use. */
  readonly sha256?: string;
  /** Size in bytes, for progress reporting; undefined = unknown. */
  readonly size?: number;
  /** Not needed by the default (quantized) load; pulled only when asked for. */
  readonly optional?: boolean;
}

export interface ModelCatalogEntry {
  /** The name users type: `tingjian models pull <name>`; also the folder name under the models dir. */
  readonly name: string;
  /** Hugging Face repository, `owner/name`. */
  readonly repo: string;
  /** A 40-hex commit, or a branch such as `main` (then only checksums.json pins the bytes). */
  readonly revision: string;
  readonly description: string;
  /** Sentence-embedding width. */
  readonly dimensions: number;
  readonly files: readonly ModelFile[];
}

export type ModelCatalog = readonly ModelCatalogEntry[];

/** The files every transformers.js feature-extraction folder needs; `onnx/model.onnx` (float) is optional. */
function transformersJsFiles(): readonly ModelFile[] {
  return [
    { path: 'config.json' },
    { path: 'tokenizer.json' },
    { path: 'tokenizer_config.json' },
    { path: 'onnx/model_quantized.onnx' },
    { path: 'onnx/model.onnx', optional: true },
  ];
}

export const MODEL_CATALOG: ModelCatalog = [
  {
    name: 'bge-small-zh',
    repo: 'Xenova/bge-small-zh-v1.5',
    // The Hub showed head d990a82 (short hash only); 'main' until the full commit is recorded.
    revision: 'main',
    description: 'BAAI bge-small-zh v1.5: 512-dim, ~24 MB quantized; the default for CPU-only servers.',
    dimensions: 512,
    files: transformersJsFiles(),
  },
  {
    name: 'bge-base-zh',
    repo: 'Xenova/bge-base-zh-v1.5',
    revision: 'main',
    description: 'BAAI bge-base-zh v1.5: 768-dim, ~103 MB quantized; better recall, ~4x slower.',
    dimensions: 768,
    files: transformersJsFiles(),
  },
  {
    name: 'bge-large-zh',
    repo: 'Xenova/bge-large-zh-v1.5',
    revision: 'main',
    description:
      'BAAI bge-large-zh v1.5: 1024-dim, ~327 MB quantized; for GPU-less batch jobs with time to spare.',
    dimensions: 1024,
    files: transformersJsFiles(),
  },
];

/** The entry called `name`, or undefined. */
export function findCatalogEntry(
  name: string,
  catalog: ModelCatalog = MODEL_CATALOG,
): ModelCatalogEntry | undefined {
  return catalog.find((entry) => entry.name === name);
}

/** Names in catalog order, for error messages and `tingjian models list`. */
export function listCatalogNames(catalog: ModelCatalog = MODEL_CATALOG): string[] {
  return catalog.map((entry) => entry.name);
}
