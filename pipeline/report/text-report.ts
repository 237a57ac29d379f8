import { DIMENSION_NAMES_ZH, DIMENSIONS } from '../../lexicons/scorecard.schema.js';
import type { CallAnalysis } from '../nlp/analyze.core.js';
import { spanToUnits } from '../nlp/analyze.core.js';
import { type Finding, isObjectionFinding } from '../nlp/types.js';
import { COACHING_KIND_ZH, clock, LABEL_ZH, METRIC_ZH, TECHNIQUE_ZH } from './labels-zh.js';

const BAR_WIDTH = 20;

function bar(score: number | null): string {
  if (score === null) return `${'·'.repeat(BAR_WIDTH)}  不适用`;
  const filled = Math.round((score / 100) * BAR_WIDTH);
  return `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)} ${String(score).padStart(3)}`;
}

function quote(a: CallAnalysis, f: Pick<Finding, 'utteranceId' | 'span'>): string {
  const u = a.utterances.find((x) => x.id === f.utteranceId);
  if (!u) return '';
  const [s, e] = spanToUnits(u.text, f.span);
  return u.text.slice(s, e);
}

function describe(f: Finding): string {
  const parts: string[] = [];
  if (f.term) parts.push(`词「${f.term}」`);
  parts.push(`规则 ${f.rule}`);
  if (isObjectionFinding(f)) {
    parts.push(
      f.techniques.length > 0 ? `技巧：${f.techniques.map((t) => TECHNIQUE_ZH[t]).join('、')}` : '未用技巧',
    );
    if (f.responseUtteranceId) parts.push(`回应 ${f.responseUtteranceId}`);
    if (typeof f.latencyMs === 'number') parts.push(`停顿 ${(f.latencyMs / 1000).toFixed(1)} 秒`);
    parts.push(f.resolved ? '已化解' : '未化解');
  }
  if (f.label === 'objection_response' && f.techniques) {
    parts.push(
      f.techniques.length > 0 ? `技巧：${f.techniques.map((t) => TECHNIQUE_ZH[t]).join('、')}` : '未用技巧',
    );
  }
  if (f.label === 'need.implicit') parts.push(f.identified ? `已识别（${f.identifiedBy}）` : '未识别');
  if (f.label === 'restatement') {
    parts.push(
      `复述 ${f.refersTo}，${f.accurate ? '准确' : '不准确'}（${f.measure === 'embedding' ? '语义' : '词汇'}相似度 ${f.similarity}）`,
    );
  }
  if (f.label === 'next_step') parts.push(f.hasDate ? '有具体时间' : '无具体时间');
  parts.push(`置信度 ${f.confidence.toFixed(2)}`);
  return parts.join('，');
}

/** The Simplified Chinese text report of one call, for a terminal. */
export function renderText(a: CallAnalysis, industryName: string): string {
  const out: string[] = [];
  const m = a.metrics;
  out.push(
    `通话 ${a.callId}  ·  行业 ${industryName}  ·  销售 ${a.repId}  ·  时长 ${clock(m.durationSec * 1000)}`,
  );
  out.push(
    `词库 ${a.lexiconVersion}  ·  评分卡 ${a.scorecardVersion}  ·  复述相似度：${a.similarityMeasure.measure === 'embedding' ? `语义模型 ${a.similarityMeasure.model ?? ''}` : '词汇重合（未配置语义模型）'}`,
  );
  out.push('');
  out.push(`能力雷达                          总分 ${a.total ?? '—'}`);
  for (const d of DIMENSIONS) out.push(`  ${DIMENSION_NAMES_ZH[d].padEnd(6, '　')} ${bar(a.dimensions[d])}`);
  out.push('');
  out.push('通话指标');
  out.push(`  ${METRIC_ZH.talkRatio}：${(m.talkRatio * 100).toFixed(0)}%（建议约 43%，超过 65% 赢单率下降）`);
  out.push(`  ${METRIC_ZH.longestMonologueSec}：${m.longestMonologueSec}`);
  out.push(`  ${METRIC_ZH.interactivityPerMin}：${m.interactivityPerMin}`);
  out.push(`  ${METRIC_ZH.patienceSec}：${m.patienceSec ?? '—'}`);
  out.push(
    `  ${METRIC_ZH.repQuestionsPer10Min}：${m.repQuestionsPer10Min}（共 ${m.repQuestions} 个，开放式 ${m.repOpenQuestions} 个）`,
  );
  out.push(
    `  ${METRIC_ZH.customerQuestionsPer10Min}：${m.customerQuestionsPer10Min}（共 ${m.customerQuestions} 个）`,
  );
  out.push('');
  out.push('评分明细');
  for (const d of DIMENSIONS) {
    out.push(`  【${DIMENSION_NAMES_ZH[d]}】`);
    for (const item of a.scoreItems.filter((i) => i.dimension === d)) {
      const value = item.value === null ? '不适用' : formatValue(item.metric, item.value);
      const score = item.score === null ? '—' : String(Math.round(item.score));
      out.push(
        `    ${item.label}：${value}（目标 ${formatValue(item.metric, item.target ?? 0)}）→ ${score} 分，依据 ${item.findingIds.length} 条发现`,
      );
    }
  }
  out.push('');
  out.push(`标签：${a.tagEvidence.map((t) => t.nameZh).join('、') || '无'}`);
  out.push('');
  out.push('逐句发现（引用原文为证据）');
  for (const u of a.utterances) {
    const fs = a.findings.filter((f) => f.utteranceId === u.id);
    if (fs.length === 0) continue;
    out.push(`  [${u.id} ${u.speaker === 'rep' ? '销售' : '客户'} ${clock(u.start)}] ${u.text}`);
    for (const f of fs) out.push(`     · ${LABEL_ZH[f.label]}「${quote(a, f)}」 ${describe(f)}`);
  }
  out.push('');
  out.push('辅导机会');
  if (a.coaching.length === 0) out.push('  无：隐性需求均已跟进，需求均有方案回应，异议均已处理。');
  for (const c of a.coaching) {
    out.push(`  ${COACHING_KIND_ZH[c.kind]} [${c.utteranceId}]「${c.quote}」：${c.detailZh}`);
  }
  return out.join('\n');
}

/** The same report as Markdown (tables for radar and metrics). */
export function renderMarkdown(a: CallAnalysis, industryName: string): string {
  const m = a.metrics;
  const out: string[] = [];
  out.push(`# 通话分析 ${a.callId}`);
  out.push('');
  out.push(`- 行业：${industryName}；销售：${a.repId}；时长：${clock(m.durationSec * 1000)}`);
  out.push(
    `- 词库版本：\`${a.lexiconVersion}\`；评分卡：\`${a.scorecardVersion}\`；复述相似度：${a.similarityMeasure.measure === 'embedding' ? '语义模型' : '词汇重合'}`,
  );
  out.push(`- 标签：${a.tagEvidence.map((t) => t.nameZh).join('、') || '无'}`);
  out.push('');
  out.push(`## 能力雷达（总分 ${a.total ?? '—'}）`);
  out.push('');
  out.push('| 维度 | 得分 |');
  out.push('|---|---:|');
  for (const d of DIMENSIONS) out.push(`| ${DIMENSION_NAMES_ZH[d]} | ${a.dimensions[d] ?? '不适用'} |`);
  out.push('');
  out.push('## 通话指标');
  out.push('');
  out.push('| 指标 | 数值 |');
  out.push('|---|---:|');
  out.push(`| ${METRIC_ZH.talkRatio} | ${(m.talkRatio * 100).toFixed(0)}% |`);
  out.push(`| ${METRIC_ZH.longestMonologueSec} | ${m.longestMonologueSec} |`);
  out.push(`| ${METRIC_ZH.interactivityPerMin} | ${m.interactivityPerMin} |`);
  out.push(`| ${METRIC_ZH.patienceSec} | ${m.patienceSec ?? '—'} |`);
  out.push(`| ${METRIC_ZH.repQuestionsPer10Min} | ${m.repQuestionsPer10Min} |`);
  out.push('');
  out.push('## 发现与证据');
  out.push('');
  out.push('| 句 | 说话人 | 标签 | 证据 | 说明 |');
  out.push('|---|---|---|---|---|');
  for (const f of a.findings) {
    const u = a.utterances.find((x) => x.id === f.utteranceId);
    out.push(
      `| ${f.utteranceId} | ${u?.speaker === 'rep' ? '销售' : '客户'} | ${LABEL_ZH[f.label]} | 「${escapeMd(quote(a, f))}」 | ${escapeMd(describe(f))} |`,
    );
  }
  out.push('');
  out.push('## 辅导机会');
  out.push('');
  if (a.coaching.length === 0) out.push('无。');
  for (const c of a.coaching)
    out.push(`- **${COACHING_KIND_ZH[c.kind]}**（${c.utteranceId}）「${escapeMd(c.quote)}」：${c.detailZh}`);
  return out.join('\n');
}

function escapeMd(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function formatValue(metric: string, v: number): string {
  if (
    /ratio|accuracy|identified|linked|handled|offered|questions$|resolved|engagement/.test(metric) &&
    metric !== 'question_count' &&
    v <= 1
  ) {
    return `${Math.round(v * 100)}%`;
  }
  if (metric === 'objection_latency_ms') return `${(v / 1000).toFixed(1)} 秒`;
  if (metric === 'longest_monologue_sec') return `${v} 秒`;
  if (metric.startsWith('opening_') || metric.startsWith('next_step') || metric === 'commitment_asked')
    return v > 0 ? '有' : '无';
  return String(Math.round(v * 100) / 100);
}
