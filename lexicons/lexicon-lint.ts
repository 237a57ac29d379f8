import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { AppError, ErrorCode } from '../models/errors.js';
import { anyCategoryName, INDUSTRY_ZH, partOfSpeechName } from '../shared/labels-zh.js';
import { LINT_KINDS, type LintKind } from '../shared/vocabulary.js';
import { compileLexicon } from './lexicon.compile.js';
import { ancestorsOf, resolveOverlay } from './lexicon.inherit.js';
import { parseLexiconYaml } from './lexicon.loader.js';
import {
  type Category,
  documentTerms,
  type LexiconDocument,
  type TResolvedTerm,
  ZLexiconDocument,
} from './lexicon.schema.js';

/** Kinds of findings, in the order reports list them (shared: the web names them too). Only conflicts are errors. */
export { LINT_KIND_ZH } from '../shared/labels-zh.js';
export { LINT_KINDS, type LintKind } from '../shared/vocabulary.js';

export interface LintFinding {
  readonly kind: LintKind;
  readonly severity: 'error' | 'warning';
  /** The overlay the finding is about. */
  readonly industry: string;
  /** Canonical term of the surface ('' for `unexercised`, which counts terms). */
  readonly term: string;
  readonly surface: string;
  /** The overlay category (for `unexercised`: the category counted). */
  readonly category: string;
  readonly detail: string;
  /** `unexercised` only: how many terms of the category no labelled call contains. */
  readonly count?: number;
}

export interface LintThresholds {
  /** A surface whose jieba dictionary frequency is at least this is a common word. */
  readonly commonWord: number;
  /** A competitor surface at least this frequent, tagged as an ordinary word class, is a brand-ordinary word. */
  readonly brandOrdinaryWord: number;
}

/**
 * jieba's dictionary holds 348,982 entries with frequencies summing to ~60 M (a news corpus).
 * - 2,000 (≈ 33 per million tokens) is about the 99th percentile of its entries: 老板 4,402,
 *   院长 6,397, 股东 8,174 are above it, 输液 186 and 仿制药 (absent) are not. Such words occur in
 *   any conversation, so as industry terms they match outside the trade;
 * - 300 (≈ 5 per million, ~95th percentile) for brands, which are rarer: 平安 1,438 (adjective),
 *   联想 1,393 (verb), 浪潮 461 (noun) are ordinary words first; 思科 269 and 金蝶 110 are not.
 */
export const DEFAULT_LINT_THRESHOLDS: Readonly<LintThresholds> = { commonWord: 2000, brandOrdinaryWord: 300 };

/** jieba part-of-speech tags of names (people, places, organisations, other proper nouns, abbreviations). */
const NAME_TAGS = new Set(['nr', 'nrt', 'nrfg', 'ns', 'nt', 'nz', 'j', 'eng', 'x']);

/**
 * Category pairs (base marker ↔ overlay category) that may share a surface: both readings hold
 * at once. Any other pair is a conflict: 免费试用 cannot be both a request for a trial (`sample`)
 * and a customer reference (`case`).
 */
const COMPATIBLE: ReadonlyMap<string, ReadonlySet<Category>> = new Map([
  // a pain or want in the base is the industry's need
  ['need.pain', new Set<Category>(['need'])],
  ['need.want', new Set<Category>(['need'])],
  // citing a case is the evidence technique
  ['technique.evidence', new Set<Category>(['case'])],
  // an alternative offer (融资租赁, 基础版) is one of the products
  ['technique.alternative', new Set<Category>(['product'])],
  // a rival named while objecting is a competitor
  ['objection.competitor_cue', new Set<Category>(['competitor'])],
]);

export interface JiebaWord {
  readonly frequency: number;
  readonly tag: string;
}

/** A labelled call as lint reads it: its industry and utterance texts. */
export interface LintCall {
  readonly name: string;
  readonly industry: string;
  readonly texts: readonly string[];
}

export interface LintInput {
  readonly base: LexiconDocument;
  readonly overlays: readonly LexiconDocument[];
  readonly dictionary: ReadonlyMap<string, JiebaWord>;
  readonly calls: readonly LintCall[];
}

export interface LintOptions {
  /** Only this overlay (all when absent). */
  readonly industry?: string;
  readonly thresholds?: Partial<LintThresholds>;
  /** Text as the matchers expect it (pipeline/nlp/normalize.ts); identity when absent. */
  readonly normalize?: (text: string) => string;
}

export interface UnexercisedCount {
  readonly industry: string;
  readonly calls: number;
  readonly terms: number;
  readonly unexercised: number;
  /** category → [unexercised, terms] */
  readonly byCategory: Readonly<Record<string, readonly [number, number]>>;
}

export interface LintReport {
  readonly thresholds: LintThresholds;
  /** Sorted by kind (LINT_KINDS order), industry, surface, category. */
  readonly findings: readonly LintFinding[];
  readonly counts: Readonly<Record<LintKind, number>>;
  readonly unexercised: readonly UnexercisedCount[];
  /** True when a conflict (an error) was found. */
  readonly failed: boolean;
}

/** Lints overlays against base, jieba's dictionary and the labelled calls. Pure and deterministic. */
export function lintLexicons(input: LintInput, options: LintOptions = {}): LintReport {
  const thresholds = { ...DEFAULT_LINT_THRESHOLDS, ...options.thresholds };
  const normalize = options.normalize ?? ((t: string) => t);
  const overlays = input.overlays
    .filter((o) => options.industry === undefined || o.industry === options.industry)
    .sort((a, b) => compare(a.industry, b.industry));
  if (options.industry !== undefined && overlays.length === 0) {
    throw new AppError(
      ErrorCode.UnknownIndustry,
      `unknown industry "${options.industry}"; known: ${input.overlays
        .map((o) => o.industry)
        .sort()
        .join(', ')}`,
    );
  }
  const baseCategories = new Map<string, Category[]>();
  for (const t of documentTerms(input.base)) {
    for (const s of surfacesOf(t)) {
      const list = baseCategories.get(s) ?? [];
      if (!list.includes(t.category)) list.push(t.category);
      baseCategories.set(s, list);
    }
  }

  const findings: LintFinding[] = [];
  const unexercised: UnexercisedCount[] = [];
  const byId = new Map(input.overlays.map((o) => [o.industry, o]));
  for (const overlay of overlays) {
    const industry = overlay.industry;
    findings.push(...inheritedDuplicates(overlay, byId));
    const seen = new Map<string, { category: Category; term: string }[]>();
    for (const t of documentTerms(overlay)) {
      for (const surface of surfacesOf(t)) {
        const at = { industry, term: t.term, surface, category: t.category };
        const earlier = seen.get(surface) ?? [];
        for (const e of earlier) {
          if (e.category === t.category) continue; // a plain duplicate: the loader rejects it
          findings.push({
            kind: 'conflicting-category',
            severity: 'error',
            ...at,
            detail: `本词库内另属${anyCategoryName(e.category)}（「${e.term}」），此处为${anyCategoryName(t.category)}: ${t.category} vs ${e.category} in the overlay`,
          });
        }
        seen.set(surface, [...earlier, { category: t.category, term: t.term }]);

        for (const baseCategory of baseCategories.get(surface) ?? []) {
          findings.push({
            kind: 'duplicate-of-base',
            severity: 'warning',
            ...at,
            detail: `基础词库已有（${anyCategoryName(baseCategory)}）: inherited from base as ${baseCategory}`,
          });
          if (baseCategory !== t.category && !COMPATIBLE.get(baseCategory)?.has(t.category)) {
            findings.push({
              kind: 'conflicting-category',
              severity: 'error',
              ...at,
              detail: `基础词库为${anyCategoryName(baseCategory)}，本词库为${anyCategoryName(t.category)}: base ${baseCategory} vs overlay ${t.category}`,
            });
          }
        }

        const word = input.dictionary.get(surface);
        if (!word) continue;
        const ordinary = !NAME_TAGS.has(word.tag);
        if (t.category === 'competitor') {
          if (
            word.frequency >= thresholds.commonWord ||
            (ordinary && word.frequency >= thresholds.brandOrdinaryWord)
          ) {
            findings.push({
              kind: 'brand-ordinary-word',
              severity: 'warning',
              ...at,
              detail: `结巴词典词频 ${word.frequency}（${partOfSpeechName(word.tag)}），也是日常用语: jieba frequency ${word.frequency} (${word.tag}), an ordinary word as well as a brand`,
            });
          }
        } else if (word.frequency >= thresholds.commonWord) {
          findings.push({
            kind: 'common-word',
            severity: 'warning',
            ...at,
            detail: `结巴词典词频 ${word.frequency} ≥ ${thresholds.commonWord}（${partOfSpeechName(word.tag)}）: jieba frequency (${word.tag}), common in general Chinese`,
          });
        }
      }
    }
    const count = countUnexercised(input.base, overlay, input.calls, normalize, byId);
    unexercised.push(count);
    for (const [category, [n, total]] of Object.entries(count.byCategory)) {
      if (n === 0) continue;
      findings.push({
        kind: 'unexercised',
        severity: 'warning',
        industry,
        term: '',
        surface: '',
        category,
        count: n,
        detail: `${n}/${total} 个词未出现在 ${count.calls} 通已标注通话中: in no labelled call (a count, not a reason to delete)`,
      });
    }
  }

  const order = new Map(LINT_KINDS.map((k, i) => [k, i]));
  findings.sort(
    (a, b) =>
      order.get(a.kind)! - order.get(b.kind)! ||
      compare(a.industry, b.industry) ||
      compare(a.surface, b.surface) ||
      compare(a.category, b.category) ||
      compare(a.detail, b.detail),
  );
  const counts = Object.fromEntries(
    LINT_KINDS.map((k) => [
      k,
      k === 'unexercised'
        ? unexercised.reduce((s, u) => s + u.unexercised, 0)
        : findings.filter((f) => f.kind === k).length,
    ]),
  ) as Record<LintKind, number>;
  return {
    thresholds,
    findings,
    counts,
    unexercised,
    failed: counts['conflicting-category'] > 0,
  };
}

/**
 * Own terms of a child identical to what it inherits (same surface, same category, same
 * synonyms): they say nothing the parent does not, and drift apart from it when the parent is
 * edited. An own term that changes the category or the synonyms is an override, not flagged.
 */
function inheritedDuplicates(
  overlay: LexiconDocument,
  byId: ReadonlyMap<string, LexiconDocument>,
): LintFinding[] {
  if (overlay.extends === undefined) return [];
  const parent = byId.get(overlay.extends);
  if (!parent) return [];
  const inherited = new Map<string, TResolvedTerm>();
  for (const t of resolveOverlay(parent, (id) => byId.get(id)).terms as TResolvedTerm[]) {
    inherited.set(t.term, { ...t, inheritedFrom: t.inheritedFrom ?? parent.industry });
  }
  const out: LintFinding[] = [];
  for (const t of overlay.terms) {
    const p = inherited.get(t.term);
    if (!p || p.category !== t.category) continue;
    const same =
      [...(t.synonyms ?? [])].sort().join('\u0000') === [...(p.synonyms ?? [])].sort().join('\u0000');
    if (!same) continue;
    out.push({
      kind: 'inherited-duplicate',
      severity: 'warning',
      industry: overlay.industry,
      term: t.term,
      surface: t.term,
      category: t.category,
      detail: `与继承自${(p.inheritedFrom && INDUSTRY_ZH[p.inheritedFrom]) || '上级词库'}的词条完全相同，可删除: identical to the term inherited from ${p.inheritedFrom}`,
    });
  }
  return out;
}

/**
 * Terms of an overlay that no labelled call of its industry contains, by category. A shared
 * base's terms are exercised by the calls of the industries that extend it.
 */
function countUnexercised(
  base: LexiconDocument,
  overlay: LexiconDocument,
  calls: readonly LintCall[],
  normalize: (text: string) => string,
  byId: ReadonlyMap<string, LexiconDocument>,
): UnexercisedCount {
  const heirs = new Set([overlay.industry]);
  for (const o of byId.values()) {
    if (ancestorsOf(o, (id) => byId.get(id)).some((a) => a.industry === overlay.industry))
      heirs.add(o.industry);
  }
  const mine = calls.filter((c) => heirs.has(c.industry));
  const exercised = new Set<string>();
  if (mine.length > 0) {
    // The overlay's own matcher, so that ASCII case and word boundaries count as in analysis.
    const lexicon = compileLexicon(base, overlay, 1);
    for (const call of mine) {
      for (const text of call.texts) {
        for (const hit of lexicon.findTerms(normalize(text))) {
          if (hit.entry.source === overlay.industry)
            exercised.add(key(hit.entry.category, hit.entry.concept));
        }
      }
    }
  }
  const byCategory: Record<string, [number, number]> = {};
  let terms = 0;
  let missing = 0;
  for (const t of documentTerms(overlay)) {
    const cell = byCategory[t.category] ?? [0, 0];
    byCategory[t.category] = cell;
    cell[1]++;
    terms++;
    if (!exercised.has(key(t.category, t.term))) {
      cell[0]++;
      missing++;
    }
  }
  const sorted = Object.fromEntries(Object.entries(byCategory).sort(([a], [b]) => compare(a, b)));
  return { industry: overlay.industry, calls: mine.length, terms, unexercised: missing, byCategory: sorted };
}

// ── Loading ─────────────────────────────────────────────────────────────────────────────────────

/** jieba's main dictionary as shipped with nodejieba (`word frequency tag` per line). */
export function defaultJiebaDictionary(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('nodejieba/package.json')), 'dict', 'jieba.dict.utf8');
}

/** Reads a jieba dictionary; a word listed twice keeps its higher frequency. */
export function readJiebaDictionary(file = defaultJiebaDictionary()): Map<string, JiebaWord> {
  const words = new Map<string, JiebaWord>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const [word, freq, tag] = line.trim().split(/\s+/);
    const frequency = Number(freq);
    if (!word || !Number.isFinite(frequency)) continue;
    const prev = words.get(word);
    if (!prev || frequency > prev.frequency) words.set(word, { frequency, tag: tag ?? '' });
  }
  return words;
}

/**
 * Reads a lexicon for linting: schema-checked, but a surface used twice is left for the lint to
 * report with the rest rather than stopping at the first file.
 */
export function readLexiconForLint(file: string): LexiconDocument {
  const text = readFileSync(file, 'utf8');
  let data: unknown;
  try {
    data = parseYaml(text, { uniqueKeys: true });
  } catch {
    return parseLexiconYaml(text, file); // throws the loader's located error
  }
  const parsed = ZLexiconDocument.safeParse(data);
  return parsed.success ? parsed.data : parseLexiconYaml(text, file);
}

/**
 * Labelled calls (`<name>.json` with `<name>.gold.json` beside it) of some folders, skipping the
 * names in `skip` (the set-aside calls, which no lexicon decision may look at).
 */
export function readLintCalls(dirs: readonly string[], skip: ReadonlySet<string> = new Set()): LintCall[] {
  const calls: LintCall[] = [];
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    for (const gold of readdirSync(dir)
      .filter((f) => f.endsWith('.gold.json'))
      .sort()) {
      const name = basename(gold, '.gold.json');
      if (skip.has(name)) continue;
      const data = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as {
        industry?: unknown;
        utterances?: { text?: unknown }[];
      };
      if (typeof data.industry !== 'string') continue;
      const texts = (data.utterances ?? []).map((u) => (typeof u.text === 'string' ? u.text : ''));
      calls.push({ name, industry: data.industry, texts });
    }
  }
  return calls;
}

/** Everything lint reads from disk: a lexicon folder (base.yaml + industries/), jieba, calls. */
export function loadLintInput(options: {
  lexiconDir: string;
  callDirs: readonly string[];
  skipCalls?: ReadonlySet<string>;
  dictionaryFile?: string;
}): LintInput {
  const industryDir = join(options.lexiconDir, 'industries');
  const overlays = readdirSync(industryDir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => readLexiconForLint(join(industryDir, f)));
  return {
    base: readLexiconForLint(join(options.lexiconDir, 'base.yaml')),
    overlays,
    dictionary: readJiebaDictionary(options.dictionaryFile),
    calls: readLintCalls(options.callDirs, options.skipCalls),
  };
}

function surfacesOf(t: { term: string; synonyms?: string[] | undefined }): string[] {
  return [t.term, ...(t.synonyms ?? [])];
}

function key(category: string, concept: string): string {
  return `${category}\u0000${concept}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
