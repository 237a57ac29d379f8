/**
 * A seeded sales team for the feedback-pack tests: 6 reps × 30 days of calls generated from the
 * project's own transcripts (tests/fixtures/calls and examples/calls) with deterministic
 * variation: each rep draws from a pool of fixtures matching their skill, speaking times and
 * pauses are stretched, and weaker reps drop some of their own utterances. Calls go through the
 * real intake and workers (submit → transcribe → analyze → aggregate).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Service } from '../../bin/service.js';
import type { TranscriptInput } from '../../models/transcript.js';
import { addDays } from '../../services/feedback/time.js';
import { mulberry32 } from '../../shared/seeded-random.js';
import { shippedAnalyzer } from './runtime.js';

const ROOT = join(import.meta.dirname, '..', '..');

/**
 * The team-written calls the seeded team is drawn from, pinned: the literals and snapshots of the
 * feedback tests were taken on these, and new fixtures must not reshuffle every rep's calls.
 */
export const SEED_FIXTURES: ReadonlySet<string> = new Set([
  'tj-edu-01',
  'tj-edu-02',
  'tj-fin-01',
  'tj-fin-02',
  'tj-man-01',
  'tj-man-02',
  'tj-med-01',
  'tj-med-02',
  'tj-med-03',
  'tj-med-story',
  'tj-ret-01',
  'tj-ret-02',
  'tj-saas-01',
  'tj-saas-02',
]);

/** Every transcript the project ships as a fixture or example, by file name. */
export function fixtureTranscripts(): { name: string; transcript: TranscriptInput }[] {
  const dirs = [join(ROOT, 'tests', 'fixtures', 'calls'), join(ROOT, 'examples', 'calls')];
  return dirs.flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.json') && !f.endsWith('.gold.json'))
      .filter((f) => dir.endsWith(join('examples', 'calls')) || SEED_FIXTURES.has(f.replace(/\.json$/, '')))
      .sort()
      .map((f) => ({
        name: `${dir.endsWith('examples/calls') ? 'ex-' : ''}${f.replace(/\.json$/, '')}`,
        transcript: JSON.parse(readFileSync(join(dir, f), 'utf8')) as TranscriptInput,
      })),
  );
}

export interface SeedRep {
  id: string;
  externalId: string;
  name: string;
  /** Which slice of the fixtures (ranked by machine total, best first) the rep's calls come from. */
  pool: readonly [number, number];
  /** Chance that one of the rep's utterances (not the first two) is dropped from a call. */
  drop: number;
  /** Local days without calls (leave). */
  away?: readonly [string, string];
}

export const SEED_REPS: readonly SeedRep[] = [
  { id: 'rep-lin', externalId: 'rep-lin-xue', name: '林雪', pool: [0, 6], drop: 0 },
  { id: 'rep-wang', externalId: 'rep-wang-lei', name: '王磊', pool: [2, 9], drop: 0.1 },
  { id: 'rep-zhang', externalId: 'rep-zhang-min', name: '张敏', pool: [4, 12], drop: 0.2 },
  { id: 'rep-liu', externalId: 'rep-liu-yang', name: '刘洋', pool: [6, 14], drop: 0.3 },
  { id: 'rep-chen', externalId: 'rep-chen-jing', name: '陈静', pool: [8, 17], drop: 0.4 },
  {
    id: 'rep-zhao',
    externalId: 'rep-zhao-feng',
    name: '赵峰',
    pool: [10, 17],
    drop: 0.5,
    away: ['2026-05-25', '2026-05-31'],
  },
];

/** The seeded days: 30 local days (Asia/Shanghai), Saturday 2026-05-02 to Sunday 2026-05-31. */
export const SEED_FIRST_DAY = '2026-05-02';
export const SEED_DAYS = 30;
/** The moment the seeded packs describe: Monday 2026-06-01 08:00 in Shanghai. */
export const SEED_AT = new Date('2026-06-01T08:00:00+08:00');

export interface SeededCall {
  externalId: string;
  repId: string;
  day: string;
  fixture: string;
  transcript: TranscriptInput;
}

/** Fixture names ranked by the machine total of their analysis (best first; ties by name). */
export function rankedFixtures(): { name: string; transcript: TranscriptInput; total: number }[] {
  const analyzer = shippedAnalyzer();
  return fixtureTranscripts()
    .map((f) => ({ ...f, total: analyzer.analyze(f.transcript as never).total ?? 0 }))
    .sort((a, b) => b.total - a.total || (a.name < b.name ? -1 : 1));
}

/** A fixture with varied timing (speaker-specific stretch, longer or shorter pauses) and dropped utterances. */
export function vary(t: TranscriptInput, rand: () => number, drop: number): TranscriptInput {
  const repStretch = 0.85 + rand() * 0.4;
  const customerStretch = 0.8 + rand() * 0.5;
  const pauseStretch = 0.6 + rand() * 1.2;
  let utterances = t.utterances.map((u) => ({ ...u }));
  if (rand() < drop) {
    const candidates = utterances
      .map((u, i) => ({ u, i }))
      .filter(({ u, i }) => u.speaker === 'rep' && i >= 2);
    const victim = candidates[Math.floor(rand() * candidates.length)];
    if (victim) utterances = utterances.filter((_, i) => i !== victim.i);
  }
  let clock = 0;
  let prevEnd = utterances[0]?.start ?? 0;
  const out = utterances.map((u, i) => {
    const gap = i === 0 ? 0 : Math.max(0, u.start - prevEnd);
    prevEnd = u.end;
    const start = Math.round(clock + gap * pauseStretch);
    const end = Math.round(start + (u.end - u.start) * (u.speaker === 'rep' ? repStretch : customerStretch));
    clock = end;
    return { id: u.id, speaker: u.speaker, start, end, text: u.text };
  });
  return { ...t, utterances: out };
}

/** The seeded calls (deterministic): weekdays 1-2 calls per rep, weekends 0-1. */
export function seedCalls(): SeededCall[] {
  const ranked = rankedFixtures();
  const calls: SeededCall[] = [];
  SEED_REPS.forEach((rep, r) => {
    const rand = mulberry32(1000 + r);
    for (let d = 0; d < SEED_DAYS; d++) {
      const day = addDays(SEED_FIRST_DAY, d);
      const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
      const weekend = weekday === 0 || weekday === 6;
      const n = weekend ? (rand() < 0.3 ? 1 : 0) : rand() < 0.4 ? 2 : 1;
      if (rep.away && day >= rep.away[0] && day <= rep.away[1]) continue;
      for (let k = 0; k < n; k++) {
        const pick = ranked[rep.pool[0] + Math.floor(rand() * (rep.pool[1] - rep.pool[0]))]!;
        const hour = 9 + k * 4 + Math.floor(rand() * 3);
        const minute = Math.floor(rand() * 60);
        const externalId = `seed-${rep.id}-${day}-${k + 1}`;
        const transcript = vary(pick.transcript, rand, rep.drop);
        calls.push({
          externalId,
          repId: rep.id,
          day,
          fixture: pick.name,
          transcript: {
            ...transcript,
            externalId,
            repId: rep.externalId,
            occurredAt: `${day}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00+08:00`,
          },
        });
      }
    }
  });
  return calls;
}

export interface SeededTeam {
  teamId: string;
  managerId: string;
  calls: SeededCall[];
  /** externalId → stored call id. */
  callIds: Map<string, string>;
}

/** Creates the team, its manager and reps, and submits every seeded call through the service. */
export async function seedTeam(svc: Service, teamName = '华东一组'): Promise<SeededTeam> {
  const team = await svc.users.createTeam({ name: teamName });
  const manager = await svc.users.createUser({ name: '周经理', roles: ['manager'], teamId: team.id });
  for (const rep of SEED_REPS) {
    await svc.users.createUser({
      id: rep.id,
      externalId: rep.externalId,
      name: rep.name,
      roles: ['rep'],
      teamId: team.id,
    });
  }
  const calls = seedCalls();
  const callIds = new Map<string, string>();
  for (const c of calls) {
    const { call } = await svc.service.submitTranscript(c.transcript);
    callIds.set(c.externalId, call.id);
  }
  await svc.queue.drain();
  return { teamId: team.id, managerId: manager.id, calls, callIds };
}
