import { randomUUID } from 'node:crypto';
import { Socket } from 'node:net';
import pg from 'pg';
import type { Service } from '../../bin/service.js';
import { BullmqQueue } from '../../pipeline/bullmq.queue.js';

export const PG_ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const REQUIRE = process.env.REQUIRE_SERVICES === '1';

export async function postgresUp(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export async function redisUp(): Promise<boolean> {
  const u = new URL(REDIS_URL);
  return new Promise((resolve) => {
    const s = new Socket();
    s.setTimeout(800);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
    s.once('timeout', () => resolve(false));
    s.connect(Number(u.port || 6379), u.hostname);
  });
}

/** Both servers reachable; when REQUIRE_SERVICES=1 (CI) a missing one fails instead of skipping. */
export async function serversAvailable(what: string): Promise<boolean> {
  const [p, r] = await Promise.all([postgresUp(), redisUp()]);
  if (p && r) return true;
  const msg = `${what}: PostgreSQL ${p ? 'up' : 'down'}, Redis ${r ? 'up' : 'down'}`;
  if (REQUIRE) throw new Error(`${msg} (REQUIRE_SERVICES=1)`);
  console.warn(`${msg}; skipping the server variant`);
  return false;
}

async function admin(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** A fresh, uniquely named database; `drop()` removes it. */
export async function createTestDatabase(
  prefix: string,
): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  await admin(`CREATE DATABASE ${name}`);
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${name}`;
  return { url: u.toString(), name, drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/**
 * Stops a test's service: a BullMQ queue also deletes every key under its prefix (the shared
 * Redis keeps nothing), then the database closes.
 */
export async function stopTestService(svc: Service | undefined): Promise<void> {
  if (!svc) return;
  if (svc.queue instanceof BullmqQueue) {
    await svc.queue.purge();
    await svc.database.close();
  } else await svc.close();
}
