import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cosineSimilarity, createEmbedder, type Embedder } from '../../pipeline/embeddings/embedder.js';
import { buildTinyEmbeddingModel, TINY_MODEL_DIM } from '../../scripts/build-tiny-embedding-model.js';

let tempRoot: string;
let modelDir: string;
let embedder: Embedder;

beforeAll(async () => {
  tempRoot = await mkdtemp(path.join(os.tmpdir(), 'tingjian-embedder-'));
  modelDir = await buildTinyEmbeddingModel(path.join(tempRoot, 'tiny-zh'));
  embedder = await createEmbedder({ modelDir });
});

afterAll(async () => {
  await rm(tempRoot, { recursive: true, force: true });
});

function norm(vector: Float32Array): number {
  return Math.sqrt(vector.reduce((sum, x) => sum + x * x, 0));
}

async function sha256Of(file: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
}

async function embedOne(text: string): Promise<Float32Array> {
  const [vector] = await embedder.embed([text]);
  if (vector === undefined) throw new Error('no vector');
  return vector;
}

describe('createEmbedder with the tiny offline model', () => {
  it('names the model by its folder and returns one unit vector per text', async () => {
    expect(embedder.modelId).toBe('tiny-zh');
    expect(embedder.modelDir).toBe(modelDir);
    const vectors = await embedder.embed(['您好，我是销售小王', '价格太贵了', '']);
    expect(vectors).toHaveLength(3);
    for (const vector of vectors) {
      expect(vector).toBeInstanceOf(Float32Array);
      expect(vector).toHaveLength(TINY_MODEL_DIM);
      expect(norm(vector)).toBeCloseTo(1, 6);
    }
  });

  it('returns no vectors for no texts', async () => {
    expect(await embedder.embed([])).toEqual([]);
  });

  it('gives identical texts cosine 1, also when padded next to a longer text', async () => {
    const alone = await embedOne('这个价格太贵了');
    const [padded, , same] = await embedder.embed([
      '这个价格太贵了',
      '我们下周再联系您吧，谢谢您的时间',
      '这个价格太贵了',
    ]);
    expect(Math.abs(cosineSimilarity(alone, padded ?? new Float32Array()) - 1)).toBeLessThan(1e-6);
    expect(Math.abs(cosineSimilarity(alone, same ?? new Float32Array()) - 1)).toBeLessThan(1e-6);
  });

  // The tiny model is a bag of characters: more shared characters, higher cosine.
  it.each([
    { anchor: '这个价格太贵了', closer: '价格太贵了', further: '价格有点贵', unrelated: '我们明天下午开会' },
    {
      anchor: '你们的产品支持试用吗',
      closer: '产品可以试用吗',
      further: '我们考虑一下',
      unrelated: '今天天气很好',
    },
    { anchor: '合同什么时候签', closer: '合同下周签', further: '签约流程', unrelated: '我们下午开会' },
  ])(
    'ranks $closer > $further > $unrelated against $anchor',
    async ({ anchor, closer, further, unrelated }) => {
      const [a, c, f, u] = await embedder.embed([anchor, closer, further, unrelated]);
      if (a === undefined || c === undefined || f === undefined || u === undefined)
        throw new Error('missing vector');
      const toCloser = cosineSimilarity(a, c);
      const toFurther = cosineSimilarity(a, f);
      const toUnrelated = cosineSimilarity(a, u);
      expect(toCloser).toBeGreaterThan(toFurther);
      expect(toFurther).toBeGreaterThan(toUnrelated);
    },
  );

  it('is deterministic: the price example scores the same on every build', async () => {
    const [a, c, f, u] = await embedder.embed([
      '这个价格太贵了',
      '价格太贵了',
      '价格有点贵',
      '我们明天下午开会',
    ]);
    if (a === undefined || c === undefined || f === undefined || u === undefined)
      throw new Error('missing vector');
    expect(cosineSimilarity(a, c)).toBeCloseTo(0.8594, 3);
    expect(cosineSimilarity(a, f)).toBeCloseTo(0.4411, 3);
    expect(cosineSimilarity(a, u)).toBeCloseTo(0.0768, 3);
  });

  it('batches long inputs without changing any vector', async () => {
    const texts = Array.from({ length: 70 }, (_, i) => `客户第${i}次问价格，我们下午联系`);
    const small = await createEmbedder({ modelDir, batchSize: 8 });
    const [byDefault, bySmallBatches] = await Promise.all([embedder.embed(texts), small.embed(texts)]);
    expect(byDefault).toHaveLength(70);
    expect(bySmallBatches).toHaveLength(70);
    byDefault.forEach((vector, i) => {
      expect(cosineSimilarity(vector, bySmallBatches[i] ?? new Float32Array(TINY_MODEL_DIM))).toBeCloseTo(
        1,
        6,
      );
    });
  });

  it('loads the float model when quantized is false', async () => {
    const float = await createEmbedder({ modelDir, quantized: false });
    const [vector] = await float.embed(['价格太贵了']);
    expect(cosineSimilarity(vector ?? new Float32Array(), await embedOne('价格太贵了'))).toBeCloseTo(1, 6);
  });

  it('writes the same model bytes on every build', async () => {
    const again = await buildTinyEmbeddingModel(path.join(tempRoot, 'tiny-zh-again'));
    for (const file of ['onnx/model.onnx', 'tokenizer.json', 'config.json']) {
      // Compared by hash: toEqual walks a 120 KB Buffer element by element, which takes ~0.7 s.
      expect(await sha256Of(path.join(again, file))).toBe(await sha256Of(path.join(modelDir, file)));
    }
  });
});

describe('createEmbedder on an incomplete folder', () => {
  it.each([
    { remove: 'tokenizer.json', quantized: undefined, named: 'tokenizer.json' },
    { remove: 'config.json', quantized: undefined, named: 'config.json' },
    { remove: 'onnx/model_quantized.onnx', quantized: true, named: 'onnx/model_quantized.onnx' },
    { remove: 'onnx/model.onnx', quantized: false, named: 'onnx/model.onnx' },
  ])(
    'names $named, EMBEDDING_MODEL_DIR and the pull command when $remove is missing',
    async ({ remove, quantized, named }) => {
      const dir = await buildTinyEmbeddingModel(path.join(tempRoot, `broken-${remove.replaceAll('/', '-')}`));
      await rm(path.join(dir, remove));
      const attempt = createEmbedder(
        quantized === undefined ? { modelDir: dir } : { modelDir: dir, quantized },
      );
      await expect(attempt).rejects.toThrow(`has no ${named}`);
      await expect(attempt).rejects.toThrow('EMBEDDING_MODEL_DIR');
      await expect(attempt).rejects.toThrow('tingjian models pull <name>');
    },
  );

  it('names both onnx files when neither is there', async () => {
    const dir = await buildTinyEmbeddingModel(path.join(tempRoot, 'broken-no-onnx'));
    await rm(path.join(dir, 'onnx'), { recursive: true });
    await expect(createEmbedder({ modelDir: dir })).rejects.toThrow(
      'has no onnx/model_quantized.onnx or onnx/model.onnx',
    );
  });

  it('names the folder when the ONNX file is damaged', async () => {
    const dir = await buildTinyEmbeddingModel(path.join(tempRoot, 'broken-onnx-bytes'));
    await writeFile(path.join(dir, 'onnx', 'model_quantized.onnx'), 'not a model');
    const attempt = createEmbedder({ modelDir: dir });
    await expect(attempt).rejects.toThrow(`Could not load embedding model from ${dir}: `);
    await expect(attempt).rejects.toMatchObject({ code: 'model_unavailable' });
  });

  it('says the folder does not exist', async () => {
    const missing = path.join(tempRoot, 'no-such-model');
    await expect(createEmbedder({ modelDir: missing })).rejects.toThrow(
      `Embedding model folder ${missing} does not exist. Set EMBEDDING_MODEL_DIR`,
    );
  });
});

describe('cosineSimilarity', () => {
  it.each([
    { a: [1, 0], b: [0, 1], expected: 0 },
    { a: [1, 2, 3], b: [2, 4, 6], expected: 1 },
    { a: [1, 0], b: [-1, 0], expected: -1 },
    { a: [3, 4], b: [4, 3], expected: 24 / 25 },
    { a: [0, 0], b: [1, 1], expected: 0 },
  ])('cos($a, $b) = $expected', ({ a, b, expected }) => {
    expect(cosineSimilarity(Float32Array.from(a), Float32Array.from(b))).toBeCloseTo(expected, 6);
  });

  it('refuses vectors of different lengths', () => {
    expect(() => cosineSimilarity([1, 2], [1, 2, 3])).toThrow('lengths differ (2 vs 3)');
  });
});
