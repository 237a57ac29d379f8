/**
 * Feedback-pack benchmark: `npm run build && npm run bench:feedback`.
 *
 * A team of 50 reps with 60 days × 8 calls each (24,000 scored calls) on PostgreSQL. The calls are
 * copies of 48 distinct generated 30-minute calls (≈300 utterances each), analysed once and
 * replicated with SQL (their utterances, findings, scores) under new ids, reps and dates. Then:
 * the facts of all calls are built (the aggregation backlog path), single calls are updated
 * (the incremental path of the aggregate stage), one rep's pack is generated on demand (team
 * figures included) and the whole team's packs in one run. Figures are printed, never asserted.
 *
 * Env: PG_ADMIN_URL (default postgresql://postgres@127.0.0.1:5432/postgres), FEEDBACK_BENCH_REPS
 * (50), FEEDBACK_BENCH_DAYS (60), FEEDBACK_BENCH_CALLS_PER_DAY (8), FEEDBACK_BENCH_TEMPLATES (48).
 */
import { cpus } from 'node:os';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../bin/config.js';
import { buildService, type Service } from '../bin/service.js';
import { parseTranscript } from '../models/transcript.js';
import { addDays } from '../services/feedback/time.js';
import {
  createCleanups,
  createDatabase,
  envInt,
  printTable,
  quantile,
  round2,
  runWithCleanups,
  status,
  TARGET_TABLE_HEADER,
  tempDir,
} from './bench-support.js';
import { GENERATOR_INDUSTRIES, generateCall } from './call-generator.js';

const ADMIN_URL = process.env.PG_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const REPS = envInt('FEEDBACK_BENCH_REPS', 50, 1);
const DAYS = envInt('FEEDBACK_BENCH_DAYS', 60, 1);
const PER_DAY = envInt('FEEDBACK_BENCH_CALLS_PER_DAY', 8, 1);
const TEMPLATES = envInt('FEEDBACK_BENCH_TEMPLATES', 48, 1);
const TARGET_TEAM_SECONDS = 30;
/** The first seeded day (local, Asia/Shanghai); packs are for the morning after the last one. */
const FIRST_DAY = '2026-03-02';

const seconds = (ms: number) => ms / 1000;
const now = () => performance.now();

async function exec(svc: Service, q: ReturnType<typeof sql>): Promise<{ rows: Record<string, unknown>[] }> {
  return (await svc.database.db.execute(q)) as unknown as { rows: Record<string, unknown>[] };
}

/** Column names of a table, in order (the copy follows the schema as it is). */
async function columns(svc: Service, table: string): Promise<string[]> {
  const r = await exec(
    svc,
    sql`select column_name from information_schema.columns where table_schema = 'public' and table_name = ${table} order by ordinal_position`,
  );
  return r.rows.map((x) => String(x.column_name));
}

/** INSERT … SELECT copying `table` rows of the template calls to the mapped calls. */
async function copyRows(
  svc: Service,
  table: string,
  overrides: Record<string, string>,
  from: string,
): Promise<void> {
  const cols = await columns(svc, table);
  const list = cols.map((c) => `"${c}"`).join(', ');
  const exprs = cols.map((c) => overrides[c] ?? `t."${c}"`).join(', ');
  await svc.database.db.execute(sql.raw(`insert into ${table} (${list}) select ${exprs} ${from}`));
}

async function main(): Promise<void> {
  const cleanups = createCleanups();
  runWithCleanups(async () => {
    const db = await createDatabase(ADMIN_URL, 'tj_bench_feedback', cleanups);
    const dir = tempDir('tingjian-bench-feedback-', cleanups);
    const svc = await buildService(
      loadConfig({
        DATABASE_URL: db.url,
        DATA_DIR: dir,
        LOG_LEVEL: 'silent',
        FEEDBACK_SCHEDULE: 'off',
        GOALS_SCHEDULE: 'off',
      }),
      { role: 'all' },
    );
    cleanups.add('close the service', () => svc.close());

    const total = REPS * DAYS * PER_DAY;
    console.log(
      `feedback bench: ${REPS} reps × ${DAYS} days × ${PER_DAY} calls = ${total} calls, ${cpus().length} cores`,
    );

    // Templates: distinct generated calls, analysed and stored as scored calls of a template rep.
    let t = now();
    const team = await svc.users.createTeam({ name: '压测一组' });
    const templateTeam = await svc.users.createTeam({ name: '模板' });
    const templateRep = await svc.users.createUser({
      id: 'rep-template',
      name: '模板',
      roles: ['rep'],
      teamId: templateTeam.id,
    });
    for (let i = 0; i < REPS; i++) {
      await svc.users.createUser({
        id: `rep-${String(i).padStart(3, '0')}`,
        name: `销售${String(i + 1).padStart(2, '0')}`,
        roles: ['rep'],
        teamId: team.id,
      });
    }
    const templateIds: string[] = [];
    for (let i = 0; i < TEMPLATES; i++) {
      const transcript = parseTranscript(
        generateCall(9000 + i, GENERATOR_INDUSTRIES[i % GENERATOR_INDUSTRIES.length]!),
      );
      const { call } = await svc.calls.create({
        id: `tpl-${i}`,
        externalId: `tpl-${i}`,
        repId: templateRep.id,
        industry: transcript.industry,
        occurredAt: transcript.occurredAt,
        source: 'transcript',
        inputChecksum: `tpl-${i}`,
        utterances: transcript.utterances,
      });
      for (const s of ['queued', 'transcribing', 'analyzing'] as const) await svc.calls.setStatus(call.id, s);
      const analysis = svc.analyzer.analyze(
        { ...transcript, repId: templateRep.id } as never,
        undefined,
        call.id,
      );
      await svc.calls.replaceAnalysis(call.id, call.revision, analysis);
      templateIds.push(call.id);
    }
    const templatesMs = now() - t;

    // Replication: 24,000 calls of the team's reps, 8 a day between 09:00 and 16:00 Shanghai time.
    t = now();
    await svc.database.db.execute(
      sql.raw(`create table bench_map as
      select 'call-b' || lpad(r::text, 3, '0') || '-' || lpad(d::text, 3, '0') || '-' || k as new_id,
             'tpl-' || ((r * 7 + d * 3 + k * 5) % ${TEMPLATES}) as template_id,
             'rep-' || lpad(r::text, 3, '0') as rep_id,
             (date '${FIRST_DAY}' + d) + make_interval(hours => 9 + k) + make_interval(mins => r)
               - interval '8 hours' as occurred_at
      from generate_series(0, ${REPS - 1}) r, generate_series(0, ${DAYS - 1}) d, generate_series(0, ${PER_DAY - 1}) k`),
    );
    await svc.database.db.execute(sql.raw('alter table bench_map add primary key (new_id)'));
    const from = 'from bench_map m join calls t on t.id = m.template_id';
    await copyRows(
      svc,
      'calls',
      {
        id: 'm.new_id',
        external_id: 'm.new_id',
        rep_id: 'm.rep_id',
        team_id: `'${team.id}'`,
        occurred_at: "m.occurred_at at time zone 'UTC'",
        input_checksum: 'm.new_id',
        view_json: 'null',
      },
      from,
    );
    for (const table of ['utterances', 'findings', 'score_items', 'dimension_scores']) {
      await copyRows(
        svc,
        table,
        { call_id: 'm.new_id' },
        `from bench_map m join ${table} t on t.call_id = m.template_id`,
      );
    }
    await svc.database.db.execute(sql.raw('analyze'));
    const replicateMs = now() - t;
    const [sizes] = (
      await exec(
        svc,
        sql`select (select count(*) from calls where team_id = ${team.id})::int as calls,
                   (select count(*) from utterances)::int as utterances,
                   (select count(*) from findings)::int as findings`,
      )
    ).rows;

    // Aggregation backlog: facts and day buckets of every call.
    t = now();
    const aggregated = await svc.feedback.catchUp(team.id);
    const catchUpMs = now() - t;

    // Incremental path of the aggregate stage: one call at a time.
    const single: number[] = [];
    for (let i = 0; i < 40; i++) {
      const id = `call-b${String((i * 7) % REPS).padStart(3, '0')}-${String((i * 11) % DAYS).padStart(3, '0')}-${i % PER_DAY}`;
      const s = now();
      await svc.feedback.updateCall(id);
      single.push(now() - s);
    }
    single.sort((a, b) => a - b);

    // Packs for the morning after the last seeded day.
    const at = new Date(`${addDays(FIRST_DAY, DAYS)}T08:00:00+08:00`);
    const onDemand: number[] = [];
    for (const r of [0, 13, 27, 41, REPS - 1]) {
      const s = now();
      await svc.feedback.generatePack(`rep-${String(r % REPS).padStart(3, '0')}`, { at });
      onDemand.push(now() - s);
    }
    onDemand.sort((a, b) => a - b);
    t = now();
    const packs = await svc.feedback.generateTeamPacks(team.id, { at, trigger: 'schedule', runKey: 'bench' });
    const teamMs = now() - t;
    t = now();
    await svc.feedback.heatmap(team.id, 8, at);
    const heatmapMs = now() - t;
    t = now();
    await svc.feedback.customerQuestions(team.id, { from: new Date(at.getTime() - 30 * 86_400_000), to: at });
    const questionsMs = now() - t;

    printTable(
      'data',
      ['figure', 'value'],
      [
        ['calls (team)', String(sizes?.calls)],
        ['utterances', String(sizes?.utterances)],
        ['findings', String(sizes?.findings)],
        ['analyse + store 48 templates', `${round2(seconds(templatesMs))} s`],
        ['replicate with SQL', `${round2(seconds(replicateMs))} s`],
      ],
    );
    printTable('feedback packs', TARGET_TABLE_HEADER, [
      [
        `facts of ${aggregated} calls (backlog path)`,
        `${round2(seconds(catchUpMs))} s (${round2(catchUpMs / aggregated)} ms/call)`,
        '—',
        '—',
      ],
      [
        'one call, incremental (median / p95)',
        `${round2(quantile(single, 0.5))} / ${round2(quantile(single, 0.95))} ms`,
        '—',
        '—',
      ],
      [
        'one pack on demand, incl. team figures (median of 5)',
        `${round2(seconds(quantile(onDemand, 0.5)))} s`,
        '—',
        '—',
      ],
      [
        `team of ${packs.length} reps, all packs`,
        `${round2(seconds(teamMs))} s (${round2(seconds(teamMs) / packs.length)} s/pack)`,
        `< ${TARGET_TEAM_SECONDS} s`,
        status(seconds(teamMs) < TARGET_TEAM_SECONDS),
      ],
      ['team heatmap, 8 weeks', `${round2(seconds(heatmapMs))} s`, '—', '—'],
      ['customer questions, 30 days', `${round2(seconds(questionsMs))} s`, '—', '—'],
    ]);
    console.log(
      `BENCH_JSON ${JSON.stringify({
        calls: sizes?.calls,
        factsSeconds: round2(seconds(catchUpMs)),
        incrementalMsMedian: round2(quantile(single, 0.5)),
        packSecondsMedian: round2(seconds(quantile(onDemand, 0.5))),
        teamSeconds: round2(seconds(teamMs)),
        secondsPerPackInTeam: round2(seconds(teamMs) / packs.length),
        heatmapSeconds: round2(seconds(heatmapMs)),
        customerQuestionsSeconds: round2(seconds(questionsMs)),
      })}`,
    );
  }, cleanups);
}

void main();
