// Figures of the FULL analysis (rules + learned second stage), leave one industry out. Prints
// numbers only; asserts nothing; writes nothing.
//  For each industry of the labelled training calls (set-aside calls never read): train the second
//  stage exactly as scripts/train.ts does (trainSecondStage, DEFAULT_TRAIN_OPTIONS, deterministic)
//  on the other industries' calls of every source (team-written calls and fixtures of the held-out
//  industry excluded too), and analyse the held-out
//  industry's calls with the shipped lexicons and that fold's model. All folds' analyses are
//  pooled and scored with evaluateCalls (punctuated and unpunctuated), next to the rules alone on
//  the same calls.
//  Then the join policy of pipeline/nlp/second-stage.ts is swept on the same LOIO analyses, to
//  inform (not change) the shipped defaults. The policy is not parameterised, so each variant is
//  emulated by wrapping the fold's model (JoinPolicyModel below) without touching the pipeline.
// Usage: eval-loio
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultLexiconDir, LexiconRegistry } from '../lexicons/lexicon.registry.js';
import { OBJECTION_TYPES } from '../lexicons/lexicon.schema.js';
import { Analyzer } from '../pipeline/analyzer.js';
import type { EvalCase, ModeReport, PRF } from '../pipeline/eval/evaluate.core.js';
import { evaluateCalls } from '../pipeline/eval/run-eval.js';
import { usesWords } from '../pipeline/learned/features.js';
import { versionedModel } from '../pipeline/learned/model.schema.js';
import { SecondStage } from '../pipeline/learned/second-stage.js';
import {
  DEFAULT_TRAIN_OPTIONS,
  type TrainingExample,
  trainingExamplesOf,
  trainSecondStage,
} from '../pipeline/learned/train.core.js';
import { readTrainingCalls, TRAINING_SOURCES } from '../pipeline/learned/training-data.js';
import type { SecondStageModel } from '../pipeline/nlp/detector.js';
import { createJiebaSegmenter } from '../pipeline/nlp/jieba.js';
import { VETO } from '../pipeline/nlp/second-stage.js';
import { isObjectionFinding, SPEC_TAGS } from '../pipeline/nlp/types.js';

type Mode = 'punctuated' | 'unpunctuated';
const MODES: readonly Mode[] = ['punctuated', 'unpunctuated'];
type Cases = Record<Mode, EvalCase[]>;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const started = performance.now();
const seconds = (from: number) => ((performance.now() - from) / 1000).toFixed(1);

// ---------------------------------------------------------------------------------------------
// Join-policy emulation.
//
// The analysis asks the model two things per label: `p >= threshold` (the model adds a finding
// where no rule fired) and `p < VETO × threshold` (the model vetoes a general marker's finding).
// JoinPolicyModel keeps every threshold and remaps the probabilities of the four vetoable labels
// with a monotone piecewise-linear f (per label threshold t, emulated veto factor v):
//   [0, v·t) → [0, VETO·t)   scaled
//   [v·t, t) → [VETO·t, t)   linear
//   [t, 1]   unchanged
// so that f(p) < VETO·t exactly when p < v·t (the veto boundary moves to v) and f(p) >= t exactly
// when p >= t (additions, their probabilities and confidences unchanged). v = 0 maps [0, t) onto
// [VETO·t, t): nothing is ever vetoed. A vetoed finding produces nothing, a kept rule finding does
// not read the probability, so the remapping changes no other field that the evaluation reads.
// (checkEmulation verifies both equivalences on a grid; the run also checks that the wrapped model
// at the shipped policy reproduces the unwrapped model's report exactly.)
// Type choice for model-added objections: the shipped code takes the types at or above their
// thresholds, else the likeliest type. "argmax only" sets every type's probability but the
// likeliest (first in OBJECTION_TYPES order on ties, as the detector's reduce) to 0: then exactly
// the likeliest type is chosen either way. Type probabilities are read nowhere else.
// ---------------------------------------------------------------------------------------------

/** Labels whose verdict the detectors test with `modelVetoes` (objection, need and next-step detectors). */
const VETOABLE = ['objection', 'need.implicit', 'need.explicit', 'next_step'] as const;
const VETO_SWEEP = [0, 0.1, 0.15, 0.25, 0.4] as const;
type TypeChoice = 'above-else-argmax' | 'argmax-only';
const TYPE_CHOICES: readonly TypeChoice[] = ['above-else-argmax', 'argmax-only'];
const SHIPPED_TYPES: TypeChoice = 'above-else-argmax';

interface JoinPolicy {
  readonly veto: number;
  readonly types: TypeChoice;
}

/** The probability that puts the veto boundary of threshold `t` at `veto` × t instead of VETO × t. */
function moveVeto(p: number, t: number, veto: number): number {
  if (p >= t) return p;
  const from = veto * t;
  const to = VETO * t;
  if (p < from) return (p * to) / from;
  return to + ((p - from) * (t - to)) / (t - from);
}

/** Fails when moveVeto does not reproduce the decisions it claims to (run before any figure). */
function checkEmulation(): void {
  for (const veto of VETO_SWEEP) {
    for (const t of [0.02, 0.13, 0.3, 0.5, 0.77, 0.95]) {
      const probes = [veto * t, t, Math.max(0, veto * t - 1e-12), t - 1e-12, t + 1e-12];
      for (let k = 0; k <= 1000; k++) probes.push(k / 1000);
      for (const p of probes) {
        const q = moveVeto(p, t, veto);
        if (q < VETO * t !== p < veto * t || q >= t !== p >= t) {
          throw new Error(`veto emulation breaks at veto ${veto}, threshold ${t}, p ${p} (→ ${q})`);
        }
      }
    }
  }
}

/** A fold's model seen through an emulated join policy (see the comment above). */
class JoinPolicyModel implements SecondStageModel {
  readonly version: string;

  constructor(
    private readonly inner: SecondStageModel,
    private readonly policy: JoinPolicy,
  ) {
    this.version = `${inner.version}~veto-${policy.veto}~${policy.types}`;
  }

  thresholdOf(label: string): number {
    return this.inner.thresholdOf(label);
  }

  explain(
    utterances: readonly { speaker: 'rep' | 'customer'; text: string }[],
    i: number,
    label: string,
    k?: number,
  ): readonly { text: string; weight: number }[] {
    return this.inner.explain(utterances, i, label, k);
  }

  predictCall(
    utterances: readonly { speaker: 'rep' | 'customer'; text: string }[],
  ): readonly Readonly<Record<string, number>>[] {
    return this.inner.predictCall(utterances).map((raw) => {
      const p: Record<string, number> = { ...raw };
      for (const label of VETOABLE) {
        const v = p[label];
        if (v !== undefined) p[label] = moveVeto(v, this.inner.thresholdOf(label), this.policy.veto);
      }
      if (this.policy.types === 'argmax-only') {
        let best: string | undefined;
        for (const t of OBJECTION_TYPES) {
          const v = p[`objection.${t}`];
          if (v !== undefined && (best === undefined || v > p[best]!)) best = `objection.${t}`;
        }
        for (const t of OBJECTION_TYPES) {
          const label = `objection.${t}`;
          if (label !== best && p[label] !== undefined) p[label] = 0;
        }
      }
      return p;
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Data and folds.
// ---------------------------------------------------------------------------------------------

checkEmulation();
const options = DEFAULT_TRAIN_OPTIONS;
const cut = createJiebaSegmenter();
const modelCut = usesWords(options.config) ? cut : undefined;
const lexicons = LexiconRegistry.fromDirectory();
const lexiconDir = defaultLexiconDir();

// readTrainingCalls skips the set-aside calls (never opened) and stops when the list is missing.
const calls = readTrainingCalls(root);
const [trainingDir] = TRAINING_SOURCES.dirs;
const inTrainingDir = new Set(
  readdirSync(join(root, trainingDir))
    .filter((f) => f.endsWith('.gold.json'))
    .map((f) => basename(f, '.gold.json')),
);
const heldOut = calls.filter((c) => inTrainingDir.has(c.name));
const fixtures = calls.filter((c) => !inTrainingDir.has(c.name));
const industries = [...new Set(heldOut.map((c) => c.transcript.industry))].sort();

const examplesByCall = new Map<string, TrainingExample[]>();
// With the ASR-like copies of each call when the shipped options train on them (as npm run train).
for (const c of calls) examplesByCall.set(c.name, trainingExamplesOf([c], options, modelCut));

console.log(
  `Leave one industry out, FULL analysis (rules + learned second stage): ${industries.length} industries, ` +
    `${heldOut.length} ${trainingDir} calls (set-aside calls excluded, never read); every fold also trains ` +
    `on the other industries' calls among the ${fixtures.length} calls of ${TRAINING_SOURCES.dirs.slice(1).join(', ')}.`,
);
console.log(
  `CAUTION: the rules and lexicons were written while reading these ${heldOut.length} calls, so the ` +
    'rules-only column is optimistic (in-sample). The model column is out-of-industry for the model ' +
    'only; the difference between the columns is the honest part.',
);
const fixtureIndustries = [...new Set(fixtures.map((c) => c.transcript.industry))].sort();
console.log(
  `Note: those calls cover ${fixtureIndustries.length} industries; a fold never trains on calls ` +
    'of its held-out industry, whatever their source.',
);

console.log(`\nTraining (${options.folds}-fold inner cross-validation per fold, as npm run train):`);
const foldModels = new Map<string, SecondStage>();
let trainingSeconds = 0;
for (const industry of industries) {
  const t0 = performance.now();
  // Nothing of the held-out industry is trained on: neither its training calls nor any other
  // source's calls of that industry (team-written calls, fixtures).
  const train = calls.filter((c) => c.transcript.industry !== industry);
  const examples = train.flatMap((c) => examplesByCall.get(c.name)!);
  const trained = trainSecondStage(
    examples,
    train.map((c) => c.name),
    options,
  );
  foldModels.set(
    industry,
    new SecondStage(versionedModel(trained, undefined), modelCut ? { cut: modelCut } : {}),
  );
  const took = (performance.now() - t0) / 1000;
  trainingSeconds += took;
  const test = heldOut.filter((c) => c.transcript.industry === industry).length;
  console.log(
    `  ${industry.padEnd(24)} held out ${test}, trained on ${train.length} calls ` +
      `(${examples.length} utterances) in ${took.toFixed(1)} s`,
  );
}
console.log(
  `  training total ${trainingSeconds.toFixed(1)} s, mean ${(trainingSeconds / industries.length).toFixed(1)} s a fold`,
);

/**
 * Pooled analyses of the held-out calls, each call by its industry's analyzer (fold model given by
 * `model`, none for the rules alone), scored in both modes by evaluateCalls.
 */
async function evaluateBoth(
  model: (industry: string) => SecondStageModel | undefined,
): Promise<{ cases: Cases; reports: Record<Mode, ModeReport> }> {
  const analyzers = new Map<string, Analyzer>();
  for (const industry of industries) {
    const secondStage = model(industry);
    analyzers.set(
      industry,
      new Analyzer({ lexicons, lexiconDir, cut, ...(secondStage ? { secondStage } : {}) }),
    );
  }
  const { report, cases } = await evaluateCalls(heldOut, (t) => {
    const analyzer = analyzers.get(t.industry);
    if (!analyzer) throw new Error(`no fold for industry ${t.industry}`);
    return analyzer.analyze(t);
  });
  return {
    cases: { punctuated: cases.punctuated, unpunctuated: cases.unpunctuated },
    reports: { punctuated: report.modes.punctuated, unpunctuated: report.modes.unpunctuated },
  };
}

const t1 = performance.now();
const rules = await evaluateBoth(() => undefined);
const rulesSeconds = seconds(t1);
const t2 = performance.now();
const full = await evaluateBoth((industry) => foldModels.get(industry));
const fullSeconds = seconds(t2);

// ---------------------------------------------------------------------------------------------
// Support counts: gold totals, and how many items each accuracy is computed over.
// ---------------------------------------------------------------------------------------------

interface Support {
  /** Customer utterances with a gold objection. */
  objectionUtterances: number;
  /** Gold objection types summed over all gold objection utterances; `typeN` over matched ones. */
  objectionTypes: number;
  typeN: number;
  goldObjections: number;
  goldTechniques: number;
  /** Gold objections matched by type and response (techniques and resolution are scored over them). */
  matchedObjections: number;
  goldImplicitNeeds: number;
  /** Gold implicit needs with a predicted need.implicit in the same utterance. */
  identifiedN: number;
  goldTags: number;
  goldQuestions: number;
}

function supportOf(cases: readonly EvalCase[]): Support {
  const s: Support = {
    objectionUtterances: 0,
    objectionTypes: 0,
    typeN: 0,
    goldObjections: 0,
    goldTechniques: 0,
    matchedObjections: 0,
    goldImplicitNeeds: 0,
    identifiedN: 0,
    goldTags: 0,
    goldQuestions: 0,
  };
  for (const { gold, analysis } of cases) {
    for (const u of analysis.utterances) {
      const g = gold.utterances[u.id] ?? [];
      if (u.speaker === 'rep') {
        s.goldQuestions += g.filter((l) => l === 'question.open' || l === 'question.closed').length;
        continue;
      }
      const gTypes = new Set(g.filter((l) => l.startsWith('objection.')));
      if (gTypes.size === 0) continue;
      s.objectionUtterances++;
      s.objectionTypes += gTypes.size;
      const predicted = analysis.findings.some(
        (f) => f.utteranceId === u.id && f.label.startsWith('objection.'),
      );
      if (predicted) s.typeN += gTypes.size;
    }
    const objections = analysis.findings.filter(isObjectionFinding);
    for (const o of gold.objections) {
      s.goldObjections++;
      s.goldTechniques += o.techniques.length;
      const matched = objections.some(
        (f) =>
          f.utteranceId === o.utterance && f.objectionType === o.type && f.responseUtteranceId === o.response,
      );
      if (matched) s.matchedObjections++;
    }
    for (const n of gold.implicitNeeds) {
      s.goldImplicitNeeds++;
      if (analysis.findings.some((f) => f.label === 'need.implicit' && f.utteranceId === n.utterance))
        s.identifiedN++;
    }
    s.goldTags += new Set(gold.tags.filter((t) => (SPEC_TAGS as readonly string[]).includes(t))).size;
  }
  return s;
}

// ---------------------------------------------------------------------------------------------
// Table 1: rules alone vs rules + LOIO model.
// ---------------------------------------------------------------------------------------------

interface Row {
  name: string;
  gold: (s: Support, r: ModeReport) => number;
  value: (r: ModeReport) => number;
  /** For accuracies: the number of items the value is computed over, per column. */
  n?: (s: Support) => number;
}

const prfRows = (name: string, get: (r: ModeReport) => PRF, gold: Row['gold']): Row[] => [
  { name: `${name} P`, gold, value: (r) => get(r).precision },
  { name: `${name} R`, gold, value: (r) => get(r).recall },
  { name: `${name} F1`, gold, value: (r) => get(r).f1 },
];

const ROWS: Row[] = [
  ...prfRows(
    'objection',
    (r) => r.objection,
    (s) => s.objectionUtterances,
  ),
  {
    name: 'objection type accuracy',
    gold: (s) => s.objectionTypes,
    value: (r) => r.objectionTypeAccuracy,
    n: (s) => s.typeN,
  },
  {
    name: 'techniques F1',
    gold: (s) => s.goldTechniques,
    value: (r) => r.techniques.f1,
    n: (s) => s.matchedObjections,
  },
  {
    name: 'objection resolved acc.',
    gold: (s) => s.goldObjections,
    value: (r) => r.objectionResolvedAccuracy,
    n: (s) => s.matchedObjections,
  },
  ...prfRows(
    'implicit need',
    (r) => r.implicitNeed,
    (_, r) => r.labels['need.implicit'].gold,
  ),
  {
    name: 'implicit identified acc.',
    gold: (s) => s.goldImplicitNeeds,
    value: (r) => r.implicitNeedIdentifiedAccuracy,
    n: (s) => s.identifiedN,
  },
  ...prfRows(
    'next_step',
    (r) => r.labels.next_step,
    (_, r) => r.labels.next_step.gold,
  ),
  {
    name: 'need.explicit F1',
    gold: (_, r) => r.labels['need.explicit'].gold,
    value: (r) => r.labels['need.explicit'].f1,
  },
  { name: 'tags F1', gold: (s) => s.goldTags, value: (r) => r.tags.f1 },
  { name: 'question F1', gold: (s) => s.goldQuestions, value: (r) => r.question.f1 },
];

const f3 = (x: number) => x.toFixed(3);
const delta = (a: number, b: number) => {
  const d = b - a;
  return `${d > 0 ? '+' : d < 0 ? '−' : ' '}${Math.abs(d).toFixed(3)}`;
};

function printMain(): void {
  const cell = (v: number, n?: number) => `${f3(v)}${n === undefined ? '' : ` (${n})`}`.padStart(13);
  console.log(
    `\nTable 1. Rules alone vs rules + LOIO second stage on the same ${heldOut.length} calls ` +
      `(accuracies: value (items scored); gold: gold count the row is about)`,
  );
  console.log(
    `${''.padEnd(26)}${''.padStart(6)}  ${'punctuated'.padEnd(36)}${'unpunctuated'}\n` +
      `${'metric'.padEnd(26)}${'gold'.padStart(6)}  ` +
      `${'rules'.padStart(13)}${'+model'.padStart(13)}${'Δ'.padStart(8)}  ` +
      `${'rules'.padStart(13)}${'+model'.padStart(13)}${'Δ'.padStart(8)}`,
  );
  const support = {
    rules: {
      punctuated: supportOf(rules.cases.punctuated),
      unpunctuated: supportOf(rules.cases.unpunctuated),
    },
    full: { punctuated: supportOf(full.cases.punctuated), unpunctuated: supportOf(full.cases.unpunctuated) },
  };
  for (const row of ROWS) {
    const gold = row.gold(support.rules.punctuated, rules.reports.punctuated);
    const cells = MODES.map((m) => {
      const a = row.value(rules.reports[m]);
      const b = row.value(full.reports[m]);
      return cell(a, row.n?.(support.rules[m])) + cell(b, row.n?.(support.full[m])) + delta(a, b).padStart(8);
    }).join('  ');
    console.log(`${row.name.padEnd(26)}${String(gold).padStart(6)}  ${cells}`);
  }
}
printMain();

// ---------------------------------------------------------------------------------------------
// Table 2: join-policy sweep on the same LOIO analyses.
// ---------------------------------------------------------------------------------------------

const isJoinLabel = (label: string) =>
  label.startsWith('objection.') ||
  label === 'need.implicit' ||
  label === 'need.explicit' ||
  label === 'next_step';
const familyOf = (label: string) => (label.startsWith('objection.') ? 'objection' : label);
const FAMILIES = ['objection', 'need.implicit', 'need.explicit', 'next_step'] as const;

interface JoinEffect {
  added: number;
  addedRight: number;
  removed: number;
  removedRight: number;
  byFamily: Record<string, { removed: number; removedRight: number; added: number; addedRight: number }>;
}

/**
 * Findings the model added (rule `model.*`; right when the gold has the label) and rule findings
 * of the joined labels it removed (ids of the rules-alone run missing; right when the gold lacks
 * the label). Finding ids depend on call, utterance, label and span only, so they match across runs.
 */
function joinEffect(rulesCases: readonly EvalCase[], modelCases: readonly EvalCase[]): JoinEffect {
  const e: JoinEffect = { added: 0, addedRight: 0, removed: 0, removedRight: 0, byFamily: {} };
  for (const f of FAMILIES) e.byFamily[f] = { removed: 0, removedRight: 0, added: 0, addedRight: 0 };
  modelCases.forEach((mc, i) => {
    const rc = rulesCases[i]!;
    if (rc.name !== mc.name) throw new Error(`case order differs: ${rc.name} vs ${mc.name}`);
    const goldHas = (utteranceId: string, label: string) =>
      (mc.gold.utterances[utteranceId] ?? []).includes(label as never);
    const kept = new Set(mc.analysis.findings.map((f) => f.id));
    for (const f of rc.analysis.findings) {
      if (!isJoinLabel(f.label) || kept.has(f.id)) continue;
      const right = !goldHas(f.utteranceId, f.label);
      const fam = e.byFamily[familyOf(f.label)]!;
      e.removed++;
      fam.removed++;
      if (right) {
        e.removedRight++;
        fam.removedRight++;
      }
    }
    for (const f of mc.analysis.findings) {
      if (!f.rule?.startsWith('model.') || !isJoinLabel(f.label)) continue;
      const right = goldHas(f.utteranceId, f.label);
      const fam = e.byFamily[familyOf(f.label)]!;
      e.added++;
      fam.added++;
      if (right) {
        e.addedRight++;
        fam.addedRight++;
      }
    }
  });
  return e;
}

const t3 = performance.now();
const sweep: { policy: JoinPolicy; reports: Record<Mode, ModeReport>; effect: Record<Mode, JoinEffect> }[] =
  [];
for (const types of TYPE_CHOICES) {
  for (const veto of VETO_SWEEP) {
    const policy = { veto, types };
    const run = await evaluateBoth((industry) => new JoinPolicyModel(foldModels.get(industry)!, policy));
    sweep.push({
      policy,
      reports: run.reports,
      effect: {
        punctuated: joinEffect(rules.cases.punctuated, run.cases.punctuated),
        unpunctuated: joinEffect(rules.cases.unpunctuated, run.cases.unpunctuated),
      },
    });
  }
}
const sweepSeconds = seconds(t3);

const shippedRun = sweep.find((s) => s.policy.veto === VETO && s.policy.types === SHIPPED_TYPES);
const reproduces =
  shippedRun !== undefined && JSON.stringify(shippedRun.reports) === JSON.stringify(full.reports);

function printSweep(): void {
  const prf3 = (p: PRF) => `${f3(p.precision)}/${f3(p.recall)}/${f3(p.f1)}`;
  const frac = (right: number, all: number) => `${all}(${right})`;
  console.log(
    `\nTable 2. Join policy sweep on the LOIO analyses (emulated by JoinPolicyModel; shipped: VETO ${VETO}, ` +
      `${SHIPPED_TYPES}, marked *). Emulation at the shipped policy reproduces Table 1's model column ` +
      `exactly: ${reproduces ? 'yes' : 'NO'}.`,
  );
  console.log(
    '  VETO moves the veto boundary of objection (any), need.implicit, need.explicit and next_step;\n' +
      '  types: which types a model-added objection gets (above|argmax = types at or above their\n' +
      '  thresholds, else the likeliest; argmax = the likeliest only). added(right) = model findings of\n' +
      '  those labels (right: gold has the label); removed(right) = rules-alone findings of those labels\n' +
      '  missing from the joined run (right: gold lacks the label). Removals are vetoes plus side\n' +
      '  effects: a model-added objection keeps a pain marker from making a need, as a vetoed objection\n' +
      '  lets one (VETO 0 shows the side effects alone).',
  );
  for (const m of MODES) {
    console.log(`\n  ${m}`);
    console.log(
      `  ${'policy'.padEnd(24)}${'objection P/R/F1'.padEnd(19)}${'type'.padStart(6)}${'tech'.padStart(7)}` +
        `${'resolv'.padStart(7)}  ${'implicit P/R/F1'.padEnd(19)}${'ident'.padStart(6)}  ` +
        `${'next_step P/R/F1'.padEnd(19)}${'explicit P/R/F1'.padEnd(19)}${'tags'.padStart(6)}` +
        `${'added(right)'.padStart(14)}${'removed(right)'.padStart(15)}`,
    );
    const line = (name: string, r: ModeReport, e?: JoinEffect) =>
      console.log(
        `  ${name.padEnd(24)}${prf3(r.objection).padEnd(19)}${f3(r.objectionTypeAccuracy).padStart(6)}` +
          `${f3(r.techniques.f1).padStart(7)}${f3(r.objectionResolvedAccuracy).padStart(7)}  ` +
          `${prf3(r.implicitNeed).padEnd(19)}${f3(r.implicitNeedIdentifiedAccuracy).padStart(6)}  ` +
          `${prf3(r.labels.next_step).padEnd(19)}${prf3(r.labels['need.explicit']).padEnd(19)}` +
          `${f3(r.tags.f1).padStart(6)}` +
          `${(e ? frac(e.addedRight, e.added) : '—').padStart(14)}` +
          `${(e ? frac(e.removedRight, e.removed) : '—').padStart(15)}`,
      );
    line('rules alone', rules.reports[m]);
    for (const s of sweep) {
      const shipped = s.policy.veto === VETO && s.policy.types === SHIPPED_TYPES ? '*' : ' ';
      const types = s.policy.types === 'argmax-only' ? 'argmax' : 'above|argmax';
      line(`${shipped}veto ${s.policy.veto.toFixed(2)} ${types}`, s.reports[m], s.effect[m]);
    }
  }
  console.log(
    '\n  By label family, punctuated, types above|argmax: removed(right) per VETO, then the model\n' +
      '  additions at the shipped policy (they move with VETO only through the side effects above).',
  );
  console.log(`  ${'VETO'.padEnd(8)}${FAMILIES.map((f) => f.padStart(16)).join('')}`);
  for (const s of sweep.filter((x) => x.policy.types === SHIPPED_TYPES)) {
    const e = s.effect.punctuated;
    console.log(
      `  ${s.policy.veto.toFixed(2).padEnd(8)}${FAMILIES.map((f) => frac(e.byFamily[f]!.removedRight, e.byFamily[f]!.removed).padStart(16)).join('')}`,
    );
  }
  if (shippedRun) {
    const e = shippedRun.effect.punctuated;
    console.log(
      `  ${'added'.padEnd(8)}${FAMILIES.map((f) => frac(e.byFamily[f]!.addedRight, e.byFamily[f]!.added).padStart(16)).join('')}`,
    );
  }
}
printSweep();

console.log(
  `\nTime: training ${trainingSeconds.toFixed(1)} s (${industries.length} folds), rules-alone analysis ` +
    `${rulesSeconds} s, LOIO analysis ${fullSeconds} s, sweep ${sweepSeconds} s ` +
    `(${sweep.length} policies × ${heldOut.length} calls × 2 modes); total wall ${seconds(started)} s.`,
);
