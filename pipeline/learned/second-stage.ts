import { readFileSync } from 'node:fs';
import { AppError, ErrorCode, formatPath } from '../../models/errors.js';
import {
  cacheKey,
  codeVersion,
  type FileCache,
  packSections,
  unpackSections,
} from '../../models/file-cache.js';
import { packagePath } from '../../models/package-root.js';
import type { BaseSegmenter } from '../nlp/segment.js';
import {
  type CleanedUtterance,
  cleanText,
  type FeatureConfig,
  type GramKind,
  nextOtherIndex,
  previousOtherIndex,
  type Role,
  replyIndexAfter,
  unitFeaturesCover,
  usesReply,
  usesWords,
  visitFeatures,
  visitReplyFeatures,
  withSound,
} from './features.js';
import { GramTable } from './gram-table.js';
import type { JoinThresholds } from './join.js';
import {
  contentHash,
  type ModelFeatures,
  parseVersion,
  type SecondStageModel,
  ZSecondStageModel,
} from './model.schema.js';
import {
  CallScoring,
  probabilities,
  type RoleModel,
  RowCollector,
  Scorer,
  type UtteranceRows,
} from './role-scoring.js';

/** The shipped model (training/second-stage of the package). */
export const DEFAULT_MODEL_PATH = packagePath('training', 'second-stage', 'second-stage.json');

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
  /** True when it comes from the reply (the other speaker's next turn); absent otherwise. */
  readonly fromReply?: true;
  readonly weight: number;
}

export interface SecondStageOptions {
  /** Word segmenter (jieba in production) for utterances that carry no `words`. */
  readonly cut?: BaseSegmenter;
}

export interface LoadSecondStageOptions extends SecondStageOptions {
  /**
   * Where the validated model is kept laid out for scoring (see `models/file-cache.ts`): a later
   * process reads it back instead of parsing, validating and hashing the JSON again.
   */
  readonly cache?: FileCache;
}

/**
 * A model laid out for scoring: what inference reads, without the document. The document itself
 * (`SecondStage.model`) is read when something asks for it.
 */
export interface CompiledSecondStage {
  readonly version: string;
  readonly features: ModelFeatures;
  readonly thresholds: ReadonlyMap<string, number>;
  /** Calibrated join thresholds of the labels that have them. */
  readonly joins: ReadonlyMap<string, JoinThresholds>;
  readonly roles: Readonly<Record<Role, RoleModel>>;
  /** The validated model document. */
  readonly document: () => SecondStageModel;
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
  private readonly roles: Readonly<Record<Role, RoleModel>>;
  private readonly thresholds: ReadonlyMap<string, number>;
  private readonly joins: ReadonlyMap<string, JoinThresholds>;
  private readonly cut: BaseSegmenter | undefined;
  private readonly scorers: Record<Role, Scorer>;
  /** Scores a call from cleaned units and keeps its rows, when the features allow it. */
  private readonly calls: CallScoring | undefined;
  private doc: SecondStageModel | undefined;
  /** Cleaned texts of the current call's utterances (bounded), for explain(). */
  private readonly cleaned = new Map<string, string>();
  private readonly readDocument: () => SecondStageModel;
  /** Per role, each feature row as explain() shows it, filled on first use (see readableRow). */
  private readonly readable: Partial<Record<Role, (ReadableRow | null | undefined)[]>> = {};
  /** The rows explain() collected last (see collectRows); cleared by predictCall. */
  private lastRows:
    | {
        utterances: readonly LearnedUtterance[];
        i: number;
        words: readonly string[] | undefined;
        u: LearnedUtterance;
        text: string;
        speaker: Role;
        prev: LearnedUtterance | undefined;
        prevText: string | undefined;
        next: LearnedUtterance | undefined;
        nextText: string | undefined;
        rows: UtteranceRows;
      }
    | undefined;

  /** From a validated model document, or from its compiled form (`loadSecondStage` with a cache). */
  constructor(source: SecondStageModel | CompiledSecondStage, options: SecondStageOptions = {}) {
    const compiled = isCompiled(source) ? source : compileSecondStage(source);
    if (!isCompiled(source)) this.doc = source;
    this.readDocument = compiled.document;
    this.version = compiled.version;
    this.config = compiled.features;
    this.thresholds = compiled.thresholds;
    this.joins = compiled.joins;
    this.cut = options.cut;
    this.roles = compiled.roles;
    this.labels = [...this.roles.customer.labels, ...this.roles.rep.labels];
    this.scorers = { customer: new Scorer(this.roles.customer), rep: new Scorer(this.roles.rep) };
    this.calls = unitFeaturesCover(this.config) ? new CallScoring(this.roles, this.config) : undefined;
  }

  /** The validated model document (read from its file on first use when loaded from a cache). */
  get model(): SecondStageModel {
    this.doc ??= this.readDocument();
    return this.doc;
  }

  /** Labels predicted for utterances of `speaker`. */
  labelsOf(speaker: Role): readonly string[] {
    return this.roles[speaker].labels;
  }

  /** Probability at or above which `label` counts as present. */
  thresholdOf(label: string): number {
    const threshold = this.thresholds.get(label);
    if (threshold === undefined) throw new RangeError(`unknown label ${label}`);
    return threshold;
  }

  /** The calibrated join thresholds of `label`, or undefined when the model has none for it. */
  joinOf(label: string): JoinThresholds | undefined {
    return this.joins.get(label);
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
    const r = usesReply(this.config) ? nextOtherIndex(utterances, i) : -1;
    return this.scoreOf(u.speaker, cur, prev, r >= 0 ? this.prepare(utterances[r]!) : undefined);
  }

  /** Probabilities of every utterance of a call; each utterance is cleaned and cut once. */
  predictCall(utterances: readonly LearnedUtterance[]): SecondStagePrediction[] {
    // The cache serves this call's explain(); it never carries one call's work into the next.
    this.cleaned.clear();
    this.lastRows = undefined;
    if (this.calls) return this.calls.score(utterances);
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
    const reply = usesReply(this.config);
    let lastRep = -1;
    let lastCustomer = -1;
    let r = -1;
    for (let i = 0; i < utterances.length; i++) {
      const u = utterances[i]!;
      const j = u.speaker === 'rep' ? lastCustomer : lastRep;
      if (reply) r = replyIndexAfter(utterances, i, r);
      out.push(this.scoreOf(u.speaker, get(i), j >= 0 ? get(j) : undefined, r >= 0 ? get(r) : undefined));
      if (u.speaker === 'rep') lastRep = i;
      else lastCustomer = i;
    }
    return out;
  }

  /**
   * The `k` features of utterance `i` that weigh most towards `label`, as evidence a rep can read:
   * highest weight first, an n-gram overlapping one already listed (inside it or around it) left out, single
   * characters only when nothing longer is left, length and particle features never. Empty when
   * `label` is not one of the speaker's labels.
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
    // The rows predictCall kept for this utterance, else visited again.
    const src = this.calls?.rowsOf(utterances, i) ?? this.collectRows(utterances, i, words);
    const { rows, starts } = src;
    const nLabels = role.labels.length;
    // Filled with undefined up front: writes at scattered rows of an empty array would turn it
    // into a dictionary.
    let readable = this.readable[u.speaker];
    if (!readable) {
      readable = new Array(role.names.length).fill(undefined);
      this.readable[u.speaker] = readable;
    }
    // Candidates: rows weighing towards the label, by their place in `rows`; only those picked
    // become evidence objects.
    const order: number[] = [];
    const weightOf: number[] = [];
    const shown: ReadableRow[] = [];
    const at: number[] = [];
    for (let x = 0; x < rows.length; x++) {
      const r = rows[x]!;
      const weight = role.weights[r * nLabels + l]!;
      if (!(weight > 0)) continue;
      let row = readable[r];
      if (row === undefined) {
        row = readableRow(role.names[r]!);
        readable[r] = row;
      }
      if (row === null) continue;
      order.push(order.length);
      weightOf.push(weight);
      shown.push(row);
      at.push(x);
    }
    sortCandidates(order, weightOf, shown);
    const picked: FeatureEvidence[] = [];
    for (const singles of [false, true]) {
      for (const c of order) {
        if (picked.length >= k) break;
        const row = shown[c]!;
        if (row.single !== singles) continue;
        // A sound n-gram reads as the characters the utterance holds, not its reading's.
        const text = row.sound ? src.spoken(starts[at[c]!]!, row.text.length) : row.text;
        if (covered(picked, text, row.fromPrevious, row.fromReply)) continue;
        picked.push({
          feature: row.feature,
          text,
          fromPrevious: row.fromPrevious,
          ...(row.fromReply ? { fromReply: true as const } : {}),
          weight: weightOf[c]!,
        });
      }
    }
    return picked;
  }

  /**
   * The feature rows of utterance `i`, which do not depend on the label: the detectors explain
   * several labels of one utterance in a row (an objection's types), so the last one is kept.
   */
  private collectRows(
    utterances: readonly LearnedUtterance[],
    i: number,
    words: readonly string[] | undefined,
  ): UtteranceRows {
    const u = utterances[i]!;
    const j = previousOtherIndex(utterances, i);
    const prev = j >= 0 ? utterances[j] : undefined;
    const r = usesReply(this.config) ? nextOtherIndex(utterances, i) : -1;
    const next = r >= 0 ? utterances[r] : undefined;
    const last = this.lastRows;
    // Same list, position, words and texts read (a caller may have changed the list in between).
    if (
      last &&
      last.utterances === utterances &&
      last.i === i &&
      last.words === words &&
      last.u === u &&
      last.text === u.text &&
      last.speaker === u.speaker &&
      last.prev === prev &&
      last.prevText === prev?.text &&
      last.next === next &&
      last.nextText === next?.text
    )
      return last.rows;
    const cur = this.prepare(u, words);
    const collector = new RowCollector(this.roles[u.speaker]);
    visitFeatures(cur, prev ? this.prepare(prev) : undefined, this.config, collector);
    visitReplyFeatures(next ? this.prepare(next) : undefined, this.config, collector);
    const rows: UtteranceRows = {
      rows: collector.rows,
      starts: collector.starts,
      spoken: (start, length) => cur.clean.slice(start, start + length),
    };
    this.lastRows = {
      utterances,
      i,
      words,
      u,
      text: u.text,
      speaker: u.speaker,
      prev,
      prevText: prev?.text,
      next,
      nextText: next?.text,
      rows,
    };
    return rows;
  }

  private prepare(u: LearnedUtterance, words?: readonly string[]): CleanedUtterance {
    // `explain` cleans again what `predictCall` cleaned for the same call: a pure function of the text.
    let clean = this.cleaned.get(u.text);
    if (clean === undefined) {
      clean = cleanText(u.text, this.config);
      if (this.cleaned.size >= CLEANED_CACHE_SIZE) this.cleaned.clear();
      this.cleaned.set(u.text, clean);
    }
    const base = withSound(clean, this.config);
    if (!usesWords(this.config) || clean.length === 0) return base;
    const given = words ?? u.words;
    if (given) return { ...base, words: given };
    if (!this.cut) {
      throw new Error(
        `second stage ${this.version} reads words: pass each utterance's words or give loadSecondStage a segmenter`,
      );
    }
    return { ...base, words: this.cut(clean) };
  }

  private scoreOf(
    speaker: Role,
    cur: CleanedUtterance,
    prev: CleanedUtterance | undefined,
    next?: CleanedUtterance,
  ): SecondStagePrediction {
    const scorer = this.scorers[speaker];
    scorer.reset();
    visitFeatures(cur, prev, this.config, scorer);
    visitReplyFeatures(next, this.config, scorer);
    return probabilities(this.roles[speaker], scorer.z);
  }
}

/** A feature row as evidence reads it: its name, its text and whether it is the other speaker's. */
interface ReadableRow {
  readonly feature: string;
  readonly text: string;
  readonly fromPrevious: boolean;
  /** True when it comes from the reply (`n2`, `nw`). */
  readonly fromReply: boolean;
  /** True for a sound n-gram (`s2`, `s3`): its evidence is the utterance's characters. */
  readonly sound: boolean;
  /** True for a single character (`c1`): shown only when nothing longer is left. */
  readonly single: boolean;
}

/**
 * Sorts candidates `order` (indices into `weight` and `row`) by weight, highest first, then by
 * length, longest first, then by feature name: a total order, as names differ. An insertion
 * sort: an utterance has a few dozen candidates at most.
 */
function sortCandidates(order: number[], weight: readonly number[], row: readonly ReadableRow[]): void {
  const before = (a: number, b: number): boolean => {
    const wa = weight[a]!;
    const wb = weight[b]!;
    if (wa !== wb) return wa > wb;
    const la = row[a]!.text.length;
    const lb = row[b]!.text.length;
    if (la !== lb) return la > lb;
    return row[a]!.feature < row[b]!.feature;
  };
  for (let i = 1; i < order.length; i++) {
    const c = order[i]!;
    let j = i - 1;
    while (j >= 0 && before(c, order[j]!)) {
      order[j + 1] = order[j]!;
      j--;
    }
    order[j + 1] = c;
  }
}

/** True when evidence of the same side already holds `text` or lies inside it. */
function covered(
  picked: readonly FeatureEvidence[],
  text: string,
  fromPrevious: boolean,
  fromReply: boolean,
): boolean {
  for (const p of picked)
    if (
      p.fromPrevious === fromPrevious &&
      (p.fromReply === true) === fromReply &&
      (p.text.includes(text) || text.includes(p.text))
    )
      return true;
  return false;
}

/** The evidence form of feature `feature`; null for a dense feature (length, particle), never shown. */
function readableRow(feature: string): ReadableRow | null {
  if (feature.startsWith('d:')) return null;
  const colon = feature.indexOf(':');
  return {
    feature,
    text: feature.slice(colon + 1).replace(/^\^|\$$/g, ''),
    fromPrevious: feature.startsWith('p'),
    fromReply: feature.startsWith('n'),
    sound: feature.startsWith('s2:') || feature.startsWith('s3:'),
    single: feature.startsWith('c1:'),
  };
}

/** Cleaned texts a second stage keeps at most: more than the utterances of a long call. */
const CLEANED_CACHE_SIZE = 4096;

function buildRole(model: SecondStageModel, speaker: Role): RoleModel {
  const labels = Object.keys(model.labels)
    .filter((l) => model.labels[l]!.speaker === speaker)
    .sort();
  const names = [...new Set(labels.flatMap((l) => Object.keys(model.labels[l]!.weights)))].sort();
  const weights = new Float64Array(names.length * labels.length);
  const grams: { kind: GramKind; text: string; row: number }[] = [];
  names.forEach((name, r) => {
    const colon = name.indexOf(':');
    const kind = name.slice(0, colon);
    if (kind !== 'w' && kind !== 'pw' && kind !== 'nw' && kind !== 'd')
      grams.push({ kind: kind as GramKind, text: name.slice(colon + 1), row: r });
    labels.forEach((l, c) => {
      weights[r * labels.length + c] = model.labels[l]!.weights[name] ?? 0;
    });
  });
  return indexRole(
    labels,
    names,
    Float64Array.from(labels.map((l) => model.labels[l]!.bias)),
    weights,
    GramTable.build(grams),
  );
}

/** A role's model around its arrays: the word and dense rows looked up by name. */
function indexRole(
  labels: readonly string[],
  names: readonly string[],
  bias: Float64Array,
  weights: Float64Array,
  grams: GramTable,
): RoleModel {
  const words = {
    w: new Map<string, number>(),
    pw: new Map<string, number>(),
    nw: new Map<string, number>(),
  };
  const dense = new Map<string, number>();
  let readsReply = false;
  names.forEach((name, r) => {
    const colon = name.indexOf(':');
    const kind = name.slice(0, colon);
    if (kind === 'w' || kind === 'pw' || kind === 'nw') words[kind].set(name.slice(colon + 1), r);
    else if (kind === 'd') dense.set(name.slice(colon + 1), r);
    if (kind === 'n2' || kind === 'nw' || name === 'd:nonext') readsReply = true;
  });
  return { labels, bias, weights, grams, words, dense, names, readsReply };
}

/** Lays a validated model out for scoring. */
export function compileSecondStage(model: SecondStageModel): CompiledSecondStage {
  return {
    version: model.version,
    features: model.features,
    thresholds: new Map(Object.entries(model.labels).map(([l, m]) => [l, m.threshold])),
    joins: joinsOf(model),
    roles: { customer: buildRole(model, 'customer'), rep: buildRole(model, 'rep') },
    document: () => model,
  };
}

function joinsOf(model: SecondStageModel): Map<string, JoinThresholds> {
  const out = new Map<string, JoinThresholds>();
  for (const [l, m] of Object.entries(model.labels))
    if (m.join) out.set(l, { add: m.join.add, veto: m.join.veto });
  return out;
}

function isCompiled(source: SecondStageModel | CompiledSecondStage): source is CompiledSecondStage {
  return typeof (source as Partial<CompiledSecondStage>).document === 'function';
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

/** Bumped by hand when the cached layout changes without this module's source changing. */
const CACHE_FORMAT = 1;
const CACHE_NAME = 'second-stage';

let cacheCodeVersion: string | undefined;

/** Key of a model file's compiled form: its bytes and the code that validates and lays it out. */
function compiledKey(bytes: Uint8Array): string {
  cacheCodeVersion ??= codeVersion(new URL('.', import.meta.url), [
    'second-stage',
    'model.schema',
    'features',
    'gram-table',
  ]);
  return cacheKey(`${CACHE_NAME} ${CACHE_FORMAT} ${cacheCodeVersion}`, bytes);
}

function readModelBytes(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new AppError(
      ErrorCode.ModelUnavailable,
      `second-stage model ${path} cannot be read: ${(err as Error).message}`,
      { file: path },
    );
  }
}

/** Parses and validates a model file's bytes; errors name `path`. */
function parseModelBytes(bytes: Buffer, path: string): SecondStageModel {
  let data: unknown;
  try {
    data = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new AppError(
      ErrorCode.InvalidInput,
      `invalid second-stage model ${path}: ${(err as Error).message}`,
      {
        file: path,
      },
    );
  }
  return parseSecondStage(data, path);
}

interface CachedRole {
  labels: string[];
  names: string[];
}

interface CachedMeta {
  version: string;
  features: ModelFeatures;
  thresholds: [string, number][];
  joins: [string, JoinThresholds][];
  roles: Record<Role, CachedRole>;
}

const ROLES: readonly Role[] = ['customer', 'rep'];

function packCompiled(c: CompiledSecondStage): Buffer {
  const meta: CachedMeta = {
    version: c.version,
    features: c.features,
    thresholds: [...c.thresholds],
    joins: [...c.joins],
    roles: {
      customer: { labels: [...c.roles.customer.labels], names: [...c.roles.customer.names] },
      rep: { labels: [...c.roles.rep.labels], names: [...c.roles.rep.names] },
    },
  };
  return packSections(
    meta,
    ROLES.flatMap((r) => [c.roles[r].bias, c.roles[r].weights, c.roles[r].grams.slots]),
  );
}

/** The compiled model of a cache payload; throws when the payload does not fit its own description. */
function unpackCompiled(payload: Uint8Array, document: () => SecondStageModel): CompiledSecondStage {
  const { meta, sections } = unpackSections(payload);
  const m = meta as CachedMeta;
  const roles = {} as Record<Role, RoleModel>;
  ROLES.forEach((r, k) => {
    const { labels, names } = m.roles[r];
    const bias = new Float64Array(sections[3 * k]!);
    const weights = new Float64Array(sections[3 * k + 1]!);
    if (bias.length !== labels.length || weights.length !== names.length * labels.length)
      throw new Error(`cached second stage: ${r} arrays do not match its labels and features`);
    roles[r] = indexRole(labels, names, bias, weights, new GramTable(new Int32Array(sections[3 * k + 2]!)));
  });
  return {
    version: m.version,
    features: m.features,
    thresholds: new Map(m.thresholds),
    joins: new Map(m.joins),
    roles,
    document,
  };
}

/**
 * Reads and validates a model file (the shipped one by default). With a cache, a file seen before
 * (same bytes, same code) is read back laid out for scoring, without parsing or validating the
 * JSON; the document itself is then read only if something asks for `model`, and must still be
 * the same bytes.
 */
export function loadSecondStage(
  path: string = DEFAULT_MODEL_PATH,
  options: LoadSecondStageOptions = {},
): SecondStage {
  const bytes = readModelBytes(path);
  const { cache, ...stageOptions } = options;
  if (!cache) return new SecondStage(parseModelBytes(bytes, path), stageOptions);
  const key = compiledKey(bytes);
  const payload = cache.read(CACHE_NAME, key);
  if (payload) {
    const document = () => {
      const again = readModelBytes(path);
      if (compiledKey(again) !== key) {
        throw new AppError(
          ErrorCode.ModelUnavailable,
          `second-stage model ${path} changed after it was loaded; restart to load the new model`,
          { file: path },
        );
      }
      return parseModelBytes(again, path);
    };
    try {
      return new SecondStage(unpackCompiled(payload, document), stageOptions);
    } catch {
      // An entry this code cannot read (its hash was intact): rebuild it below.
    }
  }
  const compiled = compileSecondStage(parseModelBytes(bytes, path));
  cache.write(CACHE_NAME, key, packCompiled(compiled));
  return new SecondStage(compiled, stageOptions);
}
