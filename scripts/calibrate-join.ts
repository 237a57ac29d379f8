// Calibrates how the analysis joins the learned second stage to the rules (pipeline/learned/join.ts):
// per label (objection, need.implicit, need.explicit, next_step) the model-only addition threshold
// and the veto threshold, by industry-grouped cross-validation of the FULL analysis. Prints
// numbers only; asserts nothing; writes nothing in the repository.
//  1. The 21 industries of the training calls (set-aside calls never read) are dealt to 7 folds in
//     sorted order (as scripts/eval-types.ts); each fold's model is trained as `npm run train` does
//     (its own inner cross-validation included) on the other folds' calls, and the held-out calls
//     are analysed with the shipped lexicons and that model: out-of-fold analyses.
//  2. Sweep: one analysis of every call without vetoes or additions (the rules), one per addition
//     threshold (no vetoes) and one per veto threshold (no additions), as written and without
//     punctuation. Per utterance an addition only changes utterances where no rule fired and a veto
//     only those where one did, so every (add, veto) pair is scored by combining the two runs'
//     utterances; the chosen pair is then checked with one exact run.
//  3. The pair is chosen per label by chooseJoin (join.ts), the rule stated before any figure:
//     maximise the pooled out-of-fold F1 (mean of the two modes; with --sweep-noise of the noised
//     modes too), smoothed over neighbouring addition thresholds; ties to the higher addition
//     threshold, then the lower veto threshold.
//  4. Validation on training/candidate-calls (never trained on): a model trained on every training
//     call, the fallback join vs the chosen one, as written, unpunctuated and noised (seeds other
//     than 1: --noise 7,8,9).
// Fold models are cached in $TMPDIR/tingjian-calibrate-join (keyed by data, options and code).
// Usage: calibrate-join [--sound 2] [--noise 7,8,9] [--no-candidates] [--retrain]
//   [--reply off|bigrams|words|both] [--reply-for label,…] [--join-labels label,…] [--sweep-noise]
//   [--join '<thresholds JSON for the --join-labels>'] (no sweep: these thresholds are the chosen ones)
// (--reply / --reply-for: the models read the reply, as scripts/eval-augment.ts; --join-labels: only
// these labels take the chosen thresholds in the exact runs, the others keep the fallback join.)
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultLexiconDir, LexiconRegistry } from '../lexicons/lexicon.registry.js';
import type { Transcript } from '../models/transcript.js';
import { Analyzer } from '../pipeline/analyzer.js';
import { type EvalCase, evaluateMode, type ModeReport } from '../pipeline/eval/evaluate.core.js';
import { addAsrNoise } from '../pipeline/eval/noise.js';
import { type LabelledCall, readLabelledCalls, unpunctuated } from '../pipeline/eval/run-eval.js';
import { usesWords } from '../pipeline/learned/features.js';
import { chooseJoin, JOIN_LABELS, type JoinLabel, type JoinThresholds } from '../pipeline/learned/join.js';
import type { SecondStage } from '../pipeline/learned/second-stage.js';
import { DEFAULT_TRAIN_OPTIONS, type TrainOptions } from '../pipeline/learned/train.core.js';
import { readTrainingCalls } from '../pipeline/learned/training-data.js';
import type { SecondStageModel as AnalysisModel } from '../pipeline/nlp/detector.js';
import { createJiebaSegmenter } from '../pipeline/nlp/jieba.js';
import { cachedFoldModel, foldModelKey, industryFolds, replyNote, withReplyArgs } from './fold-support.js';

const FOLDS = 7;
const ADD_GRID = Array.from({ length: 17 }, (_, k) => Math.round((0.15 + 0.05 * k) * 100) / 100);
const VETO_GRID = [0, 0.01, 0.02, 0.03, 0.05, 0.08, 0.12, 0.2, 0.3] as const;
/** An addition threshold no probability reaches: no model findings. */
const NEVER = 1.01;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const argValue = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const soundArg = argValue('--sound');
const noiseSeeds = (argValue('--noise') ?? '7,8,9').split(',').map(Number);
if (noiseSeeds.some((s) => !Number.isSafeInteger(s) || s === 1))
  throw new Error('--noise takes integer seeds other than 1 (seed 1 is the honest runs’)');
// --join '{"objection":{"add":0.25,"veto":0.05},…}': these thresholds, no sweep.
const joinArg = argValue('--join');
const fixedJoin =
  joinArg === undefined ? undefined : (JSON.parse(joinArg) as Record<JoinLabel, JoinThresholds>);
const joinLabels = (argValue('--join-labels')?.split(',') ?? [...JOIN_LABELS]) as JoinLabel[];
if (joinLabels.some((l) => !JOIN_LABELS.includes(l)))
  throw new Error(`--join-labels takes labels among ${JOIN_LABELS.join(', ')}`);
if (fixedJoin && joinLabels.some((l) => typeof fixedJoin[l]?.add !== 'number'))
  throw new Error(`--join takes thresholds for every label of --join-labels (${joinLabels.join(', ')})`);
const soundConfig =
  soundArg === undefined
    ? DEFAULT_TRAIN_OPTIONS.config
    : { ...DEFAULT_TRAIN_OPTIONS.config, sound: soundArg === 'none' ? [] : soundArg.split(',').map(Number) };
// The join is what is calibrated here: fold models carry none.
const options: TrainOptions = withReplyArgs(
  { ...DEFAULT_TRAIN_OPTIONS, config: soundConfig, join: {} },
  args,
);
const started = performance.now();
const seconds = (from: number) => ((performance.now() - from) / 1000).toFixed(1);
const cut = createJiebaSegmenter();
const modelCut = usesWords(options.config) ? cut : undefined;
const lexicons = LexiconRegistry.fromDirectory();
const lexiconDir = defaultLexiconDir();
const calls = readTrainingCalls(root);
const { industries, foldOf } = industryFolds(calls, FOLDS);
const dataKey = foldModelKey(root, calls, options);
const cacheDir = join(tmpdir(), 'tingjian-calibrate-join');
console.log(`Fold model cache key ${dataKey}`);
mkdirSync(cacheDir, { recursive: true });

/** A model trained on `train` (as npm run train does), cached under `name`. */
function trainedModel(name: string, train: readonly LabelledCall[]): SecondStage {
  const file = join(cacheDir, `${name}-${dataKey}.json`);
  return cachedFoldModel(file, train, options, modelCut, args.includes('--retrain'), name);
}

/**
 * A model seen through a join policy: `fallback` (no calibrated join: second-stage.ts's default
 * from the model's thresholds) or explicit thresholds for every join label.
 */
class JoinPolicy implements AnalysisModel {
  readonly version: string;
  constructor(
    private readonly inner: SecondStage,
    private readonly join: 'fallback' | Readonly<Partial<Record<JoinLabel, JoinThresholds>>>,
  ) {
    this.version = inner.version;
  }
  predictCall(utterances: readonly { speaker: 'rep' | 'customer'; text: string }[]) {
    return this.inner.predictCall(utterances);
  }
  thresholdOf(label: string): number {
    return this.inner.thresholdOf(label);
  }
  joinOf(label: string): JoinThresholds | undefined {
    return this.join === 'fallback' ? undefined : this.join[label as JoinLabel];
  }
  explain(
    utterances: readonly { speaker: 'rep' | 'customer'; text: string }[],
    i: number,
    label: string,
    k?: number,
  ) {
    return this.inner.explain(utterances, i, label, k);
  }
}

const uniform = (t: JoinThresholds) =>
  Object.fromEntries(JOIN_LABELS.map((l) => [l, t])) as Record<JoinLabel, JoinThresholds>;

type Transform = { name: string; apply: (t: Transcript, call: LabelledCall) => Transcript };
const PUNCTUATED: Transform = { name: 'punctuated', apply: (t) => t };
const UNPUNCTUATED: Transform = { name: 'unpunctuated', apply: (t) => unpunctuated(t) };
const NOISED: Transform[] = noiseSeeds.map((seed) => ({
  name: `noise ${seed}`,
  apply: (t, call) => addAsrNoise(t, seed, { callId: call.name, cut }),
}));

/** Analyses every call of `set` by the analyzer `analyzerOf` picks for it, in each transform. */
function analyzeAll(
  set: readonly LabelledCall[],
  analyzerOf: (call: LabelledCall) => Analyzer,
  transforms: readonly Transform[],
): EvalCase[][] {
  return transforms.map((tr) =>
    set.map((c) => ({
      name: c.name,
      gold: c.gold,
      analysis: analyzerOf(c).analyze(tr.apply(c.transcript, c)),
    })),
  );
}

/** Per case, per utterance, per join label: [gold, predicted] counts as evaluateMode counts them. */
type Counts = Map<string, [number, number]>[][];
function countsOf(cases: readonly EvalCase[]): Counts {
  return cases.map(({ gold, analysis }) =>
    analysis.utterances.map((u) => {
      const g = gold.utterances[u.id] ?? [];
      const p = analysis.findings.filter((f) => f.utteranceId === u.id).map((f) => f.label as string);
      const m = new Map<string, [number, number]>();
      for (const l of JOIN_LABELS) {
        if (l === 'objection') {
          m.set(l, [
            g.some((x) => x.startsWith('objection.')) ? 1 : 0,
            p.some((x) => x.startsWith('objection.')) ? 1 : 0,
          ]);
        } else m.set(l, [g.filter((x) => x === l).length, p.filter((x) => x === l).length]);
      }
      return m;
    }),
  );
}

/** F1 of `label` where rule-fired utterances (in `rules`) read `vetoed` and the others `added`. */
function combinedF1(
  label: JoinLabel,
  rules: Counts,
  added: Counts,
  vetoed: Counts,
): [number, number, number] {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [c, call] of rules.entries()) {
    for (const [i, u] of call.entries()) {
      const [g, pr] = u.get(label)!;
      const p = pr > 0 ? vetoed[c]![i]!.get(label)![1] : added[c]![i]!.get(label)![1];
      tp += Math.min(g, p);
      fp += Math.max(p - g, 0);
      fn += Math.max(g - p, 0);
    }
  }
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return [precision, recall, f1];
}

const f3 = (x: number) => x.toFixed(3);

// ---------------------------------------------------------------------------------------------
console.log(
  `Join calibration: ${calls.length} training calls of ${industries.length} industries, ${FOLDS} ` +
    `industry-grouped folds; features ${JSON.stringify({ ngrams: options.config.ngrams, sound: options.config.sound ?? [] })}; ` +
    `reply ${replyNote(options)}`,
);
const folds = Array.from({ length: FOLDS }, (_, k) =>
  trainedModel(
    `fold-${k}-of-${FOLDS}`,
    calls.filter((c) => foldOf.get(c.transcript.industry) !== k),
  ),
);
const foldAnalyzers = (policy: (m: SecondStage) => AnalysisModel | undefined) =>
  folds.map((m) => {
    const secondStage = policy(m);
    return new Analyzer({ lexicons, lexiconDir, cut, ...(secondStage ? { secondStage } : {}) });
  });
const oof = (policy: (m: SecondStage) => AnalysisModel | undefined, transforms: readonly Transform[]) => {
  const analyzers = foldAnalyzers(policy);
  return analyzeAll(calls, (c) => analyzers[foldOf.get(c.transcript.industry)!]!, transforms);
};

// --sweep-noise: the noised modes (seeds of --noise, never 1) are averaged into the chosen F1 too.
const SWEEP_MODES = args.includes('--sweep-noise')
  ? [PUNCTUATED, UNPUNCTUATED, ...NOISED]
  : [PUNCTUATED, UNPUNCTUATED];
const modeHeads = SWEEP_MODES.map((m) => `P/R/F1 ${m.name}`).join('  ');
const chosen = {} as Record<JoinLabel, JoinThresholds>;
if (fixedJoin !== undefined) Object.assign(chosen, fixedJoin);
else {
  const t1 = performance.now();
  const rulesRun = oof((m) => new JoinPolicy(m, uniform({ add: NEVER, veto: 0 })), SWEEP_MODES).map(countsOf);
  const addRuns = ADD_GRID.map((a) =>
    oof((m) => new JoinPolicy(m, uniform({ add: a, veto: 0 })), SWEEP_MODES).map(countsOf),
  );
  const vetoRuns = VETO_GRID.map((v) =>
    oof((m) => new JoinPolicy(m, uniform({ add: NEVER, veto: v })), SWEEP_MODES).map(countsOf),
  );
  console.log(
    `Sweep: ${1 + ADD_GRID.length + VETO_GRID.length} runs × ${SWEEP_MODES.length} modes in ${seconds(t1)} s`,
  );

  for (const label of JOIN_LABELS) {
    const f1 = ADD_GRID.map((_, a) =>
      VETO_GRID.map((_, v) => {
        const per = SWEEP_MODES.map(
          (_, m) => combinedF1(label, rulesRun[m]!, addRuns[a]![m]!, vetoRuns[v]![m]!)[2],
        );
        return per.reduce((s, x) => s + x, 0) / per.length;
      }),
    );
    // need.explicit: the detector never adds one (eval-loio: all wrong), so only its veto is chosen.
    const addGrid = label === 'need.explicit' ? [ADD_GRID.at(-1)!] : ADD_GRID;
    const grid = label === 'need.explicit' ? [f1.at(-1)!] : f1;
    const choice = chooseJoin({ add: addGrid, veto: [...VETO_GRID], f1: grid });
    chosen[label] = { add: choice.add, veto: choice.veto };
    const a0 = ADD_GRID.indexOf(choice.add);
    const v0 = VETO_GRID.indexOf(choice.veto as (typeof VETO_GRID)[number]);
    console.log(
      `\n${label}: chosen add ${choice.add}, veto ${choice.veto} (pooled OOF F1 ${f3(choice.f1)}, smoothed ${f3(choice.score)})`,
    );
    const pr = (a: number, v: number) =>
      SWEEP_MODES.map((_, m) => {
        const [p, r, f] = combinedF1(label, rulesRun[m]!, addRuns[a]![m]!, vetoRuns[v]![m]!);
        return `${f3(p)}/${f3(r)}/${f3(f)}`;
      }).join('  ');
    if (label !== 'need.explicit') {
      console.log(`  add curve at veto ${choice.veto}: add  mean-F1  ${modeHeads}`);
      for (const [k, a] of ADD_GRID.entries())
        console.log(`    ${a.toFixed(2)}  ${f3(f1[k]![v0]!)}  ${pr(k, v0)}`);
    }
    console.log(`  veto curve at add ${choice.add}: veto  mean-F1  ${modeHeads}`);
    for (const [k, v] of VETO_GRID.entries())
      console.log(`    ${v.toFixed(2)}  ${f3(f1[a0]![k]!)}  ${pr(a0, k)}`);
  }
}
const shipped = Object.fromEntries(joinLabels.map((l) => [l, chosen[l]])) as Partial<
  Record<JoinLabel, JoinThresholds>
>;
console.log(`\nChosen join (paste into pipeline/learned/join.ts): ${JSON.stringify(shipped)}`);

// ---------------------------------------------------------------------------------------------
// Exact runs: rules alone, fallback join, chosen join; out of fold, then on the candidate calls.

interface Row {
  name: string;
  value: (r: ModeReport) => number;
}
const ROWS: Row[] = [
  { name: 'objection F1', value: (r) => r.objection.f1 },
  { name: 'objection P', value: (r) => r.objection.precision },
  { name: 'objection R', value: (r) => r.objection.recall },
  { name: 'type accuracy', value: (r) => r.objectionTypeAccuracy },
  { name: 'resolved acc.', value: (r) => r.objectionResolvedAccuracy },
  { name: 'implicit need F1', value: (r) => r.implicitNeed.f1 },
  { name: 'implicit need P', value: (r) => r.implicitNeed.precision },
  { name: 'implicit need R', value: (r) => r.implicitNeed.recall },
  { name: 'identified acc.', value: (r) => r.implicitNeedIdentifiedAccuracy },
  { name: 'need.explicit F1', value: (r) => r.labels['need.explicit'].f1 },
  { name: 'next_step F1', value: (r) => r.labels.next_step.f1 },
  { name: 'tags F1', value: (r) => r.tags.f1 },
  { name: 'question F1', value: (r) => r.question.f1 },
];

function printTable(
  title: string,
  set: readonly LabelledCall[],
  runs: Record<string, EvalCase[][]>,
  modes: readonly Transform[],
): void {
  const gold = (l: string) =>
    set.reduce(
      (s, c) =>
        s +
        Object.values(c.gold.utterances).filter((ls) =>
          ls.some((x) => (l === 'objection' ? x.startsWith('objection.') : x === l)),
        ).length,
      0,
    );
  console.log(
    `\n${title} (gold utterances: objection ${gold('objection')}, need.implicit ${gold('need.implicit')}, ` +
      `need.explicit ${gold('need.explicit')}, next_step ${gold('next_step')})`,
  );
  const names = Object.keys(runs);
  for (const [m, tr] of modes.entries()) {
    console.log(`  ${tr.name.padEnd(20)}${names.map((n) => n.padStart(11)).join('')}`);
    const reports = names.map((n) => evaluateMode(runs[n]![m]!));
    for (const row of ROWS)
      console.log(`    ${row.name.padEnd(18)}${reports.map((r) => f3(row.value(r)).padStart(11)).join('')}`);
  }
}

const VALIDATION_MODES = [PUNCTUATED, UNPUNCTUATED, ...NOISED];
const t2 = performance.now();
printTable(
  `Out of fold, ${calls.length} training calls (rules written reading most of them: the rules column is optimistic)`,
  calls,
  {
    rules: oof(() => undefined, VALIDATION_MODES),
    fallback: oof((m) => new JoinPolicy(m, 'fallback'), VALIDATION_MODES),
    chosen: oof((m) => new JoinPolicy(m, shipped), VALIDATION_MODES),
  },
  VALIDATION_MODES,
);
console.log(`  (${seconds(t2)} s)`);

if (!args.includes('--no-candidates')) {
  const candidates = readLabelledCalls(join(root, 'training', 'candidate-calls'));
  const full = trainedModel('all', calls);
  const analyzer = (m?: AnalysisModel) =>
    new Analyzer({ lexicons, lexiconDir, cut, ...(m ? { secondStage: m } : {}) });
  const rulesA = analyzer();
  const fallbackA = analyzer(new JoinPolicy(full, 'fallback'));
  const chosenA = analyzer(new JoinPolicy(full, shipped));
  printTable(
    `Candidate calls (${candidates.length}, never trained on), model trained on all ${calls.length} training calls`,
    candidates,
    {
      rules: analyzeAll(candidates, () => rulesA, VALIDATION_MODES),
      fallback: analyzeAll(candidates, () => fallbackA, VALIDATION_MODES),
      chosen: analyzeAll(candidates, () => chosenA, VALIDATION_MODES),
    },
    VALIDATION_MODES,
  );
}
console.log(`\nTotal ${seconds(started)} s`);
