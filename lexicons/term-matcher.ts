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

export interface TermMatcher {
  readonly size: number;
  /** Every occurrence of every pattern, ordered by start then by length descending. */
  findAll(text: string): TermHit[];
  /** Index of the pattern equal to `text`, or -1. */
  exact(text: string): number;
}

const NO_OUTPUT = -1;

export function buildTermMatcher(patterns: readonly string[]): TermMatcher {
  const edges = new Map<number, number>();
  const depth: number[] = [0];
  const fail: number[] = [0];
  const output: number[] = [NO_OUTPUT]; // pattern ending exactly here (longest first by construction)
  const dictLink: number[] = [0]; // nearest proper suffix state that has an output
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
  // Compact the automaton: one sorted edge run per state in typed arrays (6 bytes an edge), a
  // dense table for the root (most steps start there), typed arrays for per-state data. A Map of
  // edges costs ~40 bytes an entry; this keeps 21 lexicons of 5,000 terms well inside budget.
  const stateCount = depth.length;
  const edgeStart = new Int32Array(stateCount + 1);
  for (let st = 0; st < stateCount; st++) edgeStart[st + 1] = edgeStart[st]! + children[st]!.length / 2;
  const edgeCode = new Uint16Array(edgeStart[stateCount]!);
  const edgeTarget = new Int32Array(edgeStart[stateCount]!);
  for (let st = 0; st < stateCount; st++) {
    const kids = children[st]!;
    const pairs: [number, number][] = [];
    for (let k = 0; k < kids.length; k += 2) pairs.push([kids[k]!, kids[k + 1]!]);
    pairs.sort((x, y) => x[0] - y[0]);
    let at = edgeStart[st]!;
    for (const [code, target] of pairs) {
      edgeCode[at] = code;
      edgeTarget[at++] = target;
    }
  }
  const rootTable = new Int32Array(65536).fill(-1);
  for (let e = edgeStart[0]!; e < edgeStart[1]!; e++) rootTable[edgeCode[e]!] = edgeTarget[e]!;
  const depthArr = Int32Array.from(depth);
  const failArr = Int32Array.from(fail);
  const outputArr = Int32Array.from(output);
  const linkArr = Int32Array.from(dictLink);
  children.length = 0;
  edges.clear();

  const step = (state: number, code: number): number => {
    if (state === 0) return rootTable[code]!;
    let lo = edgeStart[state]!;
    let hi = edgeStart[state + 1]! - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = edgeCode[mid]!;
      if (c === code) return edgeTarget[mid]!;
      if (c < code) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  };

  const size = patterns.length;
  return {
    size,
    findAll(text: string): TermHit[] {
      const hits: TermHit[] = [];
      let state = 0;
      for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        let next = step(state, code);
        while (next < 0 && state !== 0) {
          state = failArr[state]!;
          next = step(state, code);
        }
        state = Math.max(next, 0);
        let s = outputArr[state] !== NO_OUTPUT ? state : linkArr[state]!;
        while (s !== 0) {
          const end = i + 1;
          const hit = { start: end - depthArr[s]!, end, pattern: outputArr[s]! };
          // Hits arrive by end, and longest first at one end; an insertion keeps them ordered by
          // start, then longest first. Only the few hits inside this one move (no sort's scratch
          // arrays and comparator calls per text); one hit per (start, end), so the order is total.
          let k = hits.length;
          while (k > 0 && hits[k - 1]!.start >= hit.start) k--;
          if (k === hits.length) hits.push(hit);
          else hits.splice(k, 0, hit);
          s = linkArr[s]!;
        }
      }
      return hits;
    },
    exact(text: string): number {
      let state = 0;
      for (let i = 0; i < text.length && state >= 0; i++) state = step(state, text.charCodeAt(i));
      return state > 0 && depthArr[state] === text.length ? outputArr[state]! : -1;
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
