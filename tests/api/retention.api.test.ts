import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../bin/config.js';
import { buildService, type Service } from '../../bin/service.js';

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();

/**
 * Retention windows (PIPL) through the API on the embedded default, with audio kept 30 days,
 * transcripts 2 years, analyses 3 years, feedback 1 year, audit 5 years: a dry run reports and
 * changes nothing; a run removes what is past each window from every table, file and derived
 * copy, keeps what is inside, and is audited once; two runs at once do not both run.
 */
describe('retention windows', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tingjian-retention-'));
  const audioDir = join(dir, 'audio');
  let svc: Service;
  let app: ReturnType<Service['app']>;
  const tokens: Record<string, string> = {};
  const auth = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
  const ids: Record<string, string> = {};
  const q = async <T = Record<string, unknown>>(query: ReturnType<typeof sql>) =>
    ((await svc.database.db.execute(query)) as unknown as { rows: T[] }).rows;
  const n = async (query: ReturnType<typeof sql>) => Number((await q<{ n: number }>(query))[0]!.n);

  const call = (key: string, days: number, customer: string) => ({
    externalId: `ret-${key}`,
    repId: 'rep-he',
    industry: 'saas',
    occurredAt: ago(days),
    customer: { name: customer, company: '远航物流' },
    utterances: [
      { speaker: 'rep', start: 0, end: 3000, text: '您好，请问您这边审批现在是怎么走的？' },
      { speaker: 'customer', start: 4000, end: 8000, text: '都是纸质的，很慢，价格也太贵了。' },
      { speaker: 'rep', start: 9000, end: 12000, text: '好的，我明天把方案发给您。' },
    ],
  });

  beforeAll(async () => {
    svc = await buildService(
      loadConfig({
        DATA_DIR: dir,
        AUDIO_DIR: audioDir,
        LOG_LEVEL: 'silent',
        WORKER_CONCURRENCY: '1',
        SECOND_STAGE_MODEL: 'off',
        TINGJIAN_RETENTION_AUDIO: '30d',
        TINGJIAN_RETENTION_TRANSCRIPTS: '2y',
        TINGJIAN_RETENTION_ANALYSES: '3y',
        TINGJIAN_RETENTION_FEEDBACK: '1y',
        TINGJIAN_RETENTION_AUDIT: '5y',
        TINGJIAN_RETENTION_SCHEDULE: 'off',
      }),
      { role: 'all' },
    );
    await svc.startWorkers();
    app = svc.app();
    const team = await svc.users.createTeam({ name: '华东组' });
    for (const [name, roles, externalId] of [
      ['he', ['rep'], 'rep-he'],
      ['admin', ['admin'], null],
    ] as const) {
      const u = await svc.users.createUser({ name, roles: [...roles], teamId: team.id, externalId });
      ids[name] = u.id;
      tokens[name] = (await svc.users.issueToken(u.id)).token;
    }
    // Four calls: past the analyses window (4 years), past the transcripts window (2.5 years),
    // past the audio window (60 days, with a recording), and a fresh one (10 days, with a recording).
    for (const [key, days, customer] of [
      ['old', 4 * 365, '王建国'],
      ['mid', 912, '周敏'],
      ['recent', 60, '李娜'],
      ['fresh', 10, '赵磊'],
    ] as const) {
      const res = await request(app)
        .post('/v1/calls')
        .set(auth('he'))
        .send(call(key, days, customer));
      expect(res.status).toBe(201);
      ids[key] = res.body.call.id;
    }
    await svc.queue.drain();
    // Recordings: the old and the recent call share one stored file (same content), the fresh
    // call has its own; stored as the intake stores them (by content hash).
    mkdirSync(join(audioDir, 'ab'), { recursive: true });
    mkdirSync(join(audioDir, 'cd'), { recursive: true });
    writeFileSync(join(audioDir, 'ab', 'ab01.wav'), 'RIFF-old-and-recent');
    writeFileSync(join(audioDir, 'cd', 'cd01.wav'), 'RIFF-fresh');
    const audio = (path: string) =>
      JSON.stringify({
        sha256: path,
        path,
        format: 'wav',
        bytes: 19,
        durationMs: 1000,
        channels: 1,
        sampleRate: 16000,
        channelMap: null,
      });
    await svc.database.db.execute(
      sql`update calls set audio = ${audio('ab/ab01.wav')}::jsonb where id in (${ids.old}, ${ids.recent})`,
    );
    await svc.database.db.execute(
      sql`update calls set audio = ${audio('cd/cd01.wav')}::jsonb where id = ${ids.fresh}`,
    );
    // An appeal quoting the mid call's words; feedback packs 2 years and 1 month old; audit
    // entries 6 years and 1 year old; a sent notification 2 years old.
    await svc.database.db.execute(
      sql`insert into appeals (id, call_id, rep_id, industry, target, item_key, quote, reason, proposal,
            status, filed_by, due_at, preview)
          values ('apl-mid', ${ids.mid}, ${ids.he}, 'saas', 'missed_finding', 'u2', '都是纸质的，很慢', '漏判了需求',
            '{}'::jsonb, 'open', ${ids.he}, now() + interval '2 days', '{"text":"都是纸质的"}'::jsonb)`,
    );
    for (const [id, days] of [
      ['pack-old', 2 * 365],
      ['pack-new', 30],
    ] as const) {
      await svc.database.db.execute(
        sql`insert into feedback_packs (id, rep_id, trigger, as_of, window_from, window_to, time_zone,
              lexicon_versions, scorecard_versions, data, created_at)
            values (${id}, ${ids.he}, 'on_demand', now(), now(), now(), 'Asia/Shanghai', '{}', '{}', '{}'::jsonb, ${ago(days)})`,
      );
    }
    await svc.database.db.execute(
      sql`insert into audit_log (at, action, entity, entity_id) values
            (${ago(6 * 365)}, 'user.create', 'user', 'u-gone'), (${ago(365)}, 'user.create', 'user', 'u-kept')`,
    );
    await svc.database.db.execute(
      sql`insert into notifications (kind, payload, status, created_at) values ('appeal.filed', '{}'::jsonb, 'sent', ${ago(2 * 365)})`,
    );
    // A goal whose last evaluation counted the old and the mid call.
    await svc.database.db.execute(
      sql`insert into growth_goals (id, rep_id, metric, comparator, target, period_from, period_to,
            state, value, call_count, call_ids)
          values ('goal-ret', ${ids.he}, 'open_question_ratio', '>=', 0.5, '2020-01-01', '2030-12-31',
            'on_track', 0.6, 2, array[${ids.old}, ${ids.mid}]::text[])`,
    );
  }, 180_000);

  afterAll(async () => {
    await svc?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const snapshot = async () => ({
    calls: await n(sql`select count(*)::int as n from calls`),
    utterances: await n(sql`select count(*)::int as n from utterances`),
    findings: await n(sql`select count(*)::int as n from findings`),
    packs: await n(sql`select count(*)::int as n from feedback_packs`),
    audit: await n(sql`select count(*)::int as n from audit_log`),
    notifications: await n(sql`select count(*)::int as n from notifications`),
    files: [existsSync(join(audioDir, 'ab', 'ab01.wav')), existsSync(join(audioDir, 'cd', 'cd01.wav'))],
  });

  it('only admins read the policy; a dry run (the default) reports what a run would remove and changes nothing', async () => {
    expect((await request(app).get('/v1/privacy/retention').set(auth('he'))).status).toBe(403);
    expect((await request(app).post('/v1/privacy/retention/runs').set(auth('he')).send({})).status).toBe(403);
    const before = await snapshot();
    const got = await request(app).get('/v1/privacy/retention').set(auth('admin'));
    expect(got.status).toBe(200);
    expect(got.body.policy).toEqual({
      audio: 30,
      transcripts: 730,
      analyses: 1095,
      feedback: 365,
      imports: 90,
      audit: 1825,
    });
    expect(got.body.lastRun).toBeNull();
    const dry = await request(app).post('/v1/privacy/retention/runs').set(auth('admin')).send({});
    expect(dry.status).toBe(200);
    for (const report of [got.body.next, dry.body.run]) {
      expect(report.dryRun).toBe(true);
      expect(report.auditId).toBeNull();
      expect(report.counts.analyses).toMatchObject({ calls: 1, utterances: 3 });
      expect(report.counts.transcripts).toEqual({ calls: 1, utterances: 3 });
      expect(report.counts.audio.recordings).toBe(1);
      expect(report.counts.feedback).toEqual({ packs: 1, notifications: 1 });
      expect(report.counts.audit.entries).toBe(1);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('a run removes what is past each window everywhere, keeps what is inside, and is audited once', async () => {
    const res = await request(app)
      .post('/v1/privacy/retention/runs')
      .set(auth('admin'))
      .send({ dryRun: false });
    expect(res.status).toBe(201);
    const run = res.body.run;
    expect(run.counts.analyses).toMatchObject({ calls: 1, utterances: 3 });
    expect(run.counts.transcripts).toEqual({ calls: 1, utterances: 3 });
    expect(run.counts.audio).toEqual({ recordings: 1, files: 1 });
    expect(run.counts.feedback).toEqual({ packs: 1, notifications: 1 });
    expect(run.counts.audit.entries).toBe(1);

    // Past the analyses window: the call and every row that goes with it are gone.
    for (const table of [
      'calls',
      'utterances',
      'findings',
      'score_items',
      'dimension_scores',
      'call_facts',
    ]) {
      const col = table === 'calls' ? 'id' : 'call_id';
      expect(
        await n(sql`select count(*)::int as n from ${sql.raw(table)} where ${sql.raw(col)} = ${ids.old}`),
      ).toBe(0);
    }
    // Past the transcripts window: the words are gone from every copy, the scores stay.
    const [mid] = await q<{
      search_text: string;
      view_json: string | null;
      customer: unknown;
      total: number | null;
    }>(sql`select search_text, view_json, customer, total from calls where id = ${ids.mid}`);
    expect(mid).toMatchObject({ search_text: '', view_json: null, customer: null });
    expect(mid!.total).not.toBeNull();
    expect(await n(sql`select count(*)::int as n from utterances where call_id = ${ids.mid}`)).toBe(0);
    expect(await n(sql`select count(*)::int as n from findings where call_id = ${ids.mid}`)).toBeGreaterThan(
      0,
    );
    // The findings keep their labels and spans, not the words they quoted.
    const quoting = await q<{ term: string | null; evidence: Record<string, unknown> }>(
      sql`select term, evidence from findings where call_id = ${ids.mid}`,
    );
    for (const f of quoting) {
      expect(f.term).toBeNull();
      expect(Object.keys(f.evidence)).not.toEqual(
        expect.arrayContaining([expect.stringMatching(/^(surface|modelEvidence|techniqueEvidence)$/)]),
      );
    }
    expect(JSON.stringify(quoting)).not.toMatch(/纸质|太贵/);
    // A goal no longer names the deleted call.
    expect(await q(sql`select call_ids, call_count from growth_goals where id = 'goal-ret'`)).toEqual([
      { call_ids: [ids.mid], call_count: 1 },
    ]);
    expect(await q(sql`select quote, preview from appeals where id = 'apl-mid'`)).toEqual([
      { quote: '', preview: null },
    ]);
    const view = await request(app).get(`/v1/calls/${ids.mid}`).set(auth('he'));
    expect(view.status).toBe(200);
    expect(JSON.stringify(view.body)).not.toContain('纸质');
    expect(JSON.stringify(view.body)).not.toContain('周敏');
    const search = await request(app).get('/v1/calls').query({ q: '纸质' }).set(auth('admin'));
    expect(search.body.items.map((c: { id: string }) => c.id).sort()).toEqual([ids.recent, ids.fresh].sort());
    // Past the audio window: the recent call's recording is marked removed and its file (shared
    // with the old call, gone too) deleted.
    const [recent] = await q<{ audio: { removedAt?: string } }>(
      sql`select audio from calls where id = ${ids.recent}`,
    );
    expect(recent!.audio.removedAt).toBe(run.at);
    expect(existsSync(join(audioDir, 'ab', 'ab01.wav'))).toBe(false);
    // Inside every window: the fresh call, its recording and words.
    expect(existsSync(join(audioDir, 'cd', 'cd01.wav'))).toBe(true);
    expect(await n(sql`select count(*)::int as n from utterances where call_id = ${ids.fresh}`)).toBe(3);
    expect(await n(sql`select count(*)::int as n from utterances where call_id = ${ids.recent}`)).toBe(3);
    expect(await q(sql`select id from feedback_packs order by id`)).toEqual([{ id: 'pack-new' }]);
    expect(await n(sql`select count(*)::int as n from audit_log where entity_id = 'u-gone'`)).toBe(0);
    expect(await n(sql`select count(*)::int as n from audit_log where entity_id = 'u-kept'`)).toBe(1);
    // One audit entry for the run, with its counts; GET shows it as the last run.
    const entries = await q<{ id: number; actor_user_id: string; after: { counts: unknown } }>(
      sql`select id, actor_user_id, after from audit_log where action = 'privacy.retention'`,
    );
    expect(entries).toHaveLength(1);
    expect(Number(entries[0]!.id)).toBe(run.auditId);
    expect(entries[0]!.actor_user_id).toBe(ids.admin);
    expect(entries[0]!.after.counts).toEqual(run.counts);
    const got = await request(app).get('/v1/privacy/retention').set(auth('admin'));
    expect(got.body.lastRun.auditId).toBe(run.auditId);
    expect(got.body.next.counts.analyses.calls).toBe(0);
    expect(got.body.next.counts.audio.recordings).toBe(0);
    const audio = await request(app).get(`/v1/calls/${ids.recent}/audio`).set(auth('he'));
    expect(audio.status).toBe(404);
  });

  it('two runs at once: one runs, the other is refused with 409 and leaves no audit entry', async () => {
    const [a, b] = await Promise.all([
      svc.retention.run({ dryRun: false, trigger: 'cli' }),
      svc.retention.run({ dryRun: false, trigger: 'cli' }),
    ]);
    expect([a.skipped, b.skipped].filter(Boolean)).toEqual(['already_running']);
    expect(await n(sql`select count(*)::int as n from audit_log where action = 'privacy.retention'`)).toBe(2);
  });
});
