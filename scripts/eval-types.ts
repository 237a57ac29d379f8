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
// The objection-type head (pipeline/learned/type-head.ts) is trained per fold on the objections
// of the other folds' training calls and candidate calls (training/candidate-calls, never in the
// second stage's training) and its choice of types is compared with the analysis's own, on the
// training-source calls and on the candidate calls separately, under several policies (the head
// alone, added to the analysis's types, dropping types it finds unlikely, and a head stacked on the
// types the rules alone gave the utterance), with the wrong types each adds beside its accuracy.
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
import type { LabelledCall } from '../pipeline/eval/run-eval.js';
import { evaluateCalls } from '../pipeline/eval/run-eval.js';
import { readSetAside } from '../pipeline/eval/set-aside.js';
import { usesWords } from '../pipeline/learned/features.js';
import type { SecondStage } from '../pipeline/learned/second-stage.js';
import { DEFAULT_TRAIN_OPTIONS } from '../pipeline/learned/train.core.js';
import { readLabelledCallsExcept, readTrainingCalls } from '../pipeline/learned/training-data.js';
import { parseTypeHead, TypeHead, typeHeadFeatures } from '../pipeline/learned/type-head.js';
import { serializeTypeHead } from '../pipeline/learned/type-head.schema.js';
import {
  type TypeExample,
  trainTypeHead,
  typeExamplesOf,
  versionedTypeHead,
} from '../pipeline/learned/type-head.train.js';
import { createJiebaSegmenter } from '../pipeline/nlp/jieba.js';
import { cachedFoldModel, foldModelKey, industryFolds } from './fold-support.js';

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
const candidates = readLabelledCallsExcept(
  join(root, 'training', 'candidate-calls'),
  readSetAside(join(root, 'training', 'SET-ASIDE.txt')),
);
const { foldOf } = industryFolds(calls, FOLDS);
const dataKey = foldModelKey(root, calls);
const cacheDir = join(tmpdir(), 'tingjian-eval-types');
mkdirSync(cacheDir, { recursive: true });

function foldModel(k: number): SecondStage {
  const file = join(cacheDir, `fold-${k}-of-${FOLDS}-${dataKey}.json`);
  const train = calls.filter((c) => foldOf.get(c.transcript.industry) !== k);
  return cachedFoldModel(file, train, options, modelCut, retrain, `fold ${k}`);
}

const models = Array.from({ length: FOLDS }, (_, k) => foldModel(k));

/** Type heads per fold: trained on the other folds' objections, with or without the candidate calls. */
const typeHeadKey = createHash('sha256')
  .update(
    ['type-head.ts', 'type-head.train.ts', 'type-head.schema.ts', 'features.ts', 'logistic.core.ts']
      .map((f) => readFileSync(join(root, 'pipeline', 'learned', f), 'utf8'))
      .join('\n'),
  )
  .update(readFileSync(join(root, 'pipeline', 'nlp', 'objection.patterns.ts'), 'utf8'))
  .update(JSON.stringify([...calls, ...candidates].map((c) => [c.name, c.gold, c.transcript.utterances])))
  .digest('hex')
  .slice(0, 12);

function foldTypeHead(k: number, withCandidates: boolean): TypeHead {
  const file = join(
    cacheDir,
    `type-head-${k}-of-${FOLDS}-${withCandidates ? 'cand' : 'nocand'}-${typeHeadKey}.json`,
  );
  if (!retrain && existsSync(file)) return new TypeHead(parseTypeHead(readFileSync(file, 'utf8'), file), cut);
  const t0 = performance.now();
  const train = [...calls, ...(withCandidates ? candidates : [])].filter(
    (c) => foldOf.get(c.transcript.industry) !== k,
  );
  const trained = trainTypeHead(
    typeExamplesOf(train, cut),
    train.map((c) => c.name),
  );
  const model = versionedTypeHead(trained, undefined);
  writeFileSync(file, serializeTypeHead(model));
  console.log(
    `  type head fold ${k} (${withCandidates ? 'with' : 'without'} candidates): ${trained.figures.objections} objections, ` +
      `${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  return new TypeHead(model, cut);
}
const heads = {
  withCandidates: Array.from({ length: FOLDS }, (_, k) => foldTypeHead(k, true)),
  withoutCandidates: Array.from({ length: FOLDS }, (_, k) => foldTypeHead(k, false)),
};

type Cases = Record<Mode, EvalCase[]>;
async function run(
  set: readonly LabelledCall[],
  withModel: boolean,
): Promise<{ cases: Cases; reports: Record<Mode, ModeReport> }> {
  const analyzers = models.map(
    (m) => new Analyzer({ lexicons, lexiconDir, cut, ...(withModel ? { secondStage: m } : {}) }),
  );
  const { report, cases } = await evaluateCalls(set, (t) => analyzers[foldOf.get(t.industry)!]!.analyze(t));
  return {
    cases: { punctuated: cases.punctuated, unpunctuated: cases.unpunctuated },
    reports: { punctuated: report.modes.punctuated, unpunctuated: report.modes.unpunctuated },
  };
}

type TypeSets = (
  u: { id: string; index: number },
  predicted: ReadonlySet<string>,
  c: EvalCase,
) => Set<string>;

/**
 * Per type over utterances with both gold and predicted objections: [gold types found, gold
 * types, predicted types not in the gold]. `typesOf` may replace the analysis's types.
 */
function perType(cases: readonly EvalCase[], typesOf?: TypeSets): Record<string, [number, number, number]> {
  const out: Record<string, [number, number, number]> = Object.fromEntries(
    OBJECTION_TYPES.map((t) => [t, [0, 0, 0]]),
  );
  for (const c of cases) {
    const { gold, analysis } = c;
    analysis.utterances.forEach((u, index) => {
      const g = new Set<string>((gold.utterances[u.id] ?? []).filter((l) => l.startsWith('objection.')));
      if (g.size === 0) return;
      let p = new Set<string>(
        analysis.findings
          .filter((f) => f.utteranceId === u.id && f.label.startsWith('objection.'))
          .map((f) => f.label),
      );
      if (p.size === 0) return;
      if (typesOf) p = typesOf({ id: u.id, index }, p, c);
      for (const l of g) {
        const cell = out[l.slice('objection.'.length)]!;
        cell[1]++;
        if (p.has(l)) cell[0]++;
      }
      for (const l of p) if (!g.has(l)) out[l.slice('objection.'.length)]![2]++;
    });
  }
  return out;
}

/** The type head's reading of an utterance of a case (the previous turn of the other speaker too). */
function headReading(head: TypeHead[], u: { index: number }, c: EvalCase) {
  const us = c.analysis.utterances;
  let j = u.index - 1;
  while (j >= 0 && us[j]!.speaker === us[u.index]!.speaker) j--;
  const h = head[foldOf.get(c.analysis.industry)!]!;
  return h.read(us[u.index]!.text, j >= 0 ? us[j]!.text : undefined);
}

function headTypes(head: TypeHead[], u: { index: number }, c: EvalCase): Set<string> {
  return new Set(headReading(head, u, c).types.map((t) => `objection.${t}`));
}

/** The analysis's types plus the head's likeliest type when its probability reaches `p`. */
function plusSureTop(p: number): TypeSets {
  return (u, types, c) => {
    const r = headReading(heads.withCandidates, u, c);
    const top = r.types[0]!;
    const out = new Set(types);
    if (r.probabilities[top] >= p) out.add(`objection.${top}`);
    return out;
  };
}

/** The analysis's single type replaced by the head's likeliest when the head is sure and rejects it. */
function switchSure(p: number): TypeSets {
  return (u, types, c) => {
    if (types.size !== 1) return new Set(types);
    const r = headReading(heads.withCandidates, u, c);
    const top = r.types[0]!;
    const mine = [...types][0]!.slice('objection.'.length) as (typeof OBJECTION_TYPES)[number];
    if (r.probabilities[top] >= p && r.probabilities[mine] < 1 - p) return new Set([`objection.${top}`]);
    return new Set(types);
  };
}

/** The analysis's types without those the head finds unlikely (under `p`), one type kept at least. */
function dropUnlikely(p: number): TypeSets {
  return (u, types, c) => {
    if (types.size < 2) return new Set(types);
    const r = headReading(heads.withCandidates, u, c);
    const kept = [...types].filter(
      (l) => r.probabilities[l.slice('objection.'.length) as (typeof OBJECTION_TYPES)[number]] >= p,
    );
    return new Set(kept.length > 0 ? kept : types);
  };
}

const POLICIES: Record<string, TypeSets | undefined> = {
  analysis: undefined,
  'head (+cand)': (u, _p, c) => headTypes(heads.withCandidates, u, c),
  'head (no cand)': (u, _p, c) => headTypes(heads.withoutCandidates, u, c),
  'analysis ∪ head': (u, p, c) => new Set([...p, ...headTypes(heads.withCandidates, u, c)]),
  'head, analysis if 1': (u, p, c) => {
    // The head's types where the analysis found one type only; the analysis's several types stand.
    if (p.size > 1) return new Set(p);
    return headTypes(heads.withCandidates, u, c);
  },
  'analysis + top≥0.5': plusSureTop(0.5),
  'analysis + top≥0.7': plusSureTop(0.7),
  'analysis + top≥0.9': plusSureTop(0.9),
  'switch if sure 0.7': switchSure(0.7),
  'switch if sure 0.8': switchSure(0.8),
  'drop <0.05': dropUnlikely(0.05),
  'drop <0.1': dropUnlikely(0.1),
};

const f3 = (x: number) => x.toFixed(3);
const sum = (x: Record<string, [number, number, number]>) =>
  Object.values(x).reduce((s, [f, g, w]) => [s[0]! + f, s[1]! + g, s[2]! + w], [0, 0, 0]);

type Run = Awaited<ReturnType<typeof run>>;
const runs = {
  calls: { rules: await run(calls, false), full: await run(calls, true) },
  candidates: { rules: await run(candidates, false), full: await run(candidates, true) },
};

/** Objection types of an utterance in an analysis (`objection.price` …). */
function typesIn(c: EvalCase, id: string): string[] {
  return c.analysis.findings
    .filter((f) => f.utteranceId === id && f.label.startsWith('objection.'))
    .map((f) => f.label);
}

/** Features of the stacked head: the type head's, plus the types the rules alone gave the utterance. */
function stackedFeatures(c: EvalCase, index: number, rulesCase: EvalCase): string[] {
  const us = c.analysis.utterances;
  let j = index - 1;
  while (j >= 0 && us[j]!.speaker === us[index]!.speaker) j--;
  const own = rulesCase.analysis.utterances[index]!;
  const ruled = typesIn(rulesCase, own.id).map((l) => `rt:${l.slice('objection.'.length)}`);
  return [
    ...typeHeadFeatures(us[index]!.text, j >= 0 ? us[j]!.text : undefined, cut),
    ...(ruled.length > 0 ? ruled : ['rt:none']),
  ].sort();
}

/** Stacked heads per fold, trained on the rules' punctuated analyses of the other folds' calls. */
const stacked = Array.from({ length: FOLDS }, (_, k) => {
  const t0 = performance.now();
  const examples: TypeExample[] = [];
  const names: string[] = [];
  for (const cases of [runs.calls.rules.cases.punctuated, runs.candidates.rules.cases.punctuated]) {
    for (const c of cases) {
      if (foldOf.get(c.analysis.industry) === k) continue;
      names.push(c.name);
      c.analysis.utterances.forEach((u, index) => {
        const types = OBJECTION_TYPES.filter((t) =>
          (c.gold.utterances[u.id] ?? []).includes(`objection.${t}`),
        );
        if (types.length === 0 || u.speaker !== 'customer') return;
        examples.push({
          call: c.name,
          group: c.analysis.industry,
          features: stackedFeatures(c, index, c),
          types,
        });
      });
    }
  }
  const head = new TypeHead(versionedTypeHead(trainTypeHead(examples, names), undefined), cut);
  console.log(
    `  stacked head fold ${k}: ${examples.length} objections, ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  return head;
});

function stackedPolicy(rulesCases: readonly EvalCase[]): TypeSets {
  const byName = new Map(rulesCases.map((c) => [c.name, c]));
  return (u, _p, c) => {
    const head = stacked[foldOf.get(c.analysis.industry)!]!;
    const r = head.readFeatures(stackedFeatures(c, u.index, byName.get(c.name)!));
    return new Set(r.types.map((t) => `objection.${t}`));
  };
}

function report(
  name: string,
  set: readonly LabelledCall[],
  { rules, full }: { rules: Run; full: Run },
): void {
  console.log(`\n=== ${name}: industry-grouped ${FOLDS}-fold CV over ${set.length} calls`);
  for (const m of MODES) {
    console.log(`\n${m}                 rules     +model`);
    const row = (label: string, get: (r: ModeReport) => number) =>
      console.log(
        `  ${label.padEnd(22)}${f3(get(rules.reports[m])).padStart(7)}${f3(get(full.reports[m])).padStart(10)}`,
      );
    row('objection P', (r) => r.objection.precision);
    row('objection R', (r) => r.objection.recall);
    row('objection F1', (r) => r.objection.f1);
    row('type accuracy', (r) => r.objectionTypeAccuracy);
    row('resolved accuracy', (r) => r.objectionResolvedAccuracy);
    row('question F1', (r) => r.question.f1);
    const a = perType(rules.cases[m]);
    const b = perType(full.cases[m]);
    console.log(`  found/gold/extra       ${sum(a).join('/').padStart(9)}${sum(b).join('/').padStart(12)}`);
    for (const t of OBJECTION_TYPES) {
      console.log(`    ${t.padEnd(20)}${a[t]!.join('/').padStart(9)}${b[t]!.join('/').padStart(12)}`);
    }
    console.log(`  types of the +model objections, by policy (found/gold/extra, accuracy):`);
    const policies = { ...POLICIES, 'stacked on rules': stackedPolicy(rules.cases[m]) };
    const byPolicy = Object.entries(policies).map(([p, fn]) => [p, perType(full.cases[m], fn)] as const);
    for (const [p, x] of byPolicy) {
      const [f, g, w] = sum(x);
      const precision = f! / (f! + w!);
      const recall = f! / g!;
      console.log(
        `    ${p.padEnd(22)}${sum(x).join('/').padStart(12)}  accuracy ${f3(recall)}  precision ${f3(precision)}  F1 ${f3((2 * precision * recall) / (precision + recall))}`,
      );
    }
    console.log(`    per type:              ${byPolicy.map(([p]) => p.slice(0, 14).padStart(15)).join('')}`);
    for (const t of OBJECTION_TYPES) {
      console.log(`      ${t.padEnd(18)}${byPolicy.map(([, x]) => x[t]!.join('/').padStart(15)).join('')}`);
    }
  }
}

report('training-source calls', calls, runs.calls);
report('candidate calls', candidates, runs.candidates);
