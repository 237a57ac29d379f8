import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { byteRange } from '../../api/audio-download.js';
import {
  AUDIO_HEADER_BYTES,
  AudioKeyError,
  audioKeyOf,
  encryptAudioFile,
  isEncryptedAudio,
  parseAudioKey,
  plainAudioFile,
  readAudioFile,
} from '../../pipeline/audio/audio-crypto.js';
import { receiveUpload, storeUpload } from '../../pipeline/audio/audio-intake.js';

const dir = mkdtempSync(join(tmpdir(), 'tingjian-audiokey-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEX = 'a1'.repeat(32);
const key = audioKeyOf(HEX);
const other = audioKeyOf(Buffer.alloc(32, 7).toString('base64'));
/** A fake recording: a RIFF header and noise, 300 KB (several stream chunks). */
const recording = Buffer.concat([Buffer.from('RIFF\0\0\0\0WAVEfmt '), randomBytes(300_000)]);

async function encrypted(name: string, k = key): Promise<string> {
  const plain = join(dir, `${name}.wav`);
  writeFileSync(plain, recording);
  await encryptAudioFile(plain, join(dir, `${name}.enc`), k);
  return join(dir, `${name}.enc`);
}

async function problemOf(p: Promise<unknown>): Promise<AudioKeyError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AudioKeyError);
  return err as AudioKeyError;
}

describe('recordings encrypted at rest (TINGJIAN_AUDIO_KEY)', () => {
  it('reads a key as 64 hex digits or base64, and refuses anything that is not 32 bytes', () => {
    expect(parseAudioKey(HEX)).toEqual(Buffer.alloc(32, 0xa1));
    expect(parseAudioKey(Buffer.alloc(32, 7).toString('base64'))).toEqual(Buffer.alloc(32, 7));
    expect(parseAudioKey(Buffer.alloc(32, 7).toString('base64url'))).toEqual(Buffer.alloc(32, 7));
    for (const bad of ['', 'secret', 'a1'.repeat(31), Buffer.alloc(16).toString('base64')])
      expect(() => parseAudioKey(bad)).toThrow(/32 bytes/);
    expect(key.id).toMatch(/^[0-9a-f]{16}$/);
    expect(other.id).not.toBe(key.id);
  });

  it('round-trips: the stored file is ciphertext with a header, read back it is the recording', async () => {
    const enc = await encrypted('round');
    const stored = readFileSync(enc);
    expect(isEncryptedAudio(stored)).toBe(true);
    expect(stored.length).toBe(recording.length + AUDIO_HEADER_BYTES + 16);
    expect(stored.includes(recording.subarray(100, 164))).toBe(false);
    expect((await readAudioFile(enc, key)).equals(recording)).toBe(true);
    const copy = await plainAudioFile(enc, join(dir, 'round.plain.wav'), key);
    expect(copy).toBe(join(dir, 'round.plain.wav'));
    expect(readFileSync(copy).equals(recording)).toBe(true);
    // Two encryptions of the same recording differ (a random nonce per file).
    const again = await encrypted('round2');
    expect(readFileSync(again).equals(stored)).toBe(false);
  });

  it('a file written under another key is refused naming both key ids, never decrypted into noise', async () => {
    const enc = await encrypted('rotated', other);
    const err = await problemOf(readAudioFile(enc, key));
    expect(err.problem).toBe('key_mismatch');
    expect(err.message).toContain(other.id);
    expect(err.message).toContain(key.id);
    expect(err.message).toMatch(/rotated/);
    expect(err.messageZh).toContain('另一把密钥');
    const target = join(dir, 'rotated.plain.wav');
    expect((await problemOf(plainAudioFile(enc, target, key))).problem).toBe('key_mismatch');
    expect(existsSync(target)).toBe(false);
  });

  it('rotation: with the new key first and the old one after it, new files use the new key and old files stay readable', async () => {
    const oldFile = await encrypted('before-rotation', key);
    const rotated = audioKeyOf(`${Buffer.alloc(32, 7).toString('base64')}, ${HEX}`);
    expect(rotated.id).toBe(other.id);
    expect(rotated.older?.map((k) => k.id)).toEqual([key.id]);
    expect(await readAudioFile(oldFile, rotated)).toEqual(recording);
    const target = join(dir, 'before-rotation.plain.wav');
    expect(readFileSync(await plainAudioFile(oldFile, target, rotated))).toEqual(recording);
    const newFile = await encrypted('after-rotation', rotated);
    expect(readFileSync(newFile).subarray(5, 13).toString('hex')).toBe(other.id);
    // Without the old key listed, the old file names both ids and is not decrypted.
    expect((await problemOf(readAudioFile(oldFile, other))).problem).toBe('key_mismatch');
    expect(() => audioKeyOf(`${HEX},,${HEX}`)).toThrow(/empty key/);
    expect(() => audioKeyOf(`${HEX},secret`)).toThrow(/32 bytes/);
  });

  it('an encrypted file without a configured key says which variable is missing', async () => {
    const enc = await encrypted('nokey');
    const err = await problemOf(readAudioFile(enc, undefined));
    expect(err.problem).toBe('key_missing');
    expect(err.message).toContain('TINGJIAN_AUDIO_KEY is not set');
  });

  it('a changed byte fails the integrity check and no decrypted copy is left behind', async () => {
    const enc = await encrypted('tampered');
    const bytes = readFileSync(enc);
    bytes[AUDIO_HEADER_BYTES + 5000]! ^= 0x01;
    writeFileSync(enc, bytes);
    expect((await problemOf(readAudioFile(enc, key))).problem).toBe('damaged');
    const target = join(dir, 'tampered.plain.wav');
    expect((await problemOf(plainAudioFile(enc, target, key))).problem).toBe('damaged');
    expect(existsSync(target)).toBe(false);
    writeFileSync(join(dir, 'short.enc'), bytes.subarray(0, 30));
    expect((await problemOf(readAudioFile(join(dir, 'short.enc'), key))).problem).toBe('damaged');
  });

  it('plain recordings (stored before the key, or with it off) stay readable with and without a key', async () => {
    const plain = join(dir, 'plain.wav');
    writeFileSync(plain, recording);
    expect((await readAudioFile(plain, key)).equals(recording)).toBe(true);
    expect((await readAudioFile(plain, undefined)).equals(recording)).toBe(true);
    expect(await plainAudioFile(plain, join(dir, 'unused.wav'), key)).toBe(plain);
    expect(existsSync(join(dir, 'unused.wav'))).toBe(false);
  });

  it('the intake stores an upload encrypted with a key and as uploaded without one', async () => {
    const audioDir = join(dir, 'store');
    const up1 = await receiveUpload(Readable.from([recording]), audioDir, 10_000_000);
    const rel = await storeUpload(up1, audioDir, 'wav', key);
    const stored = readFileSync(join(audioDir, rel));
    expect(isEncryptedAudio(stored)).toBe(true);
    expect((await readAudioFile(join(audioDir, rel), key)).equals(recording)).toBe(true);
    expect(existsSync(up1.tmpPath)).toBe(false);

    const plainDir = join(dir, 'store-plain');
    const up2 = await receiveUpload(Readable.from([recording]), plainDir, 10_000_000);
    const rel2 = await storeUpload(up2, plainDir, 'wav');
    expect(readFileSync(join(plainDir, rel2)).equals(recording)).toBe(true);
  });

  it('serves one byte range of a decrypted recording (the player seeks)', () => {
    expect(byteRange('bytes=0-99', 1000)).toEqual([0, 99]);
    expect(byteRange('bytes=900-', 1000)).toEqual([900, 999]);
    expect(byteRange('bytes=-100', 1000)).toEqual([900, 999]);
    expect(byteRange('bytes=990-5000', 1000)).toEqual([990, 999]);
    expect(byteRange('bytes=1000-', 1000)).toBeNull();
    expect(byteRange('bytes=0-1,5-9', 1000)).toBeUndefined();
  });
});
