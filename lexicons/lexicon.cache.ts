import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { LexiconDocument } from './lexicon.schema.js';

/**
 * On-disk cache of validated lexicon documents, for processes that start often (the CLI). Parsing
 * and validating the shipped YAML (23 files, ~60,000 lines) is most of a CLI start; a cached
 * document is one JSON.parse.
 *
 * Key: SHA-256 of the YAML text together with the loader's version hash (`LOADER_VERSION`: the
 * source of the schema and the loader themselves when they can be read, else the package
 * version). Any edit to a lexicon file, or to the code that validates it, is a different key: a
 * stale entry is never read, only left behind. Entries are written atomically (temp file +
 * rename); an unreadable or unwritable cache is ignored, the file is then parsed as without one.
 */
export interface LexiconCache {
  readonly dir: string;
  /** The cached document of `text`, or undefined. */
  get(text: string): LexiconDocument | undefined;
  /** Stores the validated document of `text` (best effort). */
  set(text: string, doc: LexiconDocument): void;
}

/** Bumped by hand when the cached form changes without the schema or loader source changing. */
const CACHE_FORMAT = 1;

let loaderVersion: string | undefined;

/**
 * Hash of the code that turns YAML into a validated document: the compiled or source files of the
 * schema and the loader next to this module (whichever exist), plus the cache format.
 */
export function lexiconLoaderVersion(): string {
  if (loaderVersion) return loaderVersion;
  const h = createHash('sha256').update(`format ${CACHE_FORMAT}\n`);
  const here = new URL('.', import.meta.url);
  for (const name of ['lexicon.schema', 'lexicon.loader', 'lexicon.cache']) {
    for (const ext of ['.js', '.ts']) {
      try {
        h.update(readFileSync(new URL(name + ext, here)));
        h.update('\0');
      } catch {
        // Not there in this layout (sources or dist): the other extension is.
      }
    }
  }
  loaderVersion = h.digest('hex').slice(0, 16);
  return loaderVersion;
}

/** The default cache folder: `$XDG_CACHE_HOME/tingjian/lexicons`, else `~/.cache/tingjian/lexicons`. */
export function defaultLexiconCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const root =
    env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.length > 0 ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return join(root, 'tingjian', 'lexicons');
}

/** A cache in `dir` whose keys include `version` (default: this loader's version hash). */
export function createLexiconCache(dir: string, version: string = lexiconLoaderVersion()): LexiconCache {
  const keyOf = (text: string) =>
    createHash('sha256').update(version).update('\0').update(text).digest('hex');
  const fileOf = (text: string) => join(dir, `${keyOf(text)}.json`);
  let writable = true;
  return {
    dir,
    get(text) {
      try {
        const parsed = JSON.parse(readFileSync(fileOf(text), 'utf8')) as {
          version?: string;
          doc?: LexiconDocument;
        };
        return parsed.version === version && parsed.doc ? parsed.doc : undefined;
      } catch {
        return undefined;
      }
    },
    set(text, doc) {
      if (!writable) return;
      const file = fileOf(text);
      const tmp = `${file}.${process.pid}.tmp`;
      try {
        mkdirSync(dir, { recursive: true });
        writeFileSync(tmp, JSON.stringify({ version, doc }));
        renameSync(tmp, file);
      } catch {
        writable = false;
      }
    },
  };
}
