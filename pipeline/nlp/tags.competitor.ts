import type { ObjectionMatch } from './objection.detector.js';
import { NOT_VENDOR, namedVendor } from './objection.patterns.js';
import type { PreparedUtterance } from './prepare.js';
import { termsOf } from './prepare.js';
import type { TagResult } from './types.js';

type Evidence = TagResult['evidence'][number];

/** A name as speech has it: 2-6 Chinese characters, or a Latin word. */
const NAME = String.raw`[\p{Script=Han}]{2,6}?|[A-Za-z][A-Za-z0-9]{2,15}`;
/** Where a name may start: the start of a clause. */
const CLAUSE_START = String.raw`(?<=^|[，。！？、；,.!?;\s…])`;
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
/** A brand written in Latin letters after a verb of using: 用某某软件, 走某某收款. */
const LATIN_BRAND = /(?:用|走|用的是|用的|上了|装的|买的|换了)\s?([A-Z][a-z]+(?:[A-Z][a-z]*)*)/;
/** Latin words that are everyday tools, not vendors one competes with. */
const GENERIC_TOOL = /^(?:Excel|Word|Office|Windows|Linux|Android|Wifi|App|Email|Java|Python|Mac)$/;
/** A rep question that asks which vendor or brand the customer uses now. */
const WHICH_VENDOR =
  /哪几?家|哪个牌子|什么牌子|什么品牌|哪个品牌|哪些品牌|谁家|哪个厂家?|哪些厂家|哪些供应商|哪些渠道/;
/** The customer naming it at the start of the answer: 主要是某某，还有一部分某某的. */
const ANSWER_NAME = new RegExp(
  `^(?:主要|现在|目前|一直|基本)?(?:是|用的是|用|在用|走)(${NAME})(?=[，。,.、和跟的]|还有|$)`,
  'u',
);
/** The seller naming itself: 我是某某的, 我们某某. */
const SELF = /(?:我是|我们是|我这边是|这里是|我们)[^，。,]{0,3}$/;
/** A system to connect to (对接, 接口): named as a neighbour, not as a rival, unless compared. */
const INTEGRATION = /对接|接口|打通|集成|兼容/;
const COMPARED = /换成|换掉|换一家|比(?!较)|便宜|贵|报价|不如|更好|替代/;
const neighbourOnly = (text: string) => INTEGRATION.test(text) && !COMPARED.test(text);

const plausible = (name: string) =>
  name.length >= 2 && !NOT_VENDOR.test(name) && !/[我你他她们这那哪个些就都也还是有的]/.test(name);

/** Where `text` names a rival vendor or brand by its place in the sentence, if it does. */
export function rivalNamed(text: string): { index: number; name: string } | null {
  for (const re of [RIVAL_PRICE, RIVAL_VISIT, BRAND_PAIR]) {
    for (const m of text.matchAll(new RegExp(re.source, 'gu'))) {
      const name = m[1];
      if (name && plausible(name)) return { index: m.index + m[0].indexOf(name), name };
    }
  }
  const unnamed = INCUMBENT_PRICE.exec(text);
  if (unnamed) return { index: unnamed.index, name: unnamed[0].slice(0, 4) };
  const latin = LATIN_BRAND.exec(text);
  if (latin?.[1] && latin[1].length >= 4 && !GENERIC_TOOL.test(latin[1]) && !neighbourOnly(text))
    return { index: latin.index + latin[0].indexOf(latin[1]), name: latin[1] };
  return null;
}

/** The vendor a customer names in answer to the rep's question about which one they use. */
export function answeredVendor(question: string, answer: string): { index: number; name: string } | null {
  if (!WHICH_VENDOR.test(question)) return null;
  const m = ANSWER_NAME.exec(answer.replace(/^[嗯哦噢呃啊那，,\s]+/, ''));
  const name = m?.[1];
  if (!m || !name || !plausible(name) || /^(?:自己|人工|手工|没有)/.test(name)) return null;
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
      if (seller.has(c.entry.concept) || neighbourOnly(u.view)) continue;
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
