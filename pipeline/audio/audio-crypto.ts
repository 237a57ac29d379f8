/**
 * Encryption at rest of stored recordings (TINGJIAN_AUDIO_KEY): AES-256-GCM with a random nonce
 * per file. A file starts with a small header naming the key by id, so a file written under
 * another key (a rotated or mistyped one) is refused with a clear error instead of being
 * decrypted into noise; the GCM tag is checked before a single byte of audio is used. Files
 * without the header are plain recordings (stored before encryption was switched on, or with it
 * off) and are read as they are.
 *
 * Layout: `TJAE` · version (1 byte) · key id (8 bytes) · nonce (12 bytes) · ciphertext · tag (16 bytes).
 *
 * Rotation: TINGJIAN_AUDIO_KEY may list several keys separated by commas. The first encrypts new
 * recordings; every listed key decrypts the files written under it (found by the key id in the
 * header), so a new key can be put first while older recordings stay readable.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError, ErrorCode } from '../../models/errors.js';

const MAGIC = Buffer.from('TJAE', 'ascii');
const VERSION = 1;
const KEY_ID_BYTES = 8;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/** Bytes before the ciphertext. */
export const AUDIO_HEADER_BYTES = MAGIC.length + 1 + KEY_ID_BYTES + NONCE_BYTES;

/** A recording key and its public id (the first 8 bytes of a hash of the key, in hex). */
export interface AudioKey {
  readonly key: Buffer;
  readonly id: string;
  /** Older keys that still decrypt the recordings written under them (rotation). */
  readonly older?: readonly { readonly key: Buffer; readonly id: string }[];
}

/** Why a stored recording cannot be read: no key configured, another key, or a damaged file. */
export class AudioKeyError extends AppError {
  constructor(
    readonly problem: 'key_missing' | 'key_mismatch' | 'damaged',
    message: string,
    /** What a sales user reads on the call. */
    readonly messageZh: string,
  ) {
    super(ErrorCode.Internal, message, { problem, message_zh: messageZh });
  }
}

/** The 32 key bytes of TINGJIAN_AUDIO_KEY: 64 hex digits or base64 (standard or URL-safe). */
export function parseAudioKey(text: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t)
    ? Buffer.from(t, 'hex')
    : /^[A-Za-z0-9+/_-]{43}=?$/.test(t)
      ? Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64')
      : undefined;
  if (key?.length !== 32) {
    throw new AppError(
      ErrorCode.InvalidInput,
      'TINGJIAN_AUDIO_KEY must be 32 bytes as 64 hex digits or base64 (openssl rand -base64 32)',
    );
  }
  return key;
}

/** The keys of TINGJIAN_AUDIO_KEY: one key, or several separated by commas (the first encrypts). */
export function parseAudioKeys(text: string): Buffer[] {
  const parts = text.split(',').map((p) => p.trim());
  if (parts.length > 1 && parts.some((p) => p === '')) {
    throw new AppError(ErrorCode.InvalidInput, 'TINGJIAN_AUDIO_KEY lists an empty key between commas');
  }
  return parts.map((p) => parseAudioKey(p));
}

function keyIdOf(key: Buffer): string {
  return createHash('sha256')
    .update('tingjian-audio-key\0')
    .update(key)
    .digest()
    .subarray(0, KEY_ID_BYTES)
    .toString('hex');
}

/** The encrypting key of TINGJIAN_AUDIO_KEY, with the older keys listed after it. */
export function audioKeyOf(text: string): AudioKey {
  const [first, ...rest] = parseAudioKeys(text);
  const older = rest.map((key) => ({ key, id: keyIdOf(key) }));
  return { key: first!, id: keyIdOf(first!), ...(older.length > 0 ? { older } : {}) };
}

/** True when these first bytes of a file are an encrypted recording's header. */
export function isEncryptedAudio(head: Buffer): boolean {
  return head.length >= MAGIC.length && head.subarray(0, MAGIC.length).equals(MAGIC);
}

/** Writes `source` encrypted to `target` (a new file; removed again if anything fails). */
export async function encryptAudioFile(source: string, target: string, key: AudioKey): Promise<void> {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key.key, nonce);
  const header = Buffer.concat([MAGIC, Buffer.from([VERSION]), Buffer.from(key.id, 'hex'), nonce]);
  let wroteHeader = false;
  const framing = new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (!wroteHeader) {
        wroteHeader = true;
        this.push(header);
      }
      done(null, chunk);
    },
    flush(done) {
      if (!wroteHeader) this.push(header);
      done(null, cipher.getAuthTag());
    },
  });
  try {
    await pipeline(createReadStream(source), cipher, framing, createWriteStream(target, { flags: 'wx' }));
  } catch (err) {
    await rm(target, { force: true });
    throw err;
  }
}

/**
 * The header of an encrypted file checked against the keys: its nonce and the key it was written
 * under, or why it cannot be read.
 */
function checkHeader(
  head: Buffer,
  key: AudioKey | undefined,
  size: number,
  what: string,
): { nonce: Buffer; secret: Buffer } {
  if (size < AUDIO_HEADER_BYTES + TAG_BYTES || head[MAGIC.length] !== VERSION) {
    throw new AudioKeyError(
      'damaged',
      `${what} is not a complete encrypted recording (damaged or truncated)`,
      '加密录音文件已损坏或不完整',
    );
  }
  const fileKeyId = head.subarray(MAGIC.length + 1, MAGIC.length + 1 + KEY_ID_BYTES).toString('hex');
  if (!key) {
    throw new AudioKeyError(
      'key_missing',
      `${what} is encrypted (key id ${fileKeyId}) but TINGJIAN_AUDIO_KEY is not set`,
      '录音已加密，但服务器未配置解密密钥（TINGJIAN_AUDIO_KEY）',
    );
  }
  const known = [key, ...(key.older ?? [])].find((k) => k.id === fileKeyId);
  if (!known) {
    const ids = [key, ...(key.older ?? [])].map((k) => k.id).join(', ');
    throw new AudioKeyError(
      'key_mismatch',
      `${what} was encrypted with key id ${fileKeyId}, but TINGJIAN_AUDIO_KEY has key id ${ids} (was the key rotated without keeping the old one, or mistyped?)`,
      `录音用另一把密钥加密（密钥编号 ${fileKeyId}），与当前配置的密钥（${ids}）都不符`,
    );
  }
  return { nonce: head.subarray(MAGIC.length + 1 + KEY_ID_BYTES, AUDIO_HEADER_BYTES), secret: known.key };
}

const damaged = (what: string) =>
  new AudioKeyError(
    'damaged',
    `${what} failed its integrity check: the file is damaged or was changed`,
    '加密录音文件校验失败：文件已损坏或被改动',
  );

/** The whole recording in memory, decrypted when it is encrypted (checked before it is returned). */
export async function readAudioFile(
  path: string,
  key: AudioKey | undefined,
  what = 'the recording',
): Promise<Buffer> {
  const file = await open(path, 'r');
  let data: Buffer;
  try {
    data = await file.readFile();
  } finally {
    await file.close();
  }
  if (!isEncryptedAudio(data)) return data;
  const { nonce, secret } = checkHeader(data.subarray(0, AUDIO_HEADER_BYTES), key, data.length, what);
  const decipher = createDecipheriv('aes-256-gcm', secret, nonce);
  decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
  try {
    return Buffer.concat([
      decipher.update(data.subarray(AUDIO_HEADER_BYTES, data.length - TAG_BYTES)),
      decipher.final(),
    ]);
  } catch {
    throw damaged(what);
  }
}

/**
 * A readable copy of the recording at `path` for tools that want a file (ffmpeg, the SILK
 * decoder): `path` itself when it is plain, else a decrypted copy written to `target` and
 * checked before it is handed out (a failed check removes it).
 */
export async function plainAudioFile(
  path: string,
  target: string,
  key: AudioKey | undefined,
  what = 'the recording',
): Promise<string> {
  const file = await open(path, 'r');
  let head: Buffer;
  let size: number;
  try {
    size = (await file.stat()).size;
    head = Buffer.alloc(Math.min(size, AUDIO_HEADER_BYTES));
    await file.read(head, 0, head.length, 0);
    if (!isEncryptedAudio(head)) return path;
    const { nonce, secret } = checkHeader(head, key, size, what);
    const tag = Buffer.alloc(TAG_BYTES);
    await file.read(tag, 0, TAG_BYTES, size - TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', secret, nonce);
    decipher.setAuthTag(tag);
    try {
      await pipeline(
        size > AUDIO_HEADER_BYTES + TAG_BYTES
          ? createReadStream(path, { start: AUDIO_HEADER_BYTES, end: size - TAG_BYTES - 1 })
          : Readable.from([]),
        decipher,
        createWriteStream(target, { mode: 0o600 }),
      );
    } catch (err) {
      await rm(target, { force: true });
      if (err instanceof Error && /auth|decrypt/i.test(err.message)) throw damaged(what);
      throw err;
    }
    return target;
  } finally {
    await file.close();
  }
}
