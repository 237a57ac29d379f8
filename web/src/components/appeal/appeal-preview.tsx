import { Alert, Space, Spin, Table, Typography } from 'antd';
import type { CallView } from '../../lib/api';
import { LIVE_APPEAL_STATUSES } from '../../lib/appeal-status';
import { type Correction, explainAppealEffect } from '../../lib/explain';
import { DIMENSION_ZH, DIMENSIONS, versionName } from '../../lib/labels';
import { APPEAL_STATUS_ZH } from '../effect-line';
import type { AppealPreview } from './use-appeal-preview';

/** The evidence the appeal quotes and 总分 + the five dimensions now → if accepted. */
export function PreviewPanel({
  view,
  preview,
  loading,
  error,
  scoreItem,
}: {
  view: CallView;
  preview: AppealPreview | null;
  loading: boolean;
  error: string | null;
  scoreItem: boolean;
}) {
  const existing = preview?.existingAppeal ?? null;
  const rows = preview
    ? [
        {
          key: 'total',
          name: '总分',
          now: preview.preview.now.total,
          next: preview.preview.ifAccepted.total,
        },
        ...DIMENSIONS.map((d) => ({
          key: d,
          name: DIMENSION_ZH[d],
          now: preview.preview.now.dimensions[d] ?? null,
          next: preview.preview.ifAccepted.dimensions[d] ?? null,
        })),
      ]
    : [];
  const shown = (v: number | null, key: string) =>
    v === null ? (key === 'total' ? '—' : '不适用') : String(v);
  const changed = (r: (typeof rows)[number]) => r.now !== r.next;
  const cell = (r: (typeof rows)[number]) => ({
    style: changed(r) ? { background: '#fffbe6' } : {},
  });
  return (
    <div data-testid="appeal-estimate" style={{ marginTop: 4 }}>
      <Space size={6} style={{ marginBottom: 6 }}>
        <Typography.Text strong>提交前预估</Typography.Text>
        {loading && <Spin size="small" data-testid="appeal-estimate-loading" />}
      </Space>
      {preview && (
        <>
          <Typography.Paragraph style={{ marginBottom: 8 }}>
            <Typography.Text type="secondary">{scoreItem ? '申诉的评分项：' : '引用原文：'}</Typography.Text>
            <Typography.Text
              data-testid="appeal-estimate-quote"
              data-user-content
              style={{
                display: 'block',
                borderLeft: '3px solid #d9d9d9',
                paddingLeft: 8,
                wordBreak: 'break-word',
              }}
            >
              {preview.quote}
            </Typography.Text>
          </Typography.Paragraph>
          <Table
            size="small"
            pagination={false}
            rowKey="key"
            dataSource={rows}
            data-testid="appeal-estimate-table"
            columns={[
              { title: '项目', dataIndex: 'name', onCell: cell },
              {
                title: '当前',
                align: 'right',
                onCell: cell,
                render: (_, r) => shown(r.now, r.key),
              },
              {
                title: '若接受',
                align: 'right',
                onCell: cell,
                render: (_, r) =>
                  changed(r) ? (
                    <b
                      style={{
                        color: r.now !== null && r.next !== null && r.next < r.now ? '#cf1322' : '#237804',
                      }}
                    >
                      {shown(r.next, r.key)}
                    </b>
                  ) : (
                    shown(r.next, r.key)
                  ),
              },
              {
                title: '变化',
                align: 'right',
                onCell: cell,
                render: (_, r) =>
                  !changed(r) ? (
                    <Typography.Text type="secondary">—</Typography.Text>
                  ) : r.now !== null && r.next !== null ? (
                    `${r.next > r.now ? '+' : ''}${Math.round((r.next - r.now) * 10) / 10}`
                  ) : (
                    '变化'
                  ),
              },
            ]}
          />
          <EffectReasons view={view} preview={preview} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            按词库
            <span title={preview.preview.lexiconVersion}>{versionName(preview.preview.lexiconVersion)}</span>
            计算，仅为预估，以复核结果为准。
          </Typography.Text>
        </>
      )}
      {existing && (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 8 }}
          data-testid="appeal-existing"
          message={
            LIVE_APPEAL_STATUSES.includes(existing.status)
              ? `这一项已有申诉（${APPEAL_STATUS_ZH[existing.status]?.text ?? existing.status}），请等待处理，不能重复提交`
              : `这一项已申诉过（${APPEAL_STATUS_ZH[existing.status]?.text ?? existing.status}），决定为最终结果，不能再次申诉`
          }
        />
      )}
      {error && (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 8 }}
          message={error}
          data-testid="appeal-estimate-error"
        />
      )}
    </div>
  );
}

/** Why each changed number moves, in words; a lower total is called out before filing. */
function EffectReasons({ view, preview }: { view: CallView; preview: AppealPreview }) {
  const lines = explainAppealEffect(
    view,
    preview.correction as Correction,
    preview.preview.now,
    preview.preview.ifAccepted,
  );
  if (lines.length === 0)
    return (
      <Typography.Paragraph type="secondary" style={{ margin: '6px 0' }} data-testid="appeal-estimate-why">
        接受后各项得分不变（这条更正不影响评分，但会记录下来用于改进识别）。
      </Typography.Paragraph>
    );
  const total = lines.find((l) => l.dimension === 'total');
  return (
    <div style={{ margin: '6px 0' }} data-testid="appeal-estimate-why">
      {total && (
        <Alert
          type="warning"
          showIcon
          message={total.text}
          style={{ marginBottom: 6 }}
          data-testid="appeal-total-down"
        />
      )}
      <Typography.Text strong>为什么会变：</Typography.Text>
      <ul style={{ margin: '2px 0', paddingLeft: 20 }}>
        {lines
          .filter((l) => l.dimension !== 'total')
          .map((l) => (
            <li key={l.dimension}>{l.text}</li>
          ))}
      </ul>
    </div>
  );
}
