/**
 * Chinese names of everything a sales user reads by id: behaviour labels, tags, dimensions,
 * metrics, roles, call states, industries, rules, lexicon categories, retention kinds. The one
 * table for the server's reports and the web pages alike; browser-safe (imports only the
 * vocabulary and the generated industry names beside it).
 */

import { INDUSTRY_SHORT_NAMES } from './industries.gen.js';
import type {
  CallStatus,
  CoachingKind,
  Dimension,
  IndustrySource,
  Label,
  LearnedModelStatus,
  LintKind,
  ObjectionType,
  RetentionKind,
  Role,
  SpecTag,
  Technique,
} from './vocabulary.js';

export const DIMENSION_ZH: Record<Dimension, string> = {
  lead_activation: '线索激活',
  need_diagnosis: '需求诊断',
  solution_presentation: '方案呈现',
  objection_handling: '异议攻坚',
  closing: '关单促成',
};

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

/** An objection type (`price`) by the name of its label (`objection.price` → 价格异议). */
export const OBJECTION_ZH = Object.fromEntries(
  Object.entries(LABEL_ZH)
    .filter(([label]) => label.startsWith('objection.'))
    .map(([label, name]) => [label.slice('objection.'.length), name]),
) as Record<ObjectionType, string>;

/** Coaching kinds as the call page and the reports name them. */
export const COACHING_KIND_ZH: Record<CoachingKind, string> = {
  missed_need: '错过的隐性需求',
  unhandled_objection: '未处理好的异议',
  need_without_solution: '需求未呈现方案',
};

export const TAG_ZH: Record<SpecTag, string> = {
  price_sensitive: '价格敏感',
  needs_sample: '需要样机',
  competitor_mentioned: '竞品提及',
  long_decision_chain: '决策链长',
  delivery_concern: '交付关注',
};

export const TECHNIQUE_ZH: Record<Technique, string> = {
  acknowledge: '认同',
  clarify: '澄清',
  reframe: '价值重构',
  alternative: '备选方案',
  evidence: '证据',
};

/** The call-level metrics of a report. */
export const METRIC_ZH = {
  talkRatio: '销售说话占比',
  longestMonologueSec: '最长独白（秒）',
  interactivityPerMin: '互动频率（次/分钟）',
  patienceSec: '耐心（客户说完到回应，秒）',
  repQuestionsPer10Min: '销售提问（次/10分钟）',
  customerQuestionsPer10Min: '客户提问（次/10分钟）',
} as const;

export const CALL_STATUS_ZH: Record<CallStatus, string> = {
  received: '已接收',
  needs_industry: '待确认行业',
  queued: '排队中',
  transcribing: '转写中',
  analyzing: '分析中',
  scored: '已评分',
  rescoring: '重新评分中',
  failed: '失败',
};

export const ROLE_ZH: Record<Role, string> = {
  admin: '管理员',
  manager: '销售经理',
  reviewer: '复核员',
  lexicon_editor: '词库专家',
  rep: '销售',
};

/**
 * Short industry names for lists and tags, written once as `shortName` in each
 * lexicons/industries/*.yaml and generated into industries.gen.ts (`npm run gen:industries`).
 * The lexicon files' longer `name` is what GET /v1/lexicons serves.
 */
export const INDUSTRY_ZH: Readonly<Record<string, string>> = INDUSTRY_SHORT_NAMES;

/**
 * Shared base lexicons (`selectable: false` on the server): edited and published like any
 * lexicon, never an industry a call is analysed with. Only the web's offline fallback needs this
 * list; GET /v1/lexicons says `selectable` itself.
 */
export const SHARED_LEXICONS: ReadonlySet<string> = new Set(['hospital_base', 'manufacturing_base']);

/** An industry id in Chinese; an unknown id is not shown raw. */
export const industryName = (id: string) => INDUSTRY_ZH[id] ?? '其他行业';

/**
 * A lexicon or scorecard version id (`medical_devices@2+3fa2…`) as a rep reads it:
 * 医疗器械 · 第 2 版. The id itself goes in a tooltip.
 */
export function versionName(versionId: string | null | undefined): string {
  if (!versionId) return '—';
  const m = /^([a-z_]+)@(\d+)(?:\+[0-9a-f]+)?$/.exec(versionId);
  if (!m) return '未知版本';
  return `${industryName(m[1]!)} · 第 ${m[2]} 版`;
}

/** mm:ss of a millisecond offset. */
export function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

export const tagName = (t: string) => (TAG_ZH as Record<string, string>)[t] ?? t;
export const labelName = (l: string) => (LABEL_ZH as Record<string, string>)[l] ?? l;

const RULE_FAMILY_ZH: Record<string, string> = {
  question: '提问句式规则',
  need: '需求规则',
  objection: '异议规则',
  objection_response: '异议回应规则',
  restatement: '复述规则',
  solution: '方案规则',
  next_step: '下一步规则',
  opening: '开场规则',
  tag: '标签规则',
  score: '评分项',
};

/**
 * The rule behind a finding or an appeal in Chinese: its family, not its id (the id is for a
 * tooltip). `missed` is an appeal on something the machine did not find.
 */
export function ruleName(rule: string | null | undefined): string {
  if (!rule) return '—';
  if (rule === 'appeal') return '申诉更正';
  if (rule === 'missed') return '机器未识别（漏识别）';
  if (rule === 'speaker') return '说话人识别';
  if (rule.startsWith('model.')) return '模型识别';
  if (rule.startsWith('score.')) return '评分项计算';
  if (/industry-term|\.term$/.test(rule))
    return `${RULE_FAMILY_ZH[rule.split('.')[0]!] ?? '识别规则'}（行业词条）`;
  return RULE_FAMILY_ZH[rule.split('.')[0]!] ?? '识别规则';
}

/** Lexicon term categories an industry lexicon may use (lexicons/lexicon.schema.ts INDUSTRY_CATEGORIES). */
export const LEXICON_CATEGORY_ZH: Record<string, string> = {
  product: '产品',
  feature: '功能',
  benefit: '价值',
  case: '案例',
  competitor: '竞品',
  need: '需求',
  approver: '决策人',
  tag: '标签',
  ...Object.fromEntries(
    Object.entries(OBJECTION_ZH).map(([type, name]) => [`objection.${type}`, name] as const),
  ),
};
export const categoryName = (c: string) => LEXICON_CATEGORY_ZH[c] ?? '其他类别';

/**
 * The shared base lexicon's marker groups (lexicons/lexicon.schema.ts BASE_CATEGORIES), as the
 * lexicon lint names them to an editor.
 */
export const BASE_CATEGORY_ZH: Record<string, string> = {
  'question.open': '开放式提问词',
  'question.closed': '封闭式提问词',
  'question.tag': '附加问句',
  'question.invite': '邀请式提问',
  'question.particle': '疑问语气词',
  'question.embedding': '嵌入式提问',
  'question.ask': '询问词',
  restatement: '复述引导语',
  'restatement.tail': '复述确认语',
  'objection.competitor_cue': '竞品线索词',
  'objection.switch': '更换供应商',
  ...Object.fromEntries(
    Object.entries(TECHNIQUE_ZH).map(([t, name]) => [`technique.${t}`, `处理技巧·${name}`] as const),
  ),
  'need.pain': '痛点表达',
  'need.want': '需求表达',
  'need.negation': '否定需求',
  'next_step.action': '下一步动作',
  'next_step.time': '下一步时间',
  'next_step.vague': '模糊约定',
  'opening.intro': '开场自我介绍',
  'opening.purpose': '开场说明来意',
  'opening.permission': '开场征求同意',
  commitment: '承诺',
  agreement: '认同',
  sample: '样机试用',
  price_topic: '价格话题',
  delivery_topic: '交付话题',
  puffery: '空泛夸耀',
  filler: '语气填充词',
};

/** Any lexicon category, an industry's or the shared base's, by its Chinese name. */
export const anyCategoryName = (c: string) => LEXICON_CATEGORY_ZH[c] ?? BASE_CATEGORY_ZH[c] ?? '其他类别';

/** jieba's part-of-speech tags as the lexicon lint shows them (the dictionary's own tag set). */
const JIEBA_POS_ZH: Record<string, string> = {
  n: '名词',
  nr: '人名',
  nrt: '人名',
  ns: '地名',
  nt: '机构名',
  nz: '其他专名',
  ng: '名语素',
  v: '动词',
  vn: '名动词',
  vd: '副动词',
  a: '形容词',
  ad: '副形词',
  an: '名形词',
  d: '副词',
  m: '数词',
  q: '量词',
  r: '代词',
  p: '介词',
  c: '连词',
  u: '助词',
  f: '方位词',
  s: '处所词',
  t: '时间词',
  i: '成语',
  l: '习用语',
  j: '简称',
  b: '区别词',
  z: '状态词',
};
export const partOfSpeechName = (tag: string) => JIEBA_POS_ZH[tag] ?? '其他词性';

/**
 * What an industry inference's evidence can be (lexicons/industry-inference.ts): a lexicon term of
 * one of the categories above, or a word of the trade in the seller's self-introduction.
 */
export const industryEvidenceName = (c: string) => (c === 'seller_name' ? '销售方自我介绍' : categoryName(c));

/** Notes the server writes on lexicon versions itself. */
const VERSION_NOTE_ZH: Record<string, string> = {
  'shipped files': '随软件发布的初始词库',
};
export const versionNote = (note: string | null | undefined) => (note ? (VERSION_NOTE_ZH[note] ?? note) : '');

/** An ISO week id (2026-W23) as 2026 年第 23 周 (short: 第 23 周); anything else as it is. */
export function weekName(week: string, short = false): string {
  const m = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!m) return week;
  return short ? `第 ${Number(m[2])} 周` : `${m[1]} 年第 ${Number(m[2])} 周`;
}

/** Where a call's industry came from (the API's industrySource). */
export const INDUSTRY_SOURCE_ZH: Record<IndustrySource, string> = {
  given: '上传时指定',
  inferred: '推断',
  chosen: '人工选择',
};

/**
 * Labels the learned second stage predicts (pipeline/learned/labels.ts): the behaviour labels,
 * and `objection`, any objection whatever its type.
 */
export const modelLabelName = (l: string) => (l === 'objection' ? '异议（任意类型）' : labelName(l));

/** A learned-model version (`second-stage@3+0123456789ab`) as 第 3 版; the id itself goes in a tooltip. */
export function modelVersionName(version: string | null | undefined): string {
  if (!version) return '—';
  const m = /^second-stage@(\d+)\+[0-9a-f]+$/.exec(version);
  return m ? `第 ${m[1]} 版` : '未知版本';
}

export const LEARNED_MODEL_STATUS_ZH: Record<LearnedModelStatus, string> = {
  draft: '草稿',
  published: '已发布',
  discarded: '已丢弃',
};

export const RETENTION_KIND_ZH: Record<RetentionKind, string> = {
  audio: '录音文件',
  transcripts: '转写文本',
  analyses: '分析结果与通话视图',
  feedback: '反馈包与已发送通知',
  imports: '导入报告',
  audit: '审计日志',
};

/** A retention window as people read it: `180 天`, `3 年`, `永久保留`. */
export function formatWindowZh(days: number | null): string {
  if (days === null) return '永久保留';
  return days % 365 === 0 ? `${days / 365} 年` : `${days} 天`;
}

/** Lexicon lint findings (`tingjian lexicons lint` and the lexicon editor's page). */
export const LINT_KIND_ZH: Readonly<Record<LintKind, string>> = {
  'conflicting-category': '类别冲突',
  'duplicate-of-base': '与基础词库重复',
  'inherited-duplicate': '与继承的词重复',
  'brand-ordinary-word': '品牌名也是普通词',
  'common-word': '通用常用词',
  unexercised: '未被标注通话覆盖',
};
