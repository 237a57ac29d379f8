import { Alert, Descriptions, Progress, Space, Tag, Typography } from 'antd';
import type { CallView } from '../../lib/api';
import { failureText } from '../../lib/errors-zh';
import { formatDate, STATUS_ZH, tagName, versionName } from '../../lib/labels';
import { DimensionStrip } from '../score-items';
import { Card } from '../ui/card';
import { CallIndustry, NeedsIndustryAlert } from './industry-line';

/** Customer, time, industry, status and tags, the total and the five dimensions. */
export function CallHeader({
  v,
  narrow,
  onChanged,
}: {
  v: CallView;
  narrow: boolean;
  onChanged: () => void;
}) {
  const a = v.analysis;
  const st = STATUS_ZH[v.call.status];
  return (
    <Card size="small" style={{ marginBottom: 12 }}>
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {v.call.customer?.company ?? v.call.externalId}
          </Typography.Title>
          <div className="tj-meta">
            {v.call.customer?.name} · {formatDate(v.call.occurredAt)}
          </div>
          <div className="tj-meta">
            <CallIndustry call={v.call} onChanged={onChanged} />
          </div>
          <div style={{ marginTop: 4 }}>
            <Tag color={st.color} data-testid="call-status">
              {st.text}
            </Tag>
            {(a?.tags ?? v.call.tags).map((t) => (
              <Tag key={t} color="volcano">
                {tagName(t)}
              </Tag>
            ))}
          </div>
        </div>
        {a && (
          <div style={{ textAlign: 'center' }}>
            <Progress
              type="dashboard"
              percent={a.total ?? 0}
              format={() => a.total ?? '—'}
              size={narrow ? 64 : 84}
              aria-label={`总分 ${a.total ?? '无'}`}
            />
            <div className="tj-meta">总分</div>
          </div>
        )}
      </Space>
      {a && <DimensionStrip dimensions={a.dimensions} />}
    </Card>
  );
}

/** Lexicon and scorecard versions, how often scored, the rep's share of talk. */
export function CallInfoCard({ analysis: a }: { analysis: NonNullable<CallView['analysis']> }) {
  return (
    <Card size="small" title="通话信息" style={{ marginBottom: 12 }}>
      <Descriptions size="small" column={{ xs: 1, sm: 2, md: 4 }}>
        <Descriptions.Item label="词库版本">
          <span title={a.lexiconVersion}>{versionName(a.lexiconVersion)}</span>
        </Descriptions.Item>
        <Descriptions.Item label="评分卡">
          <span title={a.scorecardVersion}>{versionName(a.scorecardVersion)}</span>
        </Descriptions.Item>
        <Descriptions.Item label="评分次数">第 {a.revision} 次</Descriptions.Item>
        <Descriptions.Item label="销售说话占比">
          {Math.round((a.metrics.talkRatio ?? 0) * 100)}%
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

/** 待确认行业, still processing, or failed with the reason in Chinese. */
export function CallStatusAlerts({ v, onChanged }: { v: CallView; onChanged: () => void }) {
  const st = STATUS_ZH[v.call.status];
  return (
    <>
      {v.call.status === 'needs_industry' && <NeedsIndustryAlert call={v.call} onChanged={onChanged} />}
      {!v.analysis && v.call.status !== 'failed' && v.call.status !== 'needs_industry' && (
        <Alert
          type="info"
          showIcon
          message={`正在处理：${st.text}，评分完成后自动刷新`}
          style={{ marginBottom: 12 }}
        />
      )}
      {v.call.status === 'failed' && (
        <Alert
          type="error"
          showIcon
          message={<span title={v.call.failureReason ?? undefined}>{failureText(v.call.failureReason)}</span>}
          style={{ marginBottom: 12 }}
        />
      )}
    </>
  );
}
