import { createReadStream } from 'node:fs';
import { PCM_RATE } from './ffmpeg.runner.js';

/** Length of one energy frame. */
export const FRAME_MS = 100;
const FRAME_SAMPLES = (PCM_RATE * FRAME_MS) / 1000;

/**
 * Below this RMS (-45 dBFS) a frame counts as silence. Speech on a phone line sits around
 * -30 to -15 dBFS; line hiss and room noise at -70 to -50.
 */
export const SILENCE_RMS = 10 ** (-45 / 20);

/** RMS energy (0..1 of full scale) of each 100 ms frame of a 16 kHz mono s16le file. */
export interface EnergyProfile {
  durationMs: number;
  frames: Float32Array;
}

/**
 * Streams a PCM file and computes its energy profile. Works chunk by chunk as the file is
 * read, so even a 3-hour channel never holds the event loop for more than about a millisecond.
 */
export async function readEnergyProfile(file: string): Promise<EnergyProfile> {
  const frames: number[] = [];
  let sum = 0;
  let inFrame = 0;
  let samples = 0;
  let carry: Buffer | null = null;
  for await (const raw of createReadStream(file, { highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>) {
    let chunk: Buffer = carry ? Buffer.concat([carry, raw]) : raw;
    const even: number = chunk.length & ~1;
    carry = even < chunk.length ? Buffer.from(chunk.subarray(even)) : null;
    // An Int16Array view needs an even byte offset; copy the rare chunk that lacks one.
    if (chunk.byteOffset % 2 !== 0) chunk = Buffer.from(chunk);
    const view = new Int16Array(chunk.buffer, chunk.byteOffset, even / 2);
    // Frame by frame, the inner loop without a branch: fast from the first call (sums of
    // squared 16-bit samples are exact in a double, so the grouping changes nothing).
    let i = 0;
    while (i < view.length) {
      const end = Math.min(view.length, i + FRAME_SAMPLES - inFrame);
      for (let j = i; j < end; j++) {
        const s = view[j]!;
        sum += s * s;
      }
      inFrame += end - i;
      i = end;
      if (inFrame === FRAME_SAMPLES) {
        frames.push(Math.sqrt(sum / FRAME_SAMPLES) / 32768);
        sum = 0;
        inFrame = 0;
      }
    }
    samples += view.length;
  }
  if (inFrame > 0) frames.push(Math.sqrt(sum / inFrame) / 32768);
  return { durationMs: Math.round((samples * 1000) / PCM_RATE), frames: Float32Array.from(frames) };
}

/** Share of frames in [startMs, endMs) louder than the silence threshold (0 when outside the audio). */
export function voicedShare(profile: EnergyProfile, startMs: number, endMs: number): number {
  const a = Math.max(0, Math.floor(startMs / FRAME_MS));
  const b = Math.min(profile.frames.length, Math.max(a + 1, Math.ceil(endMs / FRAME_MS)));
  if (b <= a) return 0;
  let voiced = 0;
  for (let i = a; i < b; i++) if (profile.frames[i]! >= SILENCE_RMS) voiced++;
  return voiced / (b - a);
}

/** True when the whole channel is silent: fewer than 0.5% of frames (and under one second) carry sound. */
export function isSilent(profile: EnergyProfile): boolean {
  let voiced = 0;
  for (const f of profile.frames) if (f >= SILENCE_RMS) voiced++;
  return voiced < Math.max(1, Math.min(10, profile.frames.length * 0.005));
}
