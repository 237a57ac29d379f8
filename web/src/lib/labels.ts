/**
 * The web's labels: every Chinese name comes from shared/labels-zh.ts (the table the server's
 * reports use too); this file adds only what is the browser's own: colours and dates.
 */
import {
  CALL_STATUS_ZH,
  LEARNED_MODEL_STATUS_ZH,
  LABEL_ZH as SHARED_LABEL_ZH,
  TECHNIQUE_ZH as SHARED_TECHNIQUE_ZH,
} from '../../../shared/labels-zh';
import type { CallStatus, LearnedModelStatus } from '../../../shared/vocabulary';

export {
  CALL_STATUS_ZH,
  COACHING_KIND_ZH,
  categoryName,
  clock,
  DIMENSION_ZH,
  INDUSTRY_SOURCE_ZH,
  INDUSTRY_ZH,
  industryEvidenceName,
  industryName,
  LEXICON_CATEGORY_ZH,
  labelName,
  METRIC_ZH,
  modelLabelName,
  modelVersionName,
  OBJECTION_ZH,
  ROLE_ZH,
  ruleName,
  SHARED_LEXICONS,
  TAG_ZH,
  tagName,
  versionName,
  versionNote,
  weekName,
} from '../../../shared/labels-zh';
export { DIMENSIONS } from '../../../shared/vocabulary';

/** The shared tables, indexable by any string the API sends (an unknown id reads as undefined). */
export const LABEL_ZH: Readonly<Record<string, string>> = SHARED_LABEL_ZH;
export const TECHNIQUE_ZH: Readonly<Record<string, string>> = SHARED_TECHNIQUE_ZH;

/**
 * Highlight colours per label family: background, border, text (chips: ≥ 4.5:1 on the
 * background, WCAG AA; tests/unit/web-contrast.test.ts checks), and the antd tag colour.
 */
export function labelColor(label: string): { bg: string; border: string; text: string; tag: string } {
  if (label.startsWith('question.'))
    return { bg: '#e6f4ff', border: '#1677ff', text: '#0047b3', tag: 'blue' };
  if (label === 'question') return { bg: '#f0f5ff', border: '#2f54eb', text: '#1d39c4', tag: 'geekblue' };
  if (label.startsWith('objection.'))
    return { bg: '#fff1f0', border: '#f5222d', text: '#a8071a', tag: 'red' };
  if (label === 'objection_response')
    return { bg: '#fff7e6', border: '#fa8c16', text: '#873800', tag: 'orange' };
  if (label.startsWith('need.')) return { bg: '#f9f0ff', border: '#722ed1', text: '#531dab', tag: 'purple' };
  if (label === 'restatement') return { bg: '#e6fffb', border: '#13c2c2', text: '#00474f', tag: 'cyan' };
  if (label === 'next_step') return { bg: '#f6ffed', border: '#52c41a', text: '#135200', tag: 'green' };
  if (label === 'solution') return { bg: '#fcffe6', border: '#a0d911', text: '#254000', tag: 'lime' };
  if (label === 'opening') return { bg: '#fffbe6', border: '#fadb14', text: '#613400', tag: 'gold' };
  return { bg: '#fafafa', border: '#8c8c8c', text: '#434343', tag: 'default' };
}

/** A call state's name with its antd tag colour. */
export const STATUS_ZH: Record<CallStatus, { text: string; color: string }> = {
  received: { text: CALL_STATUS_ZH.received, color: 'default' },
  needs_industry: { text: CALL_STATUS_ZH.needs_industry, color: 'warning' },
  queued: { text: CALL_STATUS_ZH.queued, color: 'default' },
  transcribing: { text: CALL_STATUS_ZH.transcribing, color: 'processing' },
  analyzing: { text: CALL_STATUS_ZH.analyzing, color: 'processing' },
  scored: { text: CALL_STATUS_ZH.scored, color: 'success' },
  rescoring: { text: CALL_STATUS_ZH.rescoring, color: 'processing' },
  failed: { text: CALL_STATUS_ZH.failed, color: 'error' },
};

const SHANGHAI = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** Times as the sales teams read them: Beijing time, whatever the browser's zone. */
export function formatDate(iso: string): string {
  const parts = Object.fromEntries(SHANGHAI.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** A learned-model version's state with its antd tag colour. */
export const MODEL_STATUS_ZH: Record<LearnedModelStatus, { text: string; color: string }> = {
  draft: { text: LEARNED_MODEL_STATUS_ZH.draft, color: 'blue' },
  published: { text: LEARNED_MODEL_STATUS_ZH.published, color: 'green' },
  discarded: { text: LEARNED_MODEL_STATUS_ZH.discarded, color: 'default' },
};
