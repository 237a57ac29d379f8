import { z } from 'zod';
import { AppError, ErrorCode } from '../../models/errors.js';
import type { Transcript } from '../../models/transcript.js';
import type { BaseSegmenter } from '../nlp/segment.js';
import rawTable from './noise-table.json' with { type: 'json' };

/**
 * Simulated ASR errors for evaluation (`tingjian eval --noise <seed>`): what the detectors would see
 * from a speech recogniser instead of a typed transcript. The near-homophone table is committed data
 * (scripts/build-noise-table.ts); it belongs to evaluation only and no detector or matcher may read
 * it, or the noisy figures would measure the noise model against itself.
 */

/** Near-homophone substitutes per character, most plausible first. */
export interface NoiseTable {
  readonly entries: ReadonlyMap<string, readonly string[]>;
}

export interface AsrNoiseOptions {
  /** Share of characters that have table entries replaced by a near-homophone. Default 0.10. */
  substitutionRate?: number;
  /** Share of non-space characters deleted. Default 0.02. */
  deletionRate?: number;
  /** Fillers inserted per character of text, at word boundaries. Default 1/15. */
  fillerRate?: number;
  fillers?: readonly string[];
  /** Default: the committed noise-table.json. */
  table?: NoiseTable;
  /** Word segmentation for filler positions (jieba in the CLI). Default: any character boundary. */
  cut?: BaseSegmenter;
  /** Keys the random stream with the seed and the utterance index. Default: the transcript's externalId. */
  callId?: string;
}

export const DEFAULT_FILLERS: readonly string[] = ['嗯', '呃', '那个', '就是', '然后'];
export const DEFAULT_SUBSTITUTION_RATE = 0.1;
export const DEFAULT_DELETION_RATE = 0.02;
export const DEFAULT_FILLER_RATE = 1 / 15;

export type NoiseEdit =
  /** `index` is the code-point offset in the original utterance text. */
  | { kind: 'substitute'; index: number; from: string; to: string }
  | { kind: 'delete'; index: number; char: string }
  /** Inserted before the character at `index`. */
  | { kind: 'filler'; index: number; filler: string };

export interface NoisedText {
  text: string;
  edits: NoiseEdit[];
}

const ZNoiseTableFile = z.object({
  generator: z.string(),
  entries: z.record(z.string(), z.array(z.string()).min(1)),
});

let committed: NoiseTable | undefined;

/** The committed table, checked once: every substitute is one character other than its key. */
export function loadNoiseTable(): NoiseTable {
  committed ??= parseNoiseTable(rawTable);
  return committed;
}

export function parseNoiseTable(data: unknown): NoiseTable {
  const file = ZNoiseTableFile.parse(data);
  const entries = new Map<string, readonly string[]>();
  for (const [key, subs] of Object.entries(file.entries)) {
    if ([...key].length !== 1 || subs.some((s) => [...s].length !== 1 || s === key)) {
      throw new AppError(
        ErrorCode.InvalidInput,
        `noise table entry "${key}": substitutes must be other single characters`,
      );
    }
    entries.set(key, subs);
  }
  return { entries };
}

/**
 * A new transcript as an ASR engine might have written it: punctuation (Unicode P*) removed,
 * fillers inserted, near-homophone substitutions and deletions. Deterministic: the same seed, call
 * and utterance index give the same text, and each utterance's noise is independent of the others
 * (adding or editing one utterance leaves the rest unchanged). Ids, speakers and times are kept.
 */
export function addAsrNoise(transcript: Transcript, seed: number, options: AsrNoiseOptions = {}): Transcript {
  if (!Number.isSafeInteger(seed)) {
    throw new AppError(ErrorCode.InvalidInput, `noise seed must be an integer, got ${seed}`);
  }
  const callId = options.callId ?? transcript.externalId ?? '';
  return {
    ...transcript,
    utterances: transcript.utterances.map((u, i) => ({
      ...u,
      text: noiseText(u.text, createRandom(`${seed}\u0000${callId}\u0000${i}`), options).text,
    })),
  };
}

const PUNCTUATION = /^\p{P}$/u;
const SPACE = /^\s$/u;

/** The noise of one utterance with the edits that produced it (offsets into the original text). */
export function noiseText(text: string, random: () => number, options: AsrNoiseOptions = {}): NoisedText {
  const substitutionRate = checkRate(
    'substitutionRate',
    options.substitutionRate ?? DEFAULT_SUBSTITUTION_RATE,
  );
  const deletionRate = checkRate('deletionRate', options.deletionRate ?? DEFAULT_DELETION_RATE);
  const fillerRate = checkRate('fillerRate', options.fillerRate ?? DEFAULT_FILLER_RATE);
  const fillers = options.fillers ?? DEFAULT_FILLERS;
  const table = options.table ?? loadNoiseTable();
  const chars = [...text];
  const content = chars.flatMap((c, i) => (PUNCTUATION.test(c) ? [] : [i]));
  // Only punctuation (an utterance "……"): keep it as written rather than leave nothing.
  if (!content.some((i) => !SPACE.test(chars[i]!))) return { text, edits: [] };

  // One draw per character decides delete / substitute / keep, so the rates hold exactly in
  // expectation and neither depends on the other.
  const edits: NoiseEdit[] = [];
  const changed = new Map<number, NoiseEdit>();
  for (const i of content) {
    const c = chars[i]!;
    if (SPACE.test(c)) continue;
    const u = random();
    const subs = table.entries.get(c);
    let edit: NoiseEdit | undefined;
    if (u < deletionRate) edit = { kind: 'delete', index: i, char: c };
    else if (subs && u < deletionRate + substitutionRate) {
      edit = { kind: 'substitute', index: i, from: c, to: pickRanked(subs, random) };
    }
    if (edit) changed.set(i, edit);
  }
  // Never delete everything: the first deleted character comes back.
  if (!content.some((i) => !SPACE.test(chars[i]!) && changed.get(i)?.kind !== 'delete')) {
    changed.delete(content.find((i) => !SPACE.test(chars[i]!))!);
  }

  const slots = fillerSlots(chars, content, options.cut);
  const fillerChance = Math.min(1, (fillerRate * content.length) / Math.max(1, slots.size));
  const out: string[] = [];
  for (const i of content) {
    if (fillers.length > 0 && slots.has(i) && random() < fillerChance) {
      const filler = fillers[Math.floor(random() * fillers.length)]!;
      edits.push({ kind: 'filler', index: i, filler });
      out.push(filler);
    }
    const edit = changed.get(i);
    if (edit) edits.push(edit);
    if (edit?.kind === 'delete') continue;
    out.push(edit?.kind === 'substitute' ? edit.to : chars[i]!);
  }
  return { text: out.join(''), edits };
}

/**
 * Content positions a filler may go before: the start, and every word boundary (jieba's, and the
 * places punctuation stood). Without a segmenter every character boundary counts.
 */
function fillerSlots(chars: readonly string[], content: readonly number[], cut?: BaseSegmenter): Set<number> {
  let wordStarts: Set<number> | undefined;
  if (cut) {
    const words = cut(chars.join(''));
    const starts = new Set<number>();
    let at = 0;
    for (const w of words) {
      starts.add(at);
      at += [...w].length;
    }
    // A segmenter that does not return the text split into pieces gives no usable offsets.
    if (at === chars.length) wordStarts = starts;
  }
  const slots = new Set<number>();
  let previous = -1;
  for (const i of content) {
    const afterPunctuation = i !== previous + 1;
    if (previous < 0 || !wordStarts || wordStarts.has(i) || afterPunctuation) slots.add(i);
    previous = i;
  }
  return slots;
}

/**
 * One entry of a list ordered most plausible first, the k-th with weight 1/(k+1): the table lists a
 * character's common reading and frequent characters first, and a recogniser errs that way too
 * (的 becomes 得 more often than 砥).
 */
function pickRanked(list: readonly string[], random: () => number): string {
  let total = 0;
  for (let k = 0; k < list.length; k++) total += 1 / (k + 1);
  let r = random() * total;
  for (let k = 0; k < list.length; k++) {
    r -= 1 / (k + 1);
    if (r < 0) return list[k]!;
  }
  return list[list.length - 1]!;
}

function checkRate(name: string, rate: number): number {
  if (!(rate >= 0 && rate <= 1))
    throw new AppError(ErrorCode.InvalidInput, `${name} must be in [0, 1], got ${rate}`);
  return rate;
}

/**
 * A seeded random stream in [0, 1): sfc32 keyed by a cyrb128 hash of `key`. Small, fast and the
 * same on every platform, unlike Math.random.
 */
export function createRandom(key: string): () => number {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < key.length; i++) {
    const k = key.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  let a = (h1 ^ h2 ^ h3 ^ h4) >>> 0;
  let b = (h2 ^ h1) >>> 0;
  let c = (h3 ^ h1) >>> 0;
  let d = (h4 ^ h1) >>> 0;
  const next = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  // The first outputs of sfc32 correlate with the seed words; discard them.
  for (let i = 0; i < 15; i++) next();
  return next;
}
