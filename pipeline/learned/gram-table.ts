import { GRAM_C1, GRAM_C2, GRAM_C3, GRAM_N2, GRAM_P2, GRAM_S2, GRAM_S3, type GramKind } from './features.js';

/**
 * Character n-gram features by their UTF-16 codes, in an open-addressing hash table: a lookup
 * builds no string. Key: (kind, first code) and (second code, third code), 0 where absent (the
 * cleaned text holds no U+0000).
 */
export class GramTable {
  private readonly mask: number;

  /**
   * `slots`: slot k holds the key halves at 3k and 3k + 1 and the row at 3k + 2 (-1 when empty);
   * one cache line a probe. A power-of-two number of slots.
   */
  /**
   * One bit per FILTER_BITS-bit hash prefix, set for every key in the table (small enough to stay
   * in cache): most trigrams and many bigrams of a text are not features, and their lookup then
   * ends here instead of at a random slot of the table.
   */
  private readonly filter: Int32Array;

  constructor(readonly slots: Int32Array) {
    const size = slots.length / 3;
    if (!Number.isInteger(size) || size < 1 || (size & (size - 1)) !== 0)
      throw new RangeError(`gram table: ${slots.length} is not 3 × a power of two`);
    this.mask = size - 1;
    this.filter = new Int32Array(1 << (FILTER_BITS - 5));
    for (let k = 0; k < size; k++) {
      if (slots[3 * k + 2] === -1) continue;
      const bit = hash(slots[3 * k]!, slots[3 * k + 1]!) >>> (32 - FILTER_BITS);
      this.filter[bit >>> 5]! |= 1 << (bit & 31);
    }
  }

  static build(entries: readonly { kind: GramKind; text: string; row: number }[]): GramTable {
    let size = 16;
    while (size < entries.length * 2) size *= 2;
    const mask = size - 1;
    const slots = new Int32Array(size * 3);
    for (let k = 0; k < size; k++) slots[3 * k + 2] = -1;
    for (const e of entries) {
      const a = (gramKindId(e.kind) << 16) | e.text.charCodeAt(0);
      const b = (codeAt(e.text, 1) << 16) | codeAt(e.text, 2);
      let h = hash(a, b) & mask;
      while (slots[3 * h + 2] !== -1) h = (h + 1) & mask;
      slots[3 * h] = a;
      slots[3 * h + 1] = b;
      slots[3 * h + 2] = e.row;
    }
    return new GramTable(slots);
  }

  /**
   * Row of each one-character n-gram of kind `kindId` by its code (-1 where none): a direct
   * table, of 16-bit rows when they fit (the CJK block then takes 42 KB).
   */
  singles(kindId: number, rowCount: number): Int16Array | Int32Array {
    const rows = (rowCount <= 0x7fff ? new Int16Array(0x10000) : new Int32Array(0x10000)).fill(-1);
    const slots = this.slots;
    for (let at = 0; at < slots.length; at += 3) {
      const row = slots[at + 2]!;
      if (row !== -1 && slots[at]! >>> 16 === kindId && slots[at + 1] === 0) rows[slots[at]! & 0xffff] = row;
    }
    return rows;
  }

  /** Row of the n-gram with codes c0, c1, c2 (0 past its end), or -1. */
  get(kind: GramKind, c0: number, c1: number, c2: number): number {
    return this.getById(gramKindId(kind), c0, c1, c2);
  }

  /** `get` by the kind's number (GRAM_C1 …). */
  getById(kindId: number, c0: number, c1: number, c2: number): number {
    const a = (kindId << 16) | c0;
    const b = (c1 << 16) | c2;
    const hashed = hash(a, b);
    const bit = hashed >>> (32 - FILTER_BITS);
    if ((this.filter[bit >>> 5]! & (1 << (bit & 31))) === 0) return -1;
    const slots = this.slots;
    let h = hashed & this.mask;
    for (;;) {
      const at = 3 * h;
      const row = slots[at + 2]!;
      if (row === -1 || (slots[at] === a && slots[at + 1] === b)) return row;
      h = (h + 1) & this.mask;
    }
  }
}

/** Bits of the gram table's filter: 2^18 bits, 32 KB, for ~16,000 keys a role (~6 % false hits). */
const FILTER_BITS = 18;

// A comparison chain, not a lookup table: kinds are constant strings, compared by identity.
function gramKindId(kind: GramKind): number {
  return kind === 'c1'
    ? GRAM_C1
    : kind === 'c2'
      ? GRAM_C2
      : kind === 'c3'
        ? GRAM_C3
        : kind === 'p2'
          ? GRAM_P2
          : kind === 's2'
            ? GRAM_S2
            : kind === 's3'
              ? GRAM_S3
              : GRAM_N2;
}

function codeAt(text: string, i: number): number {
  return i < text.length ? text.charCodeAt(i) : 0;
}

function hash(a: number, b: number): number {
  let h = Math.imul(a ^ Math.imul(b, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 15;
  return h >>> 0;
}
