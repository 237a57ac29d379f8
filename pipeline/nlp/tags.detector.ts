import type { CompiledLexicon } from '../../lexicons/lexicon.compile.js';
import type { ObjectionMatch } from './objection.detector.js';
import { TYPE_EVIDENCE } from './objection.patterns.js';
import type { PreparedUtterance } from './prepare.js';
import { termsOf } from './prepare.js';
import { approverEvidence } from './tags.approvers.js';
import { competitorEvidence } from './tags.competitor.js';
import { sampleEvidence } from './tags.sample.js';
import { type SpecTag, TAG_NAMES_ZH, type TagResult } from './types.js';

type Evidence = TagResult['evidence'][number];

/** How long / when: a duration or a date asked for. */
const HOW_LONG = /多久|多长时间|多少天|几天|几周|几个月|什么时候|哪天/;
/**
 * A price asked in words the lexicon's price topics do not hold: 什么价, 一台多少, 多少一吨,
 * 怎么卖, 贵不贵, 能不能再低点, 有没有活动.
 */
const PRICE_ASKED =
  /什么价|啥价|几个钱|多少一(?:台|套|吨|个|件|平|方|米|箱|瓶|盒|支|年|月|天|人|间|辆|车)|一(?:台|套|吨|个|件|平|平米|方|米|箱|瓶|盒|支|年|月|天|人|间|辆|车)(?:大概|大约|要|得)?多少|怎么(?:算钱|卖|计费|算价|结算)|贵不贵|能不能(?:再)?(?:低|少)|(?:再)?(?:低|少)一?点(?:吗|行不行|可以吗)|有没有(?:活动|促销|赠品)/;
/**
 * Delivering, installing, going live; goods (货) ordered, sent, carried or run out of. 货 alone
 * is goods only beside a verb that moves them (货什么时候能到, 什么时候进货): 货款, 货架 and
 * 货比三家 are other topics.
 */
const DELIVERING =
  /装|开通|上线|交付|到货|部署|实施|做完|调试|进场|切换|交货|发货|供货|开工|完工|试点|送到|到齐|并网|[发运配]到|配送|[进拿订要备补出调铺压]货|[断缺]了?货|货(?![款架币比源])[^，。！？]{0,8}?(?:到|送|发|运|交|出来)|下了?单|(?:多久|多长时间|几天|什么时候)[^，。！？]{0,3}货/;
/**
 * Whether delivery or installation can be done in time or without disruption: a deadline it must
 * meet (七点前能…, 之前能…), a capacity asked about (排得过来, 来得及), or what the work would stop
 * or break (要不要停电, 要不要挖). Asked with a delivery verb, the customer is concerned about delivery.
 */
const DELIVERY_FEASIBLE =
  /来得及|赶得上|赶得及|排得过来|排得开|[点号天周月底](?:之|以)?前能|之前能|以前能|要不要(?:停|挖|拆|断|封|关)|停(?:电|产|线|业|水|工)|[天周](?:内|之内)?能(?:到|送到|交|装完|装好)|能(?:送|运|配送|发)到|断了?货/;
/**
 * Delivery named as what worries the customer (头疼的就是交期, 交期这块我们最担心), the seller's
 * delivery doubted (万一你们产能跟不上), the work not allowed to disrupt (装的时候别影响进出), a
 * deadline the delivery must meet (月底之前得到现场) or the transit time asked (到我们仓库要多久).
 */
const DELIVERY_TOLD = new RegExp(
  [
    '(?<![不没别])(?:头疼|担心|最怕|顾虑|发愁|愁)(?:的)?(?:就|主要|还|倒)?是?(?:交期|工期|货期|到货|交货|交付)',
    '(?:交期|工期|货期|到货时间|交货期)(?:这块|这个|方面|上)?(?:我们)?(?:最|比较|很|特别|一直)?(?:头疼|担心|没底|是个问题|是大问题|老大难)',
    '你们[^，。！？]{0,15}?(?:跟不上|赶不上|来不及|供不上|供应不上|断货|断供|延期|拖期|晚到|交不了|交不出|排不过来|排不上)',
    '(?:装|安装|施工|切换|割接|改造|进场)的?(?:话|时候|期间)?[^。？！]{0,8}?(?:不能|别|不要|不得)(?:耽误|影响|停)',
    '到(?:我们|咱们|这边|这儿|我这)[^，。？！]{0,6}?(?:要|得|需要)?(?:多久|几天|多长时间)',
    '[点号天周月底](?:之|以)?前(?:得|要|必须|就得)(?:到|送到|到货|交|装好|上线|到现场|进场)',
  ].join('|'),
);

const NUM = '[零一二两三四五六七八九十百千万\\d]';
/** Words that accept a price (还行, 不贵, 能接受), shared by the two readings below. */
const PRICE_ACCEPTED = '还行|还好|不多|不贵|合理|能接受|可以接受';
/**
 * A price the customer accepts (八万多还行, 价格倒还好, 三百块是不多, 二十六万在预算里头) or names as
 * someone else's to approve (这笔钱不是我能批的, 福利预算要总经理办公会定): no price sensitivity.
 */
const PRICE_SETTLED = new RegExp(
  [
    `(?:价格|价钱|费用|钱|${NUM}+(?:万|千|百|块|元)多?)(?:倒|也|都)?(?:是|还是)?(?:${PRICE_ACCEPTED}|不算贵|不算高|在预算(?:里|内|之内|范围内?)头?)`,
    `(?<!超出?)(?:这笔|这个|这些)?(?:钱|预算|经费)(?:的事)?(?:也)?(?:不是我|要|得|由)[^，。！？]{0,10}?(?:批|定|说了算|审|签)`,
  ].join('|'),
  'gu',
);
/** A price word just after a price topic that settles it: 价格还行你们有案例吗 asks about the cases. */
const PRICE_FINE_AFTER = new RegExp(`^(?:倒|也|都)?(?:是|还是)?(?:${PRICE_ACCEPTED}|没问题|不是问题)`);

/**
 * Whether a price objection shows price sensitivity: the utterance still holds a word about money
 * once the prices it accepts or leaves to someone else are set aside. A type the second stage read
 * from a story (太远了线边库存扛不住) or from a price conceded (三百块是不多，但…用不上) does not.
 */
export function priceObjectionStands(text: string): boolean {
  const rest = text.replace(PRICE_SETTLED, '');
  return TYPE_EVIDENCE.price.test(rest) || MONEY_TOLD.test(rest);
}
/**
 * Money told without a price word: a figure (四十二, 百分之五, 三百二), a rise or cut (还涨了, 能再降),
 * a sum out of reach (拿不出, 一律不批), rent, or a comparison (比我们预想的高).
 */
const MONEY_TOLD = new RegExp(
  `(?<![千万])[零一二两三四五六七八九十百\\d]${NUM}+|百分之|涨|降|让点|拿不出|掏不出|出不起|不批|租金|比[^，。！？]{0,8}?(?:高|低|多)|花(?:了|得)`,
  'u',
);

/**
 * A decision above the speaker: approving, signing, a meeting the matter goes to, a report up.
 * An authority type the second stage read from a title alone (老板也问过, 老板的意思是今年不急)
 * sets no tag.
 */
const DECIDED_ABOVE =
  /(?<![一这那每上下首批])批(?![次货量])|说了(?:算|不算|白说)|不算|签|审|评|点头|算数|拍板|交代|[上过开报][^，。！？]{0,8}?会(?![不儿员计])|[事委董务党组]会|总经办|报(?![价的了])|同意|通得过|通过|流程|(?<![一确稳决固约肯])定(?![标金做制期价型位时了下来好])|做不了主|不是我|一个人|立项|招[标采]|商量|请示|汇报|对一下|看一下|过一遍|过一下|法务|财务/;

/** Fillers a speaker puts inside a phrase (说那个了白说). */
const FILLERS = /那个|就是|然后|[嗯呃]+/g;

function objectionSetsTag(o: ObjectionMatch): boolean {
  // 赶不上趟: to miss the chance (timing), not a delivery late.
  if (o.type === 'delivery') return !/^(?:赶不上|赶不及)趟/.test(o.utterance.view.slice(o.span[0]));
  if (o.type === 'price') return priceObjectionStands(o.utterance.view);
  if (o.type === 'authority' && o.rule === 'model.objection')
    return DECIDED_ABOVE.test(o.utterance.view.replace(FILLERS, ''));
  return true;
}

/** Call-level tags of behaviours.md, each with the evidence that set it; plus industry tags. */
export function detectTags(
  us: readonly PreparedUtterance[],
  objections: ReadonlyMap<string, readonly ObjectionMatch[]>,
  lexicon: CompiledLexicon,
): { spec: TagResult[]; industry: TagResult[] } {
  const objectionsOf = (type: string) =>
    [...objections.values()]
      .flat()
      .filter((o) => o.type === type && objectionSetsTag(o))
      .map(objEvidence);
  const asked = topicQuestions(us);
  const ev: Record<SpecTag, Evidence[]> = {
    price_sensitive: [...objectionsOf('price'), ...(asked.price.length >= 2 ? asked.price : [])],
    needs_sample: sampleEvidence(us),
    competitor_mentioned: competitorEvidence(
      us,
      [...objections.values()].flat().filter((o) => o.type === 'competitor'),
      objEvidence,
    ),
    long_decision_chain: [...objectionsOf('authority'), ...approverEvidence(us)],
    delivery_concern: [...objectionsOf('delivery'), ...asked.delivery],
  };
  const spec = SPEC_TAG_ORDER.filter((t) => ev[t].length > 0).map((tag) => ({
    tag,
    nameZh: TAG_NAMES_ZH[tag],
    evidence: ev[tag],
  }));
  return { spec, industry: industryTags(us, lexicon) };
}

const SPEC_TAG_ORDER: readonly SpecTag[] = [
  'price_sensitive',
  'needs_sample',
  'competitor_mentioned',
  'long_decision_chain',
  'delivery_concern',
];

/** Customer questions about price, and about delivery or how long it takes. */
function topicQuestions(us: readonly PreparedUtterance[]): { price: Evidence[]; delivery: Evidence[] } {
  const price: Evidence[] = [];
  const delivery: Evidence[] = [];
  for (const u of us) {
    if (u.speaker !== 'customer') continue;
    for (const q of u.questions) {
      const span: [number, number] = [q.start, q.end];
      const p = termsOf(u, 'price_topic', span).find((t) => !PRICE_FINE_AFTER.test(u.view.slice(t.end)));
      const priced = p ? null : PRICE_ASKED.exec(u.view.slice(q.start, q.end));
      if (p) price.push({ utteranceId: u.id, span, term: p.entry.concept, rule: 'tag.price-question' });
      else if (priced) price.push({ utteranceId: u.id, span, term: priced[0], rule: 'tag.price-asked' });
      // 等上线再说: the customer's own event waited for (timing), not a delivery asked about.
      const d = termsOf(u, 'delivery_topic', span).find(
        (t) =>
          !(
            /等$/.test(u.view.slice(0, t.start)) &&
            /^[^，。！？]{0,4}?(?:再说|以后|之后)/.test(u.view.slice(t.end))
          ),
      );
      if (d) {
        delivery.push({ utteranceId: u.id, span, term: d.entry.concept, rule: 'tag.delivery-question' });
        continue;
      }
      // 加专线要多久能开通 / 装两个小区要多长时间: how long delivery takes, asked in other words.
      const asked = u.view.slice(Math.max(0, q.start - 12), q.end);
      const how = HOW_LONG.exec(asked);
      if (how && DELIVERING.test(asked)) {
        delivery.push({ utteranceId: u.id, span, term: how[0], rule: 'tag.delivery-duration-question' });
        continue;
      }
      // 七点前能送到吗 / 装这个要不要停电: whether delivery fits a deadline or stops the work.
      const feasible = DELIVERY_FEASIBLE.exec(asked);
      if (feasible && DELIVERING.test(asked))
        delivery.push({
          utteranceId: u.id,
          span,
          term: feasible[0],
          rule: 'tag.delivery-feasibility-question',
        });
    }
    const told = DELIVERY_TOLD.exec(u.view);
    if (told)
      delivery.push({
        utteranceId: u.id,
        span: [told.index, told.index + told[0].length],
        term: told[0],
        rule: 'tag.delivery-concern-told',
      });
  }
  return { price, delivery };
}

/** The industry lexicon's own tags (category `tag`), each with its evidence. */
function industryTags(us: readonly PreparedUtterance[], lexicon: CompiledLexicon): TagResult[] {
  const industry = new Map<string, TagResult>();
  for (const u of us) {
    for (const t of termsOf(u, 'tag')) {
      const name = t.entry.tag ?? t.entry.concept;
      const r = industry.get(name) ?? { tag: name, nameZh: name, evidence: [] };
      r.evidence.push({
        utteranceId: u.id,
        span: [t.start, t.end],
        term: t.entry.concept,
        rule: `tag.industry:${lexicon.industry}`,
      });
      industry.set(name, r);
    }
  }
  return [...industry.values()].sort((a, b) => (a.tag < b.tag ? -1 : 1));
}

function objEvidence(o: ObjectionMatch): Evidence {
  return {
    utteranceId: o.utterance.id,
    span: o.span,
    term: o.term?.entry.concept ?? null,
    rule: `tag.objection-${o.type}`,
  };
}
