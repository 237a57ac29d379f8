import type { CallStatus, Dimension, Role } from './api';

/** Display names in Simplified Chinese; the ids are those of spec/behaviours.md and the API. */
export const DIMENSIONS: Dimension[] = [
  'lead_activation',
  'need_diagnosis',
  'solution_presentation',
  'objection_handling',
  'closing',
];

export const DIMENSION_ZH: Record<Dimension, string> = {
  lead_activation: '线索激活',
  need_diagnosis: '需求诊断',
  solution_presentation: '方案呈现',
  objection_handling: '异议攻坚',
  closing: '关单促成',
};

export const LABEL_ZH: Record<string, string> = {
  'question.open': '开放式提问',
  'question.closed': '封闭式提问',
  restatement: '复述确认',
  objection_response: '异议回应',
  next_step: '下一步',
  opening: '开场',
  solution: '方案呈现',
  'objection.price': '价格异议',
  'objection.timing': '时机异议',
  'objection.authority': '决策权异议',
  'objection.need': '需求异议',
  'objection.competitor': '竞品异议',
  'objection.trust': '信任异议',
  'objection.delivery': '交付异议',
  'need.explicit': '显性需求',
  'need.implicit': '隐性需求',
  question: '客户提问',
};

/** Highlight colours per label family (background, border). */
export function labelColor(label: string): { bg: string; border: string; tag: string } {
  if (label.startsWith('question.')) return { bg: '#e6f4ff', border: '#1677ff', tag: 'blue' };
  if (label === 'question') return { bg: '#f0f5ff', border: '#2f54eb', tag: 'geekblue' };
  if (label.startsWith('objection.')) return { bg: '#fff1f0', border: '#f5222d', tag: 'red' };
  if (label === 'objection_response') return { bg: '#fff7e6', border: '#fa8c16', tag: 'orange' };
  if (label.startsWith('need.')) return { bg: '#f9f0ff', border: '#722ed1', tag: 'purple' };
  if (label === 'restatement') return { bg: '#e6fffb', border: '#13c2c2', tag: 'cyan' };
  if (label === 'next_step') return { bg: '#f6ffed', border: '#52c41a', tag: 'green' };
  if (label === 'solution') return { bg: '#fcffe6', border: '#a0d911', tag: 'lime' };
  if (label === 'opening') return { bg: '#fffbe6', border: '#fadb14', tag: 'gold' };
  return { bg: '#fafafa', border: '#8c8c8c', tag: 'default' };
}

export const TAG_ZH: Record<string, string> = {
  price_sensitive: '价格敏感',
  needs_sample: '需要样机',
  competitor_mentioned: '竞品提及',
  long_decision_chain: '决策链长',
  delivery_concern: '交付关注',
};

export const STATUS_ZH: Record<CallStatus, { text: string; color: string }> = {
  received: { text: '已接收', color: 'default' },
  queued: { text: '排队中', color: 'default' },
  transcribing: { text: '转写中', color: 'processing' },
  analyzing: { text: '分析中', color: 'processing' },
  scored: { text: '已评分', color: 'success' },
  rescoring: { text: '重新评分中', color: 'processing' },
  failed: { text: '失败', color: 'error' },
};

export const ROLE_ZH: Record<Role, string> = {
  admin: '管理员',
  manager: '销售经理',
  reviewer: '复核员',
  lexicon_editor: '词库专家',
  rep: '销售',
};

export const INDUSTRY_ZH: Record<string, string> = {
  medical_devices: '医疗器械',
  education_equipment: '教育装备',
  saas: 'SaaS',
  manufacturing: '制造业',
  retail: '零售',
  finance: '金融',
};

export const TECHNIQUE_ZH: Record<string, string> = {
  acknowledge: '认同',
  clarify: '澄清',
  reframe: '价值重构',
  alternative: '备选方案',
  evidence: '证据',
};

/** mm:ss of a millisecond offset. */
export function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

export const tagName = (t: string) => TAG_ZH[t] ?? t;
export const labelName = (l: string) => LABEL_ZH[l] ?? l;

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
