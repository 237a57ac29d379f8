import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';

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

/**
 * The UI's text files (scripts, styles, index.html) from memory, keyed by path and checked
 * against the file's size and mtime, so a rebuild is picked up. They go out through `res.send`,
 * where compressResponses adds the strong ETag, 304 and br/gzip (compressed once per file).
 * Resolves false when the file does not exist.
 */
function textFileSender() {
  const cache = new Map<string, { size: number; mtimeMs: number; body: Buffer }>();
  return async (path: string, cacheControl: string, res: Response): Promise<boolean> => {
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) return false;
    let entry = cache.get(path);
    if (!entry || entry.size !== info.size || entry.mtimeMs !== info.mtimeMs) {
      entry = { size: info.size, mtimeMs: info.mtimeMs, body: await readFile(path) };
      cache.set(path, entry);
    }
    res.type(extname(path)).set('cache-control', cacheControl).send(entry.body);
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
    if (!path.startsWith(root) || !(await sendText(path, cacheControl, res))) next();
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
    if (!(await sendText(join(dir, 'index.html'), 'no-cache', res))) next();
  });
  return r;
}
