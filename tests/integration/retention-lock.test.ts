import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../models/db.js';
import { PrivacyRepository } from '../../models/privacy.repository.js';
import { RetentionRepository } from '../../models/retention.repository.js';
import { UserRepository } from '../../models/user.repository.js';
import { RetentionService } from '../../services/privacy/retention.service.js';
import { DEFAULT_RETENTION } from '../../services/privacy/retention-policy.js';
import { createTestDatabase, postgresUp } from '../helpers/services.js';

const available = await postgresUp();
if (!available) {
  if (process.env.REQUIRE_SERVICES === '1') throw new Error('PostgreSQL not reachable (REQUIRE_SERVICES=1)');
  console.warn('retention lock: PostgreSQL down; skipping');
}

/**
 * Retention runs across processes on PostgreSQL: two services on two connection pools (as an API
 * and a worker process would be) share one advisory lock, so a run never overlaps another.
 */
describe.skipIf(!available)(
  'retention runs never overlap across processes (PostgreSQL advisory lock)',
  () => {
    let test: Awaited<ReturnType<typeof createTestDatabase>>;
    const dbs: Database[] = [];
    let a: RetentionService;
    let b: RetentionService;
    let repId: string;
    let seq = 0;

    const service = (database: Database) =>
      new RetentionService({
        retention: new RetentionRepository(database.db),
        privacy: new PrivacyRepository(database.db),
        policy: DEFAULT_RETENTION,
        timeZone: 'Asia/Shanghai',
      });
    const addOldCall = async (db: Database) => {
      const id = `call-old-${++seq}`;
      await db.db.execute(
        sql`insert into calls (id, rep_id, industry, occurred_at, source, input_checksum, status)
          values (${id}, ${repId}, 'saas', now() - interval '4 years', 'transcript', ${id}, 'scored')`,
      );
      await db.db.execute(
        sql`insert into utterances (call_id, id, idx, speaker, start_ms, end_ms, text)
          values (${id}, 'u1', 0, 'rep', 0, 1000, '您好')`,
      );
      return id;
    };
    const count = async (db: Database, query: ReturnType<typeof sql>) =>
      Number(((await db.db.execute(query)) as unknown as { rows: { n: number }[] }).rows[0]!.n);

    beforeAll(async () => {
      test = await createTestDatabase('tj_retention');
      for (let i = 0; i < 2; i++) {
        const database = await openDatabase({ databaseUrl: test.url, dataDir: '/nonexistent' });
        await database.migrate();
        dbs.push(database);
      }
      a = service(dbs[0]!);
      b = service(dbs[1]!);
      repId = (await new UserRepository(dbs[0]!.db).createUser({ name: 'rep', roles: ['rep'] })).id;
    }, 120_000);

    afterAll(async () => {
      for (const d of dbs) await d.close();
      await test?.drop();
    });

    it('a run while another process holds the lock is skipped and changes nothing; once free it runs', async () => {
      const id = await addOldCall(dbs[0]!);
      const holder = new pg.Client({ connectionString: test.url });
      await holder.connect();
      try {
        await holder.query('begin');
        await holder.query('select pg_advisory_xact_lock(73051613)');
        const skipped = await a.run({ dryRun: false, trigger: 'schedule' });
        expect(skipped.skipped).toBe('already_running');
        expect(skipped.auditId).toBeNull();
        expect(await count(dbs[0]!, sql`select count(*)::int as n from calls where id = ${id}`)).toBe(1);
        await holder.query('commit');
      } finally {
        await holder.end();
      }
      const ran = await a.run({ dryRun: false, trigger: 'schedule' });
      expect(ran.skipped).toBeUndefined();
      expect(ran.counts.analyses).toMatchObject({ calls: 1, utterances: 1 });
      expect(await count(dbs[0]!, sql`select count(*)::int as n from calls where id = ${id}`)).toBe(0);
    });

    it('two processes starting at once remove each call once: one runs, the other skips or finds nothing', async () => {
      await addOldCall(dbs[0]!);
      await addOldCall(dbs[0]!);
      await addOldCall(dbs[0]!);
      const before = await count(
        dbs[0]!,
        sql`select count(*)::int as n from audit_log where action = 'privacy.retention'`,
      );
      const runs = await Promise.all([
        a.run({ dryRun: false, trigger: 'schedule' }),
        b.run({ dryRun: false, trigger: 'schedule' }),
      ]);
      const ran = runs.filter((r) => !r.skipped);
      expect(ran.length).toBeGreaterThanOrEqual(1);
      expect(ran.reduce((n, r) => n + r.counts.analyses.calls, 0)).toBe(3);
      expect(ran.reduce((n, r) => n + r.counts.analyses.utterances, 0)).toBe(3);
      expect(await count(dbs[0]!, sql`select count(*)::int as n from calls`)).toBe(0);
      const after = await count(
        dbs[0]!,
        sql`select count(*)::int as n from audit_log where action = 'privacy.retention'`,
      );
      expect(after - before).toBe(ran.length);
    });
  },
);
