import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { type CSSProperties, useEffect, useRef } from 'react';

// The renderer only: each chart registers the series and components it draws beside its option
// (radar.tsx, heatmap-card.tsx, …), so a page's chunk holds only its own charts — the call page
// downloads the radar, never the team page's heatmap, bars and word cloud.
echarts.use([CanvasRenderer]);

export { echarts };

/** An ECharts instance bound to a div; resizes with its container. */
export function Chart({
  option,
  style,
  testId,
  onClick,
  ariaLabel,
}: {
  option: echarts.EChartsCoreOption;
  style?: CSSProperties;
  testId?: string;
  /** What the chart shows, in words (the canvas itself says nothing to a screen reader). */
  ariaLabel?: string;
  onClick?: (params: { name?: string; seriesName?: string; data?: unknown; value?: unknown }) => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!ref.current) return;
    const c = echarts.init(ref.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(ref.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);
  useEffect(() => {
    const c = chart.current;
    if (!c || !onClick) return;
    c.on('click', onClick as (p: unknown) => void);
    return () => {
      c.off('click');
    };
  }, [onClick]);
  return (
    <div
      ref={ref}
      style={{ width: '100%', height: 280, ...style }}
      data-testid={testId}
      role="img"
      aria-label={ariaLabel ?? '图表'}
    />
  );
}
