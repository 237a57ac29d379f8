import { AppError, ErrorCode } from '../models/errors.js';
import type { Transcript, TranscriptDraft } from '../models/transcript.js';
import { type CompiledLexicon, isLatin, upperAscii } from './lexicon.compile.js';
import type { LexiconRegistry } from './lexicon.registry.js';
import { type Category, documentTerms } from './lexicon.schema.js';
import { INTRODUCTION_REP_TURNS, introductionSpans, SELLER_NAME_WORDS } from './seller-names.js';
import { buildTermMatcher, type TermMatcher } from './term-matcher.js';

/**
 * How much one overlay term says about the industry, by category. Products, competitors and
 * features name the trade itself; needs and cases describe it; approvers (采购经理, 财务总监),
 * the overlay's objection phrases and tags are much the same in every trade.
 */
export const CATEGORY_WEIGHTS: Readonly<Partial<Record<Category, number>>> = {
  product: 3,
  competitor: 3,
  feature: 2,
  need: 2,
  case: 2,
  benefit: 1,
  tag: 1,
  approver: 0.5,
  'objection.price': 0.5,
  'objection.timing': 0.5,
  'objection.authority': 0.5,
  'objection.need': 0.5,
  'objection.competitor': 0.5,
  'objection.trust': 0.5,
  'objection.delivery': 0.5,
};

/**
 * A customer's words count less than the rep's: the rep names what is being sold, the customer
 * often describes their own trade (a school buying backup storage talks about 计算机教室).
 * Competitors are the exception: customers name them (富勒那边报的).
 */
export const CUSTOMER_WEIGHT = 0.7;

/**
 * An inherited term counts this much for the child when the ancestor defining it is a candidate
 * itself (pharma extending a selectable medical_devices): the parent's terms are all in the
 * child too, so at full weight a call with only shared terms would tie or go to the child; at
 * 0.9 it goes to the parent and a child's OWN terms decide between the two. Terms of a shared
 * base (manufacturing_base, never a candidate) count fully for every child.
 */
export const INHERITED_FROM_CANDIDATE = 0.9;

/** Repeats add little: evidence is `(1 + 0.25 ln count)`, so ten mentions of AGV ≈ 1.6 mentions. */
export const COUNT_DAMPING = 0.25;

/** Term categories with one weight each (the seven objection categories share one). */
export const FEATURE_GROUPS = [
  'product',
  'competitor',
  'feature',
  'need',
  'case',
  'benefit',
  'tag',
  'approver',
  'objection',
] as const;
export type FeatureGroup = (typeof FEATURE_GROUPS)[number];

/**
 * The weight of one concept's evidence (specificity × (1 + 0.25 ln count)) by its category group
 * and by who said it (`rep` when the rep said it at least once), plus `opening` added for a
 * concept the rep names in the first {@link OPENING_REP_TURNS} rep turns (the self-introduction).
 */
export interface IndustryWeights {
  readonly rep: Readonly<Record<FeatureGroup, number>>;
  readonly customer: Readonly<Record<FeatureGroup, number>>;
  readonly opening: number;
  /**
   * A word of the seller's trade in the rep's self-introduction (宏拓化工 → 化工, lexicons/seller-names.ts),
   * times its specificity.
   */
  readonly sellerName: number;
}

/** Rep turns that count as the opening (我是宏拓化工的…, 我们是做工商业储能柜的). */
export const OPENING_REP_TURNS = 3;

/**
 * The hand-set weights: {@link CATEGORY_WEIGHTS}, the customer's × {@link CUSTOMER_WEIGHT} (competitors × 1),
 * no opening or seller-name weight. Fitting starts from and is pulled toward these.
 */
export const HAND_WEIGHTS: IndustryWeights = {
  rep: Object.fromEntries(FEATURE_GROUPS.map((g) => [g, groupWeight(g)])) as Record<FeatureGroup, number>,
  customer: Object.fromEntries(
    FEATURE_GROUPS.map((g) => [g, g === 'competitor' ? groupWeight(g) : groupWeight(g) * CUSTOMER_WEIGHT]),
  ) as Record<FeatureGroup, number>,
  opening: 0,
  sellerName: 0,
};

/**
 * The shipped weights: the hand weights plus the seller-name weight 6.3 (a word listed for one
 * industry only scores 6.3 × ln 22 ≈ 19.5, two product terms' worth), fitted with the others held
 * at the hand weights on the 168 readable calls (`npx tsx scripts/fit-industry-weights.ts
 * --seller-only`: 6.34 at λ 0.1; leave one industry out 151 → 160 right of 168; fitted on
 * training/calls and scored on the team and candidate calls 71 → 78 of 84, and back 80 → 82 of 84).
 */
export const DEFAULT_WEIGHTS: IndustryWeights = { ...HAND_WEIGHTS, sellerName: 6.3 };

function groupWeight(group: FeatureGroup): number {
  return group === 'objection' ? (CATEGORY_WEIGHTS['objection.price'] ?? 0) : (CATEGORY_WEIGHTS[group] ?? 0);
}

function groupOf(category: Category): FeatureGroup | null {
  if (category.startsWith('objection.')) return 'objection';
  return (FEATURE_GROUPS as readonly string[]).includes(category) ? (category as FeatureGroup) : null;
}

/** Index of a feature in {@link IndustryFeatures.values}: group × speaker, then the opening. */
export function featureIndex(group: FeatureGroup, byRep: boolean): number {
  return FEATURE_GROUPS.indexOf(group) * 2 + (byRep ? 0 : 1);
}
export const OPENING_FEATURE = FEATURE_GROUPS.length * 2;
export const SELLER_NAME_FEATURE = OPENING_FEATURE + 1;
export const FEATURE_COUNT = SELLER_NAME_FEATURE + 1;

/** A weight vector in {@link featureIndex} order. */
export function weightVector(w: IndustryWeights): number[] {
  const v = new Array<number>(FEATURE_COUNT).fill(0);
  for (const g of FEATURE_GROUPS) {
    v[featureIndex(g, true)] = w.rep[g];
    v[featureIndex(g, false)] = w.customer[g];
  }
  v[OPENING_FEATURE] = w.opening;
  v[SELLER_NAME_FEATURE] = w.sellerName;
  return v;
}

/** The weights of a vector in {@link featureIndex} order. */
export function weightsOf(v: readonly number[]): IndustryWeights {
  const of = (byRep: boolean) =>
    Object.fromEntries(FEATURE_GROUPS.map((g) => [g, v[featureIndex(g, byRep)] ?? 0])) as Record<
      FeatureGroup,
      number
    >;
  return {
    rep: of(true),
    customer: of(false),
    opening: v[OPENING_FEATURE] ?? 0,
    sellerName: v[SELLER_NAME_FEATURE] ?? 0,
  };
}

/**
 * Softmax temperature over raw scores, in score units (one product term found in one overlay
 * only scores 3 × ln 22 ≈ 9.3). Unlike shares of the total, probabilities then grow with the
 * amount of evidence: 6 against 4 is a guess, 60 against 40 is not.
 */
export const TEMPERATURE = 5;

/**
 * Decision thresholds, set on the 168 readable calls (training/calls minus training/SET-ASIDE.txt,
 * training/team-calls, training/candidate-calls) with the shipped weights, as the pair with the most
 * right minus wrong decisions, ties to the larger thresholds (`npm run eval:industry` prints the
 * sweep): 159 right and 6 wrong there, against 160 and 8 at the earlier 9 / 0.03.
 * - `minScore` 11: more than one industry-specific product or competitor word (9.3) alone; a word of
 *   the trade in the seller's own name (19.5) is enough;
 * - `minMargin` 0.05: the top probability must beat the runner-up's by this. Most wrong decisions
 *   left are calls whose seller's words are in another industry's overlay (收钱吧 is retail's),
 *   which no margin fixes.
 */
export const DEFAULT_THRESHOLDS: Readonly<InferenceThresholds> = { minScore: 11, minMargin: 0.05 };

export interface InferenceThresholds {
  readonly minScore: number;
  readonly minMargin: number;
}

/** One overlay concept found in the call. */
export interface IndustryEvidence {
  /** The canonical term (synonyms are folded into it). */
  readonly term: string;
  /** `seller_name`: a word of the trade in the seller's own name or self-description. */
  readonly category: Category | 'seller_name';
  readonly count: number;
  /** Its contribution to the score: category × speaker weight × specificity × (1 + 0.25 ln count). */
  readonly weight: number;
}

export interface IndustryCandidate {
  readonly industry: string;
  readonly name: string;
  readonly score: number;
  /** Softmax of the scores over all industries, 0..1. */
  readonly probability: number;
  /** Strongest evidence first. */
  readonly evidence: readonly IndustryEvidence[];
}

export interface IndustryInference {
  /** The decided industry; null when the evidence is too thin or too close to call. */
  readonly industry: string | null;
  readonly decided: boolean;
  /** Probability of the top candidate. */
  readonly confidence: number;
  /** Top probability minus the runner-up's. */
  readonly margin: number;
  /** Best candidates first (score, then id). */
  readonly candidates: readonly IndustryCandidate[];
  readonly thresholds: InferenceThresholds;
}

export interface InferenceOptions {
  /**
   * Text as the lexicon matchers expect it (pipeline/nlp/normalize.ts: full-width → half-width,
   * traditional → simplified). Identity when omitted.
   */
  readonly normalize?: (text: string) => string;
  readonly thresholds?: Partial<InferenceThresholds>;
  /** Candidates kept in the result (default 3). */
  readonly maxCandidates?: number;
  /** Evidence items kept per candidate (default 8). */
  readonly maxEvidence?: number;
}

/** What inference reads of an utterance. */
export interface InferenceUtterance {
  readonly text: string;
  readonly speaker?: 'rep' | 'customer';
}

export type IndustryInferrer = (
  utterances: readonly InferenceUtterance[],
  options?: InferenceOptions,
) => IndustryInference;

interface Profile {
  readonly lexicon: CompiledLexicon;
  /** Specificity of each overlay surface: ln((N + 1) / number of overlays holding it). */
  readonly idf: ReadonlyMap<string, number>;
  /** Surfaces base also defines: generic words, no evidence for any trade. */
  readonly inBase: ReadonlySet<string>;
}

/**
 * Prepares inference over a fixed set of compiled lexicons (one per industry, base included in
 * each): the specificity tables and one matcher over every overlay surface of every industry are
 * built once, so each utterance is scanned once, not once per industry with the base's thousands
 * of generic surfaces in every scan (21 scans of base hits thrown away were ~90 % of the cost).
 */
export function createIndustryInferrer(
  lexicons: readonly CompiledLexicon[],
  weights: IndustryWeights = DEFAULT_WEIGHTS,
): IndustryInferrer {
  const prepared = prepareProfiles(lexicons);
  const { profiles } = prepared;
  const w = weightVector(weights);

  return (utterances, options = {}) => {
    const normalize = options.normalize ?? ((t: string) => t);
    const thresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };
    const scored = scoreIndustries(profiles, w, collectConcepts(prepared, utterances, normalize));
    const best = Math.max(0, ...scored.map((c) => c.score));
    const z = scored.map((c) => Math.exp((c.score - best) / TEMPERATURE));
    const zSum = z.reduce((a, b) => a + b, 0);
    const ranked = scored
      .map((c, i) => ({ ...c, probability: z[i]! / zSum }))
      .sort((a, b) => b.score - a.score || compareIds(a.industry, b.industry));
    const top = ranked[0];
    const second = ranked[1];
    const confidence = round(top?.probability ?? 0);
    const margin = round((top?.probability ?? 0) - (second?.probability ?? 0));
    const decided = top !== undefined && top.score >= thresholds.minScore && margin >= thresholds.minMargin;
    const maxEvidence = options.maxEvidence ?? 8;
    return {
      industry: decided && top ? top.industry : null,
      decided,
      confidence,
      margin,
      candidates: ranked
        .filter((c) => c.score > 0)
        .slice(0, options.maxCandidates ?? 3)
        .map((c) => ({
          industry: c.industry,
          name: c.name,
          score: round(c.score),
          probability: round(c.probability),
          evidence: c.evidence.slice(0, maxEvidence),
        })),
      thresholds,
    };
  };
}

interface Prepared {
  readonly profiles: readonly Profile[];
  readonly overlays: OverlayMatcher;
  /** Per industry (profile order): its seller-name words with their specificity. */
  readonly sellerWords: readonly (readonly { word: string; idf: number }[])[];
}

/** The specificity tables and the one overlay matcher of a set of lexicons. */
function prepareProfiles(lexicons: readonly CompiledLexicon[]): Prepared {
  const sorted = [...lexicons].sort((a, b) => compareIds(a.industry, b.industry));
  const overlaySurfaces = sorted.map((lex) => {
    const set = new Set<string>();
    for (const t of documentTerms(overlayDocument(lex))) {
      for (const s of [t.term, ...(t.synonyms ?? [])]) set.add(s.toUpperCase());
    }
    return set;
  });
  const df = new Map<string, number>();
  for (const set of overlaySurfaces) for (const s of set) df.set(s, (df.get(s) ?? 0) + 1);
  const n = sorted.length;
  const profiles: Profile[] = sorted.map((lexicon, i) => {
    const idf = new Map<string, number>();
    for (const s of overlaySurfaces[i]!) idf.set(s, Math.log((n + 1) / (df.get(s) ?? 1)));
    const inBase = new Set<string>();
    const base = lexicon.documents[0];
    if (base) {
      for (const t of documentTerms(base)) {
        for (const s of [t.term, ...(t.synonyms ?? [])]) inBase.add(s.toUpperCase());
      }
    }
    return { lexicon, idf, inBase };
  });
  const overlays = createOverlayMatcher(profiles);
  const wordDf = new Map<string, number>();
  for (const words of Object.values(SELLER_NAME_WORDS)) {
    for (const w of new Set(words)) wordDf.set(w, (wordDf.get(w) ?? 0) + 1);
  }
  const sellerWords = profiles.map(({ lexicon }) =>
    (SELLER_NAME_WORDS[lexicon.industry] ?? []).map((word) => ({
      word,
      idf: Math.log((n + 1) / (wordDf.get(word) ?? 1)),
    })),
  );
  return { profiles, overlays, sellerWords };
}

/** One industry's feature vector of a call ({@link featureIndex} order). */
export interface IndustryFeatures {
  readonly industry: string;
  readonly values: readonly number[];
}

/**
 * The features inference scores, per industry (ordered by id), for fitting {@link IndustryWeights}:
 * the score of an industry is the dot product of its values with {@link weightVector}.
 */
export function createIndustryFeaturizer(
  lexicons: readonly CompiledLexicon[],
): (utterances: readonly InferenceUtterance[], normalize?: (t: string) => string) => IndustryFeatures[] {
  const prepared = prepareProfiles(lexicons);
  return (utterances, normalize = (t) => t) => {
    const { byConcept, seller } = collectConcepts(prepared, utterances, normalize);
    return prepared.profiles.map(({ lexicon }, i) => {
      const values = new Array<number>(FEATURE_COUNT).fill(0);
      values[SELLER_NAME_FEATURE] = seller[i]?.idf ?? 0;
      for (const c of byConcept[i]!.values()) {
        const group = groupOf(c.category);
        if (group === null) continue;
        const v = conceptValue(c);
        values[featureIndex(group, c.byRep)]! += v;
        if (c.opening) values[OPENING_FEATURE]! += v;
      }
      return { industry: lexicon.industry, values };
    });
  };
}

/** One overlay term found in an utterance, before spans are settled across industries. */
interface Mention {
  readonly industry: number;
  readonly start: number;
  readonly end: number;
  readonly concept: string;
  readonly category: Category;
  readonly specificity: number;
  /** Said by the rep (or by nobody named): the customer's words count less. */
  readonly byRep: boolean;
  /** Said by the rep in the first {@link OPENING_REP_TURNS} rep turns. */
  readonly opening: boolean;
}

/** What a matched surface is evidence of in one industry (a Mention without its span and speaker). */
interface Reading {
  readonly industry: number;
  readonly concept: string;
  readonly category: Category;
  readonly specificity: number;
}

/** One scan of a text for the overlay terms of every industry. */
interface OverlayMatcher {
  readonly matcher: TermMatcher;
  /** Readings of a matched pattern, industries in profile order (built on first hit). */
  readings(pattern: number): readonly Reading[];
}

/**
 * One matcher over the overlay surfaces of all industries (ASCII upper-cased, as each lexicon's
 * own matcher compares them). A hit's readings are what `findTerms` of each industry's lexicon
 * reports for the same span, filtered as evidence is: `lookup` of the surface gives exactly the
 * entries that lexicon's matcher reports there (its first pattern of that upper-cased surface).
 * Base-only surfaces cannot be evidence, so leaving them out changes no result.
 */
function createOverlayMatcher(profiles: readonly Profile[]): OverlayMatcher {
  const keys = new Set<string>();
  for (const { lexicon } of profiles) {
    for (const t of documentTerms(overlayDocument(lexicon))) {
      for (const s of [t.term, ...(t.synonyms ?? [])]) keys.add(upperAscii(s));
    }
  }
  const patterns = [...keys];
  const candidates = new Set(profiles.map((p) => p.lexicon.industry));
  const cache = new Map<number, readonly Reading[]>();
  return {
    matcher: buildTermMatcher(patterns),
    readings(pattern) {
      let list = cache.get(pattern);
      if (list) return list;
      const found: Reading[] = [];
      profiles.forEach(({ lexicon, idf, inBase }, industry) => {
        for (const entry of lexicon.lookup(patterns[pattern]!)) {
          // Own and inherited overlay terms are evidence (shared bases are not candidates, so the
          // siblings extending one base score its terms alike and their own terms decide).
          if (entry.source === 'base' || !CATEGORY_WEIGHTS[entry.category]) continue;
          const key = entry.surface.toUpperCase();
          if (inBase.has(key)) continue;
          found.push({
            industry,
            concept: entry.concept,
            category: entry.category,
            specificity:
              (idf.get(key) ?? 0) *
              (entry.inheritedFrom !== undefined && candidates.has(entry.inheritedFrom)
                ? INHERITED_FROM_CANDIDATE
                : 1),
          });
        }
      });
      list = Object.freeze(found);
      cache.set(pattern, list);
      return list;
    },
  };
}

/**
 * Overlay mentions of one utterance across all industries, leftmost-longest: 磷酸 inside
 * 磷酸铁锂电芯 is part of the longer word, not a chemicals product as well. Mentions of exactly
 * the same span in several overlays all stay (their specificity already counts the sharing).
 */
function mentionsOf(overlays: OverlayMatcher, text: string, byRep: boolean, opening: boolean): Mention[] {
  const all: Mention[] = [];
  for (const hit of overlays.matcher.findAll(upperAscii(text))) {
    // A Latin term must not start or end inside a Latin word (DR in DRG, AP in APP).
    if (isLatin(text.charCodeAt(hit.start)) && isLatin(text.charCodeAt(hit.start - 1))) continue;
    if (isLatin(text.charCodeAt(hit.end - 1)) && isLatin(text.charCodeAt(hit.end))) continue;
    for (const r of overlays.readings(hit.pattern)) {
      all.push({
        industry: r.industry,
        start: hit.start,
        end: hit.end,
        concept: r.concept,
        category: r.category,
        specificity: r.specificity,
        byRep,
        opening,
      });
    }
  }
  // Stable: mentions of one span in one industry keep the order of that lexicon's entries.
  all.sort((a, b) => a.start - b.start || b.end - a.end || a.industry - b.industry);
  const kept: Mention[] = [];
  let span: { start: number; end: number } = { start: -1, end: 0 };
  const taken = new Set<string>();
  for (const m of all) {
    const same = m.start === span.start && m.end === span.end;
    if (!same && m.start < span.end) continue;
    if (!same) span = { start: m.start, end: m.end };
    // one overlay, one span, one reading (a surface in two categories counts once)
    const id = `${m.industry}:${m.start}`;
    if (taken.has(id)) continue;
    taken.add(id);
    kept.push(m);
  }
  return kept;
}

interface ConceptEvidence {
  term: string;
  category: Category;
  count: number;
  idf: number;
  byRep: boolean;
  opening: boolean;
}

/** The seller's word for an industry's trade in its self-introduction (the most specific one). */
interface SellerEvidence {
  readonly term: string;
  readonly idf: number;
}

interface CallEvidence {
  /** Per industry (profile order): overlay concepts keyed by category and concept. */
  readonly byConcept: Map<string, ConceptEvidence>[];
  /** Per industry (profile order): a seller-name word, if the rep said one of its words. */
  readonly seller: (SellerEvidence | undefined)[];
}

/** The overlay concepts and seller-name words of a call, per industry. */
function collectConcepts(
  { profiles, overlays, sellerWords }: Prepared,
  utterances: readonly InferenceUtterance[],
  normalize: (text: string) => string,
): CallEvidence {
  const byConcept = profiles.map(() => new Map<string, ConceptEvidence>());
  const seller: (SellerEvidence | undefined)[] = profiles.map(() => undefined);
  let repTurns = 0;
  for (const u of utterances) {
    const byRep = u.speaker !== 'customer';
    if (byRep) repTurns++;
    const opening = byRep && repTurns <= OPENING_REP_TURNS;
    const text = normalize(u.text);
    if (byRep && repTurns <= INTRODUCTION_REP_TURNS) {
      for (const span of introductionSpans(upperAscii(text))) {
        sellerWords.forEach((words, i) => {
          for (const { word, idf } of words) {
            if (span.includes(word) && idf > (seller[i]?.idf ?? 0)) seller[i] = { term: word, idf };
          }
        });
      }
    }
    for (const m of mentionsOf(overlays, text, byRep, opening)) {
      const concepts = byConcept[m.industry]!;
      const id = `${m.category}\u0000${m.concept}`;
      const seen = concepts.get(id);
      if (seen) {
        seen.count++;
        seen.idf = Math.max(seen.idf, m.specificity);
        seen.byRep ||= m.byRep;
        seen.opening ||= m.opening;
      } else {
        concepts.set(id, {
          term: m.concept,
          category: m.category,
          count: 1,
          idf: m.specificity,
          byRep: m.byRep,
          opening: m.opening,
        });
      }
    }
  }
  return { byConcept, seller };
}

/** A concept's evidence before weighting: specificity × (1 + 0.25 ln count). */
function conceptValue(c: ConceptEvidence): number {
  return c.idf * (1 + COUNT_DAMPING * Math.log(c.count));
}

function scoreIndustries(
  profiles: readonly Profile[],
  w: readonly number[],
  { byConcept, seller }: CallEvidence,
): { industry: string; name: string; score: number; evidence: IndustryEvidence[] }[] {
  return profiles.map(({ lexicon }, i) => {
    const evidence: IndustryEvidence[] = [];
    let score = 0;
    const name = seller[i];
    const nameWeight = name ? (w[SELLER_NAME_FEATURE] ?? 0) * name.idf : 0;
    if (name && nameWeight > 0) {
      score += nameWeight;
      evidence.push({ term: name.term, category: 'seller_name', count: 1, weight: round(nameWeight) });
    }
    for (const c of byConcept[i]!.values()) {
      const group = groupOf(c.category);
      if (group === null) continue;
      const factor = (w[featureIndex(group, c.byRep)] ?? 0) + (c.opening ? (w[OPENING_FEATURE] ?? 0) : 0);
      const weight = factor * conceptValue(c);
      if (weight <= 0) continue;
      score += weight;
      evidence.push({ term: c.term, category: c.category, count: c.count, weight: round(weight) });
    }
    evidence.sort(
      (a, b) => b.weight - a.weight || compareIds(a.term, b.term) || compareIds(a.category, b.category),
    );
    return { industry: lexicon.industry, name: lexicon.name, score, evidence };
  });
}

const inferrers = new WeakMap<LexiconRegistry, { versions: string; infer: IndustryInferrer }>();

/** All current industry lexicons of a registry (compiled on first use). */
export function compiledLexicons(registry: LexiconRegistry): CompiledLexicon[] {
  return registry.industries().map((id) => registry.get(id));
}

/**
 * Infers the industry of a call from the overlay terms its utterances contain. Pure apart from a
 * per-registry cache of the specificity tables, rebuilt when any industry publishes a new version.
 */
export function inferIndustry(
  utterances: readonly InferenceUtterance[],
  source: LexiconRegistry | readonly CompiledLexicon[],
  options: InferenceOptions = {},
): IndustryInference {
  if (isLexiconList(source)) return createIndustryInferrer(source)(utterances, options);
  const lexicons = compiledLexicons(source);
  const versions = lexicons.map((l) => l.versionId).join(' ');
  let cached = inferrers.get(source);
  if (!cached || cached.versions !== versions) {
    cached = { versions, infer: createIndustryInferrer(lexicons) };
    inferrers.set(source, cached);
  }
  return cached.infer(utterances, options);
}

export type IndustrySource = 'given' | 'inferred';

export interface ResolvedTranscript {
  readonly transcript: Transcript;
  readonly industrySource: IndustrySource;
  /** Present when the industry was inferred. */
  readonly inference?: IndustryInference;
}

/**
 * Gives a draft transcript a concrete industry: the one it names (checked against the registry),
 * else the inferred one. An undecided inference is an input error naming both candidates
 * (待确认行业), so nothing downstream ever sees a guessed industry.
 */
export function resolveIndustry(
  draft: TranscriptDraft,
  registry: LexiconRegistry,
  options: InferenceOptions = {},
): ResolvedTranscript {
  if (draft.industry !== undefined) {
    registry.get(draft.industry); // unknown industry → unknown_industry, as before
    return { transcript: { ...draft, industry: draft.industry }, industrySource: 'given' };
  }
  const inference = inferIndustry(draft.utterances, registry, options);
  if (!inference.decided || inference.industry === null) throw undecidedError(inference);
  return {
    transcript: { ...draft, industry: inference.industry },
    industrySource: 'inferred',
    inference,
  };
}

/**
 * `无法确定行业（待确认行业）：medical_devices（医疗器械）0.41 / pharma（医药）0.38 — 请用 --industry 指定行业 (cannot
 * infer the industry: pass --industry)`
 */
export function undecidedError(inference: IndustryInference): AppError {
  const [a, b] = inference.candidates;
  const named = [a, b]
    .filter((c): c is IndustryCandidate => c !== undefined)
    .map((c) => `${c.industry}（${c.name}）${c.probability.toFixed(2)}`)
    .join(' / ');
  const thin = a !== undefined && a.score < inference.thresholds.minScore;
  const reason = named
    ? `${named}${thin ? '，行业词证据不足 (too little evidence)' : ''}`
    : '没有找到任何行业词 (no industry terms found)';
  return new AppError(
    ErrorCode.InvalidInput,
    `无法确定行业（待确认行业）：${reason} — 请用 --industry 指定行业 (cannot infer the industry: pass --industry)`,
    {
      problems: [{ path: 'industry', message: `待确认行业: ${reason}` }],
      candidates: inference.candidates
        .slice(0, 2)
        .map((c) => ({ industry: c.industry, probability: c.probability })),
    },
  );
}

function overlayDocument(lexicon: CompiledLexicon) {
  const doc = lexicon.documents[1];
  if (!doc) throw new Error(`lexicon ${lexicon.versionId} has no industry overlay`);
  return doc;
}

function isLexiconList(
  source: LexiconRegistry | readonly CompiledLexicon[],
): source is readonly CompiledLexicon[] {
  return Array.isArray(source);
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
