import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A pre-initialised PGlite data folder (initdb done, migrations applied), made by the build
 * (`scripts/build-pglite-template.ts`) next to the compiled code. A new embedded database starts
 * from it instead of running initdb: the first start of `tingjian serve` / `start` on an empty
 * data folder takes seconds less. Tied to the PGlite version that made it (in the file name): a
 * different installed PGlite ignores it and runs initdb as before.
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

/** Where the build writes the template: the package's compiled root (dist/). */
export function pgliteTemplatePath(version = pgliteVersion()): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', `pglite-template-${version}.tar.gz`);
}

/** The template for the installed PGlite, if the build made one. */
export function readPgliteTemplate(): Blob | undefined {
  const path = pgliteTemplatePath();
  if (!existsSync(path)) return undefined;
  return new Blob([readFileSync(path)], { type: 'application/x-gzip' });
}
