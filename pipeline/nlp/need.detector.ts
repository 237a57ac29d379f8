import type { TermOccurrence } from '../../lexicons/lexicon.compile.js';
import { NEED_RULES } from './need.patterns.js';
import { flatten, matchRules } from './pattern.js';
import type { PreparedUtterance } from './prepare.js';
import { insideShortQuestion, termsOf } from './prepare.js';

export interface NeedMatch {
  utterance: PreparedUtterance;
  span: [number, number];
  /** Canonical concept (lexicon term) or the matched words (rule). */
  term: string;
  surface: string;
  rule: 'need.industry-term' | 'need.pain-marker' | 'need.inability' | 'need.want-marker' | `need.${string}`;
  confidence: number;
}

/**
 * Inability (potential complement in the negative): 上不去, 存不了, 看不清, 装不下, 推不动, 不会弄.
 * Set phrases that are not complaints are excluded (了不起, 对不起, 差不多, 说不定, 用不了多久).
 */
const INABILITY =
  /(?<![了对差说免少要看])[\p{Script=Han}]不(了(?![多解])|清|下(?![来去面午])|动|到(?![位])|完|起(?![来])|上(?![来])|进|去|开|过来|过去)|不会(用|弄|设置|操作|装|调|搞)/u;
const NOT_INABILITY = /了不起|对不起|差不多|说不定|不得不|忘不了|来不及|看不起|用不了多|要不了|不到位/;

const NEGATED = /(不|没|没有|并不|也不|不太|不算)$/;

/**
 * Implicit need: the customer describes a problem, difficulty or constraint (base pain markers or
 * the industry's `need` terms) without asking for anything. An utterance that is an objection
 * only counts when an industry need term is present: 太贵/拿不出 are objections, not needs.
 * At most one per utterance (convention 10).
 */
export function findImplicitNeed(
  u: PreparedUtterance,
  objectionSpans: readonly (readonly [number, number])[] = [],
): NeedMatch | undefined {
  const hasObjection = objectionSpans.length > 0;
  if (u.speaker !== 'customer') return undefined;
  const industry = termsOf(u, 'need');
  const pain = termsOf(u, 'need.pain');
  const candidates = [...industry, ...(hasObjection ? [] : pain.filter((t) => !politeOrAnnounce(u, t)))]
    .filter(
      (t) =>
        !NEGATED.test(u.view.slice(Math.max(0, t.start - 3), t.start)) || /^[不没]/.test(t.entry.surface),
    )
    .filter((t) => !insideQuestion(u, t))
    .sort((a, b) => a.start - b.start);
  const first = candidates[0];
  if (first) {
    const industryTerm = first.entry.category === 'need';
    return {
      utterance: u,
      span: clauseSpan(u, first.start, first.end),
      term: first.entry.concept,
      surface: first.entry.surface,
      rule: industryTerm ? 'need.industry-term' : 'need.pain-marker',
      confidence: industryTerm ? 0.85 : 0.7,
    };
  }
  const pattern = findNeedPattern(u, objectionSpans);
  if (pattern) return pattern;
  if (hasObjection) return undefined;
  const m = INABILITY.exec(u.view);
  if (!m || NOT_INABILITY.test(u.view.slice(Math.max(0, m.index - 1), m.index + m[0].length + 1)))
    return undefined;
  if (insideShortQuestion(u, m.index, m.index + m[0].length)) return undefined;
  return {
    utterance: u,
    span: clauseSpan(u, m.index, m.index + m[0].length),
    term: m[0],
    surface: m[0],
    rule: 'need.inability',
    confidence: 0.6,
  };
}

/** Explicit need: 我们需要 / 希望 / 最好能…, but not requests for samples, quotes or demos. */
export function findExplicitNeed(u: PreparedUtterance): NeedMatch | undefined {
  if (u.speaker !== 'customer') return undefined;
  const want = termsOf(u, 'need.want').filter(
    (t) => !NEGATED.test(u.view.slice(Math.max(0, t.start - 2), t.start)) && !insideQuestion(u, t),
  )[0];
  if (!want) return undefined;
  const span = clauseSpan(u, want.start, want.end);
  if (termsOf(u, ['need.negation', 'sample'], span).length > 0) return undefined;
  return {
    utterance: u,
    span,
    term: want.entry.concept,
    surface: want.entry.surface,
    rule: 'need.want-marker',
    confidence: 0.75,
  };
}

/** Patterns too weak to stand beside an objection in the same utterance. */
const WEAK = new Set(['need.hard', 'need.limit', 'need.bad-outcome']);

/**
 * 麻烦您/麻烦你帮我 is politeness, and 有几个问题(想问) announces questions: neither is a problem.
 */
function politeOrAnnounce(u: PreparedUtterance, t: TermOccurrence): boolean {
  const after = u.view.slice(t.end, t.end + 3);
  const before = u.view.slice(Math.max(0, t.start - 3), t.start);
  if (t.entry.surface === '麻烦') return /^(你|您|帮|大家|了)/.test(after);
  if (t.entry.surface === '问题')
    return (
      /(几个|两个|一个|个)$/.test(before) ||
      /^(想问|问你|问您|我再|再找|再叫|就|了解)/.test(after) ||
      /有$/.test(before)
    );
  return false;
}

/**
 * A problem told in everyday words (need.patterns.ts). Beside an objection it counts only in a
 * clause of its own: 太贵了 is an objection, 一到冬天就冻裂 after it is still a problem.
 */
function findNeedPattern(
  u: PreparedUtterance,
  objectionSpans: readonly (readonly [number, number])[],
): NeedMatch | undefined {
  const flat = flatten(u.view);
  for (const hit of matchRules(flat, NEED_RULES)) {
    const [a, b] = hit.span;
    if (insideShortQuestion(u, a, b)) continue;
    const span = clauseSpan(u, a, b);
    if (
      objectionSpans.length > 0 &&
      (WEAK.has(hit.rule.id) || objectionSpans.some(([x, y]) => x < span[1] && y > span[0]))
    )
      continue;
    return {
      utterance: u,
      span,
      term: hit.text,
      surface: hit.text,
      rule: hit.rule.id as NeedMatch['rule'],
      confidence: 0.6,
    };
  }
  return undefined;
}

function insideQuestion(u: PreparedUtterance, t: TermOccurrence): boolean {
  return insideShortQuestion(u, t.start, t.end);
}

/** The span of the clause(s) around a term, up to the sentence end. */
export function clauseSpan(u: PreparedUtterance, start: number, end: number): [number, number] {
  const clause = u.clauses.find((c) => c.start <= start && c.end >= end);
  if (!clause) return [start, end];
  let to = clause.end;
  for (const c of u.clauses)
    if (c.sentence === clause.sentence && c.start >= clause.start) to = Math.max(to, c.end);
  return [clause.start, to];
}
