import {
  cleanUnits,
  EDGE_END,
  EDGE_START,
  type FeatureConfig,
  type FeatureVisitor,
  GRAM_C1,
  type GramKind,
  nextOtherIndex,
  previousOtherIndex,
  type Role,
  replyIndexAfter,
  soundUnits,
  type UnitFeatureSink,
  usesReply,
  usesSound,
  visitUnitFeatures,
  visitUnitReplyFeatures,
  type WordKind,
} from './features.js';
import type { GramTable } from './gram-table.js';

/** The labels of one speaker with their weights laid out for fast lookup. */
export interface RoleModel {
  readonly labels: readonly string[];
  readonly bias: Float64Array;
  /** Feature row r holds weights[r * labels.length + l]. */
  readonly weights: Float64Array;
  /** Rows of character n-gram features. */
  readonly grams: GramTable;
  /** Rows of word features by kind, keyed by the word. */
  readonly words: Readonly<Record<WordKind, ReadonlyMap<string, number>>>;
  /** Rows of dense features, keyed without the `d:` prefix. */
  readonly dense: ReadonlyMap<string, number>;
  readonly names: readonly string[];
  /** True when some feature of the role is a reply feature (`n2`, `nw`, `d:nonext`). */
  readonly readsReply: boolean;
}

/**
 * Resolves each visited feature to its row of a role's model (unknown features are skipped) and
 * hands the row to `hit`, with where the n-gram starts (-1 for a word or dense feature).
 */
abstract class RowVisitor implements FeatureVisitor {
  constructor(protected readonly role: RoleModel) {}
  protected abstract hit(row: number, start: number): void;
  gram(kind: GramKind, text: string, start: number, length: number): void {
    const c1 = length > 1 ? text.charCodeAt(start + 1) : 0;
    const c2 = length > 2 ? text.charCodeAt(start + 2) : 0;
    const r = this.role.grams.get(kind, text.charCodeAt(start), c1, c2);
    if (r >= 0) this.hit(r, start);
  }
  edge(text: string, at: number, side: '^' | '$'): void {
    const c = text.charCodeAt(at);
    const r =
      side === '^' ? this.role.grams.get('c2', EDGE_START, c, 0) : this.role.grams.get('c2', c, EDGE_END, 0);
    if (r >= 0) this.hit(r, at);
  }
  word(kind: WordKind, word: string): void {
    const r = this.role.words[kind].get(word);
    if (r !== undefined) this.hit(r, -1);
  }
  dense(key: string): void {
    const r = this.role.dense.get(key);
    if (r !== undefined) this.hit(r, -1);
  }
}

/**
 * The distinct rows present in one utterance, in the order they first occur, each with where it
 * first occurs (what a sound n-gram's evidence shows is the utterance's characters there).
 */
export class RowCollector extends RowVisitor {
  readonly rows: number[] = [];
  readonly starts: number[] = [];
  private readonly seen = new Set<number>();
  protected hit(row: number, start: number): void {
    if (this.seen.has(row)) return;
    this.seen.add(row);
    this.rows.push(row);
    this.starts.push(start);
  }
}

/**
 * Sums a role's weights over distinct rows into z (bias included): the one addition loop of both
 * scorers, so that they add in the same order to the last bit.
 */
class RowSums {
  readonly z: Float64Array;
  private readonly nLabels: number;
  private readonly seen: Int32Array;
  private stamp = 0;

  constructor(private readonly role: RoleModel) {
    this.nLabels = role.labels.length;
    this.z = new Float64Array(this.nLabels);
    this.seen = new Int32Array(role.names.length);
  }

  reset(): void {
    this.stamp++;
    if (this.stamp === 0x7fffffff) {
      this.seen.fill(0);
      this.stamp = 1;
    }
    this.z.set(this.role.bias);
  }

  /** Adds the weights of `row` unless added since the last reset; true when added. */
  add(row: number): boolean {
    if (this.seen[row] === this.stamp) return false;
    this.seen[row] = this.stamp;
    const { weights } = this.role;
    const z = this.z;
    const n = this.nLabels;
    const base = row * n;
    for (let l = 0; l < n; l++) z[l]! += weights[base + l]!;
    return true;
  }
}

/** Sums a role's weights over the distinct features of one utterance into z (bias included). */
export class Scorer extends RowVisitor {
  private readonly sums: RowSums;

  constructor(role: RoleModel) {
    super(role);
    this.sums = new RowSums(role);
  }

  get z(): Float64Array {
    return this.sums.z;
  }

  reset(): void {
    this.sums.reset();
  }

  protected hit(row: number): void {
    this.sums.add(row);
  }
}

/** Rows hit by the utterances of one call, one after another, with where each first occurs. */
export class RowLog {
  rows = new Int32Array(4096);
  starts = new Int32Array(4096);
  length = 0;

  push(row: number, start: number): void {
    if (this.length === this.rows.length) {
      const rows = new Int32Array(this.length * 2);
      rows.set(this.rows);
      this.rows = rows;
      const starts = new Int32Array(this.length * 2);
      starts.set(this.starts);
      this.starts = starts;
    }
    this.rows[this.length] = row;
    this.starts[this.length] = start;
    this.length++;
  }
}

/**
 * Scores utterances given as cleaned units (`visitUnitFeatures`): sums a role's weights over the
 * distinct features of one utterance into z (bias included), in the order `Scorer` adds them, and
 * logs each distinct row for evidence.
 */
export class UnitScorer implements UnitFeatureSink {
  private readonly sums: RowSums;
  /** Rows of the `c1` features by code: one load instead of a hash lookup. */
  private readonly singles: Int16Array | Int32Array;

  constructor(
    private readonly role: RoleModel,
    private readonly log: RowLog,
  ) {
    this.sums = new RowSums(role);
    this.singles = role.grams.singles(GRAM_C1, role.names.length);
  }

  get z(): Float64Array {
    return this.sums.z;
  }

  reset(): void {
    this.sums.reset();
  }

  gram(kind: number, c0: number, c1: number, c2: number, start: number): void {
    const r = kind === GRAM_C1 ? this.singles[c0]! : this.role.grams.getById(kind, c0, c1, c2);
    if (r >= 0 && this.sums.add(r)) this.log.push(r, start);
  }

  dense(key: string): void {
    const r = this.role.dense.get(key);
    if (r !== undefined && this.sums.add(r)) this.log.push(r, -1);
  }
}

/** The distinct rows of one utterance as evidence reads them (see RowCollector). */
export interface UtteranceRows {
  readonly rows: ArrayLike<number>;
  readonly starts: ArrayLike<number>;
  /** `length` characters of the cleaned utterance from `start`. */
  spoken(start: number, length: number): string;
}

/** Probability per label of a role from its sums z. */
export function probabilities(role: RoleModel, z: Float64Array): Record<string, number> {
  const out: Record<string, number> = {};
  for (let l = 0; l < role.labels.length; l++) out[role.labels[l]!] = 1 / (1 + Math.exp(-z[l]!));
  return out;
}

/**
 * Scores the utterances of a call for a config `unitFeaturesCover` accepts: every utterance is
 * cleaned once into one buffer of UTF-16 units and scored from there, no string built. The rows
 * each utterance hit are kept until the next call, so that its evidence (`rowsOf`) is read
 * without visiting its features again.
 */
export class CallScoring {
  private units = new Uint16Array(1 << 16);
  private sound: Uint16Array | undefined;
  private readonly log = new RowLog();
  private readonly scorers: Record<Role, UnitScorer>;
  /** The call scored last: texts and speakers read, previous and next other-speaker index, offsets. */
  private texts: readonly string[] = [];
  private speakers: readonly Role[] = [];
  private prevOf = new Int32Array(0);
  private nextOf = new Int32Array(0);
  private cleanAt = new Int32Array(1);
  private rowAt = new Int32Array(1);

  constructor(
    private readonly roles: Readonly<Record<Role, RoleModel>>,
    private readonly config: FeatureConfig,
  ) {
    this.scorers = {
      customer: new UnitScorer(roles.customer, this.log),
      rep: new UnitScorer(roles.rep, this.log),
    };
  }

  /** Probabilities of every utterance of a call. */
  score(utterances: readonly { readonly speaker: Role; readonly text: string }[]): Record<string, number>[] {
    const n = utterances.length;
    let size = 0;
    for (let i = 0; i < n; i++) size += utterances[i]!.text.length;
    if (this.units.length < size) this.units = new Uint16Array(size * 2);
    const units = this.units;
    const cleanAt = new Int32Array(n + 1);
    let at = 0;
    for (let i = 0; i < n; i++) {
      cleanAt[i] = at;
      at += cleanUnits(utterances[i]!.text, this.config, units, at);
    }
    cleanAt[n] = at;
    let sound: Uint16Array | undefined;
    if (usesSound(this.config)) {
      if (!this.sound || this.sound.length < units.length) this.sound = new Uint16Array(units.length);
      sound = this.sound;
      soundUnits(units, 0, at, sound);
    }
    const texts: string[] = new Array(n);
    const speakers: Role[] = new Array(n);
    const prevOf = new Int32Array(n);
    const nextOf = new Int32Array(n);
    const reply = usesReply(this.config);
    const rowAt = new Int32Array(n + 1);
    const log = this.log;
    log.length = 0;
    const out: Record<string, number>[] = new Array(n);
    let lastRep = -1;
    let lastCustomer = -1;
    for (let i = 0; i < n; i++) {
      const u = utterances[i]!;
      const speaker = u.speaker;
      const j = speaker === 'rep' ? lastCustomer : lastRep;
      const hasPrev = j >= 0 && cleanAt[j + 1]! > cleanAt[j]!;
      const scorer = this.scorers[speaker];
      scorer.reset();
      const from = cleanAt[i]!;
      visitUnitFeatures(units, from, cleanAt[i + 1]! - from, sound, hasPrev, this.config, scorer);
      const r = reply ? replyIndexAfter(utterances, i, i > 0 ? nextOf[i - 1]! : -1) : -1;
      // A role without reply features would only miss every lookup.
      if (reply && this.roles[speaker].readsReply) {
        const to = r >= 0 ? cleanAt[r]! : 0;
        visitUnitReplyFeatures(units, to, r >= 0 ? cleanAt[r + 1]! - to : 0, this.config, scorer);
      }
      out[i] = probabilities(this.roles[speaker], scorer.z);
      texts[i] = u.text;
      speakers[i] = speaker;
      prevOf[i] = j;
      nextOf[i] = r;
      rowAt[i + 1] = log.length;
      if (speaker === 'rep') lastRep = i;
      else lastCustomer = i;
    }
    this.texts = texts;
    this.speakers = speakers;
    this.prevOf = prevOf;
    this.nextOf = nextOf;
    this.cleanAt = cleanAt;
    this.rowAt = rowAt;
    return out;
  }

  /**
   * The rows of utterance `i` as the last call scored them, when that call read the same texts
   * for it (its own, its speaker's, the other speaker's previous one and reply); else undefined.
   */
  rowsOf(
    utterances: readonly { readonly speaker: Role; readonly text: string }[],
    i: number,
  ): UtteranceRows | undefined {
    const u = utterances[i];
    if (!u || i >= this.texts.length || this.texts[i] !== u.text || this.speakers[i] !== u.speaker)
      return undefined;
    const j = previousOtherIndex(utterances, i);
    const k = this.prevOf[i]!;
    if ((j >= 0 ? utterances[j]!.text : undefined) !== (k >= 0 ? this.texts[k] : undefined)) return undefined;
    if (usesReply(this.config)) {
      const r = nextOtherIndex(utterances, i);
      const q = this.nextOf[i]!;
      if ((r >= 0 ? utterances[r]!.text : undefined) !== (q >= 0 ? this.texts[q] : undefined))
        return undefined;
    }
    const { rows, starts } = this.log;
    const from = this.rowAt[i]!;
    const to = this.rowAt[i + 1]!;
    const units = this.units;
    const at = this.cleanAt[i]!;
    return {
      rows: rows.subarray(from, to),
      starts: starts.subarray(from, to),
      spoken: (start, length) =>
        String.fromCharCode.apply(
          null,
          units.subarray(at + start, at + start + length) as unknown as number[],
        ),
    };
  }
}
