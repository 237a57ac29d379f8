import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onCleanup } from './processes.js';

/**
 * A private PostgreSQL for the chaos run: initdb into a temporary folder, on a free port, started
 * and stopped with pg_ctl. Never the machine's shared server on 5432. initdb and postgres refuse
 * to run as root, so as root they run as the `postgres` user (runuser), in a folder it owns.
 */
export interface PrivatePostgres {
  readonly port: number;
  /** postgresql://postgres@127.0.0.1:<port>/<database> */
  url(database?: string): string;
  /** Stops it the hard way (no checkpoint: crash recovery at the next start). */
  stop(): void;
  start(): void;
  createDatabase(name: string): void;
}

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) throw new Error(`no PostgreSQL binaries under ${root}/*/bin`);
  return join(root, versions[0]!, 'bin');
}

const asRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL binary, as the postgres user when we are root; throws with its output. */
function runPg(bin: string, args: string[], timeoutMs = 60_000): string {
  const [command, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  const r = spawnSync(command, argv, { encoding: 'utf8', timeout: timeoutMs });
  if (r.status !== 0) {
    throw new Error(`${bin} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`);
  }
  return r.stdout;
}

/** initdb into a new temp folder and start on `port`; stopped and removed at cleanup. */
export function startPrivatePostgres(port: number): PrivatePostgres {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), 'tingjian-chaos-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'postgres.log');
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const pgCtl = join(bin, 'pg_ctl');
  const hardStop = () => {
    const args = ['stop', '-D', data, '-m', 'immediate', '-w'];
    if (!existsSync(join(data, 'postmaster.pid'))) return;
    if (asRoot) spawnSync('runuser', ['-u', 'postgres', '--', pgCtl, ...args], { timeout: 20_000 });
    else spawnSync(pgCtl, args, { timeout: 20_000 });
  };
  onCleanup(
    `private PostgreSQL on port ${port}`,
    () => {
      hardStop();
      rmSync(dir, { recursive: true, force: true });
    },
    () => {
      hardStop();
      rmSync(dir, { recursive: true, force: true });
    },
  );
  runPg(
    join(bin, 'initdb'),
    ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync'],
    120_000,
  );
  const pg: PrivatePostgres = {
    port,
    url: (database = 'postgres') => `postgresql://postgres@127.0.0.1:${port}/${database}`,
    stop: () => {
      runPg(pgCtl, ['stop', '-D', data, '-m', 'immediate', '-w']);
    },
    start: () => {
      // fsync off: a throwaway cluster; an immediate stop still loses nothing the OS was given.
      const options = `-p ${port} -h 127.0.0.1 -k ${dir} -c fsync=off -c max_connections=60`;
      runPg(pgCtl, ['start', '-D', data, '-l', log, '-w', '-t', '60', '-o', options], 90_000);
    },
    createDatabase: (name) => {
      runPg(join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', name]);
    },
  };
  pg.start();
  return pg;
}
