import { describe, expect, it } from 'vitest';
import { buildSoundPhraseMatcher } from '../../pipeline/nlp/sound.js';

describe('buildSoundPhraseMatcher', () => {
  const matcher = buildSoundPhraseMatcher(['您是说', '您的意思是', '对吧']);
  const cases: [string, [string, number, number][]][] = [
    // A homophone and a hesitation inside the phrase; both occurrences, in order.
    [
      '您是硕，您是嗯说',
      [
        ['您是说', 0, 3],
        ['您是说', 4, 8],
      ],
    ],
    // One inner character lost from a phrase of five.
    ['您意思是这样', [['您的意思是', 0, 4]]],
    ['您的那个意思是', [['您的意思是', 0, 7]]],
    // Adjacent occurrences, the first heard by sound (罢 for 吧).
    [
      '就是说对罢对吧',
      [
        ['对吧', 3, 5],
        ['对吧', 5, 7],
      ],
    ],
    // The match starts at the second 对, where the phrase's first sound is followed by the rest.
    ['对对吧吧', [['对吧', 1, 3]]],
    ['您是什么意思', []],
  ];
  it.each(cases)('%s', (text, expected) => {
    expect(matcher.find(text).map((h) => [h.phrase, h.start, h.end])).toEqual(expected);
  });
});

describe('buildSoundPhraseMatcher with maxStart', () => {
  const matcher = buildSoundPhraseMatcher(['您是说', '您的意思是', '对吧']);
  // The bounded search returns exactly the full search's hits that start at or before maxStart.
  const cases: [string, number, [string, number, number][]][] = [
    ['您是硕，您是嗯说', 3, [['您是说', 0, 3]]],
    [
      '您是硕，您是嗯说',
      4,
      [
        ['您是说', 0, 3],
        ['您是说', 4, 8],
      ],
    ],
    [
      '您是硕，您是嗯说',
      8,
      [
        ['您是说', 0, 3],
        ['您是说', 4, 8],
      ],
    ],
    ['就是说对罢对吧', 2, []],
    ['就是说对罢对吧', 4, [['对吧', 3, 5]]],
    [
      '就是说对罢对吧',
      5,
      [
        ['对吧', 3, 5],
        ['对吧', 5, 7],
      ],
    ],
    // A later first sound than the bound: nothing, though the phrase is there.
    ['好的那您的意思是', 2, []],
    ['好的那您的意思是', 3, [['您的意思是', 3, 8]]],
    ['您是什么意思', 0, []],
  ];
  it.each(cases)('%s up to %i', (text, maxStart, expected) => {
    const bounded = matcher.find(text, maxStart).map((h) => [h.phrase, h.start, h.end]);
    expect(bounded).toEqual(expected);
    expect(bounded).toEqual(
      matcher
        .find(text)
        .filter((h) => h.start <= maxStart)
        .map((h) => [h.phrase, h.start, h.end]),
    );
  });
});
