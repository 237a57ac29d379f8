import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request, { type Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../api/http-server.js';
import { loadConfig } from '../../bin/config.js';
import { buildService, type Service } from '../../bin/service.js';
import {
  MAX_BODY_BYTES,
  HOSTILE_ROWS as rows,
  seedHostileUsers,
  validHostileCall as valid,
  type Who,
} from '../helpers/hostile-requests.js';

/**
 * The bad-input corpus of the service issue (tests/helpers/hostile-requests.ts, shared with
 * `npm run chaos`): malformed and hostile requests against the real app (embedded PGlite +
 * in-process queue), each with the status and error code it must get. The corpus as a whole must
 * cause no 5xx and leave stored data as it was, apart from the rows marked `creates` (hostile
 * strings inside an otherwise valid call: stored and echoed as plain data).
 */

describe('bad input corpus (embedded PGlite + in-process queue)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tingjian-bad-input-'));
  let svc: Service;
  /** The app behind the server every entry point listens with (parser errors answered too). */
  let app: Server;
  const tokens: Partial<Record<Who, string>> = {};
  const results: { name: string; status: number }[] = [];
  const createdIds: string[] = [];
  let before: Snapshot;

  interface Snapshot {
    /** Listed calls in list order: id and the sha256 of the call and its detail. */
    calls: { id: string; hash: string }[];
  }

  const get = (path: string) => request(app).get(path).set('Authorization', `Bearer ${tokens.admin}`);

  /** Every call as an admin sees it (list and detail), drained of queued work first. */
  async function snapshot(): Promise<Snapshot> {
    await svc.queue.drain();
    const list = await get('/v1/calls?limit=500');
    expect(list.status).toBe(200);
    expect(list.body.nextCursor).toBeNull();
    const out: Snapshot['calls'] = [];
    for (const item of list.body.items as { id: string }[]) {
      const detail = await get(`/v1/calls/${encodeURIComponent(item.id)}`);
      expect(detail.status).toBe(200);
      const hash = createHash('sha256')
        .update(JSON.stringify([item, detail.body]))
        .digest('hex');
      out.push({ id: item.id, hash });
    }
    return { calls: out };
  }

  beforeAll(async () => {
    svc = await buildService(
      loadConfig({
        DATA_DIR: dir,
        LOG_LEVEL: 'silent',
        WORKER_CONCURRENCY: '1',
        MAX_BODY_BYTES: String(MAX_BODY_BYTES),
      }),
      { role: 'all' },
    );
    await svc.startWorkers();
    app = createHttpServer(svc.app());
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    Object.assign(tokens, await seedHostileUsers(svc.users));

    // Stored data the corpus must leave alone: two scored calls.
    for (const call of [valid(), valid({ repId: 'rep-wang', industry: 'medical_devices' })]) {
      const res = await request(app)
        .post('/v1/calls')
        .set('Authorization', `Bearer ${tokens.admin}`)
        .send(call);
      expect(res.status).toBe(201);
    }
    before = await snapshot();
    expect(before.calls).toHaveLength(2);
  }, 180_000);

  afterAll(async () => {
    app?.closeAllConnections();
    await new Promise<void>((resolve) => (app ? app.close(() => resolve()) : resolve()));
    await svc?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`holds at least 55 rows, with unique names`, () => {
    expect(rows.length).toBeGreaterThanOrEqual(55);
    expect(new Set(rows.map((r) => r.name)).size).toBe(rows.length);
  });

  it.each(rows.map((row, i) => ({ ...row, label: `#${i + 1} ${row.name}` })))(
    '$label → $status $code',
    async (row) => {
      const method = row.method ?? 'POST';
      const path = row.path ?? '/v1/calls';
      let req = method === 'GET' ? request(app).get(path) : request(app).post(path);
      const as = row.as === undefined ? 'admin' : row.as;
      if (row.authorization !== undefined) req = req.set('Authorization', row.authorization);
      else if (as !== null) req = req.set('Authorization', `Bearer ${tokens[as]}`);
      for (const [k, v] of Object.entries(row.headers ?? {})) req = req.set(k, v);
      const body = row.body?.();
      let res: Response;
      if (!body) res = await req;
      else {
        const bytes = 'json' in body ? Buffer.from(JSON.stringify(body.json)) : Buffer.from(body.raw);
        const type = 'json' in body ? 'application/json' : body.contentType;
        if (type !== undefined) req = req.set('Content-Type', type);
        // The bytes exactly as given: superagent would otherwise re-serialise by content type.
        res = await req.serialize((b) => b).send(bytes);
      }
      results.push({ name: row.label, status: res.status });
      if (row.creates && res.status === 201) createdIds.push(res.body.call.id);

      const summary = `${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
      expect(res.status, summary).toBe(row.status);
      if (!row.bare) expect(res.headers['content-type'], summary).toMatch(/^application\/json/);
      if (row.code !== null) {
        expect(res.body.error?.code, summary).toBe(row.code);
        expect(res.body.error.message, summary).toEqual(expect.any(String));
        expect(res.body.error.message.length, summary).toBeGreaterThan(0);
        // Never a stack trace or SQL text to the client.
        expect(JSON.stringify(res.body), summary).not.toMatch(
          /\n\s+at |node_modules|\b(select|insert|update|delete) .*\b(from|into|set)\b|violates|syntax error/i,
        );
      }
      if (row.problem !== undefined) {
        const paths = ((res.body.error?.details?.problems ?? []) as { path: string }[]).map((p) => p.path);
        expect(paths, summary).toContain(row.problem);
      }
      await row.check?.(res, get);
    },
  );

  it('answers no 5xx across the whole corpus', () => {
    expect(results).toHaveLength(rows.length);
    expect(results.filter((r) => r.status >= 500)).toEqual([]);
  });

  it('leaves stored data unchanged, apart from the calls the `creates` rows stored', async () => {
    const after = await snapshot();
    const expectedCreated = rows.filter((r) => r.creates).length;
    expect(createdIds).toHaveLength(expectedCreated);
    const created = new Set(createdIds);
    const unexpected = after.calls.filter(
      (c) => !created.has(c.id) && !before.calls.some((b) => b.id === c.id),
    );
    const unexpectedCalls = await Promise.all(
      unexpected.map(async (c) => (await get(`/v1/calls/${encodeURIComponent(c.id)}`)).body.call?.externalId),
    );
    expect(unexpectedCalls, 'calls stored by rows that must be rejected (their externalIds)').toEqual([]);
    expect(after.calls).toHaveLength(before.calls.length + expectedCreated);
    expect(after.calls.filter((c) => !created.has(c.id))).toEqual(before.calls);
  });
});
