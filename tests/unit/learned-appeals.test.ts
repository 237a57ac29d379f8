import { describe, expect, it } from 'vitest';
import type { Correction } from '../../models/appeal.js';
import { parseTranscript } from '../../models/transcript.js';
import { parseGold } from '../../pipeline/eval/gold.js';
import type { LabelledCall } from '../../pipeline/eval/run-eval.js';
import {
  appealExamplesOf,
  type CorrectedCall,
  learnedUtteranceOf,
} from '../../pipeline/learned/appeal-examples.js';
import { cleanUtterance, featuresOfCleaned } from '../../pipeline/learned/features.js';
import { guardCandidate, MAX_F1_DROP } from '../../pipeline/learned/guard.core.js';
import { LEARNED_LABELS } from '../../pipeline/learned/labels.js';
import { parseVersion, type SecondStageModel, versionedModel } from '../../pipeline/learned/model.schema.js';
import { retrainWithAppeals } from '../../pipeline/learned/retrain.core.js';
import { SecondStage } from '../../pipeline/learned/second-stage.js';
import {
  DEFAULT_TRAIN_OPTIONS,
  examplesOf,
  type TrainOptions,
  trainSecondStage,
} from '../../pipeline/learned/train.core.js';

// Sentences written for this test. The shipped (synthetic) calls teach price objections and
// next steps; a sentence about a warehouse's night shift is neutral there, and appeals say that
// in these calls it is an implicit need.
const PRODUCTS = ['扫地机', '净水器', '投影仪', '打印机', '叉车', '货架'];
const PRICE = ['这{p}太贵了', '{p}价格超出预算了', '你们{p}能便宜点吗'];
const NEUTRAL = ['{p}的参数我看过了', '好的你接着说{p}', '我们仓库有三台{p}'];
const STEP = ['下周二我带{p}样机过来', '明天把{p}报价发您'];
const PITCH = ['{p}是我们今年的新款', '{p}有三年质保', '很多客户在用这款{p}'];
const NIGHT = '晚上仓库没人值班，到货只能堆在门口';

const fill = (t: string, p: string) => t.replace('{p}', p);

function shippedCalls(): LabelledCall[] {
  return PRODUCTS.flatMap((p, k) =>
    [0, 1].map((n) => {
      const us: { speaker: 'rep' | 'customer'; text: string }[] = [];
      const labels: Record<string, string[]> = {};
      for (let t = 0; t < 4; t++) {
        const price = (t + n) % 2 === 0;
        us.push({ speaker: 'rep', text: fill(PITCH[(t + n) % 3]!, p) });
        us.push({ speaker: 'customer', text: fill((price ? PRICE : NEUTRAL)[(t + k) % 3]!, p) });
        if (price) labels[`u${us.length}`] = ['objection.price'];
        const step = (t + k) % 2 === 1;
        us.push({ speaker: 'rep', text: fill((step ? STEP : PITCH)[(t + n + k) % 2]!, p) });
        if (step) labels[`u${us.length}`] = ['next_step'];
      }
      // The night-shift sentence appears, unlabelled, in every shipped call.
      us.push({ speaker: 'customer', text: NIGHT });
      const transcript = parseTranscript({
        repId: 'rep-test',
        industry: `industry_${k}`,
        occurredAt: '2026-03-02T09:30:00+08:00',
        utterances: us.map((u, i) => ({ ...u, id: `u${i + 1}`, start: i * 1000, end: i * 1000 + 900 })),
      });
      return { name: `syn-${k}-${n}`, transcript, gold: parseGold({ utterances: labels }, `syn-${k}-${n}`) };
    }),
  );
}

// Without ASR-like copies, whatever the shipped options say: the model in force below is trained on
// examplesOf (the calls as written), and retraining must reproduce it.
const { asrLikeCopiesFor: _copiesFor, ...SHIPPED } = DEFAULT_TRAIN_OPTIONS;
const FAST: TrainOptions = { ...SHIPPED, asrLikeCopies: 0, segmenter: null, l2Grid: [1], folds: 3 };

function trainShipped(calls: readonly LabelledCall[]): SecondStageModel {
  return versionedModel(
    trainSecondStage(
      examplesOf(calls, FAST.config),
      calls.map((c) => c.name),
      FAST,
    ),
    undefined,
  );
}

/** A scored call in the database whose night-shift sentence a reviewer accepted as an implicit need. */
function correctedCall(callId: string, appealId: string, industry: string): CorrectedCall {
  const utterances = [
    { id: 'u1', speaker: 'rep' as const, text: '您现在收货是怎么安排的？' },
    { id: 'u2', speaker: 'customer' as const, text: NIGHT },
    { id: 'u3', speaker: 'rep' as const, text: '明白，那到货时间很关键。' },
  ];
  const corrections: { appealId: string; correction: Correction }[] = [
    { appealId, correction: { kind: 'add', utteranceId: 'u2', label: 'need.implicit', span: [0, 8] } },
    // A question label teaches the second stage nothing: no example from it.
    {
      appealId: `${appealId}-q`,
      correction: { kind: 'add', utteranceId: 'u1', label: 'question.open', span: [0, 5] },
    },
  ];
  return {
    callId,
    industry,
    utterances,
    corrections,
    labels: new Map([
      ['u1', ['question.open']],
      ['u2', ['need.implicit', 'restatement']],
    ]),
  };
}

describe('examples from accepted appeals', () => {
  it('takes the utterance of corrections about learned labels only', () => {
    const span: [number, number] = [0, 2];
    const cases: [Correction, string | null][] = [
      [{ kind: 'add', utteranceId: 'u1', label: 'need.implicit', span }, 'u1'],
      [{ kind: 'add', utteranceId: 'u1', label: 'question.open', span }, null],
      [{ kind: 'remove', findingId: 'f', utteranceId: 'u2', label: 'objection.price', span }, 'u2'],
      [
        { kind: 'relabel', findingId: 'f', utteranceId: 'u3', label: 'question.open', span, to: 'next_step' },
        'u3',
      ],
      [
        {
          kind: 'set',
          findingId: 'f',
          utteranceId: 'u4',
          label: 'objection.price',
          span,
          field: 'resolved',
          value: true,
        },
        null,
      ],
      [{ kind: 'score', itemId: 'i', score: 80 }, null],
      [{ kind: 'speaker', utteranceId: 'u5', speaker: 'customer' }, 'u5'],
    ];
    for (const [c, want] of cases) expect(learnedUtteranceOf(c), JSON.stringify(c)).toBe(want);
  });

  it('featurises a corrected utterance as training does, with the corrected labels, repeated', () => {
    const call = correctedCall('call-1', 'apl-1', 'industry_0');
    const examples = appealExamplesOf([call], FAST.config, 2);
    expect(examples).toHaveLength(2);
    const want = featuresOfCleaned(
      cleanUtterance(NIGHT, FAST.config),
      cleanUtterance('您现在收货是怎么安排的？', FAST.config),
      FAST.config,
    );
    for (const e of examples) {
      expect(e).toEqual({
        call: 'appeal:apl-1',
        group: 'industry_0',
        speaker: 'customer',
        features: want,
        labels: ['need.implicit'],
      });
    }
    expect(() => appealExamplesOf([call], FAST.config, 0)).toThrow(/repeat/);
  });
});

describe('retraining with appeals', () => {
  const shipped = shippedCalls();
  const current = trainShipped(shipped);
  const corrected = PRODUCTS.slice(0, 3).map((_, k) =>
    correctedCall(`call-${k}`, `apl-${k}`, `industry_${k}`),
  );
  const input = { training: shipped, guardCalls: shipped, corrected, current, repeat: 3, options: FAST };

  it('learns what the reviewers accepted, deterministically, as the next version', () => {
    const a = retrainWithAppeals(input);
    const b = retrainWithAppeals({ ...input, corrected: [...corrected].reverse() });
    expect(b.model).toEqual(a.model);
    expect(a.appeals).toEqual(['apl-0', 'apl-1', 'apl-2']);
    expect(a.appealUtterances).toBe(3);
    expect(a.model.trainedOn.calls).toContain('appeal:apl-1');
    expect(parseVersion(a.model.version)!.seq).toBe(parseVersion(current.version)!.seq + 1);
    const utterances = correctedCall('x', 'y', 'z').utterances;
    const before = new SecondStage(current).predictCall(utterances)[1]!['need.implicit']!;
    const after = new SecondStage(a.model).predictCall(utterances)[1]!['need.implicit']!;
    expect(after).toBeGreaterThan(before + 0.2);
    // The shipped labels still hold: the guard passes.
    expect(a.guard.publishable).toBe(true);
    expect(a.guard.labels.map((l) => l.label)).toEqual(LEARNED_LABELS.map((l) => l.label));
  });

  it('without corrections gives the model in force again', () => {
    const r = retrainWithAppeals({ ...input, corrected: [] });
    expect(r.model.version).toBe(current.version);
    expect(r.appeals).toEqual([]);
  });
});

describe('the publishing guard', () => {
  const shipped = shippedCalls();
  const current = trainShipped(shipped);

  it('passes an identical model and refuses one that unlearns a label', () => {
    const same = guardCandidate(new SecondStage(current), new SecondStage(current), shipped);
    expect(same.publishable).toBe(true);
    expect(same.labels.every((l) => l.delta === 0)).toBe(true);
    const price = same.labels.find((l) => l.label === 'objection.price')!;
    expect(price.before).toBeGreaterThan(0.8);
    expect(price.gold).toBeGreaterThan(0);

    // A candidate that never says objection.price any more.
    const broken: SecondStageModel = {
      ...current,
      labels: {
        ...current.labels,
        'objection.price': { ...current.labels['objection.price']!, threshold: 1.01 },
      },
    };
    const g = guardCandidate(new SecondStage(current), new SecondStage(broken), shipped);
    expect(g.publishable).toBe(false);
    expect(g.maxDrop).toBe(MAX_F1_DROP);
    const bad = g.labels.filter((l) => !l.ok).map((l) => l.label);
    expect(bad).toContain('objection.price');
    expect(g.labels.find((l) => l.label === 'next_step')!.ok).toBe(true);
  });
});
