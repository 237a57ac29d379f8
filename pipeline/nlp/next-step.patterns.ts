import { gap, type PatternRule, rule, seq } from './pattern.js';

/**
 * Structural next-step patterns: a time with the rep's own action (下周二我带工程师过来), a
 * deliverable in a 把-construction far from its verb (我把报价和方案一起发到您邮箱), the rep
 * confirming a time (那就周三下午两点), a trial proposed (您挑几个件寄过来…我们打个样). General
 * Mandarin, written as data; the lexicon's action words stay the first evidence.
 */
export type NextStepKind = 'dated' | 'committed';

/** A point in time ahead: days, weeks, clock times, before-deadlines. */
export const AHEAD =
  '(?:今天|明天|后天|明早|今晚|这周[一二三四五六日天]?|本周[一二三四五六日天]?|下(?:个)?(?:周|礼拜|星期)[一二三四五六日天]?|(?:周|礼拜|星期)[一二三四五六日天]|下个月(?:初|中|底|中旬|下旬)?|月(?:初|底)|[一二三四五六七八九十0-9]{1,2}(?:月|号|日)|[上下]午|下班前|晚上|中午|[一二三四五六七八九十两0-9]{1,2}点(?:半)?)';

/** The rep's own doing that moves the deal: go, bring, send, meet, try, call. */
const DO = [
  '过来',
  '过去',
  '过去一趟',
  '过来一趟',
  '到您',
  '到贵',
  '到你们',
  '上门',
  '去您',
  '去你们',
  '来您',
  '拜访',
  '发到',
  '发给',
  '发您',
  '发过去',
  '送到',
  '送过去',
  '送过来',
  '寄过去',
  '寄给',
  '寄到',
  '带着',
  '带上',
  '带',
  '约',
  '碰一下',
  '碰个',
  '碰',
  '见面',
  '过一遍',
  '讲讲',
  '演示',
  '试跑',
  '试发',
  '试用',
  '打个样',
  '打样',
  '测一下',
  '跑一遍',
  '打电话',
  '给您电话',
  '办卡',
  '做出来',
  '出一份',
  '出个',
  '拿给您',
  '拿过来',
  '准备好',
  '安排',
];

const PAST_BEFORE = /(上周|上礼拜|上个月|昨天|前天|已经|刚才|刚刚|之前|那天)[^，。！？,.!?]{0,12}$/;

export const NEXT_STEP_RULES: readonly PatternRule<NextStepKind>[] = [
  // 下周二我带工程师过来 / 周四中午之前，我把成本分解表发到您邮箱
  rule('next_step.time-action', 'dated', `${AHEAD}${gap(10)}(?:我|我们|咱们)${gap(14)}${seq([DO])}`, {
    negatable: false,
    notBefore: PAST_BEFORE,
    notAfter: /^[^，。！？,.!?]{0,3}(了|过)/,
  }),
  // 我把锁价和承兑写成报价函，今天下班前发您邮箱
  rule(
    'next_step.ba-deliverable',
    'committed',
    `(?:我|我们)(?:先|再|回去|今天|明天|这就)?把${gap(24)}${seq([['发', '送', '寄', '带', '拿', '做', '整理', '写', '放', '出']])}`,
    {
      negatable: false,
      notBefore: PAST_BEFORE,
      notAfter: /^[^，。！？,.!?]{0,4}(了(?!解)|过)/,
    },
  ),
  // (好的，)那就下周三下午两点 / 就定周五上午
  rule('next_step.confirm-time', 'dated', `(?:那就|就定|定在|那定|那我们就|就按)${gap(2)}${AHEAD}`, {
    negatable: false,
  }),
  // 要不这样，我带飞机到您田里飞一下 / 要不我先给您寄个样品
  rule(
    'next_step.offer',
    'committed',
    `(?:要不|要不然|不如|我建议|建议)(?:这样)?${gap(4)}(?:我|我们|您)${gap(16)}${seq([DO])}`,
    {
      negatable: false,
    },
  ),
  // 您挑二三十个件寄过来，我们打个样 / 先拿一条线试一个月
  rule('next_step.trial', 'committed', `(?:先|可以)?(?:拿|挑|选)${gap(12)}(?:试|打样|打个样|测)`, {
    negatable: false,
  }),
  // 可以先送二十件样品您装上看看 / 不妨先在一个门店试点两周: a trial or sample offered, in one clause
  rule(
    'next_step.trial-offer',
    'committed',
    `(?:可以|不妨)先${gap(14)}(?:试用|试点|试跑|试做|试销|试装|试一|试试|样品|样件|样机|样片|小样|打样|打个样)`,
    { negatable: false },
  ),
];
