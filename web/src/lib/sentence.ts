import { clock } from './labels';

/** Said where a sentence a finding or appeal names is no longer in the call (re-transcribed). */
export const SENTENCE_GONE = '原句已不在通话中';

/**
 * A sentence as a reader finds it in the call: 第4句（00:22）. The server leaves index and start
 * null when the call no longer has the sentence: then that is what the reader is told, never 第0句.
 */
export function sentenceName(f: { utteranceIndex: number | null; startMs: number | null }): string {
  if (f.utteranceIndex === null || f.startMs === null) return SENTENCE_GONE;
  return `第${f.utteranceIndex}句（${clock(f.startMs)}）`;
}

/** A sentence's place in its call, from 1, and its start. */
export interface SentencePlace {
  utteranceIndex: number;
  startMs: number;
}

/** Every sentence of a transcript (in order) by id: its place from 1 and its start. */
export function sentencePlaces(
  utterances: readonly { id: string; start: number }[],
): Map<string, SentencePlace> {
  return new Map(utterances.map((u, i) => [u.id, { utteranceIndex: i + 1, startMs: u.start }]));
}

/** The name of a sentence by id among a transcript's places: 第4句（00:22）, or that it is gone. */
export function sentenceNameIn(places: ReadonlyMap<string, SentencePlace>, utteranceId: string): string {
  return sentenceName(places.get(utteranceId) ?? { utteranceIndex: null, startMs: null });
}
