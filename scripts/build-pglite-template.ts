/**
 * Makes the pre-initialised PGlite data folder (initdb + every migration) that a new embedded
 * database starts from (models/pglite-template.ts). Run by `npm run build` after tsc, from dist/:
 * `node dist/scripts/build-pglite-template.js`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { openDatabase } from '../models/db.js';
import { pgliteTemplatePath } from '../models/pglite-template.js';

const dir = mkdtempSync(join(tmpdir(), 'tingjian-pglite-template-'));
try {
  const started = performance.now();
  const db = await openDatabase({ dataDir: dir, template: false });
  await db.migrate();
  await db.close();
  const pg = await PGlite.create(join(dir, 'pglite'));
  const tar = await pg.dumpDataDir('gzip');
  await pg.close();
  const out = pgliteTemplatePath();
  writeFileSync(out, Buffer.from(await tar.arrayBuffer()));
  console.log(
    `PGlite template ${out}: ${Math.round(tar.size / 1024)} KiB in ${Math.round(performance.now() - started)} ms`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
