import { Alert, Button, Empty, Space, Table, Tag, Typography } from 'antd';
import { LINT_KIND_ZH } from '../../../../shared/labels-zh';
import { LINT_KINDS, type LintKind } from '../../../../shared/vocabulary';
import { api } from '../../lib/api';
import type { LexiconLintFinding, LexiconLintReport } from '../../lib/api-shapes';
import { errorText } from '../../lib/errors-zh';
import { categoryName } from '../../lib/labels';
import { useLoad } from '../../lib/use-api';

/** What each kind asks of an editor, in a sentence. */
const KIND_HINT_ZH: Readonly<Record<LintKind, string>> = {
  'conflicting-category': '同一个词出现在两个相互矛盾的类别中，识别结果会自相矛盾，请保留一个。',
  'duplicate-of-base': '基础词库已包含这个词，行业词库里的这一条可能多余。',
  'inherited-duplicate': '与从上级词库继承的词条完全相同，可以删除，以免上级修改后两者不一致。',
  'brand-ordinary-word': '这个竞品名也是日常用语，普通对话里也会命中，容易误报竞品。',
  'common-word': '这是通用中文里的高频词（按结巴分词词典的词频），放在行业词库里会在行业之外误命中。',
  unexercised: '这些词在已标注的通话中从未出现过。这只是计数，不是删除的理由。',
};

/** Warnings and errors of one lint, per kind: `类别冲突 2 · 通用常用词 5 · …` (kinds without findings left out). */
export function lintSummaryText(report: LexiconLintReport): string {
  const parts = LINT_KINDS.filter((k) => (report.counts[k] ?? 0) > 0).map(
    (k) => `${LINT_KIND_ZH[k]} ${report.counts[k]}${k === 'unexercised' ? ' 个词' : ''}`,
  );
  return parts.length === 0 ? '没有发现问题' : parts.join(' · ');
}

/** Findings the tab's badge counts: every one but the unexercised count, which is information. */
export function lintWarningCount(report: LexiconLintReport): number {
  return report.findings.filter((f) => f.kind !== 'unexercised').length;
}

/** The findings of one kind as a table (the unexercised count has its own). */
function FindingsTable({ kind, rows }: { kind: LintKind; rows: LexiconLintFinding[] }) {
  return (
    <div style={{ marginBottom: 16 }} data-testid={`lint-${kind}`}>
      <Typography.Title level={5} style={{ marginBottom: 4 }}>
        <Tag color={kind === 'conflicting-category' ? 'error' : 'warning'}>
          {kind === 'conflicting-category' ? '错误' : '警告'}
        </Tag>
        {LINT_KIND_ZH[kind]}（{rows.length}）
      </Typography.Title>
      <div className="tj-meta" style={{ marginBottom: 6 }}>
        {KIND_HINT_ZH[kind]}
      </div>
      <Table<LexiconLintFinding>
        size="small"
        pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        rowKey={(f) => `${f.surface}\u0000${f.category}\u0000${f.detail}`}
        dataSource={rows}
        columns={[
          { title: '词', dataIndex: 'surface', width: 140 },
          {
            title: '所属词条',
            dataIndex: 'term',
            width: 140,
            render: (t: string, f) => (t === f.surface ? '' : t),
          },
          { title: '类别', dataIndex: 'category', width: 110, render: (c: string) => categoryName(c) },
          { title: '说明', dataIndex: 'detail' },
        ]}
      />
    </div>
  );
}

/** Terms no labelled call exercises, per category: a count, never a reason to delete. */
function UnexercisedTable({ report }: { report: LexiconLintReport }) {
  const u = report.unexercised;
  const rows = Object.entries(u.byCategory).map(([category, [missing, terms]]) => ({
    category,
    missing,
    terms,
  }));
  return (
    <div data-testid="lint-unexercised">
      <Typography.Title level={5} style={{ marginBottom: 4 }}>
        {LINT_KIND_ZH.unexercised}：{u.unexercised}/{u.terms} 个词
      </Typography.Title>
      <div className="tj-meta" style={{ marginBottom: 6 }}>
        {u.calls > 0
          ? `按本行业（含继承它的行业）的 ${u.calls} 通已标注通话统计；${KIND_HINT_ZH.unexercised}`
          : '本行业还没有已标注的通话，无法统计哪些词被用到。'}
      </div>
      <Table
        size="small"
        pagination={false}
        rowKey="category"
        dataSource={rows}
        columns={[
          { title: '类别', dataIndex: 'category', render: (c: string) => categoryName(c) },
          { title: '未出现 / 词数', render: (_: unknown, r) => `${r.missing}/${r.terms}` },
        ]}
      />
    </div>
  );
}

/** A lint report as the editor reads it: a summary, the findings per kind, the unexercised count. */
export function LintReportView({ report }: { report: LexiconLintReport }) {
  const kinds = LINT_KINDS.filter((k) => k !== 'unexercised');
  return (
    <div data-testid="lexicon-lint">
      <Alert
        type={report.failed ? 'error' : lintWarningCount(report) > 0 ? 'warning' : 'success'}
        showIcon
        style={{ marginBottom: 12 }}
        title={`${report.draft ? '草稿' : '当前版本'}（第 ${report.sequence} 版）检查结果：${lintSummaryText(report)}`}
        description={
          report.failed
            ? '有类别冲突：命令行的词库检查会失败，请先修正。'
            : `常用词阈值：结巴分词词典词频 ≥ ${report.thresholds.commonWord}；品牌普通词阈值：≥ ${report.thresholds.brandOrdinaryWord}。已读取 ${report.labelledCalls} 通已标注通话（不含留出评测的通话）。`
        }
      />
      {kinds.map((kind) => {
        const rows = report.findings.filter((f) => f.kind === kind);
        return rows.length > 0 ? <FindingsTable key={kind} kind={kind} rows={rows} /> : null;
      })}
      {lintWarningCount(report) === 0 && (
        <Empty description="没有类别冲突、常用词或重复词条" style={{ margin: '12px 0' }} />
      )}
      <UnexercisedTable report={report} />
    </div>
  );
}

/**
 * The 词库检查 tab: the lint of what the editor shows (the draft, else the published version),
 * loaded again whenever that version's content changes.
 */
export function LintPanel({ industry, content }: { industry: string; content: unknown }) {
  const lint = useLoad(
    () => api<LexiconLintReport>(`/v1/lexicons/${encodeURIComponent(industry)}/lint`),
    [industry, content],
  );
  if (lint.error)
    return (
      <Alert
        type="error"
        showIcon
        title={`词库检查失败：${errorText(lint.error)}`}
        action={
          <Button size="small" onClick={() => void lint.reload()}>
            重试
          </Button>
        }
      />
    );
  if (!lint.data) return <div className="tj-meta">正在检查词库…</div>;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <LintReportView report={lint.data} />
      <Button size="small" onClick={() => void lint.reload()} loading={lint.loading}>
        重新检查
      </Button>
    </Space>
  );
}
