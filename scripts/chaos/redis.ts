import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onCleanup, type Spawned, spawnTracked, waitFor } from './processes.js';

/**
 * A private redis-server for the chaos run, on a free port, without persistence: a restart comes
 * back empty (every waiting job lost), as a Redis restarted without AOF/RDB does. Never the
 * machine's shared Redis on 6379.
 */
export interface PrivateRedis {
  readonly url: string;
  /** SIGKILL: the server dies with everything it held. */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
}

export async function startPrivateRedis(port: number): Promise<PrivateRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'tingjian-chaos-redis-'));
  onCleanup(`redis temp folder ${dir}`, () => rmSync(dir, { recursive: true, force: true }));
  let server: Spawned | undefined;
  const redis: PrivateRedis = {
    url: `redis://127.0.0.1:${port}`,
    async kill() {
      await server?.stop('SIGKILL');
    },
    async start() {
      const s = spawnTracked(
        `redis-server on port ${port}`,
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
        { cwd: dir, env: { PATH: process.env.PATH } },
      );
      server = s;
      await waitFor(
        () => {
          if (!s.running()) throw new Error(`redis-server exited:\n${s.output()}`);
          return /Ready to accept connections/.test(s.output());
        },
        10_000,
        () => `redis-server on port ${port} not ready:\n${s.output()}`,
        20,
      );
    },
  };
  await redis.start();
  return redis;
}
