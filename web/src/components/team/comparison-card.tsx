import { Card, Empty, Select, Table, Tag } from 'antd';
import { BarChart } from 'echarts/charts';
import { GridComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { useMemo, useState } from 'react';
import type { Dimension } from '../../lib/api';
import { formatValue } from '../../lib/feedback';
import { DIMENSION_ZH, DIMENSIONS } from '../../lib/labels';
import { Chart, echarts } from '../chart';
import { ChartTable } from '../chart-table';
import type { TeamMetrics } from './team-types';

echarts.use([BarChart, GridComponent, MarkLineComponent, TooltipComponent]);

/** Bars of one dimension per rep, lowest first, with the team average as a dashed line. */
function comparisonOption(m: TeamMetrics, dim: Dimension) {
  const rows = m.reps
    .map((r) => ({ name: r.name, value: r.stats.dimensions[dim] }))
    .sort((x, y) => (x.value ?? -1) - (y.value ?? -1));
  const team = m.team.dimensions[dim];
  return {
    animation: false,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 40, top: 24, bottom: 8, containLabel: true },
    xAxis: { type: 'value', max: 100 },
    yAxis: { type: 'category', data: rows.map((r) => r.name) },
    series: [
      {
        name: DIMENSION_ZH[dim],
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
}

/** The reps' key figures: calls, total, the first four KPIs; top-quartile reps marked. */
function RepKpiTable({ metrics }: { metrics: TeamMetrics }) {
  return (
    <Table
      size="small"
      rowKey="repId"
      pagination={false}
      scroll={{ x: true }}
      dataSource={metrics.reps}
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
        ...metrics.metrics.slice(0, 4).map((m) => ({
          title: m.nameZh,
          key: m.id,
          render: (_: unknown, r: TeamMetrics['reps'][number]) => formatValue(r.stats.kpis[m.id], m.unit),
        })),
      ]}
    />
  );
}

/**
 * 各维度对比: one dimension at a time (a line per rep over five dimensions is unreadable beyond a
 * few reps), the five dimensions in a table, and the reps' key figures.
 */
export function ComparisonCard({ metrics }: { metrics: TeamMetrics | null | undefined }) {
  const [compareDim, setCompareDim] = useState<Dimension>('need_diagnosis');
  const option = useMemo(
    () => (metrics ? comparisonOption(metrics, compareDim) : null),
    [metrics, compareDim],
  );
  return (
    <Card
      size="small"
      title={`各维度对比（${metrics?.window.fromDay ?? ''} ~ ${metrics?.window.toDay ?? ''}）`}
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
      {option ? (
        <Chart
          option={option}
          style={{ height: Math.max(200, 60 + (metrics?.reps.length ?? 0) * 28) }}
          testId="trends"
          ariaLabel={`各销售${DIMENSION_ZH[compareDim]}得分的条形图，虚线为团队平均，五个维度的数字见下表`}
        />
      ) : (
        <Empty />
      )}
      {metrics && (
        <ChartTable
          caption="各销售五个维度的得分"
          columns={DIMENSIONS.map((d) => DIMENSION_ZH[d])}
          rows={[
            ...metrics.reps.map((r) => ({
              name: r.name,
              cells: DIMENSIONS.map((d) => r.stats.dimensions[d]),
            })),
            { name: '团队平均', cells: DIMENSIONS.map((d) => metrics.team.dimensions[d]) },
          ]}
        />
      )}
      {metrics && <RepKpiTable metrics={metrics} />}
    </Card>
  );
}
