/**
 * Makes the pre-initialised PGlite data folder (initdb + every migration) that a new embedded
 * database starts as a copy of (models/pglite-template.ts). Run by `npm run build` after tsc,
 * from dist/: `node dist/scripts/build-pglite-template.js`.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../models/db.js';
import { pgliteTemplatePath } from '../models/pglite-template.js';

const dir = mkdtempSync(join(tmpdir(), 'tingjian-pglite-template-'));
try {
  const started = performance.now();
  const db = await openDatabase({ dataDir: dir, template: false });
  await db.migrate();
  await db.close();
  const out = pgliteTemplatePath();
  rmSync(out, { recursive: true, force: true });
  // The archive earlier builds made (PGlite unpacked it at every first start).
  rmSync(`${out}.tar.gz`, { force: true });
  cpSync(join(dir, 'pglite'), out, { recursive: true });
  console.log(`PGlite template ${out} in ${Math.round(performance.now() - started)} ms`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
