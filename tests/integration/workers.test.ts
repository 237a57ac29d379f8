import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../bin/config.js';
import { buildService, type Service } from '../../bin/service.js';
import { BullmqQueue } from '../../pipeline/bullmq.queue.js';
import { transcript } from '../helpers/runtime.js';
import { createTestDatabase, REDIS_URL, serversAvailable, stopTestService } from '../helpers/services.js';

const servers = await serversAvailable('workers (PostgreSQL + BullMQ)');

describe.each([
  ['embedded', true],
  ['servers', servers],
] as const)('stage workers (%s)', (backend, available) => {
  const dir = mkdtempSync(join(tmpdir(), 'tingjian-workers-'));
  let svc: Service;
  let drop: (() => Promise<void>) | undefined;
  let env: Record<string, string>;
  let repId: string;

  beforeAll(async () => {
    if (!available) return;
    env = { DATA_DIR: dir, LOG_LEVEL: 'silent' };
    if (backend === 'servers') {
      const db = await createTestDatabase('tj_workers');
      drop = db.drop;
      Object.assign(env, {
        DATABASE_URL: db.url,
        REDIS_URL,
        QUEUE_PREFIX: `tjw-${randomUUID().slice(0, 8)}`,
      });
    }
    svc = await buildService(loadConfig(env), { role: 'all' });
    const rep = await svc.users.createUser({ name: '林雪', roles: ['rep'], externalId: 'rep-lin-xue' });
    repId = rep.id;
  }, 60_000);

  afterAll(async () => {
    await stopTestService(svc);
    await drop?.();
    rmSync(dir, { recursive: true, force: true });
  });

  const call = (n: number) =>
    transcript(
      'medical_devices',
      [
        ['rep', '周主任您好，我是瑞康医疗的林雪，想跟您聊聊腔镜系统，您现在方便吗？'],
        ['customer', `就是我们手术室空间限制太大了，第${n}台设备摆不进去。`],
      ],
      { repId: 'rep-lin-xue', externalId: `crm-w-${backend}-${n}` },
    );

  it.skipIf(!available)(
    'calls left in a non-terminal state are re-enqueued on start and scored',
    async () => {
      // Submitted while no worker runs: they stay queued in the database.
      const ids: string[] = [];
      for (let i = 1; i <= 3; i++) ids.push((await svc.service.submitTranscript(call(i))).call.id);
      for (const id of ids) expect((await svc.calls.find(id))?.status).toBe('queued');
      if (svc.queue instanceof BullmqQueue) {
        // Simulate a lost Redis: the jobs are gone, only the database remembers.
        for (const q of svc.queue.allQueues()) await q.obliterate({ force: true });
      }
      await svc.startWorkers();
      await svc.queue.drain();
      for (const id of ids) expect((await svc.calls.find(id))?.status).toBe('scored');
    },
  );

  it.skipIf(!available)(
    'rescoring twice really runs twice; finding ids survive; rows are replaced, not added',
    async () => {
      const { call: c } = await svc.service.submitTranscript(call(9));
      await svc.queue.drain();
      const first = await svc.calls.getAnalysis(c.id);
      expect(first?.revision).toBe(1);
      await svc.service.rescore(c.id);
      await svc.queue.drain();
      await svc.service.rescore(c.id);
      await svc.queue.drain();
      const after = await svc.calls.find(c.id);
      expect(after).toMatchObject({ status: 'scored', revision: 3 });
      const third = await svc.calls.getAnalysis(c.id);
      expect(third?.revision).toBe(3);
      expect(third?.findings.map((f) => f.id)).toEqual(first?.findings.map((f) => f.id));
      expect(third?.findings).toHaveLength(first!.findings.length);
    },
  );

  it.skipIf(!available)(
    'a call whose stored industry no longer exists fails with the reason, and nothing else is affected',
    async () => {
      const { call: c } = await svc.service.submitTranscript(call(20));
      await svc.queue.drain();
      // Force a permanent failure: point the call at an industry the registry does not know.
      await svc.database.db.execute(sql`update calls set industry = 'aerospace' where id = ${c.id}`);
      await svc.service.rescore(c.id);
      await svc.queue.drain();
      await new Promise((r) => setTimeout(r, 200));
      const failed = await svc.calls.find(c.id);
      expect(failed?.status).toBe('failed');
      expect(failed?.failureReason).toMatch(/^analyze: unknown_industry: unknown industry "aerospace"/);
      expect(
        (await svc.calls.find((await svc.calls.findByExternalId(`crm-w-${backend}-9`))!.id))?.status,
      ).toBe('scored');
    },
  );

  it.skipIf(!available)('the rep of each call is the stored rep', async () => {
    const page = await svc.calls.list({ repId });
    expect(page.items.length).toBeGreaterThanOrEqual(4);
  });
});
