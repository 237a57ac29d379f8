import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../bin/config.js';
import { buildService, type Service } from '../../bin/service.js';
import { transcript } from '../helpers/runtime.js';
import { createTestDatabase, serversAvailable } from '../helpers/services.js';

const servers = await serversAvailable('database-down API test');

describe.skipIf(!servers)('with the database down', () => {
  let svc: Service;
  let drop: () => Promise<void>;
  let token: string;
  beforeAll(async () => {
    const db = await createTestDatabase('tj_down');
    drop = db.drop;
    svc = await buildService(loadConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'silent' }), { role: 'serve' });
    const admin = await svc.users.createUser({ name: 'admin', roles: ['admin'] });
    await svc.users.createUser({ name: 'lin', roles: ['rep'], externalId: 'rep-lin-xue' });
    token = (await svc.users.issueToken(admin.id)).token;
  }, 60_000);
  afterAll(async () => {
    await svc?.database.close();
    await drop?.();
  });

  it('answers 503 on /readyz and on writes, never 500', async () => {
    const app = svc.app();
    expect((await request(app).get('/readyz')).status).toBe(200);
    // The database goes away under the running service: connections terminated, database gone.
    await drop();
    const ready = await request(app).get('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({ ok: false, checks: { database: false } });
    const write = await request(app)
      .post('/v1/calls')
      .set('Authorization', `Bearer ${token}`)
      .send(transcript('saas', [['rep', '您好']], { repId: 'rep-lin-xue' }));
    expect(write.status).toBe(503);
    expect(write.body.error.code).toBe('unavailable');
  });
});
