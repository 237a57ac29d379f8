import { z } from 'zod';

import { OBJECTION_TYPES, type ObjectionType, TECHNIQUES, type Technique } from '../shared/vocabulary.js';

/** Objection types and techniques of behaviours.md (shared/vocabulary.ts, the web reads the same). */
export { OBJECTION_TYPES, type ObjectionType, TECHNIQUES, type Technique };

/**
 * Term categories. Industry overlays use the first group; the base lexicon also uses the
 * behaviour-marker group. Detectors read categories, never hard-coded word lists.
 */
export const INDUSTRY_CATEGORIES = [
  'product',
  'feature',
  'benefit',
  'case',
  'competitor',
  'need',
  'approver',
  'tag',
  ...OBJECTION_TYPES.map((t) => `objection.${t}` as const),
] as const;

export const BASE_CATEGORIES = [
  'question.open',
  'question.closed',
  'question.tag',
  'question.invite',
  'question.particle',
  'question.embedding',
  'question.ask',
  'restatement',
  'restatement.tail',
  'objection.competitor_cue',
  'objection.switch',
  ...TECHNIQUES.map((t) => `technique.${t}` as const),
  'need.pain',
  'need.want',
  'need.negation',
  'next_step.action',
  'next_step.time',
  'next_step.vague',
  'opening.intro',
  'opening.purpose',
  'opening.permission',
  'commitment',
  'agreement',
  'sample',
  'price_topic',
  'delivery_topic',
  'puffery',
  'filler',
] as const;

export const CATEGORIES = [...INDUSTRY_CATEGORIES, ...BASE_CATEGORIES] as const;
export type Category = (typeof CATEGORIES)[number];
export const ZCategory = z.enum(CATEGORIES);

/** Longest term accepted, in code points. */
export const MAX_TERM_CHARS = 24;

/**
 * Characters a term may hold: CJK ideographs, ASCII letters and digits, and the few symbols
 * that occur inside product names. Anything else (spaces, punctuation, control characters)
 * would split or break segmentation.
 */
export const TERM_PATTERN = /^[\p{Script=Han}A-Za-z0-9+\-·.%]+$/u;

export const ZSurface = z
  .string()
  .min(1, 'must not be empty')
  .refine((s) => [...s].length <= MAX_TERM_CHARS, `must be at most ${MAX_TERM_CHARS} characters`)
  .refine(
    (s) => TERM_PATTERN.test(s),
    'may only contain Chinese characters, ASCII letters, digits and + - · . %',
  );

export const ZTerm = z.strictObject({
  term: ZSurface,
  category: ZCategory,
  synonyms: z.array(ZSurface).max(200).optional(),
  weight: z.number().min(0.1).max(5).optional(),
  tag: z.string().min(1).max(20).optional(),
  note: z.string().max(200).optional(),
});
export type TTerm = z.infer<typeof ZTerm>;

export const ZLexiconDocument = z.strictObject({
  industry: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, 'must be a snake_case id'),
  name: z.string().min(1).max(40),
  /**
   * The short name lists and tags show (shared/industries.gen.ts is generated from it by
   * `npm run gen:industries`). Not part of the content hash: renaming changes no analysis.
   */
  shortName: z.string().min(1).max(20).optional(),
  description: z.string().max(400).optional(),
  /**
   * The industry whose terms this overlay inherits (one parent; chains allowed). Its own terms
   * override the parent's entries of the same surface.
   */
  extends: z
    .string()
    .regex(/^[a-z][a-z0-9_]{1,39}$/, 'must be a snake_case industry id')
    .optional(),
  /**
   * `false` for a shared base that only exists to be extended (manufacturing_base): it has
   * versions and can be edited and published, but a call cannot be analysed with it.
   */
  selectable: z.boolean().optional(),
  terms: z.array(ZTerm).default([]),
  /**
   * Marker words by category (base lexicon): each word is a term of its own, not folded into a
   * concept, since markers of one category are not synonyms of each other.
   */
  markers: z.partialRecord(ZCategory, z.array(ZSurface)).optional(),
  /** Function words dropped before content-word overlap (base lexicon only). */
  stopwords: z.array(z.string().min(1).max(8)).optional(),
});
export type LexiconDocument = z.infer<typeof ZLexiconDocument>;

/** A term of a resolved overlay: `inheritedFrom` names the ancestor that defines it. */
export type TResolvedTerm = TTerm & { readonly inheritedFrom?: string };

/**
 * An overlay with its ancestors' terms folded in (lexicon.inherit.ts): own terms first, then the
 * inherited ones that no own surface overrides, each marked with `inheritedFrom`.
 */
export type ResolvedLexiconDocument = Omit<LexiconDocument, 'terms'> & { terms: TResolvedTerm[] };

/** Terms of a document with its markers expanded (one term per marker word). */
export function documentTerms(doc: LexiconDocument): TTerm[] {
  const out: TTerm[] = [...doc.terms];
  for (const [category, words] of Object.entries(doc.markers ?? {}) as [Category, string[]][]) {
    for (const term of words) out.push({ term, category });
  }
  return out;
}
