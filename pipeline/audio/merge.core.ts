import type { Speaker } from '../../models/transcript.js';
import type { Segment } from './transcriber.protocol.js';

/** A transcribed stretch with its speaker; `confidence` null = given by the channel map. */
export interface SpokenSegment extends Segment {
  speaker: Speaker;
  confidence: number | null;
}

export interface MergedUtterance {
  id: string;
  speaker: Speaker;
  start: number;
  end: number;
  text: string;
  /** Lowest attribution confidence of the joined segments; null when the channel map said. */
  speakerConfidence: number | null;
}

/** Segments of one speaker closer than this, with nobody else starting in between, form one turn. */
export const JOIN_GAP_MS = 1200;

/** A joined turn stops growing here (a long monologue stays several utterances). */
export const MAX_TURN_CHARS = 2000;

function joinText(a: string, b: string): string {
  if (a === '') return b;
  if (/[\p{P}]$/u.test(a)) return a + b;
  // Two Chinese clauses: whisper cut a sentence in two; mark the pause.
  if (/\p{Script=Han}$/u.test(a) && /^\p{Script=Han}/u.test(b)) return `${a}，${b}`;
  return `${a} ${b}`;
}

/**
 * Merges the segments of both sides (two channels, or one attributed mono channel) into the
 * utterance list the analysis consumes: sorted by start time (then end, then rep first),
 * consecutive segments of the same speaker within {@link JOIN_GAP_MS} joined into one turn,
 * overlaps kept as they are (both speakers talking at once stay two utterances), ids u1, u2, ….
 * Times are rounded to whole milliseconds and `end >= start` holds.
 */
export function mergeSegments(
  segments: readonly SpokenSegment[],
  joinGapMs = JOIN_GAP_MS,
): MergedUtterance[] {
  const sorted = segments
    .filter((s) => s.text.trim() !== '')
    .map((s) => ({ ...s, start: Math.round(s.start), end: Math.max(Math.round(s.end), Math.round(s.start)) }))
    .sort(
      (a, b) =>
        a.start - b.start || a.end - b.end || (a.speaker === b.speaker ? 0 : a.speaker === 'rep' ? -1 : 1),
    );
  const out: Omit<MergedUtterance, 'id'>[] = [];
  for (const s of sorted) {
    const prev = out[out.length - 1];
    if (
      prev &&
      prev.speaker === s.speaker &&
      s.start - prev.end <= joinGapMs &&
      prev.text.length + s.text.length <= MAX_TURN_CHARS
    ) {
      prev.text = joinText(prev.text, s.text.trim());
      prev.end = Math.max(prev.end, s.end);
      if (s.confidence !== null)
        prev.speakerConfidence =
          prev.speakerConfidence === null ? s.confidence : Math.min(prev.speakerConfidence, s.confidence);
      continue;
    }
    out.push({
      speaker: s.speaker,
      start: s.start,
      end: s.end,
      text: s.text.trim(),
      speakerConfidence: s.confidence,
    });
  }
  return out.map((u, i) => ({ id: `u${i + 1}`, ...u }));
}
