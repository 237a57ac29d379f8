import type { PreparedUtterance } from './prepare.js';
import { termsOf } from './prepare.js';
import type { TagResult } from './types.js';

type Evidence = TagResult['evidence'][number];

/** A denial just before the sample word: 不用样机, 没必要试. */
const NEGATED_BEFORE = /(不|没|不用|不需要|不要|没必要)[^，,。]{0,3}$/;
/** A denial just after it: 样机就先不用了, 样品你寄了也没用. */
const NEGATED_AFTER = /^[^，,。！？!?]{0,6}?(不用|不要|不需要|没用|没必要|算了)/;
/** 样品间, 样板房: a showroom, not a sample. */
const SHOWROOM = /^[间房室]/;
/**
 * The customer's own trial words: 试 + a verb of making or using (试做, 试焊, 试单, 试一下), not
 * 试过 (tried elsewhere), 试验 (a test), 试剂, 试用期 (probation), 考试/面试/测试/调试; 先…试 with the trial's scope
 * between (先一个车间试那可以). Also sample items (样机, 样件, 样镜, 样片), 打样/送样, a small
 * first run (小试, 小批量), and V + 一段/几个 + 看看 (做一段看看: do a bit and see).
 */
const TRIAL =
  /(?<![考面笔口测尝调])试(?:做|发|跑|用(?!期)|点|装|焊|产|单|制|运行|一下|一条|一个|一台|一批|一段|几|两|试)|先试|先[^，。！？,!?试]{1,5}试(?=[那就也倒]|$|[，。！？,!?])|打样|送样|小试|中试|小批量|样件|样板(?![间房])|样衣|样[机品镜车片](?![间房])|[做装用跑焊上试铺放刷贴种拍](?:一|几|两)[段个台批套块次下条][^，。,！？]{0,2}看看/u;
/** A sample going to a third party (给主机厂送样): not the customer asking for one. */
const TO_THIRD_PARTY = /给(?![你您我])[\p{Script=Han}]{1,6}$/u;
/**
 * The customer asking for goods to be posted for a test run (再寄一桶过来，我们再做一轮) or to take a few
 * units for a test (先拿几个做个测试).
 */
const POST_FOR_TEST =
  /寄(?:一|几|两|点)[^，。,！？]{0,3}过来[^。！？]{0,8}?(?:做|试|测|跑|用)|(?:先|能)拿(?:一|几|两|点)[^，。,！？]{0,4}?(?:做个?|来)[^，。,！？]{0,4}?(?:测试|试验|实验|测一下)/;
/** A rep offering a trial, a trial sale (试销) or a demonstration unit, or a test run of the service. */
const OFFERED_TRIAL =
  /试用|试做|试发|试跑|试销|试推|试一下|试几|先试|打样|送样|样机|样品|样件|样片|体验|飞一下|测一下|跑一下|跑一遍|演示机|测试账号|(?:做|搞)(?:一个|个|一)?[^，。！？]{0,6}测试/;
/** Words that make a rep's sentence an offer rather than a description. */
const OFFER = /可以|要不|给您|帮您|免费|安排|您看|你看|行吗|好吗|怎么样|[？?]|先|我带|带着|寄|借/;
/**
 * A yes at the start of the customer's answer. 行 agrees only as a word of its own: not inside
 * 行业, 行情, 银行, 进行, 同行, 运行 (我们这个行业… answers nothing).
 */
const YES =
  /可以|(?<![银进执运流同履实试旅发举自步平通])行(?![业情长政李程驶家货为动])|好啊|(?<![挺很蛮真不还])好的|没问题|来嘛|欢迎|试了|用了|在用|那中|就这么(?:弄|办|定)/;
/** What may stand before the yes and still be a plain yes: 那行, 嗯可以. */
const PARTICLES = /^[那嗯哦噢呃啊好对，,\s]*$/;

const invisible = (s: string) => s.replace(/\u2063/g, '');
/** 能不能先试, 要不先试: an A-not-A question or a 要不 suggestion is no denial. */
const notAnotA = (s: string) => s.replace(/([\p{Script=Han}])不\1|要不|不如|不过|不然/gu, '');

/** Where in `text` the customer asks for or takes a trial in their own words, if anywhere. */
export function ownTrial(text: string): { index: number; term: string } | null {
  for (const re of [TRIAL, POST_FOR_TEST]) {
    const g = new RegExp(re.source, `${re.flags}g`);
    for (const m of text.matchAll(g)) {
      const before = notAnotA(text.slice(Math.max(0, m.index - 6), m.index));
      if (NEGATED_BEFORE.test(before) || TO_THIRD_PARTY.test(before)) continue;
      if (NEGATED_AFTER.test(text.slice(m.index + m[0].length))) continue;
      return { index: m.index, term: m[0] };
    }
  }
  return null;
}

/**
 * The trial or sample a rep's turn offers or brings (我带样机过来, 先拿您的数据跑一遍，您看看);
 * 演示机装的是老款 describes one, it does not offer it.
 */
export function offeredTrial(repText: string, lexiconSample: string | null): string | null {
  if (!OFFER.test(repText)) return null;
  return lexiconSample ?? OFFERED_TRIAL.exec(repText)?.[0] ?? null;
}

/**
 * The customer's yes to a rep's trial offer: a yes word within the first clause, either alone
 * (行, 那可以) or after words of the offer itself (在我们这儿跑可以 to 跑一遍) or of its scope, the
 * size the rep gave it (十家可以 to 先挑十家门店试销); a yes to something else the rep also
 * proposed (勘察可以) is not one.
 */
export function acceptedOffer(offer: string, customerText: string, around = offer): string | null {
  const text = invisible(customerText);
  const yes = YES.exec(text.slice(0, 10));
  if (!yes) return null;
  const before = text.slice(0, yes.index);
  if (/[不没别]$/.test(before) || /[。！？.!?]/.test(before)) return null;
  if (PARTICLES.test(before)) return yes[0];
  const shared = [...before].some((ch) => /[\p{Script=Han}]/u.test(ch) && offer.includes(ch));
  // The trial's size said back (十家可以 to 先挑十家门店试销): a number and its measure word.
  const scope = [...before.matchAll(/[一二两三四五六七八九十百\d]+[\p{Script=Han}]/gu)].some((m) =>
    around.includes(m[0]),
  );
  return shared || scope || /试|样/.test(before) ? yes[0] : null;
}

/** 需要样机: a sample, trial or demo unit the customer asks for or accepts (behaviours.md). */
export function sampleEvidence(us: readonly PreparedUtterance[]): Evidence[] {
  const out: Evidence[] = [];
  for (const u of us) {
    if (u.speaker !== 'customer') continue;
    for (const s of termsOf(u, 'sample')) {
      if (NEGATED_BEFORE.test(notAnotA(u.view.slice(Math.max(0, s.start - 6), s.start)))) continue;
      const after = u.view.slice(s.end);
      if (NEGATED_AFTER.test(after) || SHOWROOM.test(after)) continue;
      out.push({
        utteranceId: u.id,
        span: [s.start, s.end],
        term: s.entry.concept,
        rule: 'tag.sample-request',
      });
    }
  }
  if (out.length > 0) return out;
  // A trial asked for or accepted in the customer's own words, or a yes to the rep's offer.
  for (let i = 0; i < us.length; i++) {
    const u = us[i]!;
    if (u.speaker !== 'customer') continue;
    const own = ownTrial(u.view);
    if (own) {
      out.push({
        utteranceId: u.id,
        span: [own.index, own.index + own.term.length],
        term: own.term,
        rule: 'tag.trial',
      });
      continue;
    }
    const word = answerToOffer(us, i);
    if (word) {
      const at = Math.max(0, invisible(u.view).indexOf(word));
      out.push({ utteranceId: u.id, span: [0, at + word.length], term: word, rule: 'tag.trial-accepted' });
    }
  }
  return out;
}

/** The offered trial with the words of its clause just before it (先挑十家门店试销): its scope. */
function offerScope(repText: string, offer: string): string {
  const at = repText.indexOf(offer);
  if (at < 0) return offer;
  const clauseStart = Math.max(at - 10, ...[...'，。！？,.!?；;'].map((p) => repText.lastIndexOf(p, at) + 1));
  return repText.slice(clauseStart, at + offer.length);
}

/**
 * The customer's yes at `i` to a rep's trial offer: a plain yes to the turn just before, or a
 * yes naming the offered trial (在我们这儿跑可以) to an offer up to four turns back.
 */
function answerToOffer(us: readonly PreparedUtterance[], i: number): string | null {
  for (let j = i - 1; j >= Math.max(0, i - 4); j--) {
    const rep = us[j]!;
    if (rep.speaker !== 'rep') continue;
    const offer = offeredTrial(rep.view, termsOf(rep, 'sample')[0]?.entry.concept ?? null);
    const text = invisible(us[i]!.view);
    const word = offer ? acceptedOffer(offer, text, offerScope(rep.view, offer)) : null;
    if (word && (j === i - 1 || !PARTICLES.test(text.slice(0, text.indexOf(word))))) return word;
  }
  return null;
}
