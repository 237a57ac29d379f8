import { gap, type PatternRule, rule, seq } from './pattern.js';

/**
 * Structural patterns of a customer telling a problem (an implicit need) in everyday words:
 * a trigger with its consequence (一到旺季就…), a frequency with a bad outcome (经常…坏), a numeric
 * or physical limit (只剩…, 才…), a bad outcome told as what happened (被退回来, 卡死了). General
 * Mandarin, written as data; the industry lexicon's `need` terms stay the first evidence.
 */
export type NeedKind = 'need.implicit';

/** Bad outcomes: what goes wrong for the customer. */
export const OUTCOME = [
  '卡死',
  '卡住',
  '卡了',
  '卡顿',
  '死机',
  '退回',
  '退货',
  '拒收',
  '差评',
  '投诉',
  '扣了',
  '扣分',
  '罚款',
  '罚了',
  '赔了',
  '赔进去',
  '漏',
  '丢',
  '坏',
  '磕坏',
  '出错',
  '录错',
  '搞错',
  '弄错',
  '返工',
  '报废',
  '超标',
  '限产',
  '停产',
  '停线',
  '停机',
  '排满',
  '排队',
  '发黄',
  '发白',
  '变形',
  '开裂',
  '生锈',
  '掉线',
  '断网',
  '断了',
  '看不清',
  '看不太清',
  '跟不上',
  '忙不过来',
  '顾不过来',
  '来不及',
  '吃力',
  '费劲',
  '折腾',
  '麻烦',
  '头疼',
  '头大',
  '烦死',
  '老大难',
  '难受',
  '吵',
  '骂',
  '催',
  '堵',
  '压车',
  '压货',
  '积压',
  '过期',
  '缺货',
  '断货',
  '断供',
  '不准',
  '对不上',
  '不够用',
  '不够',
  '紧张',
  '超期',
  '延误',
  '拖了',
  '拖到',
  '慢',
  '挤',
  '漏单',
  '错单',
  '差评',
  '严重',
  '赔钱',
  '亏钱',
  '打水漂',
  '白干',
  '白跑',
  '耽误',
  '降权',
  '限流',
  '违规',
  '留不住',
  '招不到',
  '招不上',
  '走人',
  '超了',
  '闲着',
  '闲置',
];

/** A trigger: whenever this happens… (一到冬天, 一开机, 赶上周末). */
const TRIGGER = `(?:一(?:到|遇到|赶上|开|下|刮|降|忙|多|大|停|上|走|来|冷|热|涨)|赶上|遇到|碰到|每到|每逢|只要)`;

/** How often something goes wrong. */
export const FREQUENCY = [
  '经常',
  '老是',
  '总是',
  '动不动',
  '天天',
  '时不时',
  '隔三差五',
  '三天两头',
  '每次',
  '每个月',
  '一个月',
  '一周',
  '常常',
  '往往',
  '动辄',
  '回回',
  '有时候',
  '偶尔',
  '老',
];

/** Limits: only so much of a resource is left. */
const LIMIT = ['只剩', '就剩', '只剩下', '只有', '就只有', '才', '最多', '顶多', '仅'];
/** Space, power and people: physical limits (not prices or durations, which are other talk). */
const RESOURCE =
  /[0-9一二三四五六七八九十两百千万几半]+(?:个人|名|位|间|平米|平方|米|毫米|公分|厘米|千瓦|个U|U|个机柜|个工位|个车位)/;

/** A load that multiplies when the trigger comes (一到大促咨询量翻五倍): the trigger's consequence. */
const SURGE = '(?:翻(?:了)?(?:一|两|三|四|五|六|七|八|九|十|几|好几|\\d)?倍|暴涨|暴增|激增|猛增)';

/** An amount of money, as said: 十几万, 三千多块, 两个点. */
const AMOUNT = '[0-9一二三四五六七八九十两百千万几]+(?:多|来)?(?:万|千|块|元|个点)';

/** A stretch of time, as said: 半年, 三个多月, 好几天, 两次. */
const DURATION =
  '(?:半(?:个)?(?:年|月|天)|(?:[0-9一二三四五六七八九十两百几]+|好几)(?:个)?多?(?:年|月|星期|礼拜|周|天|小时|次|回|趟))';

/**
 * Work that should have ended by now: waited, chased, fixed or negotiated for so long and still
 * not done (改了半年了还没定型, 等了三个月都没到, 修了两次还没好).
 */
const DRAWN_OUT_VERB = '(?:改|等|拖|催|修|调|谈|批|报|审|排|跑|找|申请|对接|磨)';

/** Money or time tied up each time something happens: 一垫就是二三十万, 一停就是两天. */
const TIED_UP_VERB = '(?:等|停|拖|压|垫|欠|占|排|堵|耽误|关)';

/** A measured drop in output or supply: 单产掉两三公斤, 一天少两吨多奶, 产量降了三成. */
const DROP_UNIT = '(?:吨|斤|公斤|千克|成|个点|方|车|箱|件|单|度)';

/**
 * Rules read only as written, left out of the alphabet of characters read by sound (need.heard.ts):
 * their verbs and units (等, 关, 度, 点…) share sounds with the characters of other markers (堵,
 * 管, 垫), and taking them in would stop those markers being heard.
 */
export const WRITTEN_ONLY: ReadonlySet<string> = new Set([
  'need.if-continues',
  'need.drawn-out',
  'need.tied-up',
  'need.drop',
]);

export const NEED_RULES: readonly PatternRule<NeedKind>[] = [
  // How bad it is, graded (最严重, 越来越严重): a problem the customer measures.
  rule('need.severity', 'need.implicit', '(?:最|很|挺|特别|比较|太|越来越|非常)严重', {
    notAfter: /^(?:吗|么)/,
  }),
  // Money already lost, with its amount (赔了业主十几万, 一年亏了一百多万); not 赔付 (an insurance payout).
  rule(
    'need.loss',
    'need.implicit',
    `(?<![理索])(?:赔|亏|损失|罚)(?![付率偿赔款])(?:了|掉)?${gap(4)}${AMOUNT}`,
    {
      notBefore: /(?:不会|不能|不至于|不怕|不用|别)$/,
    },
  ),
  rule('need.trigger-consequence', 'need.implicit', `${TRIGGER}${gap(8)}就${gap(12)}`, {
    negatable: false,
    requires: new RegExp(OUTCOME.join('|')),
  }),
  rule('need.trigger-surge', 'need.implicit', `${TRIGGER}${gap(8)}${SURGE}`, { negatable: false }),
  // If this goes on (再这样下去…就): a problem the customer already lives with, said as a threat.
  rule('need.if-continues', 'need.implicit', `再(?:这样|这么)(?:下去)?(?:的话)?[，,]?${gap(10)}就`, {
    negatable: false,
    conditional: false,
  }),
  rule(
    'need.drawn-out',
    'need.implicit',
    `${DRAWN_OUT_VERB}了(?:快|差不多|都|好)?${DURATION}(?:了)?${gap(2)}(?:还|都|也)(?:没|不)`,
    {
      negatable: false,
    },
  ),
  rule('need.tied-up', 'need.implicit', `一${TIED_UP_VERB}就是${gap(2)}(?:${AMOUNT}|${DURATION})`, {
    negatable: false,
  }),
  rule(
    'need.drop',
    'need.implicit',
    `(?:少|掉|降|减产)了?[0-9一二三四五六七八九十两百千万几]+多?${DROP_UNIT}`,
    {
      notBefore: /(?:至|多|最|能|可以|会|不|减|要)$/,
    },
  ),
  // Pressure told as its size (压力很大, 资金压力也大, 负担太重): a difficulty, asked for nothing.
  rule(
    'need.pressure',
    'need.implicit',
    '(?:压力|负担)(?:也|都|就)?(?:很|太|挺|特别|非常|比较|真的|实在)?(?:大|重)',
    {
      notAfter: /^(?:吗|么|不大|不重)/,
    },
  ),
  rule('need.frequency-outcome', 'need.implicit', seq([FREQUENCY, OUTCOME], 10), { negatable: false }),
  rule('need.bad-outcome', 'need.implicit', seq([['被', '给', '让', '都', '直接', '又', '还'], OUTCOME], 6), {
    notAfter: /^(吗|么|不)/,
  }),
  rule('need.limit', 'need.implicit', `(?:${LIMIT.join('|')})${RESOURCE.source}`, { negatable: false }),
  rule(
    'need.inability-hedged',
    'need.implicit',
    '[\\p{Script=Han}]不(?:太|大|怎么)(?:清|动|上|下|了|好用|灵|准|稳)',
    {
      negatable: false,
    },
  ),
  rule(
    'need.hard',
    'need.implicit',
    seq([['很难', '挺难', '太难', '特别难', '做不到', '搞不定', '弄不了', '管不过来']]),
    {
      negatable: false,
      notAfter: /^(说|讲|怪|免|得|过$)/,
      notBefore: /(也不|并不|没那么|不是很|不算)$/,
    },
  ),
];
