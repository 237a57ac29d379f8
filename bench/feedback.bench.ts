/**
 * Feedback-pack benchmark: `npm run build && npm run bench:feedback`.
 *
 * A team of 50 reps with 60 days × 8 calls each (24,000 scored calls) on PostgreSQL. The calls are
 * copies of 48 distinct generated 30-minute calls (≈300 utterances each), analysed once and
 * replicated with SQL (their utterances, findings, scores) under new ids, reps and dates. Then:
 * the facts of all calls are built (the aggregation backlog path), single calls are updated
 * (the incremental path of the aggregate stage), one rep's pack is generated on demand (team
 * figures included) and the whole team's packs in one run, with the repository calls that run
 * made. Figures are printed, never asserted; the team run is set against issue 16's budget.
 *
 * Seeding takes most of the time (minutes), so a seeded database can be kept and measured again:
 * FEEDBACK_BENCH_KEEP=1 keeps it (its URL is printed), FEEDBACK_BENCH_DATABASE_URL=<url> measures
 * a kept one without seeding and compares the team's new packs with the ones the previous run
 * stored there, byte for byte (same data, same moment: a changed pack is a regression).
 *
 * Env: PG_ADMIN_URL (default postgresql://postgres@127.0.0.1:5432/postgres), FEEDBACK_BENCH_REPS
 * (50), FEEDBACK_BENCH_DAYS (60), FEEDBACK_BENCH_CALLS_PER_DAY (8), FEEDBACK_BENCH_TEMPLATES (48),
 * FEEDBACK_BENCH_KEEP, FEEDBACK_BENCH_DATABASE_URL.
 */
import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../bin/config.js';
import { buildService, type Service } from '../bin/service.js';
import { AggregateRepository } from '../models/aggregate.repository.js';
import { FeedbackRepository } from '../models/feedback.repository.js';
import { GoalRepository } from '../models/goal.repository.js';
import { parseTranscript } from '../models/transcript.js';
import { UserRepository } from '../models/user.repository.js';
import { addDays } from '../services/feedback/time.js';
import {
  adminQuery,
  type Cleanups,
  createCleanups,
  createDatabase,
  envInt,
  printTable,
  quantile,
  round1,
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
const KEEP = process.env.FEEDBACK_BENCH_KEEP === '1';
const REUSE_URL = process.env.FEEDBACK_BENCH_DATABASE_URL || null;
/** Issue 16's budget: a team's 50 packs in at most 10 s. */
const TARGET_TEAM_SECONDS = 10;
/**
 * The team run before the concern terms were kept with the call facts and the example searches
 * stopped at the first call with an example (19 repository calls, 6 example statements reading
 * every finding of every candidate call, one concern statement reading every need/objection
 * finding of the window): this bench on 2026-12-05 at commit 1c144e0, on the database the "after"
 * figure was then taken on. Earlier, before team-wide reads (1,105 repository calls): 412.75 s at
 * commit 7681ced, load 35.4 → 35.9.
 */
const BEFORE = { teamSeconds: 128.77, load: '19.1 → 17', when: '2026-12-05, commit 1c144e0' };
/** The first seeded day (local, Asia/Shanghai); packs are for the morning after the last one. */
const FIRST_DAY = '2026-03-02';
const TEAM_NAME = '压测一组';
const RUN_KEY = 'bench';

const seconds = (ms: number) => ms / 1000;
const now = () => performance.now();
const load1 = () => round1(loadavg()[0]!);

async function exec(svc: Service, q: ReturnType<typeof sql>): Promise<{ rows: Record<string, unknown>[] }> {
  return (await svc.database.db.execute(q)) as unknown as { rows: Record<string, unknown>[] };
}

// ---------------------------------------------------------------------------------------------
// Seeding

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

/** The team, its reps and the template calls (distinct generated calls, analysed and stored). */
async function seedTemplates(svc: Service): Promise<{ teamId: string }> {
  const team = await svc.users.createTeam({ name: TEAM_NAME });
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
  }
  return { teamId: team.id };
}

/** The team's calls, 8 a day between 09:00 and 16:00 Shanghai time, copied from the templates. */
async function replicate(svc: Service, teamId: string): Promise<void> {
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
  await copyRows(
    svc,
    'calls',
    {
      id: 'm.new_id',
      external_id: 'm.new_id',
      rep_id: 'm.rep_id',
      team_id: `'${teamId}'`,
      occurred_at: "m.occurred_at at time zone 'UTC'",
      input_checksum: 'm.new_id',
      view_json: 'null',
      view_etag: 'null',
      view_br: 'null',
      view_gzip: 'null',
    },
    'from bench_map m join calls t on t.id = m.template_id',
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
}

/** A new database that outlives the run (FEEDBACK_BENCH_KEEP=1): drop it by hand when done. */
async function keptDatabase(): Promise<string> {
  const name = `tj_bench_feedback_kept_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  await adminQuery(ADMIN_URL, `CREATE DATABASE ${name}`);
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

interface Seeded {
  teamId: string;
  /** Seconds spent seeding, null when a kept database was reused. */
  templatesSeconds: number | null;
  replicateSeconds: number | null;
}

/** A fresh seeded database, or the kept one FEEDBACK_BENCH_DATABASE_URL names. */
async function openSeeded(cleanups: Cleanups): Promise<{ svc: Service; seeded: Seeded; url: string }> {
  const url =
    REUSE_URL ??
    (KEEP ? await keptDatabase() : (await createDatabase(ADMIN_URL, 'tj_bench_feedback', cleanups)).url);
  const svc = await buildService(
    loadConfig({
      DATABASE_URL: url,
      DATA_DIR: tempDir('tingjian-bench-feedback-', cleanups),
      LOG_LEVEL: 'silent',
      FEEDBACK_SCHEDULE: 'off',
      GOALS_SCHEDULE: 'off',
    }),
    { role: 'all' },
  );
  cleanups.add('close the service', () => svc.close());
  if (REUSE_URL) {
    const [team] = (await exec(svc, sql`select id from teams where name = ${TEAM_NAME} limit 1`)).rows;
    if (!team)
      throw new Error(
        `FEEDBACK_BENCH_DATABASE_URL: no team "${TEAM_NAME}" there (not a kept bench database)`,
      );
    return { svc, url, seeded: { teamId: String(team.id), templatesSeconds: null, replicateSeconds: null } };
  }
  let t = now();
  const { teamId } = await seedTemplates(svc);
  const templatesSeconds = seconds(now() - t);
  t = now();
  await replicate(svc, teamId);
  return { svc, url, seeded: { teamId, templatesSeconds, replicateSeconds: seconds(now() - t) } };
}

// ---------------------------------------------------------------------------------------------
// Repository calls of the team run

interface CallStats {
  calls: number;
  ms: number;
}

/**
 * Counts and times every repository method call while `run` runs (calls that overlap are each
 * timed in full): the number of round trips a team run makes, and where its time goes.
 */
async function withRepositoryStats<T>(
  run: () => Promise<T>,
): Promise<{ result: T; stats: Map<string, CallStats> }> {
  const stats = new Map<string, CallStats>();
  const restore: (() => void)[] = [];
  const classes = { AggregateRepository, FeedbackRepository, GoalRepository, UserRepository };
  for (const [className, cls] of Object.entries(classes)) {
    const proto = cls.prototype as unknown as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const original = proto[name];
      if (name === 'constructor' || typeof original !== 'function') continue;
      const key = `${className}.${name}`;
      proto[name] = async function (this: unknown, ...args: unknown[]) {
        const s = now();
        try {
          return await (original as (...a: unknown[]) => Promise<unknown>).apply(this, args);
        } finally {
          const entry = stats.get(key) ?? { calls: 0, ms: 0 };
          entry.calls++;
          entry.ms += now() - s;
          stats.set(key, entry);
        }
      };
      restore.push(() => {
        proto[name] = original;
      });
    }
  }
  try {
    return { result: await run(), stats };
  } finally {
    for (const r of restore) r();
  }
}

// ---------------------------------------------------------------------------------------------
// Measuring

interface Figures {
  sizes: Record<string, unknown>;
  aggregated: number;
  catchUpMs: number;
  single: number[];
  onDemand: number[];
  teamMs: number;
  packs: number;
  repositoryStats: Map<string, CallStats>;
  /** Packs of the previous run stored in a kept database: how many the new run matched byte for byte. */
  comparison: { previous: number; identical: number; differing: string[] } | null;
  loadBefore: number;
  loadAfter: number;
  heatmapMs: number;
  questionsMs: number;
}

async function storedPacks(svc: Service, teamId: string): Promise<Map<string, string>> {
  const r = await exec(
    svc,
    sql`select rep_id, data::text as data from feedback_packs where team_id = ${teamId} and run_key = ${RUN_KEY}`,
  );
  return new Map(r.rows.map((x) => [String(x.rep_id), String(x.data)]));
}

function comparePacks(previous: Map<string, string>, current: Map<string, string>): Figures['comparison'] {
  if (previous.size === 0) return null;
  const differing = [...previous].filter(([rep, data]) => current.get(rep) !== data).map(([rep]) => rep);
  return { previous: previous.size, identical: previous.size - differing.length, differing };
}

async function measure(svc: Service, teamId: string): Promise<Figures> {
  const [sizes] = (
    await exec(
      svc,
      sql`select (select count(*) from calls where team_id = ${teamId})::int as calls,
                 (select count(*) from utterances)::int as utterances,
                 (select count(*) from findings)::int as findings`,
    )
  ).rows;

  // Aggregation backlog: facts and day buckets of every call.
  let t = now();
  const aggregated = await svc.feedback.catchUp(teamId);
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

  const previous = await storedPacks(svc, teamId);
  const loadBefore = load1();
  t = now();
  const { result: packs, stats } = await withRepositoryStats(() =>
    svc.feedback.generateTeamPacks(teamId, { at, trigger: 'schedule', runKey: RUN_KEY }),
  );
  const teamMs = now() - t;
  const loadAfter = load1();
  const comparison = comparePacks(previous, await storedPacks(svc, teamId));

  t = now();
  await svc.feedback.heatmap(teamId, 8, at);
  const heatmapMs = now() - t;
  t = now();
  await svc.feedback.customerQuestions(teamId, { from: new Date(at.getTime() - 30 * 86_400_000), to: at });
  const questionsMs = now() - t;
  return {
    sizes: sizes ?? {},
    aggregated,
    catchUpMs,
    single,
    onDemand,
    teamMs,
    packs: packs.length,
    repositoryStats: stats,
    comparison,
    loadBefore,
    loadAfter,
    heatmapMs,
    questionsMs,
  };
}

// ---------------------------------------------------------------------------------------------
// Report

function printFigures(seeded: Seeded, f: Figures): void {
  const seedRow = (label: string, s: number | null) => [
    label,
    s === null ? 'kept database' : `${round2(s)} s`,
  ];
  printTable(
    'data',
    ['figure', 'value'],
    [
      ['calls (team)', String(f.sizes.calls)],
      ['utterances', String(f.sizes.utterances)],
      ['findings', String(f.sizes.findings)],
      seedRow(`analyse + store ${TEMPLATES} templates`, seeded.templatesSeconds),
      seedRow('replicate with SQL', seeded.replicateSeconds),
    ],
  );
  const teamSeconds = seconds(f.teamMs);
  printTable('feedback packs', TARGET_TABLE_HEADER, [
    [
      `facts of ${f.aggregated} calls (backlog path)`,
      `${round2(seconds(f.catchUpMs))} s (${f.aggregated > 0 ? round2(f.catchUpMs / f.aggregated) : '—'} ms/call)`,
      '—',
      '—',
    ],
    [
      'one call, incremental (median / p95)',
      `${round2(quantile(f.single, 0.5))} / ${round2(quantile(f.single, 0.95))} ms`,
      '—',
      '—',
    ],
    [
      'one pack on demand, incl. team figures (median of 5)',
      `${round2(seconds(quantile(f.onDemand, 0.5)))} s`,
      '—',
      '—',
    ],
    [
      `team of ${f.packs} reps, all packs (load ${f.loadBefore} → ${f.loadAfter})`,
      `${round2(teamSeconds)} s (${round2(teamSeconds / Math.max(1, f.packs))} s/pack)`,
      `≤ ${TARGET_TEAM_SECONDS} s for 50 packs`,
      status(teamSeconds <= TARGET_TEAM_SECONDS),
    ],
    ['team heatmap, 8 weeks', `${round2(seconds(f.heatmapMs))} s`, '—', '—'],
    ['customer questions, 30 days', `${round2(seconds(f.questionsMs))} s`, '—', '—'],
  ]);
  console.log(
    `\nteam run: before ${BEFORE.teamSeconds} s (${BEFORE.when}, load ${BEFORE.load}) → now ${round2(teamSeconds)} s (load ${f.loadBefore} → ${f.loadAfter}), ${round1(BEFORE.teamSeconds / teamSeconds)}× faster`,
  );
  if (f.comparison) {
    const c = f.comparison;
    console.log(
      `packs against the previous run in this database: ${c.identical} of ${c.previous} byte-identical${c.differing.length > 0 ? ` — DIFFERENT: ${c.differing.join(', ')}` : ''}`,
    );
  }
}

function printRepositoryStats(stats: Map<string, CallStats>, teamMs: number): void {
  const sorted = [...stats].sort(([, a], [, b]) => b.ms - a.ms);
  const total = sorted.reduce((n, [, s]) => n + s.calls, 0);
  printTable(
    `repository calls of the team run: ${total} (time per method; overlapping calls each counted in full; run ${round2(seconds(teamMs))} s)`,
    ['method', 'calls', 'total ms', 'ms/call'],
    sorted.map(([name, s]) => [
      name,
      String(s.calls),
      String(Math.round(s.ms)),
      String(round1(s.ms / s.calls)),
    ]),
  );
}

function printJson(f: Figures): void {
  console.log(
    `BENCH_JSON ${JSON.stringify({
      calls: f.sizes.calls,
      factsSeconds: round2(seconds(f.catchUpMs)),
      incrementalMsMedian: round2(quantile(f.single, 0.5)),
      packSecondsMedian: round2(seconds(quantile(f.onDemand, 0.5))),
      teamSeconds: round2(seconds(f.teamMs)),
      teamTargetSeconds: TARGET_TEAM_SECONDS,
      teamStatus: status(seconds(f.teamMs) <= TARGET_TEAM_SECONDS),
      teamBeforeSeconds: BEFORE.teamSeconds,
      load: [f.loadBefore, f.loadAfter],
      repositoryCalls: [...f.repositoryStats.values()].reduce((n, s) => n + s.calls, 0),
      secondsPerPackInTeam: round2(seconds(f.teamMs) / Math.max(1, f.packs)),
      identicalToPrevious: f.comparison ? `${f.comparison.identical}/${f.comparison.previous}` : null,
      heatmapSeconds: round2(seconds(f.heatmapMs)),
      customerQuestionsSeconds: round2(seconds(f.questionsMs)),
    })}`,
  );
}

async function main(): Promise<void> {
  const cleanups = createCleanups();
  runWithCleanups(async () => {
    console.log(
      `feedback bench: ${REPS} reps × ${DAYS} days × ${PER_DAY} calls = ${REPS * DAYS * PER_DAY} calls, ${cpus().length} cores, load average ${loadavg().map(round1).join(' ')}`,
    );
    const { svc, seeded, url } = await openSeeded(cleanups);
    const figures = await measure(svc, seeded.teamId);
    printFigures(seeded, figures);
    printRepositoryStats(figures.repositoryStats, figures.teamMs);
    printJson(figures);
    if (KEEP && !REUSE_URL) console.log(`kept the database: FEEDBACK_BENCH_DATABASE_URL=${url}`);
  }, cleanups);
}

void main();
