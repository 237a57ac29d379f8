import { Card, Empty, Select, Space } from 'antd';
import { HeatmapChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, VisualMapContinuousComponent } from 'echarts/components';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { weekName } from '../../lib/labels';
import { Chart, echarts } from '../chart';
import { ChartTable } from '../chart-table';
import type { Heatmap } from './team-types';

echarts.use([HeatmapChart, GridComponent, VisualMapContinuousComponent, TooltipComponent]);

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

/** The echarts option of the heatmap: reps × actions, the share of calls that did the action. */
function heatmapOption(h: Heatmap, week: string) {
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
}

/**
 * 关键动作热力图: which rep does which key action in how many of their calls, over 4 / 8 / 12 weeks
 * or one of them; a cell opens that rep's calls. The numbers are also in a table.
 */
export function HeatmapCard({
  heatmap,
  weeks,
  onWeeks,
}: {
  heatmap: Heatmap | null | undefined;
  weeks: number;
  onWeeks: (weeks: number) => void;
}) {
  const navigate = useNavigate();
  const [week, setWeek] = useState<string>('all');
  const option = useMemo(() => (heatmap ? heatmapOption(heatmap, week) : null), [heatmap, week]);
  return (
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
              onWeeks(w);
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
              ...(heatmap?.weeks ?? []).map((w) => ({
                value: w.week,
                label: weekName(w.week, true),
              })),
            ]}
          />
        </Space>
      }
    >
      {option ? (
        <>
          <Chart
            option={option}
            style={{ height: Math.max(220, 60 + (heatmap?.reps.length ?? 0) * 44 + 70) }}
            testId="heatmap"
            onClick={(p) => {
              // A cell opens the calls behind it: that rep's calls.
              const y = (p.value as [number, number, unknown] | undefined)?.[1];
              const r = typeof y === 'number' ? heatmap?.reps[y] : undefined;
              if (r) navigate(`/calls?rep=${encodeURIComponent(r.repId)}`);
            }}
            ariaLabel={`行为热力图：${heatmap?.reps.length ?? 0} 名销售、${heatmap?.actions.length ?? 0} 个行为，格中为做到该行为的通话比例，数字见下表`}
          />
          {heatmap && (
            <ChartTable
              caption="各销售做到各行为的通话比例"
              columns={heatmap.actions.map((a) => a.nameZh)}
              rows={heatmap.reps.map((r) => ({
                name: r.name,
                cells: heatmap.actions.map((a) => {
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
  );
}
