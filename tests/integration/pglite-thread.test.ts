import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../models/db.js';
import { isDependencyUnavailable } from '../../models/errors.js';
import { PgliteProxy } from '../../models/pglite-proxy.js';

/**
 * The embedded database runs PGlite in a worker thread of its own (models/pglite.thread.ts):
 * statements, transactions, errors and notifications behave as PGlite's own, and the thread that
 * serves HTTP keeps running while a statement executes.
 */
describe('PGlite in its database thread', () => {
  let dataDir: string;
  let database: Database;
  const rows = async (q: ReturnType<typeof sql>) =>
    ((await database.db.execute(q)) as unknown as { rows: Record<string, unknown>[] }).rows;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tingjian-pglite-thread-'));
    database = await openDatabase({ dataDir });
    await database.db.execute(
      sql`create table t (id int primary key, v text, at timestamptz, b bytea, j jsonb)`,
    );
    // initdb runs here (the sources have no template): minutes on a loaded machine.
  }, 300_000);

  afterAll(async () => {
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is a PgliteProxy behind drizzle', () => {
    expect((database.db as unknown as { $client: unknown }).$client).toBeInstanceOf(PgliteProxy);
  });

  it('returns values as PGlite parses them, and drizzle keeps timestamps as text', async () => {
    await database.db.execute(
      sql`insert into t values (1, '一', '2026-12-06 08:00:00+00', ${new Uint8Array([1, 2, 255])}, ${JSON.stringify({ 话: [1] })})`,
    );
    const [row] = await rows(sql`select id, v, at, b, j, 2::int8 as big from t where id = 1`);
    expect(row).toEqual({
      id: 1,
      v: '一',
      at: '2026-12-06 08:00:00+00',
      b: new Uint8Array([1, 2, 255]),
      j: { 话: [1] },
      big: 2,
    });
  });

  it('commits a transaction, rolls back one that throws, and rethrows its error', async () => {
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`insert into t (id, v) values (2, 'kept')`);
    });
    await expect(
      database.db.transaction(async (tx) => {
        await tx.execute(sql`insert into t (id, v) values (3, 'dropped')`);
        throw new Error('stop here');
      }),
    ).rejects.toThrow('stop here');
    await expect(
      database.db.transaction(async (tx) => {
        await tx.execute(sql`insert into t (id, v) values (4, 'rolled back')`);
        tx.rollback();
      }),
    ).rejects.toThrow('Rollback');
    expect(await rows(sql`select id from t where id between 2 and 4 order by id`)).toEqual([{ id: 2 }]);
  });

  it('a statement outside a transaction waits until the open one ends', async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    const tx = database.db.transaction(async (t) => {
      await t.execute(sql`insert into t (id, v) values (5, 'in tx')`);
      await held;
    });
    // Give the transaction its turn to start before the outside statement is sent.
    await new Promise((r) => setTimeout(r, 50));
    const outside = rows(sql`select count(*)::int as n from t where id = 5`);
    release();
    await tx;
    expect(await outside).toEqual([{ n: 1 }]);
  });

  it('errors keep their SQLSTATE code and constraint through drizzle', async () => {
    const err = await database.db
      .execute(sql`insert into t (id, v) values (1, 'dup')`)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    const cause = (err as { cause?: { code?: string; constraint?: string } }).cause;
    expect(cause).toMatchObject({ code: '23505', constraint: 't_pkey' });
  });

  it('delivers notifications to listeners and stops after unlisten', async () => {
    const client = (database.db as unknown as { $client: PgliteProxy }).$client;
    const got: string[] = [];
    const stop = await client.listen('tj_thread_test', (p) => got.push(p));
    await database.db.execute(sql`select pg_notify('tj_thread_test', '一号')`);
    await new Promise((r) => setTimeout(r, 20));
    await stop();
    await database.db.execute(sql`select pg_notify('tj_thread_test', '二号')`);
    await new Promise((r) => setTimeout(r, 20));
    expect(got).toEqual(['一号']);
  });

  it('the calling thread runs timers while a long statement executes', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    let ticksWhenDone = -1;
    await database.db
      .execute(sql`select count(*) from generate_series(1, 1000000) g where md5(g::text) like 'ab%'`)
      .then(() => {
        ticksWhenDone = ticks;
      });
    clearInterval(timer);
    // PGlite on this thread held it for the whole statement: no tick before the answer.
    expect(ticksWhenDone).toBeGreaterThan(0);
  });

  it('after close, statements fail as a dependency that is unavailable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tingjian-pglite-thread-closed-'));
    try {
      const other = await openDatabase({ dataDir: dir });
      await other.close();
      const err = await other.db.execute(sql`select 1`).catch((e: unknown) => e);
      expect(isDependencyUnavailable(err)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
