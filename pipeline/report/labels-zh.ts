import type { Technique } from '../../lexicons/lexicon.schema.js';
import type { Label } from '../nlp/types.js';

export const LABEL_ZH: Record<Label, string> = {
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

export const TECHNIQUE_ZH: Record<Technique, string> = {
  acknowledge: '认同',
  clarify: '澄清',
  reframe: '价值重构',
  alternative: '备选方案',
  evidence: '证据',
};

export const METRIC_ZH = {
  talkRatio: '销售说话占比',
  longestMonologueSec: '最长独白（秒）',
  interactivityPerMin: '互动频率（次/分钟）',
  patienceSec: '耐心（客户说完到回应，秒）',
  repQuestionsPer10Min: '销售提问（次/10分钟）',
  customerQuestionsPer10Min: '客户提问（次/10分钟）',
} as const;

/** mm:ss of a millisecond offset. */
export function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}
