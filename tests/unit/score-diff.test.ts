import { describe, expect, it } from 'vitest';
import { type DiffSide, diffScores, utteranceZh } from '../../pipeline/report/score-diff.core.js';

const AT = new Date('2026-12-05T08:00:00Z');

/** A call with one implicit need answered by a solution, and one objection. */
function previous(): DiffSide {
  return {
    findings: [
      { id: 'f1', label: 'need.implicit', utteranceId: 'u4' },
      { id: 'f2', label: 'solution', utteranceId: 'u5' },
      { id: 'f3', label: 'objection.price', utteranceId: 'u8' },
    ],
    scoreItems: [
      {
        id: 's1',
        metric: 'needs_linked_to_solution',
        label: '需求与方案关联',
        dimension: 'solution_presentation',
        score: 100,
        value: 1,
        findingIds: ['f1', 'f2'],
        detail: { numerator: 1, denominator: 1 },
      },
      {
        id: 's2',
        metric: 'objections_resolved',
        label: '异议化解率',
        dimension: 'objection_handling',
        score: 100,
        value: 1,
        findingIds: ['f3'],
      },
    ],
    dimensions: { solution_presentation: 100, objection_handling: 100, need_diagnosis: 60 },
    total: 80,
  };
}

describe('diffScores', () => {
  it('names the need found by an appeal, the item it moved and why, in Chinese', () => {
    const after: DiffSide = {
      // Ids differ between runs: findings are matched by label and utterance.
      findings: [
        { id: 'g1', label: 'need.implicit', utteranceId: 'u4' },
        { id: 'g2', label: 'solution', utteranceId: 'u5' },
        { id: 'g3', label: 'objection.price', utteranceId: 'u8' },
        { id: 'g4', label: 'need.implicit', utteranceId: 'u12' },
      ],
      scoreItems: [
        {
          ...previous().scoreItems[0]!,
          score: 50,
          value: 0.5,
          findingIds: ['g1', 'g2', 'g4'],
          detail: { numerator: 1, denominator: 2 },
        },
        { ...previous().scoreItems[1]!, findingIds: ['g3'] },
      ],
      dimensions: { solution_presentation: 50, objection_handling: 100, need_diagnosis: 75 },
      total: 72,
    };
    const d = diffScores(previous(), after, { kind: 'appeal', appealId: 'appeal-1' }, AT);
    expect(d.findingsAdded).toEqual([{ label: 'need.implicit', utteranceId: 'u12' }]);
    expect(d.findingsRemoved).toEqual([]);
    expect(d.items).toHaveLength(1);
    expect(d.items[0]).toMatchObject({
      metric: 'needs_linked_to_solution',
      from: 100,
      to: 50,
      counted: [{ label: 'need.implicit', utteranceId: 'u12' }],
      uncounted: [],
    });
    expect(d.items[0]!.reason).toBe(
      '新计入 1 条：「隐性需求」（第 12 句）；「需求与方案关联」从 1/1 变为 1/2，得分 100 分 → 50 分',
    );
    expect(d.dimensions).toEqual([
      { dimension: 'solution_presentation', from: 100, to: 50 },
      { dimension: 'need_diagnosis', from: 60, to: 75 },
    ]);
    expect(d.summary).toMatch(/^申诉被接受后重新评分：总分 80 分 → 72 分（/);
    expect(d.at).toBe(AT.toISOString());
  });

  it('explains an item that stops applying, and a removed finding', () => {
    const after: DiffSide = {
      findings: previous().findings.filter((f) => f.id !== 'f3'),
      scoreItems: [
        previous().scoreItems[0]!,
        { ...previous().scoreItems[1]!, score: null, value: null, findingIds: [] },
      ],
      dimensions: { solution_presentation: 100, objection_handling: null, need_diagnosis: 60 },
      total: 80,
    };
    const d = diffScores(previous(), after, { kind: 'lexicon', version: 'saas@3' }, AT);
    expect(d.findingsRemoved).toEqual([{ label: 'objection.price', utteranceId: 'u8' }]);
    expect(d.items[0]!.reason).toBe(
      '不再计入 1 条：「价格异议」（第 8 句）；「异议化解率」从 1 变为 不适用，得分 100 分 → 不适用',
    );
    expect(d.summary).toBe('新词库发布后重新评分：总分 80 分 → 80 分（异议攻坚 100 分 → 不适用）');
  });

  it('says nothing moved when nothing did', () => {
    const d = diffScores(previous(), previous(), { kind: 'model', version: 'second-stage@3+abc' }, AT);
    expect(d.items).toEqual([]);
    expect(d.dimensions).toEqual([]);
    expect(d.summary).toBe('新学习模型发布后重新评分：各项得分没有变化');
  });

  it('names utterances as a reader counts them', () => {
    expect(utteranceZh('u7')).toBe('第 7 句');
    expect(utteranceZh('x-1')).toBe('x-1');
  });
});
