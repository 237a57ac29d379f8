import { useState } from 'react';
import type { CallView, Dimension, RepSummary } from '../../lib/api';
import { DIMENSIONS, formatDate } from '../../lib/labels';
import { Radar, type RadarSeries } from '../radar';
import { Card } from '../ui/card';
import { Segmented } from '../ui/segmented';

/**
 * 能力雷达: this call against a named comparison. 我的平均 (or 该销售平均) and 团队平均 are
 * different series, and the reader picks one when both exist; nothing switches silently.
 */
export function RadarPanel({
  analysis: a,
  summary,
  teamAvg,
  ownCall,
}: {
  analysis: NonNullable<CallView['analysis']>;
  summary: RepSummary | null | undefined;
  teamAvg: { dims: Partial<Record<Dimension, number | null>>; asOf: string } | null | undefined;
  ownCall: boolean;
}) {
  const [compare, setCompare] = useState<'rep' | 'team'>('rep');
  const comparisons: (RadarSeries & { key: 'rep' | 'team'; note: string })[] = [];
  if (summary)
    comparisons.push({
      key: 'rep',
      name: ownCall ? '我的平均' : '该销售平均',
      note: `${ownCall ? '我' : '该销售'}全部已评分通话（${summary.calls} 通）的平均`,
      values: Object.fromEntries(DIMENSIONS.map((d) => [d, summary.dimensions[d]?.mean ?? null])),
      color: '#595959',
      dashed: true,
    });
  if (teamAvg)
    comparisons.push({
      key: 'team',
      name: '团队平均',
      note: `团队平均，截至 ${formatDate(teamAvg.asOf).slice(0, 10)}`,
      values: teamAvg.dims,
      color: '#d46b08',
      dashed: true,
    });
  const comparison = comparisons.find((c) => c.key === compare) ?? comparisons[0];
  const radar: RadarSeries[] = [
    { name: '本次通话', values: a.dimensions, color: '#1d5fd6' },
    ...(comparison ? [comparison] : []),
  ];
  return (
    <Card
      size="small"
      title="能力雷达"
      style={{ marginBottom: 12 }}
      extra={
        comparisons.length > 1 ? (
          <Segmented
            value={comparison?.key}
            onChange={setCompare}
            options={comparisons.map((c) => ({ value: c.key, label: c.name }))}
            aria-label="对比对象"
            data-testid="radar-compare"
          />
        ) : null
      }
    >
      <Radar series={radar} testId="radar" caption="本次通话各维度得分与对比" />
      <div className="tj-meta" data-testid="radar-legend">
        实线：本次通话；
        {comparison ? `虚线：${comparison.note}` : '暂无可对比的平均分（还没有其他已评分通话或团队数据）'}
      </div>
    </Card>
  );
}
