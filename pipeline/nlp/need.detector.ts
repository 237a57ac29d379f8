import type { TermOccurrence } from '../../lexicons/lexicon.compile.js';
import type { PreparedUtterance } from './prepare.js';
import { insideShortQuestion, termsOf } from './prepare.js';

export interface NeedMatch {
  utterance: PreparedUtterance;
  span: [number, number];
  term: TermOccurrence;
}

const NEGATED = /(不|没|没有|并不|也不|不太|不算)$/;

/**
 * Implicit need: the customer describes a problem, difficulty or constraint (base pain markers or
 * the industry's `need` terms) without asking for anything. An utterance that is an objection
 * only counts when an industry need term is present: 太贵/拿不出 are objections, not needs.
 * At most one per utterance (convention 10).
 */
export function findImplicitNeed(u: PreparedUtterance, hasObjection: boolean): NeedMatch | undefined {
  if (u.speaker !== 'customer') return undefined;
  const industry = termsOf(u, 'need');
  const pain = termsOf(u, 'need.pain');
  const candidates = [...industry, ...(hasObjection ? [] : pain)]
    .filter(
      (t) =>
        !NEGATED.test(u.view.slice(Math.max(0, t.start - 3), t.start)) || /^[不没]/.test(t.entry.surface),
    )
    .filter((t) => !insideQuestion(u, t))
    .sort((a, b) => a.start - b.start);
  const first = candidates[0];
  if (!first) return undefined;
  return { utterance: u, span: clauseSpan(u, first.start, first.end), term: first };
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
  return { utterance: u, span, term: want };
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
