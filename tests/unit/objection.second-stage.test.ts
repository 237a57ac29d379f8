import { describe, expect, it } from 'vitest';
import { defaultLexiconDir } from '../../lexicons/lexicon.registry.js';
import { parseTranscript } from '../../models/transcript.js';
import { Analyzer } from '../../pipeline/analyzer.js';
import type { SecondStageModel } from '../../pipeline/nlp/detector.js';
import { createJiebaSegmenter } from '../../pipeline/nlp/jieba.js';
import { shippedLexicons, transcript } from '../helpers/runtime.js';

// How the objection detector joins the learned second stage, with a stand-in model whose
// probabilities are given per customer sentence (every threshold 0.3). Team-written sentences.
const THRESHOLD = 0.3;

function stage(probabilities: Record<string, Record<string, number>>): SecondStageModel {
  return {
    version: 'second-stage@0+test',
    thresholdOf: () => THRESHOLD,
    predictCall: (us) => us.map((u) => (u.speaker === 'customer' ? (probabilities[u.text] ?? {}) : {})),
    explain: () => [{ text: '投入', weight: 1 }],
  };
}

/** Objection types found in the customer's sentence (second utterance), with the rule of each. */
function objections(sentence: string, p: Record<string, number>): string[] {
  const analyzer = new Analyzer({
    lexicons: shippedLexicons(),
    lexiconDir: defaultLexiconDir(),
    cut: createJiebaSegmenter(),
    secondStage: stage({ [sentence]: p }),
  });
  const call = parseTranscript(
    transcript('manufacturing', [
      ['rep', '刘工您好，上次寄的资料您看过了吗？'],
      ['customer', sentence],
      ['rep', '好的，我明白。'],
    ]),
  );
  return analyzer
    .analyze(call)
    .findings.filter((f) => f.utteranceId === 'u2' && f.label.startsWith('objection.'))
    .map((f) => `${f.label.slice('objection.'.length)} ${f.rule}`)
    .sort();
}

const low = (over: Record<string, number>) => ({
  objection: 0,
  'objection.price': 0,
  'objection.timing': 0,
  'objection.authority': 0,
  'objection.need': 0,
  'objection.competitor': 0,
  'objection.trust': 0,
  'objection.delivery': 0,
  ...over,
});

describe('objections: the second stage beside the rules', () => {
  it('adds an objection no rule found when a word of its type is in the sentence', () => {
    const sentence = '这笔投入对我们厂来说不是小数目。';
    expect(objections(sentence, low({ objection: 0.6, 'objection.price': 0.7 }))).toEqual([
      'price model.objection',
    ]);
  });

  it('shows evidence read from the rep’s reply as such', () => {
    const sentence = '这笔投入对我们厂来说不是小数目。';
    const analyzer = new Analyzer({
      lexicons: shippedLexicons(),
      lexiconDir: defaultLexiconDir(),
      cut: createJiebaSegmenter(),
      secondStage: {
        ...stage({ [sentence]: low({ objection: 0.6, 'objection.price': 0.7 }) }),
        explain: () => [
          { text: '理解', weight: 2, fromReply: true },
          { text: '投入', weight: 1 },
        ],
      },
    });
    const call = parseTranscript(
      transcript('manufacturing', [
        ['rep', '刘工您好，上次寄的资料您看过了吗？'],
        ['customer', sentence],
        ['rep', '理解，我们可以分期。'],
      ]),
    );
    const f = analyzer.analyze(call).findings.find((x) => x.rule === 'model.objection');
    expect(f?.modelEvidence).toEqual([
      { text: '回应：理解', weight: 2 },
      { text: '投入', weight: 1 },
    ]);
    expect(f?.term).toBe('投入');
  });

  it('adds nothing for a story with no word of the type, unless the model is very sure', () => {
    const sentence = '车间里那几台老机器每到夏天就停下来歇着。';
    expect(objections(sentence, low({ objection: 0.4, 'objection.trust': 0.7 }))).toEqual([]);
    expect(objections(sentence, low({ objection: 0.7, 'objection.trust': 0.7 }))).toEqual([
      'trust model.objection',
    ]);
  });

  it('joins a further type the model is sure of to a rule finding when the sentence names it', () => {
    const withBoss = '你们的报价偏高了一点，我们老板看了肯定也会问。';
    expect(objections(withBoss, low({ objection: 0.9, 'objection.authority': 0.8 }))).toEqual([
      'authority model.objection',
      'price objection.price.degree',
    ]);
  });

  it('does not join a type without a word of it in the sentence unless the model is very sure', () => {
    const noBoss = '你们的报价偏高了一点。';
    expect(objections(noBoss, low({ objection: 0.9, 'objection.authority': 0.5 }))).toEqual([
      'price objection.price.degree',
    ]);
    // Twice its threshold and the likeliest type: it joins the rule's price objection.
    expect(objections(noBoss, low({ objection: 0.9, 'objection.authority': 0.8 }))).toEqual([
      'authority model.objection',
      'price objection.price.degree',
    ]);
  });

  it('joins only the likeliest of the types the model is very sure of', () => {
    const noBoss = '你们的报价偏高了一点。';
    const p = low({ objection: 0.9, 'objection.authority': 0.7, 'objection.delivery': 0.9 });
    expect(objections(noBoss, p)).toEqual(['delivery model.objection', 'price objection.price.degree']);
  });

  it('takes the likeliest type relative to its threshold when none reaches it', () => {
    const sentence = '车间里那几台老机器每到夏天就停下来歇着。';
    // Every threshold is 0.3 here, so relative and absolute order agree: trust over delivery.
    expect(
      objections(sentence, low({ objection: 0.7, 'objection.trust': 0.25, 'objection.delivery': 0.2 })),
    ).toEqual(['trust model.objection']);
  });

  it('adds nothing the speaker takes back later in the utterance', () => {
    const sentence = '这笔投入本来觉得大了，算完回本周期以后也能接受。';
    expect(objections(sentence, low({ objection: 0.9, 'objection.price': 0.9 }))).toEqual([]);
  });
});
