import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createHttpServer } from '../../api/http-server.js';
import type { DemoUser } from '../../api/routes/session.routes.js';
import { AppError, ErrorCode } from '../../models/errors.js';
import { ROLES, type Role } from '../../models/schema.js';
import type { Config } from '../config.js';
import { demoDateShiftDays, shiftIsoDays } from '../demo-dates.js';
import { limitHeapGrowth } from '../heap-growth.js';
import { buildService, type Service } from '../service.js';

/** Stops taking jobs and requests, lets running work finish, closes DB and Redis. */
function onShutdown(svc: Service, server?: { close: (cb: () => void) => void }) {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    svc.log.info({ signal }, 'shutting down');
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    await svc.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

async function listen(
  svc: Service,
  extra?: Parameters<Service['app']>[0],
): Promise<{ close: (cb: () => void) => void; url: string }> {
  const app = svc.app(extra);
  return new Promise((resolvePromise) => {
    const server = createHttpServer(app);
    server.listen(svc.config.PORT, svc.config.HOST, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : svc.config.PORT;
      resolvePromise({ close: (cb) => server.close(() => cb()), url: `http://${svc.config.HOST}:${port}` });
    });
  });
}

/** `tingjian serve`: the API; without REDIS_URL it also runs the stage workers in-process. */
export async function serveCommand(config: Config): Promise<number> {
  limitHeapGrowth(config.V8_HEAP_GROWTH_PERCENT);
  const svc = await buildService(config, { role: 'serve' });
  if (!config.REDIS_URL) await svc.startWorkers();
  const server = await listen(svc);
  onShutdown(svc, server);
  console.log(`听见 API 已启动：${server.url}（数据库 ${svc.database.kind}，队列 ${svc.queue.kind}）`);
  return new Promise(() => {});
}

/** `tingjian worker`: stage workers only (needs DATABASE_URL and REDIS_URL). */
export async function workerCommand(config: Config): Promise<number> {
  limitHeapGrowth(config.V8_HEAP_GROWTH_PERCENT);
  const svc = await buildService(config, { role: 'worker' });
  await svc.startWorkers();
  onShutdown(svc);
  console.log(`听见 worker 已启动（并发 ${config.WORKER_CONCURRENCY}）`);
  return new Promise(() => {});
}

/**
 * `tingjian start` (`npm start` adds `--demo`): everything in one process on the embedded
 * default, with the example calls loaded and one demo user per role; prints the URL and the
 * tokens. The web UI's user switcher, which hands those tokens to anyone who asks, is served only
 * with `--demo` (or TINGJIAN_DEMO=1) and a loopback HOST.
 */
export async function startCommand(
  config: Config,
  examplesDir: string,
  options: { demo?: boolean } = {},
): Promise<number> {
  limitHeapGrowth(config.V8_HEAP_GROWTH_PERCENT);
  const svc = await buildService(config, { role: 'all' });
  await svc.startWorkers();
  const tokens = await seedDemo(svc, examplesDir);
  // The web UI's demo user switcher (GET /v1/demo/users): the same tokens this command prints.
  const demoUsers: DemoUser[] = [];
  for (const token of Object.values(tokens)) {
    const user = await svc.users.resolveToken(token);
    if (user) demoUsers.push({ id: user.id, name: user.name, roles: user.roles as Role[], token });
  }
  // The sign-in page's demo user switcher hands out tokens without authentication: only when asked
  // for explicitly, and only on a loopback address, never on one other machines can reach.
  const switcher = demoSwitcher(config, options.demo === true);
  if (!switcher.on) svc.log.warn({ host: config.HOST }, `demo user switcher off: ${switcher.why}`);
  const server = await listen(svc, switcher.on ? { demoUsers: () => demoUsers } : {});
  onShutdown(svc, server);
  await svc.queue.drain();
  console.log(`听见已启动：${server.url}（网页界面：浏览器打开此地址）`);
  console.log(`数据库 ${svc.database.kind}（${resolve(config.DATA_DIR)}），队列 ${svc.queue.kind}`);
  console.log('演示账号（Authorization: Bearer <token>）：');
  for (const [who, token] of Object.entries(tokens)) console.log(`  ${who.padEnd(16)} ${token}`);
  console.log(`试试：curl -H "Authorization: Bearer ${tokens.admin}" ${server.url}/v1/calls`);
  return new Promise(() => {});
}

/** The example calls' reps by the names a Chinese team would see (examples/calls: repId). */
const DEMO_REP_NAMES: Readonly<Record<string, string>> = {
  'rep-lin-xue': '林雪',
  'rep-zhao-lei': '赵磊',
  'rep-he-yu': '何雨',
};

async function seedDemo(svc: Service, examplesDir: string): Promise<Record<string, string>> {
  const team = await svc.users.ensureTeam('演示团队');
  const tokens: Record<string, string> = {};
  // [key printed beside the token, roles, external id, the name the web UI shows]
  const demo: [string, Role[], string, string][] = [
    ['admin', ['admin'], 'demo-admin', '演示管理员'],
    ['manager', ['manager'], 'demo-manager', '周经理'],
    ['reviewer', ['reviewer'], 'demo-reviewer', '吴复核'],
    ['lexicon_editor', ['lexicon_editor'], 'demo-editor', '孙词库'],
  ];
  const files = readdirSync(examplesDir).filter((f) => f.endsWith('.json') && !f.endsWith('.gold.json'));
  const reps = new Set(
    files.map((f) => (JSON.parse(readFileSync(join(examplesDir, f), 'utf8')) as { repId: string }).repId),
  );
  for (const rep of reps) demo.push([rep, ['rep'], rep, DEMO_REP_NAMES[rep] ?? rep]);
  for (const [key, roles, externalId, name] of demo) {
    const existing = await svc.users.findUserByExternalId(externalId);
    const user = existing ?? (await svc.users.createUser({ name, roles, teamId: team.id, externalId }));
    // A restart hands out new demo tokens and revokes the previous ones: old tokens stop working.
    for (const t of await svc.users.listTokens(user.id)) {
      if (t.label === 'demo' && !t.revokedAt) await svc.users.revokeToken(t.id);
    }
    tokens[key] = (await svc.users.issueToken(user.id, 'demo')).token;
    // The demo reviewer reviews the demo team's appeals (the web UI's 申诉复核 queue).
    if (roles.includes('reviewer'))
      await svc.appeals.upsertPool({ teamId: team.id, industry: null, reviewerIds: [user.id] });
  }
  // Dates relative to today: the newest example lands yesterday. An example seeded by an earlier
  // start keeps the date it got then (same external id, same call).
  const examples = files.map((f) => ({
    f,
    body: JSON.parse(readFileSync(join(examplesDir, f), 'utf8')) as {
      externalId?: string;
      occurredAt: string;
    },
  }));
  const shift = demoDateShiftDays(
    examples.map((e) => e.body.occurredAt),
    new Date(),
  );
  for (const { f, body } of examples) {
    const seeded = body.externalId ? await svc.calls.findByExternalId(body.externalId) : null;
    if (seeded) {
      svc.log.info({ file: f, callId: seeded.id }, 'example call already seeded');
      continue;
    }
    const { call, created } = await svc.service.submitTranscript({
      ...body,
      occurredAt: shiftIsoDays(body.occurredAt, shift),
    });
    svc.log.info({ file: f, callId: call.id, created, shiftDays: shift }, 'example call');
  }
  return tokens;
}

/** `tingjian users add --name N --role R[,R] [--team T] [--external-id X]`: prints a token once. */
export async function usersCommand(
  args: string[],
  options: {
    name?: string | undefined;
    role?: string | undefined;
    team?: string | undefined;
    externalId?: string | undefined;
  },
  config: Config,
): Promise<number> {
  const [sub, target] = args;
  if (sub === 'list' || sub === 'deactivate' || sub === 'revoke-token') {
    const svc = await buildService(config, { role: 'serve' });
    try {
      if (sub === 'list') {
        for (const u of await svc.users.listUsers()) {
          const tokens = (await svc.users.listTokens(u.id)).filter((t) => !t.revokedAt);
          console.log(
            `${u.id}  ${u.name}  [${u.roles.join(',')}]  ${u.active ? '启用' : '停用'}  外部ID ${u.externalId ?? '—'}  有效令牌 ${tokens.map((t) => t.id).join(',') || '—'}`,
          );
        }
        return 0;
      }
      if (!target) throw new AppError(ErrorCode.InvalidInput, `users ${sub} needs an id`);
      if (sub === 'deactivate') {
        const user = await svc.users.findUser(target);
        if (!user) throw new AppError(ErrorCode.NotFound, `no user ${target}`);
        await svc.users.deactivate(user.id);
        console.log(`用户 ${user.id} 已停用：其令牌从下一次请求起失效`);
        return 0;
      }
      if (!(await svc.users.revokeToken(target)))
        throw new AppError(ErrorCode.NotFound, `no active token ${target}`);
      console.log(`令牌 ${target} 已吊销`);
      return 0;
    } finally {
      await svc.close();
    }
  }
  if (sub !== 'add') {
    throw new AppError(
      ErrorCode.InvalidInput,
      'usage: tingjian users add --name N --role R[,R] [--team T] [--external-id X] | list | deactivate <user> | revoke-token <token-id>',
    );
  }
  if (!options.name) throw new AppError(ErrorCode.InvalidInput, '--name is required');
  const roles = (options.role ?? '').split(',').filter(Boolean);
  const bad = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (roles.length === 0 || bad.length > 0) {
    throw new AppError(
      ErrorCode.InvalidInput,
      `--role must list roles among ${ROLES.join(', ')}${bad.length ? `; unknown: ${bad.join(', ')}` : ''}`,
    );
  }
  const svc = await buildService(config, { role: 'serve' });
  try {
    const team = options.team ? await svc.users.ensureTeam(options.team) : null;
    const user = await svc.users.createUser({
      name: options.name,
      roles: roles as Role[],
      teamId: team?.id ?? null,
      externalId: options.externalId ?? null,
    });
    const { token } = await svc.users.issueToken(user.id, 'cli');
    console.log(`用户 ${user.id}（${roles.join(', ')}${team ? `，团队 ${team.name}` : ''}）`);
    console.log(`令牌（只显示这一次）：${token}`);
    return 0;
  } finally {
    await svc.close();
  }
}

/**
 * Whether `tingjian start` serves the demo user switcher (GET /v1/demo/users): the `--demo` flag
 * or TINGJIAN_DEMO=1, and a loopback HOST. `--examples` alone does not turn it on.
 */
export function demoSwitcher(
  config: Pick<Config, 'HOST' | 'TINGJIAN_DEMO'>,
  flag: boolean,
): { on: boolean; why: string } {
  const asked = flag || ['1', 'true', 'on'].includes(config.TINGJIAN_DEMO);
  if (!asked) return { on: false, why: 'start with --demo (or TINGJIAN_DEMO=1) to serve it' };
  if (!isLoopback(config.HOST)) return { on: false, why: `HOST ${config.HOST} is not a loopback address` };
  return { on: true, why: '' };
}

/** True for 127.0.0.0/8, ::1 and localhost: addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}
