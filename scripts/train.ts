// Trains the learned second stage from the labelled calls (set-aside calls skipped) and writes
// training/second-stage/second-stage.json. `--check` retrains in memory and exits 1 when the
// result differs from the file (CI: the committed model must be what the committed code trains).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { usesWords } from '../pipeline/learned/features.js';
import {
  canonicalJson,
  parseVersion,
  type SecondStageModel,
  serializeModel,
  versionedModel,
} from '../pipeline/learned/model.schema.js';
import {
  DEFAULT_TRAIN_OPTIONS,
  trainingExamplesOf,
  trainSecondStage,
} from '../pipeline/learned/train.core.js';
import { readTrainingCalls } from '../pipeline/learned/training-data.js';
import { createJiebaSegmenter } from '../pipeline/nlp/jieba.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const modelPath = join(root, 'training', 'second-stage', 'second-stage.json');
const check = process.argv.includes('--check');

const started = performance.now();
const options = DEFAULT_TRAIN_OPTIONS;
const calls = readTrainingCalls(root);
const cut = usesWords(options.config) ? createJiebaSegmenter() : undefined;
const examples = trainingExamplesOf(calls, options, cut);
const trained = trainSecondStage(
  examples,
  calls.map((c) => c.name),
  options,
);
const { figures } = trained;

/** The file as it stands, as far as it can be read (a broken file only loses its sequence number). */
function readPrevious(): { text: string; model: Partial<SecondStageModel> } | undefined {
  if (!existsSync(modelPath)) return undefined;
  const text = readFileSync(modelPath, 'utf8');
  try {
    return { text, model: JSON.parse(text) as Partial<SecondStageModel> };
  } catch {
    return { text, model: {} };
  }
}

const previous = readPrevious();
const prevVersion =
  typeof previous?.model.version === 'string' && parseVersion(previous.model.version)
    ? { version: previous.model.version }
    : undefined;
const model = versionedModel(trained, prevVersion);
const text = serializeModel(model);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
const where = relative(process.cwd(), modelPath) || modelPath;

if (check) {
  if (previous?.text === text) {
    console.log(`${where} is up to date (${model.version}, trained in ${seconds} s)`);
    process.exit(0);
  }
  console.error(
    `${where} differs from what the training code produces: ${firstDifference(previous?.model, model)}`,
  );
  console.error('Run `npm run train` and commit the model file.');
  process.exit(1);
}

mkdirSync(dirname(modelPath), { recursive: true });
writeFileSync(modelPath, text);
const changed = previous?.text !== text;
console.log(
  `${changed ? 'wrote' : 'unchanged'} ${where}: ${model.version}, ${calls.length} calls, ` +
    `${figures.utterances.customer + figures.utterances.rep} utterances, ` +
    `${figures.nonZeroWeights} weights, ${(Buffer.byteLength(text) / 1024).toFixed(0)} KiB, ${seconds} s`,
);
for (const [label, cv] of Object.entries(figures.crossValidation.labels)) {
  const o = cv.outOfFold;
  console.log(
    `  ${label.padEnd(21)} cv F1 ${o.f1.toFixed(3)} (P ${o.precision.toFixed(3)} R ${o.recall.toFixed(3)}, ` +
      `gold ${o.gold})  l2 ${cv.l2}  positive weight ${cv.positiveWeight}  threshold ${cv.threshold}`,
  );
}

/** Names the first part that differs, labels first since they are what CI cares about. */
function firstDifference(old: Partial<SecondStageModel> | undefined, now: SecondStageModel): string {
  if (!old) return 'the file is missing';
  const oldLabels = old.labels ?? {};
  for (const label of [...new Set([...Object.keys(now.labels), ...Object.keys(oldLabels)])].sort()) {
    const a = oldLabels[label];
    const b = now.labels[label];
    if (!a) return `label ${label} is missing from the file`;
    if (!b) return `label ${label} is no longer trained`;
    if (canonicalJson(a) !== canonicalJson(b)) {
      const what =
        a.bias !== b.bias
          ? `bias ${a.bias} → ${b.bias}`
          : a.threshold !== b.threshold
            ? `threshold ${a.threshold} → ${b.threshold}`
            : 'weights';
      return `first differing label ${label} (${what})`;
    }
  }
  for (const key of ['name', 'trainedOn', 'features', 'figures', 'version'] as const) {
    if (canonicalJson(old[key]) !== canonicalJson(now[key])) return `${key} differs`;
  }
  return 'the file text differs (formatting)';
}
