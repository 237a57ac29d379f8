import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The folder holding package.json, where the shipped data lives beside the code (lexicons/,
 * training/, examples/, models/migrations/). This file runs from `models/` (tsx, vitest) or from
 * `dist/models/` (the build): both find the same folder, and every other module asks here
 * instead of counting `..` from its own place.
 */
export function packageRoot(): string {
  if (cached !== undefined) return cached;
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, '..'), join(here, '..', '..')];
  const found = candidates.find((dir) => existsSync(join(dir, 'package.json')));
  if (!found) throw new Error(`cannot find the package root (package.json) above ${here}`);
  cached = found;
  return found;
}

/** A path inside the package root: `packagePath('training', 'SET-ASIDE.txt')`. */
export const packagePath = (...parts: string[]): string => join(packageRoot(), ...parts);
