/**
 * Excel exports (exceljs): a rep's pack and a team's metrics, with numbers as numbers (ratios
 * formatted as percentages) so a manager can sort and chart them.
 */
import ExcelJS from 'exceljs';
import { DIMENSION_NAMES_ZH, DIMENSIONS } from '../../lexicons/scorecard.schema.js';
import type { TeamMetrics } from './feedback.service.js';
import { KPIS, type KpiUnit, type PeriodStats } from './kpis.js';
import type { FeedbackPackData } from './pack.core.js';
import { packView } from './pack-view.js';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const FORMAT: Record<KpiUnit, string> = { ratio: '0%', count: '0.0', sec: '0.0', ms: '0', points: '0' };

function newWorkbook(at: string): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = '听见 Tingjian';
  wb.created = new Date(at);
  wb.modified = new Date(at);
  return wb;
}

function sheet(wb: ExcelJS.Workbook, name: string, header: string[], widths: number[]): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name);
  ws.columns = header.map((h, i) => ({ header: h, width: widths[i] ?? 14 }));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  return ws;
}

/** A rep's pack as a workbook: 概览, 雷达, 关键指标, 趋势, 差距, 建议, 目标. */
export async function packWorkbook(p: FeedbackPackData): Promise<Buffer> {
  const v = packView(p);
  const wb = newWorkbook(p.asOf);
  const overview = sheet(wb, '概览', ['项目'], [120]);
  for (const line of [v.title, ...v.facts, ...v.footer]) overview.addRow([line]);

  const radar = sheet(wb, '雷达', ['维度', '本人', '团队平均', '标杆'], [16, 10, 10, 10]);
  for (const d of p.radar) radar.addRow([d.nameZh, d.rep, d.team, d.top]);
  radar.addRow(['综合得分', p.total.rep, p.total.team, p.total.top]);

  const metrics = sheet(wb, '关键指标', ['指标', '单位', '本人', '团队平均', '标杆'], [22, 8, 12, 12, 12]);
  for (const m of p.metrics) {
    const row = metrics.addRow([m.nameZh, unitZh(m.unit), m.rep, m.team, m.top]);
    for (const c of [3, 4, 5]) row.getCell(c).numFmt = FORMAT[m.unit];
  }

  const trend = sheet(wb, '趋势', ['指标', ...p.trend.weeks.map((w) => w.week), '变化'], [22]);
  for (const s of p.trend.series) {
    const row = trend.addRow([s.nameZh, ...s.values, s.delta]);
    for (let c = 2; c <= s.values.length + 2; c++) row.getCell(c).numFmt = FORMAT[s.unit];
  }

  const gaps = sheet(
    wb,
    '差距',
    [
      '排名',
      '评分项',
      '维度',
      '本人得分',
      '参照得分',
      '参照',
      '差距',
      '权重',
      '影响',
      '本人原始值',
      '团队原始值',
      '参照原始值',
    ],
    [6, 18, 10, 10, 10, 10, 8, 8, 8, 12, 12, 12],
  );
  for (const g of p.gaps) {
    const row = gaps.addRow([
      g.rank,
      g.labelZh,
      g.dimensionZh,
      g.repScore,
      g.referenceScore,
      g.reference === 'top_quartile' ? '标杆' : '目标',
      g.gap,
      g.weight,
      g.impact,
      g.raw.rep,
      g.raw.team,
      g.raw.reference,
    ]);
    row.getCell(8).numFmt = '0.0%';
    for (const c of [10, 11, 12]) row.getCell(c).numFmt = FORMAT[g.raw.unit];
  }

  const suggestions = sheet(
    wb,
    '建议',
    ['序号', '建议', '本人例子（通话）', '标杆例子（通话）'],
    [6, 90, 26, 26],
  );
  for (const s of p.suggestions) {
    suggestions.addRow([s.rank, s.text, s.badExample?.callId ?? '', s.goodExample?.callId ?? '']);
  }

  const goals = sheet(wb, '目标', ['目标', '周期', '实际值', '通话数', '状态'], [34, 26, 12, 8, 16]);
  for (const g of p.goals) {
    const row = goals.addRow([
      `${g.nameZh} ${g.comparator === '>=' ? '≥' : '≤'} ${g.target}`,
      `${g.periodFrom} 至 ${g.periodTo}`,
      g.value,
      g.calls,
      g.stateZh,
    ]);
    row.getCell(3).numFmt = FORMAT[g.unit];
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A team's metrics over the window: one row per rep, then the team average and the benchmark. */
export async function teamWorkbook(t: TeamMetrics): Promise<Buffer> {
  const wb = newWorkbook(t.asOf);
  const kpis = t.metrics.filter((m) => m.id !== 'total').map((m) => KPIS.get(m.id)!);
  const header = [
    '销售',
    '排名',
    '标杆组',
    '通话数',
    '综合得分',
    ...DIMENSIONS.map((d) => DIMENSION_NAMES_ZH[d]),
    ...kpis.map((k) => k.nameZh),
  ];
  const ws = sheet(wb, '团队指标', header, [14, 6, 8, 8, 10]);
  const put = (label: string, rank: number | null, top: string, s: PeriodStats) => {
    const row = ws.addRow([
      label,
      rank,
      top,
      s.calls,
      s.total,
      ...DIMENSIONS.map((d) => s.dimensions[d]),
      ...kpis.map((k) => s.kpis[k.id] ?? null),
    ]);
    for (let i = 0; i < DIMENSIONS.length + 1; i++) row.getCell(5 + i).numFmt = '0.0';
    kpis.forEach((k, i) => {
      row.getCell(5 + DIMENSIONS.length + 1 + i).numFmt = FORMAT[k.unit];
    });
  };
  for (const r of [...t.reps].sort(
    (a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9) || (a.repId < b.repId ? -1 : 1),
  )) {
    put(r.name, r.rank, r.topQuartile ? '是' : '', r.stats);
  }
  put('团队平均', null, '', t.team);
  put('标杆组平均', null, '', t.top);
  const info = wb.addWorksheet('说明');
  info.columns = [{ header: '说明', width: 100 }];
  info.addRow([`团队：${t.teamName ?? t.teamId}`]);
  info.addRow([`数据窗口：${t.window.fromDay} 至 ${t.window.toDay}（${t.timeZone}），截至 ${t.asOf}`]);
  info.addRow(['团队平均与标杆均为各销售数值的平均（每人权重相同）；比例指标按通话汇总计算。']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function unitZh(u: KpiUnit): string {
  return { ratio: '比例', count: '次', sec: '秒', ms: '毫秒', points: '分' }[u];
}
