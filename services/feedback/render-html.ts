/** The pack as a self-contained HTML page (Simplified Chinese) with an SVG radar. */
import type { FeedbackPackData } from './pack.core.js';
import { packView } from './pack-view.js';
import { renderRadarSvg } from './radar-svg.js';

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [
    '<table>',
    `<thead><tr>${header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>`,
    '<tbody>',
    ...rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`),
    '</tbody>',
    '</table>',
  ].join('\n');
}

const STYLE = `body{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;max-width:960px;margin:24px auto;padding:0 16px;color:#111827;line-height:1.6}
h1{font-size:24px;margin-bottom:8px}h2{font-size:18px;border-bottom:1px solid #e5e7eb;padding-bottom:4px;margin-top:28px}
table{border-collapse:collapse;width:100%;font-size:14px}th,td{border:1px solid #e5e7eb;padding:4px 8px;text-align:left}th{background:#f9fafb}
.radar{display:flex;gap:24px;align-items:flex-start;flex-wrap:wrap}.radar table{width:auto}
blockquote{margin:4px 0 4px 16px;padding:2px 10px;border-left:3px solid #d1d5db;color:#374151}
.example{font-size:14px;margin:6px 0 0 8px}.footer{color:#6b7280;font-size:13px}`;

export function renderPackHtml(p: FeedbackPackData): string {
  const v = packView(p);
  const out: string[] = [
    '<!doctype html>',
    '<html lang="zh-CN">',
    `<head><meta charset="utf-8"><title>${esc(v.title)}</title><style>${STYLE}</style></head>`,
    '<body>',
    `<h1>${esc(v.title)}</h1>`,
    `<ul>${v.facts.map((f) => `<li>${esc(f)}</li>`).join('')}</ul>`,
    '<h2>能力雷达</h2>',
    '<div class="radar">',
    renderRadarSvg(v.radar),
    table(['维度', '本人', '团队平均', '标杆'], v.radarRows),
    '</div>',
    '<h2>关键指标</h2>',
    table(['指标', '本人', '团队平均', '标杆'], v.metricRows),
    '<h2>近 30 天趋势（按 ISO 周，* 为未结束的周）</h2>',
    table(v.trendHeader, v.trendRows),
    '<h2>与标杆的主要差距</h2>',
    v.gaps.length
      ? `<ol>${v.gaps.map((g) => `<li>${esc(g)}</li>`).join('')}</ol>`
      : '<p>（暂无可比较的差距）</p>',
    '<h2>明天就能做的三件事</h2>',
  ];
  if (v.suggestions.length === 0) out.push('<p>（数据不足，暂无建议）</p>');
  else {
    out.push('<ol>');
    for (const s of v.suggestions) {
      out.push(`<li><p>${esc(s.text)}</p>`);
      for (const e of s.examples) {
        out.push(
          `<div class="example">${esc(e.heading)}：${esc(e.lines[0] ?? '')}${e.lines
            .slice(1)
            .map((l) => `<blockquote>${esc(l)}</blockquote>`)
            .join('')}</div>`,
        );
      }
      out.push('</li>');
    }
    out.push('</ol>');
  }
  out.push(
    '<h2>成长目标</h2>',
    v.goalRows.length
      ? table(['目标', '周期', '实际值', '通话数', '状态'], v.goalRows)
      : '<p>（未设置目标）</p>',
    '<h2>申诉处理中</h2>',
    v.appeals.length ? `<ul>${v.appeals.map((a) => `<li>${esc(a)}</li>`).join('')}</ul>` : '<p>（无）</p>',
    '<h2>客户关注词</h2>',
    `<p>${esc(v.concerns || '（无）')}</p>`,
    `<div class="footer"><hr>${v.footer.map((f) => `<div>${esc(f)}</div>`).join('')}</div>`,
    '</body>',
    '</html>',
    '',
  );
  return out.join('\n');
}
