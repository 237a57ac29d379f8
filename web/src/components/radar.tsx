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

/** The dimensions that apply to the first series (this call). */
const axesOf = (series: RadarSeries[]) =>
  DIMENSIONS.filter((d) => series[0]?.values[d] !== null && series[0]?.values[d] !== undefined);

const shown = (v: number | null | undefined) => (v === null || v === undefined ? '不适用' : String(v));

/**
 * The five-dimension radar. A dimension that does not apply to the first series (null) is not an
 * axis at all (a radar can only draw a missing value at the centre, which reads as 0); it is named
 * under the chart. A visually hidden table carries the same numbers for screen readers.
 */
export function Radar({
  series,
  height = 280,
  testId,
  caption = '能力雷达',
}: {
  series: RadarSeries[];
  height?: number;
  testId?: string;
  caption?: string;
}) {
  const axes = axesOf(series);
  const absent = DIMENSIONS.filter((d) => !axes.includes(d));
  const option = useMemo(() => {
    const axes = axesOf(series);
    return {
      animation: false,
      tooltip: { trigger: 'item', confine: true },
      legend: { bottom: 0, data: series.map((s) => s.name) },
      radar: {
        radius: '62%',
        center: ['50%', '46%'],
        indicator: axes.map((d) => ({ name: DIMENSION_ZH[d], max: 100 })),
        axisName: { color: '#434343' },
      },
      series: [
        {
          type: 'radar',
          data: series.map((s) => ({
            name: s.name,
            value: axes.map((d) => s.values[d] ?? '-'),
            ...(s.color ? { itemStyle: { color: s.color } } : {}),
            lineStyle: { type: s.dashed ? 'dashed' : 'solid', ...(s.color ? { color: s.color } : {}) },
            areaStyle: s.dashed ? undefined : { opacity: 0.15 },
          })),
        },
      ],
    };
  }, [series]);
  const summary = `${caption}：${series
    .map((s) => `${s.name}${DIMENSIONS.map((d) => `${DIMENSION_ZH[d]} ${shown(s.values[d])}`).join('，')}`)
    .join('；')}`;
  return (
    <figure style={{ margin: 0 }}>
      {axes.length >= 3 ? (
        <Chart option={option} style={{ height }} testId={testId} ariaLabel={summary} />
      ) : (
        <div className="tj-meta" data-testid={testId}>
          适用的维度少于 3 个，无法画雷达图，请看下方各维度得分。
        </div>
      )}
      {absent.length > 0 && (
        <figcaption className="tj-meta" data-testid="radar-absent">
          不适用（不画在图上，也不按 0 分计）：{absent.map((d) => DIMENSION_ZH[d]).join('、')}
        </figcaption>
      )}
      <table className="tj-sr-only">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">维度</th>
            {series.map((s) => (
              <th key={s.name} scope="col">
                {s.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {DIMENSIONS.map((d) => (
            <tr key={d}>
              <th scope="row">{DIMENSION_ZH[d]}</th>
              {series.map((s) => (
                <td key={s.name}>{shown(s.values[d])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
