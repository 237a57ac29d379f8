import type { CallView } from '../../lib/api';
import { failureText } from '../../lib/errors-zh';
import { formatDate, STATUS_ZH, tagName, versionName } from '../../lib/labels';
import { DimensionStrip } from '../score-items';
import { Alert } from '../ui/alert';
import { Card } from '../ui/card';
import { Tag } from '../ui/tag';
import { CallIndustry, NeedsIndustryAlert } from './industry-line';

/** Customer, time, industry, status and tags, the total and the five dimensions. */
export function CallHeader({
  v,
  narrow,
  onChanged,
}: {
  v: CallView;
  narrow: boolean;
  /** The industry was chosen or corrected: `notice` says so in words. */
  onChanged: (notice: string) => void;
}) {
  const a = v.analysis;
  const st = STATUS_ZH[v.call.status];
  return (
    <Card size="small" style={{ marginBottom: 12 }}>
      <div className="tj-call-head">
        <div>
          {/* The customer's company and name come from the user's own records: user content. */}
          <h4 className="tj-call-title" data-user-content>
            {v.call.customer?.company ?? v.call.externalId}
          </h4>
          <div className="tj-meta">
            <span data-user-content>{v.call.customer?.name}</span> · {formatDate(v.call.occurredAt)}
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
            <TotalGauge total={a.total} size={narrow ? 64 : 84} />
            <div className="tj-meta">总分</div>
          </div>
        )}
      </div>
      {a && <DimensionStrip dimensions={a.dimensions} />}
    </Card>
  );
}

/**
 * The total on a dashboard arc (antd Progress's look, drawn as two SVG arcs: the page's first
 * screen carries no antd styles for one number).
 */
function TotalGauge({ total, size }: { total: number | null; size: number }) {
  const r = 44;
  const round = 2 * Math.PI * r;
  const arc = round * 0.75;
  const done = (arc * Math.max(0, Math.min(100, total ?? 0))) / 100;
  const ring = {
    cx: 50,
    cy: 50,
    r,
    fill: 'none',
    strokeWidth: 6,
    strokeLinecap: 'round' as const,
    // The arc opens at the bottom: it starts at 135° (lower left) and sweeps 270° clockwise.
    transform: 'rotate(135 50 50)',
  };
  return (
    <svg width={size} height={size} viewBox="0 0 100 100" role="img" aria-label={`总分 ${total ?? '无'}`}>
      <circle {...ring} stroke="rgba(0, 0, 0, 0.06)" strokeDasharray={`${arc} ${round}`} />
      {done > 0 && <circle {...ring} stroke="#1d5fd6" strokeDasharray={`${done} ${round}`} />}
      <text
        x="50"
        y="50"
        textAnchor="middle"
        dominantBaseline="central"
        fontSize="24"
        fill="rgba(0, 0, 0, 0.88)"
      >
        {total ?? '—'}
      </text>
    </svg>
  );
}

/** Lexicon and scorecard versions, how often scored, the rep's share of talk. */
export function CallInfoCard({ analysis: a }: { analysis: NonNullable<CallView['analysis']> }) {
  return (
    <Card size="small" title="通话信息" style={{ marginBottom: 12 }}>
      <dl className="tj-info">
        <div>
          <dt>词库版本</dt>
          <dd title={a.lexiconVersion}>{versionName(a.lexiconVersion)}</dd>
        </div>
        <div>
          <dt>评分卡</dt>
          <dd title={a.scorecardVersion}>{versionName(a.scorecardVersion)}</dd>
        </div>
        <div>
          <dt>评分次数</dt>
          <dd>第 {a.revision} 次</dd>
        </div>
        <div>
          <dt>销售说话占比</dt>
          <dd>{Math.round((a.metrics.talkRatio ?? 0) * 100)}%</dd>
        </div>
      </dl>
    </Card>
  );
}

/** 待确认行业, still processing, or failed with the reason in Chinese. */
export function CallStatusAlerts({ v, onChanged }: { v: CallView; onChanged: (notice: string) => void }) {
  const st = STATUS_ZH[v.call.status];
  return (
    <>
      {v.call.status === 'needs_industry' && <NeedsIndustryAlert call={v.call} onChanged={onChanged} />}
      {!v.analysis && v.call.status !== 'failed' && v.call.status !== 'needs_industry' && (
        <Alert
          type="info"
          message={`正在处理：${st.text}，评分完成后自动刷新`}
          style={{ marginBottom: 12 }}
        />
      )}
      {v.call.status === 'failed' && (
        <Alert
          type="error"
          message={<span title={v.call.failureReason ?? undefined}>{failureText(v.call.failureReason)}</span>}
          style={{ marginBottom: 12 }}
        />
      )}
    </>
  );
}
