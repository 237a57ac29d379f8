import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  baselineIsQuestion,
  bestThresholdInHindsight,
  binaryReport,
  countBinary,
  datasetPresence,
  displayWidth,
  evalDataDir,
  evaluateQuestions,
  findRepoRoot,
  formatTable,
  hasQuestionMark,
  parseCrossWozJsonl,
  parseCsv,
  parseExternalEnv,
  parseGoldLine,
  parsePairsCsv,
  reportAtThreshold,
  scoreSegmentation,
} from '../../pipeline/eval/external.core.js';
import { stripPunctuation } from '../../pipeline/nlp/normalize.js';

// All examples below are written for these tests; no third-party data is used.

describe('scoreSegmentation (span matching)', () => {
  const lines = [
    // gold 我们|明天|去|北京, predicted 我|们|明天|去北京: only 明天 has the same span.
    { gold: ['我们', '明天', '去', '北京'], predicted: ['我', '们', '明天', '去北京'] },
    { gold: ['价格', '太', '贵', '了'], predicted: ['价格', '太', '贵', '了'] },
  ];

  it('counts a word correct only when its exact character span is predicted', () => {
    const s = scoreSegmentation(lines.slice(0, 1));
    expect(s).toMatchObject({ goldWords: 4, predictedWords: 4, correct: 1 });
    expect(s.precision).toBe(0.25);
    expect(s.recall).toBe(0.25);
    expect(s.f1).toBe(0.25);
    expect(s.oovRecall).toBeNull();
  });

  it('sums over lines, with different word counts on each side', () => {
    const s = scoreSegmentation([
      ...lines,
      // gold 销售|经理 (2 words), predicted 销售经理 (1 word): nothing correct.
      { gold: ['销售', '经理'], predicted: ['销售经理'] },
    ]);
    expect(s).toMatchObject({ goldWords: 10, predictedWords: 9, correct: 5 });
    expect(s.precision).toBeCloseTo(5 / 9, 12);
    expect(s.recall).toBe(0.5);
    expect(s.f1).toBeCloseTo((2 * (5 / 9) * 0.5) / (5 / 9 + 0.5), 12);
  });

  it('measures OOV and IV recall against a training word list', () => {
    const training = new Set(['我们', '明天', '去', '价格', '太', '了']);
    const s = scoreSegmentation(lines, training);
    // OOV gold words: 北京 (missed) and 贵 (found).
    expect(s.oovRate).toBe(0.25);
    expect(s.oovRecall).toBe(0.5);
    expect(s.ivRecall).toBeCloseTo(4 / 6, 12);
    expect(s.f1).toBe(0.625);
  });

  it('ignores whitespace tokens and rejects predictions that do not spell the gold text', () => {
    expect(scoreSegmentation([{ gold: ['你好', '世界'], predicted: ['你好', ' ', '世界'] }]).f1).toBe(1);
    expect(() => scoreSegmentation([{ gold: ['你好'], predicted: ['您好'] }])).toThrow(/line 1/);
  });

  it('reads gold lines separated by any whitespace', () => {
    expect(parseGoldLine('我们  明天 去\t北京  \r')).toEqual(['我们', '明天', '去', '北京']);
    expect(parseGoldLine('   ')).toEqual([]);
  });
});

describe('question-word regex baseline', () => {
  it.each([
    ['这个多少钱', true],
    ['您觉得怎么样', true],
    ['有没有现货', true],
    ['你们是哪家公司', true],
    ['下周能发货吗', true],
    ['那预算呢', true],
    ['我们下周再联系', false],
    ['好的谢谢您', false],
    ['价格太贵了', false],
  ])('%s → %s', (text, expected) => {
    expect(baselineIsQuestion(text)).toBe(expected);
  });

  it('truth is a full-width or ASCII question mark anywhere', () => {
    expect(hasQuestionMark('多少钱？好的')).toBe(true);
    expect(hasQuestionMark('多少钱?')).toBe(true);
    expect(hasQuestionMark('多少钱。')).toBe(false);
  });
});

describe('evaluateQuestions', () => {
  it('scores detector and baseline on stripped text, overall and per side', () => {
    const items = [
      { side: 'usr', text: '价格是多少？' }, // detector TP, baseline TP
      { side: 'usr', text: '好的，谢谢。' }, // TN, TN
      { side: 'usr', text: '发票能开吗？' }, // detector FN, baseline TP
      { side: 'sys', text: '什么型号都有。' }, // detector FP, baseline FP
      { side: 'sys', text: '明天发货可以？' }, // detector TP, baseline FN
    ];
    const seen: string[] = [];
    const r = evaluateQuestions(items, stripPunctuation, (stripped) => {
      seen.push(stripped);
      return /多少|什么|可以$/.test(stripped);
    });
    expect(seen).toEqual(['价格是多少', '好的谢谢', '发票能开吗', '什么型号都有', '明天发货可以']);
    expect(r.count).toBe(5);
    expect(r.truthQuestions).toBe(3);
    expect(r.detector.overall).toMatchObject({ tp: 2, fp: 1, fn: 1, tn: 1 });
    expect(r.detector.overall.f1).toBeCloseTo(2 / 3, 12);
    expect(r.detector.bySide.usr).toMatchObject({ tp: 1, fp: 0, fn: 1, tn: 1, precision: 1, recall: 0.5 });
    expect(r.detector.bySide.sys).toMatchObject({ tp: 1, fp: 1, fn: 0, tn: 0, precision: 0.5, recall: 1 });
    expect(r.baseline.overall).toMatchObject({ tp: 2, fp: 1, fn: 1, tn: 1 });
    expect(r.baseline.bySide.usr).toMatchObject({ tp: 2, fp: 0, fn: 0, tn: 1, f1: 1 });
  });

  it('reads one dialogue per JSON line, both sides', () => {
    const content = [
      JSON.stringify({
        id: '1',
        turns: [
          { role: 'usr', text: '你们几点开门？', dialog_act: [] },
          { role: 'sys', text: '早上九点。', dialog_act: [] },
        ],
      }),
      '',
      JSON.stringify({ id: '2', turns: [{ role: 'usr', text: '谢谢' }] }),
    ].join('\n');
    expect(parseCrossWozJsonl(content)).toEqual([
      { side: 'usr', text: '你们几点开门？' },
      { side: 'sys', text: '早上九点。' },
      { side: 'usr', text: '谢谢' },
    ]);
    expect(() => parseCrossWozJsonl('{"id":"3"}')).toThrow(/line 1/);
  });
});

describe('binary metrics and thresholds', () => {
  it('computes P/R/F1 and accuracy from counts, 0 for empty denominators', () => {
    const c = countBinary([
      { truth: true, predicted: true },
      { truth: true, predicted: false },
      { truth: false, predicted: true },
      { truth: false, predicted: false },
      { truth: false, predicted: false },
    ]);
    expect(binaryReport(c)).toEqual({
      tp: 1,
      fp: 1,
      fn: 1,
      tn: 2,
      count: 5,
      precision: 0.5,
      recall: 0.5,
      f1: 0.5,
      accuracy: 0.6,
    });
    expect(binaryReport({ tp: 0, fp: 0, fn: 0, tn: 0 })).toMatchObject({ precision: 0, recall: 0, f1: 0 });
  });

  it('predicts a paraphrase at score ≥ threshold and finds the best threshold in hindsight', () => {
    const scores = [0.1, 0.4, 0.6, 0.9];
    const labels = [false, true, false, true];
    expect(reportAtThreshold(scores, labels, 0.5)).toMatchObject({
      tp: 1,
      fp: 1,
      fn: 1,
      tn: 1,
      accuracy: 0.5,
    });
    // 0.4 and 0.9 both give 3 of 4 right; the lower one is reported.
    expect(bestThresholdInHindsight(scores, labels)).toMatchObject({ threshold: 0.4, accuracy: 0.75 });
    // All negative is best: the threshold is above every score.
    expect(bestThresholdInHindsight([0.2, 0.3], [false, false])).toMatchObject({
      threshold: Number.POSITIVE_INFINITY,
      accuracy: 1,
    });
  });
});

describe('CSV sentence pairs', () => {
  it('handles a BOM, quoted fields with commas and doubled quotes, and CRLF', () => {
    const csv =
      '\uFEFFsentence1,sentence2,label\r\n"能便宜点吗,老板",价格能不能再降,1\r\n说的"套餐"是啥,"什么叫""套餐""",0\r\n';
    expect(parseCsv(csv)).toEqual([
      ['sentence1', 'sentence2', 'label'],
      ['能便宜点吗,老板', '价格能不能再降', '1'],
      ['说的"套餐"是啥', '什么叫"套餐"', '0'],
    ]);
    expect(parsePairsCsv(csv)).toEqual([
      { a: '能便宜点吗,老板', b: '价格能不能再降', paraphrase: true },
      { a: '说的"套餐"是啥', b: '什么叫"套餐"', paraphrase: false },
    ]);
  });

  it('rejects a file without the expected header or with a bad label', () => {
    expect(() => parsePairsCsv('a,b,c\n你好,您好,1\n')).toThrow(/header/);
    expect(() => parsePairsCsv('sentence1,sentence2,label\n你好,您好,是\n')).toThrow(/row 2/);
  });
});

describe('locating the data', () => {
  const files = new Set(['/repo/package.json', '/shared/eval-data']);
  const exists = (p: string) => files.has(p);

  it('finds the repository root from the source and the compiled script folder', () => {
    expect(findRepoRoot('/repo/scripts', exists)).toBe('/repo');
    expect(findRepoRoot('/repo/dist/scripts', exists)).toBe('/repo');
    expect(() => findRepoRoot('/elsewhere/x', exists)).toThrow(/package\.json/);
  });

  it('accepts SHARED_DIR naming the shared folder or its eval-data folder', () => {
    expect(evalDataDir('/shared', exists)).toBe('/shared/eval-data');
    expect(evalDataDir('/mnt/eval-data', exists)).toBe('/mnt/eval-data');
  });

  it('parses the environment, REQUIRE_SHARED only 0 or 1', () => {
    expect(parseExternalEnv({}).REQUIRE_SHARED).toBe('0');
    expect(parseExternalEnv({ REQUIRE_SHARED: '1', SHARED_DIR: '/d', EMBEDDING_THRESHOLD: '0.8' })).toEqual({
      REQUIRE_SHARED: '1',
      SHARED_DIR: '/d',
      EMBEDDING_THRESHOLD: 0.8,
    });
    expect(() => parseExternalEnv({ REQUIRE_SHARED: 'yes' })).toThrow(/REQUIRE_SHARED/);
  });
});

describe('missing datasets: skip, or fail with REQUIRE_SHARED=1', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'tingjian-eval-external-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('decides per check from the first missing path', () => {
    const missing = path.join(dir, 'segmentation', 'pku_test.utf8');
    expect(datasetPresence('segmentation', [dir, missing], false, existsSync)).toEqual({
      kind: 'skip',
      message: `SKIP segmentation: ${missing} not found`,
    });
    expect(datasetPresence('segmentation', [dir, missing], true, existsSync)).toEqual({
      kind: 'fail',
      message: `FAIL segmentation: ${missing} not found (REQUIRE_SHARED=1)`,
    });
    expect(datasetPresence('segmentation', [dir], true, existsSync)).toEqual({ kind: 'found' });
  });

  const run = promisify(execFile);
  const script = path.join(import.meta.dirname, '..', '..', 'scripts', 'eval-external.ts');
  const runScript = (extra: Record<string, string>) =>
    run(process.execPath, ['--import', 'tsx', script], {
      env: { ...process.env, EMBEDDING_MODEL_DIR: '', SHARED_DIR: dir, ...extra },
    });

  it('the script skips every check on an empty shared folder and exits 0', async () => {
    const { stdout } = await runScript({ REQUIRE_SHARED: '0' });
    expect(stdout).toContain(`SKIP question-detection: ${path.join(dir, 'dialogue', 'crosswoz')}`);
    expect(stdout).toContain('SKIP segmentation: ');
    expect(stdout).toContain('SKIP paraphrase.lcqmc: ');
    expect(stdout).toContain('SKIP paraphrase.bq: ');
    const json = JSON.parse(stdout.split('EVAL_EXTERNAL_JSON ')[1]!) as { skipped: string[] };
    expect(json.skipped).toHaveLength(4);
  });

  it('the script exits 1 naming the missing data when REQUIRE_SHARED=1', async () => {
    const failure = await runScript({ REQUIRE_SHARED: '1' }).then(
      () => undefined,
      (e: { code: number; stderr: string; stdout: string }) => e,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain('FAIL question-detection: ');
    expect(failure?.stderr).toContain('(REQUIRE_SHARED=1)');
    expect(failure?.stdout).not.toContain('EVAL_EXTERNAL_JSON');
  });
});

describe('formatTable', () => {
  it('pads by display width (CJK counts two) and right-aligns numbers', () => {
    expect(displayWidth('jieba+词库')).toBe(10);
    expect(
      formatTable([
        ['分词', 'F1'],
        ['jieba', '81.5'],
        ['jieba+词库', '9.0'],
      ]),
    ).toBe(['分词        F1', '----------  ----', 'jieba       81.5', 'jieba+词库   9.0'].join('\n'));
  });
});
