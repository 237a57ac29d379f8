import type { ObjectionType } from '../../lexicons/lexicon.schema.js';
import {
  APPROVAL_BODY,
  APPROVAL_PROCESS,
  CONSULT,
  DEGREE,
  DELIVER,
  HIGH,
  HIGH_AFTER,
  RISK,
} from './objection.words.js';
import { gap, type PatternRule, rule, seq } from './pattern.js';

/**
 * Structural objection patterns: general Mandarin shapes (a head word with its degree and hedge
 * modifiers, a decider with an approval verb, a rival with a comparison…), written as data. The
 * lexicons hold the fixed phrases; these catch their everyday variants. Industry words (approvers,
 * competitors) come from the lexicon at match time, not from here.
 */

/** When a rule only counts with extra evidence in the same utterance. */
export type ObjectionContext =
  /** a price word or an amount in the utterance */
  | 'price'
  /** a named competitor (lexicon) or a generic rival (别家, 另一家…) */
  | 'rival'
  /** no competitor in the utterance (else the competitor rules decide) */
  | 'norival'
  /** nothing else needed */
  | 'none';

export interface ObjectionRule extends PatternRule<ObjectionType> {
  readonly context: ObjectionContext;
}

const r = (
  id: string,
  kind: ObjectionType,
  source: string,
  context: ObjectionContext = 'none',
  options: Omit<PatternRule<ObjectionType>, 'id' | 'kind' | 're'> = {},
): ObjectionRule => ({ ...rule(id, kind, source, options), context });

const NUM = '[0-9一二三四五六七八九十两百千万几半]';

/** Words that make 高/超/差 talk about money. */
export const PRICE_CONTEXT =
  /价|钱|报|费|成本|预算|单价|总价|租金|万|块|元|毛|折|[0-9一二三四五六七八九十两百千]+(万|千|块|元|毛)|资金|经费|付款|押金|首付|账上/;

/** Someone other than the speaker (a rival vendor) without a brand name. */
export const GENERIC_RIVAL =
  /别家|别的(厂家|公司|品牌|供应商|家)|其他家|其他(厂家|公司|品牌|供应商)|人家|另一家|另外一家|另外几家|本地的(厂家|公司)|同行|友商|隔壁|其他几家|三家里|几家里|那家/;

/**
 * A vendor named by its place in the sentence rather than by the lexicon: 某某那边报的, 用的是某某的.
 * The name is 2-5 characters; words that are people, departments or places of the customer's own
 * side are not vendors.
 */
export const NAMED_VENDOR =
  /(?:用的是|用的|一直用|在用|换成了|合作的是|找的是)([\p{Script=Han}A-Za-z]{2,5}?)(?:的|，|。|,|$)|([\p{Script=Han}A-Za-z]{2,5}?)(?:那边|那家)(?:报的|给的|报价|给我们|卖|拿货|也来|的人|的价|都)/u;
export const NOT_VENDOR =
  /^(我们|你们|他们|咱们|客户|厂家|总部|集团|这边|财务|采购|领导|老板|工厂|市场|公司|门店|学校|医院|区里|局里|上面|下面|供应商|外面|国产|进口|以前|原来|现在|之前|去年|今年|同事|技术|质量|工程|设计|法务|销售|物流|仓库|车间|产线|他|她|人家|别家|那个|这个|一家|两家|几家|其他|别的|本地|省里|市里|县里|部门|家里)/;

/**
 * A rival in a sentence about money, beyond GENERIC_RIVAL and named vendors: a group of other
 * sellers (那几家), a name compared with (比不过某某, 跟某某持平), or a name the speaker
 * would rather keep buying from (还是先用某某的). Group 1, 2 or 3 is the name when there is one.
 */
export const PRICE_RIVAL =
  /(?:那|这|另外|其他)几家|比不过([\p{Script=Han}A-Za-z]{2,5}?)(?=[，。,.！？!?的家]|$)|(?:跟|和)([\p{Script=Han}A-Za-z]{2,5}?)(?:的)?(?:价格?|报价)?(?:持平|一样|一个价)|(?:还是|先)用([\p{Script=Han}A-Za-z]{2,4}?)的(?:吧|了|好)/u;
/** Names before a comparison that are plans, times or the speaker's own side, not a rival. */
export const NOT_PRICE_RIVAL =
  /^(?:预想|预计|预期|预算|计划|打算|想的|想象|心理|市场|行情|标准|同期|上次|上回|原先|老的|旧的|往年|别人|平时|一般|正常|原价|报价|合同|这|那|你|我|他|她)/;
/** A price said as a comparison or a figure against someone else's: no price word alone. */
export const PRICE_COMPARED =
  /贵|便宜|(?<!要求|标准|质量|效率)低|(?<!差不)多出|差价|(?:才|只要|只收|就收)[0-9一二三四五六七八九十两几]|免(?:租|单|进场)|全免|(?:租金|费|价)[^，。,.]{0,3}免/;

export function namedVendor(text: string): { name: string; index: number } | null {
  const m = NAMED_VENDOR.exec(text);
  if (!m) return null;
  const name = m[1] ?? m[2] ?? '';
  if (name.length < 2 || NOT_VENDOR.test(name) || /[我你他她们这那哪]/.test(name)) return null;
  return { name, index: m.index + m[0].indexOf(name) };
}

export const OBJECTION_RULES: readonly ObjectionRule[] = [
  // ── price ──────────────────────────────────────────────────────────────────
  r('objection.price.degree', 'price', seq([DEGREE, HIGH], 2), 'price', {
    notAfter: /^[^，。！？,.!?]{0,4}(也能接受|也可以接受|也没关系|无所谓|也行|不是问题)/,
  }),
  r('objection.price.margin', 'price', `${seq([HIGH])}(?:${HIGH_AFTER.join('|')})`, 'price', {
    notAfter: /^[^，。！？,.!?]{0,4}(也能接受|也可以接受|也没关系|无所谓|也行|不是问题)/,
  }),
  r(
    'objection.price.expectation',
    'price',
    seq(
      [
        ['比', '超出', '超过', '超了'],
        ['预想', '预期', '预算', '目标', '心理价', '想象', '估计', '计划', '打算'],
        ['高', '贵', '多', '超'],
      ],
      6,
    ),
  ),
  r(
    'objection.price.target-gap',
    'price',
    seq(
      [
        ['目标价', '心理价', '预算', '价位'],
        ['差', '离', '超'],
      ],
      6,
    ),
  ),
  r(
    'objection.price.gap-figure',
    'price',
    `差(?:了|出)?(?:将近|差不多|大概|快)?${NUM}{1,6}(?:万|千|块|元|毛|个点|分)`,
    'price',
  ),
  r(
    'objection.price.unaffordable',
    'price',
    `买不起|下不去手|拿不出|掏不出|吃不消|负担不起|承受不了|扛不住|舍不得|花不起|用不起|(?:钱|资金|现金流|账上)${gap(4)}${seq([['紧', '吃紧', '紧张', '不够', '压力大']])}`,
    'none',
  ),
  r(
    'objection.price.budget-short',
    'price',
    seq(
      [
        ['预算', '经费', '资金', '钱'],
        [
          '不够',
          '没了',
          '用完',
          '花完',
          '超了',
          '有限',
          '紧',
          '就这么多',
          '批不下来',
          '卡得死',
          // Spent or committed already: 钱上半年就花得差不多了, 经费见底了, 多出来的钱走不了账.
          '花得差不多',
          '用得差不多',
          '花光',
          '用光',
          '分完',
          '见底',
          '走不了账',
        ],
      ],
      6,
    ),
  ),
  r(
    'objection.price.discount-ask',
    'price',
    seq(
      [
        ['能不能', '可不可以', '能否', '可以', '再', '还能', '还有没有', '有没有'],
        ['便宜', '优惠', '让', '降', '少点', '少一点', '打折', '折扣', '返点', '多给', '多送', '免'],
      ],
      4,
    ),
    'none',
    { negatable: false },
  ),
  r(
    'objection.price.bare-high',
    'price',
    '(?:觉得|都觉得|确实|就是|说实话|单价|费率|价格|报价)(?:有点|太|偏)?(?:贵|高)了(?![解])',
    'price',
  ),
  r('objection.price.over-budget', 'price', '超(?:了|出|过)?(?:我们|我们的|了我们)?(?:预算|预期|心理价位)'),
  r(
    'objection.price.cannot-do',
    'price',
    '(?:这个价|这价|这个价格|这个数)(?:格)?(?:我|我们)?(?:没法做|做不了|接受不了|谈不下来|过不去|批不下来)',
    'none',
    { negatable: false },
  ),
  r(
    'objection.price.no-money',
    'price',
    '哪(?:里)?买得起|哪有(?:这笔|这个)?钱|没(?:有)?这笔钱|哪来的钱|钱(?:又)?从哪(?:里|儿)?(?:来|出)|(?:钱|资金|现金|账上)[^，。！？,.!?]{0,4}(?:周转|转)不过来',
    'none',
    { negatable: false },
  ),
  // 分批也是钱 / 月结也是钱: another way to pay still costs the same money.
  r('objection.price.still-money', 'price', '(?:也|还)是(?:一笔|要花|要给的?)?钱', 'none', {
    negatable: false,
  }),
  // 你们的价格肯定比不过某某: the price loses to a rival's (withRivalPrice adds the rival).
  r('objection.price.loses-to', 'price', '(?:价格|价钱|报价|价)[^，。！？,.!?]{0,6}比不过', 'none', {
    negatable: false,
  }),
  r('objection.price.still-high', 'price', `还是(?:太)?(?:贵|高|超)|再看看(?:价格|价钱)?$`, 'price', {
    negatable: false,
  }),
  // ── timing ─────────────────────────────────────────────────────────────────
  r(
    'objection.timing.earliest',
    'timing',
    seq(
      [
        ['最快', '最早', '至少'],
        ['也得', '也要', '得到', '要到'],
        ['月', '年', '季度', '学期', '开春', '年后', '下半年'],
      ],
      6,
    ),
  ),
  r(
    'objection.timing.later',
    'timing',
    seq(
      [
        [
          '明年',
          '下半年',
          '年后',
          '下个月',
          '下季度',
          '开春',
          '过了年',
          '过完年',
          '年底',
          '等',
          '以后',
          '回头',
        ],
        ['再说', '再看', '再考虑', '再定', '再谈', '才能', '才有', '才会', '才重新', '再议'],
      ],
      8,
    ),
  ),
  r(
    'objection.timing.not-now',
    'timing',
    seq(
      [
        ['现在', '目前', '今年', '暂时', '这阵子', '最近'],
        [
          '不考虑',
          '没打算',
          '不打算',
          '顾不上',
          '没精力',
          '腾不出',
          '抽不出',
          '没空',
          '忙不过来',
          '定了',
          '已经定',
          '报上去了',
        ],
      ],
      6,
    ),
  ),
  // ── authority ──────────────────────────────────────────────────────────────
  r(
    'objection.authority.consult',
    'authority',
    seq(
      [['得', '要', '还得', '需要', '必须', '还要', '回去'], ['跟', '和', '找', '向', '给', '同'], CONSULT],
      10,
    ),
    'none',
    {
      notBefore: /(可以|能|会|再)$/,
    },
  ),
  r(
    'objection.authority.body',
    'authority',
    `(?:上|过|提交|报|拿到|拿去上)(?:${APPROVAL_BODY.filter((b) => b !== '会').join('|')})|(?:得|要|还得|拿去)上会`,
    'none',
  ),
  r(
    'objection.authority.process',
    'authority',
    seq([['走', '过', '经过', '要走', '得走'], APPROVAL_PROCESS], 4),
  ),
  r(
    'objection.authority.not-mine',
    'authority',
    '(?:我|我们|我这边|我这儿)(?:这边|这儿)?(?:定不了|做不了主|说了不算|说的不算|改不了|决定不了|拍不了板|管不了|签不了|批不了|不管这个|不管|只能出|只负责|只能先报|只是)|一个人(?:拍不了板|定不了|做不了主|说了不算)|(?:这边|这儿)批不了|不是我一个人(?:说了算|能定|定得了|决定|能决定)|我一个人定不了|集体研究|集体决策|我没(?:有)?(?:这个)?权限',
    'none',
    { negatable: false },
  ),
  r(
    'objection.timing.wait',
    'timing',
    seq(
      [
        ['得等', '要等', '只能等', '等到'],
        ['明年', '下半年', '年后', '下个月', '下季度', '开春', '年底', '学期', '月份', '季度'],
      ],
      4,
    ),
  ),
  r(
    'objection.timing.not-soon',
    'timing',
    seq(
      [
        ['这两年', '今年', '短期内', '近期', '这一两年', '两三年'],
        ['不会', '不可能', '不打算'],
        ['动', '换', '考虑', '上', '买'],
      ],
      3,
    ),
    'none',
    { negatable: false },
  ),
  // ── need ───────────────────────────────────────────────────────────────────
  r(
    'objection.need.enough',
    'need',
    '(?:(?<!不)够用|不缺|用不上|用不着|没必要|不需要|没这个需求|没有这个需求|没需求|干嘛要?买|买(?:它|这个)?干嘛|暂时没考虑|没考虑换|没啥用|意义不大|没到非[^，。！？,.!?]{0,4}不可)',
    'none',
    {
      negatable: false,
      notBefore: /(说|觉得他们|他们说)$/,
    },
  ),
  // 没打算大动: no plan to change what they have; with a rival named the competitor rules decide.
  r('objection.need.no-plan', 'need', '没(?:有)?打算(?:大)?(?:动|换|上)', 'norival', { negatable: false }),
  r(
    'objection.need.self',
    'need',
    seq([['有', '用'], ['自己的']], 2) +
      seq([['团队', '人', '班子', '系统', '渠道', '车队', '仓库', '工厂', '部门']], 0),
    'none',
    { negatable: false, requires: /^(?!.*(?:不够|忙不过来|跟不上))/ },
  ),
  r(
    'objection.need.enough-already',
    'need',
    `${NUM}?(?:个|家|种)?(?:牌子|品牌|家|种|个)?够了|${seq(
      [
        ['买', '上', '换'],
        ['干嘛', '干什么', '有什么用', '有啥用'],
      ],
      4,
    )}`,
    'none',
    { negatable: false },
  ),
  r('objection.need.content', 'need', '(?:挺好的|挺顺的|没什么问题|没啥问题|挺满意)', 'norival', {
    negatable: false,
  }),
  // ── competitor (a rival must be in the utterance) ──────────────────────────
  r(
    'objection.competitor.compare',
    'competitor',
    `比你们|比您们|比这个|更便宜|更低|低一些|便宜一些|便宜不少|(?:报的|报价|给的|给我们的|拿货|到厂价|价格|价)${seq([['是', '才', '只', '只要', '就', '很低', '挺低', '低', '便宜']], 3)}${NUM}?`,
    'rival',
  ),
  r(
    'objection.competitor.incumbent',
    'competitor',
    `(?:一直|已经|都)?(?:用|在用|用的|合作|做|代发|买)${seq([[`${NUM}+年`, '好几年', '多年', '惯了', '挺顺', '习惯了', '顺手', '这么多年']], 4)}|用惯了|用习惯了|合作得挺好|合作好多年`,
    'rival',
  ),
  r(
    'objection.competitor.gap',
    'competitor',
    seq(
      [
        ['报的', '给的', '报价', '那边'],
        ['差了', '差', '高了', '贵了', '低了'],
      ],
      4,
    ),
    'rival',
  ),
  r(
    'objection.competitor.prefer',
    'competitor',
    '(?:没打算换|不考虑换|不想换|没必要换|不打算换|换不了|不换|更倾向|倾向于|更认|更信|统一推|统一用|指定用)',
    'rival',
    { negatable: false },
  ),
  // ── trust ──────────────────────────────────────────────────────────────────
  r(
    'objection.trust.risk-question',
    'trust',
    seq([['会不会', '能不能', '是不是', '会', '能'], RISK], 8),
    'none',
    {
      negatable: false,
      requires: /吗|么|会不会|能不能|是不是|？|\?/,
    },
  ),
  r(
    'objection.trust.doubt',
    'trust',
    seq([
      [
        '能不能保证',
        '怎么保证',
        '靠不靠谱',
        '靠谱吗',
        '稳不稳定',
        '稳定吗',
        '能保证吗',
        '保证得了',
        '有没有保障',
        '怎么保障',
        '能比吗',
        '比得了吗',
        '说明不了',
        '信不过',
        '不靠谱',
        '打个问号',
      ],
    ]),
    'none',
    { negatable: false },
  ),
  r('objection.trust.worry-question', 'trust', '会不会', 'none', {
    negatable: false,
    notAfter: /^(有优惠|便宜|打折|给|送|来|去|用|太贵|影响)/,
  }),
  r(
    'objection.trust.capability',
    'trust',
    '(?<![装交到发做赶来])得(?:出来|清楚|清|准|住|动|了)(?:吗|么)',
    'none',
    { negatable: false },
  ),
  r('objection.trust.heard-it', 'trust', '话(?:都)?是这么说|说得好听|说是这么说|谁都会说', 'none', {
    negatable: false,
  }),
  r(
    'objection.trust.fear',
    'trust',
    seq([
      [
        '怕',
        '担心',
        '担忧',
        '顾虑',
        '不放心',
        '心里没底',
        '没底',
        '不敢',
        '心里打鼓',
        '心里还是打鼓',
        '心里有点打鼓',
      ],
    ]),
    'none',
    {
      notAfter: /^(什么|啥|的是|的就是|保证)/,
      // 最怕 tells a problem; 不用担心 / 没什么好担心的 / 有什么好怕的 deny the worry.
      notBefore: /([恐哪]|最|不用|不必|无需|用不着|别|没(?:有)?(?:什么|啥)?好?|有(?:什么|啥)好)$/,
    },
  ),
  r(
    'objection.trust.unknown-vendor',
    'trust',
    `没(?:怎么)?听(?:说)?过|接触(?:得)?不多|不太了解你们|不了解你们|没合作过|第一次听|名气不大|没什么名气|小厂|小公司`,
    'none',
    { negatable: false },
  ),
  r(
    'objection.trust.blame',
    'trust',
    `${seq(
      [
        ['万一', '要是', '出了'],
        ['谁负责', '谁来负责', '谁担', '谁管', '怎么办', '怎么赔', '算谁的'],
      ],
      10,
    )}|担不起|负不起|兜不住`,
    'none',
    { conditional: false, negatable: false },
  ),
  r('objection.trust.data', 'trust', '数据安全|泄露|泄密|不能随便给', 'none', { negatable: false }),
  r(
    'objection.trust.proof',
    'trust',
    seq(
      [
        ['有没有', '有'],
        ['做过', '案例', '用过的客户', '同行用', '成功的'],
      ],
      8,
    ),
    'none',
    { negatable: false },
  ),
  // ── delivery ───────────────────────────────────────────────────────────────
  r(
    'objection.delivery.keep-up',
    'delivery',
    `来得及吗|赶得上吗|跟得上吗|能按时|${seq([['能', '能不能', '保证'], DELIVER, ['吗', '么']], 8)}`,
  ),
  r(
    'objection.delivery.in-time',
    'delivery',
    `来得及${seq([['吗', '么']], 0)}|来得及${seq([DELIVER, ['吗', '么']], 6)}|${seq(
      [
        ['能保证', '保证得了', '能不能保证'],
        ['吗', '么', ''],
      ],
      1,
    )}(?=.*)`,
    'none',
    {
      negatable: false,
      requires: /交期|工期|到货|投产|上线|交付|完工|开业|开学|进场/,
    },
  ),
  r(
    'objection.delivery.too-long',
    'delivery',
    seq(
      [
        ['交期', '工期', '周期', '货期', '到货', '交货', '实施', '部署'],
        ['太长', '长了', '太慢', '慢了', '等不了', '来不及', '拖', '赶不上'],
      ],
      4,
    ),
  ),
  r(
    'objection.delivery.redo',
    'delivery',
    seq(
      [
        ['都得', '又得', '还得', '都要', '又要', '得'],
        ['重新'],
        ['办', '培训', '调试', '验厂', '安装', '布线', '认证', '适配', '走', '标定', '对接'],
      ],
      4,
    ),
  ),
  // A deadline doubt about getting goods to the site (二十天能到工地吗, 门店你们能送到吗).
  r(
    'objection.delivery.reach',
    'delivery',
    `${seq([['能'], ['送到', '运到', '到工地', '到现场', '送过来', '运过来', '送得到', '到得了']], 8)}${gap(4)}(?:吗|么)`,
    'none',
    // 什么时候能送到 asks for a date, doubting nothing.
    { negatable: false, notBefore: /(什么时候|啥时候|多久|几时|几号|哪天|多长时间|何时)$/ },
  ),
  // 一天都停不了 / 一停升温又得两天 / 停一天就交不上货: the install would stop their operation.
  r(
    'objection.delivery.stoppage',
    'delivery',
    `(?:${NUM}(?:个)?(?:天|小时|分钟|班|晚上?)|一下|一会儿?)都停不(?:了|起)|停不起|(?:一|每)停${gap(6)}(?:就|又得|又要|还得)|停(?:了|一|两|三|半|几)(?:个)?(?:天|小时|周|班)?${gap(6)}(?:就(?:停|交不上|压|全|没|是|乱)|损失|产值|交不上)`,
    'none',
    {
      negatable: false,
      // The stop is the install's: a stoppage told as a past breakdown (车停一天就损失) is a problem.
      requires:
        /安装|装的时候|装机|改造|迁移|切换|上线|施工|实施|调试|割接|停不了|停不起|停多久|要停|停线|停气|停电/,
    },
  ),
  // 断了货咋弄 / 补货晚了怎么办: a supply failure asked about.
  r(
    'objection.delivery.supply-what-if',
    'delivery',
    seq(
      [
        ['断货', '断了货', '缺货', '没货', '供不上', '送不到', '到不了', '晚到', '延误', '晚了'],
        ['咋弄', '咋办', '怎么办', '怎么弄', '谁负责', '谁赔'],
      ],
      6,
    ),
    'none',
    { negatable: false, conditional: false },
  ),
  // A schedule told as a past overrun (拖了快两个月, 光接口就调了四个月) or judged risky (那太悬了).
  r(
    'objection.delivery.overrun',
    'delivery',
    `拖了(?:快|将近|差不多|整整|好)?${NUM}{1,3}(?:个多|多个|个)?(?:月|星期|礼拜|周)|光${gap(6)}就(?:调|搞|弄|装|做|折腾|对接)了(?:快|将近|差不多|整整|好)?${NUM}{1,3}(?:个多|多个|个)?(?:月|星期|礼拜|周)|(?:进场|装完|装好|到货|交货|上线|完工|交付|调试)[^。]{0,8}(?:太|有点|挺)悬`,
    'none',
    // 货款拖了两个月: money paid late is no delivery.
    { negatable: false, notBefore: /(款|钱|账|工资|费)$/ },
  ),
  // ── structural doubts about the seller (trust) ─────────────────────────────
  // 你说不会就不会啊 / 你说一百万就一百万: the customer does not take the claim on the seller's word.
  // 你说周三就周三吧 agrees: 吧 / 呗 / 行 after it is no doubt.
  r('objection.trust.your-word', 'trust', '你(?:们)?说([^，。！？,.!?]{1,4})就\\1', 'none', {
    negatable: false,
    echo: false,
    notAfter: /^(?:吧|呗|了|行|好|呗)/,
  }),
  // 那是你们说的 / 五年那也是你们自己说的: a figure that is only the seller's claim.
  r(
    'objection.trust.only-claimed',
    'trust',
    '(?:那|这)(?:也|都|只|还)(?:是|都是)你们(?:自己)?说的|是你们自己说的',
    'none',
    {
      negatable: false,
    },
  ),
  // 扛不扛得住 / 靠不靠得住 / 担不担得起: an A-not-A doubt about the seller's capacity.
  r('objection.trust.hold-up', 'trust', '(扛|担|靠|顶|撑|兜|hold)不\\1得(?:住|起)', 'none', {
    negatable: false,
  }),
  // 真出了岔子，你们又不赔: who answers for a failure (the clause may end before the question).
  r(
    'objection.trust.liability',
    'trust',
    `(?:出了|出)(?:事|岔子|问题|差错|事故)[^。！？!?；;]{0,10}(?:不赔|赔不赔|谁赔|扛得住|谁担|负不负责|谁负责|要赔|得赔|赔不起)`,
    'none',
    { negatable: false, conditional: false },
  ),
  // 说是质保两年结果一年不到就坏了 / 说得天花乱坠用了半年就老报错: a vendor's promise broken before.
  r(
    'objection.trust.broken-promise',
    'trust',
    `(?:说是|说好|说得|也说|拍胸脯|打包票|吹得)(?!${NUM}{1,3}(?:个)?(?:天|周|月|星期|礼拜))[^。！？!?；;]{0,18}(?:结果|最后|后来|用了${NUM}{0,3}(?:个)?(?:天|月|年|半年)?就)[^。！？!?；;]{0,16}(?:坏|报错|不走字|打不通|找不到|不接|不管|跑了|没多卖|没效果|不行了|出问题|走了)`,
    'none',
    { negatable: false, conditional: false },
  ),
  // 效果能一样吗 / 质量比得上吗: a doubt about the product against what they know.
  r(
    'objection.trust.same-question',
    'trust',
    `(?:效果|质量|品质|性能|精度|寿命|做工)${gap(4)}(?:能|会)?(?:一样|比得上|比得了|跟得上)(?:吗|么|？|\\?)`,
    'none',
    { negatable: false },
  ),
  // 说得轻松 / 谁都会做: the claim is easy to make.
  r('objection.trust.easy-said', 'trust', '说得(?:轻松|轻巧|容易)|谁都会(?:做|讲|吹|弄)', 'none', {
    negatable: false,
  }),
  // ── timing ─────────────────────────────────────────────────────────────────
  // 今年确实不是时候 / 等明年再上 / 年前别指望.
  r('objection.timing.bad-moment', 'timing', '不是时候|时机不对|时候不对', 'none', { negatable: false }),
  r(
    'objection.timing.wait-then',
    'timing',
    seq(
      [
        ['等'],
        ['明年', '下半年', '年后', '开春', '过了年', '过完年', '下个月', '下季度', '以后'],
        ['再上', '再买', '再弄', '再换', '再装', '再做', '再定', '再上马'],
      ],
      4,
    ),
  ),
  r(
    'objection.timing.dont-expect',
    'timing',
    seq(
      [
        ['年前', '今年', '短时间', '短期内', '这两年', '近期', '最近', '年底前', '月底前', '这个月'],
        ['别指望', '甭指望', '不用指望'],
      ],
      8,
    ),
    'norival',
    { negatable: false, notAfter: /^[^，。！？,.!?]{0,3}换/ },
  ),
  // ── need ───────────────────────────────────────────────────────────────────
  // 不一定非得外协 / 凑合着也能用 / 维持现状 / 对我们用处不大.
  r(
    'objection.need.not-necessary',
    'need',
    '不一定(?:非得|非要)|不是非(?:得|要)|用处不大|作用不大|帮助不大|没多大用|凑合(?:着)?(?:也)?能用|维持现状|现在也能用|就不一定(?:花|买|上|要|换|做)了',
    'norival',
    { negatable: false },
  ),
  // ── authority ──────────────────────────────────────────────────────────────
  // 这个不是药剂科能定的 / 科里推荐了也不算数 / 我跟他说了也白说.
  r(
    'objection.authority.not-theirs',
    'authority',
    '不是[^，。！？,.!?还也]{1,6}(?:能|可以|一个人能)(?:定|决定|拍板|做主|说了算)|(?:推荐|说|报|提)了?也(?:不算数|白说|没用|不算)',
    'none',
    { negatable: false },
  ),
  // ── types told without the usual words (issue 11, second pass) ─────────────
  // 这个投入太大了 / 代价有点大: the outlay itself is too much (not 成本高, which is often a pain).
  r(
    'objection.price.outlay',
    'price',
    '(?:投入|投资|代价|开销)(?:也|还是|实在|确实)?(?:太|有点|有些|也太|实在太|过于)(?:大|高|多)',
    'none',
    {
      negatable: false,
    },
  ),
  // 盘子年初就分完了: the year's budget pool (盘子) already shared out (not a plate 不够大).
  r('objection.price.pool-spent', 'price', `盘子${gap(4)}(?:分完|用完|花完|定死|见底|分光|用光)`, 'none', {
    negatable: false,
  }),
  // 能不能回本 / 回不了本 / 收得回来吗: a doubt that the money comes back is about the price.
  r(
    'objection.price.payback',
    'price',
    '(?:能不能|能否|不一定|未必|很难|难以?)(?:回本|回得来|收得回|赚得回|收回成本)|回不了本|回不来本|回不回得来|回得来吗|回得了本吗',
    'price',
    { negatable: false },
  ),
  // 合同还有四个月才到期: the current contract holds them until a date (a bare 合同没到期 says
  // they are bound to the incumbent, which the competitor rules read).
  r(
    'objection.timing.contract-running',
    'timing',
    '(?:合同|合约|协议|租约|租期|年框)(?:还有|还剩|还得|还要)[^，。！？,.!?]{0,8}(?:才)?(?:到期|结束)',
    'none',
    { negatable: false },
  ),
  // 要等管委会开了会定了再说 / 董事会下个月才开 / 股东会一年就开两次: a decision that waits for a
  // committee's meeting.
  r(
    'objection.authority.meeting',
    'authority',
    `(?:${APPROVAL_BODY.filter((b) => b.length > 1).join('|')}|会议(?!室|纪要|记录|桌)|委员会|管委会|合伙人会)[^。！？!?]{0,10}(?:才开|开了会|开完|开会|开(?:[一两三几]|好几)次|定|决定|拍板|通过|研究)`,
    'none',
  ),
  // 没法跟老板交代 / 怎么跟领导解释: the speaker answers to someone above.
  r(
    'objection.authority.answer-to',
    'authority',
    '(?:没法|没办法|不好|怎么|咋)(?:跟|向|给|对)(?:老板|领导|上面|上级|总部|集团|股东|院长|校长|局里|家里)(?:那边)?(?:交代|交待|解释)|(?:跟|向|对)(?:老板|领导|上面|上级)(?:那边)?交代不了',
    'none',
    // After a price complaint (差十几块…没法跟领导交代) the boss is the price's witness, not its decider.
    { negatable: false, requires: new RegExp(`^(?![^]*(?:${PRICE_CONTEXT.source}|贵))`) },
  ),
  // 有没有这个必要 / 有啥必要 / 锁不锁都一样: whether it is needed at all.
  r(
    'objection.need.worth-it',
    'need',
    '有没有(?:这个)?必要|有(?:这个)?必要吗|有(?:啥|什么)必要|(\\p{Script=Han})不\\1都一样',
    'none',
    {
      negatable: false,
    },
  ),
  // 得试了才知道 / 用过才清楚: the effect is not believed before it is seen.
  r(
    'objection.trust.see-first',
    'trust',
    '(?:试|用)(?:了|过)(?:以后|之后)?才(?:知道|晓得|清楚|能说)',
    'none',
    {
      negatable: false,
      // 用了才知道这么方便 praises what was tried.
      notAfter: /^(?:原来|这么|真|确实|有多)/,
    },
  ),
  // 那也得压一百多万 / 还得压上几十万: money the deal would tie up (得/要 before it: a stock that 压了两百万
  // is a pain told, not this deal's cost).
  r(
    'objection.price.tied-up',
    'price',
    `(?:得|要)压(?:上|进去)?(?:${NUM}+多?(?:万|千)|不少钱|一大笔)`,
    'none',
    { negatable: false },
  ),
  // 就是个花架子 / 中看不中用: the product is judged all show (a doubt about what it delivers).
  r('objection.trust.all-show', 'trust', '花架子|噱头|华而不实|中看不中用', 'none', { negatable: false }),
  // 十天我不太信 / 两周？我是不信: a lead time the seller promised, doubted (a duration, then at most the
  // speaker and 是/可/真 before the disbelief: 一个月回本我不信 doubts a payback, not a delivery).
  r(
    'objection.delivery.lead-time-doubt',
    'delivery',
    `${NUM}{1,3}(?:个)?(?:天|周|星期|礼拜|月)(?:我|我们|咱)?(?:是|可|真|还是)?(?:不太|不大|不怎么|不)(?:信|相信)`,
    'none',
    { negatable: false },
  ),
  // 装的时候不能耽误营业 / 施工别耽误进出: the install must not hold up their work.
  r(
    'objection.delivery.hold-up',
    'delivery',
    '(?:装|安装|施工|改造|切换|上线|实施|进场)[^。！？!?]{0,10}耽误',
    'none',
    {
      negatable: false,
    },
  ),
  // ── competitor ─────────────────────────────────────────────────────────────
  // 顾客认它 / 超市认的是牌子 / 医生认某某: the buyer's own customers prefer the known brand.
  r(
    'objection.competitor.their-buyers',
    'competitor',
    '(?:客户|顾客|医生|超市|市场|老百姓|消费者|用户|终端|门店)(?:那边)?(?:都|就|只|比较|更|还是)?认(?!不|识|为|真|得|错|定|证|同|购|准|领|了|可|账)',
    'none',
    { negatable: false },
  ),
  r('objection.competitor.thinks-better', 'competitor', `(?:还是|更|都)(?:会)?觉得${gap(6)}的好`, 'rival', {
    negatable: false,
  }),
  r(
    'objection.competitor.no-other',
    'competitor',
    '不(?:另外|再)找|不另找|不想再(?:多)?加(?:一家|别家)|不想再多加',
    'rival',
    { negatable: false },
  ),
];

/**
 * What a worry is about when it is about delivery rather than the seller's quality (behaviours.md:
 * delivery = delivery time, implementation or logistics): the schedule, supply, transport,
 * installation or cut-over (not what happens after go-live, which is quality). A trust objection's
 * worry (万一, 怕, 能保证吗, 不放心) over these words is a delivery objection too.
 */
export const DELIVERY_WORRY_TOPIC =
  /交期|工期|货期|到货|交货|发货|供货|断货|断供|缺货|补货|产能|排产|排期|拖期|延期|拖(?:了|工期|进度)|赶不上|来不及|赶不及|跟不上趟|(?:上线|切换|割接|迁移|安装|调试|进场)(?!以后|之后|后)|(?<!刚)装的时候|冷链|(?:[点号底](?:之|以)?前)(?:得|要|必须)?(?:到|交|装)/u;

/**
 * Everyday vocabulary of each objection type (a price word, an approver, a postponement…): the
 * second stage's type for an utterance is taken only when the utterance holds a word of that
 * type, unless the model is very sure. Character n-grams alone mix the types up (a worry about
 * money read as trust, an approver's name read as price). Competitors also count when the lexicon
 * or NAMED_VENDOR finds one (see the detector).
 */
export const TYPE_EVIDENCE: Readonly<Record<ObjectionType, RegExp>> = {
  price: new RegExp(
    `贵|价|钱|预算|便宜|优惠|折|费|成本|利息|利率|付款|首付|账期|返点|资金|经费|投入|投资|划算|${NUM}+(?:万|千|块|元|毛|个点)`,
    'u',
  ),
  timing:
    /明年|今年|下个?月|下半年|年后|年底|季度|以后|回头|过段时间|过阵子|暂时|不急|不着急|再说|再看|再考虑|时机|顾不上|现在不|等.{0,6}(?:再|之后|以后|完)/u,
  authority:
    /领导|老板|总经理|董事|上面|上级|总部|集团|院长|校长|局里|区里|审批|批|汇报|商量|请示|拍板|说了算|签字|流程|招标|上会|委员会|办公会|定不了|做不了主|同意|交代|法务/u,
  need: /不需要|用不上|用不着|没必要|够用|不缺|已经有|有自己的|挺好|没问题|不用|没意义/u,
  competitor: /别家|其他家|同行|友商|在用|合作|一直用|那家|那边|人家|换/u,
  trust:
    /担心|怕|放心|靠谱|保证|保障|质量|稳定|安全|风险|案例|口碑|售后|出问题|坏|会不会|能不能|信|没听说|实力|资质|效果|认不认|死机|卡住/u,
  delivery:
    /交期|工期|周期|到货|交货|发货|交付|安装|上线|实施|部署|来得及|赶得上|跟得上|多久|多长时间|等不了|培训|调试|停产|停机|停电|进场/u,
};
