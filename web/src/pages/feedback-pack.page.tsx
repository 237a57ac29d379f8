import { Button, Card, Col, Descriptions, Empty, List, Row, Space, Spin, Table, Tag, Typography } from 'antd';
import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { useMemo } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Chart, echarts } from '../components/chart';
import { ChartTable } from '../components/chart-table';
import { ErrorState } from '../components/error-state';
import { PendingApi } from '../components/pending-api';
import { Radar } from '../components/radar';
import { WordCloud } from '../components/word-cloud';
import { api, isMissingRoute } from '../lib/api';
import type { FeedbackPackResponse } from '../lib/api-shapes';
import { type Example, formatValue } from '../lib/feedback';
import { formatDate, weekName } from '../lib/labels';
import { useSession } from '../lib/session';
import { useLoad } from '../lib/use-api';
import { versionsName } from '../lib/version-names';

echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent]);

function ExampleLink({ e, title }: { e: Example | null; title: string }) {
  if (!e) return null;
  return (
    <div className="tj-meta">
      {title}：
      <Link to={`/calls/${e.callId}`}>
        {e.repName} · {formatDate(e.occurredAt)}
      </Link>{' '}
      {e.utterances.map((u, i) => (
        <span key={u.id}>
          {i > 0 && ' '}
          {u.speaker === 'rep' ? '销售' : '客户'}「<span data-user-content>{u.text}</span>」
        </span>
      ))}
    </div>
  );
}

/** A rep's feedback pack: radar vs team vs top quartile, 30-day trends, gaps, suggestions, goals. Printable to PDF. */
export default function FeedbackPackPage() {
  const { id = '' } = useParams();
  const pack = useLoad(() => api<FeedbackPackResponse>(`/v1/feedback-packs/${encodeURIComponent(id)}`), [id]);
  const d = pack.data?.data;
  // A rep reading their own pack goes back to their calls: the team page is not theirs.
  const { has } = useSession();
  const back = has('manager', 'admin')
    ? { to: '/team', label: '返回团队' }
    : { to: '/calls', label: '返回我的通话' };
  const trendOption = useMemo(() => {
    if (!d) return null;
    const dims = d.trend.series.filter((s) => s.kind === 'dimension');
    return {
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 36, right: 16, top: 16, bottom: 56 },
      xAxis: {
        type: 'category',
        data: d.trend.weeks.map((w) => `${weekName(w.week, true)}${w.partial ? '（未满）' : ''}`),
      },
      yAxis: { type: 'value', max: 100 },
      series: dims.map((s) => ({ name: s.nameZh, type: 'line', connectNulls: true, data: s.values })),
    };
  }, [d]);
  if (pack.error && isMissingRoute(pack.error)) return <PendingApi what="反馈包" />;
  if (pack.error)
    return (
      <ErrorState error={pack.error} what="反馈包" onRetry={() => void pack.reload()} backTo={back.to} />
    );
  if (!d) return <Spin style={{ display: 'block', margin: 64 }} size="large" />;
  return (
    <div data-testid="feedback-pack">
      <Space className="tj-noprint" style={{ marginBottom: 12 }}>
        <Link to={back.to}>← {back.label}</Link>
        <Button type="primary" onClick={() => window.print()} data-testid="print">
          打印 / 导出 PDF
        </Button>
      </Space>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {d.rep.name} 的反馈包
      </Typography.Title>
      <Descriptions size="small" column={{ xs: 1, sm: 2, md: 4 }}>
        <Descriptions.Item label="团队">{d.rep.teamName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="时间范围">
          {d.window.fromDay} ~ {d.window.toDay}（{d.window.days} 天）
        </Descriptions.Item>
        <Descriptions.Item label="通话">
          {d.calls.count} 通{d.calls.underAppeal > 0 ? `（${d.calls.underAppeal} 通申诉中）` : ''}
        </Descriptions.Item>
        <Descriptions.Item label="总分">
          {formatValue(d.total.rep, 'points')} · 团队 {formatValue(d.total.team, 'points')} · 前 25%{' '}
          {formatValue(d.total.top, 'points')}
        </Descriptions.Item>
      </Descriptions>
      <Row gutter={[12, 12]}>
        <Col xs={24} md={12}>
          <Card size="small" title="能力雷达：个人、团队平均与前 25% 对比">
            <Radar
              testId="pack-radar"
              series={[
                {
                  name: d.rep.name,
                  values: Object.fromEntries(d.radar.map((r) => [r.id, r.rep])),
                  color: '#1d5fd6',
                },
                {
                  name: '团队平均',
                  values: Object.fromEntries(d.radar.map((r) => [r.id, r.team])),
                  color: '#fa8c16',
                  dashed: true,
                },
                {
                  name: '前 25%',
                  values: Object.fromEntries(d.radar.map((r) => [r.id, r.top])),
                  color: '#52c41a',
                  dashed: true,
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card size="small" title="近 30 天趋势（按周）">
            {trendOption && d.trend.weeks.length > 0 ? (
              <>
                <Chart
                  option={trendOption}
                  style={{ height: 280 }}
                  testId="pack-trend"
                  ariaLabel="近 30 天各维度得分按周的折线图，数字见下表"
                />
                <ChartTable
                  caption="近 30 天各维度得分（按周）"
                  columns={d.trend.weeks.map((w) => weekName(w.week))}
                  rows={d.trend.series
                    .filter((s) => s.kind === 'dimension')
                    .map((s) => ({ name: s.nameZh, cells: s.values }))}
                />
              </>
            ) : (
              <Empty />
            )}
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card size="small" title="主要差距" data-testid="pack-gaps">
            <List
              size="small"
              dataSource={d.gaps.slice(0, 3)}
              locale={{ emptyText: '暂无明显差距' }}
              renderItem={(g) => (
                <List.Item>
                  {g.rank}. {g.dimensionZh} · <b>{g.labelZh}</b>：{Math.round(g.repScore)} 分，参考{' '}
                  {Math.round(g.referenceScore)} 分（差 {Math.round(g.gap)}，影响总分 {g.impact.toFixed(1)}）
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card size="small" title="三条建议" data-testid="pack-suggestions">
            <List
              size="small"
              dataSource={d.suggestions.slice(0, 3)}
              locale={{ emptyText: '暂无建议' }}
              renderItem={(s) => (
                <List.Item>
                  <div>
                    <b>
                      {s.rank}. {s.actionZh}
                    </b>
                    <div>{s.text}</div>
                    <ExampleLink e={s.badExample} title="待改进的例子" />
                    <ExampleLink e={s.goodExample} title="优秀示范" />
                  </div>
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card size="small" title="成长目标">
            <List
              size="small"
              dataSource={d.goals}
              locale={{ emptyText: '暂无目标' }}
              renderItem={(g) => (
                <List.Item>
                  {g.nameZh} {g.comparator} {formatValue(g.target, g.unit)} · {g.periodFrom} ~ {g.periodTo} ·{' '}
                  <Tag>{g.stateZh}</Tag> 当前 {formatValue(g.value, g.unit)}
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card size="small" title="客户关注点">
            {d.concerns.length > 0 ? (
              // The customers' concern terms (lexicon terms): user content.
              <div data-user-content>
                <WordCloud words={d.concerns.map((c) => ({ name: c.term, value: c.count }))} height={220} />
              </div>
            ) : (
              <Empty description="暂无" />
            )}
          </Card>
        </Col>
        <Col span={24}>
          <Card size="small" title="关键指标">
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={d.metrics}
              columns={[
                { title: '指标', dataIndex: 'nameZh' },
                { title: '个人', render: (_, m) => formatValue(m.rep, m.unit) },
                { title: '团队', render: (_, m) => formatValue(m.team, m.unit) },
                { title: '前 25%', render: (_, m) => formatValue(m.top, m.unit) },
              ]}
            />
            <div className="tj-meta" style={{ marginTop: 6 }}>
              <span title={d.sources.lexiconVersions.join('\n') || undefined}>
                词库版本 {versionsName(d.sources.lexiconVersions)}
              </span>{' '}
              · 生成于 {formatDate(d.asOf)}
            </div>
          </Card>
        </Col>
      </Row>
    </div>
  );
}
