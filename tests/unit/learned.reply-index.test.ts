import { describe, expect, it } from 'vitest';
import {
  nextOtherIndex,
  previousIndexAfter,
  previousOtherIndex,
  replyIndexAfter,
} from '../../pipeline/learned/features.js';

type Speaker = 'rep' | 'customer';
const call = (speakers: string): { speaker: Speaker; text: string }[] =>
  [...speakers].map((s, i) => ({ speaker: s === 'r' ? 'rep' : 'customer', text: `第${i}句` }));

/** Every turn's reply index, walking the call in order as both scorers do. */
function walk(speakers: string): number[] {
  const utterances = call(speakers);
  const out: number[] = [];
  let r = -1;
  for (let i = 0; i < utterances.length; i++) {
    r = replyIndexAfter(utterances, i, r);
    out.push(r);
  }
  return out;
}

describe('replyIndexAfter', () => {
  it.each([
    ['', []],
    ['r', [-1]],
    ['rc', [1, -1]],
    ['rrc', [2, 2, -1]],
    ['rccr', [1, 3, 3, -1]],
    ['ccrrrcc', [2, 2, 5, 5, 5, -1, -1]],
    ['rrrr', [-1, -1, -1, -1]],
  ])('gives the next turn of the other speaker in %j', (speakers, expected) => {
    expect(walk(speakers)).toEqual(expected);
    const utterances = call(speakers);
    expect(utterances.map((_, i) => nextOtherIndex(utterances, i))).toEqual(expected);
  });
});

describe('previousIndexAfter', () => {
  it.each([
    ['', []],
    ['r', [-1]],
    ['rc', [-1, 0]],
    ['rrc', [-1, -1, 1]],
    ['rccr', [-1, 0, 0, 2]],
    ['ccrrrcc', [-1, -1, 1, 1, 1, 4, 4]],
    ['rrrr', [-1, -1, -1, -1]],
  ])('gives the other speaker’s previous turn in %j, walking in order', (speakers, expected) => {
    const utterances = call(speakers);
    const out: number[] = [];
    let j = -1;
    for (let i = 0; i < utterances.length; i++) {
      j = previousIndexAfter(utterances, i, j);
      out.push(j);
    }
    expect(out).toEqual(expected);
    expect(utterances.map((_, i) => previousOtherIndex(utterances, i))).toEqual(expected);
  });
});
