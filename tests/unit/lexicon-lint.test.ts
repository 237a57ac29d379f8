import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lexiconsCommand } from '../../bin/commands/lexicons.command.js';
import { loadConfig } from '../../bin/config.js';
import { defaultLexiconDir } from '../../lexicons/lexicon.registry.js';
import { BASE_CATEGORIES } from '../../lexicons/lexicon.schema.js';
import {
  type LintFinding,
  lintLexicons,
  loadLintInput,
  readJiebaDictionary,
} from '../../lexicons/lexicon-lint.js';
import { readSetAside } from '../../pipeline/eval/set-aside.js';
import { BASE_CATEGORY_ZH } from '../../shared/labels-zh.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const FIXTURE = join(ROOT, 'tests', 'fixtures', 'lint');
const fixture = loadLintInput({
  lexiconDir: FIXTURE,
  callDirs: [],
  dictionaryFile: join(FIXTURE, 'jieba.dict.utf8'),
});
const CALLS = [{ name: 'bakery-1', industry: 'bakery', texts: ['这台旋转烤炉配两个烤盘。', '转炉还行'] }];

const brief = (f: LintFinding) => [f.kind, f.industry, f.surface, f.category];

describe('lintLexicons on the fixture lexicons', () => {
  const report = lintLexicons({ ...fixture, calls: CALLS });

  it.each([
    // one surface in two categories inside the overlay
    ['conflicting-category', 'bakery', '发酵箱', 'feature'],
    // base says a trial pack (sample), the overlay a customer case
    ['conflicting-category', 'bakery', '试吃装', 'case'],
    ['duplicate-of-base', 'bakery', '排队太久', 'need'],
    ['duplicate-of-base', 'bakery', '检验报告单', 'case'],
    ['duplicate-of-base', 'bakery', '试吃装', 'case'],
    ['brand-ordinary-word', 'bakery', '白鹭', 'competitor'],
    ['common-word', 'bakery', '面包', 'product'],
  ])('%s fires on %s 「%s」 (%s)', (...expected) => {
    expect(report.findings.map(brief)).toContainEqual(expected);
  });

  it('reports nothing else: compatible base duplicates are no conflict, names are no ordinary words', () => {
    expect(report.findings.filter((f) => f.kind !== 'unexercised').map(brief)).toEqual([
      ['conflicting-category', 'bakery', '发酵箱', 'feature'],
      ['conflicting-category', 'bakery', '试吃装', 'case'],
      ['duplicate-of-base', 'bakery', '排队太久', 'need'],
      ['duplicate-of-base', 'bakery', '检验报告单', 'case'],
      ['duplicate-of-base', 'bakery', '试吃装', 'case'],
      ['brand-ordinary-word', 'bakery', '白鹭', 'competitor'],
      ['common-word', 'bakery', '面包', 'product'],
    ]);
    expect(report.counts).toEqual({
      'conflicting-category': 2,
      'duplicate-of-base': 3,
      'inherited-duplicate': 0,
      'brand-ordinary-word': 1,
      'common-word': 1,
      unexercised: 10,
    });
    expect(report.failed).toBe(true);
  });

  it('counts unexercised terms per industry and category, never naming them', () => {
    expect(report.unexercised).toEqual([
      {
        industry: 'bakery',
        calls: 1,
        terms: 9,
        unexercised: 7,
        byCategory: { case: [2, 2], competitor: [2, 2], feature: [1, 1], need: [1, 1], product: [1, 3] },
      },
      {
        industry: 'tea_shop',
        calls: 0,
        terms: 3,
        unexercised: 3,
        byCategory: { feature: [1, 1], product: [2, 2] },
      },
    ]);
    const rows = report.findings.filter((f) => f.kind === 'unexercised');
    expect(rows.every((f) => f.term === '' && f.surface === '')).toBe(true);
    expect(rows.find((f) => f.industry === 'bakery' && f.category === 'product')?.detail).toBe(
      '1/3 个词未出现在 1 通已标注通话中: in no labelled call (a count, not a reason to delete)',
    );
  });

  it('lints one industry on request, and only warnings do not fail', () => {
    const tea = lintLexicons({ ...fixture, calls: CALLS }, { industry: 'tea_shop' });
    expect(tea.failed).toBe(false);
    expect(tea.findings.map((f) => f.kind)).toEqual(['unexercised', 'unexercised']);
    expect(() => lintLexicons(fixture, { industry: 'aerospace' })).toThrow(/unknown industry "aerospace"/);
  });

  it('is deterministic whatever the order of the overlays', () => {
    const reversed = lintLexicons({ ...fixture, overlays: [...fixture.overlays].reverse(), calls: CALLS });
    expect(reversed).toEqual(report);
  });

  it('thresholds are options', () => {
    const strict = lintLexicons(fixture, { thresholds: { commonWord: 100, brandOrdinaryWord: 1000 } });
    expect(strict.findings.filter((f) => f.kind === 'common-word').map((f) => f.surface)).toEqual([
      '转炉',
      '面包',
    ]);
    // a brand as frequent as a common word is flagged whatever its part of speech (麦香 nz 800)
    expect(strict.findings.filter((f) => f.kind === 'brand-ordinary-word').map((f) => f.surface)).toEqual([
      '白鹭',
      '麦香',
    ]);
    const lax = lintLexicons(fixture, { thresholds: { brandOrdinaryWord: 600 } });
    expect(lax.counts['brand-ordinary-word']).toBe(0);
  });
});

describe('Chinese names of the base categories', () => {
  it('name every marker group of the shared base', () => {
    expect(BASE_CATEGORIES.filter((c) => !BASE_CATEGORY_ZH[c])).toEqual([]);
  });
});

describe('jieba dictionary', () => {
  it('reads frequency and part of speech of the real dictionary', () => {
    const dict = readJiebaDictionary();
    expect(dict.size).toBeGreaterThan(300_000);
    expect(dict.get('平安')).toEqual({ frequency: 1438, tag: 'a' });
  });
});

describe('the shipped lexicons', () => {
  const shipped = loadLintInput({
    lexiconDir: defaultLexiconDir(),
    callDirs: [join(ROOT, 'training', 'calls'), join(ROOT, 'tests', 'fixtures', 'calls')],
    skipCalls: readSetAside(),
  });
  const report = lintLexicons(shipped);

  it('hold no conflicting categories (CI runs the lint and fails on one)', () => {
    // The five found first (trials and 样品测试 filed as cases where base calls them requests) were
    // taken out of the overlays.
    expect(report.findings.filter((f) => f.kind === 'conflicting-category').map(brief)).toEqual([]);
  });

  it('flag the ordinary-word brands the issue names', () => {
    expect(report.findings.filter((f) => f.kind === 'brand-ordinary-word').map((f) => f.surface)).toContain(
      '平安',
    );
  });

  it("say every finding in Chinese before the CLI's English half: no key, file name or English word", () => {
    const chinese = (f: LintFinding) => f.detail.slice(0, f.detail.indexOf(': ')).replace(/「[^」]*」/g, '');
    expect(report.findings.length).toBeGreaterThan(50);
    expect(report.findings.every((f) => f.detail.includes(': '))).toBe(true);
    expect(report.findings.filter((f) => /[A-Za-z]/.test(chinese(f))).map((f) => f.detail)).toEqual([]);
    // Every kind occurs on the fixture lexicons: their details too.
    const fixtures = lintLexicons({ ...fixture, calls: CALLS });
    expect(new Set(fixtures.findings.map((f) => f.kind)).size).toBeGreaterThanOrEqual(5);
    expect(fixtures.findings.filter((f) => /[A-Za-z]/.test(chinese(f))).map((f) => f.detail)).toEqual([]);
  });

  it('never read the set-aside calls', () => {
    const setAside = readSetAside();
    expect(setAside.size).toBeGreaterThan(0);
    expect(shipped.calls.some((c) => setAside.has(c.name))).toBe(false);
  });
});

describe('tingjian lexicons lint', () => {
  afterEach(() => vi.restoreAllMocks());

  it('exits 1 on a conflict, 0 with warnings only, and prints the table by kind', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const config = loadConfig({ LEXICON_DIR: FIXTURE });
    expect(await lexiconsCommand(['lint'], { json: false }, config)).toBe(1);
    const text = String(log.mock.calls[0]?.[0]);
    expect(text).toContain('类别冲突 conflicting-category: 2（错误 error）');
    expect(text).toContain('✗ 2 个类别冲突 conflicting categories: fix the lexicon (exit 1)');
    expect(await lexiconsCommand(['lint', 'tea_shop'], { json: true }, config)).toBe(0);
    expect(JSON.parse(String(log.mock.calls[1]?.[0])).failed).toBe(false);
  });
});
