/**
 * The pack as a manager reads it, in Simplified Chinese: every number formatted once here, so the
 * Markdown and the HTML renderings say exactly the same thing.
 */
import { formatKpi, type KpiUnit } from './kpis.js';
import type { FeedbackPackData } from './pack.core.js';
import type { CallExample } from './suggestions.core.js';
import { localDateTime } from './time.js';

export interface PackView {
  title: string;
  facts: string[];
  radar: { nameZh: string; rep: number | null; team: number | null; top: number | null }[];
  radarRows: string[][];
  metricRows: string[][];
  trendHeader: string[];
  trendRows: string[][];
  gaps: string[];
  suggestions: { text: string; examples: { heading: string; lines: string[] }[] }[];
  goalRows: string[][];
  appeals: string[];
  concerns: string;
  footer: string[];
}

const points = (v: number | null) => (v === null ? '不适用' : `${Math.round(v)}`);
const APPEAL_STATUS_ZH: Record<string, string> = { open: '待处理', in_review: '审核中' };

function deltaText(
  unit: KpiUnit,
  delta: number | null,
  direction: string | null,
  improving: boolean | null,
): string {
  if (direction === null || delta === null) return '数据不足';
  if (direction === 'flat') return '→ 持平';
  const arrow = direction === 'up' ? '↑' : '↓';
  const size =
    unit === 'ratio'
      ? `${Math.round(Math.abs(delta) * 100)} 个百分点`
      : unit === 'points'
        ? `${Math.round(Math.abs(delta))} 分`
        : formatKpi(unit, Math.abs(delta));
  return `${arrow} ${size}（${improving ? '向好' : '需关注'}）`;
}

function exampleLines(e: CallExample, tz: string): string[] {
  return [
    `通话 ${e.callId}（${localDateTime(new Date(e.occurredAt), tz)}）`,
    ...e.utterances.map((u) => `${u.speaker === 'rep' ? '销售' : '客户'}：${u.text}`),
  ];
}

export function packView(p: FeedbackPackData): PackView {
  const tz = p.timeZone;
  const pct = Math.round(p.benchmark.fraction * 100);
  const facts = [
    `团队：${p.rep.teamName ?? '（未分组）'}`,
    `数据窗口：${p.window.fromDay} 至 ${p.window.toDay}（近 ${p.window.days} 天，截至 ${localDateTime(new Date(p.asOf), tz)}，${tz}）`,
    `通话：${p.calls.count} 通已评分${p.calls.underAppeal > 0 ? `，其中 ${p.calls.underAppeal} 通仍在申诉中（${p.calls.underAppealCallIds.join('、')}），结果可能调整` : ''}`,
    p.benchmark.groupSize > 0
      ? `标杆组：团队 ${p.benchmark.rankedReps} 人中综合得分前 ${pct}% 的 ${p.benchmark.groupSize} 人（${p.benchmark.reps.map((r) => `${r.name} ${Math.round(r.total)} 分`).join('、')}）${p.benchmark.repIsInGroup ? '，本人在标杆组内' : ''}`
      : '标杆组：窗口内团队没有已评分的通话',
  ];
  const radarRows = [
    ...p.radar.map((d) => [d.nameZh, points(d.rep), points(d.team), points(d.top)]),
    ['综合得分', points(p.total.rep), points(p.total.team), points(p.total.top)],
  ];
  const metricRows = p.metrics.map((m) => [
    m.nameZh,
    formatKpi(m.unit, m.rep),
    formatKpi(m.unit, m.team),
    formatKpi(m.unit, m.top),
  ]);
  const trendHeader = [
    '指标',
    ...p.trend.weeks.map((w) => `${w.week.slice(5)}${w.partial ? '*' : ''}（${w.calls} 通）`),
    '变化',
  ];
  const trendRows = p.trend.series.map((s) => [
    s.nameZh,
    ...s.values.map((v) =>
      s.unit === 'points' ? (v === null ? '—' : `${Math.round(v)}`) : formatKpi(s.unit, v),
    ),
    deltaText(s.unit, s.delta, s.direction, s.improving),
  ]);
  const gaps = p.gaps.map((g) => {
    const ref = g.reference === 'top_quartile' ? '标杆' : '满分目标';
    const raw =
      g.raw.rep !== null
        ? `；原始指标：本人 ${formatKpi(g.raw.unit, g.raw.rep)}，团队 ${formatKpi(g.raw.unit, g.raw.team)}，${g.reference === 'top_quartile' ? '标杆' : '目标'} ${formatKpi(g.raw.unit, g.raw.reference)}`
        : '';
    return `${g.labelZh}（${g.dimensionZh}）：本人 ${Math.round(g.repScore)} 分，${ref} ${Math.round(g.referenceScore)} 分，差距 ${g.gap.toFixed(1)} 分 × 权重 ${(g.weight * 100).toFixed(1)}% = 影响综合得分 ${g.impact.toFixed(1)} 分${raw}`;
  });
  const suggestions = p.suggestions.map((s) => {
    const examples: { heading: string; lines: string[] }[] = [];
    if (s.badExample) examples.push({ heading: '本人通话中的例子', lines: exampleLines(s.badExample, tz) });
    if (s.goodExample)
      examples.push({
        heading: `标杆示范（${s.goodExample.repName}）`,
        lines: exampleLines(s.goodExample, tz),
      });
    return { text: s.text, examples };
  });
  const goalRows = p.goals.map((g) => [
    `${g.nameZh} ${g.comparator === '>=' ? '≥' : '≤'} ${formatKpi(g.unit, g.target)}`,
    `${g.periodFrom} 至 ${g.periodTo}`,
    formatKpi(g.unit, g.value),
    `${g.calls} 通`,
    g.stateZh,
  ]);
  const appeals = p.appeals.map(
    (a) =>
      `${a.id}：通话 ${a.callId}${a.label ? `，${a.label}` : ''}（${APPEAL_STATUS_ZH[a.status] ?? a.status}，提交于 ${localDateTime(new Date(a.filedAt), tz)}，截止 ${localDateTime(new Date(a.dueAt), tz)}）`,
  );
  const concerns = p.concerns.map((c) => `${c.term}（${c.count}）`).join('、');
  const footer = [
    `数据来源：${p.sources.calls.length} 通已评分通话（申诉更正已计入）`,
    `词库版本：${p.sources.lexiconVersions.join('、') || '—'}`,
    `评分卡版本：${p.sources.scorecardVersions.join('、') || '—'}`,
    `生成方式：${p.trigger === 'schedule' ? '定时生成' : '手动生成'}`,
  ];
  return {
    title: `辅导资料包 · ${p.rep.name}`,
    facts,
    radar: p.radar,
    radarRows,
    metricRows,
    trendHeader,
    trendRows,
    gaps,
    suggestions,
    goalRows,
    appeals,
    concerns,
    footer,
  };
}
