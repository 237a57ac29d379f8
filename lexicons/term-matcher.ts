/**
 * Aho-Corasick automaton over UTF-16 code units. Texts reaching it are normalised so that every
 * code point is one code unit (see pipeline/nlp/normalize.ts), hence offsets are code points.
 *
 * Transitions live in one Map keyed by `state * 65536 + codeUnit`, which keeps memory near
 * 40 bytes per trie edge and lookups to one hash probe.
 */
export interface TermHit {
  /** [start, end) in code units of the searched text. */
  start: number;
  end: number;
  /** Index of the pattern as given to `buildTermMatcher`. */
  pattern: number;
}

/**
 * The hits of one `scan`: `count` (start, end, pattern) triples at the head of `data`. The
 * matcher's own buffer, overwritten by its next scan.
 */
export interface ScannedHits {
  readonly count: number;
  readonly data: Int32Array;
}

export interface TermMatcher {
  readonly size: number;
  /** Every occurrence of every pattern, ordered by start then by length descending. */
  findAll(text: string): TermHit[];
  /** Length of the longest pattern (0 without patterns). */
  readonly maxLength: number;
  /**
   * The hits of `findAll` in the same order, as triples in a reused buffer: no object per hit.
   * With `foldCase`, ASCII a-z are read as A-Z (as if the text went through `upperAscii`). With
   * `from` and `to`, only the hits inside text[from, to) (the text is read from `from` on).
   */
  scan(text: string, foldCase?: boolean, from?: number, to?: number): ScannedHits;
  /** Index of the pattern equal to `text`, or -1. */
  exact(text: string): number;
}

const NO_OUTPUT = -1;

/** The automaton as built: per state, its depth, failure state, output, link and children. */
interface Trie {
  readonly depth: number[];
  readonly fail: number[];
  /** Pattern ending exactly here (the first given of equal ones), or NO_OUTPUT. */
  readonly output: number[];
  /** Nearest proper suffix state that has an output (0 none). */
  readonly dictLink: number[];
  /** Per state: code, child, code, child … in insertion order. */
  readonly children: number[][];
  /** Every state but the root, breadth first (the root's children first). */
  readonly queue: number[];
}

function buildTrie(patterns: readonly string[]): Trie {
  const edges = new Map<number, number>();
  const depth: number[] = [0];
  const fail: number[] = [0];
  const output: number[] = [NO_OUTPUT];
  const dictLink: number[] = [0];
  const children: number[][] = [[]];

  patterns.forEach((p, index) => {
    let state = 0;
    for (let i = 0; i < p.length; i++) {
      const key = state * 65536 + p.charCodeAt(i);
      let next = edges.get(key);
      if (next === undefined) {
        next = depth.length;
        edges.set(key, next);
        depth.push(depth[state]! + 1);
        fail.push(0);
        output.push(NO_OUTPUT);
        dictLink.push(0);
        children.push([]);
        children[state]!.push(p.charCodeAt(i), next);
      }
      state = next;
    }
    if (output[state] === NO_OUTPUT) output[state] = index;
  });

  // Breadth-first failure links.
  const queue: number[] = [];
  const rootKids = children[0]!;
  for (let k = 0; k < rootKids.length; k += 2) queue.push(rootKids[k + 1]!);
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head]!;
    const kids = children[state]!;
    for (let k = 0; k < kids.length; k += 2) {
      const code = kids[k]!;
      const child = kids[k + 1]!;
      let f = fail[state]!;
      let target = edges.get(f * 65536 + code);
      while (target === undefined && f !== 0) {
        f = fail[f]!;
        target = edges.get(f * 65536 + code);
      }
      fail[child] = target !== undefined && target !== child ? target : 0;
      const fc = fail[child]!;
      dictLink[child] = output[fc] !== NO_OUTPUT ? fc : dictLink[fc]!;
      queue.push(child);
    }
  }
  edges.clear();
  return { depth, fail, output, dictLink, children, queue };
}

/** The compact automaton a scan reads (see `compact`). */
interface Automaton {
  /**
   * 4 ints a state: first edge, failure state, first state of its output chain (itself when a
   * pattern ends there, else its dictionary link; 0 none), its output (pattern × 256 + depth,
   * NO_OUTPUT none). The record after the last one holds the end of the edges.
   */
  readonly node: Int32Array;
  /** Dictionary link of each state (0 none). */
  readonly linkArr: Int32Array;
  readonly edgeCode: Uint16Array;
  readonly edgeTarget: Int32Array;
  /** The root's children by code unit (0 none: the root itself is nobody's child). */
  readonly rootTable: Uint16Array;
}

/**
 * Compacts the automaton, states renumbered breadth first (the root's children are 1 … R, the
 * shallow states a scan spends its time in lie together): one sorted edge run per state in
 * typed arrays (6 bytes an edge), a dense table for the root (most steps start there), and one
 * record of 4 ints per state holding what a step reads, so a step touches one cache line of
 * state data. A Map of edges costs ~40 bytes an entry; this keeps 21 lexicons of 5,000 terms
 * well inside budget.
 */
function compact(trie: Trie, patternCount: number): Automaton {
  const { depth, fail, output, dictLink, children, queue } = trie;
  const stateCount = depth.length;
  const order = [0, ...queue];
  const renumbered = new Int32Array(stateCount);
  for (let st = 0; st < stateCount; st++) renumbered[order[st]!] = st;
  if (children[0]!.length / 2 >= 65536) throw new Error('term matcher: more than 65,535 first characters');
  if (patternCount >= 1 << 23) throw new Error('term matcher: more than 2^23 patterns');
  const node = new Int32Array(4 * (stateCount + 1));
  const linkArr = new Int32Array(stateCount);
  let edgeCount = 0;
  for (const kids of children) edgeCount += kids.length / 2;
  const edgeCode = new Uint16Array(edgeCount);
  const edgeTarget = new Int32Array(edgeCount);
  let at = 0;
  for (let st = 0; st < stateCount; st++) {
    const old = order[st]!;
    const kids = children[old]!;
    const pairs: [number, number][] = [];
    for (let k = 0; k < kids.length; k += 2) pairs.push([kids[k]!, renumbered[kids[k + 1]!]!]);
    pairs.sort((x, y) => x[0] - y[0]);
    node[4 * st] = at;
    for (const [code, target] of pairs) {
      edgeCode[at] = code;
      edgeTarget[at++] = target;
    }
    node[4 * st + 1] = renumbered[fail[old]!]!;
    node[4 * st + 2] = output[old] !== NO_OUTPUT ? st : renumbered[dictLink[old]!]!;
    if (output[old] !== NO_OUTPUT && depth[old]! > 255)
      throw new Error('term matcher: patterns are at most 255 code units');
    node[4 * st + 3] = output[old] !== NO_OUTPUT ? output[old]! * 256 + depth[old]! : NO_OUTPUT;
    linkArr[st] = renumbered[dictLink[old]!]!;
  }
  node[4 * stateCount] = at;
  const rootTable = new Uint16Array(65536);
  for (let e = node[0]!; e < node[4]!; e++) rootTable[edgeCode[e]!] = edgeTarget[e]!;
  return { node, linkArr, edgeCode, edgeTarget, rootTable };
}

export function buildTermMatcher(patterns: readonly string[]): TermMatcher {
  const { node, linkArr, edgeCode, edgeTarget, rootTable } = compact(buildTrie(patterns), patterns.length);

  /** Target of the edge labelled `code` out of a state other than the root, or -1. */
  const stepInner = (state: number, code: number): number => {
    let lo = node[4 * state]!;
    let hi = node[4 * state + 4]! - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = edgeCode[mid]!;
      if (c === code) return edgeTarget[mid]!;
      if (c < code) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  };

  // The scan's buffer: 3 ints a hit, grown when a text has more hits than it holds.
  const found = { count: 0, data: new Int32Array(3 * 32) };

  const scan = (text: string, foldCase = false, from = 0, to = text.length): ScannedHits => {
    let data = found.data;
    let count = 0;
    let state = 0;
    for (let i = Math.max(0, from), until = Math.min(to, text.length); i < until; i++) {
      let code = text.charCodeAt(i);
      if (foldCase && code >= 97 && code <= 122) code -= 32;
      if (state === 0) state = rootTable[code]!;
      else {
        let next = stepInner(state, code);
        while (next < 0) {
          state = node[4 * state + 1]!;
          if (state === 0) {
            next = rootTable[code]!;
            break;
          }
          next = stepInner(state, code);
        }
        state = next;
      }
      let s = node[4 * state + 2]!;
      while (s !== 0) {
        const end = i + 1;
        const out = node[4 * s + 3]!;
        const start = end - (out & 255);
        // Hits arrive by end, and longest first at one end; an insertion keeps them ordered by
        // start, then longest first. Only the few hits inside this one move; one hit per
        // (start, end), so the order is total.
        let k = count;
        while (k > 0 && data[3 * (k - 1)]! >= start) k--;
        if (3 * (count + 1) > data.length) {
          const grown = new Int32Array(data.length * 2);
          grown.set(data);
          data = grown;
          found.data = grown;
        }
        if (k < count) data.copyWithin(3 * (k + 1), 3 * k, 3 * count);
        data[3 * k] = start;
        data[3 * k + 1] = end;
        data[3 * k + 2] = out >>> 8;
        count++;
        s = linkArr[s]!;
      }
    }
    found.count = count;
    return found;
  };

  const size = patterns.length;
  let maxLength = 0;
  for (const p of patterns) maxLength = Math.max(maxLength, p.length);
  return {
    size,
    maxLength,
    findAll(text: string): TermHit[] {
      const { count, data } = scan(text);
      const hits: TermHit[] = [];
      for (let k = 0; k < count; k++)
        hits.push({ start: data[3 * k]!, end: data[3 * k + 1]!, pattern: data[3 * k + 2]! });
      return hits;
    },
    scan,
    exact(text: string): number {
      let state = 0;
      for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        state = state === 0 ? rootTable[code]! : stepInner(state, code);
        if (state <= 0) return -1;
      }
      // Reached through edges alone, so its depth is the text's length.
      const out = state > 0 ? node[4 * state + 3]! : NO_OUTPUT;
      return out === NO_OUTPUT ? -1 : out >>> 8;
    },
  };
}

/**
 * Picks non-overlapping hits, leftmost first and longest at each start: the usual
 * maximum-munch rule for merging dictionary terms into tokens.
 */
export function selectLongestLeftmost(hits: readonly TermHit[]): TermHit[] {
  const out: TermHit[] = [];
  let cursor = 0;
  for (const h of hits) {
    if (h.start >= cursor) {
      out.push(h);
      cursor = h.end;
    }
  }
  return out;
}
