import { Card, Col, Empty, List, Row, Spin, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { ChartTable } from '../components/chart-table';
import { ErrorState } from '../components/error-state';
import { Radar } from '../components/radar';
import { DimensionStrip } from '../components/score-items';
import { api, type Dimension, type RepSummary } from '../lib/api';
import type { FeedbackPackList, FeedbackPackResponse, GoalList } from '../lib/api-shapes';
import { formatValue } from '../lib/feedback';
import { DIMENSIONS, formatDate, weekName } from '../lib/labels';
import { useSession } from '../lib/session';
import { useLoad } from '../lib/use-api';

/**
 * An average score as the rest of the UI shows scores: a whole number (the server keeps two
 * decimals, 77.67, which reads as false precision next to whole call scores).
 */
const wholeScore = (v: number | null | undefined): number | null =>
  v === null || v === undefined ? null : Math.round(v);

/**
 * 我的成长: a rep's own averages, goals, the 30-day trend and the gaps of their latest feedback
 * pack, each gap with the way to its evidence (the pack and the calls behind it).
 */
export default function GrowthPage() {
  const { me } = useSession();
  const repId = me?.id ?? '';
  const summary = useLoad(() => api<RepSummary>(`/v1/reps/${repId}/summary`), [repId]);
  const goals = useLoad(() => api<GoalList>(`/v1/reps/${repId}/goals`).then((r) => r.items), [repId]);
  const pack = useLoad(async () => {
    const list = await api<FeedbackPackList>(`/v1/reps/${repId}/feedback-packs`);
    const latest = list.items[0];
    if (!latest) return null;
    const p = await api<FeedbackPackResponse>(`/v1/feedback-packs/${latest.id}`);
    return { id: latest.id, data: p.data };
  }, [repId]);

  if (summary.error)
    return (
      <ErrorState
        error={summary.error}
        what="我的成长"
        onRetry={() => void summary.reload()}
        backTo="/calls"
      />
    );
  if (!summary.data) return <Spin style={{ display: 'block', margin: 64 }} size="large" />;
  const s = summary.data;
  const mine = Object.fromEntries(
    DIMENSIONS.map((d) => [d, wholeScore(s.dimensions[d]?.mean ?? null)]),
  ) as Partial<Record<Dimension, number | null>>;
  const p = pack.data?.data;
  const trend = p?.trend.series.filter((x) => x.kind === 'dimension') ?? [];

  return (
    <div data-testid="growth">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        我的成长
      </Typography.Title>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={`我的五维平均（${s.calls} 通已评分通话）`}>
            <DimensionStrip dimensions={mine} />
            {p && (
              <Radar
                testId="growth-radar"
                caption="我的平均与团队平均"
                series={[
                  { name: '我的平均', values: mine, color: '#1d5fd6' },
                  {
                    name: '团队平均',
                    values: Object.fromEntries(p.radar.map((r) => [r.id, wholeScore(r.team)])),
                    color: '#d46b08',
                    dashed: true,
                  },
                ]}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title="我的成长目标" data-testid="growth-goals">
            <List
              size="small"
              loading={goals.loading}
              dataSource={goals.data ?? []}
              locale={{ emptyText: '经理还没有为你设定目标' }}
              renderItem={(g) => (
                <List.Item>
                  <div>
                    <b>{g.evaluation.nameZh}</b>：目标 {g.evaluation.comparator === '<=' ? '不超过' : '至少'}{' '}
                    {formatValue(g.target, g.evaluation.unit)}，当前{' '}
                    {formatValue(g.evaluation.value, g.evaluation.unit)}（{g.evaluation.calls} 通）
                    <Tag style={{ marginLeft: 6 }}>{g.evaluation.stateZh}</Tag>
                    <div className="tj-meta">
                      {g.periodFrom} 至 {g.periodTo}
                    </div>
                  </div>
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title="近 30 天趋势（按周）">
            {!p || trend.length === 0 ? (
              <Empty description="还没有反馈包：经理生成后这里显示按周的趋势" />
            ) : (
              <List
                size="small"
                dataSource={trend}
                renderItem={(x) => (
                  <List.Item>
                    <span>
                      <b>{x.nameZh}</b>：
                      {x.values.map((v, i) => (
                        <span key={p.trend.weeks[i]?.week ?? i} style={{ marginRight: 8 }}>
                          {weekName(p.trend.weeks[i]?.week ?? '', true)} {v === null ? '—' : Math.round(v)}
                        </span>
                      ))}
                      {x.improving !== null && (
                        <Tag color={x.improving ? 'green' : 'orange'}>
                          {x.improving ? '在进步' : '待提高'}
                        </Tag>
                      )}
                    </span>
                  </List.Item>
                )}
              />
            )}
            {p && trend.length > 0 && (
              <ChartTable
                caption="近 30 天各维度得分（按周）"
                columns={p.trend.weeks.map((w) => weekName(w.week))}
                rows={trend.map((x) => ({ name: x.nameZh, cells: x.values.map(wholeScore) }))}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title="主要差距与依据" data-testid="growth-gaps">
            {!p ? (
              <Empty description="还没有反馈包" />
            ) : (
              <>
                <List
                  size="small"
                  dataSource={p.gaps.slice(0, 3)}
                  locale={{ emptyText: '暂无明显差距' }}
                  renderItem={(g) => (
                    <List.Item>
                      <div>
                        {g.rank}. {g.dimensionZh} · <b>{g.labelZh}</b>：我 {Math.round(g.repScore)} 分，参考{' '}
                        {Math.round(g.referenceScore)} 分（差 {Math.round(g.gap)}）
                        <div className="tj-meta">
                          依据：{p.window.fromDay} 起 {p.window.days} 天内的 {p.calls.count} 通通话，在
                          <Link to={`/team/packs/${pack.data!.id}`}>反馈包</Link>
                          里有好坏两段原话示例；<Link to="/calls">查看我的通话</Link>
                        </div>
                      </div>
                    </List.Item>
                  )}
                />
                <div className="tj-meta">反馈包生成于 {formatDate(p.asOf)}</div>
              </>
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
