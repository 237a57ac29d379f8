// Figures of industry inference (lexicons/industry-inference.ts). Prints numbers only; asserts
// nothing. Every call is read with its `industry` removed and inferred from the lexicons:
//  1. Compilation time of the 21 lexicons and inference time per call.
//  2. Coverage (share decided) and accuracy (right / all calls, undecided = miss) for the training
//     calls (all, not set aside, set aside), training/team-calls, training/candidate-calls (readable,
//     written by other people; the weights and thresholds were not chosen on them) and
//     tests/fixtures/calls, with gold counts.
//  3. Confusions: by call on the training calls that are not set aside; as counts only on the
//     set-aside calls and on tests/fixtures/calls (listed in SET-ASIDE.txt too: the second honest
//     set, read by nobody writing rules).
//  4. The threshold sweep on the readable calls (training calls not set aside, team and candidate
//     calls: the only calls the thresholds and weights are chosen on).
// Usage: eval-industry [--calls DIR] [--fixtures DIR] [--dev]
//   --dev: only the readable calls (training calls not set aside, team and candidate calls; no
//          honest call is even scored), for working on the lexicons and the scoring between two
//          honest measurements.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  compiledLexicons,
  createIndustryInferrer,
  DEFAULT_THRESHOLDS,
  type IndustryInference,
} from '../lexicons/industry-inference.js';
import { LexiconRegistry } from '../lexicons/lexicon.registry.js';
import { parseTranscriptDraft } from '../models/transcript.js';
import { readSetAside } from '../pipeline/eval/set-aside.js';
import { normalizeText } from '../pipeline/nlp/normalize.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const argOf = (flag: string, fallback: string) =>
  args.includes(flag) ? args[args.indexOf(flag) + 1]! : fallback;
const callsDir = argOf('--calls', join(root, 'training', 'calls'));
const fixturesDir = argOf('--fixtures', join(root, 'tests', 'fixtures', 'calls'));
const devOnly = args.includes('--dev');
/** Readable labelled calls by other writers, reported as their own groups (never set aside). */
const extraDirs = [
  ['team', join(root, 'training', 'team-calls')],
  ['candidate', join(root, 'training', 'candidate-calls')],
] as const;

type Folder = 'training' | 'team' | 'candidate' | 'fixtures';

interface Result {
  name: string;
  gold: string;
  setAside: boolean;
  fixture: boolean;
  folder: Folder;
  inference: IndustryInference;
}

const registry = LexiconRegistry.fromDirectory();
const t0 = performance.now();
const lexicons = compiledLexicons(registry);
const infer = createIndustryInferrer(lexicons);
const compileMs = performance.now() - t0;
const setAside = readSetAside();
const normalize = (text: string) => normalizeText(text).text;

const results: Result[] = [];
let inferMs = 0;
for (const [folder, dir] of [
  ['training', callsDir],
  ...extraDirs,
  ...(devOnly ? [] : [['fixtures', fixturesDir] as const]),
] as const) {
  const fixture = folder === 'fixtures';
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.gold.json'))
    .filter((f) => !devOnly || !setAside.has(basename(f, '.json')))
    .sort();
  for (const f of files) {
    const data = JSON.parse(readFileSync(join(dir, f), 'utf8')) as Record<string, unknown>;
    const gold = String(data.industry);
    delete data.industry;
    const draft = parseTranscriptDraft(data);
    const t = performance.now();
    const inference = infer(draft.utterances, { normalize, thresholds: { minScore: 0, minMargin: 0 } });
    inferMs += performance.now() - t;
    const name = basename(f, '.json');
    results.push({ name, gold, setAside: !fixture && setAside.has(name), fixture, folder, inference });
  }
}

/** The decision of a result under given thresholds (the inference ran with none). */
function decide(r: Result, minScore: number, minMargin: number): string | null {
  const top = r.inference.candidates[0];
  if (!top || top.score < minScore || r.inference.margin < minMargin) return null;
  return top.industry;
}
const { minScore, minMargin } = DEFAULT_THRESHOLDS;
const predicted = (r: Result) => decide(r, minScore, minMargin);

const pct = (n: number, d: number) => (d === 0 ? '—' : `${((100 * n) / d).toFixed(1)}%`);
function line(label: string, rs: readonly Result[]): string {
  const decided = rs.filter((r) => predicted(r) !== null);
  const right = decided.filter((r) => predicted(r) === r.gold);
  const top1 = rs.filter((r) => r.inference.candidates[0]?.industry === r.gold);
  return [
    label.padEnd(34),
    String(rs.length).padStart(5),
    `${pct(decided.length, rs.length)} (${decided.length})`.padStart(14),
    `${pct(right.length, rs.length)} (${right.length})`.padStart(14),
    `${pct(decided.length - right.length, rs.length)} (${decided.length - right.length})`.padStart(12),
    `${pct(top1.length, rs.length)}`.padStart(8),
  ].join(' ');
}

const training = results.filter((r) => r.folder === 'training');
const team = results.filter((r) => r.folder === 'team');
const candidate = results.filter((r) => r.folder === 'candidate');
const groups: [string, Result[]][] = [
  ['training/calls 全部 all', training],
  ['  未留出 not set aside', training.filter((r) => !r.setAside)],
  ['  留出 set aside (SET-ASIDE.txt)', training.filter((r) => r.setAside)],
  ['training/team-calls', team],
  ['training/candidate-calls', candidate],
  ['tests/fixtures/calls', results.filter((r) => r.fixture)],
];
/** The calls thresholds and rules may be chosen on: training calls not set aside, team, candidate. */
const dev = [...training.filter((r) => !r.setAside), ...team, ...candidate];

console.log('行业推断评测 industry inference (industry removed from every call)\n');
console.log(
  `编译 ${lexicons.length} 个词库 compile: ${compileMs.toFixed(0)} ms; 推断 inference: ${(inferMs / results.length).toFixed(2)} ms/call over ${results.length} calls`,
);
console.log(
  `阈值 thresholds: minScore ${minScore}, minMargin ${minMargin} (set on the ${dev.length} readable calls: training not set aside, team, candidate)\n`,
);
console.log(
  `${'calls'.padEnd(34)} ${'n'.padStart(5)} ${'coverage'.padStart(14)} ${'accuracy'.padStart(14)} ${'wrong'.padStart(12)} ${'top-1'.padStart(8)}`,
);
for (const [label, rs] of groups) console.log(line(label, rs));
console.log(
  '\ncoverage = decided / n; accuracy = right / n (undecided counts as a miss); wrong = decided but wrong;',
);
console.log('top-1 = the best candidate is right whatever the thresholds.\n');

console.log('金标行业分布 gold counts (training all / set aside / fixtures)');
for (const id of registry.industries()) {
  const n = (rs: readonly Result[]) => rs.filter((r) => r.gold === id).length;
  const perIndustry = training.filter((r) => r.gold === id);
  const right = perIndustry.filter((r) => predicted(r) === id).length;
  console.log(
    `  ${id.padEnd(24)} ${String(n(training)).padStart(3)} ${String(n(training.filter((r) => r.setAside))).padStart(3)} ${String(n(results.filter((r) => r.fixture))).padStart(3)}   right ${right}/${perIndustry.length}`,
  );
}

console.log('\n误判与待确认 misses on the calls anyone may read (training not set aside, team, candidate)');
for (const r of dev.filter((x) => predicted(x) !== x.gold)) {
  const [a, b] = r.inference.candidates;
  const p = predicted(r);
  const evidence = (a?.evidence ?? [])
    .slice(0, 4)
    .map((e) => `${e.term}×${e.count}`)
    .join(' ');
  console.log(
    `  ${r.name.padEnd(18)} gold ${r.gold.padEnd(22)} ${p ? `→ ${p}` : '待确认 undecided'}  [${a?.industry ?? '—'} ${a?.probability ?? 0} / ${b?.industry ?? '—'} ${b?.probability ?? 0}, score ${a?.score ?? 0}] ${evidence}`,
  );
}

for (const [label, honest] of [
  ['留出通话的混淆（仅计数） set-aside confusions', training.filter((x) => x.setAside)],
  ['tests/fixtures/calls 的混淆（仅计数） fixture confusions', results.filter((x) => x.fixture)],
] as const) {
  if (honest.length === 0) continue;
  console.log(`\n${label} (counts only; these calls are not read)`);
  const confusions = new Map<string, number>();
  for (const r of honest.filter((x) => predicted(x) !== x.gold)) {
    const key = `${r.gold} → ${predicted(r) ?? '待确认 undecided'}`;
    confusions.set(key, (confusions.get(key) ?? 0) + 1);
  }
  if (confusions.size === 0) console.log('  (none)');
  for (const [key, n] of [...confusions].sort()) console.log(`  ${key}: ${n}`);
}

console.log(
  '\n阈值扫描 threshold sweep on the readable calls: right/wrong decisions (chosen: most right − wrong,',
);
console.log(
  '  ties to the larger thresholds; a wrong industry is analysed silently, an undecided one is asked)',
);
const margins = [0, 0.01, 0.02, 0.03, 0.05, 0.1, 0.2, 0.3];
let best = { utility: Number.NEGATIVE_INFINITY, minScore: 0, minMargin: 0 };
console.log(`  ${'minScore'.padEnd(9)}${margins.map((m) => `≥${m.toFixed(2)}`.padStart(8)).join('')}`);
for (const ms of [0, 5, 7, 9, 11, 13, 15]) {
  const cells: string[] = [];
  for (const mm of margins) {
    let right = 0;
    let wrong = 0;
    for (const r of dev) {
      const p = decide(r, ms, mm);
      if (p === null) continue;
      if (p === r.gold) right++;
      else wrong++;
    }
    if (right - wrong >= best.utility) best = { utility: right - wrong, minScore: ms, minMargin: mm };
    const mark = ms === minScore && mm === minMargin ? '*' : ' ';
    cells.push(`${mark}${right}/${wrong}`.padStart(8));
  }
  console.log(`  ${String(ms).padEnd(9)}${cells.join('')}`);
}
console.log(
  `  best on these calls: minScore ${best.minScore}, minMargin ${best.minMargin} (right − wrong = ${best.utility}); * = shipped`,
);
