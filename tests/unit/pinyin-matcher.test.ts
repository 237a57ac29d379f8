import { describe, expect, it } from 'vitest';
import { foldSyllable, getPinyinIndex, nearSyllables, readInContext } from '../../lexicons/pinyin-index.js';
import { buildPinyinMatcher, type PinyinTerm } from '../../lexicons/pinyin-matcher.js';
import { normalizeText } from '../../pipeline/nlp/normalize.js';

// Team-written terms and mis-hearings. The ids are the positions in this list.
const SURFACES = [
  '过氧化氢',
  '伺服电机',
  '雇主责任险',
  '创客空间',
  '银行保函',
  '涨价通知',
  '智能称重一体机',
  '生产周期',
  '精准营销',
  '南方电网',
  '重复购买',
  '是不是',
  '增长率',
  '扫码枪',
  '数据中心',
  '数据中心机房',
  '直播带货',
  'CBCT机',
  '电机',
];
const TERMS: PinyinTerm[] = SURFACES.map((surface, id) => ({ surface, id }));
const matcher = buildPinyinMatcher(TERMS);

/** [term, heard, start, end, distance] of every hit. */
function hits(text: string, exactSpans?: [number, number][]) {
  return matcher
    .find(text, exactSpans)
    .map((h) => [SURFACES[h.id], h.surfaceHeard, h.start, h.end, h.distance]);
}

const FOUND: { text: string; expected: (string | number)[][]; why: string }[] = [
  { text: '我们用过氧化青消毒', expected: [['过氧化氢', '过氧化青', 3, 7, 0]], why: 'homophone (氢/青)' },
  { text: '四服电机坏了', expected: [['伺服电机', '四服电机', 0, 4, 0]], why: 'homophone (伺/四)' },
  { text: '顾主责任险怎么买', expected: [['雇主责任险', '顾主责任险', 0, 5, 0]], why: 'homophone (雇/顾)' },
  { text: '他们搞了个创可空间', expected: [['创客空间', '创可空间', 5, 9, 0]], why: 'homophone (客/可)' },
  { text: '生产走期太长', expected: [['生产周期', '生产走期', 0, 4, 0]], why: 'zh heard as z (周/走)' },
  { text: '自播带货', expected: [['直播带货', '自播带货', 0, 4, 0]], why: 'zh heard as z (直/自)' },
  { text: '金准营销', expected: [['精准营销', '金准营销', 0, 4, 0]], why: '-ng heard as -n (精/金)' },
  { text: '精准银销', expected: [['精准营销', '精准银销', 0, 4, 0]], why: '-ng heard as -n (营/银)' },
  { text: '兰方电网', expected: [['南方电网', '兰方电网', 0, 4, 0]], why: 'n heard as l (南/兰)' },
  { text: '伺服点机', expected: [['伺服电机', '伺服点机', 0, 4, 0]], why: 'tone only (diàn/diǎn)' },
  { text: '雇猪责任险', expected: [['雇主责任险', '雇猪责任险', 0, 5, 0]], why: 'tone only (zhǔ/zhū)' },
  { text: '增涨率', expected: [['增长率', '增涨率', 0, 3, 0]], why: 'three characters, homophone' },
  { text: '刺服电机', expected: [['伺服电机', '刺服电机', 0, 4, 1]], why: 'one near syllable (si/ci)' },
  { text: '伺服电器', expected: [['伺服电机', '伺服电器', 0, 4, 1]], why: 'one near syllable (ji/qi)' },
  {
    text: '智能称重一地器',
    expected: [['智能称重一体机', '智能称重一地器', 0, 7, 2]],
    why: 'two near syllables in seven characters',
  },
  {
    text: '数据中新机房',
    expected: [['数据中心机房', '数据中新机房', 0, 6, 0]],
    why: 'overlapping candidates: the longest term wins',
  },
  {
    text: '四服电机和顾主责任险',
    expected: [
      ['伺服电机', '四服电机', 0, 4, 0],
      ['雇主责任险', '顾主责任险', 5, 10, 0],
    ],
    why: 'several hits, ordered by start',
  },
];

const NOT_FOUND: { text: string; why: string }[] = [
  { text: '伺服电机坏了', why: 'exact match is the exact matcher’s' },
  { text: '刺服电器', why: 'two near syllables in a 4-character term' },
  { text: '四湖电器', why: 'two near syllables in a 4-character term' },
  { text: '似乎点击一下', why: 'sounds like 伺服电机 but no character is the term’s' },
  { text: '憎涨绿', why: '3-character window with no identical character' },
  { text: '扫码箱', why: 'one near syllable in 3 characters: not by default' },
  { text: '是不行', why: 'ordinary word: 行 is not near 是' },
  { text: '银星保函', why: '行 in 银行 reads hang, not xing' },
  { text: '伺服A电机', why: 'only consecutive Chinese characters form a window' },
  { text: '电击', why: 'terms under three characters are not matched through pinyin' },
];

describe('pinyin matcher', () => {
  for (const c of FOUND) {
    it(`finds ${c.why}: ${c.text}`, () => {
      expect(hits(c.text)).toEqual(c.expected);
    });
  }
  for (const c of NOT_FOUND) {
    it(`does not find ${c.why}: ${c.text}`, () => {
      expect(hits(c.text)).toEqual([]);
    });
  }

  it('indexes only all-Chinese surfaces of three or more characters', () => {
    expect(matcher.size).toBe(SURFACES.length - 2); // CBCT机 and 电机 are left out
  });

  it('reports code-point spans after emoji and ASCII', () => {
    const original = '😀 OK，四服电机到了';
    const { text } = normalizeText(original);
    expect(hits(text)).toEqual([['伺服电机', '四服电机', 5, 9, 0]]);
    expect([...original].slice(5, 9).join('')).toBe('四服电机');
  });

  it('leaves windows covered by an exact match at least as long, not longer ones', () => {
    expect(hits('四服电机', [[0, 4]])).toEqual([]);
    expect(hits('四服电机', [[2, 4]])).toEqual([['伺服电机', '四服电机', 0, 4, 0]]);
  });

  it('matches a polyphone of the text by either reading, the rarer one as an edit', () => {
    expect(hits('长价通知')).toEqual([['涨价通知', '长价通知', 0, 4, 1]]); // 长 chang, zhang
    expect(hits('银杭保函')).toEqual([['银行保函', '银杭保函', 0, 4, 0]]);
    expect(hits('虫复购买')).toEqual([['重复购买', '虫复购买', 0, 4, 0]]); // 重复 reads chong
  });

  it('lets a term allow fewer or more edits, up to the cap', () => {
    const strict = buildPinyinMatcher([{ surface: '伺服电机', id: 7, maxEdits: 0 }]);
    expect(strict.find('刺服电机')).toEqual([]);
    expect(strict.find('四服电机').map((h) => h.id)).toEqual([7]);
    const loose = buildPinyinMatcher([{ surface: '扫码枪', id: 3, maxEdits: 5 }]);
    expect(loose.find('扫码箱').map((h) => [h.id, h.distance])).toEqual([[3, 1]]);
    expect(loose.find('造码箱')).toEqual([]); // two near syllables: over the cap of 1
  });
});

describe('pinyin index', () => {
  const index = getPinyinIndex();
  const readings = (ch: string) => index.readings(ch.charCodeAt(0)).map((id) => index.syllables[id]);

  it.each([
    ['zhi', 'zi'],
    ['chang', 'can'],
    ['shuang', 'suan'],
    ['nü', 'lü'],
    ['ning', 'lin'],
    ['nong', 'long'],
    ['ang', 'an'],
    ['weng', 'wen'],
    ['ying', 'yin'],
    ['niang', 'lian'],
    ['long', 'long'],
    ['ri', 'ri'],
    ['hu', 'hu'],
    ['ng', 'ng'],
  ])('folds %s to %s', (syllable, folded) => {
    expect(foldSyllable(syllable)).toBe(folded);
  });

  it.each([
    ['si', 'ci', true],
    ['fu', 'hu', true],
    ['ban', 'bian', true],
    ['xue', 'xie', true],
    ['ji', 'qi', true],
    ['de', 'si', false],
    ['bian', 'xian', false],
    ['si', 'ji', false],
    ['zi', 'zu', false],
  ])('%s and %s near: %s', (a, b, near) => {
    expect(nearSyllables(a, b)).toBe(near);
  });

  it('gives every reading of a polyphone, the common one first', () => {
    expect(readings('重')).toEqual(['zong', 'cong']);
    expect(readings('行')).toEqual(['xin', 'han', 'hen']);
    expect(readings('的')).toEqual(['de', 'di']);
    expect(readings('A')).toEqual([]);
  });

  it('reads words in context', () => {
    const words = ['银行', '行业', '伺服', '重复', '增长'];
    const read = readInContext(words, index).map((ids) => ids.map((id) => index.syllables[id]).join(' '));
    expect(read).toEqual(['yin han', 'han ye', 'si fu', 'cong fu', 'zen zan']);
  });

  it('puts near syllables in one sound class (the key the matcher indexes)', () => {
    const n = index.syllables.length;
    const split: string[] = [];
    for (let a = 1; a < n; a++)
      for (let b = 1; b < n; b++)
        if (index.near(a, b) && index.soundClass(a) !== index.soundClass(b))
          split.push(`${index.syllables[a]}/${index.syllables[b]}`);
    expect(split).toEqual([]);
  });
});
