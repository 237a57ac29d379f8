import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Router } from 'express';

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

/**
 * Static files of the UI, and index.html for any other GET that accepts HTML (client-side
 * routes such as /calls/call-…): a reload on a deep link still opens the app.
 */
export function webRoutes(dir: string): Router {
  const r = express.Router();
  // Hashed file names under /assets never change: cache them for a year; index.html not at all.
  r.use(
    '/assets',
    express.static(join(dir, 'assets'), {
      immutable: true,
      maxAge: '365d',
      index: false,
      fallthrough: false,
    }),
  );
  const files = express.static(dir, { index: false, maxAge: 0 });
  // API requests skip the file lookup altogether.
  r.use((req, res, next) => (API_PATH.test(req.path) ? next() : files(req, res, next)));
  r.get(/.*/, (req, res, next) => {
    if (API_PATH.test(req.path) || !req.accepts('html')) return next();
    res.set('cache-control', 'no-cache');
    res.sendFile(join(dir, 'index.html'));
  });
  return r;
}
