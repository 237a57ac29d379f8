import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sql } from 'drizzle-orm';
import { MAX_BODY_BYTES, seedHostileUsers, type Who } from '../../tests/helpers/hostile-requests.js';
import { send } from './http-client.js';
import { type Spawned, spawnTracked, waitFor } from './processes.js';
import type { StoredCall } from './tally.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(ROOT, 'dist', 'bin', 'tingjian.js');

type ServiceModule = typeof import('../../bin/service.js');
type ConfigModule = typeof import('../../bin/config.js');

/**
 * The built service (dist/), the code the spawned processes run: seeding and reading the
 * database with it keeps one schema version, whatever the working tree holds meanwhile.
 */
async function openBuilt(env: NodeJS.ProcessEnv) {
  const { REDIS_URL: _none, ...withoutRedis } = env;
  const dist = (p: string) => pathToFileURL(join(ROOT, 'dist', p)).href;
  const { buildService } = (await import(dist('bin/service.js'))) as ServiceModule;
  const { loadConfig } = (await import(dist('bin/config.js'))) as ConfigModule;
  return buildService(loadConfig({ ...withoutRedis, LOG_LEVEL: 'silent' }), { role: 'serve' });
}

/** Newest modification time (ms) of the .ts and YAML files under `dir`. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (/\.(ts|ya?ml)$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * The processes run the built CLI (`npm run build`; CI builds on install). When sources are newer
 * than dist/, the server part is rebuilt first (tsc, not the web UI); throws when that fails.
 */
export function ensureBuild(): void {
  const built = existsSync(CLI) ? statSync(CLI).mtimeMs : 0;
  const stale = ['bin', 'api', 'services', 'pipeline', 'lexicons', 'models'].filter(
    (d) => newestSource(join(ROOT, d)) > built,
  );
  if (stale.length === 0) return;
  console.log(
    `dist/ is older than the sources in ${stale.join(', ')}: rebuilding (tsc -p tsconfig.build.json)`,
  );
  const r = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  if (r.status !== 0)
    throw new Error(`the build failed; fix it or run \`npm run build\`:\n${r.stdout}${r.stderr}`);
}

/** The environment every process of a scenario shares (no PATH leaks into the config). */
export function serviceEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    MAX_BODY_BYTES: String(MAX_BODY_BYTES),
    WORKER_CONCURRENCY: '2',
    FEEDBACK_SCHEDULE: 'off',
    GOALS_SCHEDULE: 'off',
    ...extra,
  };
}

/** Creates the corpus's users in the deployment's database (before its processes start). */
export async function seedUsers(env: NodeJS.ProcessEnv): Promise<Record<Who, string>> {
  const svc = await openBuilt(env);
  try {
    return await seedHostileUsers(svc.users);
  } finally {
    await svc.close();
  }
}

/** `tingjian serve` on `port`, resolved once /readyz answers 200. */
export async function startApi(name: string, env: NodeJS.ProcessEnv, port: number): Promise<Spawned> {
  const p = spawnTracked(name, process.execPath, [CLI, 'serve'], {
    cwd: ROOT,
    env: { ...env, PORT: String(port) },
  });
  await waitFor(
    async () => {
      if (!p.running()) throw new Error(`${name} exited:\n${p.output().slice(-3000)}`);
      const o = await send(`http://127.0.0.1:${port}`, { method: 'GET', path: '/readyz' });
      return o.kind === 'answer' && o.status === 200;
    },
    60_000,
    () => `${name} not ready:\n${p.output().slice(-3000)}`,
    100,
  );
  return p;
}

/** `tingjian worker`, resolved once it says it started. */
export async function startWorker(name: string, env: NodeJS.ProcessEnv): Promise<Spawned> {
  const p = spawnTracked(name, process.execPath, [CLI, 'worker'], { cwd: ROOT, env });
  await waitFor(
    () => {
      if (!p.running()) throw new Error(`${name} exited:\n${p.output().slice(-3000)}`);
      return p.output().includes('worker 已启动');
    },
    60_000,
    () => `${name} did not start:\n${p.output().slice(-3000)}`,
    50,
  );
  return p;
}

/**
 * Every stored call with the row counts of its analysis, read from the database itself once the
 * processes are stopped: duplicates would show as more rows than distinct ids.
 */
export async function readStoredCalls(env: NodeJS.ProcessEnv): Promise<StoredCall[]> {
  const svc = await openBuilt(env);
  try {
    const result = await svc.database.db.execute(sql`
      select c.id, c.external_id, c.status, c.revision,
        (select count(*)::int from findings f where f.call_id = c.id) as findings,
        (select count(distinct f.id)::int from findings f where f.call_id = c.id) as distinct_findings,
        (select count(*)::int from score_items s where s.call_id = c.id) as score_items,
        (select count(distinct s.item_id)::int from score_items s where s.call_id = c.id) as distinct_score_items
      from calls c order by c.id`);
    const rows = (result as unknown as { rows: Record<string, unknown>[] }).rows;
    return rows.map((r) => ({
      id: String(r.id),
      externalId: r.external_id === null ? null : String(r.external_id),
      status: String(r.status),
      revision: Number(r.revision),
      findings: Number(r.findings),
      distinctFindings: Number(r.distinct_findings),
      scoreItems: Number(r.score_items),
      distinctScoreItems: Number(r.distinct_score_items),
    }));
  } finally {
    await svc.close();
  }
}
