import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../bin/config.js';
import { buildService, type Service } from '../../bin/service.js';

/** The embedded server runs retention from a timer on TINGJIAN_RETENTION_SCHEDULE (here every second). */
describe('scheduled retention on the embedded server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tingjian-retention-timer-'));
  let svc: Service;

  beforeAll(async () => {
    svc = await buildService(
      loadConfig({
        DATA_DIR: dir,
        LOG_LEVEL: 'silent',
        SECOND_STAGE_MODEL: 'off',
        TINGJIAN_RETENTION_SCHEDULE: '* * * * * *',
        FEEDBACK_SCHEDULE: 'off',
        GOALS_SCHEDULE: 'off',
      }),
      { role: 'all' },
    );
    await svc.startWorkers();
  }, 120_000);

  afterAll(async () => {
    await svc?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('audits a run triggered by the schedule within a few seconds', async () => {
    const runs = async () =>
      (
        (await svc.database.db.execute(
          sql`select after->>'trigger' as trigger from audit_log where action = 'privacy.retention'`,
        )) as unknown as { rows: { trigger: string }[] }
      ).rows;
    const deadline = Date.now() + 15_000;
    while ((await runs()).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    const seen = await runs();
    expect(seen.length).toBeGreaterThan(0);
    expect(seen[0]!.trigger).toBe('schedule');
  }, 30_000);
});
