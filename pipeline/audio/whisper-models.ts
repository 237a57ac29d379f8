/**
 * whisper.cpp ggml models `tingjian models pull <name>` can download, with checksums.
 *
 * Source of the checksums: the SHA-1 column of whisper.cpp's `models/README.md` ("Available
 * models", ggml-org/whisper.cpp at commit 41e789e) for tiny, base, small, medium, large-v1,
 * large-v2(-q5_0), large-v3(-q5_0) and large-v3-turbo(-q5_0). The other quantised variants
 * (tiny/base/small `-q5_1` and `-q8_0`, medium `-q5_0`/`-q8_0`, large-v2/-v3-turbo `-q8_0`) are
 * not in that table; their SHA-1 are the ones the Hugging Face repository ggerganov/whisper.cpp
 * publishes for its LFS files, as copied by independent downstream catalogs that agree with each
 * other — marked `source: 'hf-lfs'`. Only multilingual models are listed: English-only ones
 * (`.en`) cannot transcribe Mandarin.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError, ErrorCode } from '../../models/errors.js';
import { downloadVerified } from '../download.js';

export interface WhisperModel {
  /** What users type: `tingjian models pull <name>`. */
  readonly name: string;
  /** Lower-case hex SHA-1 of `ggml-<name>.bin`. */
  readonly sha1: string;
  /** Approximate size, for the listing. */
  readonly size: string;
  readonly source: 'readme' | 'hf-lfs';
}

export const WHISPER_MODELS: readonly WhisperModel[] = [
  { name: 'tiny', size: '75 MiB', sha1: 'bd577a113a864445d4c299885e0cb97d4ba92b5f', source: 'readme' },
  { name: 'tiny-q5_1', size: '31 MiB', sha1: '2827a03e495b1ed3048ef28a6a4620537db4ee51', source: 'hf-lfs' },
  { name: 'tiny-q8_0', size: '42 MiB', sha1: '19e8118f6652a650569f5a949d962154e01571d9', source: 'hf-lfs' },
  { name: 'base', size: '142 MiB', sha1: '465707469ff3a37a2b9b8d8f89f2f99de7299dac', source: 'readme' },
  { name: 'base-q5_1', size: '57 MiB', sha1: 'a3733eda680ef76256db5fc5dd9de8629e62c5e7', source: 'hf-lfs' },
  { name: 'base-q8_0', size: '78 MiB', sha1: '7bb89bb49ed6955013b166f1b6a6c04584a20fbe', source: 'hf-lfs' },
  { name: 'small', size: '466 MiB', sha1: '55356645c2b361a969dfd0ef2c5a50d530afd8d5', source: 'readme' },
  { name: 'small-q5_1', size: '181 MiB', sha1: '6fe57ddcfdd1c6b07cdcc73aaf620810ce5fc771', source: 'hf-lfs' },
  { name: 'small-q8_0', size: '252 MiB', sha1: 'bcad8a2083f4e53d648d586b7dbc0cd673d8afad', source: 'hf-lfs' },
  { name: 'medium', size: '1.5 GiB', sha1: 'fd9727b6e1217c2f614f9b698455c4ffd82463b4', source: 'readme' },
  {
    name: 'medium-q5_0',
    size: '514 MiB',
    sha1: '7718d4c1ec62ca96998f058114db98236937490e',
    source: 'hf-lfs',
  },
  {
    name: 'medium-q8_0',
    size: '785 MiB',
    sha1: 'e66645948aff4bebbec71b3485c576f3d63af5d6',
    source: 'hf-lfs',
  },
  { name: 'large-v1', size: '2.9 GiB', sha1: 'b1caaf735c4cc1429223d5a74f0f4d0b9b59a299', source: 'readme' },
  { name: 'large-v2', size: '2.9 GiB', sha1: '0f4c8e34f21cf1a914c59d8b3ce882345ad349d6', source: 'readme' },
  {
    name: 'large-v2-q5_0',
    size: '1.1 GiB',
    sha1: '00e39f2196344e901b3a2bd5814807a769bd1630',
    source: 'readme',
  },
  {
    name: 'large-v2-q8_0',
    size: '1.5 GiB',
    sha1: 'da97d6ca8f8ffbeeb5fd147f79010eeea194ba38',
    source: 'hf-lfs',
  },
  { name: 'large-v3', size: '2.9 GiB', sha1: 'ad82bf6a9043ceed055076d0fd39f5f186ff8062', source: 'readme' },
  {
    name: 'large-v3-q5_0',
    size: '1.1 GiB',
    sha1: 'e6e2ed78495d403bef4b7cff42ef4aaadcfea8de',
    source: 'readme',
  },
  {
    name: 'large-v3-turbo',
    size: '1.5 GiB',
    sha1: '4af2b29d7ec73d781377bfd1758ca957a807e941',
    source: 'readme',
  },
  {
    name: 'large-v3-turbo-q5_0',
    size: '547 MiB',
    sha1: 'e050f7970618a659205450ad97eb95a18d69c9ee',
    source: 'readme',
  },
  {
    name: 'large-v3-turbo-q8_0',
    size: '834 MiB',
    sha1: '01bf15bedffe9f39d65c1b6ff9b687ea91f59e0e',
    source: 'hf-lfs',
  },
];

export function findWhisperModel(name: string, catalog = WHISPER_MODELS): WhisperModel | undefined {
  return catalog.find((m) => m.name === name);
}

export interface PullWhisperOptions {
  /** Models folder; the file lands in `<destDir>/whisper/ggml-<name>.bin`. */
  destDir: string;
  /** Default https://huggingface.co; the file is `<baseUrl>/ggerganov/whisper.cpp/resolve/main/ggml-<name>.bin`. */
  baseUrl?: string;
  fetchImpl?: typeof fetch;
  catalog?: readonly WhisperModel[];
  onProgress?: (receivedBytes: number, totalBytes: number | undefined) => void;
}

export interface PulledWhisperModel {
  name: string;
  /** Absolute path to put in WHISPER_MODEL. */
  file: string;
  sha1: string;
  bytes: number;
  status: 'downloaded' | 'skipped';
}

async function sha1Of(file: string): Promise<{ sha1: string; bytes: number } | undefined> {
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) return undefined;
  const hash = createHash('sha1');
  for await (const chunk of createReadStream(file)) hash.update(chunk);
  return { sha1: hash.digest('hex'), bytes: info.size };
}

/**
 * Downloads whisper model `name`, verifying its SHA-1 against the catalog. The bytes go to a
 * temporary file beside the target and are renamed into place only when the checksum matches:
 * a tampered or truncated download is deleted and never left in the models folder. A file
 * already present with the right checksum is kept without a request.
 */
export async function pullWhisperModel(
  name: string,
  options: PullWhisperOptions,
): Promise<PulledWhisperModel> {
  const catalog = options.catalog ?? WHISPER_MODELS;
  const model = findWhisperModel(name, catalog);
  if (!model) {
    throw new AppError(
      ErrorCode.NotFound,
      `Unknown whisper model "${name}". Known: ${catalog.map((m) => m.name).join(', ')}.`,
    );
  }
  const dir = path.resolve(options.destDir, 'whisper');
  const file = path.join(dir, `ggml-${model.name}.bin`);
  const present = await sha1Of(file);
  if (present?.sha1 === model.sha1) return { name, file, ...present, status: 'skipped' };

  const url = `${(options.baseUrl ?? 'https://huggingface.co').replace(/\/+$/, '')}/ggerganov/whisper.cpp/resolve/main/ggml-${model.name}.bin`;
  const { bytes } = await downloadVerified({
    url,
    target: file,
    algorithm: 'sha1',
    fetchImpl: options.fetchImpl ?? fetch,
    what: `ggml-${model.name}.bin`,
    onProgress: options.onProgress,
    verify: (actual) =>
      actual === model.sha1
        ? null
        : new AppError(
            ErrorCode.ModelUnavailable,
            `Checksum mismatch for ggml-${model.name}.bin: expected sha1 ${model.sha1}, got ${actual}. The download was deleted.`,
            { expected: model.sha1, actual, url },
          ),
  });
  return { name, file, sha1: model.sha1, bytes, status: 'downloaded' };
}
