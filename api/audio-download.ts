import { open } from 'node:fs/promises';
import type { Request, Response } from 'express';
import {
  AUDIO_HEADER_BYTES,
  type AudioKey,
  isEncryptedAudio,
  readAudioFile,
} from '../pipeline/audio/audio-crypto.js';

/**
 * Sends a stored recording with Range support (the player seeks). A plain file is streamed from
 * disk; an encrypted one (TINGJIAN_AUDIO_KEY) is decrypted and its integrity checked in memory
 * first, so the client never receives a byte of a recording that failed the check: a missing or
 * other key, or a damaged file, is an error naming the problem instead.
 */
export async function sendStoredRecording(
  req: Request,
  res: Response,
  file: string,
  key: AudioKey | undefined,
): Promise<void> {
  const head = Buffer.alloc(AUDIO_HEADER_BYTES);
  const handle = await open(file, 'r');
  try {
    await handle.read(head, 0, head.length, 0);
  } finally {
    await handle.close();
  }
  if (!isEncryptedAudio(head)) {
    res.sendFile(file, { acceptRanges: true });
    return;
  }
  let data: Buffer;
  try {
    data = await readAudioFile(file, key);
  } catch (err) {
    // The route has already named the audio type: the error is JSON, and never cached.
    res.removeHeader('content-type');
    res.removeHeader('cache-control');
    throw err;
  }
  res.set('accept-ranges', 'bytes');
  const range = req.headers.range ? byteRange(req.headers.range, data.length) : undefined;
  if (range === null) {
    res.status(416).set('content-range', `bytes */${data.length}`).end();
    return;
  }
  if (range) {
    const [start, end] = range;
    res.status(206).set('content-range', `bytes ${start}-${end}/${data.length}`);
    res.end(data.subarray(start, end + 1));
    return;
  }
  res.end(data);
}

/**
 * One byte range of a Range header (`bytes=a-b`, `bytes=a-`, `bytes=-n`) as inclusive offsets;
 * undefined when the header is not one single byte range (the whole file is sent), null when
 * the range lies outside the file (416).
 */
export function byteRange(header: string, size: number): [number, number] | null | undefined {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) return null;
  return [start, end];
}
