import { existsSync, readFileSync } from 'node:fs';
import { packagePath } from '../../models/package-root.js';

/** The shipped list of labelled calls set aside from rules and training (training/SET-ASIDE.txt). */
export function defaultSetAsideFile(): string {
  return packagePath('training', 'SET-ASIDE.txt');
}

/** Call names (without `.json`) listed in a set-aside file; `#` starts a comment line. */
export function readSetAside(file = defaultSetAsideFile()): ReadonlySet<string> {
  if (!existsSync(file)) return new Set();
  return new Set(
    readFileSync(file, 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.length > 0 && !l.startsWith('#')),
  );
}

/**
 * Which calls of a folder an evaluation reads: `all`, `train` (set-aside calls skipped) or
 * `held-out` (only the set-aside calls).
 */
export type EvalSplit = 'all' | 'train' | 'held-out';

export function inSplit(name: string, split: EvalSplit, setAside: ReadonlySet<string>): boolean {
  if (split === 'all') return true;
  return split === 'held-out' ? setAside.has(name) : !setAside.has(name);
}
