import type { CallView, Dimension, Finding, ScoreItem } from './api';
import type { AppealPreview } from './api-shapes';
import { LINK_WINDOW, quoteOf, solutionFollows } from './coaching';
import { DIMENSION_ZH, labelName } from './labels';
import { sourceName } from './score-source';

/**
 * Plain-Chinese 为什么 for every number of a call: what a score item counted, the formula in
 * words, its target and where the target comes from; how a dimension is made of its items; and
 * why an appeal would move a dimension.
 */

type Scoring = 'presence' | 'at_least' | 'at_most' | 'band';

/** How each metric is scored. Scorecards may change targets and weights, not the rule (scorecard.schema.ts). */
const SCORING: Record<string, Scoring> = {
  opening_intro: 'presence',
  opening_purpose: 'presence',
  opening_permission: 'presence',
  early_engagement: 'at_least',
  open_question_ratio: 'at_least',
  question_count: 'band',
  restatement_accuracy: 'at_least',
  implicit_needs_identified: 'at_least',
  needs_linked_to_solution: 'at_least',
  evidence_use: 'at_least',
  longest_monologue_sec: 'at_most',
  objections_handled: 'at_least',
  alternatives_offered: 'at_least',
  clarifying_questions: 'at_least',
  objections_resolved: 'at_least',
  objection_latency_ms: 'band',
  next_step_proposed: 'presence',
  next_step_dated: 'presence',
  commitment_asked: 'presence',
  talk_ratio: 'band',
};

/** Metrics whose value is a share (shown as a percentage). */
const RATIO = new Set([
  'early_engagement',
  'open_question_ratio',
  'restatement_accuracy',
  'implicit_needs_identified',
  'needs_linked_to_solution',
  'objections_handled',
  'alternatives_offered',
  'clarifying_questions',
  'objections_resolved',
  'talk_ratio',
]);

const pct = (x: number) => `${Math.round(x * 100)}%`;
const num = (x: number) => String(Math.round(x * 100) / 100);

function ratioParts(s: ScoreItem): { n: number; d: number } | null {
  const d = s.detail as { numerator?: unknown; denominator?: unknown } | undefined;
  return d && typeof d.numerator === 'number' && typeof d.denominator === 'number'
    ? { n: d.numerator, d: d.denominator }
    : null;
}

/** The item's target as a reader says it. */
export function targetText(s: ScoreItem): string {
  const scoring = SCORING[s.metric];
  if (scoring === 'presence') return '做到即可';
  if (s.metric === 'longest_monologue_sec') return `不超过 ${s.target} 秒`;
  if (s.metric === 'objection_latency_ms') return `停顿 ${num(s.target / 1000)} 秒以上，也不宜过长`;
  if (s.metric === 'question_count') return `${s.target} 个左右（按通话时长折算）`;
  if (s.metric === 'evidence_use') return `至少 ${s.target} 处`;
  if (RATIO.has(s.metric)) return `至少 ${pct(s.target)}`;
  return `目标 ${num(s.target)}`;
}

/** What the item counted in this call, in words. */
export function countedText(s: ScoreItem): string {
  const r = ratioParts(s);
  const v = s.value;
  const yes = v !== null && v > 0;
  switch (s.metric) {
    case 'opening_intro':
      return yes ? '开场中做了自我介绍' : '开场中没有识别到自我介绍';
    case 'opening_purpose':
      return yes ? '开场中说明了来意' : '开场中没有识别到说明来意';
    case 'opening_permission':
      return yes ? '开场中征得了客户同意再往下谈' : '开场中没有识别到征得客户同意';
    case 'early_engagement': {
      const d = s.detail as { customerMs?: number; totalMs?: number } | undefined;
      return d?.totalMs
        ? `前 2 分钟共说话 ${Math.round(d.totalMs / 1000)} 秒，其中客户 ${Math.round((d.customerMs ?? 0) / 1000)} 秒`
        : '前 2 分钟没有对话';
    }
    case 'open_question_ratio':
      return r ? `销售共提问 ${r.d} 次，其中开放式提问 ${r.n} 次` : '销售没有提问';
    case 'question_count':
      return `销售共提问 ${v ?? 0} 次`;
    case 'restatement_accuracy':
      return r ? `销售复述客户的话 ${r.d} 次，其中准确 ${r.n} 次` : '本通话没有复述';
    case 'implicit_needs_identified':
      return r
        ? `客户提到隐性需求 ${r.d} 条，销售随后两次发言内追问或准确复述了 ${r.n} 条`
        : '本通话没有识别到隐性需求';
    case 'needs_linked_to_solution':
      return r
        ? `客户提出需求 ${r.d} 条（显性和隐性），其中 ${r.n} 条在销售随后 ${LINK_WINDOW} 次发言内得到具体产品、功能、价值或案例的回应`
        : '本通话没有识别到客户需求';
    case 'evidence_use':
      return `销售使用案例、数据或样机试用 ${v ?? 0} 处`;
    case 'longest_monologue_sec':
      return `销售最长一段连续讲话 ${num(v ?? 0)} 秒`;
    case 'objections_handled':
      return r ? `客户提出异议 ${r.d} 次，其中 ${r.n} 次的回应用到了至少一种处理技巧` : '本通话没有客户异议';
    case 'alternatives_offered':
      return r ? `客户提出异议 ${r.d} 次，其中 ${r.n} 次给出了备选方案` : '本通话没有客户异议';
    case 'clarifying_questions':
      return r ? `客户提出异议 ${r.d} 次，其中 ${r.n} 次先做了澄清提问` : '本通话没有客户异议';
    case 'objections_resolved':
      return r ? `客户提出异议 ${r.d} 次，其中 ${r.n} 次在通话中化解` : '本通话没有客户异议';
    case 'objection_latency_ms':
      return v === null ? '本通话没有客户异议' : `客户提出异议后，销售平均停顿 ${num(v / 1000)} 秒再回应`;
    case 'next_step_proposed':
      return yes ? '通话中提出或确认了具体的下一步' : '通话中没有提出具体的下一步';
    case 'next_step_dated':
      return yes ? '下一步约定了具体时间' : '下一步没有约定具体时间';
    case 'commitment_asked':
      return yes ? '销售请客户确认了下一步或做出决定' : '销售没有请客户确认下一步或做出决定';
    case 'talk_ratio':
      return `销售说话时间占 ${pct(v ?? 0)}`;
    default:
      return v === null ? '本通话无法计算' : `实际值 ${num(v)}`;
  }
}

/** The formula in words, with this call's numbers where the rule is a simple ratio. */
export function formulaText(s: ScoreItem): string {
  if (s.score === null || s.value === null)
    return '本通话没有可计算的对象，此项不适用，不计入维度分（不按 0 分计）';
  switch (SCORING[s.metric]) {
    case 'presence':
      return `做到记 100 分，没做到记 0 分：本项 ${s.score} 分`;
    case 'at_least': {
      const shown = RATIO.has(s.metric) ? pct(s.value) : num(s.value);
      const goal = RATIO.has(s.metric) ? pct(s.target) : num(s.target);
      return s.value >= s.target
        ? `实际 ${shown} 已达到目标 ${goal}，记满分 100 分`
        : `得分 = 实际 ÷ 目标 × 100 = ${shown} ÷ ${goal} × 100 ≈ ${s.score} 分`;
    }
    case 'at_most':
      return s.score >= 100
        ? `没有超过目标，记满分 100 分`
        : `超过目标越多扣分越多，讲到评分卡设定的上限记 0 分：本项 ${s.score} 分`;
    default:
      return s.score >= 100
        ? `在目标范围内，记满分 100 分`
        : `偏离目标范围越多扣分越多（过少和过多都扣分）：本项 ${s.score} 分`;
  }
}

/** The findings an item counted, as `u6 隐性需求「…」`. */
export function evidenceText(view: CallView, s: ScoreItem, byId: ReadonlyMap<string, Finding>): string[] {
  return s.findingIds
    .map((id) => byId.get(id))
    .filter((f): f is Finding => !!f)
    .map((f) => `${labelName(f.label)}「${quoteOf(view, f)}」`);
}

/** The whole 为什么 of an item: counted, formula, target and its source. */
export function explainItem(s: ScoreItem): {
  counted: string;
  formula: string;
  target: string;
  source: string;
} {
  return {
    counted: countedText(s),
    formula: formulaText(s),
    target: targetText(s),
    source: sourceName(s.source),
  };
}

/** How a dimension's score is made: the weighted mean of its applicable items. */
export function explainDimension(d: Dimension, items: readonly ScoreItem[], score: number | null): string {
  const mine = items.filter((s) => s.dimension === d);
  const used = mine.filter((s) => s.score !== null && s.weight > 0);
  const skipped = mine.filter((s) => s.score === null);
  if (used.length === 0 || score === null)
    return `${DIMENSION_ZH[d]}的评分项在本通话都不适用，本维度不适用，不计入总分（不按 0 分计）。`;
  const weights = used.reduce((a, s) => a + s.weight, 0);
  const terms = used.map((s) => `${s.label} ${s.score}×${s.weight}`).join(' + ');
  const rest = skipped.length > 0 ? `；${skipped.map((s) => s.label).join('、')}不适用，不计入` : '';
  return `${DIMENSION_ZH[d]} = 适用评分项按权重加权平均 =（${terms}）÷ ${num(weights)} ≈ ${score} 分${rest}。`;
}

type Scores = AppealPreview['preview']['now'];

/** The correction an appeal would apply (models/appeal.ts ZCorrection, through the generated types). */
export type Correction = AppealPreview['correction'];

/** The dimensions a finding label feeds (the metrics of analyze.core.ts that read it). */
function dimensionsOf(label: string): Dimension[] {
  if (label.startsWith('need.')) return ['need_diagnosis', 'solution_presentation'];
  if (label === 'solution') return ['solution_presentation'];
  if (label.startsWith('objection') || label === 'objection_response') return ['objection_handling'];
  if (label.startsWith('question.')) return ['need_diagnosis', 'closing'];
  if (label === 'restatement') return ['need_diagnosis'];
  if (label === 'next_step') return ['closing'];
  if (label === 'opening') return ['lead_activation'];
  return [];
}

function item(view: CallView, metric: string): ScoreItem | undefined {
  return view.analysis?.scoreItems.find((s) => s.metric === metric);
}

/** 「需求与方案关联」从 1/1 变为 1/2 for a need added or removed. */
function linkChange(view: CallView, delta: 1 | -1, linked: boolean): string | null {
  const s = item(view, 'needs_linked_to_solution');
  const r = s ? ratioParts(s) : null;
  const n0 = r?.n ?? 0;
  const d0 = r?.d ?? 0;
  const n1 = n0 + (linked ? delta : 0);
  const d1 = d0 + delta;
  const from = d0 === 0 ? '不适用' : `${n0}/${d0}`;
  const to = d1 === 0 ? '不适用' : `${n1}/${d1}`;
  return `「${s?.label ?? '需求与方案关联'}」从 ${from} 变为 ${to}`;
}

/**
 * Why each dimension an appeal would change moves, in words. Every changed dimension gets one
 * line; a fall gets the specific cause where the rule is known (a need with no solution after it).
 */
export function explainAppealEffect(
  view: CallView,
  correction: Correction | null | undefined,
  now: Scores,
  next: Scores,
): { dimension: Dimension | 'total'; text: string }[] {
  const out: { dimension: Dimension | 'total'; text: string }[] = [];
  const findings = view.analysis?.findings ?? [];
  const changed = (Object.keys(next.dimensions) as Dimension[]).filter(
    (d) => next.dimensions[d] !== now.dimensions[d],
  );
  const why = (d: Dimension): string => {
    const c = correction;
    if (!c) return '按更正后的发现重新计算';
    if (c.kind === 'score') {
      const s = view.analysis?.scoreItems.find((x) => x.id === c.itemId);
      return `「${s?.label ?? '评分项'}」改为 ${c.score} 分，${DIMENSION_ZH[d]}按权重重新平均`;
    }
    if (c.kind === 'speaker')
      return `这句话改为${c.speaker === 'rep' ? '销售' : '客户'}所说，说话时间和依赖说话人的识别结果随之重新计算`;
    const added = c.kind === 'add' ? c.label : c.kind === 'relabel' ? c.to : null;
    const removed = c.kind === 'remove' || c.kind === 'relabel' ? c.label : null;
    const parts: string[] = [];
    if (added?.startsWith('need.') && d === 'solution_presentation') {
      const linked = solutionFollows(view, findings, c.utteranceId);
      parts.push(
        linked
          ? `新识别出 1 条需求，销售随后 ${LINK_WINDOW} 次发言内给出了方案，所以${linkChange(view, 1, true)}`
          : `新识别出 1 条需求，但本通话在它之后 ${LINK_WINDOW} 次销售发言内没有针对它呈现方案，所以${linkChange(view, 1, false)}`,
      );
    } else if (removed?.startsWith('need.') && d === 'solution_presentation') {
      const linked = solutionFollows(view, findings, c.utteranceId);
      parts.push(`去掉 1 条需求后，${linkChange(view, -1, linked)}`);
    } else if (added && dimensionsOf(added).includes(d)) {
      parts.push(`新增 1 条「${labelName(added)}」，${DIMENSION_ZH[d]}下与它相关的评分项重新计算`);
    } else if (removed && dimensionsOf(removed).includes(d)) {
      parts.push(`去掉 1 条「${labelName(removed)}」，${DIMENSION_ZH[d]}下与它相关的评分项重新计算`);
    } else if (c.kind === 'set') {
      const field =
        c.field === 'identified' ? '需求是否跟进' : c.field === 'resolved' ? '异议是否化解' : '复述是否准确';
      parts.push(`「${field}」改判为「${c.value ? '是' : '否'}」，相关评分项重新计算`);
    }
    return parts.join('；') || '按更正后的发现重新计算';
  };
  for (const d of changed) {
    const a = now.dimensions[d] ?? null;
    const b = next.dimensions[d] ?? null;
    const move = a === null ? `从不适用变为 ${b} 分` : b === null ? `从 ${a} 分变为不适用` : `${a} → ${b} 分`;
    out.push({ dimension: d, text: `${DIMENSION_ZH[d]} ${move}：${why(d)}` });
  }
  if (now.total !== null && next.total !== null && next.total < now.total) {
    const down = changed.filter((d) => (next.dimensions[d] ?? 0) < (now.dimensions[d] ?? 0));
    out.push({
      dimension: 'total',
      text: `申诉被接受后总分会从 ${now.total} 降到 ${next.total}：${down.map((d) => DIMENSION_ZH[d]).join('、') || '部分维度'}下降的影响大于其他维度的提高。这不是惩罚，而是更正后的发现按同一规则计分的结果。`,
    });
  }
  return out;
}
