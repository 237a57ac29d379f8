import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request, { type Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../bin/config.js';
import { buildService, type Service } from '../../bin/service.js';
import type { TErrorCode } from '../../models/errors.js';
import { transcript } from '../helpers/runtime.js';
import { stopTestService } from '../helpers/services.js';

/**
 * The validation limits of issue 14 against the real app (embedded PGlite + in-process queue):
 * dates outside 2000-2100, URLs and search queries past their limits, calls with no words. Each
 * row gets its status and error code, never a 5xx, and a rejected row stores nothing.
 */

interface Row {
  name: string;
  method?: 'GET' | 'POST';
  path?: string;
  body?: () => Record<string, unknown>;
  status: number;
  code: TErrorCode | null;
  problem?: string;
  /** A row that stores a call. */
  creates?: true;
}

let seq = 0;
function valid(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return transcript(
    'saas',
    [
      ['rep', '王总您好，我是云帆软件的林雪，想跟您聊聊销售管理系统，您现在方便吗？'],
      ['customer', '可以，你说吧，我们现在用Excel管客户，数据很乱。'],
    ],
    { repId: 'rep-lin', externalId: `limits-${++seq}`, ...extra },
  );
}
function withTexts(...texts: string[]): Record<string, unknown> {
  return valid({
    utterances: texts.map((text, i) => ({
      speaker: i % 2 ? 'customer' : 'rep',
      start: i * 1000,
      end: i * 1000 + 800,
      text,
    })),
  });
}
const list = (query: Record<string, string>) => `/v1/calls?${new URLSearchParams(query).toString()}`;

const rows: Row[] = [
  // ── Dates: a call happens between 2000 and 2100 ───────────────────────────────────────────────
  {
    name: 'occurredAt 0000-01-01',
    body: () => valid({ occurredAt: '0000-01-01T00:00:00Z' }),
    status: 422,
    code: 'date_out_of_range',
    problem: 'occurredAt',
  },
  {
    name: 'occurredAt 9999-12-31',
    body: () => valid({ occurredAt: '9999-12-31T23:59:59+08:00' }),
    status: 422,
    code: 'date_out_of_range',
    problem: 'occurredAt',
  },
  {
    name: 'occurredAt 1999-12-31, the day before the range',
    body: () => valid({ occurredAt: '1999-12-31T23:59:59+08:00' }),
    status: 422,
    code: 'date_out_of_range',
    problem: 'occurredAt',
  },
  {
    name: 'occurredAt 2101-01-01, the day after the range',
    body: () => valid({ occurredAt: '2101-01-01T00:00:00Z' }),
    status: 422,
    code: 'date_out_of_range',
    problem: 'occurredAt',
  },
  {
    name: 'occurredAt 2000-01-01, first day of the range',
    body: () => valid({ occurredAt: '2000-01-01T00:00:00+08:00' }),
    status: 201,
    code: null,
    creates: true,
  },
  {
    name: 'occurredAt 2100-12-31, last day of the range',
    body: () => valid({ occurredAt: '2100-12-31T23:59:59Z' }),
    status: 201,
    code: null,
    creates: true,
  },
  {
    name: 'list from 0000-01-01',
    method: 'GET',
    path: list({ from: '0000-01-01T00:00:00Z' }),
    status: 422,
    code: 'date_out_of_range',
    problem: 'from',
  },
  {
    name: 'list to 9999-12-31',
    method: 'GET',
    path: list({ to: '9999-12-31T00:00:00Z' }),
    status: 422,
    code: 'date_out_of_range',
    problem: 'to',
  },
  // ── URL and query length ──────────────────────────────────────────────────────────────────────
  {
    name: 'q of 200 characters',
    method: 'GET',
    path: list({ q: '排班'.repeat(100) }),
    status: 200,
    code: null,
  },
  {
    name: 'q of 201 characters',
    method: 'GET',
    path: list({ q: `${'排班'.repeat(100)}流` }),
    status: 422,
    code: 'query_too_long',
    problem: 'q',
  },
  {
    name: 'q of 10,000 ASCII characters',
    method: 'GET',
    path: list({ q: 'a'.repeat(10_000) }),
    status: 414,
    code: 'uri_too_long',
  },
  {
    name: 'q of 1,000 Chinese characters (9,000 encoded)',
    method: 'GET',
    path: list({ q: '发'.repeat(1000) }),
    status: 414,
    code: 'uri_too_long',
  },
  // ── Calls with no words ───────────────────────────────────────────────────────────────────────
  {
    name: 'only zero-width characters',
    body: () => withTexts('\u200b', '\u200c\u200d', '\ufeff\u2060'),
    status: 422,
    code: 'no_content',
    problem: 'utterances',
  },
  {
    name: 'only punctuation',
    body: () => withTexts('。。。', '……', '？！，'),
    status: 422,
    code: 'no_content',
    problem: 'utterances',
  },
  {
    name: 'zero-width, punctuation and emoji mixed',
    body: () => withTexts('\u200b。\u200b', '👍🙏', '\u3000—\u200d—'),
    status: 422,
    code: 'no_content',
    problem: 'utterances',
  },
  {
    name: 'one utterance with words among empty ones',
    body: () => withTexts('\u200b', '嗯。', '……'),
    status: 201,
    code: null,
    creates: true,
  },
];

describe('validation limits (embedded PGlite + in-process queue)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tingjian-limits-'));
  let svc: Service;
  let app: ReturnType<Service['app']>;
  let token = '';
  const statuses: number[] = [];
  let created = 0;

  beforeAll(async () => {
    svc = await buildService(loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', WORKER_CONCURRENCY: '1' }), {
      role: 'all',
    });
    await svc.startWorkers();
    app = svc.app();
    const team = await svc.users.createTeam({ name: '华东一组' });
    const admin = await svc.users.createUser({ name: 'admin', roles: ['admin'] });
    await svc.users.createUser({ name: '林雪', roles: ['rep'], teamId: team.id, externalId: 'rep-lin' });
    token = (await svc.users.issueToken(admin.id)).token;
  }, 60_000);

  afterAll(async () => {
    await stopTestService(svc);
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(rows.map((row, i) => ({ ...row, label: `#${i + 1} ${row.name}` })))(
    '$label → $status $code',
    async (row) => {
      const method = row.method ?? 'POST';
      const path = row.path ?? '/v1/calls';
      const auth = { Authorization: `Bearer ${token}` };
      const res: Response =
        method === 'GET'
          ? await request(app).get(path).set(auth)
          : await request(app).post(path).set(auth).send(row.body?.());
      statuses.push(res.status);
      const summary = `${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
      expect(res.status, summary).toBe(row.status);
      expect(res.headers['content-type'], summary).toMatch(/^application\/json/);
      if (row.code !== null) {
        expect(res.body.error?.code, summary).toBe(row.code);
        expect(res.body.error.message.length, summary).toBeGreaterThan(10);
      }
      if (row.problem !== undefined) {
        const paths = ((res.body.error?.details?.problems ?? []) as { path: string }[]).map((p) => p.path);
        expect(paths, summary).toContain(row.problem);
      }
      if (row.creates) created++;
    },
  );

  it('answers no 5xx and stores only the calls of the accepted rows', async () => {
    expect(statuses).toHaveLength(rows.length);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    const all = await request(app)
      .get('/v1/calls?limit=500')
      .set({ Authorization: `Bearer ${token}` });
    expect(all.body.items).toHaveLength(created);
    expect(created).toBe(3);
  });

  it('names the problem in the message', async () => {
    const res = await request(app)
      .post('/v1/calls')
      .set({ Authorization: `Bearer ${token}` })
      .send(valid({ occurredAt: '0000-01-01T00:00:00Z' }));
    expect(res.body.error.message).toBe(
      'occurredAt must be a date between 2000 and 2100, got 0000-01-01T00:00:00Z',
    );
  });
});
