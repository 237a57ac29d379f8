// Objection figures of the FULL analysis (rules + second stage) under industry-grouped k-fold
// cross-validation, quicker than eval-loio: the 21 industries are dealt to 7 folds in sorted
// order; each fold's second stage is trained exactly as scripts/train.ts does on the calls of the
// other folds (every training source, set-aside calls never read) and the held-out calls are
// analysed with the shipped lexicons and that model. Prints objection F1, type accuracy (with the
// number of gold types it is computed over), per-type recall of the type decision, resolved
// accuracy and question F1, punctuated and unpunctuated, next to the rules alone.
// CAUTION: the rules were written while reading these calls; only the model part is out of sample.
// Fold models are cached in $TMPDIR/tingjian-eval-types (keyed by the training data and code
// version), so that a change to the join policy is measured without training again.
// Usage: eval-types [--retrain]
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultLexiconDir, LexiconRegistry } from '../lexicons/lexicon.registry.js';
import { OBJECTION_TYPES } from '../lexicons/lexicon.schema.js';
import { Analyzer } from '../pipeline/analyzer.js';
import type { EvalCase, ModeReport } from '../pipeline/eval/evaluate.core.js';
import { evaluateCalls } from '../pipeline/eval/run-eval.js';
import { usesWords } from '../pipeline/learned/features.js';
import { type SecondStageModel, serializeModel, versionedModel } from '../pipeline/learned/model.schema.js';
import { SecondStage } from '../pipeline/learned/second-stage.js';
import { DEFAULT_TRAIN_OPTIONS, examplesOf, trainSecondStage } from '../pipeline/learned/train.core.js';
import { readTrainingCalls } from '../pipeline/learned/training-data.js';
import { createJiebaSegmenter } from '../pipeline/nlp/jieba.js';

const FOLDS = 7;
type Mode = 'punctuated' | 'unpunctuated';
const MODES: readonly Mode[] = ['punctuated', 'unpunctuated'];

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const retrain = process.argv.includes('--retrain');
const options = DEFAULT_TRAIN_OPTIONS;
const cut = createJiebaSegmenter();
const modelCut = usesWords(options.config) ? cut : undefined;
const lexicons = LexiconRegistry.fromDirectory();
const lexiconDir = defaultLexiconDir();
const calls = readTrainingCalls(root);
const industries = [...new Set(calls.map((c) => c.transcript.industry))].sort();
const foldOf = new Map(industries.map((ind, i) => [ind, i % FOLDS]));

const trainingCode = ['features.ts', 'train.core.ts', 'logistic.core.ts', 'labels.ts']
  .map((f) => readFileSync(join(root, 'pipeline', 'learned', f), 'utf8'))
  .join('\n');
const dataKey = createHash('sha256')
  .update(trainingCode)
  .update(JSON.stringify(calls.map((c) => [c.name, c.gold, c.transcript.utterances])))
  .digest('hex')
  .slice(0, 12);
const cacheDir = join(tmpdir(), 'tingjian-eval-types');
mkdirSync(cacheDir, { recursive: true });

function foldModel(k: number): SecondStage {
  const file = join(cacheDir, `fold-${k}-of-${FOLDS}-${dataKey}.json`);
  const make = (m: SecondStageModel) => new SecondStage(m, modelCut ? { cut: modelCut } : {});
  if (!retrain && existsSync(file)) return make(JSON.parse(readFileSync(file, 'utf8')) as SecondStageModel);
  const t0 = performance.now();
  const train = calls.filter((c) => foldOf.get(c.transcript.industry) !== k);
  const trained = trainSecondStage(
    examplesOf(train, options.config, modelCut),
    train.map((c) => c.name),
    options,
  );
  const model = versionedModel(trained, undefined);
  writeFileSync(file, serializeModel(model));
  console.log(
    `  fold ${k}: trained on ${train.length} calls in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  return make(model);
}

const models = Array.from({ length: FOLDS }, (_, k) => foldModel(k));

async function run(
  withModel: boolean,
): Promise<{ cases: Record<Mode, EvalCase[]>; reports: Record<Mode, ModeReport> }> {
  const analyzers = models.map(
    (m) => new Analyzer({ lexicons, lexiconDir, cut, ...(withModel ? { secondStage: m } : {}) }),
  );
  const { report, cases } = await evaluateCalls(calls, (t) => analyzers[foldOf.get(t.industry)!]!.analyze(t));
  return {
    cases: { punctuated: cases.punctuated, unpunctuated: cases.unpunctuated },
    reports: { punctuated: report.modes.punctuated, unpunctuated: report.modes.unpunctuated },
  };
}

/**
 * Per type over utterances with both gold and predicted objections: [gold types found, gold
 * types, predicted types not in the gold].
 */
function perType(cases: readonly EvalCase[]): Record<string, [number, number, number]> {
  const out: Record<string, [number, number, number]> = Object.fromEntries(
    OBJECTION_TYPES.map((t) => [t, [0, 0, 0]]),
  );
  for (const { gold, analysis } of cases) {
    for (const u of analysis.utterances) {
      const g = new Set((gold.utterances[u.id] ?? []).filter((l) => l.startsWith('objection.')));
      if (g.size === 0) continue;
      const p = new Set(
        analysis.findings
          .filter((f) => f.utteranceId === u.id && f.label.startsWith('objection.'))
          .map((f) => f.label),
      );
      if (p.size === 0) continue;
      for (const l of g) {
        const cell = out[l.slice('objection.'.length)]!;
        cell[1]++;
        if (p.has(l)) cell[0]++;
      }
      for (const l of p) if (!g.has(l)) out[l.slice('objection.'.length)]![2]++;
    }
  }
  return out;
}

const f3 = (x: number) => x.toFixed(3);
const t0 = performance.now();
const rules = await run(false);
const full = await run(true);
console.log(
  `Industry-grouped ${FOLDS}-fold CV over ${calls.length} readable calls of ${industries.length} industries ` +
    `(analysis ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
);
for (const m of MODES) {
  console.log(`\n${m}                 rules     +model`);
  const row = (name: string, get: (r: ModeReport) => number) =>
    console.log(
      `  ${name.padEnd(22)}${f3(get(rules.reports[m])).padStart(7)}${f3(get(full.reports[m])).padStart(10)}`,
    );
  row('objection P', (r) => r.objection.precision);
  row('objection R', (r) => r.objection.recall);
  row('objection F1', (r) => r.objection.f1);
  row('type accuracy', (r) => r.objectionTypeAccuracy);
  row('resolved accuracy', (r) => r.objectionResolvedAccuracy);
  row('question F1', (r) => r.question.f1);
  const a = perType(rules.cases[m]);
  const b = perType(full.cases[m]);
  const sum = (x: Record<string, [number, number, number]>) =>
    Object.values(x).reduce((s, [f, g, w]) => [s[0]! + f, s[1]! + g, s[2]! + w], [0, 0, 0]);
  console.log(`  found/gold/extra       ${sum(a).join('/').padStart(9)}${sum(b).join('/').padStart(12)}`);
  for (const t of OBJECTION_TYPES) {
    console.log(`    ${t.padEnd(20)}${a[t]!.join('/').padStart(9)}${b[t]!.join('/').padStart(12)}`);
  }
}
