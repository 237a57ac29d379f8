import { describe, expect, it } from 'vitest';
import { getPinyinIndex, nearSyllables } from '../../lexicons/pinyin-index.js';
import type { LabelledCall } from '../../pipeline/eval/run-eval.js';
import { ASR_LIKE_SUFFIX, asrLikeText, withAsrLikeCopies } from '../../pipeline/learned/augment.js';
import { DEFAULT_TRAIN_OPTIONS, trainingExamplesOf } from '../../pipeline/learned/train.core.js';

const TEXT = '这个价格比我们去年高了不少，预算已经定了。我们现在用的是别家的系统，换起来很麻烦。';

const FILLER = /那个|这个|就是|然后|[嗯呃啊额]/g;

describe('asrLikeText', () => {
  it('is deterministic per key and differs between keys', () => {
    expect(asrLikeText(TEXT, 'call-1#3')).toBe(asrLikeText(TEXT, 'call-1#3'));
    expect(asrLikeText(TEXT, 'call-1#3')).not.toBe(asrLikeText(TEXT, 'call-1#4'));
  });

  it('removes punctuation and keeps Latin letters and digits', () => {
    const out = asrLikeText('价格是 3000 元, OK？', 'k', { substitute: 0, near: 0, drop: 0, filler: 0 });
    expect(out).toBe('价格是3000元OK');
  });

  it('only inserts fillers when the other rates are zero', () => {
    const out = asrLikeText(TEXT, 'k', { substitute: 0, near: 0, drop: 0, filler: 1 });
    const plain = TEXT.replace(/[，。]/g, '');
    expect(out.length).toBeGreaterThan(plain.length);
    // Every original character is kept in order once the inserted fillers are taken out again:
    // a filler stands before each character but the first.
    let rest = out;
    for (const ch of plain) {
      const at = rest.indexOf(ch);
      expect(at).toBeGreaterThanOrEqual(0);
      expect(rest.slice(0, at).replace(FILLER, '')).toBe('');
      rest = rest.slice(at + 1);
    }
  });

  it('substitutes characters of the same folded reading, or a near one', () => {
    const index = getPinyinIndex();
    const reading = (ch: string) => index.syllables[index.readings(ch.charCodeAt(0))[0] ?? 0]!;
    const plain = TEXT.replace(/[，。]/g, '');
    let changed = 0;
    for (let k = 0; k < 20; k++) {
      const out = asrLikeText(plain, `s${k}`, { substitute: 0.5, near: 0.5, drop: 0, filler: 0 });
      expect(out.length).toBe(plain.length);
      for (let i = 0; i < out.length; i++) {
        if (out[i] === plain[i]) continue;
        changed++;
        const [a, b] = [reading(plain[i]!), reading(out[i]!)];
        expect(a === b || nearSyllables(a, b), `${plain[i]} (${a}) → ${out[i]} (${b})`).toBe(true);
      }
    }
    expect(changed).toBeGreaterThan(100);
  });

  it('drops characters at the given rate, roughly', () => {
    const plain = TEXT.replace(/[，。]/g, '').repeat(20);
    const out = asrLikeText(plain, 'd', { substitute: 0, near: 0, drop: 0.1, filler: 0 });
    expect(out.length).toBeLessThan(plain.length * 0.95);
    expect(out.length).toBeGreaterThan(plain.length * 0.8);
  });
});

describe('withAsrLikeCopies', () => {
  const call: LabelledCall = {
    name: 'c1',
    transcript: {
      externalId: 'c1',
      industry: 'saas',
      utterances: [
        { id: 'u1', speaker: 'rep', text: '您好，我们的系统可以帮您节省时间。' },
        { id: 'u2', speaker: 'customer', text: '价格太贵了，预算不够。' },
      ],
    } as unknown as LabelledCall['transcript'],
    gold: { utterances: { u2: ['objection.price'] } } as unknown as LabelledCall['gold'],
  };

  it('adds copies with the same industry, gold and utterance ids after each call', () => {
    const out = withAsrLikeCopies([call], 2);
    expect(out.map((c) => c.name)).toEqual(['c1', `c1${ASR_LIKE_SUFFIX}1`, `c1${ASR_LIKE_SUFFIX}2`]);
    for (const copy of out.slice(1)) {
      expect(copy.gold).toBe(call.gold);
      expect(copy.transcript.industry).toBe('saas');
      expect(copy.transcript.utterances.map((u) => u.id)).toEqual(['u1', 'u2']);
      expect(copy.transcript.utterances.every((u) => !/[，。]/.test(u.text))).toBe(true);
    }
    expect(withAsrLikeCopies([call], 0)).toEqual([call]);
    expect(() => withAsrLikeCopies([call], -1)).toThrow(/copies/);
  });

  it('doubles the training examples with one copy, labels kept', () => {
    const plain = trainingExamplesOf([call], { ...DEFAULT_TRAIN_OPTIONS, asrLikeCopies: 0 });
    const augmented = trainingExamplesOf([call], { ...DEFAULT_TRAIN_OPTIONS, asrLikeCopies: 1 });
    expect(plain).toHaveLength(2);
    expect(augmented).toHaveLength(4);
    expect(augmented.map((e) => e.labels)).toEqual([[], ['objection.price'], [], ['objection.price']]);
    expect(augmented.map((e) => e.group)).toEqual(['saas', 'saas', 'saas', 'saas']);
    expect(augmented.map((e) => e.asrLike)).toEqual([undefined, undefined, true, true]);
  });
});
