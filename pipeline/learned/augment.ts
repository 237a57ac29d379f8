import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { getPinyinIndex, HAN_FIRST, HAN_LAST } from '../../lexicons/pinyin-index.js';
import { mulberry32 } from '../../shared/seeded-random.js';
import type { LabelledCall } from '../eval/run-eval.js';

/**
 * ASR-like copies of training calls, so that the second stage also learns from text as a speech
 * recogniser writes it (issue 11: noise robustness). Independent of the evaluation's noise model
 * (`tingjian eval --noise` and its committed table are never read): substitutes come from general
 * Mandarin phonology (lexicons/pinyin-index.ts: the same folded toneless reading, or a syllable one
 * phonetic feature apart) among jieba's single-character dictionary entries weighted by their
 * frequency; fillers are inserted at any character boundary (inside words too), characters are
 * dropped at random, punctuation and spaces are removed. Deterministic: the random stream is keyed
 * by the call's name and the utterance's index.
 */

/** What an ASR-like copy does to a text; rates are per Chinese character. */
export interface AsrLikeRates {
  /** Share of Chinese characters replaced by a character that sounds the same or nearly. */
  readonly substitute: number;
  /** Of the substitutions, the share taken from near syllables rather than the same reading. */
  readonly near: number;
  /** Share of Chinese characters dropped. */
  readonly drop: number;
  /** Fillers inserted per Chinese character, before it. */
  readonly filler: number;
}

export const DEFAULT_ASR_LIKE_RATES: AsrLikeRates = {
  substitute: 0.12,
  near: 0.3,
  drop: 0.03,
  filler: 1 / 12,
};

/** Ordinary spoken hesitations (not the evaluation's list: that one has no 这个, 额, 啊). */
const FILLERS = ['嗯', '呃', '啊', '额', '那个', '这个', '就是', '然后'] as const;
/** Substitutes kept per reading: the most frequent characters that read so. */
const PER_READING = 6;

interface Pool {
  /** Substitute characters by folded syllable id, most frequent first, with cumulative weights. */
  readonly same: Map<number, { chars: string[]; cum: number[] }>;
  /** Near syllable ids (one phonetic feature apart) that have substitutes, by syllable id. */
  readonly near: Map<number, number[]>;
}

let pool: Pool | undefined;

/** Single-character entries of jieba's dictionary grouped by their common folded reading. */
function homophonePool(): Pool {
  if (pool) return pool;
  const index = getPinyinIndex();
  const dict = readFileSync(createRequire(import.meta.url).resolve('@node-rs/jieba/dict.txt'), 'utf8');
  const byReading = new Map<number, { char: string; freq: number }[]>();
  for (const line of dict.split('\n')) {
    const [word, freqText] = line.split(' ');
    if (word?.length !== 1) continue;
    const code = word.charCodeAt(0);
    const freq = Number(freqText);
    if (code < HAN_FIRST || code > HAN_LAST || !(freq > 0)) continue;
    const id = index.readings(code)[0];
    if (!id) continue;
    const list = byReading.get(id) ?? [];
    list.push({ char: word, freq });
    byReading.set(id, list);
  }
  const same = new Map<number, { chars: string[]; cum: number[] }>();
  for (const [id, list] of byReading) {
    list.sort((a, b) => b.freq - a.freq || (a.char < b.char ? -1 : 1));
    const top = list.slice(0, PER_READING);
    let sum = 0;
    // Square root of the frequency: common characters first, without one taking every draw.
    same.set(id, { chars: top.map((x) => x.char), cum: top.map((x) => (sum += Math.sqrt(x.freq))) });
  }
  const ids = [...same.keys()].sort((a, b) => a - b);
  const near = new Map<number, number[]>();
  for (const a of ids)
    near.set(
      a,
      ids.filter((b) => index.near(a, b)),
    );
  pool = { same, near };
  return pool;
}

/** A seeded generator (mulberry32) keyed by a string (FNV-1a). */
function randomOf(key: string): () => number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return mulberry32(h);
}

/** A weighted draw among `chars` other than `except`, or undefined. */
function draw(entry: { chars: string[]; cum: number[] } | undefined, except: string, r: number) {
  if (!entry) return undefined;
  const total = entry.cum.at(-1)!;
  const x = r * total;
  const k = entry.cum.findIndex((c) => c > x);
  const pick = entry.chars[k < 0 ? entry.chars.length - 1 : k]!;
  if (pick !== except) return pick;
  const others = entry.chars.filter((c) => c !== except);
  return others.length === 0 ? undefined : others[Math.floor(r * others.length) % others.length];
}

/** The text as a recogniser might have written it; `key` seeds the changes. */
export function asrLikeText(text: string, key: string, rates: AsrLikeRates = DEFAULT_ASR_LIKE_RATES): string {
  const { same, near } = homophonePool();
  const index = getPinyinIndex();
  const random = randomOf(key);
  let out = '';
  for (const ch of text.replace(/[^\p{L}\p{N}]/gu, '')) {
    const code = ch.charCodeAt(0);
    if (ch.length !== 1 || code < HAN_FIRST || code > HAN_LAST) {
      out += ch;
      continue;
    }
    if (out.length > 0 && random() < rates.filler) out += FILLERS[Math.floor(random() * FILLERS.length)];
    if (random() < rates.drop) continue;
    if (random() < rates.substitute) {
      const id = index.readings(code)[0];
      let sub: string | undefined;
      if (id) {
        if (random() < rates.near) {
          const options = near.get(id) ?? [];
          const other = options[Math.floor(random() * options.length)];
          sub = other === undefined ? undefined : draw(same.get(other), ch, random());
        } else sub = draw(same.get(id), ch, random());
      }
      out += sub ?? ch;
      continue;
    }
    out += ch;
  }
  return out;
}

/** Suffix of an ASR-like copy's call name. */
export const ASR_LIKE_SUFFIX = '~asr';

/**
 * Each call followed by `copies` ASR-like copies (`<name>~asr<k>`, same industry and gold), every
 * utterance changed by `asrLikeText` keyed by the copy's name and the utterance's index.
 */
export function withAsrLikeCopies(calls: readonly LabelledCall[], copies: number): LabelledCall[] {
  if (!Number.isInteger(copies) || copies < 0)
    throw new Error(`copies must be a whole number ≥ 0, got ${copies}`);
  return calls.flatMap((call) => [
    call,
    ...Array.from({ length: copies }, (_, k) => {
      const name = `${call.name}${ASR_LIKE_SUFFIX}${k + 1}`;
      return {
        name,
        gold: call.gold,
        transcript: {
          ...call.transcript,
          utterances: call.transcript.utterances.map((u, i) => ({
            ...u,
            text: asrLikeText(u.text, `${name}#${i}`),
          })),
        },
      };
    }),
  ]);
}
