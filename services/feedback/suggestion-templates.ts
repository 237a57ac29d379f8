/**
 * The reviewed table of coaching suggestions, one per scorecard metric. A pack never contains
 * free text from a model: its suggestions are these sentences with the rep's numbers filled in.
 * Treat this file like the scorecards: data, changed by review (a sales trainer signs off the
 * wording), with a `source` for each action. tests/unit/feedback-suggestions.test.ts checks that
 * every scorecard metric has exactly one template and that every example kind exists.
 */
import type { ScoreMetric } from '../../lexicons/scorecard.schema.js';
import type { ExampleKind } from '../../models/feedback.repository.js';

export interface SuggestionTemplate {
  metric: ScoreMetric;
  /** The behaviour as the sentence names it, e.g. 备选方案提出频次. */
  behaviourZh: string;
  /** Comparison words when the rep's raw value is lower / higher than the reference. */
  lowerZh: string;
  higherZh: string;
  /** What to do tomorrow (after 建议). */
  actionZh: string;
  /** A related metric: when the rep is better there, the sentence opens with that strength. */
  strength?: { kpi: string; phraseZh: string; betterZh: string };
  /** Example of the rep's own calls where it went wrong, and of a top rep doing it well. */
  bad: ExampleKind;
  good: ExampleKind | null;
  source: string;
}

export const SUGGESTION_TEMPLATES: readonly SuggestionTemplate[] = [
  {
    metric: 'opening_intro',
    behaviourZh: '开场自我介绍比例',
    lowerZh: '低',
    higherZh: '高',
    actionZh: '每通电话第一句话说清“我是某公司的某某”，把公司名和姓名写在话术卡最上方',
    bad: 'opening_without_intro',
    good: 'opening_with_intro',
    source: 'behaviours.md: opening = self-introduction, purpose, permission',
  },
  {
    metric: 'opening_purpose',
    behaviourZh: '开场说明来意比例',
    lowerZh: '低',
    higherZh: '高',
    actionZh: '开场 30 秒内用一句话说明来电目的（“今天打给您是想了解……”），提前为每位客户写好这句话',
    bad: 'opening_without_purpose',
    good: 'opening_with_purpose',
    source: 'behaviours.md: opening = self-introduction, purpose, permission',
  },
  {
    metric: 'opening_permission',
    behaviourZh: '开场征得同意比例',
    lowerZh: '低',
    higherZh: '高',
    actionZh: '说明来意后加一句“您现在方便聊几分钟吗？”，得到同意再进入正题',
    bad: 'opening_without_permission',
    good: 'opening_with_permission',
    source: 'behaviours.md: opening = self-introduction, purpose, permission',
  },
  {
    metric: 'early_engagement',
    behaviourZh: '前两分钟客户发言占比',
    lowerZh: '低',
    higherZh: '高',
    actionZh: '开场后立刻抛出一个与客户业务相关的开放式问题，前两分钟把话筒交给客户',
    strength: { kpi: 'opening_purpose', phraseZh: '开场说明来意比例', betterZh: '高' },
    bad: 'low_early_engagement',
    good: 'high_early_engagement',
    source: 'team default: customer holds >= 30% of speaking time in the first 2 minutes',
  },
  {
    metric: 'open_question_ratio',
    behaviourZh: '开放式提问占比',
    lowerZh: '低',
    higherZh: '高',
    actionZh: '把“是不是”“有没有”式的问题改成“怎么”“哪些”“为什么”开头，每通电话至少准备三个开放式问题',
    strength: { kpi: 'question_count', phraseZh: '每通提问数', betterZh: '多' },
    bad: 'question_closed',
    good: 'question_open',
    source: 'team default: at least half of the rep questions open',
  },
  {
    metric: 'question_count',
    behaviourZh: '每通提问数',
    lowerZh: '少',
    higherZh: '多',
    actionZh: '按“现状—问题—影响—期望”四步各准备两个问题，介绍产品前先问完',
    strength: { kpi: 'open_question_ratio', phraseZh: '开放式提问占比', betterZh: '高' },
    bad: 'few_questions',
    good: 'question_open',
    source: 'Gong Labs: 11-14 rep questions in a discovery call',
  },
  {
    metric: 'restatement_accuracy',
    behaviourZh: '复述准确率',
    lowerZh: '低',
    higherZh: '高',
    actionZh: '复述时用客户自己的关键词（“您是说……”），复述完问一句“我理解得对吗？”',
    bad: 'restatement_inaccurate',
    good: 'restatement_accurate',
    source: 'behaviours.md: a restatement is accurate when it covers the customer statement (F1 >= 0.5)',
  },
  {
    metric: 'implicit_needs_identified',
    behaviourZh: '隐性需求识别率',
    lowerZh: '低',
    higherZh: '高',
    actionZh: '客户一提到困难、麻烦或限制，下一句就追问“具体是什么情况？影响到哪些环节？”',
    strength: { kpi: 'restatement_accuracy', phraseZh: '复述准确率', betterZh: '高' },
    bad: 'need_missed',
    good: 'need_identified',
    source:
      'behaviours.md: an implicit need is identified when one of the next 2 rep utterances asks about it or restates it',
  },
  {
    metric: 'needs_linked_to_solution',
    behaviourZh: '需求与方案关联率',
    lowerZh: '低',
    higherZh: '高',
    actionZh: '客户说出需求后，用“针对您说的……，我们的……可以……”把一个具体功能或案例对应上去',
    bad: 'need_without_solution',
    good: 'need_with_solution',
    source: 'team default: 70% of stated needs answered with a concrete product, feature, benefit or case',
  },
  {
    metric: 'evidence_use',
    behaviourZh: '案例与证据使用次数',
    lowerZh: '少',
    higherZh: '多',
    actionZh: '准备两个同行业客户案例和一组数据，客户有顾虑时先讲案例再讲参数',
    bad: 'response_without_evidence',
    good: 'response_with_evidence',
    source: 'behaviours.md: evidence = 案例, 数据, 客户, 试用, 样机',
  },
  {
    metric: 'longest_monologue_sec',
    behaviourZh: '最长独白时长',
    lowerZh: '短',
    higherZh: '长',
    actionZh: '每讲完一个要点（不超过 2 分钟）就停下来问客户一个问题，把长介绍拆成几段',
    bad: 'longest_monologue',
    good: null,
    source: 'Gong Labs: company overview <= 2 min, pitch segment <= 9 min',
  },
  {
    metric: 'objections_handled',
    behaviourZh: '异议处理率',
    lowerZh: '低',
    higherZh: '高',
    actionZh: '客户提出异议时先认同（“理解您的顾虑”），再澄清或给出证据，不要直接跳过',
    bad: 'objection_unhandled',
    good: 'objection_handled',
    source: 'behaviours.md: an objection is handled when its response uses at least one technique',
  },
  {
    metric: 'alternatives_offered',
    behaviourZh: '备选方案提出频次',
    lowerZh: '低',
    higherZh: '高',
    actionZh: '准备两套备选配置话术（如基础版/分期/租赁），客户嫌贵或有顾虑时主动给出第二选择',
    strength: { kpi: 'objection_latency_ms', phraseZh: '异议后平均响应时长', betterZh: '长' },
    bad: 'objection_without_alternative',
    good: 'objection_with_alternative',
    source: 'behaviours.md: alternative = another version, configuration, plan or payment terms',
  },
  {
    metric: 'clarifying_questions',
    behaviourZh: '异议澄清提问率',
    lowerZh: '低',
    higherZh: '高',
    actionZh: '听到异议先问一句“您主要担心的是哪方面？”，弄清真实原因再回应',
    strength: { kpi: 'objections_handled', phraseZh: '异议处理率', betterZh: '高' },
    bad: 'objection_without_clarify',
    good: 'objection_with_clarify',
    source: 'team default: a clarifying question for half of the objections',
  },
  {
    metric: 'objections_resolved',
    behaviourZh: '异议化解率',
    lowerZh: '低',
    higherZh: '高',
    actionZh: '回应异议后确认一句“这样能解决您的顾虑吗？”，客户认可后再约定下一步',
    strength: { kpi: 'objections_handled', phraseZh: '异议处理率', betterZh: '高' },
    bad: 'objection_unresolved',
    good: 'objection_resolved',
    source: 'behaviours.md convention 9: resolved = not raised again and accepted or a next step agreed',
  },
  {
    metric: 'objection_latency_ms',
    behaviourZh: '异议后平均响应时长',
    lowerZh: '短',
    higherZh: '长',
    actionZh: '客户提出异议后停顿一两秒、先复述对方的顾虑再回答，不要抢话',
    bad: 'objection_instant_reply',
    good: 'objection_paused',
    source: 'Gong Labs: top reps pause about 5x longer after an objection than average reps',
  },
  {
    metric: 'next_step_proposed',
    behaviourZh: '下一步提出率',
    lowerZh: '低',
    higherZh: '高',
    actionZh: '每通电话结束前提出一个具体的下一步（演示、拜访、报价或寄样机）',
    bad: 'call_without_next_step',
    good: 'next_step',
    source: 'behaviours.md: next_step = concrete action proposed or confirmed',
  },
  {
    metric: 'next_step_dated',
    behaviourZh: '下一步明确时间比例',
    lowerZh: '低',
    higherZh: '高',
    actionZh: '提出下一步时直接给两个时间让客户选（“周三下午还是周四上午？”）',
    strength: { kpi: 'next_step_proposed', phraseZh: '下一步提出率', betterZh: '高' },
    bad: 'next_step_undated',
    good: 'next_step_dated',
    source: 'behaviours.md: next step with a concrete date',
  },
  {
    metric: 'commitment_asked',
    behaviourZh: '请求承诺比例',
    lowerZh: '低',
    higherZh: '高',
    actionZh: '约定下一步后请客户明确确认（“那我们就定在周三，您看可以吗？”）',
    strength: { kpi: 'next_step_proposed', phraseZh: '下一步提出率', betterZh: '高' },
    bad: 'next_step_without_commitment',
    good: 'next_step_with_commitment',
    source: 'team default: the rep asks the customer to confirm the next step or a decision',
  },
  {
    metric: 'talk_ratio',
    behaviourZh: '销售说话占比',
    lowerZh: '低',
    higherZh: '高',
    actionZh: '把说话占比控制在 45% 左右：每段介绍后用一个问题把话轮交还客户',
    bad: 'high_talk_ratio',
    good: 'low_talk_ratio',
    source: 'Gong Labs: rep talk ratio around 43%; above 65% calls win less',
  },
];

/** The template of a metric (every scorecard metric has one). */
export function templateFor(metric: ScoreMetric): SuggestionTemplate {
  const t = SUGGESTION_TEMPLATES.find((x) => x.metric === metric);
  if (!t) throw new Error(`no suggestion template for metric ${metric}`);
  return t;
}
