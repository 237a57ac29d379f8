import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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

describe('buildSoundPhraseMatcher over many phrases', () => {
  it('finds, in order, what one matcher per phrase finds (readable calls)', () => {
    const texts: string[] = [];
    // The set-aside and honest calls (tj-*, th-*, tk-*, tm-*, train-*-05) are left out.
    for (const dir of ['tests/fixtures/calls', 'examples/calls']) {
      const files = readdirSync(dir).filter(
        (f) => f.endsWith('.json') && !f.endsWith('.gold.json') && !/^t[jhkm]-|^train-.*-05/.test(f),
      );
      for (const f of files) {
        const call = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { utterances?: { text: string }[] };
        for (const u of call.utterances ?? []) texts.push(u.text);
      }
    }
    const sample = texts.slice(0, 300);
    // Phrases taken from the texts themselves (2 to 5 characters), so that many are found.
    const phrases = new Set<string>();
    for (const t of texts) {
      const han = t.replace(/[^\u4e00-\u9fff]/g, '');
      for (let i = 0; i + 5 <= han.length && phrases.size < 400; i += 3) {
        phrases.add(han.slice(i, i + 2 + (i % 4)));
      }
    }
    const list = [...phrases];
    const all = buildSoundPhraseMatcher(list);
    const one = list.map((p) => buildSoundPhraseMatcher([p]));
    let hits = 0;
    for (const t of sample) {
      const got = all.find(t).map((h) => [h.phrase, h.start, h.end]);
      const want = one
        .flatMap((m) => [...m.find(t)])
        .sort((x, y) => x.start - y.start || y.end - y.start - (x.end - x.start))
        .map((h) => [h.phrase, h.start, h.end]);
      expect(got, t).toEqual(want);
      hits += got.length;
    }
    expect(list.length).toBeGreaterThan(200);
    expect(hits).toBeGreaterThan(100);
  });
});
