import { Tag, Typography } from 'antd';
import type { Appeal as AppealShape } from '../lib/api-shapes';
import { categoryName, DIMENSION_ZH, labelName } from '../lib/labels';

/** An appeal as the API sends it (generated from api/routes/appeals.schema.ts). */
export type Appeal = AppealShape;

/** Every status the server sends (a status it adds fails the web's type check here). */
export const APPEAL_STATUS_ZH: Record<Appeal['status'], { text: string; color: string }> = {
  open: { text: '待复核', color: 'blue' },
  in_review: { text: '复核中', color: 'processing' },
  accepted: { text: '已接受', color: 'success' },
  rejected: { text: '已驳回', color: 'error' },
  withdrawn: { text: '已撤回', color: 'default' },
};

export const TARGET_ZH: Record<string, string> = {
  finding: '对发现的申诉',
  missed_finding: '漏识别',
  score_item: '评分项',
  speaker: '说话人',
};

/** 剩余 2 小时 5 分 / 已超时 3 小时. */
export function countdown(secondsLeft: number): string {
  const s = Math.abs(secondsLeft);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const text = d > 0 ? `${d} 天 ${h} 小时` : h > 0 ? `${h} 小时 ${m} 分` : `${m} 分 ${sec} 秒`;
  return secondsLeft < 0 ? `已超时 ${text}` : `剩余 ${text}`;
}

/** The correction an appeal proposes, in words. */
export function proposalText(a: Appeal): string {
  const c = a.proposal.correction;
  const lc = a.proposal.lexiconChange;
  let text = '';
  switch (c.kind) {
    case 'add':
      text = `应识别为「${labelName(c.label)}」`;
      break;
    case 'remove':
      text = `不是「${labelName(c.label)}」，应删除`;
      break;
    case 'relabel':
      text = `「${labelName(c.label)}」应改为「${labelName(c.to)}」`;
      break;
    case 'set':
      text = `${c.field === 'identified' ? '需求跟进' : c.field === 'resolved' ? '异议化解' : '复述准确'}应判为「${c.value ? '是' : '否'}」`;
      break;
    case 'score':
      text = `评分项应为 ${c.score} 分`;
      break;
    case 'speaker':
      text = `说话人应为「${c.speaker === 'rep' ? '销售' : '客户'}」`;
      break;
    default:
      text = '其他更正';
  }
  if (lc) {
    text +=
      lc.op === 'add_synonym'
        ? `；词库：给「${lc.term}」加同义词「${lc.synonym}」`
        : lc.op === 'add_term'
          ? `；词库：新增词条「${lc.term}」（${categoryName(lc.category)}）`
          : lc.op === 'remove_term'
            ? `；词库：删除词条「${lc.term}」`
            : `；词库：修改词条「${lc.term}」`;
  }
  return text;
}

export function EffectLine({ preview }: { preview: Appeal['preview'] }) {
  if (!preview?.now || !preview.ifAccepted) return <Typography.Text type="secondary">无预估</Typography.Text>;
  const { now, ifAccepted } = preview;
  const dims = Object.keys(ifAccepted.dimensions).filter(
    (d) => ifAccepted.dimensions[d] !== now.dimensions[d],
  );
  return (
    <span data-testid="appeal-preview">
      总分 {now.total ?? '—'} → <b>{ifAccepted.total ?? '—'}</b>
      {dims.map((d) => (
        <Tag key={d} color="blue" style={{ marginLeft: 6 }}>
          {DIMENSION_ZH[d as keyof typeof DIMENSION_ZH] ?? '其他维度'} {now.dimensions[d] ?? '不适用'} →{' '}
          {ifAccepted.dimensions[d] ?? '不适用'}
        </Tag>
      ))}
    </span>
  );
}
