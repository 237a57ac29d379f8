/**
 * Intake of uploaded recordings: stream to a temporary file while hashing and counting (never
 * buffering the whole file), enforce the size limit, then store by content hash under the audio
 * folder. The client's file name is never used for anything.
 */
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { AppError, ErrorCode } from '../../models/errors.js';
import { type AudioKey, encryptAudioFile } from './audio-crypto.js';

/** Bytes kept from the start of an upload for format detection. */
const HEAD_BYTES = 4096;

export interface ReceivedUpload {
  /** Temporary file inside `<audioDir>/.incoming`; moved by {@link storeUpload} or deleted. */
  tmpPath: string;
  sha256: string;
  bytes: number;
  head: Buffer;
}

/**
 * Writes an upload stream to a temporary file under `<audioDir>/.incoming`, hashing it on the
 * way. Past `maxBytes` the file is deleted, the rest of the stream is read and dropped (so the
 * client gets to read the 413), and AppError `payload_too_large` is thrown.
 */
export async function receiveUpload(
  stream: Readable,
  audioDir: string,
  maxBytes: number,
): Promise<ReceivedUpload> {
  const incoming = join(audioDir, '.incoming');
  await mkdir(incoming, { recursive: true });
  const tmpPath = join(incoming, `${randomBytes(8).toString('hex')}.part`);
  const hash = createHash('sha256');
  const head: Buffer[] = [];
  let headBytes = 0;
  let bytes = 0;
  let tooLarge = false;
  const out = createWriteStream(tmpPath);
  try {
    // Not stream.pipeline: destroying a multipart part stalls the parser, so past the limit the
    // rest is read and dropped instead (the route has already refused a declared oversize body).
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (tooLarge) continue;
      bytes += chunk.length;
      if (bytes > maxBytes) {
        tooLarge = true;
        out.destroy();
        continue;
      }
      hash.update(chunk);
      if (headBytes < HEAD_BYTES) {
        head.push(chunk.subarray(0, HEAD_BYTES - headBytes));
        headBytes += Math.min(chunk.length, HEAD_BYTES - headBytes);
      }
      if (!out.write(chunk)) await once(out, 'drain');
    }
    if (!tooLarge)
      await new Promise<void>((resolve, reject) =>
        out.end((err?: Error | null) => (err ? reject(err) : resolve())),
      );
  } catch (err) {
    out.destroy();
    await rm(tmpPath, { force: true });
    throw err;
  }
  if (tooLarge) {
    await rm(tmpPath, { force: true });
    throw new AppError(
      ErrorCode.PayloadTooLarge,
      `录音文件超过上限 ${Math.round(maxBytes / 1024 / 1024)} MB（MAX_AUDIO_BYTES）`,
      { maxBytes },
    );
  }
  return { tmpPath, sha256: hash.digest('hex'), bytes, head: Buffer.concat(head) };
}

/**
 * Moves a received upload to `<audioDir>/<first two hex>/<sha256>.<ext>` and returns that
 * relative path. The same recording uploaded twice is stored once. With a key the stored file is
 * encrypted (audio-crypto.ts) and the plain upload removed.
 */
export async function storeUpload(
  upload: ReceivedUpload,
  audioDir: string,
  ext: string,
  key?: AudioKey,
): Promise<string> {
  const relative = join(upload.sha256.slice(0, 2), `${upload.sha256}.${ext}`);
  const target = join(audioDir, relative);
  if (existsSync(target)) {
    await rm(upload.tmpPath, { force: true });
    return relative;
  }
  await mkdir(join(audioDir, upload.sha256.slice(0, 2)), { recursive: true });
  if (key) {
    // Encrypted next to the target first, then renamed: a crash never leaves half a file in place.
    const part = `${upload.tmpPath}.enc`;
    try {
      await encryptAudioFile(upload.tmpPath, part, key);
      await rename(part, target);
    } finally {
      await rm(upload.tmpPath, { force: true });
      await rm(part, { force: true });
    }
    return relative;
  }
  await rename(upload.tmpPath, target);
  return relative;
}

/** Deletes a received upload that will not be stored. */
export async function discardUpload(upload: ReceivedUpload): Promise<void> {
  await rm(upload.tmpPath, { force: true });
}
