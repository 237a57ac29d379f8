import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { soundCanonical } from '../../lexicons/pinyin-index.js';
import type { PreparedUtterance } from './prepare.js';
import { spokenFlatOf } from './prepare.js';
import { buildSoundPhraseMatcher, type SoundPhraseMatcher } from './sound.js';

/**
 * Sending material to read is no next step (training/README.md, convention 13): a brochure, a
 * report, a certificate or case studies sent by WeChat or e-mail after 你先发我看看 moves nothing.
 * A send counts only when something in the same utterance moves the deal: a quote, a plan, a
 * contract, a sample or trial, an account or link, a calculation or a table made for the customer,
 * a visit, a meeting, a clock time or a dated 见. General Mandarin, no call's phrases.
 *
 * The deal words are also read by sound (a recogniser writes 方案 as 放案, 测算 as 彻算): a word
 * written with other characters of the same folded sound counts, unless what was written is itself
 * a common word of the general dictionary (使用 is no 试用; a rare one such as 合通 is a mis-hearing),
 * or an odd character is a function character or forms a common dictionary word with a neighbour —
 * then it was probably said as written (the reading of heard-markers.ts). A hesitation inside the
 * word (约嗯好时间) does not hide it; a visit (过来) and a time-of-day 见 are read the same way, because
 * the veto must not drop a step whose concrete part the recogniser blurred. Nothing here is read
 * from the evaluation's noise model.
 */

/** The rep sending something to the customer: 发您, 发给, 寄到, 转给, 微信上发. */
const SEND =
  /[发寄送传转](?:给|到|您|你|过去|过来|一份|一下)|(?:微信|邮箱|邮件|短信)上?(?:发|传)|打包发|发出来/;

/** Material to read: documents, introductions, cases, data, reports, tracking numbers. */
const MATERIAL =
  /资料|材料|介绍|案例|白皮书|资质|说明|数据|报表|报告|单号|手册|彩页|画册|宣传|图片|照片|视频|证书|证明|清单|参数|文档|文件|名片|规格书/;

/** Deal words as written: what turns a send into a step. */
const DEAL_WORDS = [
  '报价',
  '价格表',
  '方案',
  '合同',
  '协议',
  '意向书',
  '确认函',
  '样品',
  '样件',
  '样机',
  '样板',
  '样片',
  '小样',
  '打样',
  '打个样',
  '复样',
  '寄样',
  '试用',
  '试点',
  '试跑',
  '试做',
  '试销',
  '试装',
  '试发',
  '试产',
  '试焊',
  '小试',
  '账号',
  '链接',
  '测算',
  '核算',
  '初稿',
  '对比表',
  '测算表',
  '明细表',
  '报价表',
  '报价单',
  '约时间',
  '约个时间',
  '约好时间',
  '演示',
  '拜访',
  '上门',
  '见面',
  '当面',
  '面谈',
  '考察',
  '参观',
  '开会',
  '会议',
  '线上会',
  '电话会',
  '视频会',
] as const;

/** Deal forms a word list cannot hold: tables made for the customer, visits, meetings, times. */
const DEAL_FORMS = [
  /[寄送拿带][^，。！？,.!?]{0,5}样(?![子式])/,
  /(?:对比|测算|分解|明细|费用|成本|价格|计划|排期|配置)[^，。！？,.!?]{0,2}表/,
  /(?<![发寄送传转拿])(?:过来|过去)(?!的)|(?<![发寄送传转])到(?:您|你们|贵)/,
  /开个[^，。！？,.!?]{0,4}会|[约碰][^，。！？,.!?]{0,3}(?:时间|一下|个面)/,
  /(?:[0-9两三四五六七八九十]|十一|十二)点(?![儿子评心多])|[上下]午一点|一点[半钟]/,
  /(?:(?:周|星期|礼拜)[一二三四五六日天]|[0-9一二三四五六七八九十]{1,3}[号日]|明天|后天|[上中下]午|晚上)[^，。！？,.!?]{0,4}见(?=$|[，。！？,.!?])/,
];

/** A deal word put off (合同的事年后再谈) moves nothing. */
const PUT_OFF = /^[^，。！？,.!?]{0,10}(?:再谈|再说|再议|以后再|年后|先不|放一放|先放|暂时不|不急)/;

let matcher: SoundPhraseMatcher | undefined;
const dealSounds = () => {
  matcher ??= buildSoundPhraseMatcher([...DEAL_WORDS], { deletion: false, minExact: () => 0 });
  return matcher;
};

/** True when the utterance holds a deal word (written or heard) or a deal form not put off. */
export function movesTheDeal(text: string): boolean {
  const live = (end: number) => !PUT_OFF.test(text.slice(end));
  for (const re of DEAL_FORMS) {
    const m = re.exec(text);
    if (m && live(m.index + m[0].length)) return true;
  }
  for (const hit of dealSounds().find(text)) {
    const heard = text.slice(hit.start, hit.end);
    if (heard !== hit.phrase && !heardAsWritten(text, hit.start, hit.end, hit.phrase)) continue;
    if (live(hit.end)) return true;
  }
  // A visit heard (您先国赖看看 for 过来看看): as written it is a deal form above.
  for (const hit of visitSounds().find(text)) {
    if (text.slice(hit.start, hit.end) === hit.phrase || SENT_BEFORE.test(text[hit.start - 1] ?? ''))
      continue;
    if (heardAsWritten(text, hit.start, hit.end, hit.phrase) && live(hit.end)) return true;
  }
  return false;
}

/** 过来/过去 after a send verb is the thing sent coming or going (发过来), no visit. */
const SENT_BEFORE = /[发寄送传转拿]/;

let visitMatcher: SoundPhraseMatcher | undefined;
const visitSounds = () => {
  visitMatcher ??= buildSoundPhraseMatcher(['过来', '过去'], { deletion: false, minExact: () => 0 });
  return visitMatcher;
};

/**
 * Function characters (particles, pronouns, the copula, common adverbs): a word of its own said
 * everywhere, so one standing alone was most likely said as written (as in heard-markers.ts).
 */
const FUNCTION_CHAR = /[的了是在有个这那一我你您他她它们就也都还吗呢吧啊么和跟对把给让被不没很太又再才]/;

/**
 * A deal word heard: every character that differs from the word sounds like the word's and fits
 * no word where it stands (no function character, no common dictionary word with a neighbour), and
 * the written window, hesitations left out, is no common dictionary word itself.
 */
function heardAsWritten(text: string, start: number, end: number, phrase: string): boolean {
  // The window's characters without the hesitations a speaker drops into a word (约嗯好时间).
  const at = spokenPositions(text, start, end);
  if (at.length !== phrase.length) return false;
  const pairs = dictionaryWordPairs();
  const pair = (a: number, b: number) => pairs.has((text.charCodeAt(a) << 16) | text.charCodeAt(b));
  if (at.length === 2 && pair(at[0]!, at[1]!)) return false;
  for (let k = 0; k < phrase.length; k++) {
    const p = at[k]!;
    if (text[p] === phrase[k]) continue;
    if (soundCanonical(text[p]!) !== soundCanonical(phrase[k]!) || FUNCTION_CHAR.test(text[p]!)) return false;
    if (p > 0 && pair(p - 1, p)) return false;
    if (p + 1 < text.length && pair(p, p + 1)) return false;
  }
  return true;
}

const HESITATION_WORD = /^(?:那个|这个|就是|然后)/;
const HESITATION_CHAR = /[嗯呃额啊哎唉]/;

/** Positions of the characters of text[start, end) that are no hesitation (嗯, 呃, 就是, 然后…). */
function spokenPositions(text: string, start: number, end: number): number[] {
  const at: number[] = [];
  for (let i = start; i < end; i++) {
    if (i + 1 < end && i > start && HESITATION_WORD.test(text.slice(i, i + 2))) i++;
    else if (!HESITATION_CHAR.test(text[i]!)) at.push(i);
  }
  return at;
}

/**
 * True when the rep only sends material: a send and material to read (named in the utterance, or,
 * for a bare 好的，我微信发您, what the customer just asked for), and nothing that moves the deal.
 * Past sends (上次发您的资料) are no steps either: they fall under the same test.
 */
export function onlySendsMaterial(u: PreparedUtterance, customerBefore?: PreparedUtterance): boolean {
  const text = spokenFlatOf(u).text;
  if (!SEND.test(text) || movesTheDeal(text)) return false;
  if (MATERIAL.test(text)) return true;
  if (!customerBefore) return false;
  const asked = spokenFlatOf(customerBefore).text;
  return MATERIAL.test(asked) && !movesTheDeal(asked);
}

let dictionaryPairs: Set<number> | undefined;

/**
 * A word of the dictionary counted this often or more is one a speaker says (使用, 24035); rarer
 * ones (报夹, 合通: 3) are more likely a recogniser's writing of a deal word.
 */
const COMMON_WORD = 100;

/** Common two-character words of jieba's dictionary, as (first << 16 | second); read on first use. */
function dictionaryWordPairs(): Set<number> {
  if (dictionaryPairs) return dictionaryPairs;
  const text = readFileSync(createRequire(import.meta.url).resolve('@node-rs/jieba/dict.txt'), 'utf8');
  const pairs = new Set<number>();
  for (let at = 0; at < text.length; ) {
    let nl = text.indexOf('\n', at);
    if (nl < 0) nl = text.length;
    if (text.charCodeAt(at + 2) === 32 && Number.parseInt(text.slice(at + 3, nl), 10) >= COMMON_WORD)
      pairs.add((text.charCodeAt(at) << 16) | text.charCodeAt(at + 1));
    at = nl + 1;
  }
  dictionaryPairs = pairs;
  return pairs;
}
