import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTranscript } from '../../models/transcript.js';
import { parseGold } from '../../pipeline/eval/gold.js';
import type { LabelledCall } from '../../pipeline/eval/run-eval.js';
import { cleanUtterance, featuresOf } from '../../pipeline/learned/features.js';
import {
  contentHash,
  nextVersion,
  parseVersion,
  type SecondStageModel,
  serializeModel,
  versionedModel,
  ZSecondStageModel,
} from '../../pipeline/learned/model.schema.js';
import {
  DEFAULT_MODEL_PATH,
  type LearnedUtterance,
  loadSecondStage,
  SecondStage,
} from '../../pipeline/learned/second-stage.js';
import {
  DEFAULT_TRAIN_OPTIONS,
  examplesOf,
  type TrainOptions,
  trainingExamplesOf,
  trainSecondStage,
} from '../../pipeline/learned/train.core.js';
import { createJiebaSegmenter } from '../../pipeline/nlp/jieba.js';

// Synthetic calls written for these tests: a rep line, a customer answer that is a price
// objection or not, a rep line that proposes a next step or not. Six industries, so that the
// cross-validation has groups to hold out.
const PRODUCTS = ['扫地机', '净水器', '投影仪', '打印机', '监控屏', '叉车'];
const OBJECTIONS = ['这{p}太贵了', '{p}价格超出预算了', '你们{p}能便宜点吗', '预算不够买{p}'];
const NEUTRAL = ['{p}的参数我看过了', '好的你接着说{p}', '{p}平时谁在用', '我们仓库有三台{p}'];
const STEPS = ['下周二我带{p}样机过来', '明天把{p}报价发您', '周四约您看{p}演示'];
const PITCH = ['{p}是我们今年的新款', '{p}有三年质保', '很多客户在用这款{p}'];

function fill(template: string, p: string): string {
  return template.replace('{p}', p);
}

function syntheticCalls(products: readonly string[]): LabelledCall[] {
  return products.flatMap((p, k) =>
    [0, 1].map((n) => {
      const utterances: { speaker: 'rep' | 'customer'; text: string }[] = [];
      const labels: Record<string, string[]> = {};
      for (let t = 0; t < 4; t++) {
        const objection = (t + n) % 2 === 0;
        const step = (t + k) % 2 === 1;
        utterances.push({ speaker: 'rep', text: fill(PITCH[(t + n) % PITCH.length]!, p) });
        const c = fill((objection ? OBJECTIONS : NEUTRAL)[(t + k) % 4]!, p);
        utterances.push({ speaker: 'customer', text: c });
        if (objection) labels[`u${utterances.length}`] = ['objection.price'];
        utterances.push({ speaker: 'rep', text: fill((step ? STEPS : PITCH)[(t + n + k) % 3]!, p) });
        if (step) labels[`u${utterances.length}`] = ['next_step'];
      }
      const transcript = parseTranscript({
        repId: 'rep-test',
        industry: `industry_${k}`,
        occurredAt: '2026-03-02T09:30:00+08:00',
        utterances: utterances.map((u, i) => ({ ...u, start: i * 1000, end: i * 1000 + 900 })),
      });
      return { name: `syn-${k}-${n}`, transcript, gold: parseGold({ utterances: labels }, `syn-${k}-${n}`) };
    }),
  );
}

const { asrLikeCopiesFor: _shippedCopiesFor, replyFor: _shippedReplyFor, ...SHIPPED } = DEFAULT_TRAIN_OPTIONS;
/** The shipped features without the reply: the synthetic models here are plain unless a test asks. */
const { nextBigrams: _shippedReply, ...PLAIN_CONFIG } = DEFAULT_TRAIN_OPTIONS.config;
const FAST: TrainOptions = {
  ...SHIPPED,
  asrLikeCopies: 0,
  config: { ...PLAIN_CONFIG, previousWords: false },
  segmenter: null,
  l2Grid: [1, 0.25],
  folds: 3,
};

function trainSynthetic(options: TrainOptions = FAST, cut?: (text: string) => string[]): SecondStageModel {
  const calls = syntheticCalls(PRODUCTS);
  return versionedModel(
    trainSecondStage(
      examplesOf(calls, options.config, cut),
      calls.map((c) => c.name),
      options,
    ),
    undefined,
  );
}

/** As `npm run train` builds its examples: ASR-like copies where `options` asks for them. */
function trainWithCopies(options: TrainOptions): SecondStageModel {
  const calls = syntheticCalls(PRODUCTS);
  return versionedModel(
    trainSecondStage(
      trainingExamplesOf(calls, options),
      calls.map((c) => c.name),
      options,
    ),
    undefined,
  );
}

// A stand-in segmenter: two-character chunks.
const pairs = (text: string): string[] => text.match(/.{1,2}/gu) ?? [];

describe('trainSecondStage', () => {
  it('records ASR-like training copies in the model file and trains on twice the utterances', () => {
    const options: TrainOptions = { ...FAST, asrLikeCopies: 1 };
    const plain = trainSynthetic();
    const model = trainWithCopies(options);
    expect(ZSecondStageModel.parse(JSON.parse(serializeModel(model))).features.asrLikeCopies).toBe(1);
    expect(plain.features.asrLikeCopies).toBeUndefined();
    const count = (m: SecondStageModel) => m.figures.utterances.customer + m.figures.utterances.rep;
    expect(count(model)).toBe(2 * count(plain));
    expect(model.trainedOn.calls).toEqual(plain.trainedOn.calls);
  });

  it('trains only the labels named in asrLikeCopiesFor on the copies, the others as without copies', () => {
    const options: TrainOptions = { ...FAST, asrLikeCopies: 1, asrLikeCopiesFor: ['objection.price'] };
    const plain = trainSynthetic();
    const all = trainWithCopies({ ...FAST, asrLikeCopies: 1 });
    const model = trainWithCopies(options);
    const parsed = ZSecondStageModel.parse(JSON.parse(serializeModel(model)));
    expect(parsed.features.asrLikeCopies).toBe(1);
    expect(parsed.features.asrLikeCopiesFor).toEqual(['objection.price']);
    expect(all.features.asrLikeCopiesFor).toBeUndefined();
    // The named label is the one trained on every copy; the others are the plain model's, bit for bit.
    expect(model.labels['objection.price']).toEqual(all.labels['objection.price']);
    expect(model.labels['objection.price']).not.toEqual(plain.labels['objection.price']);
    for (const label of ['objection', 'next_step', 'need.implicit', 'objection.timing']) {
      expect(model.labels[label]).toEqual(plain.labels[label]);
      expect(model.figures.crossValidation.labels[label]).toEqual(
        plain.figures.crossValidation.labels[label],
      );
    }
    // Figures count what the widest label saw: customers with the copies, reps without.
    expect(model.figures.utterances.customer).toBe(2 * plain.figures.utterances.customer);
    expect(model.figures.utterances.rep).toBe(plain.figures.utterances.rep);
  });

  it('trains only the labels named in replyFor on the reply, the others as without it', () => {
    const options: TrainOptions = {
      ...FAST,
      config: { ...FAST.config, nextBigrams: true },
      replyFor: ['objection', 'objection.price'],
    };
    const plain = trainSynthetic();
    const model = trainSynthetic(options);
    const parsed = ZSecondStageModel.parse(JSON.parse(serializeModel(model)));
    expect(parsed.features.nextBigrams).toBe(true);
    expect(parsed.features.replyFor).toEqual(['objection', 'objection.price']);
    expect(plain.features.nextBigrams).toBeUndefined();
    const readsReply = (label: string) =>
      Object.keys(model.labels[label]!.weights).some((f) => f.startsWith('n2:') || f === 'd:nonext');
    expect(readsReply('objection')).toBe(true);
    for (const label of ['next_step', 'need.implicit', 'objection.timing']) {
      expect(model.labels[label]).toEqual(plain.labels[label]);
      expect(readsReply(label)).toBe(false);
    }
    // Scores are the sum of the weights over featuresOf's names, reply included, and the reply's
    // n-grams are evidence marked as such.
    const stage = new SecondStage(model);
    const call: LearnedUtterance[] = [
      { speaker: 'rep', text: '这台咖啡机是我们今年的新款。' },
      { speaker: 'customer', text: '这咖啡机太贵了。' },
      { speaker: 'rep', text: '下周二我带咖啡机样机过来。' },
      { speaker: 'customer', text: '好的。' },
    ];
    const predicted = stage.predictCall(call);
    call.forEach((u, i) => {
      const names = featuresOf(call, i, model.features);
      expect(names.includes('d:nonext')).toBe(i === 3);
      for (const [label, m] of Object.entries(model.labels)) {
        if (m.speaker !== u.speaker) continue;
        const z = names.reduce((s, f) => s + (m.weights[f] ?? 0), m.bias);
        expect(predicted[i]![label]).toBeCloseTo(1 / (1 + Math.exp(-z)), 12);
        expect(stage.predict(call, i)[label]).toBe(predicted[i]![label]);
      }
    });
    const evidence = stage.explain(call, 1, 'objection', 50);
    for (const e of evidence) expect(e.fromReply === true).toBe(e.feature.startsWith('n2:'));
  });

  it('refuses an empty asrLikeCopiesFor', () => {
    const calls = syntheticCalls(PRODUCTS.slice(0, 3));
    const options: TrainOptions = { ...FAST, asrLikeCopies: 1, asrLikeCopiesFor: [] };
    expect(() =>
      trainSecondStage(
        trainingExamplesOf(calls, options),
        calls.map((c) => c.name),
        options,
      ),
    ).toThrow(/asrLikeCopiesFor/);
  });

  it('gives the same model twice from the same calls', () => {
    const a = trainSynthetic();
    const b = trainSynthetic();
    expect(b).toEqual(a);
    expect(serializeModel(b)).toBe(serializeModel(a));
  });

  it('separates price objections and next steps it has not seen', () => {
    const stage = new SecondStage(trainSynthetic());
    // Products absent from training: only the objection and next-step wording can decide.
    const call: LearnedUtterance[] = [
      { speaker: 'rep', text: '这台咖啡机是我们今年的新款。' },
      { speaker: 'customer', text: '这咖啡机太贵了，预算不够。' },
      { speaker: 'rep', text: '下周二我带咖啡机样机过来。' },
      { speaker: 'customer', text: '咖啡机的参数我看过了。' },
      { speaker: 'rep', text: '咖啡机有三年质保。' },
    ];
    const p = stage.predictCall(call);
    const price = stage.thresholdOf('objection.price');
    const step = stage.thresholdOf('next_step');
    expect(p[1]!['objection.price']).toBeGreaterThanOrEqual(price);
    expect(p[3]!['objection.price']).toBeLessThan(price);
    expect(p[2]!.next_step).toBeGreaterThanOrEqual(step);
    expect(p[0]!.next_step).toBeLessThan(step);
    expect(p[4]!.next_step).toBeLessThan(step);
    expect(Object.keys(p[1]!)).not.toContain('next_step');
    expect(Object.keys(p[2]!)).toEqual(['next_step']);
  });

  it('asks for words when the model reads them and none are given', () => {
    const options = { ...FAST, config: { ...FAST.config, previousWords: true }, segmenter: 'pairs' };
    const model = trainSynthetic(options, pairs);
    expect(model.features.segmenter).toBe('pairs');
    const call = [
      { speaker: 'rep' as const, text: '周四约您看咖啡机演示。' },
      { speaker: 'customer' as const, text: '咖啡机太贵了。' },
    ];
    expect(() => new SecondStage(model).predict(call, 1)).toThrow(/reads words/);
    const withWords = call.map((u) => ({ ...u, words: pairs(cleanUtterance(u.text, model.features).clean) }));
    expect(new SecondStage(model).predict(withWords, 1)).toEqual(
      new SecondStage(model, { cut: pairs }).predict(call, 1),
    );
  });

  it('versions by content: same content keeps the sequence number, new content takes the next', () => {
    const model = trainSynthetic();
    expect(model.version).toBe(`second-stage@1+${contentHash(model)}`);
    expect(nextVersion(model, model)).toBe(model.version);
    const changed = {
      ...model,
      labels: { ...model.labels, next_step: { ...model.labels.next_step!, bias: 0.5 } },
    };
    expect(nextVersion(changed, model)).toBe(`second-stage@2+${contentHash(changed)}`);
  });
});

describe('the shipped model', () => {
  const cut = createJiebaSegmenter(); // used only if the shipped model reads words
  const stage = loadSecondStage(DEFAULT_MODEL_PATH, { cut });

  it('loads, and its version hash matches its content', () => {
    const text = readFileSync(DEFAULT_MODEL_PATH, 'utf8');
    expect(parseVersion(stage.version)?.hash).toBe(contentHash(stage.model));
    expect(serializeModel(stage.model)).toBe(text);
    expect(stage.model.trainedOn.calls.some((c) => c.endsWith('-05'))).toBe(false);
    expect(stage.labels).toHaveLength(11);
  });

  // Sentences written for this test, not taken from any call. The type column is null where the
  // type classifier misses the sentence (delivery: 29 training examples; see docs/model-card.md).
  // The last column is false where the model alone misses the objection: since second-stage@4 (the
  // reply read) the delivery sentence scores 0.10 against a threshold of 0.29 in a call without a
  // reply; the analysis still finds it by the lexicon's rule, and the model must not veto that
  // (under 0.15 × the threshold, pipeline/learned/join.ts).
  it.each([
    [
      '这套软件一年八万的授权费是含实施的。',
      '八万一年？这个价钱太高了，我们今年的预算批不下来。',
      'objection.price',
      true,
    ],
    [
      '我们的安装团队两周内可以到场。',
      '这事我一个人定不了，还得报给我们总经理批。',
      'objection.authority',
      true,
    ],
    ['下个月就能排期给您发货。', '你们交货要两个月，我们生产线等不了那么久。', null, false],
  ])('ranks a made-up objection above the objection threshold: %s / %s', (rep, customer, label, alone) => {
    const call = [
      { speaker: 'rep' as const, text: rep },
      { speaker: 'customer' as const, text: customer },
    ];
    const p = stage.predict(call, 1);
    if (!alone) {
      expect(p.objection).toBeGreaterThanOrEqual(0.15 * stage.thresholdOf('objection'));
      return;
    }
    expect(p.objection).toBeGreaterThanOrEqual(stage.thresholdOf('objection'));
    expect(stage.explain(call, 1, 'objection').length).toBeGreaterThan(0);
    if (label) expect(p[label]).toBeGreaterThanOrEqual(stage.thresholdOf(label));
  });

  it('keeps a made-up agreement below the objection threshold', () => {
    const call = [
      { speaker: 'rep' as const, text: '我给您介绍一下这个型号的功能。' },
      { speaker: 'customer' as const, text: '好的，你说，我听着。' },
    ];
    expect(stage.predict(call, 1).objection).toBeLessThan(stage.thresholdOf('objection'));
  });

  it('scores exactly as the sum of its weights over the features of featuresOf', () => {
    const call = [
      { speaker: 'rep' as const, text: '您看下周三方便吗？我带工程师过去现场看一下。' },
      { speaker: 'customer' as const, text: '嗯，下周三不行，那周我们都在外地，要不等月底吧。' },
      { speaker: 'rep' as const, text: '好的，那我月底前再跟您约具体时间。' },
    ];
    const config = stage.model.features;
    const predicted = stage.predictCall(call);
    call.forEach((u, i) => {
      // The reply's n-grams included (the shipped model reads them for customer labels).
      const names = featuresOf(call, i, config, cut);
      for (const [label, m] of Object.entries(stage.model.labels)) {
        if (m.speaker !== u.speaker) continue;
        const z = names.reduce((s, f) => s + (m.weights[f] ?? 0), m.bias);
        expect(predicted[i]![label]).toBeCloseTo(1 / (1 + Math.exp(-z)), 12);
        expect(stage.predict(call, i)[label]).toBe(predicted[i]![label]);
      }
    });
  });

  it('refuses a file whose content does not match its version, naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'second-stage-'));
    const file = join(dir, 'tampered.json');
    const tampered = { ...stage.model, labels: { ...stage.model.labels } };
    tampered.labels.objection = { ...tampered.labels.objection!, bias: tampered.labels.objection!.bias + 1 };
    writeFileSync(file, serializeModel(tampered));
    expect(() => loadSecondStage(file)).toThrow(/tampered\.json.*does not match its content/);
    writeFileSync(file, '{"name": "second-stage"}');
    expect(() => loadSecondStage(file)).toThrow(/invalid second-stage model .*tampered\.json: version/);
    expect(() => loadSecondStage(join(dir, 'missing.json'))).toThrow(/missing\.json cannot be read/);
  });
});
