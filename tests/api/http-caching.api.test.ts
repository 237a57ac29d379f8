import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compressResponses, negotiateEncoding } from '../../api/middleware/compression.js';
import { webRoutes } from '../../api/web-static.js';
import { loadConfig } from '../../bin/config.js';
import { buildService, type Service } from '../../bin/service.js';
import { openDatabase } from '../../models/db.js';
import { UserRepository } from '../../models/user.repository.js';
import { transcript } from '../helpers/runtime.js';
import { createTestDatabase, postgresUp } from '../helpers/services.js';

/** A raw HTTP GET: the bytes as sent (no client-side decompression), status and headers. */
function get(
  server: Server,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

function listen(app: express.Express): Promise<Server> {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(server));
  });
}

const close = (server: Server | undefined) =>
  new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));

const STORY = transcript(
  'medical_devices',
  [
    ['rep', '周主任您好，我是瑞康医疗的林雪，想跟您聊聊腔镜系统，您现在方便吗？'],
    ['customer', '方便。就是我们手术室空间限制太大了，新设备摆不进去。价格也有点贵。'],
    ['rep', '我们这套4K腔镜系统成像清晰，三甲医院装了三十多台，占地比老款小三分之一。'],
    ['customer', '那你们跟别家比有什么优势？维修响应要多久？'],
    ['rep', '我们在本市有备件库，四小时到场。您看下周二我带样机来科室演示一下可以吗？'],
  ],
  { repId: 'rep-lin-xue', externalId: 'crm-http-001' },
);

describe('negotiateEncoding', () => {
  it.each([
    [undefined, 'identity'],
    ['', 'identity'],
    ['gzip, deflate', 'gzip'],
    ['br, gzip', 'br'],
    ['gzip, br', 'br'],
    ['gzip;q=1, br;q=0.5', 'gzip'],
    ['br;q=0, gzip;q=0', 'identity'],
    ['identity', 'identity'],
    ['*', 'br'],
    ['*;q=0.1, br;q=0', 'gzip'],
    ['deflate', 'identity'],
  ] as const)('Accept-Encoding %j → %s', (header, coding) => {
    expect(negotiateEncoding(header)).toBe(coding);
  });
});

describe('call views and packs: compression, strong ETags, 304, token revocation (embedded)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tingjian-http-'));
  let svc: Service;
  let server: Server;
  let callId: string;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const auth = (who: string) => ({ authorization: `Bearer ${tokens[who]}` });

  beforeAll(async () => {
    svc = await buildService(loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', WORKER_CONCURRENCY: '1' }), {
      role: 'all',
    });
    await svc.startWorkers();
    server = await listen(svc.app());
    const team = await svc.users.createTeam({ name: '华东一组' });
    for (const [name, roles, externalId] of [
      ['admin', ['admin'], null],
      ['manager', ['manager'], null],
      ['lin', ['rep'], 'rep-lin-xue'],
      ['wang', ['rep'], 'rep-wang'],
    ] as const) {
      const u = await svc.users.createUser({ name, roles: [...roles], teamId: team.id, externalId });
      ids[name] = u.id;
      tokens[name] = (await svc.users.issueToken(u.id)).token;
    }
    const created = await svc.service.submitTranscript(STORY);
    callId = created.call.id;
    await svc.queue.drain();
  }, 120_000);

  afterAll(async () => {
    await close(server);
    await svc?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends the call view as gzip or br by Accept-Encoding, the same bytes once decoded', async () => {
    const plain = await get(server, `/v1/calls/${callId}`, { ...auth('admin') });
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/Accept-Encoding/i);
    expect(JSON.parse(plain.body.toString('utf8')).call).toMatchObject({ id: callId, status: 'scored' });

    const gz = await get(server, `/v1/calls/${callId}`, {
      ...auth('admin'),
      'accept-encoding': 'gzip, deflate',
    });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).equals(plain.body)).toBe(true);
    expect(Number(gz.headers['content-length'])).toBe(gz.body.length);
    expect(gz.body.length).toBeLessThan(plain.body.length / 2);

    const br = await get(server, `/v1/calls/${callId}`, { ...auth('admin'), 'accept-encoding': 'br, gzip' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    expect(br.body.length).toBeLessThan(plain.body.length / 2);
  });

  it('sends identity when neither coding is acceptable', async () => {
    for (const accept of ['identity', 'br;q=0, gzip;q=0', 'deflate']) {
      const res = await get(server, `/v1/calls/${callId}`, { ...auth('admin'), 'accept-encoding': accept });
      expect(res.status).toBe(200);
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(JSON.parse(res.body.toString('utf8')).call.id).toBe(callId);
    }
  });

  it('gives a strong ETag per coding and answers If-None-Match with 304 and no body', async () => {
    const plain = await get(server, `/v1/calls/${callId}`, { ...auth('admin') });
    const br = await get(server, `/v1/calls/${callId}`, { ...auth('admin'), 'accept-encoding': 'br' });
    const etag = plain.headers.etag!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(br.headers.etag).toBe(`${etag.slice(0, -1)}-br"`);

    const again = await get(server, `/v1/calls/${callId}`, {
      ...auth('admin'),
      'accept-encoding': 'br',
      'if-none-match': br.headers.etag!,
    });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers.etag).toBe(br.headers.etag);
    // The validator of another coding names the same content: still 304.
    const cross = await get(server, `/v1/calls/${callId}`, {
      ...auth('admin'),
      'accept-encoding': 'gzip',
      'if-none-match': `"stale", ${etag}`,
    });
    expect(cross.status).toBe(304);
    const stale = await get(server, `/v1/calls/${callId}`, { ...auth('admin'), 'if-none-match': '"stale"' });
    expect(stale.status).toBe(200);
    expect(stale.body.equals(plain.body)).toBe(true);
  });

  it('never answers 304 to a user who may not read the call (404 first)', async () => {
    const plain = await get(server, `/v1/calls/${callId}`, { ...auth('admin') });
    const other = await get(server, `/v1/calls/${callId}`, {
      ...auth('wang'),
      'if-none-match': plain.headers.etag!,
    });
    expect(other.status).toBe(404);
  });

  it('gives feedback packs strong ETags and 304 too', async () => {
    const made = await get(server, '/v1/reps/rep-lin-xue/feedback-packs', { ...auth('manager') });
    expect(made.status).toBe(200);
    const pack = await svc.feedback.generatePack(ids.lin!, {
      trigger: 'on_demand',
      generatedBy: ids.manager!,
    });
    const first = await get(server, `/v1/feedback-packs/${pack.id}`, {
      ...auth('lin'),
      'accept-encoding': 'gzip',
    });
    expect(first.status).toBe(200);
    expect(first.headers.etag).toMatch(/^"[A-Za-z0-9_-]{27}(-gz)?"$/);
    expect(JSON.parse(gunzipOrPlain(first)).pack.id).toBe(pack.id);
    const second = await get(server, `/v1/feedback-packs/${pack.id}`, {
      ...auth('lin'),
      'accept-encoding': 'gzip',
      'if-none-match': first.headers.etag!,
    });
    expect(second.status).toBe(304);
    const md = await get(server, `/v1/feedback-packs/${pack.id}?format=md`, {
      ...auth('lin'),
      'if-none-match': first.headers.etag!,
    });
    expect(md.status).toBe(200);
    expect(md.headers['content-type']).toMatch(/text\/markdown/);
  });

  it('resolves a token from memory, yet a revoked token fails on the very next request', async () => {
    const { token } = await svc.users.issueToken(ids.admin!, 'revoke-me');
    const h = { authorization: `Bearer ${token}` };
    // The first lookups go to the database while LISTEN starts; then the token is held in memory.
    await expect
      .poll(async () =>
        (await get(server, `/v1/calls/${callId}`, h)).status === 200 ? svc.users.cachedTokens : -1,
      )
      .toBeGreaterThan(0);
    expect((await get(server, `/v1/calls/${callId}`, h)).status).toBe(200);
    const info = (await svc.users.listTokens(ids.admin!)).find((t) => t.label === 'revoke-me')!;
    expect(await svc.users.revokeToken(info.id)).toBe(true);
    const after = await get(server, `/v1/calls/${callId}`, h);
    expect(after.status).toBe(401);
    expect(JSON.parse(after.body.toString('utf8')).error.code).toBe('unauthorized');
  });

  it('a deactivated user and a changed role take effect on the very next request', async () => {
    expect((await get(server, `/v1/calls/${callId}`, auth('lin'))).status).toBe(200);
    expect((await get(server, `/v1/calls/${callId}`, auth('wang'))).status).toBe(404);
    await svc.users.setRoles(ids.wang!, ['rep', 'reviewer']);
    expect((await get(server, `/v1/calls/${callId}`, auth('wang'))).status).toBe(200);
    await svc.users.deactivate(ids.lin!);
    expect((await get(server, `/v1/calls/${callId}`, auth('lin'))).status).toBe(401);
    await svc.users.reactivate(ids.lin!);
    expect((await get(server, `/v1/calls/${callId}`, auth('lin'))).status).toBe(200);
  });
});

function gunzipOrPlain(res: { headers: IncomingHttpHeaders; body: Buffer }): string {
  return (res.headers['content-encoding'] === 'gzip' ? gunzipSync(res.body) : res.body).toString('utf8');
}

const pgAvailable = await postgresUp();
if (!pgAvailable && process.env.REQUIRE_SERVICES === '1') throw new Error('PostgreSQL not reachable');

describe.skipIf(!pgAvailable)('token revocation across processes (PostgreSQL, LISTEN/NOTIFY)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tingjian-http-pg-'));
  let svc: Service;
  let server: Server;
  let dropDb: () => Promise<void>;
  let other: Awaited<ReturnType<typeof openDatabase>> | undefined;

  beforeAll(async () => {
    const db = await createTestDatabase('tj_http');
    dropDb = db.drop;
    svc = await buildService(
      loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', DATABASE_URL: db.url, REDIS_URL: '' }),
      { role: 'all' },
    );
    server = await listen(svc.app());
    // Another process's view of the same database: its own pool, its own connections.
    other = await openDatabase({ databaseUrl: db.url, dataDir: dir });
  }, 60_000);

  afterAll(async () => {
    await close(server);
    await other?.close();
    await svc?.close();
    await dropDb?.();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a token revoked by another process fails on the next request here', async () => {
    const otherUsers = new UserRepository(other!.db);
    const admin = await otherUsers.createUser({ name: 'admin', roles: ['admin'] });
    const { token, info } = await otherUsers.issueToken(admin.id);
    const h = { authorization: `Bearer ${token}` };
    // The first lookups go to the database while LISTEN starts; then the token is held in memory.
    await expect
      .poll(async () => ((await get(server, '/v1/calls', h)).status === 200 ? svc.users.cachedTokens : -1))
      .toBeGreaterThan(0);
    expect((await get(server, '/v1/calls', h)).status).toBe(200);
    expect(await otherUsers.revokeToken(info.id)).toBe(true);
    expect((await get(server, '/v1/calls', h)).status).toBe(401);
    expect(svc.users.cachedTokens).toBe(0);
  });

  it('a user deactivated by another process fails on the next request here', async () => {
    const otherUsers = new UserRepository(other!.db);
    const rep = await otherUsers.createUser({ name: 'rep', roles: ['rep'] });
    const { token } = await otherUsers.issueToken(rep.id);
    const h = { authorization: `Bearer ${token}` };
    // The first lookups go to the database while LISTEN starts; then the token is held in memory.
    await expect
      .poll(async () => ((await get(server, '/v1/calls', h)).status === 200 ? svc.users.cachedTokens : -1))
      .toBeGreaterThan(0);
    await otherUsers.deactivate(rep.id);
    expect((await get(server, '/v1/calls', h)).status).toBe(401);
  });
});

describe('the web UI files: compressed once, strong ETags, cache headers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tingjian-web-'));
  let server: Server;
  const script = `export const labels = ${JSON.stringify(
    Object.fromEntries(
      Array.from({ length: 400 }, (_, i) => [`label_${i}`, `标签第${i}号：提问、异议与成交`]),
    ),
  )};\n`;

  beforeAll(async () => {
    mkdirSync(join(dir, '.vite'), { recursive: true });
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, '.vite', 'manifest.json'), '{}');
    writeFileSync(
      join(dir, 'index.html'),
      `<!doctype html><html><body><div id="root"></div>${'<!-- -->'.repeat(300)}</body></html>`,
    );
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), script);
    writeFileSync(join(dir, 'assets', 'logo-abc123.png'), Buffer.alloc(2048, 7));
    const app = express();
    app.use(compressResponses());
    app.use(webRoutes(dir));
    server = await listen(app);
  });

  afterAll(async () => {
    await close(server);
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves a hashed script as br, immutable, with a strong ETag and 304', async () => {
    const br = await get(server, '/assets/index-abc123.js', { 'accept-encoding': 'br, gzip' });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(brotliDecompressSync(br.body).toString('utf8')).toBe(script);
    const gz = await get(server, '/assets/index-abc123.js', { 'accept-encoding': 'gzip' });
    expect(gunzipSync(gz.body).toString('utf8')).toBe(script);
    const plain = await get(server, '/assets/index-abc123.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString('utf8')).toBe(script);
    const again = await get(server, '/assets/index-abc123.js', {
      'accept-encoding': 'br',
      'if-none-match': br.headers.etag!,
    });
    expect(again.status).toBe(304);
  });

  it('serves index.html for a deep link, compressed and not cached; binary files as they are', async () => {
    const page = await get(server, '/calls/call-123', { accept: 'text/html', 'accept-encoding': 'gzip' });
    expect(page.status).toBe(200);
    expect(page.headers['content-encoding']).toBe('gzip');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(gunzipSync(page.body).toString('utf8')).toContain('<div id="root">');
    const png = await get(server, '/assets/logo-abc123.png', { 'accept-encoding': 'br, gzip' });
    expect(png.status).toBe(200);
    expect(png.headers['content-encoding']).toBeUndefined();
    expect(png.body.length).toBe(2048);
  });
});
