import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { AppError, ErrorCode } from './errors.js';
import { packagePath } from './package-root.js';
import { PgliteProxy } from './pglite-proxy.js';
import { copyPgliteTemplate } from './pglite-template.js';
import * as schema from './schema.js';

export type Schema = typeof schema;

/**
 * The drizzle database the repositories take: the PostgreSQL and the PGlite instances both fit,
 * and so does a transaction (`db.transaction(async (tx) => new AuditRepository(tx).append(…))`).
 */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  readonly db: Db;
  readonly kind: 'postgres' | 'pglite';
  /** Applies pending migrations of `models/migrations/` (the same ones for both kinds). */
  migrate(): Promise<void>;
  /** Closes the pool or PGlite and releases the PGlite process lock. */
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** Set → PostgreSQL through a `pg` pool; unset or empty → embedded PGlite in `<dataDir>/pglite`. */
  databaseUrl?: string | undefined;
  dataDir: string;
  /** Pool size for PostgreSQL (default 10). */
  poolSize?: number;
  /** A new PGlite folder starts from the build's template when there is one (default true). */
  template?: boolean;
  /** PGlite's `shared_buffers` (default {@link PGLITE_SHARED_BUFFERS}); ignored for PostgreSQL. */
  sharedBuffers?: string;
}

/**
 * PGlite's buffer pool. PostgreSQL's default (128 MB) lives inside PGlite's WebAssembly memory,
 * which is zeroed page by page when the pool is set up: the first start paid ~3 s for it and the
 * server held the whole 128 MB once the pool filled. The data files behind it are real files, so
 * a page missing from the pool is one read through the OS page cache, not a disk seek.
 */
export const PGLITE_SHARED_BUFFERS = '16MB';

/** `-c name=value` start parameters of the embedded PostgreSQL. */
function pgliteSettings(sharedBuffers: string): string[] {
  return ['-c', `shared_buffers=${sharedBuffers}`];
}

/** Arbitrary constant key of the advisory lock that serialises migrations across processes. */
const MIGRATION_LOCK_KEY = 73_051_612;

/**
 * Opens the service database. Does not migrate: the entry point calls `migrate()` once at boot.
 * PGlite is single-process: opening it takes `<dataDir>/pglite.lock` (see
 * {@link assertSingleProcessPglite}), so a second process without `DATABASE_URL` fails fast.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const migrationsFolder = resolveMigrationsFolder();
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    // An idle client losing its server (restart, network) must not crash the process.
    pool.on('error', () => {});
    // Nor a checked-out one: pg emits 'error' on it too (its queries reject with the same error),
    // and the pool listens on idle clients only.
    pool.on('connect', (client) => client.on('error', () => {}));
    const db = drizzlePg({ client: pool, schema });
    return {
      db: db as unknown as Db,
      kind: 'postgres',
      async migrate() {
        // api and worker processes may boot together: one migrates, the other waits, then no-ops.
        const client = await pool.connect();
        try {
          await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
          try {
            await migratePg(drizzlePg({ client, schema }), { migrationsFolder });
          } finally {
            await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
          }
        } finally {
          client.release();
        }
      },
      async close() {
        await pool.end();
      },
    };
  }

  mkdirSync(options.dataDir, { recursive: true });
  const release = assertSingleProcessPglite(join(options.dataDir, 'pglite.lock'));
  let client: PgliteProxy;
  try {
    const dir = join(options.dataDir, 'pglite');
    // A new folder starts as a copy of the template the build made (initdb and migrations done)
    // when there is one: the first start saves the seconds initdb takes.
    if (options.template !== false && !existsSync(dir)) copyPgliteTemplate(dir);
    client = await PgliteProxy.open({
      dataDir: dir,
      startParams: [
        ...PGlite.defaultStartParams,
        ...pgliteSettings(options.sharedBuffers ?? PGLITE_SHARED_BUFFERS),
      ],
    });
  } catch (err) {
    release();
    throw err;
  }
  // The proxy has the part of PGlite's interface drizzle's PGlite driver calls.
  const db = drizzlePglite({ client: client as unknown as PGlite, schema });
  let closed = false;
  return {
    db: db as unknown as Db,
    kind: 'pglite',
    async migrate() {
      await migratePglite(db, { migrationsFolder });
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await client.close();
      } finally {
        release();
      }
    },
  };
}

/**
 * The SQL migrations folder. This file runs from `models/` (tsx, vitest) or from
 * `dist/models/` (the build, which does not copy SQL): both find `models/migrations/` of the
 * package.
 */
export function resolveMigrationsFolder(): string {
  const dir = packagePath('models', 'migrations');
  if (existsSync(join(dir, 'meta', '_journal.json'))) return dir;
  throw new AppError(ErrorCode.Internal, `database migrations not found (looked in ${dir})`);
}

/** Lock files held by this process, so a second open in the same process is refused too. */
const heldLocks = new Set<string>();

/**
 * Takes the PGlite single-process lock: `lockFile` holds the owner's pid. A lock whose process
 * is gone is stale and taken over. Throws `AppError` naming `DATABASE_URL` when another live
 * process (or another open database in this one) holds it. Returns the release function.
 */
export function assertSingleProcessPglite(lockFile: string): () => void {
  const path = resolve(lockFile);
  if (heldLocks.has(path)) throw lockedError(path, process.pid);
  for (let attempt = 0; attempt < 3; attempt++) {
    if (createLockFile(path)) {
      heldLocks.add(path);
      return () => releaseLock(path);
    }
    const owner = readLockOwner(path);
    if (owner !== null && owner !== process.pid && isAlive(owner)) throw lockedError(path, owner);
    // Stale (dead owner, our own leftover, or unreadable): remove and try again.
    try {
      unlinkSync(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  throw new AppError(ErrorCode.Internal, `could not take the PGlite lock ${path}`, { lockFile: path });
}

/** Creates the lock file with our pid atomically (link of a complete temp file): false if it exists. */
function createLockFile(path: string): boolean {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${process.pid}\n`);
  try {
    linkSync(tmp, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    unlinkSync(tmp);
  }
}

function releaseLock(path: string): void {
  if (!heldLocks.delete(path)) return;
  if (readLockOwner(path) !== process.pid) return;
  try {
    unlinkSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

function readLockOwner(path: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function lockedError(lockFile: string, pid: number): AppError {
  const who = pid === process.pid ? 'this process' : `process ${pid}`;
  return new AppError(
    ErrorCode.Conflict,
    `the embedded database (PGlite) in ${dirname(lockFile)} is already open by ${who}; ` +
      'PGlite serves a single process. To run more than one process (e.g. `tingjian serve` and ' +
      '`tingjian worker`), set DATABASE_URL to a PostgreSQL database, or stop the other process.',
    { lockFile, pid },
  );
}
