import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Empty,
  Form,
  InputNumber,
  List,
  Row,
  Segmented,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Chart } from '../components/chart';
import { ChartTable } from '../components/chart-table';
import { ErrorState } from '../components/error-state';
import { PendingApi } from '../components/pending-api';
import { Radar } from '../components/radar';
import { WordCloud } from '../components/word-cloud';
import { api, type Dimension, isMissingRoute } from '../lib/api';
import { errorText } from '../lib/errors-zh';
import { formatValue, type PackSummary } from '../lib/feedback';
import { DIMENSION_ZH, DIMENSIONS, formatDate, weekName } from '../lib/labels';
import { useSession } from '../lib/session';
import { useLoad } from '../lib/use-api';

interface Heatmap {
  weeks: { week: string; from: string; to: string }[];
  actions: { id: string; nameZh: string }[];
  reps: {
    repId: string;
    name: string;
    cells: {
      week: string;
      action: string;
      calls: number;
      reach: number | null;
      frequency: number | null;
      conversion: number | null;
    }[];
  }[];
}
interface Stats {
  calls: number;
  total: number | null;
  dimensions: Record<Dimension, number | null>;
  kpis: Record<string, number | null>;
}
interface TeamMetrics {
  teamName: string | null;
  window: { fromDay: string; toDay: string };
  metrics: { id: string; nameZh: string; unit: string }[];
  reps: { repId: string; name: string; rank: number | null; topQuartile: boolean; stats: Stats }[];
  team: Stats;
  top: Stats;
}
interface Clusters {
  clusters: {
    key: string;
    label: string;
    concepts: string[];
    count: number;
    calls: number;
    examples: { callId: string; text: string }[];
  }[];
}
interface GoalMetric {
  id: string;
  nameZh: string;
  unit: string;
  comparator: string;
}
interface Goal {
  id: string;
  metric: string;
  target: number;
  periodFrom: string;
  periodTo: string;
  status?: string;
  evaluation: {
    nameZh: string;
    unit: string;
    comparator: string;
    stateZh: string;
    value: number | null;
    calls: number;
  };
}

/** Reach of an action over the selected weeks, weighted by calls. */
function reachOf(
  cells: Heatmap['reps'][number]['cells'],
  action: string,
  week: string | 'all',
): number | null {
  const cs = cells.filter(
    (c) => c.action === action && (week === 'all' || c.week === week) && c.reach !== null,
  );
  const calls = cs.reduce((s, c) => s + c.calls, 0);
  return calls > 0 ? cs.reduce((s, c) => s + (c.reach ?? 0) * c.calls, 0) / calls : null;
}

export default function TeamPage() {
  const { me } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const teamId = params.get('team') ?? me?.teamId ?? null;
  const [weeks, setWeeks] = useState(4);
  const [week, setWeek] = useState<string>('all');
  const heatmap = useLoad(
    () =>
      teamId ? api<Heatmap>(`/v1/teams/${teamId}/heatmap`, { query: { weeks } }) : Promise.resolve(null),
    [teamId, weeks],
  );
  const metrics = useLoad(
    () => (teamId ? api<TeamMetrics>(`/v1/teams/${teamId}/metrics`) : Promise.resolve(null)),
    [teamId],
  );
  const questions = useLoad(
    () =>
      teamId
        ? api<Clusters>(`/v1/teams/${teamId}/customer-questions`, { query: { limit: 30 } })
        : Promise.resolve(null),
    [teamId],
  );
  const goalMetrics = useLoad(
    () => api<{ items: GoalMetric[] }>('/v1/goal-metrics').catch(() => ({ items: [] })),
    [],
  );
  const [repId, setRepId] = useState<string | undefined>();
  const reps = metrics.data?.reps ?? heatmap.data?.reps.map((r) => ({ repId: r.repId, name: r.name })) ?? [];
  const rep = repId ?? reps[0]?.repId;
  const goals = useLoad(
    () =>
      rep
        ? api<{ items: Goal[] }>(`/v1/reps/${rep}/goals`).catch(() => ({ items: [] }))
        : Promise.resolve({ items: [] }),
    [rep],
  );
  const packs = useLoad(
    () =>
      rep
        ? api<{ items: PackSummary[] }>(`/v1/reps/${rep}/feedback-packs`).catch(() => ({ items: [] }))
        : Promise.resolve({ items: [] }),
    [rep],
  );
  const [busy, setBusy] = useState(false);
  const [goalForm] = Form.useForm();

  const heatOption = useMemo(() => {
    const h = heatmap.data;
    if (!h) return null;
    const data: [number, number, number | string][] = [];
    h.reps.forEach((r, y) => {
      h.actions.forEach((a, x) => {
        const v = reachOf(r.cells, a.id, week);
        data.push([x, y, v === null ? '-' : Math.round(v * 100)]);
      });
    });
    return {
      animation: false,
      tooltip: {
        position: 'top',
        formatter: (p: { value: [number, number, number | string] }) =>
          `${h.reps[p.value[1]]?.name} · ${h.actions[p.value[0]]?.nameZh}：${p.value[2] === '-' ? '无通话' : `${p.value[2]}% 的通话做到`}`,
      },
      grid: { left: 90, right: 16, top: 10, bottom: 70 },
      xAxis: { type: 'category', data: h.actions.map((a) => a.nameZh), splitArea: { show: true } },
      yAxis: { type: 'category', data: h.reps.map((r) => r.name), splitArea: { show: true } },
      visualMap: {
        min: 0,
        max: 100,
        calculable: true,
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        // Low is loud: a behaviour nobody does is the cell a manager must see first.
        inRange: { color: ['#ff7875', '#ffc069', '#fff566', '#b7eb8f', '#73d13d'] },
      },
      series: [
        {
          type: 'heatmap',
          data,
          label: {
            show: true,
            color: '#000',
            formatter: (p: { value: [number, number, number | string] }) =>
              p.value[2] === '-' ? '' : `${p.value[2]}%`,
          },
        },
      ],
    };
  }, [heatmap.data, week]);

  const cloud = useMemo(() => {
    const counts = new Map<string, number>();
    for (const c of questions.data?.clusters ?? []) {
      // Terms, not sentences: a cluster without concepts is named by its label only when that is short.
      const words = c.concepts.length > 0 ? c.concepts : Array.from(c.label).length <= 8 ? [c.label] : [];
      for (const w of words) counts.set(w, (counts.get(w) ?? 0) + c.count);
    }
    return [...counts].map(([name, value]) => ({ name, value }));
  }, [questions.data]);

  // One dimension at a time: a line per rep over five dimensions is unreadable beyond a few reps.
  const [compareDim, setCompareDim] = useState<Dimension>('need_diagnosis');
  const trendOption = useMemo(() => {
    const m = metrics.data;
    if (!m) return null;
    const rows = m.reps
      .map((r) => ({ name: r.name, value: r.stats.dimensions[compareDim] }))
      .sort((x, y) => (x.value ?? -1) - (y.value ?? -1));
    const team = m.team.dimensions[compareDim];
    return {
      animation: false,
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 40, top: 24, bottom: 8, containLabel: true },
      xAxis: { type: 'value', max: 100 },
      yAxis: { type: 'category', data: rows.map((r) => r.name) },
      series: [
        {
          name: DIMENSION_ZH[compareDim],
          type: 'bar',
          data: rows.map((r) => r.value ?? '-'),
          itemStyle: { color: '#1d5fd6' },
          label: {
            show: true,
            position: 'right',
            formatter: (p: { value: number | string }) => `${p.value}`,
          },
          markLine:
            team === null
              ? undefined
              : {
                  symbol: 'none',
                  lineStyle: { type: 'dashed', color: '#d46b08' },
                  label: { formatter: `团队平均 ${Math.round(team)}` },
                  data: [{ xAxis: team }],
                },
        },
      ],
    };
  }, [metrics.data, compareDim]);

  if ([heatmap.error, metrics.error].some((e) => isMissingRoute(e))) return <PendingApi what="团队" />;
  if (!teamId)
    return <Alert type="info" showIcon message="你不属于任何团队，请联系管理员把你加入团队后再查看" />;
  const failed = metrics.error ?? heatmap.error;
  if (failed && !metrics.data && !heatmap.data)
    return (
      <ErrorState
        error={failed}
        what="团队数据"
        onRetry={() => {
          void metrics.reload();
          void heatmap.reload();
        }}
      />
    );

  const selected = metrics.data?.reps.find((r) => r.repId === rep);
  const generatePack = async () => {
    if (!rep) return;
    setBusy(true);
    try {
      const r = await api<{ pack: { id: string } }>(`/v1/reps/${rep}/feedback-packs`, {
        method: 'POST',
        body: {},
      });
      navigate(`/team/packs/${r.pack.id}`);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const addGoal = async (v: { metric: string; target: number; period: 'this_week' | 'next_week' }) => {
    const m = goalMetrics.data?.items.find((x) => x.id === v.metric);
    try {
      await api(`/v1/reps/${rep}/goals`, {
        method: 'POST',
        // Ratios are entered as percentages and sent as fractions.
        body: { metric: v.metric, target: m?.unit === 'ratio' ? v.target / 100 : v.target, period: v.period },
      });
      message.success('已设定成长目标');
      goalForm.resetFields();
      void goals.reload();
    } catch (e) {
      message.error(errorText(e));
    }
  };

  return (
    <div data-testid="team">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        团队{metrics.data?.teamName ? ` · ${metrics.data.teamName}` : ''}
      </Typography.Title>
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={14}>
          <Card
            size="small"
            title="关键动作热力图（做到该动作的通话占比）"
            extra={
              <Space wrap>
                <Select
                  size="small"
                  aria-label="统计周数"
                  value={weeks}
                  onChange={(w) => {
                    setWeeks(w);
                    setWeek('all');
                  }}
                  options={[4, 8, 12].map((w) => ({ value: w, label: `近 ${w} 周` }))}
                />
                <Select
                  size="small"
                  style={{ width: 120 }}
                  aria-label="统计的周"
                  value={week}
                  onChange={setWeek}
                  options={[
                    { value: 'all', label: '合计' },
                    ...(heatmap.data?.weeks ?? []).map((w) => ({
                      value: w.week,
                      label: weekName(w.week, true),
                    })),
                  ]}
                />
              </Space>
            }
          >
            {heatOption ? (
              <>
                <Chart
                  option={heatOption}
                  style={{ height: Math.max(220, 60 + (heatmap.data?.reps.length ?? 0) * 44 + 70) }}
                  testId="heatmap"
                  onClick={(p) => {
                    // A cell opens the calls behind it: that rep's calls.
                    const y = (p.value as [number, number, unknown] | undefined)?.[1];
                    const r = typeof y === 'number' ? heatmap.data?.reps[y] : undefined;
                    if (r) navigate(`/calls?rep=${encodeURIComponent(r.repId)}`);
                  }}
                  ariaLabel={`行为热力图：${heatmap.data?.reps.length ?? 0} 名销售、${heatmap.data?.actions.length ?? 0} 个行为，格中为做到该行为的通话比例，数字见下表`}
                />
                {heatmap.data && (
                  <ChartTable
                    caption="各销售做到各行为的通话比例"
                    columns={heatmap.data.actions.map((a) => a.nameZh)}
                    rows={heatmap.data.reps.map((r) => ({
                      name: r.name,
                      cells: heatmap.data!.actions.map((a) => {
                        const v = reachOf(r.cells, a.id, week);
                        return v === null ? '无通话' : `${Math.round(v * 100)}%`;
                      }),
                    }))}
                  />
                )}
              </>
            ) : (
              <Empty />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card
            size="small"
            title="销售能力雷达"
            extra={
              <Select
                size="small"
                style={{ width: 150 }}
                value={rep}
                onChange={setRepId}
                showSearch
                optionFilterProp="label"
                options={reps.map((r) => ({ value: r.repId, label: r.name }))}
                aria-label="选择销售（可搜索）"
                data-testid="rep-select"
              />
            }
          >
            {selected && metrics.data ? (
              <Radar
                testId="rep-radar"
                series={[
                  { name: selected.name, values: selected.stats.dimensions, color: '#1d5fd6' },
                  { name: '团队平均', values: metrics.data.team.dimensions, color: '#fa8c16', dashed: true },
                  { name: '前 25%', values: metrics.data.top.dimensions, color: '#52c41a', dashed: true },
                ]}
              />
            ) : (
              <Empty description="暂无数据" />
            )}
            <Space wrap>
              <Button
                type="primary"
                loading={busy}
                onClick={() => void generatePack()}
                data-testid="generate-pack"
              >
                生成反馈包
              </Button>
              {(packs.data?.items ?? []).slice(0, 3).map((p) => (
                <Button key={p.id} size="small" onClick={() => navigate(`/team/packs/${p.id}`)}>
                  {formatDate(p.generatedAt ?? p.createdAt ?? p.asOf ?? '')}
                </Button>
              ))}
            </Space>
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card
            size="small"
            title={`各维度对比（${metrics.data?.window.fromDay ?? ''} ~ ${metrics.data?.window.toDay ?? ''}）`}
            extra={
              <Select
                size="small"
                style={{ width: 110 }}
                value={compareDim}
                onChange={setCompareDim}
                options={DIMENSIONS.map((d) => ({ value: d, label: DIMENSION_ZH[d] }))}
                aria-label="对比的维度"
                data-testid="compare-dimension"
              />
            }
          >
            {trendOption ? (
              <Chart
                option={trendOption}
                style={{ height: Math.max(200, 60 + (metrics.data?.reps.length ?? 0) * 28) }}
                testId="trends"
                ariaLabel={`各销售${DIMENSION_ZH[compareDim]}得分的条形图，虚线为团队平均，五个维度的数字见下表`}
              />
            ) : (
              <Empty />
            )}
            {metrics.data && (
              <ChartTable
                caption="各销售五个维度的得分"
                columns={DIMENSIONS.map((d) => DIMENSION_ZH[d])}
                rows={[
                  ...metrics.data.reps.map((r) => ({
                    name: r.name,
                    cells: DIMENSIONS.map((d) => r.stats.dimensions[d]),
                  })),
                  { name: '团队平均', cells: DIMENSIONS.map((d) => metrics.data!.team.dimensions[d]) },
                ]}
              />
            )}
            {metrics.data && (
              <Table
                size="small"
                rowKey="repId"
                pagination={false}
                scroll={{ x: true }}
                dataSource={metrics.data.reps}
                columns={[
                  {
                    title: '销售',
                    dataIndex: 'name',
                    render: (n: string, r) => (
                      <span>
                        {n} {r.topQuartile && <Tag color="green">前 25%</Tag>}
                      </span>
                    ),
                  },
                  { title: '通话', render: (_, r) => r.stats.calls },
                  {
                    title: '总分',
                    render: (_, r) => (r.stats.total === null ? '—' : Math.round(r.stats.total)),
                  },
                  ...metrics.data.metrics.slice(0, 4).map((m) => ({
                    title: m.nameZh,
                    key: m.id,
                    render: (_: unknown, r: TeamMetrics['reps'][number]) =>
                      formatValue(r.stats.kpis[m.id], m.unit),
                  })),
                ]}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={`成长目标${selected ? ` · ${selected.name}` : ''}`} data-testid="goals">
            <Form
              form={goalForm}
              layout="inline"
              onFinish={(v) => void addGoal(v)}
              initialValues={{ period: 'next_week' }}
            >
              <Form.Item name="metric" rules={[{ required: true, message: '选择指标' }]}>
                <Select
                  style={{ width: 160 }}
                  placeholder="指标"
                  aria-label="目标指标"
                  options={(goalMetrics.data?.items ?? []).map((m) => ({
                    value: m.id,
                    label: `${m.nameZh}（${m.comparator}）`,
                  }))}
                />
              </Form.Item>
              <Form.Item name="target" rules={[{ required: true, message: '目标值' }]}>
                <InputNumber
                  placeholder="目标（比例填 %）"
                  aria-label="目标值"
                  style={{ width: 130 }}
                  min={0}
                />
              </Form.Item>
              <Form.Item name="period">
                <Segmented
                  options={[
                    { value: 'this_week', label: '本周' },
                    { value: 'next_week', label: '下周' },
                  ]}
                />
              </Form.Item>
              <Button htmlType="submit">设定</Button>
            </Form>
            <List
              size="small"
              dataSource={goals.data?.items ?? []}
              locale={{ emptyText: '暂无目标' }}
              renderItem={(g) => (
                <List.Item>
                  {g.evaluation.nameZh} {g.evaluation.comparator} {formatValue(g.target, g.evaluation.unit)} ·{' '}
                  {g.periodFrom} ~ {g.periodTo} · <Tag>{g.evaluation.stateZh}</Tag> 当前{' '}
                  {formatValue(g.evaluation.value, g.evaluation.unit)}（{g.evaluation.calls} 通）
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card size="small" title="客户最常问的问题（近 30 天）" data-testid="customer-questions">
            <List
              size="small"
              dataSource={questions.data?.clusters ?? []}
              locale={{ emptyText: '暂无客户提问' }}
              renderItem={(c) => (
                <List.Item>
                  <div>
                    <b>{c.label}</b> <Tag>{c.count} 次</Tag> <span className="tj-meta">{c.calls} 通电话</span>
                    {c.concepts.map((x) => (
                      <Tag key={x} color="purple">
                        {x}
                      </Tag>
                    ))}
                    <div className="tj-meta">
                      {c.examples
                        .slice(0, 2)
                        .map((e) => `「${e.text}」`)
                        .join(' ')}
                    </div>
                  </div>
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title="客户关注词云">
            {cloud.length > 0 ? (
              <WordCloud words={cloud} testId="word-cloud" />
            ) : (
              <Empty description="暂无数据" />
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
