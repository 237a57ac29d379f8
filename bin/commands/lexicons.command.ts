import { join, resolve } from 'node:path';
import { defaultLexiconDir } from '../../lexicons/lexicon.registry.js';
import {
  LINT_KIND_ZH,
  LINT_KINDS,
  type LintFinding,
  type LintReport,
  lintLexicons,
  loadLintInput,
} from '../../lexicons/lexicon-lint.js';
import { AppError, ErrorCode } from '../../models/errors.js';
import { packageRoot } from '../../models/package-root.js';
import { readSetAside } from '../../pipeline/eval/set-aside.js';
import { normalizeText } from '../../pipeline/nlp/normalize.js';
import type { Config } from '../config.js';

export interface LexiconsOptions {
  json: boolean;
}

/**
 * `tingjian lexicons lint [industry] [--json]`: exit 0 with warnings only, 1 when a surface sits in
 * two conflicting categories.
 */
export async function lexiconsCommand(
  args: string[],
  options: LexiconsOptions,
  config: Config,
): Promise<number> {
  const [sub, industry, ...extra] = args;
  if (sub !== 'lint' || extra.length > 0) {
    throw new AppError(ErrorCode.InvalidInput, 'usage: tingjian lexicons lint [industry] [--json]');
  }
  const lexiconDir = config.LEXICON_DIR ? resolve(config.LEXICON_DIR) : defaultLexiconDir();
  // The labelled calls live beside the shipped lexicons, whichever lexicon folder is linted.
  const root = packageRoot();
  const input = loadLintInput({
    lexiconDir,
    callDirs: [join(root, 'training', 'calls'), join(root, 'tests', 'fixtures', 'calls')],
    skipCalls: readSetAside(),
  });
  const report = lintLexicons(input, {
    ...(industry ? { industry } : {}),
    normalize: (t) => normalizeText(t).text,
  });
  console.log(options.json ? JSON.stringify(report, null, 2) : renderLintReport(report, input.calls.length));
  return report.failed ? 1 : 0;
}

/** The Chinese/English table of a lint report, grouped by kind. */
export function renderLintReport(report: LintReport, labelledCalls: number): string {
  const out: string[] = [];
  const { commonWord, brandOrdinaryWord } = report.thresholds;
  out.push(
    `词库检查 lexicon lint — ${report.unexercised.length} 个行业词库 industries; 常用词阈值 common-word: jieba 词频 ≥ ${commonWord}; 品牌普通词阈值 brand: ≥ ${brandOrdinaryWord}（普通词性 ordinary POS）`,
  );
  out.push(`已标注通话 labelled calls read: ${labelledCalls}（不含留出通话 set-aside calls skipped）`);
  out.push('');
  out.push('汇总 summary');
  for (const kind of LINT_KINDS) {
    const severity = kind === 'conflicting-category' ? '错误 error' : '警告 warning';
    const unit = kind === 'unexercised' ? ' terms' : '';
    out.push(`  ${LINT_KIND_ZH[kind]} ${kind}: ${report.counts[kind]}${unit}（${severity}）`);
  }
  for (const kind of LINT_KINDS) {
    if (kind === 'unexercised') continue;
    const rows = report.findings.filter((f) => f.kind === kind);
    if (rows.length === 0) continue;
    out.push('');
    out.push(`${LINT_KIND_ZH[kind]} ${kind} (${rows.length})`);
    out.push(
      table(['行业 industry', '词 surface', '概念 term', '类别 category', '说明 detail'], rows.map(cells)),
    );
  }
  out.push('');
  out.push(
    `${LINT_KIND_ZH.unexercised} unexercised — 只是计数，不是删除的理由 (a count, never a reason to delete)`,
  );
  const categories = [...new Set(report.unexercised.flatMap((u) => Object.keys(u.byCategory)))].sort();
  out.push(
    table(
      ['行业 industry', '通话 calls', '未覆盖/词 unexercised/terms', ...categories],
      report.unexercised.map((u) => [
        u.industry,
        String(u.calls),
        `${u.unexercised}/${u.terms}`,
        ...categories.map((c) => {
          const cell = u.byCategory[c];
          return cell ? `${cell[0]}/${cell[1]}` : '—';
        }),
      ]),
    ),
  );
  out.push('');
  out.push(
    report.failed
      ? `✗ ${report.counts['conflicting-category']} 个类别冲突 conflicting categories: fix the lexicon (exit 1)`
      : '✓ 无类别冲突 no conflicting categories (warnings only, exit 0)',
  );
  return out.join('\n');
}

function cells(f: LintFinding): string[] {
  return [f.industry, f.surface, f.term === f.surface ? '' : f.term, f.category, f.detail];
}

function table(header: string[], rows: string[][]): string {
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u1100-\uffff]/.test(ch) ? 2 : 1), 0);
  const cols = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cs: string[]) =>
    cs
      .map((c, i) => (i === cs.length - 1 ? c : c + ' '.repeat(cols[i]! - width(c))))
      .join('  ')
      .trimEnd();
  return [
    `  ${line(header)}`,
    `  ${cols.map((w) => '─'.repeat(w)).join('  ')}`,
    ...rows.map((r) => `  ${line(r)}`),
  ].join('\n');
}
