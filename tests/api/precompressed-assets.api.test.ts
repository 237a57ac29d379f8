import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync } from 'node:zlib';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compressResponses } from '../../api/middleware/compression.js';
import { webRoutes } from '../../api/web-static.js';

const ROOT = resolve(import.meta.dirname, '..', '..');

function get(
  server: Server,
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  const { port } = server.address() as AddressInfo;
  return new Promise((done, fail) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers, method }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end();
  });
}

/** A script like Vite's output: long, repetitive, with Chinese labels. */
const SCRIPT = `export const labels=${JSON.stringify(
  Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`k${i}`, `第${i}项：开放式提问与异议处理`])),
)};\n`;
const STYLE = `.card{margin:0 auto;padding:12px}\n`.repeat(200);

describe('precompressed web assets: the build step and the server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tingjian-precompressed-'));
  const assets = join(dir, 'assets');
  let server: Server;
  let script: string;

  beforeAll(async () => {
    mkdirSync(join(dir, '.vite'), { recursive: true });
    mkdirSync(assets);
    writeFileSync(join(dir, '.vite', 'manifest.json'), '{}');
    writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(assets, 'index-abc123.js'), SCRIPT);
    writeFileSync(join(assets, 'index-abc123.css'), STYLE);
    writeFileSync(join(assets, 'tiny-abc123.js'), 'export const a = 1;\n');
    writeFileSync(join(assets, 'logo-abc123.png'), Buffer.alloc(4096, 7));
    // Left from an earlier build into the same folder: its source is gone.
    writeFileSync(join(assets, 'old-xyz789.js.br'), brotliCompressSync(Buffer.from('old')));
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'scripts', 'precompress-assets.ts'), assets],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    script = `${run.stdout}${run.stderr}`;
    if (run.status !== 0) throw new Error(`precompress-assets failed: ${script}`);
    const app = express();
    app.use(compressResponses());
    app.use(webRoutes(dir));
    server = await new Promise<Server>((ok) => {
      const s = app.listen(0, '127.0.0.1', () => ok(s));
    });
  }, 120_000);

  afterAll(async () => {
    await new Promise<void>((ok) => (server ? server.close(() => ok()) : ok()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes br and gzip copies that decode to each file, skips small and binary files, removes orphans', () => {
    expect(script).toMatch(/precompressed 2 assets/);
    for (const [name, text] of [
      ['index-abc123.js', SCRIPT],
      ['index-abc123.css', STYLE],
    ] as const) {
      const br = readFileSync(join(assets, `${name}.br`));
      const gz = readFileSync(join(assets, `${name}.gz`));
      expect(brotliDecompressSync(br).toString('utf8')).toBe(text);
      expect(gunzipSync(gz).toString('utf8')).toBe(text);
      expect(br.length).toBeLessThan(Buffer.byteLength(text) / 4);
    }
    expect(existsSync(join(assets, 'tiny-abc123.js.br'))).toBe(false);
    expect(existsSync(join(assets, 'logo-abc123.png.br'))).toBe(false);
    expect(existsSync(join(assets, 'old-xyz789.js.br'))).toBe(false);
  });

  it('sends the stored copy the client accepts, byte for byte, with its headers', async () => {
    const stored = readFileSync(join(assets, 'index-abc123.js.br'));
    const br = await get(server, '/assets/index-abc123.js', { 'accept-encoding': 'gzip, br' });
    expect(br.status).toBe(200);
    expect(br.body.equals(stored)).toBe(true);
    expect(br.headers).toMatchObject({
      'content-encoding': 'br',
      'content-length': String(stored.length),
      vary: 'Accept-Encoding',
      'cache-control': 'public, max-age=31536000, immutable',
    });
    expect(br.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    const gz = await get(server, '/assets/index-abc123.js', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.body.equals(readFileSync(join(assets, 'index-abc123.js.gz')))).toBe(true);
    const plain = await get(server, '/assets/index-abc123.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBe('Accept-Encoding');
    expect(plain.body.toString('utf8')).toBe(SCRIPT);
    const css = await get(server, '/assets/index-abc123.css', { 'accept-encoding': 'br' });
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    expect(css.body.equals(readFileSync(join(assets, 'index-abc123.css.br')))).toBe(true);
    const head = await get(server, '/assets/index-abc123.js', { 'accept-encoding': 'br' }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(stored.length));
    expect(head.body.length).toBe(0);
  });

  it('keeps the ETags of compressResponses: one hash per content, 304 for it in any coding', async () => {
    const plain = await get(server, '/assets/index-abc123.js');
    const br = await get(server, '/assets/index-abc123.js', { 'accept-encoding': 'br' });
    expect(plain.headers.etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(br.headers.etag).toBe(`${plain.headers.etag!.slice(0, -1)}-br"`);
    const again = await get(server, '/assets/index-abc123.js', {
      'accept-encoding': 'gzip',
      'if-none-match': br.headers.etag!,
    });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    // The same validators as a file compressed on the fly would get.
    const app = express();
    app.use(compressResponses());
    app.get('/same', (_req, res) => {
      res.type('.js').send(Buffer.from(SCRIPT, 'utf8'));
    });
    const other = await new Promise<Server>((ok) => {
      const s = app.listen(0, '127.0.0.1', () => ok(s));
    });
    try {
      expect((await get(other, '/same', { 'accept-encoding': 'br' })).headers.etag).toBe(br.headers.etag);
    } finally {
      await new Promise<void>((ok) => other.close(() => ok()));
    }
  });

  it('falls back to compressing on the fly without a copy, or with one that does not match the file', async () => {
    const tiny = await get(server, '/assets/tiny-abc123.js', { 'accept-encoding': 'br' });
    expect(tiny.status).toBe(200);
    expect(tiny.body.toString('utf8')).toBe('export const a = 1;\n');
    // A copy from another build beside a rebuilt file: never sent.
    const rebuilt = `${SCRIPT}// rebuilt\n`;
    writeFileSync(join(assets, 'index-abc123.js'), rebuilt);
    const res = await get(server, '/assets/index-abc123.js', { 'accept-encoding': 'br' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(res.body).toString('utf8')).toBe(rebuilt);
    expect(res.body.equals(readFileSync(join(assets, 'index-abc123.js.br')))).toBe(false);
  });
});
