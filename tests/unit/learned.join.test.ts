import { describe, expect, it } from 'vitest';
import { defaultLexiconDir } from '../../lexicons/lexicon.registry.js';
import { parseTranscript } from '../../models/transcript.js';
import { Analyzer } from '../../pipeline/analyzer.js';
import { DEFAULT_FEATURE_CONFIG, type FeatureConfig, featuresOf } from '../../pipeline/learned/features.js';
import { chooseJoin } from '../../pipeline/learned/join.js';
import type { SecondStageModel } from '../../pipeline/nlp/detector.js';
import { createJiebaSegmenter } from '../../pipeline/nlp/jieba.js';
import { shippedLexicons, transcript } from '../helpers/runtime.js';

describe('chooseJoin', () => {
  it('takes the pair with the best F1 averaged over neighbouring addition thresholds', () => {
    // A lone spike at add 0.3 loses to a broad plateau around 0.6.
    const choice = chooseJoin({
      add: [0.2, 0.3, 0.4, 0.5, 0.6, 0.7],
      veto: [0, 0.05],
      f1: [
        [0.6, 0.6],
        [0.9, 0.6],
        [0.6, 0.6],
        [0.8, 0.81],
        [0.8, 0.82],
        [0.7, 0.7],
      ],
    });
    // Scores at veto 0.05: 0.5 → (0.6 + 0.81 + 0.82) / 3, 0.6 → (0.81 + 0.82 + 0.7) / 3 = 0.7767,
    // 0.7 → (0.82 + 0.7) / 2 (the grid ends); the spike: (0.6 + 0.9 + 0.6) / 3 = 0.7.
    expect(choice).toEqual({ add: 0.6, veto: 0.05, f1: 0.82, score: expect.closeTo(2.33 / 3, 9) });
  });

  it('breaks ties towards the higher addition threshold, then the lower veto threshold', () => {
    const flat = {
      add: [0.3, 0.5, 0.7],
      veto: [0, 0.02, 0.1],
      f1: Array.from({ length: 3 }, () => [0.7, 0.7, 0.7]),
    };
    expect(chooseJoin(flat)).toMatchObject({ add: 0.7, veto: 0 });
  });

  it('rejects an empty grid or F1 values that do not match it', () => {
    expect(() => chooseJoin({ add: [], veto: [0], f1: [] })).toThrow(/empty grid/);
    expect(() => chooseJoin({ add: [0.5], veto: [0, 0.1], f1: [[0.5]] })).toThrow(/does not match/);
  });
});

// The join thresholds a model carries decide additions and vetoes instead of the fallback
// (add at the threshold, veto under 0.15 × it). Stand-in model: every threshold 0.5.
describe('a model with calibrated join thresholds', () => {
  const call = parseTranscript(
    transcript('manufacturing', [
      ['rep', '刘工您好，这台设备的报价单您收到了吗？'],
      ['customer', '收到了，我们内部还要再比较一下。'],
      ['rep', '好的，那我下周三带样机到厂里给您演示。'],
    ]),
  );

  function stage(p: number, join?: { add: number; veto: number }): SecondStageModel {
    return {
      version: 'second-stage@0+test',
      thresholdOf: () => 0.5,
      ...(join ? { joinOf: (label: string) => (label === 'next_step' ? join : undefined) } : {}),
      predictCall: (us) =>
        us.map((u): Record<string, number> => (u.speaker === 'rep' ? { next_step: p } : {})),
      explain: () => [{ text: '演示', weight: 1 }],
    };
  }

  function nextSteps(model: SecondStageModel): string[] {
    const analyzer = new Analyzer({
      lexicons: shippedLexicons(),
      lexiconDir: defaultLexiconDir(),
      cut: createJiebaSegmenter(),
      secondStage: model,
    });
    return analyzer
      .analyze(call)
      .findings.filter((f) => f.label === 'next_step')
      .map((f) => `${f.utteranceId} ${f.rule}`);
  }

  it('keeps the rule finding at 0.1 by default and vetoes it when the calibrated veto is 0.2', () => {
    const kept = nextSteps(stage(0.1));
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatch(/^u3 /);
    expect(kept[0]).not.toMatch(/model\./);
    expect(nextSteps(stage(0.1, { add: 0.5, veto: 0.2 }))).toEqual([]);
  });

  it('adds where no rule fired only at the calibrated addition threshold', () => {
    expect(nextSteps(stage(0.6))).toContain('u1 model.next_step');
    expect(nextSteps(stage(0.6, { add: 0.7, veto: 0.02 }))).not.toContain('u1 model.next_step');
    expect(nextSteps(stage(0.75, { add: 0.7, veto: 0.02 }))).toContain('u1 model.next_step');
  });
});

describe('sound n-grams', () => {
  const SOUND: FeatureConfig = { ...DEFAULT_FEATURE_CONFIG, sound: [2] };
  const features = (text: string, config: FeatureConfig) =>
    featuresOf([{ speaker: 'customer', text }], 0, config).filter((f) => f.startsWith('s2:'));

  it('are shared by an utterance and its near-homophone misspelling', () => {
    // 价格 → 架格 (same reading), 太 → 台 (other tone), 贵 kept: every sound bigram survives.
    expect(features('价格太贵了', SOUND)).toEqual(features('架格台贵了', SOUND));
    expect(features('价格太贵了', SOUND)).toHaveLength(4);
  });

  it('tell different readings apart and are absent unless the config asks for them', () => {
    expect(features('价格太贵了', SOUND)).not.toEqual(features('价钱太多了', SOUND));
    expect(features('价格太贵了', DEFAULT_FEATURE_CONFIG)).toEqual([]);
  });
});
