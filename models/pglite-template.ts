import { cpSync, existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A pre-initialised PGlite data folder (initdb done, migrations applied), made by the build
 * (`scripts/build-pglite-template.ts`) next to the compiled code. A new embedded database starts
 * as a copy of it instead of running initdb: the first start of `tingjian serve` / `start` on an
 * empty data folder takes seconds less. Tied to the PGlite version that made it (in the folder
 * name): a different installed PGlite ignores it and runs initdb as before.
 *
 * A plain folder copied file by file, not an archive PGlite unpacks (`loadDataDir`): unpacking a
 * .tar.gz inside PGlite took more than half of a first start's database time and left ~115 MB of
 * freed but still resident buffers in the server for good.
 */

/** The installed PGlite's version (from its package.json). */
export function pgliteVersion(): string {
  let dir = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  for (let i = 0; i < 5; i++) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      const { name, version } = JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string; version?: string };
      if (name === '@electric-sql/pglite' && version) return version;
    }
    dir = dirname(dir);
  }
  return 'unknown';
}

/** Where the build writes the template folder: the package's compiled root (dist/). */
export function pgliteTemplatePath(version = pgliteVersion()): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', `pglite-template-${version}`);
}

/**
 * Copies the template for the installed PGlite to `dir` (which must not exist): true when there
 * was one. The copy goes to a temporary name first and is renamed into place, so a start stopped
 * half-way leaves no half data folder that PGlite would then take for a database.
 */
export function copyPgliteTemplate(dir: string, template = pgliteTemplatePath()): boolean {
  if (!existsSync(join(template, 'PG_VERSION'))) return false;
  const tmp = `${dir}.copy-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  try {
    cpSync(template, tmp, { recursive: true });
    renameSync(tmp, dir);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  return true;
}
