// Fits the weights of industry inference (lexicons/industry-inference.ts, IndustryWeights) and
// cross-validates them against the hand weights. Prints numbers only; writes nothing.
// Data: the readable labelled calls only: training/calls not set aside, training/team-calls,
// training/candidate-calls (set-aside calls are never read here).
// Model: the shipped scoring (softmax over the 21 industries of weights · features / TEMPERATURE)
// as a conditional logit with weights shared by all industries, fitted by projected gradient
// descent (weights ≥ 0) on the negative log-likelihood of the gold industry plus
// λ · Σ (w − hand)², so a large λ gives back the hand weights.
// Checks: leave-one-industry-out (21 folds: a fold's industry is never seen while fitting) and
// across writers (fit on training/calls, score the team and candidate calls, and back).
// Usage: fit-industry-weights [--lambda 0.01,0.1,1,10]
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  compiledLexicons,
  createIndustryFeaturizer,
  DEFAULT_THRESHOLDS,
  FEATURE_COUNT,
  FEATURE_GROUPS,
  featureIndex,
  HAND_WEIGHTS,
  OPENING_FEATURE,
  SELLER_NAME_FEATURE,
  TEMPERATURE,
  weightVector,
} from '../lexicons/industry-inference.js';
import { LexiconRegistry } from '../lexicons/lexicon.registry.js';
import { parseTranscriptDraft } from '../models/transcript.js';
import { readSetAside } from '../pipeline/eval/set-aside.js';
import { normalizeText } from '../pipeline/nlp/normalize.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
/** Fit only the seller-name weight, the others stay at the hand weights. */
const sellerOnly = args.includes('--seller-only');
const lambdas = (args.includes('--lambda') ? args[args.indexOf('--lambda') + 1]! : '0.01,0.1,1,10')
  .split(',')
  .map(Number);

interface Sample {
  name: string;
  folder: 'training' | 'team' | 'candidate';
  gold: number;
  /** Feature vectors, one per industry (registry order, sorted by id). */
  x: number[][];
}

const registry = LexiconRegistry.fromDirectory();
const lexicons = compiledLexicons(registry);
const featurize = createIndustryFeaturizer(lexicons);
const industries = featurize([]).map((f) => f.industry);
const setAside = readSetAside();
const normalize = (t: string) => normalizeText(t).text;

const samples: Sample[] = [];
for (const [folder, dir] of [
  ['training', 'calls'],
  ['team', 'team-calls'],
  ['candidate', 'candidate-calls'],
] as const) {
  const path = join(root, 'training', dir);
  const files = readdirSync(path)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.gold.json'))
    .filter((f) => !setAside.has(basename(f, '.json')))
    .sort();
  for (const f of files) {
    const data = JSON.parse(readFileSync(join(path, f), 'utf8')) as Record<string, unknown>;
    const gold = industries.indexOf(String(data.industry));
    if (gold < 0) throw new Error(`${f}: unknown industry ${String(data.industry)}`);
    delete data.industry;
    const draft = parseTranscriptDraft(data);
    const x = featurize(draft.utterances, normalize).map((r) => [...r.values]);
    samples.push({ name: basename(f, '.json'), folder, gold, x });
  }
}

const hand = weightVector(HAND_WEIGHTS);
const dot = (w: readonly number[], x: readonly number[]) => x.reduce((s, v, i) => s + v * (w[i] ?? 0), 0);

function probabilities(w: readonly number[], s: Sample): number[] {
  const scores = s.x.map((x) => dot(w, x) / TEMPERATURE);
  const best = Math.max(...scores);
  const z = scores.map((v) => Math.exp(v - best));
  const sum = z.reduce((a, b) => a + b, 0);
  return z.map((v) => v / sum);
}

function objective(w: readonly number[], data: readonly Sample[], lambda: number): number {
  let loss = 0;
  for (const s of data) loss -= Math.log(Math.max(probabilities(w, s)[s.gold]!, 1e-300));
  for (let k = 0; k < FEATURE_COUNT; k++) loss += lambda * (w[k]! - hand[k]!) ** 2;
  return loss;
}

function gradient(w: readonly number[], data: readonly Sample[], lambda: number): number[] {
  const g = w.map((wk, k) => 2 * lambda * (wk - hand[k]!));
  for (const s of data) {
    const p = probabilities(w, s);
    s.x.forEach((x, i) => {
      const coef = (p[i]! - (i === s.gold ? 1 : 0)) / TEMPERATURE;
      for (let k = 0; k < FEATURE_COUNT; k++) g[k]! += coef * x[k]!;
    });
  }
  return g;
}

/** Projected gradient descent with backtracking, from the hand weights: deterministic. */
function fitWeights(data: readonly Sample[], lambda: number, iterations = 300): number[] {
  let w = [...hand];
  let f = objective(w, data, lambda);
  let step = 0.01;
  for (let it = 0; it < iterations; it++) {
    const g = gradient(w, data, lambda);
    let improved = false;
    for (let tries = 0; tries < 30; tries++) {
      const next = w.map((wk, k) =>
        sellerOnly && k !== SELLER_NAME_FEATURE ? wk : Math.max(0, wk - step * g[k]!),
      );
      const fn = objective(next, data, lambda);
      if (fn < f - 1e-9) {
        w = next;
        f = fn;
        step *= 1.5;
        improved = true;
        break;
      }
      step /= 2;
    }
    if (!improved) break;
  }
  return w;
}

interface Outcome {
  top1: boolean;
  decided: string | null;
}

/** The shipped decision: best score (ties by id), thresholds on score and probability margin. */
function outcome(w: readonly number[], s: Sample, minScore: number, minMargin: number): Outcome {
  const scores = s.x.map((x) => dot(w, x));
  const p = probabilities(w, s);
  const order = scores.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
  const [a, b] = order as [number, number];
  const margin = Math.round((p[a]! - p[b]!) * 1000) / 1000;
  const decided = scores[a]! >= minScore && margin >= minMargin ? industries[a]! : null;
  return { top1: a === s.gold, decided };
}

function summary(label: string, pairs: readonly { w: readonly number[]; s: Sample }[]): void {
  const { minScore, minMargin } = DEFAULT_THRESHOLDS;
  const out = pairs.map(({ w, s }) => ({ s, o: outcome(w, s, minScore, minMargin) }));
  const top1 = out.filter((r) => r.o.top1).length;
  const right = out.filter((r) => r.o.decided === industries[r.s.gold]).length;
  const wrong = out.filter((r) => r.o.decided !== null && r.o.decided !== industries[r.s.gold]).length;
  const by = (folder: Sample['folder']) => {
    const f = out.filter((r) => r.s.folder === folder);
    return `${f.filter((r) => r.o.top1).length}/${f.length}`;
  };
  console.log(
    `  ${label.padEnd(34)} top-1 ${String(top1).padStart(3)}/${out.length}  right ${String(right).padStart(3)} wrong ${String(wrong).padStart(2)}  (top-1 training ${by('training')}, team ${by('team')}, candidate ${by('candidate')})`,
  );
}

const readable = (w: readonly number[]) => w.map((v) => v.toFixed(2)).join(' ');
console.log(`行业推断权重拟合 fitting inference weights on ${samples.length} readable calls`);
console.log(
  `features: ${FEATURE_GROUPS.map((g) => `${g}(rep,cust)`).join(' ')} opening; thresholds minScore ${DEFAULT_THRESHOLDS.minScore}, minMargin ${DEFAULT_THRESHOLDS.minMargin}\n`,
);
console.log('hand weights:', readable(hand));
{
  const named = samples.filter((s) => s.x.some((x) => x[SELLER_NAME_FEATURE]! > 0));
  const best = (s: Sample) => {
    const v = s.x.map((x) => x[SELLER_NAME_FEATURE]!);
    return v.indexOf(Math.max(...v));
  };
  const pointsRight = named.filter((s) => best(s) === s.gold).length;
  if (args.includes('--list')) {
    for (const s of named.filter((x) => best(x) !== x.gold)) {
      console.log(
        `  seller name points elsewhere: ${s.name} gold ${industries[s.gold]} → ${industries[best(s)]}`,
      );
    }
  }
  console.log(
    `seller-name words found in ${named.length}/${samples.length} calls; the most specific one names the gold industry in ${pointsRight}`,
  );
}
summary(
  'hand weights (no fitting)',
  samples.map((s) => ({ w: hand, s })),
);

for (const lambda of lambdas) {
  console.log(`\nλ = ${lambda}`);
  const loio = industries.flatMap((_, held) => {
    const w = fitWeights(
      samples.filter((s) => s.gold !== held),
      lambda,
    );
    return samples.filter((s) => s.gold === held).map((s) => ({ w, s }));
  });
  summary('leave one industry out', loio);
  const wTrain = fitWeights(
    samples.filter((s) => s.folder === 'training'),
    lambda,
  );
  const wTeam = fitWeights(
    samples.filter((s) => s.folder !== 'training'),
    lambda,
  );
  summary(
    'fit training → team + candidate',
    samples.filter((s) => s.folder !== 'training').map((s) => ({ w: wTrain, s })),
  );
  summary(
    'fit team + candidate → training',
    samples.filter((s) => s.folder === 'training').map((s) => ({ w: wTeam, s })),
  );
  const all = fitWeights(samples, lambda);
  console.log('  fitted on all:', readable(all));
  console.log(
    `  (rep product ${all[featureIndex('product', true)]!.toFixed(2)}, customer product ${all[featureIndex('product', false)]!.toFixed(2)}, opening ${all[OPENING_FEATURE]!.toFixed(2)}, seller name ${all[SELLER_NAME_FEATURE]!.toFixed(2)})`,
  );
}
