import type { Segment } from './transcriber.protocol.js';

/**
 * Whole-segment texts whisper is known to invent on silence or music in Chinese audio: subtitle
 * credits and video outros from its training data. Matched after removing punctuation and
 * spaces. A sales call may say 谢谢 or even 感谢观看, so these drop a segment only where the
 * audio under it is (nearly) silent; credits (字幕…提供/制作) are dropped everywhere.
 */
const SILENCE_PHRASES: readonly RegExp[] = [
  /^(谢谢|感谢)(大家|各位|您)?(的)?(观看|收看|收听|聆听)/,
  /^(请)?(不吝)?(点赞|订阅|转发|打赏|关注)/,
  /^(中文)?字幕/,
  /^(谢谢|感谢)$/,
  /^(嗯|啊|呃|哦)$/,
  /^(by|bye)$/i,
  /^(优优独播剧场|明镜与点点栏目|yoyotelevisionseriesexclusive)/i,
  /^amara\.?org/i,
  /^music$/i,
];

const CREDITS: readonly RegExp[] = [
  /字幕(由|提供|制作|校对|志愿者|组)/,
  /(由|by).{0,20}(amara|字幕组)/i,
  /^(中文)?字幕(提供|制作)?[:：]?/,
  /优优独播剧场|明镜与点点栏目|YoYo Television Series Exclusive/i,
];

/** Below this share of voiced frames a segment lies on a silent stretch. */
export const SILENT_SHARE = 0.2;

export interface GuardStats {
  kept: number;
  hallucinations: number;
  repeats: number;
  empty: number;
}

function bare(text: string): string {
  return text.replace(/[\s\p{P}\p{S}]/gu, '').toLowerCase();
}

/**
 * Collapses a phrase looping inside one segment (the decoder stuck: 好的好的好的好的好的…) to at
 * most two repetitions. Only units of 1-12 characters repeated 4+ times in a row are touched.
 */
export function collapseLoops(text: string): string {
  return text.replace(/(.{1,12}?)\1{3,}/gu, '$1$1');
}

/**
 * Drops what whisper invents rather than hears, keeping everything else in order:
 * - empty segments, and segments with end before start or beyond the audio;
 * - known silence hallucinations on stretches the energy profile says are silent, and
 *   subtitle credits anywhere;
 * - the same text (4+ characters) repeated in consecutive segments (a decoding loop across
 *   windows): the first is kept, copies starting within 30 s of the previous one are dropped;
 *   short answers such as 好的 or 对 legitimately repeat and are kept.
 * `voiced(start, end)` is the share of voiced frames under a segment (see pcm-energy.ts).
 */
export function guardSegments(
  segments: readonly Segment[],
  voiced: (startMs: number, endMs: number) => number,
  durationMs: number,
): { segments: Segment[]; stats: GuardStats } {
  const stats: GuardStats = { kept: 0, hallucinations: 0, repeats: 0, empty: 0 };
  const out: Segment[] = [];
  let last: { key: string; end: number } | undefined;
  for (const seg of segments) {
    const text = collapseLoops(seg.text.trim());
    const key = bare(text);
    const start = Math.min(seg.start, durationMs);
    const end = Math.min(Math.max(seg.end, start), durationMs);
    if (key === '' || (end <= start && durationMs > 0 && seg.start >= durationMs)) {
      stats.empty++;
      continue;
    }
    if (CREDITS.some((re) => re.test(text))) {
      stats.hallucinations++;
      continue;
    }
    if (
      SILENCE_PHRASES.some((re) => re.test(key)) &&
      voiced(start, Math.max(end, start + 1)) < SILENT_SHARE
    ) {
      stats.hallucinations++;
      continue;
    }
    if (last && last.key === key && [...key].length >= 4 && start - last.end <= 30_000) {
      stats.repeats++;
      last.end = end;
      continue;
    }
    last = { key, end };
    out.push({ start, end, text });
    stats.kept++;
  }
  return { segments: out, stats };
}
