import { createHash } from 'node:crypto';
import {
  type Category,
  documentTerms,
  type LexiconDocument,
  type ResolvedLexiconDocument,
  type TResolvedTerm,
} from './lexicon.schema.js';
import { buildPinyinMatcher, type PinyinMatcher } from './pinyin-matcher.js';
import { buildTermMatcher, type TermHit, type TermMatcher } from './term-matcher.js';

/** One surface form of a concept. Synonyms share the concept (their canonical term). */
export interface LexiconEntry {
  readonly surface: string;
  readonly concept: string;
  readonly category: Category;
  readonly weight: number;
  readonly tag?: string;
  /** `base` or the industry whose overlay defined it (an ancestor's id for an inherited term). */
  readonly source: string;
  /** Set when the term is inherited: the ancestor industry that defines it (`extends:`). */
  readonly inheritedFrom?: string;
}

export interface TermOccurrence extends TermHit {
  readonly entry: LexiconEntry;
  /** Set when the term was heard through its pinyin (an ASR mis-hearing), not written as such. */
  readonly heard?: { readonly surface: string; readonly distance: number };
}

/**
 * An immutable, compiled lexicon: the base lexicon plus one industry overlay. Analyses take
 * one as an argument, so publishing a new version only swaps which object callers fetch;
 * nothing global (such as jieba's dictionary) is touched.
 */
export interface CompiledLexicon {
  readonly industry: string;
  readonly name: string;
  readonly sequence: number;
  readonly hash: string;
  /** `<industry>@<sequence>+<content hash>` */
  readonly versionId: string;
  /** Number of distinct surface forms (terms and synonyms, base included). */
  readonly surfaceCount: number;
  readonly documents: readonly LexiconDocument[];
  /** Every occurrence of every entry in a (normalised) text. */
  findTerms(text: string): TermOccurrence[];
  /**
   * The occurrences of `findTerms(text)` (same order) of entries whose category matches
   * `category` and that contain a break strictly inside: a position b of `breaks` (ascending)
   * with start < b < end. Read with a matcher of those entries' surfaces alone (built on first use
   * per expression), only around the breaks; no object is made for any other occurrence.
   */
  findTermsAcross(text: string, breaks: readonly number[], category: RegExp): TermOccurrence[];
  /**
   * Industry terms of 3+ Chinese characters heard through their pinyin (顾主责任险 for 雇主责任险),
   * outside the spans already matched exactly. The matcher is built on first use.
   */
  findHeardTerms(text: string, exactSpans: readonly (readonly [number, number])[]): TermOccurrence[];
  /** Entries of one surface form (several when base and overlay both define it). */
  lookup(surface: string): readonly LexiconEntry[];
  /** Canonical concept of a surface, or the surface itself when unknown. */
  fold(surface: string): string;
}

/** Stable content hash of the documents a lexicon is compiled from (order-independent terms). */
export function hashLexiconContent(documents: readonly LexiconDocument[]): string {
  const canonical = documents.map((d) => ({
    industry: d.industry,
    name: d.name,
    terms: documentTerms(d)
      .map((t) => ({
        term: t.term,
        category: t.category,
        synonyms: [...(t.synonyms ?? [])].sort(),
        weight: t.weight ?? 1,
        tag: t.tag ?? null,
      }))
      .sort((a, b) => (a.term < b.term ? -1 : a.term > b.term ? 1 : a.category < b.category ? -1 : 1)),
    stopwords: [...(d.stopwords ?? [])].sort(),
  }));
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

/** `<industry>@<sequence>+<first 12 hex of the content hash>`: the one spelling of a version id. */
export function lexiconVersionId(industry: string, sequence: number, hash: string): string {
  return `${industry}@${sequence}+${hash.slice(0, 12)}`;
}

/**
 * Surfaces a matcher looks for: every one (`patterns` undefined), or those with an entry of the
 * categories `category` matches, `patterns` giving each one's pattern number in the whole list.
 */
interface Subset {
  readonly matcher: TermMatcher;
  readonly patterns: Int32Array | undefined;
  readonly category: RegExp | undefined;
}

/** Term-level data shared by all surface forms of a term. */
interface TermData {
  readonly concept: string;
  readonly category: Category;
  readonly weight: number;
  readonly tag?: string;
  readonly source: string;
  readonly inheritedFrom?: string;
}

/**
 * Compiles base + overlay into one matcher. An overlay that `extends:` another is passed resolved
 * (lexicon.inherit.ts `resolveOverlay`): its inherited terms carry `inheritedFrom`, which becomes
 * the entries' `source` and `inheritedFrom`. `sequence` is the version's sequence number (1 for the
 * shipped files; later publications and rollbacks get higher ones).
 *
 * Memory matters (a deployment may hold 21 industries of 5,000 terms): term data is stored once
 * per term, surfaces map to terms through a typed array, and entry objects are only made for
 * surfaces that actually occur in analysed text.
 */
export function compileLexicon(
  base: LexiconDocument,
  overlay: LexiconDocument | ResolvedLexiconDocument,
  sequence: number,
): CompiledLexicon {
  if (!Number.isInteger(sequence) || sequence < 1)
    throw new Error(`lexicon sequence must be >= 1, got ${sequence}`);
  const documents = Object.freeze([deepFreeze(base), deepFreeze(overlay)]) as readonly LexiconDocument[];
  const hash = hashLexiconContent(documents);
  const terms: TermData[] = [];
  const surfaces: string[] = [];
  const firstTerm: number[] = [];
  const extraTerms = new Map<number, number[]>();
  const patternOf = new Map<string, number>();
  documents.forEach((doc, d) => {
    const own = d === 0 ? 'base' : doc.industry;
    for (const t of documentTerms(doc) as TResolvedTerm[]) {
      const ti = terms.length;
      terms.push(
        Object.freeze({
          concept: t.term,
          category: t.category,
          weight: t.weight ?? 1,
          ...(t.tag ? { tag: t.tag } : {}),
          source: t.inheritedFrom ?? own,
          ...(t.inheritedFrom ? { inheritedFrom: t.inheritedFrom } : {}),
        }),
      );
      for (const surface of [t.term, ...(t.synonyms ?? [])]) {
        const p = patternOf.get(surface);
        if (p === undefined) {
          patternOf.set(surface, surfaces.length);
          surfaces.push(surface);
          firstTerm.push(ti);
        } else {
          const list = extraTerms.get(p) ?? [];
          list.push(ti);
          extraTerms.set(p, list);
        }
      }
    }
  });
  patternOf.clear();
  // ASCII letters match case-insensitively (ASR writes cbct, CBCT, Cbct).
  const matcher: TermMatcher = buildTermMatcher(surfaces.map(upperAscii));
  const termIndex = Int32Array.from(firstTerm);
  const entryCache = new Map<number, readonly LexiconEntry[]>();
  const entriesOf = (p: number): readonly LexiconEntry[] => {
    let list = entryCache.get(p);
    if (!list) {
      const surface = surfaces[p]!;
      list = Object.freeze(
        [termIndex[p]!, ...(extraTerms.get(p) ?? [])].map((ti) => Object.freeze({ surface, ...terms[ti]! })),
      );
      entryCache.set(p, list);
    }
    return list;
  };
  const { findTerms, findTermsAcross } = exactFinders(
    matcher,
    surfaces,
    (p) => [termIndex[p]!, ...(extraTerms.get(p) ?? [])].map((ti) => terms[ti]!.category),
    entriesOf,
  );
  const industry = overlay.industry;
  let heard: PinyinMatcher | undefined;
  const lexicon: CompiledLexicon = {
    industry,
    name: overlay.name,
    sequence,
    hash,
    versionId: lexiconVersionId(industry, sequence, hash),
    surfaceCount: surfaces.length,
    documents,
    findTerms,
    findTermsAcross,
    findHeardTerms(text, exactSpans) {
      heard ??= buildPinyinMatcher(
        surfaces
          .map((surface, id) => ({ surface, id }))
          .filter(({ id }) => entriesOf(id).every((e) => e.source !== 'base')),
      );
      if (heard.size === 0) return [];
      const out: TermOccurrence[] = [];
      for (const hit of heard.find(text, exactSpans)) {
        const list = entriesOf(hit.id);
        for (let i = 0; i < list.length; i++)
          out.push({
            start: hit.start,
            end: hit.end,
            pattern: hit.id,
            entry: list[i]!,
            heard: { surface: hit.surfaceHeard, distance: hit.distance },
          });
      }
      return out;
    },
    lookup(surface) {
      const p = matcher.exact(upperAscii(surface));
      return p < 0 ? [] : entriesOf(p);
    },
    fold(surface) {
      const p = matcher.exact(upperAscii(surface));
      return p < 0 ? surface : terms[termIndex[p]!]!.concept;
    },
  };
  return Object.freeze(lexicon);
}

/**
 * `findTerms` and `findTermsAcross` of a compiled lexicon over its whole matcher; `categoriesOf`
 * gives the categories of a surface's entries, `entriesOf` its entries (made on first use).
 */
function exactFinders(
  matcher: TermMatcher,
  surfaces: readonly string[],
  categoriesOf: (pattern: number) => readonly Category[],
  entriesOf: (pattern: number) => readonly LexiconEntry[],
): Pick<CompiledLexicon, 'findTerms' | 'findTermsAcross'> {
  /** The whole matcher as a subset: every surface, every category. */
  const everything: Subset = { matcher, patterns: undefined, category: undefined };
  /**
   * The occurrences found by a subset's matcher in text[from, to) (case-folded for ASCII as
   * `upperAscii`), with `breaks` only those with a break strictly inside; one object per
   * occurrence kept, none for the others.
   */
  const occurrences = (
    text: string,
    subset: Subset,
    breaks?: readonly number[],
    from?: number,
    to?: number,
  ): TermOccurrence[] => {
    const out: TermOccurrence[] = [];
    const { count, data } = subset.matcher.scan(text, true, from, to);
    for (let k = 0; k < count; k++) {
      const start = data[3 * k]!;
      const end = data[3 * k + 1]!;
      if (breaks && !breaks.some((b) => start < b && b < end)) continue;
      // A Latin term must not start or end inside a Latin word (DR in DRG, AP in APP).
      if (isLatin(text.charCodeAt(start)) && isLatin(text.charCodeAt(start - 1))) continue;
      if (isLatin(text.charCodeAt(end - 1)) && isLatin(text.charCodeAt(end))) continue;
      const pattern = subset.patterns ? subset.patterns[data[3 * k + 2]!]! : data[3 * k + 2]!;
      const list = entriesOf(pattern);
      for (let i = 0; i < list.length; i++) {
        const entry = list[i]!;
        if (subset.category && !subset.category.test(entry.category)) continue;
        out.push({ start, end, pattern, entry });
      }
    }
    return out;
  };
  // Subsets by category expression, built on first use; the last one asked for, by identity
  // (callers pass one constant expression: no key string per call).
  const subsets = new Map<string, Subset>();
  let lastCategory: RegExp | undefined;
  let lastSubset: Subset | undefined;
  const subsetOf = (category: RegExp): Subset => {
    if (category === lastCategory && lastSubset) return lastSubset;
    const key = `${category.source}/${category.flags}`;
    let subset = subsets.get(key);
    lastCategory = category;
    if (subset) {
      lastSubset = subset;
      return subset;
    }
    const test = new RegExp(category.source, category.flags.replace(/[gy]/g, ''));
    // A surface that upper-cases like an earlier one is never reported by the whole matcher
    // (the earlier one is): it stays out here too, so the subset finds what the whole one does.
    const seen = new Set<string>();
    const kept: number[] = [];
    surfaces.forEach((surface, p) => {
      const folded = upperAscii(surface);
      if (seen.has(folded)) return;
      seen.add(folded);
      if (categoriesOf(p).some((c) => test.test(c))) kept.push(p);
    });
    seen.clear();
    subset = {
      matcher: buildTermMatcher(kept.map((p) => upperAscii(surfaces[p]!))),
      patterns: Int32Array.from(kept),
      category: test,
    };
    subsets.set(key, subset);
    lastSubset = subset;
    return subset;
  };
  return {
    findTerms(text) {
      return occurrences(text, everything);
    },
    findTermsAcross(text, breaks, category) {
      if (breaks.length === 0) return [];
      const subset = subsetOf(category);
      const reach = subset.matcher.maxLength - 1;
      const from = breaks[0]! - reach;
      const to = breaks[breaks.length - 1]! + reach;
      return occurrences(text, subset, breaks, from, to);
    },
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** ASCII letters upper-cased, as the matchers compare them (ASR writes cbct, CBCT, Cbct). */
export function upperAscii(s: string): string {
  return /[a-z]/.test(s) ? s.replace(/[a-z]+/g, (m) => m.toUpperCase()) : s;
}

/** An ASCII letter: a Latin term must not start or end inside a Latin word. */
export function isLatin(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}
