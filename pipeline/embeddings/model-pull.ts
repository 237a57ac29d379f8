/**
 * `tingjian models pull <name>`: downloads a catalog model into `<destDir>/<name>/`, a folder
 * `createEmbedder` can load. Files stream to a temp file beside their target and are renamed into
 * place only once complete and verified, so a crash never leaves a truncated model file behind.
 *
 * Verification: a catalog `sha256` wins; otherwise the hash recorded in the folder's
 * `checksums.json` by an earlier pull (trust on first use). Every pull rewrites checksums.json.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { AppError, ErrorCode } from '../../models/errors.js';
import { downloadVerified } from '../download.js';
import {
  findCatalogEntry,
  listCatalogNames,
  MODEL_CATALOG,
  type ModelCatalog,
  type ModelCatalogEntry,
  type ModelFile,
} from './model-catalog.js';

/** Name of the per-folder record of file hashes. */
export const CHECKSUMS_FILE = 'checksums.json';

const ZChecksums = z.object({
  repo: z.string(),
  revision: z.string(),
  files: z.record(
    z.string(),
    z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), size: z.number().int().nonnegative() }),
  ),
});
export type Checksums = z.infer<typeof ZChecksums>;

export interface PullProgress {
  readonly model: string;
  readonly file: string;
  /** `skipped`: already present with the expected hash; `downloading`: bytes arriving; `done`: verified and in place. */
  readonly phase: 'skipped' | 'downloading' | 'done';
  readonly receivedBytes: number;
  /** From the catalog or Content-Length; undefined when neither says. */
  readonly totalBytes: number | undefined;
}

export interface PullModelOptions {
  /** Parent folder; the model lands in `<destDir>/<name>/`. */
  readonly destDir: string;
  /** Injected for tests (a local server) and proxies; defaults to the global fetch. */
  readonly fetchImpl?: typeof fetch;
  /** Hub base URL; files are fetched from `<baseUrl>/<repo>/resolve/<revision>/<path>`. */
  readonly baseUrl?: string;
  readonly onProgress?: (progress: PullProgress) => void;
  /** Also pull files marked optional (e.g. the float `onnx/model.onnx`). Default false. */
  readonly includeOptional?: boolean;
  /** Defaults to MODEL_CATALOG; injectable so tests can pin checksums. */
  readonly catalog?: ModelCatalog;
}

export interface PulledFile {
  readonly path: string;
  readonly sha256: string;
  readonly size: number;
  readonly status: 'downloaded' | 'skipped';
}

export interface PullModelResult {
  readonly name: string;
  /** Absolute folder to pass as EMBEDDING_MODEL_DIR. */
  readonly modelDir: string;
  readonly files: readonly PulledFile[];
}

/**
 * Downloads catalog model `name` into `<destDir>/<name>/`, skipping files already present with the
 * expected hash. Throws AppError `not_found` for an unknown name and `model_unavailable` for HTTP
 * failures and checksum mismatches (the mismatching download is deleted).
 */
export async function pullModel(name: string, options: PullModelOptions): Promise<PullModelResult> {
  const catalog = options.catalog ?? MODEL_CATALOG;
  const entry = findCatalogEntry(name, catalog);
  if (entry === undefined) {
    throw new AppError(
      ErrorCode.NotFound,
      `Unknown embedding model "${name}". Known models: ${listCatalogNames(catalog).join(', ')}.`,
      { model: name, known: listCatalogNames(catalog) },
    );
  }
  const fetchImpl = options.fetchImpl ?? fetch;
  const baseUrl = (options.baseUrl ?? 'https://huggingface.co').replace(/\/+$/, '');
  const modelDir = path.resolve(options.destDir, entry.name);
  await mkdir(modelDir, { recursive: true });

  const recorded = await readChecksums(modelDir);
  // Pins from another repo or revision say nothing about these bytes; the new pull re-pins.
  const previous =
    recorded !== undefined && recorded.repo === entry.repo && recorded.revision === entry.revision
      ? recorded
      : undefined;
  // Records for files this pull does not touch (e.g. an optional file pulled before) are kept.
  const checksums: Checksums = { repo: entry.repo, revision: entry.revision, files: { ...previous?.files } };

  const pulled: PulledFile[] = [];
  for (const file of entry.files) {
    if (file.optional === true && options.includeOptional !== true) continue;
    const expected = file.sha256 ?? previous?.files[file.path]?.sha256;
    const result = await pullFile(entry, file, expected, {
      modelDir,
      fetchImpl,
      baseUrl,
      onProgress: options.onProgress,
    });
    pulled.push(result);
    checksums.files[file.path] = { sha256: result.sha256, size: result.size };
    // Written after every file so an interrupted pull still pins what it finished.
    await writeChecksums(modelDir, checksums);
  }
  return { name: entry.name, modelDir, files: pulled };
}

interface PullContext {
  readonly modelDir: string;
  readonly fetchImpl: typeof fetch;
  readonly baseUrl: string;
  readonly onProgress: ((progress: PullProgress) => void) | undefined;
}

async function pullFile(
  entry: ModelCatalogEntry,
  file: ModelFile,
  expected: string | undefined,
  ctx: PullContext,
): Promise<PulledFile> {
  const target = resolveInside(ctx.modelDir, file.path);
  const report = (phase: PullProgress['phase'], receivedBytes: number, totalBytes: number | undefined) =>
    ctx.onProgress?.({ model: entry.name, file: file.path, phase, receivedBytes, totalBytes });

  // With no expected hash there is nothing to compare a present file with, so it is fetched again.
  if (expected !== undefined) {
    const present = await hashFile(target);
    if (present !== undefined && present.sha256 === expected) {
      report('skipped', present.size, present.size);
      return { path: file.path, sha256: present.sha256, size: present.size, status: 'skipped' };
    }
  }

  const url = `${ctx.baseUrl}/${entry.repo}/resolve/${encodeURIComponent(entry.revision)}/${file.path
    .split('/')
    .map(encodeURIComponent)
    .join('/')}`;
  const { digest, bytes } = await downloadVerified({
    url,
    target,
    algorithm: 'sha256',
    fetchImpl: ctx.fetchImpl,
    what: file.path,
    totalBytes: file.size,
    onProgress: (received, total) => report('downloading', received, total),
    verify: (actual, received) => {
      if (expected !== undefined && actual !== expected) {
        return new AppError(
          ErrorCode.ModelUnavailable,
          `Checksum mismatch for ${file.path} of ${entry.name}: expected sha256 ${expected}, got ${actual}. ` +
            'The download was deleted; the file on the server differs from the one pinned in the catalog or checksums.json.',
          { file: file.path, expected, actual, url },
        );
      }
      if (file.size !== undefined && received !== file.size) {
        return new AppError(
          ErrorCode.ModelUnavailable,
          `Size mismatch for ${file.path} of ${entry.name}: expected ${file.size} bytes, got ${received}.`,
          { file: file.path, expected: file.size, actual: received, url },
        );
      }
      return null;
    },
  });
  report('done', bytes, file.size ?? bytes);
  return { path: file.path, sha256: digest, size: bytes, status: 'downloaded' };
}

/** Joins a catalog path under the model folder, refusing paths that would escape it. */
function resolveInside(dir: string, relative: string): string {
  const target = path.resolve(dir, relative);
  if (!target.startsWith(`${dir}${path.sep}`)) {
    throw new AppError(ErrorCode.InvalidInput, `Model file path "${relative}" escapes the model folder.`);
  }
  return target;
}

async function hashFile(file: string): Promise<{ sha256: string; size: number } | undefined> {
  const info = await stat(file).catch(() => undefined);
  if (info === undefined || !info.isFile()) return undefined;
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk);
  return { sha256: hash.digest('hex'), size: info.size };
}

/** The folder's checksums.json, or undefined when there is none yet. */
export async function readChecksums(modelDir: string): Promise<Checksums | undefined> {
  const file = path.join(modelDir, CHECKSUMS_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = ZChecksums.safeParse(json);
  if (!parsed.success) {
    throw new AppError(
      ErrorCode.ModelUnavailable,
      `${file} is not a valid checksums file; delete it to re-pin the model on the next pull.`,
      { file },
    );
  }
  return parsed.data;
}

async function writeChecksums(modelDir: string, checksums: Checksums): Promise<void> {
  const file = path.join(modelDir, CHECKSUMS_FILE);
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temp, `${JSON.stringify(checksums, null, 2)}\n`);
  await rename(temp, file);
}
