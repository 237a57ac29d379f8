import type { Detector } from './detector.js';
import type { PreparedUtterance } from './prepare.js';
import { contentF1, termsOf, wordsWithin } from './prepare.js';

/** A restatement candidate before accuracy is judged. */
export interface RestatementMatch {
  rep: PreparedUtterance;
  customer: PreparedUtterance;
  span: [number, number];
  marker: string;
  rule: 'restatement.marker' | 'restatement.tail';
  /** Content words of the restated part (after the marker). */
  restated: readonly string[];
  lexicalF1: number;
}

/** How many customer utterances back a restatement may refer to. */
const LOOKBACK_CUSTOMER = 4;

/**
 * Finds rep restatements: an explicit marker (您是说, 也就是说, 我确认一下…) or 所以… closed by a
 * confirmation tag (对吧/对吗/是吧) with real overlap. The referent is the recent customer
 * utterance the restatement overlaps most (recent ones win ties).
 */
export function findRestatements(utterances: readonly PreparedUtterance[]): RestatementMatch[] {
  const out: RestatementMatch[] = [];
  for (const rep of utterances) {
    if (rep.speaker !== 'rep') continue;
    const marker = termsOf(rep, 'restatement')[0];
    let rule: RestatementMatch['rule'] = 'restatement.marker';
    let from = marker?.end ?? -1;
    let markerText = marker?.entry.surface ?? '';
    if (!marker) {
      const tail = termsOf(rep, 'restatement.tail').find((t) => t.start <= 3);
      const tag = rep.questions.find((q) => q.rule === 'question.tag');
      if (!tail || !tag) continue;
      rule = 'restatement.tail';
      from = tail.end;
      markerText = tail.entry.surface;
    }
    const restated = wordsWithin(rep, from);
    let best: { c: PreparedUtterance; f1: number; score: number } | undefined;
    let seen = 0;
    for (let i = rep.index - 1; i >= 0 && seen < LOOKBACK_CUSTOMER; i--) {
      const c = utterances[i]!;
      if (c.speaker !== 'customer') continue;
      const f1 = contentF1(restated, wordsWithin(c));
      const score = f1 - 0.04 * seen;
      seen++;
      if (!best || score > best.score) best = { c, f1, score };
    }
    if (!best) continue;
    if (rule === 'restatement.tail' && best.f1 < 0.2) continue;
    const start = marker ? marker.start : (termsOf(rep, 'restatement.tail')[0]?.start ?? 0);
    out.push({
      rep,
      customer: best.c,
      span: [start, trimEnd(rep)],
      marker: markerText,
      rule,
      restated,
      lexicalF1: best.f1,
    });
  }
  return out;
}

function trimEnd(u: PreparedUtterance): number {
  let end = u.norm.length;
  while (end > 0 && /[\p{P}\s]/u.test(u.norm[end - 1]!)) end--;
  return Math.max(end, 1);
}

/** Registry entry: restatements with their accuracy (lexical, or an embedding model). */
export const restatementDetector: Detector<'restatement'> = {
  id: 'restatement',
  labels: ['restatement'],
  reads: [],
  writes: ['restatements'],
  detect(ctx) {
    const { similarity } = ctx;
    for (const r of findRestatements(ctx.us)) {
      let sim = r.lexicalF1;
      if (similarity.measure === 'embedding' && similarity.between) {
        sim = similarity.between(r.rep.norm.slice(r.span[0], r.span[1]), r.customer.norm);
      }
      const accurate = sim >= similarity.threshold;
      const finding = ctx.add({
        label: 'restatement',
        utteranceId: r.rep.id,
        span: r.span,
        rule: r.rule,
        term: r.marker,
        confidence: r.rule === 'restatement.marker' ? 0.9 : 0.7,
        refersTo: r.customer.id,
        accurate,
        similarity: Math.round(sim * 10000) / 10000,
        measure: similarity.measure,
      });
      ctx.facts.restatements.set(r.rep.id, { finding, refersTo: r.customer.id, accurate });
    }
  },
  fromAppeal(ctx, u, base) {
    const { similarity } = ctx;
    const customer = ctx.us
      .slice(0, u.index)
      .reverse()
      .find((x) => x.speaker === 'customer');
    if (!customer) return null;
    const restated = u.norm.slice(base.span[0], base.span[1]);
    const sim =
      similarity.measure === 'embedding' && similarity.between
        ? similarity.between(restated, customer.norm)
        : contentF1(wordsWithin(u, base.span[0], base.span[1]), wordsWithin(customer));
    return {
      ...base,
      refersTo: customer.id,
      accurate: sim >= similarity.threshold,
      similarity: Math.round(sim * 10000) / 10000,
      measure: similarity.measure,
    };
  },
};
