import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { endianness, homedir } from 'node:os';
import { join } from 'node:path';

/**
 * A folder of derived artefacts that are slow to build and quick to read back (a validated model
 * laid out in typed arrays, a pinyin table), for processes that start often: the CLI.
 *
 * Safety, because a cache must never change a result:
 * - an entry's file name holds its key, and the caller's key covers everything the artefact is
 *   derived from (the source bytes and the version of the code that derives it): a changed source
 *   or code is another file, a stale entry is never read;
 * - every file carries the SHA-256 of its key and payload: a truncated, corrupt or renamed file
 *   fails the check, is removed and reads as a miss, so the caller rebuilds it;
 * - entries are written to a temporary file and renamed into place: a concurrent reader sees
 *   either no file or a whole one;
 * - a folder that cannot be created or written turns writing off for the process; reading and
 *   building go on as without a cache;
 * - it stays bounded: writing an entry keeps only the newest `KEEP_PER_NAME` entries of its name
 *   (older model files, older code versions).
 */
export interface FileCache {
  /** The folder, or undefined for the disabled cache. */
  readonly dir: string | undefined;
  /** The intact payload stored under (`name`, `key`), or undefined. */
  read(name: string, key: string): Buffer | undefined;
  /** Stores a payload (best effort: an unwritable folder is not an error). */
  write(name: string, key: string, payload: Uint8Array): void;
}

const MAGIC = Buffer.from('TJCACHE1', 'latin1');
const DIGEST_BYTES = 32;
const HEADER_BYTES = MAGIC.length + DIGEST_BYTES;
const NAME = /^[a-z0-9][a-z0-9-]*$/;
const KEY = /^[0-9a-f]{16,64}$/;
/** Entries kept per name: several model files or lexicons in use, a few code versions. */
export const KEEP_PER_NAME = 8;

/** The cache that stores nothing (`CACHE_DIR=off`). */
export const NO_FILE_CACHE: FileCache = Object.freeze({
  dir: undefined,
  read: () => undefined,
  write: () => {},
});

/** The default cache folder: `$XDG_CACHE_HOME/tingjian`, else `~/.cache/tingjian`. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const root =
    env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.length > 0 ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return join(root, 'tingjian');
}

/**
 * Hex SHA-256 over the parts, each length-prefixed (so `['ab', 'c']` and `['a', 'bc']` differ),
 * plus the machine's byte order: cached typed arrays are stored as they sit in memory.
 */
export function cacheKey(...parts: readonly (string | Uint8Array)[]): string {
  const h = createHash('sha256').update(endianness());
  for (const p of parts) {
    const bytes = typeof p === 'string' ? Buffer.from(p, 'utf8') : p;
    h.update(`\0${bytes.length}\0`);
    h.update(bytes);
  }
  return h.digest('hex');
}

/**
 * Hash of code files (compiled `.js` or source `.ts`, whichever exist next to `base`): the
 * version of the code that derives an artefact, for its cache key.
 */
export function codeVersion(base: URL, names: readonly string[]): string {
  const h = createHash('sha256');
  for (const name of names) {
    for (const ext of ['.js', '.ts']) {
      try {
        h.update(readFileSync(new URL(name + ext, base)));
        h.update('\0');
      } catch {
        // Not in this layout (sources or dist): the other extension is.
      }
    }
  }
  return h.digest('hex').slice(0, 16);
}

function digestOf(key: string, payload: Uint8Array): Buffer {
  return createHash('sha256').update(key).update('\0').update(payload).digest();
}

/** A cache in `dir` (created on first write). */
export function createFileCache(dir: string): FileCache {
  let writable = true;
  const fileOf = (name: string, key: string) => {
    if (!NAME.test(name)) throw new Error(`file cache: invalid entry name "${name}"`);
    if (!KEY.test(key)) throw new Error(`file cache: invalid key "${key}" (hex digest expected)`);
    return join(dir, `${name}-${key}.bin`);
  };
  return {
    dir,
    read(name, key) {
      const file = fileOf(name, key);
      let bytes: Buffer;
      try {
        bytes = readFileSync(file);
      } catch {
        return undefined;
      }
      const payload = bytes.subarray(HEADER_BYTES);
      const intact =
        bytes.length >= HEADER_BYTES &&
        bytes.subarray(0, MAGIC.length).equals(MAGIC) &&
        bytes.subarray(MAGIC.length, HEADER_BYTES).equals(digestOf(key, payload));
      if (intact) return payload;
      // Damaged (a disk error, a foreign file): drop it so that the rebuilt entry replaces it.
      try {
        rmSync(file, { force: true });
      } catch {
        // A read-only folder: the entry is rewritten (renamed over) when writing works.
      }
      return undefined;
    },
    write(name, key, payload) {
      if (!writable) return;
      const file = fileOf(name, key);
      const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      try {
        mkdirSync(dir, { recursive: true });
        writeFileSync(tmp, Buffer.concat([MAGIC, digestOf(key, payload), payload]));
        renameSync(tmp, file);
      } catch {
        writable = false;
        try {
          rmSync(tmp, { force: true });
        } catch {
          // Nothing was written.
        }
        return;
      }
      try {
        pruneOlder(dir, name);
      } catch {
        // Pruning is housekeeping: the entry is written.
      }
    },
  };
}

/** Removes all but the newest `KEEP_PER_NAME` entries named `name` (best effort: races are harmless). */
function pruneOlder(dir: string, name: string): void {
  const entry = new RegExp(`^${name}-[0-9a-f]+\\.bin$`);
  const found: { file: string; mtime: number }[] = [];
  for (const f of readdirSync(dir)) {
    if (!entry.test(f)) continue;
    try {
      found.push({ file: join(dir, f), mtime: statSync(join(dir, f)).mtimeMs });
    } catch {
      // Removed by another process meanwhile.
    }
  }
  found.sort((a, b) => b.mtime - a.mtime);
  for (const { file } of found.slice(KEEP_PER_NAME)) rmSync(file, { force: true });
}

/**
 * Packs JSON metadata and typed arrays into one payload: the metadata's length and text, then each
 * array's byte length and bytes (little-endian lengths; the arrays in the machine's byte order,
 * which `cacheKey` covers).
 */
export function packSections(meta: unknown, sections: readonly ArrayBufferView[]): Buffer {
  const text = Buffer.from(JSON.stringify(meta), 'utf8');
  const parts: Uint8Array[] = [u32(text.length), text, u32(sections.length)];
  for (const s of sections) {
    parts.push(u32(s.byteLength), new Uint8Array(s.buffer, s.byteOffset, s.byteLength));
  }
  return Buffer.concat(parts);
}

/**
 * The metadata and arrays of `packSections`, each array in its own (aligned) buffer. Throws on a
 * payload that is not such a packing.
 */
export function unpackSections(payload: Uint8Array): { meta: unknown; sections: ArrayBuffer[] } {
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  let at = 0;
  const take = (n: number): Uint8Array => {
    if (n < 0 || at + n > payload.byteLength) throw new Error('file cache: truncated sections');
    const out = payload.subarray(at, at + n);
    at += n;
    return out;
  };
  const readU32 = () => {
    take(4);
    return view.getUint32(at - 4, true);
  };
  const meta: unknown = JSON.parse(new TextDecoder().decode(take(readU32())));
  const count = readU32();
  const sections: ArrayBuffer[] = [];
  for (let i = 0; i < count; i++) {
    const bytes = take(readU32());
    // A copy in a fresh buffer: aligned for any typed array, and not a view of a Buffer pool.
    sections.push(new Uint8Array(bytes).buffer);
  }
  if (at !== payload.byteLength) throw new Error('file cache: trailing bytes after the sections');
  return { meta, sections };
}

function u32(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n, true);
  return b;
}
