import { afterEach, describe, expect, it } from 'vitest';
import { defaultLexiconDir } from '../../lexicons/lexicon.registry.js';
import { parseTranscript } from '../../models/transcript.js';
import { Analyzer } from '../../pipeline/analyzer.js';
import type { SecondStageModel } from '../../pipeline/nlp/detector.js';
import { createJiebaSegmenter } from '../../pipeline/nlp/jieba.js';
import { heardCues, heardEvidence, setObjectionsHeardBySound } from '../../pipeline/nlp/objection.heard.js';
import { prepare, shippedLexicons, transcript } from '../helpers/runtime.js';

// Team-written sentences, noised by hand the way a recogniser errs (a character of the same sound,
// one lost, no punctuation); none is taken from a labelled call or the evaluation's noise table.
// The model is a stand-in whose probabilities are given per customer sentence (thresholds 0.3).
const THRESHOLD = 0.3;

function objections(sentence: string, p: Record<string, number>): string[] {
  const secondStage: SecondStageModel = {
    version: 'second-stage@0+test',
    thresholdOf: () => THRESHOLD,
    predictCall: (us) => us.map((u) => (u.speaker === 'customer' && u.text === sentence ? p : {})),
    explain: () => [],
  };
  const analyzer = new Analyzer({
    lexicons: shippedLexicons(),
    lexiconDir: defaultLexiconDir(),
    cut: createJiebaSegmenter(),
    secondStage,
  });
  const call = parseTranscript(
    transcript('manufacturing', [
      ['rep', '刘工您好上次寄的资料您看过了吗'],
      ['customer', sentence],
      ['rep', '好的我明白'],
    ]),
  );
  return analyzer
    .analyze(call)
    .findings.filter((f) => f.utteranceId === 'u2' && f.label.startsWith('objection.'))
    .map((f) => `${f.label.slice('objection.'.length)} ${f.rule}`);
}

const model = (objection: number, price: number) => ({
  objection,
  'objection.price': price,
  'objection.timing': 0,
  'objection.authority': 0,
  'objection.need': 0,
  'objection.competitor': 0,
  'objection.trust': 0,
  'objection.delivery': 0,
});

// 价格 written 假格: no price word as written, one by sound.
const NOISED = '这个假格对我们厂来说不是小数目';

describe('objections heard by sound (objection.heard.ts)', () => {
  afterEach(() => setObjectionsHeardBySound(false));

  it('hears an everyday word of a type that a recogniser wrote with another character', () => {
    expect(heardEvidence(prepare(NOISED, 'customer', 'manufacturing'))).toContain('price');
    expect(heardEvidence(prepare('这个数目对我们厂来说不小', 'customer', 'manufacturing'))).not.toContain(
      'price',
    );
  });

  it('hears a marker of three or more characters with one inner character lost', () => {
    const cues = heardCues(
      prepare('这事我做了主得问问', 'customer', 'manufacturing'),
      shippedLexicons().get('manufacturing'),
    );
    expect(cues.map((c) => c.type)).toContain('authority');
  });

  it('keeps the model’s objection whose type word was heard by sound, when turned on', () => {
    expect(objections(NOISED, model(0.3, 0.35))).toEqual([]);
    setObjectionsHeardBySound(true);
    expect(objections(NOISED, model(0.3, 0.35))).toEqual(['price objection.heard']);
  });

  it('needs the model to lean towards an objection: a sound alone never stands', () => {
    setObjectionsHeardBySound(true);
    expect(objections(NOISED, model(0.2, 0.35))).toEqual([]);
  });
});
