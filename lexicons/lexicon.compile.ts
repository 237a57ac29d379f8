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
    findTerms(text) {
      const out: TermOccurrence[] = [];
      for (const hit of matcher.findAll(upperAscii(text))) {
        // A Latin term must not start or end inside a Latin word (DR in DRG, AP in APP).
        if (isLatin(text.charCodeAt(hit.start)) && isLatin(text.charCodeAt(hit.start - 1))) continue;
        if (isLatin(text.charCodeAt(hit.end - 1)) && isLatin(text.charCodeAt(hit.end))) continue;
        const list = entriesOf(hit.pattern);
        for (let i = 0; i < list.length; i++)
          out.push({ start: hit.start, end: hit.end, pattern: hit.pattern, entry: list[i]! });
      }
      return out;
    },
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
