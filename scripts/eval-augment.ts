// Measures noise-augmented training of the second stage (pipeline/learned/augment.ts) by
// industry-grouped cross-validation of the FULL analysis (rules + each fold's model, the model's own
// thresholds and the default join) and on training/candidate-calls (never trained on, model trained
// on every training call), as written, without punctuation and noised by the evaluation's noise
// (seeds 7, 8, 9 by default; seed 1 is the honest runs' and refused). Prints numbers only; writes
// nothing in the repository. Fold models are cached in $TMPDIR/tingjian-eval-augment, keyed by
// data, options and the training code (scripts/fold-support.ts), so two variants can run apart.
// Usage: eval-augment --copies 0|1|… [--copies-for label,…] [--noise 7,8,9] [--retrain]
//   [--time other-copies] [--heard-markers] [--heard-objections] [--reply off|bigrams|words|both] [--reply-for label,…]
// (--reply: what the models read of the reply, the other speaker's next turn, features.ts
// visitReplyFeatures; without it, what the shipped model reads; --reply-for: only these labels
// read it, TrainOptions.replyFor; scripts/fold-support.ts withReplyArgs.)
// (--copies-for: only these labels train on the copies, TrainOptions.asrLikeCopiesFor; --time
// compares with the model of other-copies copies for every label.)
// (--heard-markers: short objection and need markers heard with one mis-recognised character,
// pipeline/nlp/heard-markers.ts, off in the analysis; the fold models are the same either way.)
// (--heard-objections: the model's near-miss objections kept on cues heard by sound,
// pipeline/nlp/objection.heard.ts, off in the analysis.)
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
import { LEARNED_LABELS, type LearnedLabel } from '../pipeline/learned/labels.js';
import type { SecondStage } from '../pipeline/learned/second-stage.js';
import { DEFAULT_TRAIN_OPTIONS, type TrainOptions } from '../pipeline/learned/train.core.js';
import { readTrainingCalls } from '../pipeline/learned/training-data.js';
import { setMarkersHeardBySound } from '../pipeline/nlp/heard-markers.js';
import { createJiebaSegmenter } from '../pipeline/nlp/jieba.js';
import { setObjectionsHeardBySound } from '../pipeline/nlp/objection.heard.js';
import { cachedFoldModel, foldModelKey, industryFolds, replyNote, withReplyArgs } from './fold-support.js';

const FOLDS = 7;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const argValue = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const copies = Number(argValue('--copies') ?? '0');
if (!Number.isInteger(copies) || copies < 0) throw new Error('--copies takes a whole number ≥ 0');
const noiseSeeds = (argValue('--noise') ?? '7,8,9').split(',').map(Number);
if (noiseSeeds.some((s) => !Number.isSafeInteger(s) || s === 1))
  throw new Error('--noise takes integer seeds other than 1 (seed 1 is the honest runs’)');
const copiesFor = argValue('--copies-for')?.split(',') as LearnedLabel[] | undefined;
if (copiesFor?.some((l) => !LEARNED_LABELS.some((x) => x.label === l)))
  throw new Error(`--copies-for takes labels among ${LEARNED_LABELS.map((x) => x.label).join(', ')}`);
const optionsOf = (n: number, only?: readonly LearnedLabel[]): TrainOptions => {
  const { asrLikeCopiesFor: _, ...rest } = DEFAULT_TRAIN_OPTIONS;
  return withReplyArgs(
    { ...rest, asrLikeCopies: n, ...(n > 0 && only ? { asrLikeCopiesFor: only } : {}) },
    args,
  );
};
const options = optionsOf(copies, copiesFor);
setMarkersHeardBySound(args.includes('--heard-markers'));
setObjectionsHeardBySound(args.includes('--heard-objections'));

const started = performance.now();
const seconds = (from: number) => ((performance.now() - from) / 1000).toFixed(1);
const cut = createJiebaSegmenter();
const modelCut = usesWords(options.config) ? cut : undefined;
const lexicons = LexiconRegistry.fromDirectory();
const lexiconDir = defaultLexiconDir();
const calls = readTrainingCalls(root);
const { foldOf } = industryFolds(calls, FOLDS);
const cacheDir = join(tmpdir(), 'tingjian-eval-augment');
mkdirSync(cacheDir, { recursive: true });

function trainedModel(name: string, train: readonly LabelledCall[], o: TrainOptions): SecondStage {
  const file = join(cacheDir, `${name}-${foldModelKey(root, calls, o)}.json`);
  return cachedFoldModel(
    file,
    train,
    o,
    modelCut,
    args.includes('--retrain'),
    `${name} (copies ${o.asrLikeCopies}${o.asrLikeCopiesFor ? ` for ${o.asrLikeCopiesFor.join(',')}` : ''}, reply ${replyNote(o)})`,
  );
}

type Transform = { name: string; apply: (t: Transcript, call: LabelledCall) => Transcript };
const MODES: Transform[] = [
  { name: 'punctuated', apply: (t) => t },
  { name: 'unpunctuated', apply: (t) => unpunctuated(t) },
  ...noiseSeeds.map((seed) => ({
    name: `noise ${seed}`,
    apply: (t: Transcript, call: LabelledCall) => addAsrNoise(t, seed, { callId: call.name, cut }),
  })),
];

const ROWS: { name: string; value: (r: ModeReport) => number }[] = [
  { name: 'objection F1', value: (r) => r.objection.f1 },
  { name: 'type accuracy', value: (r) => r.objectionTypeAccuracy },
  { name: 'implicit need F1', value: (r) => r.implicitNeed.f1 },
  { name: 'need.explicit F1', value: (r) => r.labels['need.explicit'].f1 },
  { name: 'next_step F1', value: (r) => r.labels.next_step.f1 },
  { name: 'identified acc.', value: (r) => r.implicitNeedIdentifiedAccuracy },
  { name: 'resolved acc.', value: (r) => r.objectionResolvedAccuracy },
  { name: 'question F1', value: (r) => r.question.f1 },
];

function report(
  title: string,
  set: readonly LabelledCall[],
  analyzerOf: (c: LabelledCall) => Analyzer,
): void {
  const t = performance.now();
  const reports = MODES.map((m) =>
    evaluateMode(
      set.map(
        (c): EvalCase => ({
          name: c.name,
          gold: c.gold,
          analysis: analyzerOf(c).analyze(m.apply(c.transcript, c)),
        }),
      ),
    ),
  );
  console.log(`\n${title}`);
  console.log(
    `  ${''.padEnd(18)}${MODES.map((m) => m.name.padStart(13)).join('')}  noise drop (punct. − mean)`,
  );
  for (const row of ROWS) {
    const v = reports.map(row.value);
    const noisy = v.slice(2);
    const drop = v[0]! - noisy.reduce((s, x) => s + x, 0) / noisy.length;
    console.log(
      `  ${row.name.padEnd(18)}${v.map((x) => x.toFixed(3).padStart(13)).join('')}  ${drop.toFixed(3)}`,
    );
  }
  console.log(`  (${seconds(t)} s)`);
}

console.log(
  `ASR-like copies per training call: ${copies}${copiesFor ? ` (for ${copiesFor.join(', ')})` : ''}; reply: ${replyNote(options)}; ${calls.length} training calls, ${FOLDS} folds; markers heard by sound: ${args.includes('--heard-markers') ? 'on' : 'off'}`,
);
const folds = Array.from({ length: FOLDS }, (_, k) =>
  trainedModel(
    `fold-${k}-of-${FOLDS}`,
    calls.filter((c) => foldOf.get(c.transcript.industry) !== k),
    options,
  ),
);
const foldAnalyzers = folds.map((m) => new Analyzer({ lexicons, lexiconDir, cut, secondStage: m }));
report(
  `Out of fold, ${calls.length} training calls`,
  calls,
  (c) => foldAnalyzers[foldOf.get(c.transcript.industry)!]!,
);

const candidates = readLabelledCalls(join(root, 'training', 'candidate-calls'));
const full = trainedModel('all', calls, options);
const fullAnalyzer = new Analyzer({ lexicons, lexiconDir, cut, secondStage: full });
report(`Candidate calls (${candidates.length}, never trained on)`, candidates, () => fullAnalyzer);

// Inference: predictCall over every training utterance, alternating with another variant's model.
const other = argValue('--time');
if (other !== undefined) {
  const b = trainedModel('all', calls, optionsOf(Number(other)));
  const calls300 = calls.map((c) => c.transcript.utterances);
  const utterances = calls300.reduce((s, u) => s + u.length, 0);
  const times: [number[], number[]] = [[], []];
  for (let round = 0; round < 15; round++) {
    for (const [k, m] of [full, b].entries()) {
      const t = performance.now();
      for (const u of calls300) m.predictCall(u);
      times[k]!.push(((performance.now() - t) * 1000) / utterances);
    }
  }
  const stat = (xs: number[]) => {
    const s = [...xs].sort((x, y) => x - y);
    return `min ${s[0]!.toFixed(2)} µs, median ${s[Math.floor(s.length / 2)]!.toFixed(2)} µs`;
  };
  console.log(`\npredictCall per utterance (${utterances} utterances, 15 alternating rounds):`);
  console.log(`  copies ${copies}: ${stat(times[0])}; copies ${other}: ${stat(times[1])}`);
}
console.log(`\nTotal ${seconds(started)} s`);
