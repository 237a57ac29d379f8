import type { CompiledLexicon, TermOccurrence } from '../../lexicons/lexicon.compile.js';
import { documentTerms, OBJECTION_TYPES, type ObjectionType } from '../../lexicons/lexicon.schema.js';
import { soundCanonical } from '../../lexicons/pinyin-index.js';
import type { CallContext } from './detector.js';
import { markersHeardBySound } from './heard-markers.js';
import type { ObjectionMatch } from './matches.js';
import { TYPE_EVIDENCE } from './objection.patterns.js';
import { type FlatText, inConditional } from './pattern.js';
import type { PreparedUtterance } from './prepare.js';
import { spokenFlatOf } from './prepare.js';
import { modelConfidence, modelEvidence, modelVerdict } from './second-stage.js';

/**
 * Objection detection that holds under speech-recognition noise (issue 11). A recogniser writes
 * homophones (太桂了), drops characters (说算 for 说了算) and puts hesitations inside phrases, which
 * breaks the written cues the rules find objections by and the type words the model's findings
 * need. Here a customer utterance where nothing was found is read again by sound, conservatively:
 * a cue heard by sound stands only where the learned model already leans towards an objection.
 * Sound similarity is general Mandarin (folded toneless readings, lexicons/pinyin-index.ts) of the
 * lexicon's own markers and the type words; nothing is read from the evaluation's noise table.
 */

/** One objection cue found by sound. */
export interface HeardCue {
  readonly type: ObjectionType;
  readonly rule: string;
  readonly span: [number, number];
}

let evidenceOnce: [ObjectionType, RegExp][] | undefined;
/** The everyday words of each type (TYPE_EVIDENCE) read by sound. */
function soundEvidence(): [ObjectionType, RegExp][] {
  evidenceOnce ??= OBJECTION_TYPES.map((t) => {
    const r = TYPE_EVIDENCE[t];
    return [t, new RegExp(soundCanonical(r.source), r.flags)];
  });
  return evidenceOnce;
}

/** The types whose everyday words the utterance holds when read by sound without hesitations. */
export function heardEvidence(u: PreparedUtterance): ObjectionType[] {
  const heard = soundCanonical(spokenFlatOf(u).text);
  return soundEvidence()
    .filter(([, re]) => re.test(heard))
    .map(([t]) => t);
}

const OBJECTION_CATEGORY = /^objection\.(price|timing|authority|need|competitor|trust|delivery)$/;
const NEGATED = /(不|没|并不|也不|不算|一点也不)$/;

/**
 * Objection cues of a customer utterance read by sound: the lexicon's objection markers heard with
 * one character different (heard-markers.ts), and its markers of three to six characters heard with
 * one inner character lost (说算 for 说了算), hesitations left out. Outside conditional clauses.
 */
export function heardCues(u: PreparedUtterance, lexicon: CompiledLexicon): HeardCue[] {
  const out: HeardCue[] = [];
  for (const t of markersHeardBySound(u.norm, lexicon, u.terms)) {
    const m = OBJECTION_CATEGORY.exec(t.entry.category);
    if (!m || negatedTerm(u, t) || inConditional(u.view, t.start)) continue;
    out.push({ type: m[1] as ObjectionType, rule: 'objection.lexicon.heard', span: [t.start, t.end] });
  }
  const spoken = spokenFlatOf(u);
  for (const d of markersWithDeletion(spoken, lexicon)) {
    if (inConditional(u.view, d.span[0])) continue;
    out.push(d);
  }
  return out;
}

function negatedTerm(u: PreparedUtterance, t: TermOccurrence): boolean {
  return !/^[不没]/.test(t.entry.surface) && NEGATED.test(u.view.slice(Math.max(0, t.start - 4), t.start));
}

interface Shortened {
  readonly sound: string;
  readonly type: ObjectionType;
}
const shortenedOf = new WeakMap<CompiledLexicon, Map<string, Shortened[]>>();

/** Objection surfaces of 3-6 characters with one inner character dropped, by the sound of the rest. */
function shortenedIndex(lexicon: CompiledLexicon): Map<string, Shortened[]> {
  let index = shortenedOf.get(lexicon);
  if (index) return index;
  index = new Map();
  for (const t of lexicon.documents.flatMap(documentTerms)) {
    const m = OBJECTION_CATEGORY.exec(t.category);
    if (!m) continue;
    for (const surface of [t.term, ...(t.synonyms ?? [])]) {
      if (surface.length < 3 || surface.length > 6 || /[^\u4e00-\u9fff]/.test(surface)) continue;
      const sound = soundCanonical(surface);
      for (let k = 1; k < sound.length - 1; k++) {
        const key = sound.slice(0, k) + sound.slice(k + 1);
        const list = index.get(key) ?? [];
        list.push({ sound, type: m[1] as ObjectionType });
        index.set(key, list);
      }
    }
  }
  shortenedOf.set(lexicon, index);
  return index;
}

/** Where the text without hesitations sounds like a marker missing one inner character. */
function markersWithDeletion(spoken: FlatText, lexicon: CompiledLexicon): HeardCue[] {
  const index = shortenedIndex(lexicon);
  const sound = soundCanonical(spoken.text);
  const out: HeardCue[] = [];
  for (let i = 0; i < sound.length; i++) {
    for (let n = 2; n <= 5 && i + n <= sound.length; n++) {
      const list = index.get(sound.slice(i, i + n));
      if (!list) continue;
      // The full marker said as written is the detector's, not a deletion.
      if (list.some((s) => sound.startsWith(s.sound, i))) continue;
      const start = spoken.map[i]!;
      const end = spoken.map[i + n - 1]! + 1;
      out.push({ type: list[0]!.type, rule: 'objection.lexicon.shortened', span: [start, end] });
    }
  }
  return out;
}

let enabled = false;

/**
 * Turns the reading by sound on or off for this process. Off by default: measured and not shipped
 * (docs/measurements.md, "2026-12-08 objection detection under ASR noise");
 * `scripts/eval-augment.ts --heard-objections` turns it on to measure.
 */
export function setObjectionsHeardBySound(on: boolean): void {
  enabled = on;
}

/** The model's objection probability over its threshold at which a cue heard by sound stands. */
const CUE_RATIO = 0.8;

/**
 * Objections of a customer utterance where neither the rules nor the model found one. Noise breaks
 * the written cues, and with them the type evidence the model's findings need, so the model's
 * near misses are read again by sound: the model at or over its threshold with an everyday word
 * of its type heard by sound (TYPE_EVIDENCE), or at least CUE_RATIO of it with an objection cue
 * heard by sound (`heardCues`). A cue by sound alone never stands: on typed text nearly every
 * such match is an ordinary word that merely sounds alike. The types are the model's.
 */
export function heardObjections(ctx: CallContext, u: PreparedUtterance): ObjectionMatch[] {
  if (!enabled || u.speaker !== 'customer') return [];
  const any = modelVerdict(ctx, u, 'objection');
  if (!any || any.probability < CUE_RATIO * any.threshold) return [];
  const scored = OBJECTION_TYPES.flatMap((type) => {
    const v = modelVerdict(ctx, u, `objection.${type}`);
    return v ? [{ type, v, ratio: v.probability / v.threshold }] : [];
  });
  if (scored.length === 0) return [];
  const sure = scored.filter((s) => s.ratio >= 1);
  const best = scored.reduce((a, b) => (b.ratio > a.ratio ? b : a));
  const chosen = sure.length > 0 ? sure : [best];
  const evidenced = any.probability >= any.threshold && chosen.some((s) => heardEvidence(u).includes(s.type));
  if (!evidenced && heardCues(u, ctx.deps.lexicon).length === 0) return [];
  return chosen.map(({ type }) => {
    const ev = modelEvidence(ctx, u, `objection.${type}`);
    return {
      utterance: u,
      type,
      span: ev.span,
      term: null,
      rule: 'objection.heard',
      model: {
        confidence: modelConfidence(any),
        probability: any.probability,
        term: ev.term,
        ngrams: ev.ngrams,
      },
    };
  });
}
