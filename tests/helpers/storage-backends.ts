import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Database, openDatabase } from '../../models/db.js';
import { createTestDatabase } from './services.js';

/** One database a storage test runs against: the embedded PGlite, or a PostgreSQL test database. */
export interface StorageBackend {
  name: 'pglite' | 'postgres';
  available: boolean;
  /** A new empty database in its own data folder; `cleanup` closes it and removes both. */
  open(): Promise<{ database: Database; dataDir: string; cleanup(): Promise<void> }>;
}

/**
 * Both backends for a storage test named `name` (folders `tingjian-<name>-…`, PostgreSQL database
 * `tingjian_<name>_…`); the PostgreSQL one only where `pgAvailable`.
 */
export function storageBackends(name: string, pgAvailable: boolean): StorageBackend[] {
  const open = async (databaseUrl: string | undefined, folder: string, drop: () => Promise<void>) => {
    const dataDir = mkdtempSync(join(tmpdir(), folder));
    const database = await openDatabase(databaseUrl ? { databaseUrl, dataDir } : { dataDir });
    return {
      database,
      dataDir,
      async cleanup() {
        await database.close();
        await drop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  };
  return [
    {
      name: 'pglite',
      available: true,
      open: () => open(undefined, `tingjian-${name}-`, async () => {}),
    },
    {
      name: 'postgres',
      available: pgAvailable,
      async open() {
        const testDb = await createTestDatabase(`tingjian_${name.replaceAll('-', '_')}`);
        return open(testDb.url, `tingjian-${name}-pg-`, testDb.drop);
      },
    },
  ];
}
