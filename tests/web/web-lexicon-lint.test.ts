import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { AppProviders } from '../../web/src/components/app-providers.js';
import {
  LintReportView,
  lintSummaryText,
  lintWarningCount,
} from '../../web/src/components/lexicons/lint-panel.js';
import type { LexiconLintReport } from '../../web/src/lib/api-shapes.js';

const render = (el: ReactElement) => renderToStaticMarkup(createElement(AppProviders, null, el));
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

/** As GET /v1/lexicons/finance/lint answers for a draft with one finding of each kind. */
const REPORT: LexiconLintReport = {
  industry: 'finance',
  sequence: 3,
  draft: true,
  thresholds: { commonWord: 2000, brandOrdinaryWord: 300 },
  labelledCalls: 80,
  counts: {
    'conflicting-category': 1,
    'duplicate-of-base': 0,
    'inherited-duplicate': 1,
    'brand-ordinary-word': 1,
    'common-word': 1,
    unexercised: 7,
  },
  failed: true,
  findings: [
    {
      kind: 'conflicting-category',
      severity: 'error',
      industry: 'finance',
      term: '免费试用',
      surface: '免费试用',
      category: 'case',
      detail: '基础词库为处理技巧·备选方案，本词库为案例',
    },
    {
      kind: 'inherited-duplicate',
      severity: 'warning',
      industry: 'finance',
      term: '团险',
      surface: '团险',
      category: 'product',
      detail: '与继承自上级词库的词条完全相同，可删除',
    },
    {
      kind: 'brand-ordinary-word',
      severity: 'warning',
      industry: 'finance',
      term: '平安',
      surface: '平安',
      category: 'competitor',
      detail: '结巴词典词频 1438（形容词），也是日常用语',
    },
    {
      kind: 'common-word',
      severity: 'warning',
      industry: 'finance',
      term: '老板',
      surface: '老总',
      category: 'approver',
      detail: '结巴词典词频 4402 ≥ 2000（名词）',
    },
    {
      kind: 'unexercised',
      severity: 'warning',
      industry: 'finance',
      term: '',
      surface: '',
      category: 'product',
      count: 7,
      detail: '7/40 个词未出现在 5 通已标注通话中',
    },
  ],
  unexercised: { calls: 5, terms: 120, unexercised: 7, byCategory: { product: [7, 40], approver: [0, 12] } },
};

const CLEAN: LexiconLintReport = {
  ...REPORT,
  draft: false,
  sequence: 1,
  failed: false,
  counts: {
    'conflicting-category': 0,
    'duplicate-of-base': 0,
    'inherited-duplicate': 0,
    'brand-ordinary-word': 0,
    'common-word': 0,
    unexercised: 0,
  },
  findings: [],
  unexercised: { calls: 0, terms: 120, unexercised: 120, byCategory: { product: [40, 40] } },
};

describe('the lexicon editor shows the lint warnings', () => {
  it('sums them up in Chinese, kinds without findings left out', () => {
    expect(lintSummaryText(REPORT)).toBe(
      '类别冲突 1 · 与继承的词重复 1 · 品牌名也是普通词 1 · 通用常用词 1 · 未被标注通话覆盖 7 个词',
    );
    expect(lintSummaryText(CLEAN)).toBe('没有发现问题');
    // The unexercised count is information, not a warning to act on.
    expect(lintWarningCount(REPORT)).toBe(4);
  });

  it('lists each kind with its findings, the conflict as an error, and the unexercised count per category', () => {
    const html = render(createElement(LintReportView, { report: REPORT }));
    const t = text(html);
    expect(t).toContain('草稿（第 3 版）检查结果：类别冲突 1');
    expect(t).toContain('有类别冲突：命令行的词库检查会失败，请先修正。');
    for (const kind of ['conflicting-category', 'inherited-duplicate', 'brand-ordinary-word', 'common-word'])
      expect(html).toContain(`data-testid="lint-${kind}"`);
    expect(html).not.toContain('data-testid="lint-duplicate-of-base"');
    expect(t).toMatch(/错误 类别冲突（1）/);
    expect(t).toMatch(/警告 品牌名也是普通词（1）/);
    // A synonym names its term; categories in Chinese.
    expect(t).toMatch(/老总 老板 决策人 结巴词典词频 4402 ≥ 2000（名词）/);
    expect(t).toMatch(/平安 竞品 结巴词典词频 1438（形容词），也是日常用语/);
    expect(t).toContain('未被标注通话覆盖：7/120 个词');
    expect(t).toContain('按本行业（含继承它的行业）的 5 通已标注通话统计');
    expect(t).toMatch(/产品 7\/40 决策人 0\/12/);
  });

  it('a clean published version: a success line, and no labelled calls said as such', () => {
    const t = text(render(createElement(LintReportView, { report: CLEAN })));
    expect(t).toContain('当前版本（第 1 版）检查结果：没有发现问题');
    expect(t).toContain('没有类别冲突、常用词或重复词条');
    expect(t).toContain('本行业还没有已标注的通话，无法统计哪些词被用到。');
    expect(t).not.toContain('类别冲突（');
  });
});
