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
