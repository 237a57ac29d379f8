import { AppError, ErrorCode, type Problem } from '../models/errors.js';
import type { LexiconDocument, ResolvedLexiconDocument, TResolvedTerm, TTerm } from './lexicon.schema.js';

/** How a resolver finds an overlay by industry id (undefined when there is none). */
export type OverlayLookup = (industry: string) => LexiconDocument | undefined;

/**
 * The ancestors of an overlay, nearest parent first. An unknown parent or a cycle is an
 * `invalid_lexicon` error naming the files involved (`fileOf` gives a file or label per id).
 */
export function ancestorsOf(
  overlay: LexiconDocument,
  lookup: OverlayLookup,
  fileOf: (industry: string) => string = (id) => `${id}.yaml`,
): LexiconDocument[] {
  const out: LexiconDocument[] = [];
  const seen = [overlay.industry];
  let current = overlay;
  while (current.extends !== undefined) {
    const parentId = current.extends;
    if (seen.includes(parentId)) {
      const cycle = [...seen.slice(seen.indexOf(parentId)), parentId];
      throw inheritanceError(overlay.industry, fileOf, {
        path: 'extends',
        message: `inheritance cycle: ${cycle.map(fileOf).join(' → ')}`,
      });
    }
    const parent = lookup(parentId);
    if (!parent) {
      throw inheritanceError(overlay.industry, fileOf, {
        path: 'extends',
        message: `${fileOf(current.industry)} extends unknown industry "${parentId}" (no ${fileOf(parentId)})`,
      });
    }
    out.push(parent);
    seen.push(parentId);
    current = parent;
  }
  return out;
}

/**
 * Folds the ancestors' terms into an overlay. The compiled lexicon of a child is its parent's
 * terms (resolved recursively) plus its own; an own term overrides every inherited entry of the
 * same surface: an inherited term whose head is an own surface is dropped, an inherited synonym
 * that is an own surface is removed from its term. Own terms come first, then the inherited ones
 * (nearest parent first), each marked with the ancestor that defines it.
 */
export function resolveOverlay(
  overlay: LexiconDocument,
  lookup: OverlayLookup,
  fileOf?: (industry: string) => string,
): ResolvedLexiconDocument {
  const ancestors = ancestorsOf(overlay, lookup, fileOf);
  if (ancestors.length === 0) return overlay;
  // Resolve from the root down so that each level overrides what it inherits.
  let inherited: TResolvedTerm[] = [];
  for (const doc of [...ancestors].reverse()) {
    inherited = [
      ...doc.terms.map((t) => ({ ...t, inheritedFrom: doc.industry })),
      ...overrideBy(inherited, doc.terms),
    ];
  }
  return { ...overlay, terms: [...overlay.terms, ...overrideBy(inherited, overlay.terms)] };
}

/** Inherited terms minus every surface the own terms define. */
function overrideBy(
  inherited: readonly TResolvedTerm[],
  own: readonly { term: string; synonyms?: string[] | undefined }[],
): TResolvedTerm[] {
  const ownSurfaces = new Set<string>();
  for (const t of own) for (const s of [t.term, ...(t.synonyms ?? [])]) ownSurfaces.add(s.toUpperCase());
  const out: TResolvedTerm[] = [];
  for (const t of inherited) {
    if (ownSurfaces.has(t.term.toUpperCase())) continue;
    const kept = t.synonyms?.filter((s) => !ownSurfaces.has(s.toUpperCase()));
    if (kept === undefined || kept.length === t.synonyms?.length) {
      out.push(t);
    } else {
      const { synonyms: _overridden, ...rest } = t;
      out.push(kept.length > 0 ? { ...rest, synonyms: kept } : rest);
    }
  }
  return out;
}

/** The inherited terms of a resolved overlay (those marked with an ancestor). */
export function inheritedTerms(doc: ResolvedLexiconDocument): (TTerm & { readonly inheritedFrom: string })[] {
  return (doc.terms as TResolvedTerm[]).filter(
    (t): t is TTerm & { readonly inheritedFrom: string } => t.inheritedFrom !== undefined,
  );
}

/**
 * Checks the `extends` links of a set of overlays at once: every unknown parent and every cycle,
 * each naming its files. Returns the problems (empty when all resolve).
 */
export function checkInheritance(
  overlays: ReadonlyMap<string, LexiconDocument>,
  fileOf?: (industry: string) => string,
): Problem[] {
  const problems: Problem[] = [];
  for (const overlay of overlays.values()) {
    try {
      ancestorsOf(overlay, (id) => overlays.get(id), fileOf);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      for (const p of (err.details as { problems?: Problem[] } | undefined)?.problems ?? []) problems.push(p);
    }
  }
  return problems;
}

function inheritanceError(industry: string, fileOf: (id: string) => string, problem: Problem): AppError {
  return new AppError(ErrorCode.InvalidLexicon, `invalid lexicon ${fileOf(industry)}: ${problem.message}`, {
    file: fileOf(industry),
    problems: [problem],
  });
}
