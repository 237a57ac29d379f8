import type { ObjectionMatch } from './objection.detector.js';
import { NOT_VENDOR, namedVendor } from './objection.patterns.js';
import type { PreparedUtterance } from './prepare.js';
import { termsOf } from './prepare.js';
import type { TagResult } from './types.js';

type Evidence = TagResult['evidence'][number];

/** A name as speech has it: 2-6 Chinese characters, or a Latin word. */
const NAME = String.raw`[\p{Script=Han}]{2,6}?|[A-Za-z][A-Za-z0-9]{2,15}`;
/** Words that open a clause (time adverbs, hedges, fillers): a name may follow them. */
const CLAUSE_OPENERS =
  '现在|目前|之前|原来|以前|去年|前年|其实|说实话|那个|主要是|一直是|都是|像|而且|但是|不过|可是';
/**
 * Where a name may start: the start of a clause, or (ASR text has no punctuation) right after a
 * word that opens one: a time adverb, a hedge, a filler.
 */
const CLAUSE_START = String.raw`(?<=^|[，。！？、；,.!?;\s…]|${CLAUSE_OPENERS})`;
const NUMBER = '[零一二两三四五六七八九十百千万\\d]';
/** A rival's price cited: 某某报的六千二, 某某给我的到厂价是八百三, 某某的我们现在拿一万四. */
const RIVAL_PRICE = new RegExp(
  `${CLAUSE_START}(${NAME})(?:那边|那家)?(?:报的|报了|报价|给我的|给我们的|给的|给我们|的我们现在拿|的现在拿)[^，。！？]{0,6}?${NUMBER}`,
  'u',
);
/** The incumbent's price, unnamed: 现在那家给我们是两块九. */
const INCUMBENT_PRICE = new RegExp(
  `(?:现在|原来|之前|以前)(?:那家|的供应商|用的那家)(?:报的|给我们|给我的|给的)[^，。！？]{0,6}?${NUMBER}`,
  'u',
);
/** A rival who came calling: 某某是来做过方案, 某某最近也在找我们谈, 某某的人年前也来了. */
const RIVAL_VISIT = new RegExp(
  `${CLAUSE_START}(${NAME})(?:的人|那边)?(?:最近|之前|去年|年前|前两年|上个月|前阵子)?(?:也|都)?(?:是)?(?:来做过|来谈过|来报过|来推过|在找我们|找过我们|来找过|来过)`,
  'u',
);
/** Two brands named together and counted: 甲和乙两个牌子. */
const BRAND_PAIR = new RegExp(
  `(?<=^|[，。！？、；,.!?;\\s有是用卖进])(${NAME})(?:和|跟|、)(${NAME})(?:了|的)?[，,]?(?:这)?(?:两|几)(?:个)?(?:牌子|品牌|家)`,
  'u',
);
/** Compared with a rival by name: 跟某某比, 和某某的一比, 某某家的比你们便宜, 比某某的贵. */
const RIVAL_COMPARED = new RegExp(
  [
    `(?:跟|和|同|与)(${NAME})(?:的|家的|那家|那边)?(?:比|相比|对比|一比|比起来|比的话)`,
    `${CLAUSE_START}(${NAME})(?:的|家的|那家的|那边的)?(?:产品|设备|东西|货|价格|价钱)?比(?:你们|您们|咱们|你家)`,
    `比(${NAME})(?:的|家的|那家的)(?:便宜|贵|好|差|强|快|慢|低|高)`,
  ].join('|'),
  'u',
);
/** The incumbent who supplies: 某某给我们配了五年了, 某某一直给我们供货. */
const RIVAL_SUPPLIES = new RegExp(
  `${CLAUSE_START}(${NAME})(?:一直|这几年|多年|长期)?(?:给我们|给咱们|跟我们)(?:配|供|做|送|干|合作)[^，。！？]{0,8}?(?:[一二两三四五六七八九十几多\\d]+年|好多年|很多年|好几年)`,
  'u',
);
/** The incumbent by what it does for the customer: 跟某某合作了三年, 现在是某某在做, 某某的系统我们用了五年. */
const RIVAL_INCUMBENT = new RegExp(
  [
    `(?:跟|和|与)(${NAME})(?:一直|已经|之前|以前)?(?:合作|签了|签的|签约)`,
    `(?:现在|目前|之前|以前|原来|一直|都)(?:是|找的|找)(${NAME})(?:在做|做的|给我们做|帮我们做|在服务|服务的)`,
    `${CLAUSE_START}(${NAME})的(?:产品|设备|系统|软件|机器|平台)(?:我们)?(?:用过|在用|用了|一直在用|用着)`,
  ].join('|'),
  'u',
);
/** Where the customer buys or outsources a part today: 外协…腔体主要在某某, 都是找某某做的. */
const SOURCED_AT = new RegExp(
  `(?:主要|一直|全都|都|全|基本)(?:在|找|从)(${NAME})(?:那边|那里|那儿)?(?:做|加工|拿货|进货|拿|买|采购|订|外协)?(?:的)?(?=[，。！？,.!?；;]|$)`,
  'u',
);
/** Buying, making or supplying words that make a place in SOURCED_AT a vendor rather than a site. */
const SOURCING = /外协|外包|代工|采购|供应商|供货|拿货|进货|加工/;
/** A place, not a vendor: a city or province, or a name ending as places do. */
const PLACE =
  /^(?:北京|上海|天津|重庆|广州|深圳|杭州|苏州|南京|无锡|常州|宁波|温州|昆山|东莞|佛山|中山|珠海|厦门|福州|泉州|青岛|济南|烟台|潍坊|郑州|武汉|长沙|成都|西安|合肥|南昌|沈阳|大连|长春|哈尔滨|石家庄|太原|昆明|贵阳|南宁|兰州|乌鲁木齐|本地|当地|省内|省外|国内|国外|外地|附近|江浙|珠三角|长三角)|[省市县区镇村乡]$/;
/** A rival with a price, unnamed: 有一家做视觉的也来了，报的一条线十二万. */
const UNNAMED_RIVAL_PRICE = new RegExp(
  `(?:有一家|有家|有个厂家|另一家|另外一家|另外两家|其他家|别家|别的厂家|别的公司)[^。！？]{0,16}?(?:报(?:的|了|价)|开价|给的价|卖)[^。！？]{0,8}?${NUMBER}`,
  'u',
);
/** Nouns a frame may capture that are no vendor: the product, the price, a time, a person. */
const NOT_A_NAME =
  /^(?:价格|价钱|报价|产品|设备|系统|东西|质量|服务|售后|效果|人工|市场|行情|预算|成本|上次|上回|自己|原装|进口|国产|老的|旧的|新的|以前的|原来的|市面上|网上|同行|隔壁|人均|企业|方便|打电话|电话|传统|普通|通用|手工|纸质|正式|最终|官方|配套|生产|加工|外协|外包|自助|现场)|(?:价|钱|费|期|年|月|天|次|率|量|里|时候|经理|总监|总|主任|老师|师傅|科长|处长|局长|院长|校长|老板|班组|团队|队|组|部|科|处|商)$|^银行$/;
/** A kind of product rather than a maker (洗衣液, 通用服务器, 户内砖): what 跟…比 compares most. */
const PRODUCT_KIND = /(?:液|器|机|件|板|砖|料|剂|品|类|型|款|版|法|式|费|员|人)$/;
/** A brand written in Latin letters after a verb of using: 用某某软件, 走某某收款. */
const LATIN_BRAND = /(?:用|走|用的是|用的|上了|装的|买的|换了)\s?([A-Z][a-z]+(?:[A-Z][a-z]*)*)/;
/** Latin words that are everyday tools, not vendors one competes with. */
const GENERIC_TOOL =
  /^(?:Excel|Word|Office|Windows|Linux|Android|Wifi|App|Email|Java|Python|Mac|VoLTE|WLAN|Bluetooth|BundleID)$/i;
/** A rep question that asks which vendor or brand the customer uses now. */
const WHICH_VENDOR =
  /哪几?家|哪个牌子|什么牌子|什么品牌|哪个品牌|哪些品牌|谁家|哪个厂家?|哪些厂家|哪些供应商|哪些渠道/;
/** The customer naming it at the start of the answer: 主要是某某，还有一部分某某的; 某某的，用了五年. */
const ANSWER_NAME = new RegExp(
  `^(?:主要|现在|目前|一直|基本)?(?:(?:是|用的是|用|在用|走)(${NAME})(?=[，。,.、和跟的]|还有|$)|(${NAME})的(?=[，。,.、]|用了|用着|在用|还有|$))`,
  'u',
);
/** The seller naming itself: 我是某某的, 我们某某. */
const SELF = /(?:我是|我们是|我这边是|这里是|我们)[^，。,]{0,3}$/;
/** A system to connect to (对接, 接口): named as a neighbour, not as a rival, unless compared. */
const INTEGRATION = /对接|接口|打通|集成|兼容/;
const COMPARED = /换成|换掉|换一家|比(?!较)|便宜|贵|报价|不如|更好|替代/;
const neighbourOnly = (text: string) => INTEGRATION.test(text) && !COMPARED.test(text);
/**
 * A name cited as the speaker's own client, not as a rival: 我们给某某供货, 客户里有某某,
 * 某某也在用我们的, 某某是我们的老客户. Sellers cite references; buyers name whom they supply.
 */
const CLIENT_BEFORE = /(?:给|帮|替|为)(?:像)?$|客户(?:有|包括|里有|里面有|像|比如)(?:像)?$/;
const CLIENT_AFTER =
  /^(?:那边|的项目|的订单)?(?:(?:供货|配套|供|做|送样|代工|提供|配)|(?:也|都|一直)?(?:在)?用(?:的)?(?:是)?(?:我们|咱们)|(?:也|都)?是(?:我们|咱们)的(?:老)?(?:客户|用户))/;
const citedAsClient = (view: string, start: number, end: number) =>
  CLIENT_BEFORE.test(view.slice(Math.max(0, start - 6), start)) ||
  CLIENT_AFTER.test(view.slice(end, end + 12));

const plausible = (name: string) =>
  name.length >= 2 &&
  !NOT_VENDOR.test(name) &&
  !NOT_A_NAME.test(name) &&
  !PLACE.test(name) &&
  !/[我你您他她们这那哪个些就都也还是有的比跟和在啊呀吧呢嘛怎什已但与被把]/.test(name) &&
  !/[零一二两三四五六七八九十百千万\d]/.test(name) &&
  !/^[小老].$/.test(name);

/** Words that open a clause, which a frame anchored at the start of a line takes into the name. */
const OPENER = new RegExp(`^(?:${CLAUSE_OPENERS}|然后|就是|嗯|那)+`);
const trimOpener = (name: string) => name.replace(OPENER, '');

/**
 * The frames that name a rival, tried in this order (global, so every match is tried). What 跟…比
 * compares is most often a kind of product (跟通用服务器比), so that frame also rejects those.
 */
const FRAMES = [
  { re: RIVAL_PRICE, cue: /报|给|拿/, kindsToo: true },
  { re: RIVAL_VISIT, cue: /来|找/, kindsToo: true },
  { re: BRAND_PAIR, cue: /牌|家/, kindsToo: true },
  { re: RIVAL_COMPARED, cue: /比/, kindsToo: false },
  { re: RIVAL_SUPPLIES, cue: /年/, kindsToo: true },
  { re: RIVAL_INCUMBENT, cue: /合作|签|做|服务|用/, kindsToo: false },
].map((f) => ({ ...f, re: new RegExp(f.re.source, 'gu') }));

/** Where `text` names a rival vendor or brand by its place in the sentence, if it does. */
export function rivalNamed(text: string): { index: number; name: string } | null {
  for (const { re, cue, kindsToo } of FRAMES) {
    // A cheap test for the frame's fixed word first: most utterances hold none.
    if (!cue.test(text)) continue;
    for (const m of text.matchAll(re)) {
      const name = trimOpener(m.slice(1).find((g) => g !== undefined) ?? '');
      if (plausible(name) && (kindsToo || !PRODUCT_KIND.test(name)))
        return { index: m.index + m[0].indexOf(name), name };
    }
  }
  if (SOURCING.test(text)) {
    const at = SOURCED_AT.exec(text);
    const name = at?.[1];
    if (at && name && plausible(name)) return { index: at.index + at[0].indexOf(name), name };
  }
  const unnamed = INCUMBENT_PRICE.exec(text) ?? UNNAMED_RIVAL_PRICE.exec(text);
  if (unnamed) return { index: unnamed.index, name: unnamed[0].slice(0, 4) };
  const latin = LATIN_BRAND.exec(text);
  if (latin?.[1] && latin[1].length >= 4 && !GENERIC_TOOL.test(latin[1]) && !neighbourOnly(text))
    return { index: latin.index + latin[0].indexOf(latin[1]), name: latin[1] };
  return null;
}

/** Answers that name no vendor: 自己做的, 杂牌的, 不知道, 各家的都有. */
const NO_VENDOR_ANSWER = /^(?:自己|人工|手工|没有|杂牌|[不没]|记不|忘|随便|各[种家]|别的|其他|好几|乱七八糟)/;

/** The vendor a customer names in answer to the rep's question about which one they use. */
export function answeredVendor(question: string, answer: string): { index: number; name: string } | null {
  if (!WHICH_VENDOR.test(question)) return null;
  const m = ANSWER_NAME.exec(answer.replace(/^[嗯哦噢呃啊那，,\s]+/, ''));
  const name = m?.[1] ?? m?.[2];
  if (!m || !name || !plausible(name) || NO_VENDOR_ANSWER.test(name)) return null;
  return { index: Math.max(0, answer.indexOf(name)), name };
}

/** The lexicon competitors the rep's own introduction names: the seller, not a rival. */
function sellerNames(us: readonly PreparedUtterance[]): Set<string> {
  const own = new Set<string>();
  for (const u of us.slice(0, 4)) {
    if (u.speaker !== 'rep') continue;
    for (const c of termsOf(u, 'competitor'))
      if (SELF.test(u.view.slice(Math.max(0, c.start - 6), c.start))) own.add(c.entry.concept);
  }
  return own;
}

/** 竞品提及: a competitor named by either speaker, or an `objection.competitor` (behaviours.md). */
export function competitorEvidence(
  us: readonly PreparedUtterance[],
  objections: readonly ObjectionMatch[],
  objectionEvidence: (o: ObjectionMatch) => Evidence,
): Evidence[] {
  const out: Evidence[] = [];
  const seller = sellerNames(us);
  for (const u of us) {
    for (const c of termsOf(u, 'competitor')) {
      if (seller.has(c.entry.concept) || neighbourOnly(u.view) || citedAsClient(u.view, c.start, c.end))
        continue;
      out.push({
        utteranceId: u.id,
        span: [c.start, c.end],
        term: c.entry.concept,
        rule: 'tag.competitor-name',
      });
    }
  }
  for (const o of objections) out.push(objectionEvidence(o));
  if (out.length > 0) return out;
  // A vendor the lexicon does not know, named by its place in the sentence (某某那边报的).
  for (let i = 0; i < us.length; i++) {
    const u = us[i]!;
    if (u.speaker !== 'customer' || neighbourOnly(u.view)) continue;
    const prev = us[i - 1];
    const vendor = namedVendor(u.view);
    const byPlace = vendor && plausible(vendor.name) ? vendor : null;
    const v = byPlace
      ? { ...byPlace, rule: 'tag.vendor-name' }
      : ((found) => (found ? { ...found, rule: 'tag.rival-named' } : null))(
          rivalNamed(u.view) ?? (prev?.speaker === 'rep' ? answeredVendor(prev.view, u.view) : null),
        );
    if (v)
      return [{ utteranceId: u.id, span: [v.index, v.index + v.name.length], term: v.name, rule: v.rule }];
  }
  return out;
}
