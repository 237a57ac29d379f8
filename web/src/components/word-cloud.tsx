import { TooltipComponent } from 'echarts/components';
import 'echarts-wordcloud';
import { useMemo } from 'react';
import { Chart, echarts } from './chart';
import { ChartTable } from './chart-table';

echarts.use([TooltipComponent]);

/** A word cloud (echarts-wordcloud on the same ECharts core as the other charts). */
export function WordCloud({
  words,
  height = 260,
  testId,
}: {
  words: { name: string; value: number }[];
  height?: number;
  testId?: string;
}) {
  const option = useMemo(
    () => ({
      tooltip: { show: true, formatter: (p: { name: string; value: number }) => `${p.name}：${p.value} 次` },
      series: [
        {
          type: 'wordCloud',
          shape: 'circle',
          gridSize: 6,
          sizeRange: [13, 44],
          rotationRange: [0, 0],
          width: '96%',
          height: '92%',
          textStyle: {
            fontFamily: 'sans-serif',
            color: () =>
              ['#1d5fd6', '#722ed1', '#cf1322', '#d48806', '#389e0d', '#13c2c2'][
                Math.floor(Math.random() * 6)
              ],
          },
          data: words,
        },
      ],
    }),
    [words],
  );
  const top = [...words].sort((a, b) => b.value - a.value);
  return (
    <>
      <Chart
        option={option}
        style={{ height }}
        testId={testId}
        ariaLabel={`词云，出现最多的：${top
          .slice(0, 10)
          .map((w) => `${w.name} ${w.value} 次`)
          .join('、')}`}
      />
      <ChartTable
        caption="词云中的词及出现次数"
        columns={['次数']}
        rows={top.map((w) => ({ name: w.name, cells: [w.value] }))}
      />
    </>
  );
}
