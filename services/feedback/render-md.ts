/** The pack as Markdown (Simplified Chinese). */
import type { FeedbackPackData } from './pack.core.js';
import { packView } from './pack-view.js';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [
    `| ${header.map(cell).join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ];
}

export function renderPackMarkdown(p: FeedbackPackData): string {
  const v = packView(p);
  const out: string[] = [`# ${v.title}`, '', ...v.facts.map((f) => `- ${f}`), ''];
  out.push('## 能力雷达', '', ...table(['维度', '本人', '团队平均', '标杆'], v.radarRows), '');
  out.push('## 关键指标', '', ...table(['指标', '本人', '团队平均', '标杆'], v.metricRows), '');
  out.push('## 近 30 天趋势（按 ISO 周，* 为未结束的周）', '', ...table(v.trendHeader, v.trendRows), '');
  out.push('## 与标杆的主要差距', '');
  out.push(...(v.gaps.length ? v.gaps.map((g, i) => `${i + 1}. ${g}`) : ['（暂无可比较的差距）']), '');
  out.push('## 明天就能做的三件事', '');
  if (v.suggestions.length === 0) out.push('（数据不足，暂无建议）', '');
  v.suggestions.forEach((s, i) => {
    out.push(`${i + 1}. ${s.text}`);
    for (const e of s.examples) {
      out.push(`   - ${e.heading}：${e.lines[0]}`);
      for (const line of e.lines.slice(1)) out.push(`     > ${line}`);
    }
    out.push('');
  });
  out.push('## 成长目标', '');
  out.push(
    ...(v.goalRows.length
      ? table(['目标', '周期', '实际值', '通话数', '状态'], v.goalRows)
      : ['（未设置目标）']),
    '',
  );
  out.push('## 申诉处理中', '', ...(v.appeals.length ? v.appeals.map((a) => `- ${a}`) : ['（无）']), '');
  out.push('## 客户关注词', '', v.concerns || '（无）', '');
  out.push('---', '', ...v.footer.map((f) => `- ${f}`), '');
  return out.join('\n');
}
