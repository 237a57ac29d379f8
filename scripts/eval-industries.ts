// Per-industry figures of the issue's checks (docs/measurements.md): each industry's train calls
// analysed with its own lexicon — solution, need, objection and tag F1 — beside the same calls
// analysed with the nearest of the six old industries, to show what the overlay adds. Prints
// numbers only; asserts nothing.
//
// Only `train-<code>-01..04` are read: the fifth call of every industry is set aside
// (training/SET-ASIDE.txt) and this script neither opens nor scores it.
// Usage: eval-industries [--calls DIR] [--markdown]
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../bin/config.js';
import { createRuntime } from '../bin/runtime.js';
import { parseTranscriptJson, type Transcript } from '../models/transcript.js';
import { type EvalCase, evaluateMode, type ModeReport } from '../pipeline/eval/evaluate.core.js';
import { parseGold } from '../pipeline/eval/gold.js';
import { readSetAside } from '../pipeline/eval/set-aside.js';
import { OBJECTION_TYPES } from '../shared/vocabulary.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const callsDir = args.includes('--calls')
  ? args[args.indexOf('--calls') + 1]!
  : join(root, 'training', 'calls');
const markdown = args.includes('--markdown');

/** The six industries shipped before the fifteen new overlays. */
const OLD = ['medical_devices', 'education_equipment', 'saas', 'manufacturing', 'retail', 'finance'];

/**
 * The nearest old industry of each new one: the trade whose buyers and vocabulary overlap most
 * (a pharma distributor sells into the same hospital departments as a device maker; a telecom
 * carrier's enterprise sales are IT sales). What a team used before its own overlay existed.
 */
const NEAREST: Readonly<Record<string, string>> = {
  auto_parts: 'manufacturing',
  precision_machining: 'manufacturing',
  new_energy: 'manufacturing',
  chemicals: 'manufacturing',
  building_materials: 'manufacturing',
  agriculture: 'manufacturing',
  fmcg: 'retail',
  logistics: 'retail',
  pharma: 'medical_devices',
  security_systems: 'education_equipment',
  it_infrastructure: 'saas',
  marketing_services: 'saas',
  telecom_enterprise: 'saas',
  hr_services: 'finance',
  commercial_real_estate: 'finance',
};

const TRAIN_CALL = /^train-[a-z]+-0[1-4]$/;
const setAside = readSetAside();
const names = readdirSync(callsDir)
  .filter((f) => f.endsWith('.gold.json'))
  .map((f) => f.slice(0, -'.gold.json'.length))
  .filter((n) => TRAIN_CALL.test(n) && !setAside.has(n))
  .sort();

interface Call {
  name: string;
  transcript: Transcript;
  gold: ReturnType<typeof parseGold>;
}
const byIndustry = new Map<string, Call[]>();
for (const name of names) {
  const transcript = parseTranscriptJson(readFileSync(join(callsDir, `${name}.json`), 'utf8'));
  const gold = parseGold(JSON.parse(readFileSync(join(callsDir, `${name}.gold.json`), 'utf8')), name);
  const list = byIndustry.get(transcript.industry) ?? [];
  list.push({ name, transcript, gold });
  byIndustry.set(transcript.industry, list);
}

const runtime = await createRuntime(loadConfig(process.env), { embeddings: false });

async function score(calls: readonly Call[], industry: string): Promise<ModeReport> {
  const cases: EvalCase[] = [];
  for (const c of calls) {
    const analysis = await runtime.analyze({ ...c.transcript, industry });
    cases.push({ name: c.name, gold: c.gold, analysis });
  }
  return evaluateMode(cases);
}

/** Micro F1 over several labels, from their per-label precision, recall and counts. */
function microF1(report: ModeReport, labels: readonly (keyof ModeReport['labels'])[]): number | null {
  let tp = 0;
  let gold = 0;
  let predicted = 0;
  for (const l of labels) {
    const r = report.labels[l];
    tp += Math.round(r.recall * r.gold);
    gold += r.gold;
    predicted += r.predicted;
  }
  return gold + predicted === 0 ? null : (2 * tp) / (gold + predicted);
}

const OBJECTIONS = OBJECTION_TYPES.map((t) => `objection.${t}` as const);

interface Row {
  industry: string;
  calls: number;
  figures: (number | null)[];
}
function figuresOf(r: ModeReport): (number | null)[] {
  return [
    r.labels.solution.gold + r.labels.solution.predicted === 0 ? null : r.labels.solution.f1,
    microF1(r, ['need.implicit', 'need.explicit']),
    microF1(r, OBJECTIONS),
    r.tags.f1,
  ];
}

const rows: { own: Row; nearest: Row | null; nearestId: string | null }[] = [];
const pooled = { own: [] as Call[], nearest: [] as [Call, string][] };
for (const industry of [...byIndustry.keys()].sort()) {
  const calls = byIndustry.get(industry)!;
  const own = await score(calls, industry);
  const nearestId = OLD.includes(industry) ? null : (NEAREST[industry] ?? null);
  const nearest = nearestId ? await score(calls, nearestId) : null;
  rows.push({
    own: { industry, calls: calls.length, figures: figuresOf(own) },
    nearest: nearest ? { industry: nearestId!, calls: calls.length, figures: figuresOf(nearest) } : null,
    nearestId,
  });
  if (nearestId) {
    pooled.own.push(...calls);
    for (const c of calls) pooled.nearest.push([c, nearestId]);
  }
}

// The fifteen new industries pooled: own lexicon vs nearest old one.
async function pooledReport(pairs: readonly [Call, string][]): Promise<ModeReport> {
  const cases: EvalCase[] = [];
  for (const [c, industry] of pairs) {
    cases.push({
      name: c.name,
      gold: c.gold,
      analysis: await runtime.analyze({ ...c.transcript, industry }),
    });
  }
  return evaluateMode(cases);
}
const pooledOwn = figuresOf(await pooledReport(pooled.own.map((c) => [c, c.transcript.industry])));
const pooledNearest = figuresOf(await pooledReport(pooled.nearest));

const f = (x: number | null) => (x === null ? '—' : x.toFixed(3));
const delta = (a: number | null, b: number | null) =>
  a === null || b === null ? '' : `${a - b >= 0 ? '+' : ''}${(a - b).toFixed(3)}`;
const HEAD = ['solution', 'need', 'objection', 'tag'];

if (markdown) {
  console.log(
    `| industry | calls | ${HEAD.map((h) => `${h} F1 own`).join(' | ')} | nearest old | ${HEAD.map((h) => `${h} F1 nearest`).join(' | ')} |`,
  );
  console.log(`|${' --- |'.repeat(2 + 2 * HEAD.length + 1)}`);
  for (const { own, nearest, nearestId } of rows) {
    const ownCells = own.figures.map((x, i) =>
      nearest ? `${f(x)} (${delta(x, nearest.figures[i]!) || '±0'})` : f(x),
    );
    const nearCells = nearest ? nearest.figures.map(f) : HEAD.map(() => '(old industry)');
    console.log(
      `| ${own.industry} | ${own.calls} | ${ownCells.join(' | ')} | ${nearestId ?? '—'} | ${nearCells.join(' | ')} |`,
    );
  }
  console.log(
    `| **15 new, pooled** | ${pooled.own.length} | ${pooledOwn.map((x, i) => `${f(x)} (${delta(x, pooledNearest[i]!)})`).join(' | ')} | nearest | ${pooledNearest.map(f).join(' | ')} |`,
  );
} else {
  console.log('每个行业的训练通话 (train-<code>-01..04，不含留出的 -05)：本行业词库 vs 最接近的旧行业词库');
  console.log(
    'per industry, its train calls (01..04; the set-aside -05 calls are not read): own lexicon vs nearest old\n',
  );
  console.log(
    `${'industry'.padEnd(24)}${'n'.padStart(3)}  ${HEAD.map((h) => h.padStart(10)).join('')}   ${'nearest'.padEnd(20)}${HEAD.map((h) => h.padStart(10)).join('')}`,
  );
  for (const { own, nearest, nearestId } of rows) {
    console.log(
      `${own.industry.padEnd(24)}${String(own.calls).padStart(3)}  ${own.figures.map((x) => f(x).padStart(10)).join('')}   ${(nearestId ?? '(old)').padEnd(20)}${(nearest?.figures ?? []).map((x) => f(x).padStart(10)).join('')}`,
    );
  }
  console.log(
    `\n${'15 new industries pooled'.padEnd(24)}${String(pooled.own.length).padStart(3)}  ${pooledOwn.map((x) => f(x).padStart(10)).join('')}   ${'nearest old'.padEnd(20)}${pooledNearest.map((x) => f(x).padStart(10)).join('')}`,
  );
  console.log('\nF1 per call set: solution = label solution; need = need.implicit + need.explicit (micro);');
  console.log(
    'objection = the seven objection.<type> labels (micro, so a wrong type counts); tag = the spec tags.',
  );
}
