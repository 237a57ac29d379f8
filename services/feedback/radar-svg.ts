/** The pack's radar as an inline SVG: rep vs team average vs top quartile on the five dimensions. */

export interface RadarAxis {
  nameZh: string;
  rep: number | null;
  team: number | null;
  top: number | null;
}

const SERIES = [
  { key: 'top', nameZh: '标杆', color: '#d97706', dash: '6 3', opacity: 0.08 },
  { key: 'team', nameZh: '团队平均', color: '#6b7280', dash: '3 3', opacity: 0.08 },
  { key: 'rep', nameZh: '本人', color: '#2563eb', dash: '', opacity: 0.22 },
] as const;

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const f1 = (x: number) => (Math.round(x * 10) / 10).toFixed(1);

/** Deterministic SVG (same pack → same bytes); a dimension that did not apply is drawn at 0. */
export function renderRadarSvg(axes: readonly RadarAxis[], size = 360): string {
  const cx = size / 2;
  const cy = size / 2 + 6;
  const radius = size / 2 - 70;
  const n = axes.length;
  const point = (i: number, v: number): [number, number] => {
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / n;
    return [cx + Math.cos(angle) * radius * (v / 100), cy + Math.sin(angle) * radius * (v / 100)];
  };
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size + 30}" width="${size}" height="${size + 30}" role="img" aria-label="能力雷达">`,
  );
  for (const ring of [20, 40, 60, 80, 100]) {
    const pts = axes.map((_, i) => point(i, ring).map(f1).join(',')).join(' ');
    out.push(`<polygon points="${pts}" fill="none" stroke="#e5e7eb" stroke-width="1"/>`);
  }
  axes.forEach((a, i) => {
    const [x, y] = point(i, 100);
    out.push(
      `<line x1="${f1(cx)}" y1="${f1(cy)}" x2="${f1(x)}" y2="${f1(y)}" stroke="#e5e7eb" stroke-width="1"/>`,
    );
    const [lx, ly] = point(i, 122);
    const anchor = Math.abs(lx - cx) < 4 ? 'middle' : lx > cx ? 'start' : 'end';
    const value = a.rep === null ? '不适用' : String(Math.round(a.rep));
    out.push(
      `<text x="${f1(lx)}" y="${f1(ly)}" font-size="12" text-anchor="${anchor}" dominant-baseline="middle" fill="#111827">${esc(a.nameZh)} ${esc(value)}</text>`,
    );
  });
  for (const s of SERIES) {
    const pts = axes
      .map((a, i) =>
        point(i, Math.max(0, Math.min(100, a[s.key] ?? 0)))
          .map(f1)
          .join(','),
      )
      .join(' ');
    out.push(
      `<polygon points="${pts}" fill="${s.color}" fill-opacity="${s.opacity}" stroke="${s.color}" stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`,
    );
  }
  SERIES.slice()
    .reverse()
    .forEach((s, i) => {
      const x = 20 + i * 100;
      const y = size + 16;
      out.push(
        `<line x1="${x}" y1="${y}" x2="${x + 24}" y2="${y}" stroke="${s.color}" stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`,
      );
      out.push(
        `<text x="${x + 30}" y="${y}" font-size="12" dominant-baseline="middle" fill="#111827">${s.nameZh}</text>`,
      );
    });
  out.push('</svg>');
  return out.join('\n');
}
