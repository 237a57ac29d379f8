import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { negotiateEncoding, sendEncoded } from './middleware/compression.js';

/**
 * The built web UI: dist/web beside the compiled API (dist/api), or dist/web of the repository
 * when the API runs from source. A folder counts only with Vite's manifest in it, so the source
 * folder web/ (whose index.html is not servable) never does.
 */
export function findWebDir(): string | null {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const dir of [join(here, '..', 'web'), join(here, '..', 'dist', 'web')]) {
    if (existsSync(join(dir, '.vite', 'manifest.json')) && existsSync(join(dir, 'index.html'))) return dir;
  }
  return null;
}

/** Paths the API owns: never answered with the UI's index.html. */
const API_PATH = /^\/(v1|admin|healthz|readyz|metrics)(\/|$)/;

/** Extensions of the UI's text files, served from memory through res.send (so compressed, with ETags). */
const TEXT_FILES = new Set(['.js', '.mjs', '.css', '.html', '.json', '.svg', '.txt', '.map', '.webmanifest']);

/** A text file in memory: its bytes, their hash, and the build's br/gzip copies when it made them. */
interface TextFile {
  size: number;
  mtimeMs: number;
  body: Buffer;
  /** sha1 (base64url) of `body`, for the ETag; set only with a copy (else compressResponses hashes). */
  hash: string | null;
  br: Buffer | null;
  gzip: Buffer | null;
}

/**
 * The copy `<path>.br` or `<path>.gz` the build wrote (scripts/precompress-assets.ts), if it is
 * there and decodes to `body` exactly: a copy left from another build is never sent.
 */
async function readCopy(path: string, body: Buffer, decode: (b: Buffer) => Buffer): Promise<Buffer | null> {
  const copy = await readFile(path).catch(() => null);
  if (!copy) return null;
  try {
    return decode(copy).equals(body) ? copy : null;
  } catch {
    return null;
  }
}

async function loadTextFile(path: string, size: number, mtimeMs: number): Promise<TextFile> {
  const body = await readFile(path);
  const [br, gzip] = await Promise.all([
    readCopy(`${path}.br`, body, brotliDecompressSync),
    readCopy(`${path}.gz`, body, gunzipSync),
  ]);
  const hash = br || gzip ? createHash('sha1').update(body).digest('base64url') : null;
  return { size, mtimeMs, body, hash, br, gzip };
}

/**
 * The UI's text files (scripts, styles, index.html) from memory, keyed by path and checked
 * against the file's size and mtime, so a rebuild is picked up. A file with the build's
 * precompressed copies goes out as the copy the client accepts (or as it is, for identity),
 * hashed once when read; any other goes through `res.send`, where compressResponses adds the
 * strong ETag, 304 and br/gzip (compressed once per file). Resolves false when the file does not exist.
 */
function textFileSender() {
  const cache = new Map<string, TextFile>();
  return async (path: string, cacheControl: string, req: Request, res: Response): Promise<boolean> => {
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) return false;
    let entry = cache.get(path);
    if (!entry || entry.size !== info.size || entry.mtimeMs !== info.mtimeMs) {
      entry = await loadTextFile(path, info.size, info.mtimeMs);
      cache.set(path, entry);
    }
    res.type(extname(path));
    const coding = negotiateEncoding(req.get('accept-encoding'));
    const copy = coding === 'br' ? entry.br : coding === 'gzip' ? entry.gzip : entry.body;
    if (entry.hash && copy) {
      const type = res.get('content-type') ?? 'application/octet-stream';
      sendEncoded(req, res, { hash: entry.hash, coding, body: copy, type, cacheControl });
      return true;
    }
    res.set('cache-control', cacheControl).send(entry.body);
    return true;
  };
}

/** Text files under `dir` by request path; images, fonts and the rest fall through to express.static. */
function textFiles(dir: string, cacheControl: string, sendText: ReturnType<typeof textFileSender>) {
  const root = normalize(dir + sep);
  return async (req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !TEXT_FILES.has(extname(req.path))) return next();
    let path: string;
    try {
      path = normalize(join(dir, decodeURIComponent(req.path)));
    } catch {
      return next();
    }
    if (!path.startsWith(root) || !(await sendText(path, cacheControl, req, res))) next();
  };
}

/**
 * Static files of the UI, and index.html for any other GET that accepts HTML (client-side
 * routes such as /calls/call-…): a reload on a deep link still opens the app.
 */
export function webRoutes(dir: string): Router {
  const r = express.Router();
  // Hashed file names under /assets never change: cache them for a year; index.html not at all.
  const sendText = textFileSender();
  r.use('/assets', textFiles(join(dir, 'assets'), 'public, max-age=31536000, immutable', sendText));
  r.use(
    '/assets',
    express.static(join(dir, 'assets'), {
      immutable: true,
      maxAge: '365d',
      index: false,
      fallthrough: false,
    }),
  );
  const texts = textFiles(dir, 'public, max-age=0', sendText);
  const files = express.static(dir, { index: false, maxAge: 0 });
  // API requests skip the file lookup altogether.
  r.use((req, res, next) => (API_PATH.test(req.path) ? next() : texts(req, res, next)));
  r.use((req, res, next) => (API_PATH.test(req.path) ? next() : files(req, res, next)));
  r.get(/.*/, async (req, res, next) => {
    if (API_PATH.test(req.path) || !req.accepts('html')) return next();
    if (!(await sendText(join(dir, 'index.html'), 'no-cache', req, res))) next();
  });
  return r;
}
