import type { PreparedUtterance } from './prepare.js';
import { termsOf } from './prepare.js';
import type { TagResult } from './types.js';

type Evidence = TagResult['evidence'][number];

/** Deciding: the verbs and phrases whose subject is an approver (拍板, 签字, 点头, 通得过). */
const APPROVAL =
  /拍板|签字|签个?字|点头|同意|批准|审批|审核|评审|把关|说了算|定夺|过目|通过|通得过|过会|的意思/;
/** A character that can head a title (运营 in 运营总监): not a particle, pronoun or verb of the clause. */
const HEAD = '[^\\P{Script=Han}得还要和跟与及我你他们也都再就是的让由请给上报过走看等]';
/** Titles and bodies that approve, as Mandarin forms them (a rank or a committee). */
const TITLE = new RegExp(
  [
    '老板娘?|老婆|董事长|董事会|总经理|分管副总|副总|老总|总工|院长|校长|局长|厂长|处长|科长|书记',
    '股东会?|业主|[院校局行]务会|党委会?|总办会|招标小组|法务|财务|采购|质量部?|品控|品质部|设备科',
    // A rank or a committee after a few characters of what it heads: 运营总监, 投资委员会, 业委会.
    `${HEAD}{0,3}总监|${HEAD}{0,4}主任|${HEAD}{0,4}委员会|${HEAD}{1,2}委会|${HEAD}{0,2}领导`,
  ].join('|'),
  'gu',
);
/** A body the matter has to go up to: 得上委员会, 要报局里. */
const GOES_UP_TO = /(?:上|报|过|走)(?:我们)?([\p{Script=Han}]{0,4}(?:委员会|务会|办会|党委会|董事会|小组))/gu;

/** Whom a matter is reported to or whose opinion it waits for: 跟委员会汇报, 看总工的意见. */
const REPORTED_TO =
  /(?:跟|向|给)(?:我们)?([\p{Script=Han}]{1,5}?)(?:汇报|请示|报批)|看(?:我们)?([\p{Script=Han}]{1,4}?)(?:对[^，。！？]{0,10})?的意见/gu;
const IS_TITLE = new RegExp(`^(?:${TITLE.source})$`, 'u');
const APPROVALS = new RegExp(APPROVAL.source, 'g');
// Non-global copies for a whole-text test: none of the three expressions has an anchor or a
// lookaround, so one that finds nothing in the whole text finds nothing in any of its clauses.
const GOES_UP_TO_ANY = new RegExp(GOES_UP_TO.source, 'u');
const REPORTED_TO_ANY = new RegExp(REPORTED_TO.source, 'u');

/** The approvers a clause names as deciding: 最后是分管副总拍板, 要采购和质量一起评审. */
export function approversNamed(text: string): { index: number; name: string }[] {
  const out: { index: number; name: string }[] = [];
  const add = (index: number, name: string) => {
    const bare = name.replace(/^(?:我们|咱们|他们|们)/, '');
    if (bare.length >= 2) out.push({ index: index + name.length - bare.length, name: bare });
  };
  const decides = APPROVAL.test(text);
  const goesUp = GOES_UP_TO_ANY.test(text);
  const reported = REPORTED_TO_ANY.test(text);
  // Most utterances name nobody: one scan each instead of three per clause.
  if (!decides && !goesUp && !reported) return out;
  for (const clause of text.matchAll(/[^，。！？；,.!?;\s]+/g)) {
    const c = clause[0];
    let from = 0;
    if (decides)
      for (const verb of c.matchAll(APPROVALS)) {
        // 审核报告, 评审结果: a document, not someone deciding.
        if (/^(?:报告|结果|记录|标准|资料|意见书)/.test(c.slice(verb.index + verb[0].length))) continue;
        const start = Math.max(from, verb.index - 14);
        for (const t of c.slice(start, verb.index).matchAll(TITLE)) add(clause.index + start + t.index, t[0]);
        from = verb.index + verb[0].length;
      }
    if (goesUp)
      for (const g of c.matchAll(GOES_UP_TO)) add(clause.index + g.index + g[0].indexOf(g[1]!), g[1]!);
    if (!reported) continue;
    for (const r of c.matchAll(REPORTED_TO)) {
      const name = r[1] ?? r[2] ?? '';
      if (IS_TITLE.test(name)) add(clause.index + r.index + r[0].indexOf(name), name);
    }
  }
  return out;
}

/**
 * Where a title is named as someone other than an approver above the speaker: staff at work
 * (质量部人手少就两个人, 店长自己换个零件), the person spoken to (蒋老板您先忙), someone the speaker
 * directs (我让项目经理和监理一起看), or a reference at another organisation (育才中学的总务主任).
 */
const STAFF_AT_WORK =
  /人手|一个人管|就[一两二三四几]个|忙不过来|忙得|没空|排期|自己(?:换|修|弄|搞|干|装|来)|(?<!说了算)管[一两二三四五六七八九十几百]/;
const DIRECTED = /我(?:让|叫)(?:[^，。！？]{0,6}?[和跟、])?$/;
const OTHER_ORGANISATION = /([\p{Script=Han}]{2,6})(?:中学|小学|大学|学校|医院|公司|集团|工厂|厂)的$/u;

/** Someone the speaker directs (我让项目经理和监理一起看): the speaker's own people. */
function directed(view: string, start: number, end: number): boolean {
  return (
    DIRECTED.test(view.slice(Math.max(0, start - 8), start)) && !APPROVAL.test(view.slice(end, end + 10))
  );
}

/** True when the title at [start, end) of `view` names no approver of this deal (see above). */
export function notAnApprover(view: string, start: number, end: number): boolean {
  const after = view.slice(end, end + 10);
  if (/^(?:[您你](?!们)|找[您你])/.test(after)) return true;
  if (STAFF_AT_WORK.test(view.slice(Math.max(0, start - 6), end + 10))) return true;
  if (directed(view, start, end)) return true;
  const org = OTHER_ORGANISATION.exec(view.slice(Math.max(0, start - 12), start));
  return org !== null && !/[我你您咱贵们]/.test(org[1]!);
}

/** One approver named twice (招采委员会, then 委员会) is one: the shorter name is the same body. */
function sameApprover(a: string, b: string): boolean {
  return a.endsWith(b) || b.endsWith(a);
}

/** 决策链长's second half: the distinct approvers the call names (behaviours.md: 2+). */
export function approverEvidence(us: readonly PreparedUtterance[]): Evidence[] {
  const approvers = new Map<string, Evidence>();
  const add = (name: string, e: Evidence) => {
    if (![...approvers.keys()].some((k) => sameApprover(k, name))) approvers.set(name, e);
  };
  // The customer's own people, once the customer directs them, stay so when named again later.
  const own = new Set<string>();
  for (const u of us)
    if (u.speaker === 'customer')
      for (const a of termsOf(u, 'approver')) if (directed(u.view, a.start, a.end)) own.add(a.entry.concept);
  for (const [i, u] of us.entries()) {
    // The rep's greeting names the customer by title and where they met (顾场长您好, 在市教育局的
    // 培训上见过): who the customer is, not who else decides.
    const greeting = i === 0 && u.speaker === 'rep';
    for (const a of greeting ? [] : termsOf(u, 'approver')) {
      // A title heard through its pinyin (钟经理 for 总经理) counts only where someone decides.
      if (a.heard && !APPROVAL.test(u.view.slice(a.end, a.end + 8))) continue;
      if (own.has(a.entry.concept) || notAnApprover(u.view, a.start, a.end)) continue;
      add(a.entry.concept, {
        utteranceId: u.id,
        span: [a.start, a.end],
        term: a.entry.concept,
        rule: 'tag.approvers',
      });
    }
    for (const a of approversNamed(u.view)) {
      if (notAnApprover(u.view, a.index, a.index + a.name.length)) continue;
      add(a.name, {
        utteranceId: u.id,
        span: [a.index, a.index + a.name.length],
        term: a.name,
        rule: 'tag.approver-deciding',
      });
    }
  }
  return approvers.size >= 2 ? [...approvers.values()] : [];
}
