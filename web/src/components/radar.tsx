import { useEffect, useRef, useState } from 'react';
import type { Dimension } from '../lib/api';
import { DIMENSION_ZH, DIMENSIONS } from '../lib/labels';

export interface RadarSeries {
  name: string;
  values: Partial<Record<Dimension, number | null>>;
  color?: string;
  dashed?: boolean;
}

/** The dimensions that apply to the first series (this call). */
const axesOf = (series: RadarSeries[]) =>
  DIMENSIONS.filter((d) => series[0]?.values[d] !== null && series[0]?.values[d] !== undefined);

// Averages arrive with two decimals: shown whole, like every score in the UI.
const shown = (v: number | null | undefined) =>
  v === null || v === undefined ? '不适用' : String(Math.round(v));

// ECharts' palette, for a series given no colour.
const PALETTE = ['#5470c6', '#91cc75', '#fac858', '#ee6666', '#73c0de'];

/** Where axis `i` of `n` points (the first straight up, clockwise), at distance `r`. */
function vertex(cx: number, cy: number, r: number, i: number, n: number): [number, number] {
  const a = -Math.PI / 2 + (2 * Math.PI * i) / n;
  return [cx + r * Math.cos(a), cy + r * Math.sin(a)];
}

interface Point {
  x: number;
  y: number;
  text: string;
}

/**
 * Draws the radar onto `c` at CSS width `width`: rings every 20 points, axis names outside, one
 * polygon per series (dashed ones unfilled). Returns the vertices drawn, for the pointer's tip.
 */
function drawRadar(
  c: HTMLCanvasElement,
  width: number,
  plotHeight: number,
  axes: Dimension[],
  series: RadarSeries[],
): Point[] {
  const ctx = c.getContext('2d');
  if (!ctx) return [];
  const dpr = window.devicePixelRatio || 1;
  c.width = Math.round(width * dpr);
  c.height = Math.round(plotHeight * dpr);
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, plotHeight);
  const n = axes.length;
  const cx = width / 2;
  const cy = plotHeight / 2 + 4;
  const r = Math.max(10, Math.min(width / 2 - 56, plotHeight / 2 - 22));
  ctx.lineWidth = 1;
  ctx.strokeStyle = '#e0e6f1';
  for (let ring = 1; ring <= 5; ring++) {
    ctx.beginPath();
    for (let i = 0; i < n; i++) {
      const [x, y] = vertex(cx, cy, (r * ring) / 5, i, n);
      if (i === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    }
    ctx.closePath();
    ctx.stroke();
  }
  ctx.font = '12px sans-serif';
  ctx.fillStyle = '#434343';
  for (let i = 0; i < n; i++) {
    const [x, y] = vertex(cx, cy, r, i, n);
    ctx.beginPath();
    ctx.moveTo(cx, cy);
    ctx.lineTo(x, y);
    ctx.stroke();
    const [lx, ly] = vertex(cx, cy, r + 10, i, n);
    ctx.textAlign = Math.abs(lx - cx) < 4 ? 'center' : lx > cx ? 'left' : 'right';
    ctx.textBaseline = Math.abs(ly - cy) < 4 ? 'middle' : ly > cy ? 'top' : 'bottom';
    ctx.fillText(DIMENSION_ZH[axes[i]!], lx, ly);
  }
  const drawn: Point[] = [];
  series.forEach((s, k) => {
    const color = s.color ?? PALETTE[k % PALETTE.length]!;
    const pts = axes.flatMap((d, i) => {
      const v = s.values[d];
      if (v === null || v === undefined) return [];
      const [x, y] = vertex(cx, cy, (r * Math.max(0, Math.min(100, v))) / 100, i, n);
      return [{ x, y, text: `${s.name} · ${DIMENSION_ZH[d]}：${shown(v)}` }];
    });
    if (pts.length === 0) return;
    ctx.beginPath();
    for (const [i, p] of pts.entries()) {
      if (i === 0) ctx.moveTo(p.x, p.y);
      else ctx.lineTo(p.x, p.y);
    }
    ctx.closePath();
    if (!s.dashed) {
      ctx.globalAlpha = 0.15;
      ctx.fillStyle = color;
      ctx.fill();
      ctx.globalAlpha = 1;
    }
    ctx.setLineDash(s.dashed ? [5, 4] : []);
    ctx.lineWidth = 2;
    ctx.strokeStyle = color;
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = color;
    for (const p of pts) {
      ctx.beginPath();
      ctx.arc(p.x, p.y, 3, 0, 2 * Math.PI);
      ctx.fill();
    }
    drawn.push(...pts);
  });
  return drawn;
}

/**
 * The radar drawn on a canvas by hand: five axes and a few polygons do not need a charting
 * library, and ECharts' core alone is ~150 KB compressed on the call page a rep opens on a phone.
 * A pointer near a vertex shows its value.
 *
 * The width comes from a ResizeObserver, never from reading clientWidth: on a 300-turn call that
 * read forced a layout of the whole page inside React's commit (~190 ms on the bench machine).
 * The observer reports after the browser's own layout, and the canvas is drawn right there, so
 * it is painted in that same frame.
 */
function RadarCanvas({
  axes,
  series,
  height,
  testId,
  ariaLabel,
}: {
  axes: Dimension[];
  series: RadarSeries[];
  height: number;
  testId?: string | undefined;
  ariaLabel: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const points = useRef<Point[]>([]);
  const width = useRef(0);
  const plotHeight = height - 28; // the legend is HTML below the canvas
  // What the observer draws when the width changes: the latest props.
  const latest = useRef({ axes, series, plotHeight });
  const [tip, setTip] = useState<Point | null>(null);
  useEffect(() => {
    latest.current = { axes, series, plotHeight };
    if (canvas.current && width.current > 0)
      points.current = drawRadar(canvas.current, width.current, plotHeight, axes, series);
  }, [axes, series, plotHeight]);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver((entries) => {
      const w = entries[entries.length - 1]?.contentRect.width ?? 0;
      if (w === width.current || !canvas.current) return;
      width.current = w;
      const p = latest.current;
      points.current = w > 0 ? drawRadar(canvas.current, w, p.plotHeight, p.axes, p.series) : [];
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const nearest = (e: { clientX: number; clientY: number }) => {
    const rect = canvas.current?.getBoundingClientRect();
    if (!rect) return null;
    const x = e.clientX - rect.left;
    const y = e.clientY - rect.top;
    let best: Point | null = null;
    let bestD = 14 * 14;
    for (const p of points.current) {
      const d = (p.x - x) ** 2 + (p.y - y) ** 2;
      if (d < bestD) {
        best = p;
        bestD = d;
      }
    }
    return best;
  };
  return (
    <div
      ref={box}
      style={{ position: 'relative', width: '100%' }}
      data-testid={testId}
      role="img"
      aria-label={ariaLabel}
    >
      <canvas
        ref={canvas}
        style={{ width: '100%', height: plotHeight, display: 'block' }}
        onPointerMove={(e) => setTip(nearest(e))}
        onPointerLeave={() => setTip(null)}
      />
      {tip && (
        <div className="tj-chart-tip" style={{ left: tip.x + 8, top: tip.y + 8 }}>
          {tip.text}
        </div>
      )}
      <div className="tj-radar-legend" aria-hidden="true">
        {series.map((s, k) => (
          <span key={s.name}>
            <i
              style={{
                borderTopColor: s.color ?? PALETTE[k % PALETTE.length],
                borderTopStyle: s.dashed ? 'dashed' : 'solid',
              }}
            />
            {s.name}
          </span>
        ))}
      </div>
    </div>
  );
}

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
  const summary = `${caption}：${series
    .map((s) => `${s.name}${DIMENSIONS.map((d) => `${DIMENSION_ZH[d]} ${shown(s.values[d])}`).join('，')}`)
    .join('；')}`;
  return (
    <figure style={{ margin: 0 }}>
      {axes.length >= 3 ? (
        <RadarCanvas axes={axes} series={series} height={height} testId={testId} ariaLabel={summary} />
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
