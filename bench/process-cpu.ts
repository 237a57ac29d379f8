/**
 * CPU time of whole processes (all their threads) over a window, for benchmarks that spread one
 * piece of work over several processes: this Node process, child processes, the PostgreSQL
 * backends of one database and the Redis server. Linux only (/proc); elsewhere the rows say so.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import pg from 'pg';

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (100 on every common Linux). */
const CLOCK_TICKS = (() => {
  try {
    const n = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isFinite(n) && n > 0 ? n : 100;
  } catch {
    return 100;
  }
})();

/** User + system CPU ms of a process and all its threads, or undefined (exited, or not Linux). */
export function procCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    if (!Number.isFinite(utime) || !Number.isFinite(stime)) return undefined;
    return ((utime + stime) * 1000) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/** PostgreSQL processes by pid: the backends of `database`, and the server's own (shared) ones. */
async function postgresPids(adminUrl: string, database: string): Promise<{ db: number[]; shared: number[] }> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number; datname: string | null }>(
      `select pid, datname from pg_stat_activity where pid <> pg_backend_pid()
         and (datname = $1 or (datname is null and backend_type <> 'client backend'))`,
      [database],
    );
    return {
      db: rows.filter((r) => r.datname === database).map((r) => r.pid),
      shared: rows.filter((r) => r.datname === null).map((r) => r.pid),
    };
  } finally {
    await client.end();
  }
}

/** Redis server CPU ms (user + system, from INFO cpu): the whole server, every client's work. */
async function redisCpuMs(redisUrl: string): Promise<number | undefined> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
    const info = await redis.info('cpu');
    const value = (key: string) => Number(new RegExp(`^${key}:([0-9.]+)`, 'm').exec(info)?.[1]);
    const ms = (value('used_cpu_user') + value('used_cpu_sys')) * 1000;
    return Number.isFinite(ms) ? ms : undefined;
  } catch {
    return undefined;
  } finally {
    redis.disconnect();
  }
}

export interface CpuRow {
  what: string;
  /** CPU ms in the window; undefined when it could not be read. */
  ms: number | undefined;
}

export interface CpuWindowOptions {
  /** Child processes by name (e.g. `worker 1`). */
  children: readonly { name: string; pid: number }[];
  postgres?: { adminUrl: string; database: string };
  redisUrl?: string;
}

/**
 * Starts a CPU window: call the returned function at its end for one row per process group.
 * PostgreSQL backends are those of the database at the start and at the end (a backend that
 * starts meanwhile counts from zero, one that ends meanwhile is lost: pools keep theirs open).
 */
export async function startCpuWindow(options: CpuWindowOptions): Promise<() => Promise<CpuRow[]>> {
  const self0 = process.cpuUsage();
  const child0 = options.children.map((c) => procCpuMs(c.pid));
  const pg0 = options.postgres
    ? await postgresPids(options.postgres.adminUrl, options.postgres.database)
    : null;
  const pgStart = new Map(
    [...(pg0?.db ?? []), ...(pg0?.shared ?? [])].map((pid) => [pid, procCpuMs(pid) ?? 0]),
  );
  const redis0 = options.redisUrl ? await redisCpuMs(options.redisUrl) : undefined;
  return async () => {
    const self = process.cpuUsage(self0);
    const rows: CpuRow[] = [
      { what: 'this process (API + bench client)', ms: (self.user + self.system) / 1000 },
    ];
    options.children.forEach((c, i) => {
      const end = procCpuMs(c.pid);
      const start = child0[i];
      rows.push({ what: c.name, ms: end !== undefined && start !== undefined ? end - start : undefined });
    });
    if (options.postgres) {
      const pids = await postgresPids(options.postgres.adminUrl, options.postgres.database);
      const sum = (list: readonly number[]) =>
        list.reduce((n, pid) => n + Math.max(0, (procCpuMs(pid) ?? 0) - (pgStart.get(pid) ?? 0)), 0);
      rows.push({
        what: `PostgreSQL backends of ${options.postgres.database} (${pids.db.length})`,
        ms: sum(pids.db),
      });
      rows.push({ what: 'PostgreSQL server processes (shared with other databases)', ms: sum(pids.shared) });
    }
    if (options.redisUrl) {
      const end = await redisCpuMs(options.redisUrl);
      rows.push({
        what: 'Redis server (every client on it)',
        ms: end !== undefined && redis0 !== undefined ? end - redis0 : undefined,
      });
    }
    return rows;
  };
}
