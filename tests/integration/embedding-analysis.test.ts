import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTranscript } from '../../models/transcript.js';
import { createEmbedder, type Embedder } from '../../pipeline/embeddings/embedder.js';
import { analyzeWithEmbeddings, calibrateThreshold } from '../../pipeline/embeddings/similarity.js';
import { renderText } from '../../pipeline/report/text-report.js';
import { buildTinyEmbeddingModel } from '../../scripts/build-tiny-embedding-model.js';
import { shippedAnalyzer, transcript } from '../helpers/runtime.js';

let root: string;
let embedder: Embedder;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'tingjian-emb-'));
  embedder = await createEmbedder({ modelDir: await buildTinyEmbeddingModel(path.join(root, 'tiny-zh')) });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const CALL = transcript('saas', [
  ['rep', '您好，我是云帆的小何，今天想跟您聊聊线索管理，方便吗？'],
  ['customer', '线索都在群里抢，抢了又不跟，浪费得厉害。'],
  ['rep', '您是说线索在群里抢了以后没人跟进，浪费了，对吧？'],
  ['customer', '对。'],
]);

describe('analysis with an embedding model (real loading and inference on a tiny local model)', () => {
  it('uses the embedding measure for restatement accuracy and says so', async () => {
    const a = await analyzeWithEmbeddings(parseTranscript(CALL), shippedAnalyzer(), embedder, 0.5);
    expect(a.similarityMeasure).toEqual({ measure: 'embedding', threshold: 0.5, model: 'tiny-zh' });
    const r = a.findings.find((f) => f.label === 'restatement')!;
    expect(r.measure).toBe('embedding');
    expect(r.refersTo).toBe('u2');
    // The tiny model's vectors are character-based: heavy overlap gives a high cosine.
    expect(r.similarity).toBeGreaterThan(0.5);
    expect(r.accurate).toBe(true);
    expect(renderText(a, '企业SaaS')).toContain('复述相似度：语义模型 tiny-zh');
  });

  it('a threshold above every similarity makes the same restatement inaccurate', async () => {
    const a = await analyzeWithEmbeddings(parseTranscript(CALL), shippedAnalyzer(), embedder, 0.9999);
    expect(a.findings.find((f) => f.label === 'restatement')?.accurate).toBe(false);
  });

  it('without a model the lexical measure runs and the report says so', () => {
    const a = shippedAnalyzer().analyze(parseTranscript(CALL));
    expect(a.similarityMeasure.measure).toBe('lexical');
    expect(renderText(a, '企业SaaS')).toContain('词汇重合（未配置语义模型）');
  });
});

describe('threshold calibration against the lexical measure', () => {
  it('picks the midpoint of the best-agreeing interval', () => {
    const c = calibrateThreshold([
      { embedding: 0.9, lexicalAccurate: true },
      { embedding: 0.8, lexicalAccurate: true },
      { embedding: 0.6, lexicalAccurate: false },
      { embedding: 0.3, lexicalAccurate: false },
    ]);
    expect(c).toEqual({ threshold: 0.7, agreement: 1, pairs: 4 });
  });

  it('reports imperfect agreement honestly and falls back without data', () => {
    const c = calibrateThreshold([
      { embedding: 0.9, lexicalAccurate: false },
      { embedding: 0.8, lexicalAccurate: true },
      { embedding: 0.2, lexicalAccurate: false },
    ]);
    expect(c.agreement).toBeCloseTo(2 / 3, 4);
    expect(calibrateThreshold([])).toEqual({ threshold: 0.75, agreement: 0, pairs: 0 });
  });
});
