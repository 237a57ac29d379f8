import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pullWhisperModel, WHISPER_MODELS, type WhisperModel } from '../../pipeline/audio/whisper-models.js';

/** A local stand-in for the model host: one good file, one tampered with (same name layout). */
const GOOD = Buffer.from('ggml\u0000fake whisper weights for the pull test '.repeat(2000));
const TAMPERED = Buffer.concat([GOOD.subarray(0, GOOD.length - 1), Buffer.from('!')]);
const sha1 = (b: Buffer) => createHash('sha1').update(b).digest('hex');
const CATALOG: WhisperModel[] = [
  { name: 'tiny', size: '88 KiB', sha1: sha1(GOOD), source: 'readme' },
  { name: 'base', size: '88 KiB', sha1: sha1(GOOD), source: 'readme' },
];

describe('tingjian models pull <whisper model> (checksum-verified download)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tingjian-whisper-pull-'));
  let server: Server;
  let baseUrl: string;
  const requests: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      const body =
        req.url === '/ggerganov/whisper.cpp/resolve/main/ggml-tiny.bin'
          ? GOOD
          : req.url === '/ggerganov/whisper.cpp/resolve/main/ggml-base.bin'
            ? TAMPERED
            : undefined;
      if (!body) return void res.writeHead(404).end('not found');
      res.writeHead(200, { 'content-length': body.length }).end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it('downloads a good file into <models>/whisper/, verifies it and skips it next time', async () => {
    const progress: number[] = [];
    const r = await pullWhisperModel('tiny', {
      destDir: dir,
      baseUrl,
      catalog: CATALOG,
      onProgress: (n) => progress.push(n),
    });
    expect(r).toEqual({
      name: 'tiny',
      file: join(dir, 'whisper', 'ggml-tiny.bin'),
      sha1: sha1(GOOD),
      bytes: GOOD.length,
      status: 'downloaded',
    });
    expect(readFileSync(r.file)).toEqual(GOOD);
    expect(progress.at(-1)).toBe(GOOD.length);
    const before = requests.length;
    const again = await pullWhisperModel('tiny', { destDir: dir, baseUrl, catalog: CATALOG });
    expect(again.status).toBe('skipped');
    expect(requests.length).toBe(before);
  });

  it('rejects a tampered file and leaves nothing of it in the models folder', async () => {
    const attempt = pullWhisperModel('base', { destDir: dir, baseUrl, catalog: CATALOG });
    await expect(attempt).rejects.toThrow(
      `Checksum mismatch for ggml-base.bin: expected sha1 ${sha1(GOOD)}, got ${sha1(TAMPERED)}. The download was deleted.`,
    );
    await expect(attempt).rejects.toMatchObject({ code: 'model_unavailable' });
    expect(readdirSync(join(dir, 'whisper'))).toEqual(['ggml-tiny.bin']);
    expect(existsSync(join(dir, 'whisper', 'ggml-base.bin'))).toBe(false);
  });

  it('names the known models for an unknown name, without a request', async () => {
    const before = requests.length;
    await expect(pullWhisperModel('huge', { destDir: dir, baseUrl, catalog: CATALOG })).rejects.toThrow(
      'Unknown whisper model "huge". Known: tiny, base.',
    );
    expect(requests.length).toBe(before);
  });

  it('ships tiny … large-v3 and the quantised variants, multilingual only, with SHA-1 checksums', () => {
    const names = WHISPER_MODELS.map((m) => m.name);
    for (const n of [
      'tiny',
      'base',
      'small',
      'medium',
      'large-v2',
      'large-v3',
      'large-v3-turbo',
      'large-v3-q5_0',
      'tiny-q5_1',
    ])
      expect(names).toContain(n);
    expect(names.some((n) => n.includes('.en'))).toBe(false);
    expect(new Set(names).size).toBe(names.length);
    for (const m of WHISPER_MODELS) expect(m.sha1).toMatch(/^[0-9a-f]{40}$/);
    // From whisper.cpp's models/README.md.
    expect(WHISPER_MODELS.find((m) => m.name === 'large-v3')?.sha1).toBe(
      'ad82bf6a9043ceed055076d0fd39f5f186ff8062',
    );
  });
});
