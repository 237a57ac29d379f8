// Figures of the learned second stage. Prints numbers only; asserts nothing.
//  1. Leave one industry out over the labelled training calls (set-aside calls never read): for
//     each of the 21 industries, train on the other industries' calls plus the tj fixtures with the
//     full training procedure (its own cross-validation included), predict the held-out calls as
//     written and with every punctuation character removed.
//  2. The shipped model on the dev calls (../shared/fixtures/dev-calls), when that folder exists.
//  3. Inference time per utterance.
// Usage: eval-learned [--dev <dir>] [--skip-loio]
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type LabelledCall, readLabelledCalls, unpunctuated } from '../pipeline/eval/run-eval.js';
import { cleanText, usesWords } from '../pipeline/learned/features.js';
import { isPositive, LEARNED_LABELS } from '../pipeline/learned/labels.js';
import { versionedModel } from '../pipeline/learned/model.schema.js';
import { type LearnedUtterance, loadSecondStage, SecondStage } from '../pipeline/learned/second-stage.js';
import {
  countsOf,
  DEFAULT_TRAIN_OPTIONS,
  examplesOf,
  type TrainingExample,
  trainSecondStage,
} from '../pipeline/learned/train.core.js';
import { readTrainingCalls } from '../pipeline/learned/training-data.js';
import { createJiebaSegmenter } from '../pipeline/nlp/jieba.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const devDir = args.includes('--dev')
  ? args[args.indexOf('--dev') + 1]!
  : join(root, '..', 'shared', 'fixtures', 'dev-calls');
const options = DEFAULT_TRAIN_OPTIONS;
const cut = usesWords(options.config) ? createJiebaSegmenter() : undefined;

type Mode = 'punctuated' | 'unpunctuated';
const MODES: Mode[] = ['punctuated', 'unpunctuated'];
interface Tally {
  gold: number;
  predicted: number;
  correct: number;
}
type Tallies = Record<Mode, Record<string, Tally>>;

function emptyTallies(): Tallies {
  const one = () =>
    Object.fromEntries(LEARNED_LABELS.map(({ label }) => [label, { gold: 0, predicted: 0, correct: 0 }]));
  return { punctuated: one(), unpunctuated: one() };
}

/** Counts one call's predictions against its gold, in both modes. */
function tally(stage: SecondStage, call: LabelledCall, into: Tallies): void {
  for (const mode of MODES) {
    const t = mode === 'punctuated' ? call.transcript : unpunctuated(call.transcript);
    const predictions = stage.predictCall(t.utterances);
    t.utterances.forEach((u, i) => {
      const gold = call.gold.utterances[u.id] ?? [];
      for (const { label, speaker } of LEARNED_LABELS) {
        if (u.speaker !== speaker) continue;
        const g = isPositive(gold, label);
        const p = (predictions[i]![label] ?? 0) >= stage.thresholdOf(label);
        const c = into[mode][label]!;
        if (g) c.gold++;
        if (p) c.predicted++;
        if (g && p) c.correct++;
      }
    });
  }
}

function printTallies(title: string, tallies: Tallies): void {
  console.log(`\n${title}`);
  console.log(
    `${'label'.padEnd(22)}${'gold'.padStart(6)}  ${'punctuated P / R / F1'.padEnd(26)}${'unpunctuated P / R / F1'}`,
  );
  for (const { label } of LEARNED_LABELS) {
    const cells = MODES.map((m) => {
      const t = tallies[m][label]!;
      const c = countsOf(t.gold, t.predicted, t.correct);
      return `${c.precision.toFixed(3)} / ${c.recall.toFixed(3)} / ${c.f1.toFixed(3)}`.padEnd(26);
    });
    console.log(
      `${label.padEnd(22)}${String(tallies.punctuated[label]!.gold).padStart(6)}  ${cells.join('')}`,
    );
  }
}

// 1. Leave one industry out.
if (!args.includes('--skip-loio')) {
  const started = performance.now();
  const calls = readTrainingCalls(root);
  const examplesByCall = new Map<string, TrainingExample[]>();
  for (const c of calls) examplesByCall.set(c.name, examplesOf([c], options.config, cut));
  const heldOutCalls = calls.filter((c) => c.name.startsWith('train-'));
  const industries = [...new Set(heldOutCalls.map((c) => c.transcript.industry))].sort();
  const loio = emptyTallies();
  for (const industry of industries) {
    const t0 = performance.now();
    const test = heldOutCalls.filter((c) => c.transcript.industry === industry);
    const train = calls.filter((c) => !test.includes(c));
    const trained = trainSecondStage(
      train.flatMap((c) => examplesByCall.get(c.name)!),
      train.map((c) => c.name),
      options,
    );
    const stage = new SecondStage(versionedModel(trained, undefined), { cut });
    for (const c of test) tally(stage, c, loio);
    console.error(
      `  ${industry}: ${test.length} held-out calls, trained on ${train.length}, ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
  }
  printTallies(
    `Leave one industry out: ${industries.length} industries, ${heldOutCalls.length} held-out calls ` +
      `(set-aside calls excluded), training adds the ${calls.length - heldOutCalls.length} tj fixtures; ` +
      `${((performance.now() - started) / 1000).toFixed(0)} s`,
    loio,
  );
}

// 2. The shipped model on the dev calls.
const probe = loadSecondStage();
const shippedCut = usesWords(probe.model.features) ? (cut ?? createJiebaSegmenter()) : undefined;
const shipped = shippedCut ? new SecondStage(probe.model, { cut: shippedCut }) : probe;
if (existsSync(devDir)) {
  const dev = readLabelledCalls(devDir);
  const tallies = emptyTallies();
  for (const c of dev) tally(shipped, c, tallies);
  printTallies(`Shipped model ${shipped.version} on ${dev.length} dev calls (${devDir})`, tallies);
} else {
  console.log(`\nDev calls: ${devDir} not found, skipped`);
}

// 3. Inference time: every training call, predicted as a whole call, several rounds.
{
  const ROUNDS = 21;
  const calls = readTrainingCalls(root);
  const utterances = calls.reduce((n, c) => n + c.transcript.utterances.length, 0);
  const withWords: LearnedUtterance[][] = calls.map((c) =>
    c.transcript.utterances.map((u) => ({
      speaker: u.speaker,
      text: u.text,
      words: shippedCut ? shippedCut(cleanText(u.text, shipped.model.features)) : undefined,
    })),
  );
  const plain: LearnedUtterance[][] = calls.map((c) => c.transcript.utterances);
  // Fastest and median round: the machine may be shared, and others' work slows some rounds.
  const measure = (sets: LearnedUtterance[][]): { fastest: number; median: number } => {
    for (const s of sets) shipped.predictCall(s); // warm-up
    const perRound: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const t0 = performance.now();
      for (const s of sets) shipped.predictCall(s);
      perRound.push(((performance.now() - t0) * 1000) / utterances);
    }
    perRound.sort((a, b) => a - b);
    return { fastest: perRound[0]!, median: perRound[Math.floor(ROUNDS / 2)]! };
  };
  const show = (what: string, t: { fastest: number; median: number }) =>
    console.log(
      `  ${what}: ${t.fastest.toFixed(2)} µs per utterance fastest round, ${t.median.toFixed(2)} median; ` +
        `${((t.fastest * 300) / 1000).toFixed(2)} / ${((t.median * 300) / 1000).toFixed(2)} ms per 300-utterance call`,
    );
  console.log(`\nInference (${utterances} utterances of ${calls.length} calls, ${ROUNDS} rounds):`);
  if (shippedCut) {
    show('words given', measure(withWords));
    show('jieba at inference', measure(plain));
  } else {
    show('no words read', measure(plain));
  }
}
