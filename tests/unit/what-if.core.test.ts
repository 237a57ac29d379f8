import { describe, expect, it } from 'vitest';
import type { StoredCallResult } from '../../models/lexicon-version.repository.js';
import type { CallAnalysis } from '../../pipeline/nlp/analyze.core.js';
import { emptyTally, finishTally, tallyCall, ZWhatIfTally } from '../../pipeline/what-if.core.js';

const stored: StoredCallResult = {
  id: 'call-1',
  repId: 'rep-1',
  repName: '林雪',
  occurredAt: new Date('2026-11-20T06:00:00.000Z'),
  customer: null,
  total: 58,
  utterances: [
    { id: 'u1', speaker: 'rep', start: 0, end: 3_000, text: '何主任您好' },
    { id: 'u2', speaker: 'customer', start: 3_600, end: 9_000, text: '净高偏低，站位局促' },
  ],
  findingIds: ['f-old'],
  // Kept from an earlier transcript whose sentence u7 the stored call no longer has.
  findings: [{ id: 'f-old', utteranceId: 'u7', label: 'objection.price', term: '太贵' }],
  dimensions: { need_diagnosis: 50 },
};

/** The parts of a candidate's analysis a tally reads. */
const candidate = (findings: { id: string; utteranceId: string; span: [number, number] }[]) =>
  ({
    findings: findings.map((f) => ({ ...f, label: 'need.implicit', term: '手术室空间限制' })),
    dimensions: { need_diagnosis: 75 },
    total: 63,
  }) as unknown as CallAnalysis;

describe('what a candidate changes, sentence by sentence', () => {
  it('names a sentence still in the call by its place (from 1) and start, with its words', () => {
    const t = emptyTally();
    tallyCall(t, stored, candidate([{ id: 'f-new', utteranceId: 'u2', span: [0, 4] }]));
    const x = finishTally(t).examples[0]!;
    expect(x.added).toEqual([
      {
        utteranceId: 'u2',
        utteranceIndex: 2,
        startMs: 3_600,
        label: 'need.implicit',
        term: '手术室空间限制',
        quote: '净高偏低',
      },
    ]);
    expect(ZWhatIfTally.safeParse(t).success).toBe(true);
  });

  it('leaves place and start empty for a sentence the call no longer has (never 第0句 at 00:00)', () => {
    const t = emptyTally();
    tallyCall(t, stored, candidate([{ id: 'f-new', utteranceId: 'u9', span: [0, 2] }]));
    const x = finishTally(t).examples[0]!;
    expect(x.removed).toEqual([
      { utteranceId: 'u7', utteranceIndex: null, startMs: null, label: 'objection.price', term: '太贵' },
    ]);
    expect(x.added[0]).toMatchObject({ utteranceId: 'u9', utteranceIndex: null, startMs: null, quote: '' });
    expect(ZWhatIfTally.safeParse(t).success).toBe(true);
  });
});
