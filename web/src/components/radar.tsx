import { useMemo } from 'react';
import type { Dimension } from '../lib/api';
import { DIMENSION_ZH, DIMENSIONS } from '../lib/labels';
import { Chart } from './chart';

export interface RadarSeries {
  name: string;
  values: Partial<Record<Dimension, number | null>>;
  color?: string;
  dashed?: boolean;
}

/** The five-dimension radar; a dimension that does not apply (null) is drawn at 0 and named 不适用. */
export function Radar({
  series,
  height = 280,
  testId,
}: {
  series: RadarSeries[];
  height?: number;
  testId?: string;
}) {
  const option = useMemo(
    () => ({
      animation: false,
      tooltip: { trigger: 'item', confine: true },
      legend: { bottom: 0, data: series.map((s) => s.name) },
      radar: {
        radius: '62%',
        center: ['50%', '46%'],
        indicator: DIMENSIONS.map((d) => ({ name: DIMENSION_ZH[d], max: 100 })),
        axisName: { color: '#434343' },
      },
      series: [
        {
          type: 'radar',
          data: series.map((s) => ({
            name: s.name,
            value: DIMENSIONS.map((d) => s.values[d] ?? 0),
            ...(s.color ? { itemStyle: { color: s.color }, lineStyle: { color: s.color } } : {}),
            lineStyle: { type: s.dashed ? 'dashed' : 'solid', ...(s.color ? { color: s.color } : {}) },
            areaStyle: s.dashed ? undefined : { opacity: 0.15 },
          })),
        },
      ],
    }),
    [series],
  );
  return <Chart option={option} style={{ height }} testId={testId} />;
}
