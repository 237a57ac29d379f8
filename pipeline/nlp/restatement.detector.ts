import type { CompiledLexicon } from '../../lexicons/lexicon.compile.js';
import { documentTerms } from '../../lexicons/lexicon.schema.js';
import type { Detector } from './detector.js';
import type { PreparedUtterance } from './prepare.js';
import { contentF1, termsOf, wordsWithin } from './prepare.js';
import {
  buildSoundPhraseMatcher,
  overlapOf,
  type SoundPhraseMatcher,
  soundOverlap,
  soundPairs,
  spokenCore,
} from './sound.js';
import { mayShareWord, wordProbe } from './word-overlap.js';

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
  /** Sound-bigram overlap (sound.ts) of the restated part with the customer's utterance. */
  soundOverlap: number;
}

/**
 * Sound overlap at which a restatement is accurate whatever its words: on the team's labelled
 * calls accurate restatements score 0.29 and more (0.37 on typed text), inaccurate ones 0.10 and
 * less, typed or heard through ASR noise.
 */
export const SOUND_ACCURATE = 0.2;
/** A marker heard by sound (not written exactly) must start within this many characters. */
const SOUND_MARKER_START = 8;
/** A tail heard by sound (所以…) must start within this many characters. */
const SOUND_TAIL_START = 4;
/** Customer utterances of at most this many characters (对, 是的, 没错) are answers, not points. */
const SHORT_ANSWER = 4;

/** The restatement vocabulary of a lexicon, matched by sound (markers, tails, closing tags). */
export interface SoundMarkers {
  markers: SoundPhraseMatcher;
  tails: SoundPhraseMatcher;
  tags: SoundPhraseMatcher;
}

const soundMarkersOf = new WeakMap<CompiledLexicon, SoundMarkers>();

/** Built once per compiled lexicon from its `restatement`, `restatement.tail` and `question.tag` words. */
export function soundMarkers(lexicon: CompiledLexicon): SoundMarkers {
  let m = soundMarkersOf.get(lexicon);
  if (!m) {
    const terms = lexicon.documents.flatMap(documentTerms);
    const of = (category: string) =>
      terms.filter((t) => t.category === category).flatMap((t) => [t.term, ...(t.synonyms ?? [])]);
    m = {
      markers: buildSoundPhraseMatcher(of('restatement')),
      tails: buildSoundPhraseMatcher(of('restatement.tail')),
      // Tags that close a statement for confirmation (对吧, 是吗…), not 了没/行不.
      tags: buildSoundPhraseMatcher(of('question.tag').filter((t) => /[吧吗]$|对不对|是不是/.test(t))),
    };
    soundMarkersOf.set(lexicon, m);
  }
  return m;
}

/** End of the utterance's words: trailing punctuation, spaces and hesitations dropped. */
function wordsEnd(u: PreparedUtterance): number {
  let end = u.norm.length;
  while (end > 0 && /[\p{P}\s嗯呃啊]/u.test(u.norm[end - 1]!)) end--;
  return end;
}

/**
 * A marker or a tail closed by a confirmation tag, heard by sound when the exact words are not
 * there (您是硕, 也就是嗯说, … 对罢): [start, end) of the marker, or undefined.
 */
function heardMarker(
  rep: PreparedUtterance,
  sound: SoundMarkers,
): { start: number; end: number; marker: string; rule: RestatementMatch['rule'] } | undefined {
  // Bounded searches: only a marker or tail near the start counts, and most rep utterances have none.
  const marker = sound.markers.find(rep.norm, SOUND_MARKER_START)[0];
  if (marker) return { ...marker, marker: marker.phrase, rule: 'restatement.marker' };
  const tail = sound.tails.find(rep.norm, SOUND_TAIL_START)[0];
  if (!tail) return undefined;
  const end = wordsEnd(rep);
  const tag = sound.tags.find(rep.norm).some((h) => h.start > tail.end && h.end >= end);
  return tag ? { ...tail, marker: tail.phrase, rule: 'restatement.tail' } : undefined;
}

/** How many customer utterances back a restatement may refer to. */
const LOOKBACK_CUSTOMER = 4;

/**
 * Finds rep restatements: an explicit marker (您是说, 也就是说, 我确认一下…) or 所以… closed by a
 * confirmation tag (对吧/对吗/是吧) with real overlap. The referent is the recent customer
 * utterance the restatement overlaps most (recent ones win ties).
 */
export function findRestatements(
  utterances: readonly PreparedUtterance[],
  sound?: SoundMarkers,
  lexicon?: CompiledLexicon,
): RestatementMatch[] {
  const out: RestatementMatch[] = [];
  // Sound bigrams of the customer utterances compared so far: a customer utterance is compared
  // with each restatement that follows it within the lookback.
  const pairsOf = new Map<PreparedUtterance, ReadonlySet<string>>();
  const customerPairs = (c: PreparedUtterance): ReadonlySet<string> => {
    let pairs = pairsOf.get(c);
    if (!pairs) {
      pairs = soundPairs(c.norm);
      pairsOf.set(c, pairs);
    }
    return pairs;
  };
  for (const rep of utterances) {
    if (rep.speaker !== 'rep') continue;
    const marker = termsOf(rep, 'restatement')[0];
    let rule: RestatementMatch['rule'] = 'restatement.marker';
    let start = marker?.start ?? 0;
    let from = marker?.end ?? -1;
    let markerText = marker?.entry.surface ?? '';
    if (!marker) {
      const tail = termsOf(rep, 'restatement.tail').find((t) => t.start <= 3);
      const tag = rep.questions.find((q) => q.rule === 'question.tag');
      const heard = tail && tag ? undefined : sound && heardMarker(rep, sound);
      if (tail && tag) {
        rule = 'restatement.tail';
        start = tail.start;
        from = tail.end;
        markerText = tail.entry.surface;
      } else if (heard) {
        rule = heard.rule;
        start = heard.start;
        from = heard.end;
        markerText = heard.marker;
      } else continue;
    }
    const restated = wordsWithin(rep, from);
    // With the lexicon the utterances were prepared with, a customer utterance that cannot share
    // a restated word (word-overlap.ts) has F1 0 without being segmented.
    const probe = lexicon && restated.length > 0 ? wordProbe(rep, lexicon, from) : undefined;
    const restatedPairs = sound ? soundPairs(rep.norm.slice(from)) : undefined;
    let best: { c: PreparedUtterance; f1: number; sound: number; score: number } | undefined;
    let seen = 0;
    let movedOn = false;
    for (let i = rep.index - 1; i >= 0 && seen < LOOKBACK_CUSTOMER; i--) {
      const c = utterances[i]!;
      if (c.speaker !== 'customer') continue;
      // No restated words, no overlap: the customer's words are not needed (nor segmented).
      const f1 =
        restated.length === 0 || (probe && !mayShareWord(probe, c.norm))
          ? 0
          : contentF1(restated, wordsWithin(c));
      // Heard by sound as well (ASR mis-hearings change the words, not how they sound), but only
      // for what the customer has just said: the rep going back to an older point while the
      // customer has moved on is not taken as restating it on sound alone.
      const heardAs = restatedPairs && !movedOn ? overlapOf(restatedPairs, customerPairs(c)) : 0;
      const score = Math.max(f1, heardAs) - 0.04 * seen;
      seen++;
      // A short answer (对, 是的) in between is not a new point.
      if (spokenCore(c.norm).length > SHORT_ANSWER) movedOn = true;
      if (!best || score > best.score) best = { c, f1, sound: heardAs, score };
    }
    if (!best) continue;
    if (rule === 'restatement.tail' && best.f1 < 0.2 && best.sound < SOUND_ACCURATE) continue;
    out.push({
      rep,
      customer: best.c,
      span: [start, trimEnd(rep)],
      marker: markerText,
      rule,
      restated,
      lexicalF1: best.f1,
      soundOverlap: best.sound,
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
    const { lexicon } = ctx.deps;
    for (const r of findRestatements(ctx.us, soundMarkers(lexicon), lexicon)) {
      let sim = r.lexicalF1;
      if (similarity.measure === 'embedding' && similarity.between) {
        sim = similarity.between(r.rep.norm.slice(r.span[0], r.span[1]), r.customer.norm);
      }
      // With the lexical measure, what the rep said back that sounds like what the customer said
      // is accurate even when ASR wrote other characters and jieba other words. An embedding
      // model's threshold, set by the team, decides alone.
      const accurate =
        sim >= similarity.threshold || (lexical(similarity) && r.soundOverlap >= SOUND_ACCURATE);
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
      accurate:
        sim >= similarity.threshold ||
        (lexical(similarity) && soundOverlap(restated, customer.norm) >= SOUND_ACCURATE),
      similarity: Math.round(sim * 10000) / 10000,
      measure: similarity.measure,
    };
  },
};

/** The lexical measure is in use (no embedding model answers for this analysis). */
function lexical(similarity: { measure: string; between?: unknown }): boolean {
  return !(similarity.measure === 'embedding' && similarity.between);
}
