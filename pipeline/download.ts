import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError, ErrorCode } from '../models/errors.js';

export interface VerifiedDownload {
  url: string;
  /** Where the file goes once verified (written next to it first, then renamed). */
  target: string;
  algorithm: 'sha1' | 'sha256';
  fetchImpl: typeof fetch;
  /** What is downloaded, for messages (e.g. `ggml-small.bin`). */
  what: string;
  /** Size the caller knows already; else the Content-Length. */
  totalBytes?: number | undefined;
  onProgress?: ((receivedBytes: number, totalBytes: number | undefined) => void) | undefined;
  /** Rejects the finished download (checksum, size): the file is deleted and the error thrown. */
  verify: (digest: string, bytes: number) => AppError | null;
}

/**
 * Downloads a file to a temporary name beside its target while hashing it, verifies it, and only
 * then moves it into place: a failed, interrupted or tampered download never leaves a file.
 */
export async function downloadVerified(d: VerifiedDownload): Promise<{ digest: string; bytes: number }> {
  let response: Response;
  try {
    response = await d.fetchImpl(d.url);
  } catch (cause) {
    throw new AppError(
      ErrorCode.ModelUnavailable,
      `Could not download ${d.what} from ${d.url}: ${String(cause)}`,
      {
        url: d.url,
      },
    );
  }
  if (!response.ok || response.body === null) {
    throw new AppError(
      ErrorCode.ModelUnavailable,
      `Could not download ${d.what} from ${d.url}: HTTP ${response.status} ${response.statusText}`.trim(),
      { url: d.url, status: response.status },
    );
  }
  const length = Number(response.headers.get('content-length'));
  const total = d.totalBytes ?? (Number.isFinite(length) && length > 0 ? length : undefined);
  await mkdir(path.dirname(d.target), { recursive: true });
  const temp = `${d.target}.${randomBytes(6).toString('hex')}.download`;
  const hash = createHash(d.algorithm);
  let received = 0;
  try {
    await pipeline(
      Readable.fromWeb(response.body),
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          hash.update(chunk);
          received += chunk.length;
          d.onProgress?.(received, total);
          yield chunk;
        }
      },
      createWriteStream(temp),
    );
    const digest = hash.digest('hex');
    const problem = d.verify(digest, received);
    if (problem) throw problem;
    await rename(temp, d.target);
    return { digest, bytes: received };
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}
