import { type CompiledLexicon, upperAscii } from '../../lexicons/lexicon.compile.js';
import { documentTerms } from '../../lexicons/lexicon.schema.js';
import type { PreparedUtterance } from './prepare.js';

/**
 * A cheap necessary condition for sharing a content word (prepare.ts: jieba's words, each folded
 * to its lexicon concept) with another text, read before that text is segmented: segmentation is
 * the largest cost of the restatement and need detectors, and most texts compared share nothing.
 *
 * A word that is not a lexicon surface folds to itself; a surface folds to the concept of its
 * (first) term, and a concept is itself a surface. So another word folds to the same word only
 * when it is the same word, and to the same concept only when it is a surface of that concept:
 * either way it occurs in the other text as written (surfaces compared with ASCII letters
 * upper-cased, as the lexicon's matcher compares them).
 */
export interface WordProbe {
  /** The probed words that are no lexicon surface, as written. */
  readonly words: readonly string[];
  /** Every surface (ASCII upper-cased) of the concepts of the probed words that are surfaces. */
  readonly surfaces: readonly string[];
}

/**
 * The content words of `u` inside [start, end) (as `wordsWithin` takes them), for `mayShareWord`.
 * `lexicon` must be the one the utterance was prepared with (its `fold`).
 */
export function wordProbe(
  u: PreparedUtterance,
  lexicon: CompiledLexicon,
  start = 0,
  end = Number.POSITIVE_INFINITY,
): WordProbe {
  const words: string[] = [];
  const surfaces: string[] = [];
  for (const c of u.content) {
    if (c.start < start || c.end > end) continue;
    const written = u.norm.slice(c.start, c.end);
    if (c.word === written && lexicon.lookup(written).length === 0) words.push(written);
    else for (const s of surfacesOf(lexicon, c.word)) surfaces.push(s);
  }
  return { words, surfaces };
}

/**
 * False only when no content word of `text` (an utterance's text, or a span of it holding the
 * words compared) can fold to a probed one: then their content-word overlap is empty.
 */
export function mayShareWord(probe: WordProbe, text: string): boolean {
  for (const w of probe.words) if (text.includes(w)) return true;
  if (probe.surfaces.length === 0) return false;
  const upper = upperAscii(text);
  for (const s of probe.surfaces) if (upper.includes(s)) return true;
  return false;
}

/** Per lexicon: the surfaces (ASCII upper-cased) of each concept, but for one whose only surface is itself. */
const surfaceIndex = new WeakMap<CompiledLexicon, ReadonlyMap<string, readonly string[]>>();

/** The surfaces (ASCII upper-cased) that fold to `concept`, a concept of the lexicon. */
function surfacesOf(lexicon: CompiledLexicon, concept: string): readonly string[] {
  let index = surfaceIndex.get(lexicon);
  if (!index) {
    const all = new Map<string, Set<string>>();
    for (const t of lexicon.documents.flatMap(documentTerms)) {
      for (const s of [t.term, ...(t.synonyms ?? [])]) {
        const folded = lexicon.fold(s);
        const set = all.get(folded);
        if (set) set.add(upperAscii(s));
        else all.set(folded, new Set([upperAscii(s)]));
      }
    }
    const several = new Map<string, readonly string[]>();
    // A concept whose one surface is itself is left out (the usual case): `[concept]` stands for it.
    for (const [c, set] of all) if (set.size > 1 || !set.has(upperAscii(c))) several.set(c, [...set]);
    index = several;
    surfaceIndex.set(lexicon, index);
  }
  return index.get(concept) ?? [upperAscii(concept)];
}
