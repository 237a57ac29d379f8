import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseTranscriptJson } from '../../models/transcript.js';
import { parseGold } from '../eval/gold.js';
import type { LabelledCall } from '../eval/run-eval.js';
import { readSetAside } from '../eval/set-aside.js';

/**
 * Labelled calls of `dir` (`<name>.json` beside `<name>.gold.json`), in name order, without the
 * calls named in `skip`: those files are never opened. Parsed as `readLabelledCalls` does.
 */
export function readLabelledCallsExcept(dir: string, skip: ReadonlySet<string>): LabelledCall[] {
  const names = readdirSync(dir)
    .filter((f) => f.endsWith('.gold.json'))
    .map((f) => basename(f, '.gold.json'))
    .filter((name) => !skip.has(name))
    .sort();
  return names.map((name) => {
    const transcript = parseTranscriptJson(readFileSync(join(dir, `${name}.json`), 'utf8'));
    const gold = parseGold(
      JSON.parse(readFileSync(join(dir, `${name}.gold.json`), 'utf8')),
      `${name}.gold.json`,
    );
    return { name, transcript, gold };
  });
}

/** Where the training calls live, relative to the repository root. */
export const TRAINING_SOURCES = {
  dirs: ['training/calls', 'training/team-calls', 'tests/fixtures/calls'],
  setAside: 'training/SET-ASIDE.txt',
} as const;

/** Every labelled call the second stage may learn from: all sources minus the set-aside calls. */
export function readTrainingCalls(root: string): LabelledCall[] {
  const list = join(root, TRAINING_SOURCES.setAside);
  // A missing list must stop training: without it the model would learn from the held-out calls.
  if (!existsSync(list)) throw new Error(`set-aside list ${list} not found`);
  const skip = readSetAside(list);
  return TRAINING_SOURCES.dirs.flatMap((d) => readLabelledCallsExcept(join(root, d), skip));
}
