import { join } from 'node:path';
import { z } from 'zod';
import { checkOverlay } from '../../lexicons/lexicon.edit.js';
import type { LexiconRegistry } from '../../lexicons/lexicon.registry.js';
import {
  DEFAULT_LINT_THRESHOLDS,
  type JiebaWord,
  type LintCall,
  lintLexicons,
  readJiebaDictionary,
  readLintCalls,
} from '../../lexicons/lexicon-lint.js';
import type { LexiconVersion } from '../../models/lexicon-version.repository.js';
import { packageRoot } from '../../models/package-root.js';
import { readSetAside } from '../../pipeline/eval/set-aside.js';
import { normalizeText } from '../../pipeline/nlp/normalize.js';
import { LINT_KINDS } from '../../shared/vocabulary.js';

const ZLintKind = z.enum(LINT_KINDS);

/** One warning (or, for a category conflict, error) about the linted version. */
export const ZLexiconLintFinding = z.strictObject({
  kind: ZLintKind,
  severity: z.enum(['error', 'warning']),
  /** The overlay the finding is about (the linted industry). */
  industry: z.string(),
  /** Canonical term of the surface ('' for `unexercised`, which counts terms). */
  term: z.string(),
  surface: z.string(),
  category: z.string(),
  /** What was found, in Chinese (jieba frequency, the other category, the parent…). */
  detail: z.string(),
  /** `unexercised` only: terms of the category that no labelled call contains. */
  count: z.number().int().optional(),
});

/** GET /v1/lexicons/{industry}/lint: the lint of the version the editor shows (the draft, else current). */
export const ZLexiconLintReport = z.strictObject({
  industry: z.string(),
  /** The linted version: the draft when there is one, else the published one. */
  sequence: z.number().int(),
  draft: z.boolean(),
  thresholds: z.strictObject({ commonWord: z.number(), brandOrdinaryWord: z.number() }),
  /** Labelled calls read (set-aside calls never are), over all industries. */
  labelledCalls: z.number().int(),
  /** Per kind: findings, and for `unexercised` the number of terms no labelled call contains. */
  counts: z.record(ZLintKind, z.number().int()),
  /** True when a surface sits in two conflicting categories (the CLI exits 1). */
  failed: z.boolean(),
  findings: z.array(ZLexiconLintFinding),
  unexercised: z.strictObject({
    /** Labelled calls of the industry and of those that extend it. */
    calls: z.number().int(),
    terms: z.number().int(),
    unexercised: z.number().int(),
    /** category → [unexercised, terms] */
    byCategory: z.record(z.string(), z.tuple([z.number().int(), z.number().int()])),
  }),
});
export type LexiconLintReport = z.infer<typeof ZLexiconLintReport>;

export interface LexiconLintDeps {
  /** Where the linted version comes from (the draft the editor edits, else the published one). */
  admin: {
    current(industry: string): Promise<LexiconVersion>;
    draft(industry: string): Promise<LexiconVersion | null>;
  };
  registry: LexiconRegistry;
  /** Folders of labelled calls; default training/calls and tests/fixtures/calls beside the package. */
  callDirs?: readonly string[];
  /** Calls no lexicon decision may look at; default training/SET-ASIDE.txt. */
  setAside?: ReadonlySet<string>;
  /** jieba's dictionary file; default the one nodejieba ships. */
  dictionaryFile?: string;
}

/**
 * The lexicon lint of `tingjian lexicons lint` for the lexicon editor's page: the same core
 * (lexicons/lexicon-lint.ts) on the version being edited, against the base, the other lexicons
 * as published, jieba's dictionary and the labelled calls. The dictionary and the calls are read
 * once, on the first request: the dictionary keeps only the words frequent enough to be flagged
 * (a few thousand of its 349k), so the server does not hold it all.
 */
export class LexiconLintService {
  private dictionary?: Map<string, JiebaWord>;
  private calls?: LintCall[];

  constructor(private readonly deps: LexiconLintDeps) {}

  async lint(industry: string): Promise<LexiconLintReport> {
    const { admin, registry } = this.deps;
    const draft = await admin.draft(industry); // unknown industry → unknown_industry
    const version = draft ?? (await admin.current(industry));
    const edited = checkOverlay(version.lexicon, industry);
    const overlays = registry
      .lexiconIds()
      .filter((id) => id !== industry)
      .map((id) => registry.ownOverlay(id)!)
      .concat(edited);
    const calls = this.labelledCalls();
    const report = lintLexicons(
      { base: registry.baseDocument(), overlays, dictionary: this.frequentWords(), calls },
      { industry, normalize: (t) => normalizeText(t).text },
    );
    const own = report.unexercised[0]!;
    return ZLexiconLintReport.parse({
      industry,
      sequence: version.sequence,
      draft: draft !== null,
      thresholds: report.thresholds,
      labelledCalls: calls.length,
      counts: report.counts,
      failed: report.failed,
      findings: report.findings.map((f) => ({ ...f, detail: chinesePart(f.detail) })),
      unexercised: {
        calls: own.calls,
        terms: own.terms,
        unexercised: own.unexercised,
        byCategory: own.byCategory,
      },
    });
  }

  private frequentWords(): Map<string, JiebaWord> {
    if (!this.dictionary) {
      const least = Math.min(DEFAULT_LINT_THRESHOLDS.commonWord, DEFAULT_LINT_THRESHOLDS.brandOrdinaryWord);
      const all = readJiebaDictionary(this.deps.dictionaryFile);
      this.dictionary = new Map([...all].filter(([, w]) => w.frequency >= least));
    }
    return this.dictionary;
  }

  private labelledCalls(): LintCall[] {
    if (!this.calls) {
      const root = packageRoot();
      this.calls = readLintCalls(
        this.deps.callDirs ?? [join(root, 'training', 'calls'), join(root, 'tests', 'fixtures', 'calls')],
        this.deps.setAside ?? readSetAside(),
      );
    }
    return this.calls;
  }
}

/** The core writes each detail as `中文: English` (the CLI prints both); the page reads Chinese. */
function chinesePart(detail: string): string {
  const at = detail.indexOf(': ');
  return at < 0 ? detail : detail.slice(0, at);
}
