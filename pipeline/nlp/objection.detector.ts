import type { TermOccurrence } from '../../lexicons/lexicon.compile.js';
import { OBJECTION_TYPES, type ObjectionType } from '../../lexicons/lexicon.schema.js';
import type { PreparedUtterance } from './prepare.js';
import { termsOf } from './prepare.js';

export interface ObjectionMatch {
  utterance: PreparedUtterance;
  type: ObjectionType;
  span: [number, number];
  term: TermOccurrence | null;
  rule: string;
}

const NEGATED = /(不|没|并不|也不|不算|一点也不)$/;
const GENERIC_RIVAL = /别家|别的厂家|其他家|其他厂家|人家|另一家|另外一家/;
const INCUMBENT = /(用的是|用的|在用|已经有|买的是|装的是|用着)/;

/**
 * Customer objections by type (one per type per utterance, convention 8). Terms come from the
 * base lexicon and the industry overlay. Competitor cues (挺好, 也在看, 用着顺手) and refusals to
 * switch (不换) count as a competitor objection only when a competitor is named; a refusal to
 * switch with no competitor is a need objection. A bare "we already use <brand>" answer is a
 * competitor objection; naming a vendor while describing a problem is context only (convention 7).
 */
export function findObjections(u: PreparedUtterance): ObjectionMatch[] {
  if (u.speaker !== 'customer') return [];
  const found = new Map<ObjectionType, ObjectionMatch>();
  const add = (type: ObjectionType, term: TermOccurrence | null, rule: string, span?: [number, number]) => {
    if (found.has(type)) return;
    const s: [number, number] = span ?? (term ? [term.start, term.end] : [0, u.norm.length]);
    found.set(type, { utterance: u, type, span: s, term, rule });
  };
  const negated = (t: TermOccurrence) =>
    !/^[不没]/.test(t.entry.surface) && NEGATED.test(u.view.slice(Math.max(0, t.start - 4), t.start));
  for (const type of OBJECTION_TYPES) {
    for (const t of termsOf(u, `objection.${type}`)) {
      if (!negated(t)) add(type, t, 'objection.lexicon');
    }
  }
  const competitors = termsOf(u, 'competitor');
  const named = competitors.length > 0 || GENERIC_RIVAL.test(u.view);
  const cue = termsOf(u, 'objection.competitor_cue').find((t) => !negated(t));
  if (cue && named)
    add('competitor', cue, 'objection.competitor-cue', [
      Math.min(cue.start, competitors[0]?.start ?? cue.start),
      cue.end,
    ]);
  const wants = termsOf(u, 'need.want');
  for (const t of termsOf(u, 'objection.switch')) {
    // 最好能打通，不用换机器: not switching hardware is part of a want, not a refusal.
    if (wants.some((w) => w.end <= t.start && sameSentence(u, w.start, t.start))) continue;
    add(named ? 'competitor' : 'need', t, 'objection.switch');
  }
  // Comparing prices with a named competitor is a competitor objection too (convention 7).
  const price = found.get('price');
  if (price && competitors.length > 0 && PRICE_COMPARISON.test(u.view)) {
    add('competitor', competitors[0]!, 'objection.competitor-price', [competitors[0]!.start, price.span[1]]);
  }
  const pain = termsOf(u, ['need.pain', 'need']).length > 0;
  const first = competitors[0];
  if (
    first &&
    !pain &&
    contentLength(u) <= 24 &&
    INCUMBENT.test(u.view.slice(Math.max(0, first.start - 4), first.start))
  ) {
    add('competitor', first, 'objection.competitor-incumbent');
  }
  return [...found.values()];
}

const PRICE_COMPARISON = /比(你们|您们|这个|这|你|您)|更便宜|更低|低一些|便宜一些|便宜不少/;

function sameSentence(u: PreparedUtterance, a: number, b: number): boolean {
  const sa = u.clauses.find((c) => c.start <= a && c.end > a)?.sentence;
  const sb = u.clauses.find((c) => c.start <= b && c.end > b)?.sentence;
  return sa !== undefined && sa === sb;
}

function contentLength(u: PreparedUtterance): number {
  return u.view.replace(/[\p{P}\s\u2063]/gu, '').length;
}
