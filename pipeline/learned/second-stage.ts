import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AppError, ErrorCode, formatPath } from '../../models/errors.js';
import type { BaseSegmenter } from '../nlp/segment.js';
import {
  type CleanedUtterance,
  cleanText,
  FEATURE_KINDS,
  type FeatureConfig,
  type FeatureKind,
  previousOtherIndex,
  type Role,
  usesWords,
  visitFeatures,
} from './features.js';
import { contentHash, parseVersion, type SecondStageModel, ZSecondStageModel } from './model.schema.js';

/** The shipped model, relative to this module (pipeline/learned → training/second-stage). */
export const DEFAULT_MODEL_PATH = fileURLToPath(
  new URL('../../training/second-stage/second-stage.json', import.meta.url),
);

/** What inference reads of an utterance. `words`: `cut(cleanText(text))`, when already known. */
export interface LearnedUtterance {
  readonly speaker: Role;
  readonly text: string;
  readonly words?: readonly string[];
}

/** Probability per label, for the labels of the utterance's speaker only. */
export type SecondStagePrediction = Record<string, number>;

/** One feature behind a prediction, readable as evidence. */
export interface FeatureEvidence {
  /** The feature as stored in the model: `c2:太贵`, `pw:预算` … */
  readonly feature: string;
  /** The characters or word themselves. */
  readonly text: string;
  /** True when it comes from the other speaker's previous turn. */
  readonly fromPrevious: boolean;
  readonly weight: number;
}

export interface SecondStageOptions {
  /** Word segmenter (jieba in production) for utterances that carry no `words`. */
  readonly cut?: BaseSegmenter;
}

/** The labels of one speaker with their weights laid out for fast lookup. */
interface RoleModel {
  readonly labels: readonly string[];
  readonly bias: Float64Array;
  /** Feature row r holds weights[r * labels.length + l]. */
  readonly weights: Float64Array;
  /** Feature rows per kind, keyed by the feature's text. */
  readonly index: ReadonlyMap<FeatureKind, ReadonlyMap<string, number>>;
  readonly names: readonly string[];
  /** Stamp per feature row: a row counts once per prediction. */
  readonly seen: Int32Array;
}

/**
 * The learned second stage: per-utterance logistic classifiers for objections (any and by type),
 * implicit and explicit needs on customer utterances and next steps on rep utterances. Its
 * probabilities are evidence for the rule-based detectors, not a verdict on their own.
 */
export class SecondStage {
  readonly version: string;
  /** Every label, customer labels first. */
  readonly labels: readonly string[];
  private readonly config: FeatureConfig;
  private readonly roles: Record<Role, RoleModel>;
  private readonly cut: BaseSegmenter | undefined;
  private stamp = 0;

  constructor(
    readonly model: SecondStageModel,
    options: SecondStageOptions = {},
  ) {
    this.version = model.version;
    this.config = model.features;
    this.cut = options.cut;
    this.roles = { customer: buildRole(model, 'customer'), rep: buildRole(model, 'rep') };
    this.labels = [...this.roles.customer.labels, ...this.roles.rep.labels];
  }

  /** Labels predicted for utterances of `speaker`. */
  labelsOf(speaker: Role): readonly string[] {
    return this.roles[speaker].labels;
  }

  /** Probability at or above which `label` counts as present. */
  thresholdOf(label: string): number {
    const entry = this.model.labels[label];
    if (!entry) throw new RangeError(`unknown label ${label}`);
    return entry.threshold;
  }

  /**
   * Probabilities of the labels of utterance `i`'s speaker. `words` are utterance i's words when
   * known; the other speaker's previous turn needs words too when the model reads them (from its
   * `words`, else the segmenter given at construction).
   */
  predict(
    utterances: readonly LearnedUtterance[],
    i: number,
    words?: readonly string[],
  ): SecondStagePrediction {
    const u = utterances[i];
    if (!u) throw new RangeError(`no utterance at index ${i}`);
    const j = previousOtherIndex(utterances, i);
    const cur = this.prepare(u, words);
    const prev = j >= 0 ? this.prepare(utterances[j]!) : undefined;
    return this.scoreOf(u.speaker, cur, prev);
  }

  /** Probabilities of every utterance of a call; each utterance is cleaned and cut once. */
  predictCall(utterances: readonly LearnedUtterance[]): SecondStagePrediction[] {
    const prepared: (CleanedUtterance | undefined)[] = new Array(utterances.length);
    const get = (k: number): CleanedUtterance => {
      let c = prepared[k];
      if (!c) {
        c = this.prepare(utterances[k]!);
        prepared[k] = c;
      }
      return c;
    };
    const out: SecondStagePrediction[] = [];
    let lastRep = -1;
    let lastCustomer = -1;
    for (let i = 0; i < utterances.length; i++) {
      const u = utterances[i]!;
      const j = u.speaker === 'rep' ? lastCustomer : lastRep;
      out.push(this.scoreOf(u.speaker, get(i), j >= 0 ? get(j) : undefined));
      if (u.speaker === 'rep') lastRep = i;
      else lastCustomer = i;
    }
    return out;
  }

  /**
   * The `k` features of utterance `i` that weigh most towards `label`, for evidence a rep can
   * read (length and particle features are left out). Empty when `label` is not one of the
   * speaker's labels.
   */
  explain(
    utterances: readonly LearnedUtterance[],
    i: number,
    label: string,
    k = 5,
    words?: readonly string[],
  ): FeatureEvidence[] {
    const u = utterances[i];
    if (!u) throw new RangeError(`no utterance at index ${i}`);
    const role = this.roles[u.speaker];
    const l = role.labels.indexOf(label);
    if (l < 0) return [];
    const j = previousOtherIndex(utterances, i);
    const rows = new Set<number>();
    visitFeatures(
      this.prepare(u, words),
      j >= 0 ? this.prepare(utterances[j]!) : undefined,
      this.config,
      (kind, key) => {
        if (kind === 'd') return;
        const r = role.index.get(kind)?.get(key);
        if (r !== undefined) rows.add(r);
      },
    );
    const nLabels = role.labels.length;
    return [...rows]
      .map((r) => ({ r, weight: role.weights[r * nLabels + l]! }))
      .filter((x) => x.weight > 0)
      .sort((a, b) => b.weight - a.weight || compare(role.names[a.r]!, role.names[b.r]!))
      .slice(0, k)
      .map(({ r, weight }) => {
        const feature = role.names[r]!;
        const colon = feature.indexOf(':');
        return { feature, text: feature.slice(colon + 1), fromPrevious: feature.startsWith('p'), weight };
      });
  }

  private prepare(u: LearnedUtterance, words?: readonly string[]): CleanedUtterance {
    const clean = cleanText(u.text, this.config);
    if (!usesWords(this.config) || clean.length === 0) return { clean };
    const given = words ?? u.words;
    if (given) return { clean, words: given };
    if (!this.cut) {
      throw new Error(
        `second stage ${this.version} reads words: pass each utterance's words or give loadSecondStage a segmenter`,
      );
    }
    return { clean, words: this.cut(clean) };
  }

  private scoreOf(
    speaker: Role,
    cur: CleanedUtterance,
    prev: CleanedUtterance | undefined,
  ): SecondStagePrediction {
    const role = this.roles[speaker];
    const nLabels = role.labels.length;
    const z = Float64Array.from(role.bias);
    this.stamp = this.stamp === 0x7fffffff ? 1 : this.stamp + 1;
    if (this.stamp === 1) role.seen.fill(0);
    const stamp = this.stamp;
    const { seen, weights, index } = role;
    visitFeatures(cur, prev, this.config, (kind, key) => {
      const r = index.get(kind)?.get(key);
      if (r === undefined || seen[r] === stamp) return;
      seen[r] = stamp;
      const base = r * nLabels;
      for (let l = 0; l < nLabels; l++) z[l]! += weights[base + l]!;
    });
    const out: SecondStagePrediction = {};
    for (let l = 0; l < nLabels; l++) out[role.labels[l]!] = 1 / (1 + Math.exp(-z[l]!));
    return out;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function buildRole(model: SecondStageModel, speaker: Role): RoleModel {
  const labels = Object.keys(model.labels)
    .filter((l) => model.labels[l]!.speaker === speaker)
    .sort();
  const names = [...new Set(labels.flatMap((l) => Object.keys(model.labels[l]!.weights)))].sort();
  const weights = new Float64Array(names.length * labels.length);
  const index = new Map<FeatureKind, Map<string, number>>(FEATURE_KINDS.map((k) => [k, new Map()]));
  names.forEach((name, r) => {
    const colon = name.indexOf(':');
    index.get(name.slice(0, colon) as FeatureKind)!.set(name.slice(colon + 1), r);
    labels.forEach((l, c) => {
      weights[r * labels.length + c] = model.labels[l]!.weights[name] ?? 0;
    });
  });
  return {
    labels,
    bias: Float64Array.from(labels.map((l) => model.labels[l]!.bias)),
    weights,
    index,
    names,
    seen: new Int32Array(names.length),
  };
}

/**
 * Parses a model document: schema, version format and content hash. Throws `AppError` naming
 * `file` and every problem.
 */
export function parseSecondStage(data: unknown, file: string): SecondStageModel {
  const r = ZSecondStageModel.safeParse(data);
  if (!r.success) {
    const msg = r.error.issues
      .slice(0, 10)
      .map((i) => `${formatPath(i.path)}: ${i.message}`)
      .join('; ');
    throw new AppError(ErrorCode.InvalidInput, `invalid second-stage model ${file}: ${msg}`, { file });
  }
  const model = r.data;
  const hash = contentHash(model);
  const declared = parseVersion(model.version)!.hash;
  if (declared !== hash) {
    throw new AppError(
      ErrorCode.InvalidInput,
      `invalid second-stage model ${file}: version ${model.version} does not match its content (hash ${hash}); retrain with npm run train`,
      { file },
    );
  }
  return model;
}

/** Reads and validates a model file (the shipped one by default). */
export function loadSecondStage(
  path: string = DEFAULT_MODEL_PATH,
  options: SecondStageOptions = {},
): SecondStage {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new AppError(
      ErrorCode.ModelUnavailable,
      `second-stage model ${path} cannot be read: ${(err as Error).message}`,
      { file: path },
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new AppError(
      ErrorCode.InvalidInput,
      `invalid second-stage model ${path}: ${(err as Error).message}`,
      {
        file: path,
      },
    );
  }
  return new SecondStage(parseSecondStage(data, path), options);
}
