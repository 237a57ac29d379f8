import { describe, expect, it } from 'vitest';
import { evaluateMode } from '../../pipeline/eval/evaluate.core.js';
import { parseGold } from '../../pipeline/eval/gold.js';
import type { CallAnalysis } from '../../pipeline/nlp/analyze.core.js';
import type { Finding } from '../../pipeline/nlp/types.js';

/** A finding with only the fields the evaluation reads (the label's other evidence left out). */
function finding(utteranceId: string, label: Finding['label'], extra: Record<string, unknown> = {}): Finding {
  return {
    id: `f-${utteranceId}-${label}`,
    label,
    utteranceId,
    span: [0, 1],
    rule: 'test',
    term: null,
    lexiconVersion: 'x@1+0',
    confidence: 1,
    ...extra,
  } as Finding;
}

function analysis(findings: Finding[], tags: string[] = []): CallAnalysis {
  const speakers: Record<string, 'rep' | 'customer'> = {
    u1: 'rep',
    u2: 'customer',
    u3: 'rep',
    u4: 'customer',
    u5: 'rep',
  };
  return {
    utterances: Object.entries(speakers).map(([id, speaker], i) => ({
      id,
      speaker,
      start: i * 1000,
      end: i * 1000 + 900,
      text: '测试',
    })),
    findings,
    tags,
  } as unknown as CallAnalysis;
}

describe('evaluation arithmetic (evaluation.md)', () => {
  const gold = parseGold(
    {
      utterances: {
        u1: ['opening', 'question.open', 'question.open'],
        u2: ['objection.price', 'need.implicit'],
        u3: ['objection_response', 'restatement', 'question.closed'],
        u4: ['objection.authority'],
        u5: ['question.closed'],
      },
      implicitNeeds: [{ utterance: 'u2', identified: true, by: 'u3' }],
      restatements: [{ utterance: 'u3', refersTo: 'u2', accurate: true }],
      objections: [
        {
          utterance: 'u2',
          type: 'price',
          response: 'u3',
          techniques: ['acknowledge', 'alternative'],
          resolved: true,
        },
        { utterance: 'u4', type: 'authority', response: 'u5', techniques: [], resolved: false },
      ],
      tags: ['price_sensitive', 'long_decision_chain'],
    },
    'g.json',
  );
  const predicted = analysis(
    [
      finding('u1', 'opening'),
      finding('u1', 'question.open'),
      finding('u1', 'question.closed'),
      finding('u2', 'objection.price', {
        objectionType: 'price',
        responseUtteranceId: 'u3',
        techniques: ['acknowledge', 'evidence'],
        resolved: true,
      }),
      finding('u2', 'objection.need', {
        objectionType: 'need',
        responseUtteranceId: 'u3',
        techniques: [],
        resolved: false,
      }),
      finding('u2', 'need.implicit', { identified: false }),
      finding('u3', 'objection_response'),
      finding('u3', 'restatement', { accurate: true }),
      finding('u3', 'question.closed'),
      finding('u5', 'question.open'),
    ],
    ['price_sensitive', 'needs_sample'],
  );
  const r = evaluateMode([{ name: 'x', gold, analysis: predicted }]);

  it('counts labels as multisets per utterance', () => {
    // question.open: gold u1×2; predicted u1×1 + u5×1 → TP 1, FP 1, FN 1
    expect(r.labels['question.open']).toEqual({
      precision: 0.5,
      recall: 0.5,
      f1: 0.5,
      gold: 2,
      predicted: 2,
    });
    expect(r.labels.opening).toEqual({ precision: 1, recall: 1, f1: 1, gold: 1, predicted: 1 });
  });

  it('merges rep open and closed into question, and scores open/closed on the overlap', () => {
    // gold questions per rep utterance: u1 2, u3 1, u5 1; predicted u1 2, u3 1, u5 1 → all TP
    expect(r.question).toEqual({ precision: 1, recall: 1, f1: 1 });
    // open/closed: u1 min(2,1)+min(0,1)=1, u3 1, u5 0 → 2 / 4
    expect(r.openClosedAccuracy).toBe(0.5);
  });

  it('scores objections at utterance level, types over shared utterances', () => {
    // customer utterances: u2 gold yes / pred yes; u4 gold yes / pred no → P 1, R 0.5
    expect(r.objection).toEqual({ precision: 1, recall: 0.5, f1: 0.6667 });
    // u2: gold {price}, pred {price, need} → 1/1
    expect(r.objectionTypeAccuracy).toBe(1);
  });

  it('scores techniques and resolution over objections matched by type and response', () => {
    // gold {acknowledge, alternative} vs pred {acknowledge, evidence}: TP 1, FP 1, FN 1
    expect(r.techniques).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5 });
    expect(r.objectionResolvedAccuracy).toBe(1);
  });

  it('scores implicit needs, identification, restatements and tags', () => {
    expect(r.implicitNeed).toEqual({ precision: 1, recall: 1, f1: 1 });
    expect(r.implicitNeedIdentifiedAccuracy).toBe(0);
    expect(r.restatement).toEqual({ precision: 1, recall: 1, f1: 1 });
    expect(r.restatementAccuracyBalanced).toBe(1);
    // tags: TP price_sensitive; FP needs_sample; FN long_decision_chain
    expect(r.tags).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5 });
  });

  it('rejects gold files with unknown labels, naming the field', () => {
    expect(() => parseGold({ utterances: { u1: ['question.rhetorical'] } }, 'bad.gold.json')).toThrow(
      /bad\.gold\.json: utterances\.u1\[0\]/,
    );
  });
});
