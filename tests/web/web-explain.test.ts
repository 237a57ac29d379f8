import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AppliedCorrection } from '../../models/appeal.js';
import { parseTranscript } from '../../models/transcript.js';
import type { CallAnalysis } from '../../pipeline/nlp/analyze.core.js';
import type { CallView, Finding, ScoreItem } from '../../web/src/lib/api.js';
import { explainAppealEffect, explainDimension, explainItem } from '../../web/src/lib/explain.js';
import { hasForeignWords } from '../../web/src/lib/score-source.js';
import { shippedAnalyzer, transcript } from '../helpers/runtime.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** The call view the API serves for a scored call, built from the server's own analysis. */
function viewOf(a: CallAnalysis): CallView {
  return {
    call: {
      id: a.callId,
      externalId: a.externalId ?? a.callId,
      repId: a.repId,
      teamId: null,
      industry: a.industry,
      industrySource: 'given',
      industryInference: null,
      occurredAt: a.occurredAt,
      customer: null,
      source: 'transcript',
      status: 'scored',
      failureReason: null,
      revision: 1,
      lexiconVersion: a.lexiconVersion,
      scorecardVersion: a.scorecardVersion,
      total: a.total,
      tags: a.tags,
      audio: null,
      progress: null,
    },
    utterances: a.utterances,
    analysis: {
      revision: 1,
      lexiconVersion: a.lexiconVersion,
      scorecardVersion: a.scorecardVersion,
      secondStageVersion: null,
      total: a.total,
      tags: a.tags,
      metrics: a.metrics,
      findings: a.findings as unknown as Finding[],
      suppressed: [],
      machine: { total: a.total, dimensions: a.dimensions },
      lastChange: null,
      overrides: [],
      scoreItems: a.scoreItems as ScoreItem[],
      dimensions: a.dimensions,
      coaching: a.coaching,
    },
  };
}

// A rep who pitches before any need is heard; the customer's staffing worry is missed by the
// machine and no solution follows it.
const CALL = transcript('medical_devices', [
  ['rep', '王主任您好，我是华康医疗的小林，想跟您聊聊腔镜手术系统，您现在方便吗？'],
  ['customer', '方便，你说吧。我们想提高手术效率。'],
  ['rep', '我们这套腔镜系统是4K的，带荧光导航，三甲医院装了很多。'],
  ['customer', '另外我们科室护士人手也比较紧张。'],
  ['rep', '好的，那我下周三带资料过去给您看看？'],
  ['customer', '行，下周三上午来吧。'],
]);
const MISSED_NEED: AppliedCorrection = {
  kind: 'add',
  utteranceId: 'u4',
  label: 'need.explicit',
  span: [2, 15],
  overrideId: 'appeal-1',
};

describe('an appeal that lowers a dimension says why before filing', () => {
  const analyzer = shippedAnalyzer();
  const before = analyzer.analyze(parseTranscript(CALL));
  const after = analyzer.analyze(parseTranscript(CALL), undefined, undefined, [MISSED_NEED]);

  it('is the case of the issue: the found need has no solution after it, 方案呈现 and the total fall', () => {
    expect(before.dimensions.solution_presentation).toBe(50);
    expect(after.dimensions.solution_presentation).toBe(29);
    expect(after.total).toBeLessThan(before.total!);
  });

  it('names the rule, the counts and the fall of the total in Chinese', () => {
    const lines = explainAppealEffect(viewOf(before), MISSED_NEED, before, after);
    expect(lines).toEqual([
      {
        dimension: 'solution_presentation',
        text: '方案呈现 50 → 29 分：新识别出 1 条需求，但本通话在它之后 3 次销售发言内没有针对它呈现方案，所以「需求与方案关联」从 不适用 变为 0/1',
      },
      {
        dimension: 'total',
        text: `申诉被接受后总分会从 ${before.total} 降到 ${after.total}：方案呈现下降的影响大于其他维度的提高。这不是惩罚，而是更正后的发现按同一规则计分的结果。`,
      },
    ]);
  });

  it('says nothing changes when nothing does', () => {
    expect(explainAppealEffect(viewOf(before), MISSED_NEED, before, before)).toEqual([]);
  });
});

describe('every score item and dimension explained in words', () => {
  const a = shippedAnalyzer().analyze(parseTranscript(CALL));
  const item = (id: string) => a.scoreItems.find((s) => s.id === id) as ScoreItem;

  it('a ratio item: what was counted, the formula with the numbers, the target and its source', () => {
    expect(explainItem(item('open_question_ratio'))).toEqual({
      counted: '销售共提问 2 次，其中开放式提问 0 次',
      formula: '得分 = 实际 ÷ 目标 × 100 = 0% ÷ 50% × 100 ≈ 0 分',
      target: '至少 50%',
      source: '团队默认：销售的提问至少一半是开放式提问',
    });
  });

  it('an item that does not apply is not a zero', () => {
    expect(explainItem(item('objections_handled'))).toMatchObject({
      counted: '本通话没有客户异议',
      formula: '本通话没有可计算的对象，此项不适用，不计入维度分（不按 0 分计）',
    });
  });

  it('a dimension is the weighted mean of its applicable items', () => {
    expect(explainDimension('solution_presentation', a.scoreItems as ScoreItem[], 50)).toBe(
      '方案呈现 = 适用评分项按权重加权平均 =（案例与证据使用 0×1 + 最长独白 100×1）÷ 2 ≈ 50 分；需求与方案关联不适用，不计入。',
    );
    expect(explainDimension('objection_handling', a.scoreItems as ScoreItem[], null)).toBe(
      '异议攻坚的评分项在本通话都不适用，本维度不适用，不计入总分（不按 0 分计）。',
    );
  });

  it('explains every item of every shipped example call in Chinese', () => {
    const dir = join(ROOT, 'examples', 'calls');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const call = shippedAnalyzer().analyze(
        parseTranscript(JSON.parse(readFileSync(join(dir, file), 'utf8'))),
      );
      for (const s of call.scoreItems) {
        const why = explainItem(s as ScoreItem);
        for (const text of [why.counted, why.formula, why.target, why.source])
          expect(hasForeignWords(text), `${file} ${s.id}: ${text}`).toBe(false);
      }
    }
  });
});
