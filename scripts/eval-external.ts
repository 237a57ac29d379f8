/**
 * Measures the pipeline on public third-party data (see ../shared/eval-data/README.md), read at
 * run time and never copied into the repository:
 *   a. question detection on CrossWOZ test utterances with punctuation removed,
 *   b. word segmentation on the SIGHAN-2005 PKU test set, jieba alone vs jieba + each industry lexicon,
 *   c. paraphrase accuracy of the restatement similarity on LCQMC and BQ test pairs.
 * Figures are reported, not asserted: exit 0 even when a target is missed. A missing dataset is
 * skipped, unless REQUIRE_SHARED=1 (exit 1). Env: SHARED_DIR (default ../shared beside the repo
 * root), REQUIRE_SHARED, EMBEDDING_MODEL_DIR, EMBEDDING_THRESHOLD.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LexiconRegistry } from '../lexicons/lexicon.registry.js';
import { readCalibration } from '../pipeline/embeddings/calibration-file.js';
import { cosineSimilarity, createEmbedder } from '../pipeline/embeddings/embedder.js';
import { DEFAULT_EMBEDDING_THRESHOLD } from '../pipeline/embeddings/similarity.js';
import {
  type BinaryReport,
  bestThresholdInHindsight,
  datasetPresence,
  evalDataDir,
  evaluateQuestions,
  findRepoRoot,
  fixed4,
  formatTable,
  type Presence,
  parseCrossWozJsonl,
  parseExternalEnv,
  parseGoldLine,
  parsePairsCsv,
  passOrMiss,
  percent2,
  type QuestionEvaluation,
  reportAtThreshold,
  roundFigures,
  type SegmentationLine,
  type SegmentationScore,
  type SentencePair,
  scoreSegmentation,
  type ThresholdReport,
} from '../pipeline/eval/external.core.js';
import { createJiebaSegmenter } from '../pipeline/nlp/jieba.js';
import { normalizeText, stripPunctuation } from '../pipeline/nlp/normalize.js';
import { contentF1, type PrepareDeps, prepareUtterance, wordsWithin } from '../pipeline/nlp/prepare.js';
import { type BaseSegmenter, baseTokens, segmentText, type Token } from '../pipeline/nlp/segment.js';

const QUESTION_F1_TARGET = 0.92;
const SEGMENTATION_DROP_TARGET_POINTS = 0.5;
const LEXICAL_THRESHOLD = 0.5;
const QUESTION_LEXICON = 'saas';
/** Embedding runs are slow on CPU: the embedding comparison uses the first pairs only. */
const EMBEDDING_PAIR_LIMIT = 5000;

const started = performance.now();
const env = (() => {
  try {
    return parseExternalEnv(process.env);
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
})();
const requireShared = env.REQUIRE_SHARED === '1';
const repoRoot = findRepoRoot(dirname(fileURLToPath(import.meta.url)), existsSync);
const sharedDir = resolve(env.SHARED_DIR ?? join(repoRoot, '..', 'shared'));
const dataDir = evalDataDir(sharedDir, existsSync);

const PATHS = {
  crosswoz: join(dataDir, 'dialogue', 'crosswoz', 'test_dialogues.jsonl'),
  pkuTest: join(dataDir, 'segmentation', 'icwb2-data', 'testing', 'pku_test.utf8'),
  pkuGold: join(dataDir, 'segmentation', 'icwb2-data', 'gold', 'pku_test_gold.utf8'),
  pkuTrainingWords: join(dataDir, 'segmentation', 'icwb2-data', 'gold', 'pku_training_words.utf8'),
};
const PARAPHRASE_SETS = [
  // BQ is WeBank customer service, so it is read with the finance lexicon; LCQMC is open-domain.
  {
    key: 'lcqmc',
    name: 'LCQMC test',
    lexicon: 'saas',
    file: join(dataDir, 'sentence_pairs', 'lcqmc', 'LCQMC_test.csv'),
  },
  {
    key: 'bq',
    name: 'BQ test',
    lexicon: 'finance',
    file: join(dataDir, 'sentence_pairs', 'bq_corpus', 'test.csv'),
  },
] as const;

const checks: Record<string, Presence> = {
  question: datasetPresence('question-detection', [PATHS.crosswoz], requireShared, existsSync),
  segmentation: datasetPresence('segmentation', [PATHS.pkuTest, PATHS.pkuGold], requireShared, existsSync),
  ...Object.fromEntries(
    PARAPHRASE_SETS.map((s) => [
      `paraphrase.${s.key}`,
      datasetPresence(`paraphrase.${s.key}`, [s.file], requireShared, existsSync),
    ]),
  ),
};
const failures = Object.values(checks).flatMap((c) => (c.kind === 'fail' ? [c.message] : []));
if (failures.length > 0) {
  for (const m of failures) console.error(m);
  process.exit(1);
}

console.log(`Tingjian external evaluation — data from ${dataDir} (read only, never copied)\n`);

const registry = LexiconRegistry.fromDirectory();
const jieba = createJiebaSegmenter();
const stopwords = new Set(registry.baseDocument().stopwords ?? []);
const skipped: string[] = [];
const figures: Record<string, unknown> = {};

function skip(presence: Presence): boolean {
  if (presence.kind !== 'skip') return false;
  console.log(`${presence.message}\n`);
  skipped.push(presence.message);
  return true;
}

function readLines(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.replace(/\r$/, ''));
}

// ---------------------------------------------------------------------------------------------
// a. Question detection on CrossWOZ
// ---------------------------------------------------------------------------------------------

function runQuestionDetection(): QuestionEvaluation {
  const items = parseCrossWozJsonl(readFileSync(PATHS.crosswoz, 'utf8'));
  const deps: PrepareDeps = { lexicon: registry.get(QUESTION_LEXICON), cut: jieba, stopwords };
  const result = evaluateQuestions(items, stripPunctuation, (stripped, side) => {
    const speaker = side === 'sys' ? 'rep' : 'customer';
    const u = prepareUtterance({ id: 'u1', speaker, start: 0, end: 0, text: stripped }, 0, deps);
    return u.questions.length > 0;
  });
  const row = (method: string, side: string, r: BinaryReport) => [
    method,
    side,
    String(r.count),
    String(r.tp + r.fn),
    String(r.tp),
    String(r.fp),
    String(r.fn),
    fixed4(r.precision),
    fixed4(r.recall),
    fixed4(r.f1),
  ];
  const sides = Object.keys(result.detector.bySide);
  console.log(
    `a. Question detection — CrossWOZ test: ${result.count} utterances (${sides.join(' + ')}), ` +
      `${result.truthQuestions} contain ？/?; punctuation stripped before detection; lexicon ${QUESTION_LEXICON}`,
  );
  console.log(
    formatTable([
      ['method', 'side', 'n', 'truth', 'TP', 'FP', 'FN', 'P', 'R', 'F1'],
      row('detector', 'all', result.detector.overall),
      ...sides.map((s) => row('detector', s, result.detector.bySide[s]!)),
      row('regex baseline', 'all', result.baseline.overall),
      ...sides.map((s) => row('regex baseline', s, result.baseline.bySide[s]!)),
    ]),
  );
  const f1 = result.detector.overall.f1;
  console.log(
    `target: detector F1 (all) ≥ ${QUESTION_F1_TARGET} → ${fixed4(f1)} ${passOrMiss(f1 >= QUESTION_F1_TARGET)}\n`,
  );
  return result;
}

if (!skip(checks.question!)) {
  const r = runQuestionDetection();
  figures.questionDetection = {
    dataset: 'CrossWOZ test',
    lexicon: QUESTION_LEXICON,
    ...r,
    target: { f1Min: QUESTION_F1_TARGET, pass: r.detector.overall.f1 >= QUESTION_F1_TARGET },
  };
}

// ---------------------------------------------------------------------------------------------
// b. Word segmentation on SIGHAN-2005 PKU
// ---------------------------------------------------------------------------------------------

interface PkuLine {
  text: string;
  norm: string;
  gold: string[];
}

function readPku(): PkuLine[] {
  const test = readLines(PATHS.pkuTest);
  const gold = readLines(PATHS.pkuGold);
  if (test.length !== gold.length) {
    throw new Error(`${PATHS.pkuTest} has ${test.length} lines but ${PATHS.pkuGold} has ${gold.length}`);
  }
  const lines: PkuLine[] = [];
  for (let i = 0; i < test.length; i++) {
    const words = parseGoldLine(gold[i]!);
    const text = test[i]!.replace(/\s+/g, '');
    if (words.join('') !== text) throw new Error(`PKU line ${i + 1}: test text and gold words differ`);
    if (text !== '') lines.push({ text, norm: normalizeText(text).text, gold: words });
  }
  return lines;
}

/** Token offsets index `norm`, which has one unit per code point of the original. */
function originalWords(text: string, tokens: readonly Token[]): string[] {
  const cps = [...text];
  return tokens.map((t) => cps.slice(t.start, t.end).join(''));
}

function runSegmentation() {
  const lines = readPku();
  const training = existsSync(PATHS.pkuTrainingWords)
    ? new Set(readLines(PATHS.pkuTrainingWords).flatMap(parseGoldLine))
    : undefined;
  // jieba's cut of each line is computed once and shared by every lexicon run.
  const cutCache = new Map<string, string[]>();
  const cut: BaseSegmenter = (t) => {
    let words = cutCache.get(t);
    if (!words) {
      words = jieba(t);
      cutCache.set(t, words);
    }
    return words;
  };
  const score = (predict: (l: PkuLine) => string[]): SegmentationScore =>
    scoreSegmentation(
      lines.map((l): SegmentationLine => ({ gold: l.gold, predicted: predict(l) })),
      training,
    );
  const raw = score((l) => jieba(l.text));
  const baseline = score((l) => originalWords(l.text, baseTokens(l.norm, cut)));
  const industries = registry.industries().map((industry) => {
    const lexicon = registry.get(industry);
    const s = score((l) => originalWords(l.text, segmentText(l.norm, lexicon, cut)));
    return { industry, ...s, dropPoints: (baseline.f1 - s.f1) * 100 };
  });
  const worst = industries.reduce((a, b) => (b.dropPoints > a.dropPoints ? b : a));
  const pct = (x: number | null) => (x === null ? 'n/a' : percent2(x));
  const row = (name: string, s: SegmentationScore, drop: string) => [
    name,
    String(s.predictedWords),
    String(s.correct),
    percent2(s.precision),
    percent2(s.recall),
    percent2(s.f1),
    drop,
    pct(s.oovRecall),
    pct(s.ivRecall),
  ];
  console.log(
    `b. Word segmentation — SIGHAN-2005 PKU test: ${lines.length} lines, ${baseline.goldWords} gold words; ` +
      (training
        ? `OOV = not in pku_training_words (${training.size} words), OOV rate ${pct(baseline.oovRate)}%`
        : `no pku_training_words.utf8: OOV recall not computed`),
  );
  console.log(
    'jieba HMM on; the baseline and lexicon rows cut normalised text, as the pipeline does; drop = baseline F1 − row F1',
  );
  console.log(
    formatTable([
      ['segmenter', 'predicted', 'correct', 'P%', 'R%', 'F1%', 'drop pts', 'OOV R%', 'IV R%'],
      row('jieba, raw text (reference)', raw, ''),
      row('jieba (baseline)', baseline, ''),
      ...industries.map((s) => row(`jieba + ${s.industry}`, s, s.dropPoints.toFixed(2))),
    ]),
  );
  const pass = worst.dropPoints <= SEGMENTATION_DROP_TARGET_POINTS;
  console.log(
    `target: F1 drop ≤ ${SEGMENTATION_DROP_TARGET_POINTS} points for every industry → worst ${worst.industry} ` +
      `${worst.dropPoints.toFixed(2)} points ${passOrMiss(pass)}\n`,
  );
  return {
    dataset: 'SIGHAN-2005 PKU test',
    lines: lines.length,
    trainingWords: training?.size ?? null,
    jiebaRawText: raw,
    jiebaBaseline: baseline,
    industries,
    worst: { industry: worst.industry, dropPoints: worst.dropPoints },
    target: { maxDropPoints: SEGMENTATION_DROP_TARGET_POINTS, pass },
  };
}

if (!skip(checks.segmentation!)) figures.segmentation = runSegmentation();

// ---------------------------------------------------------------------------------------------
// c. Paraphrase accuracy of the restatement similarity
// ---------------------------------------------------------------------------------------------

interface ParaphraseRun {
  key: string;
  name: string;
  lexicon: string;
  pairs: SentencePair[];
  lexical: number[];
}

function lexicalScores(pairs: readonly SentencePair[], lexiconName: string): number[] {
  const deps: PrepareDeps = { lexicon: registry.get(lexiconName), cut: jieba, stopwords };
  const cache = new Map<string, string[]>();
  const words = (text: string) => {
    let w = cache.get(text);
    if (!w) {
      w = wordsWithin(prepareUtterance({ id: 'u1', speaker: 'customer', start: 0, end: 0, text }, 0, deps));
      cache.set(text, w);
    }
    return w;
  };
  return pairs.map((p) => contentF1(words(p.a), words(p.b)));
}

const reportRow = (name: string, r: ThresholdReport, extra: string[] = []) => [
  name,
  ...extra,
  String(r.count),
  String(r.tp + r.fn),
  r.threshold.toFixed(4),
  fixed4(r.accuracy),
  fixed4(r.precision),
  fixed4(r.recall),
  fixed4(r.f1),
];
const REPORT_HEAD = ['pairs', 'paraphrases', 'threshold', 'accuracy', 'P', 'R', 'F1'];

const paraphraseRuns: ParaphraseRun[] = [];
for (const set of PARAPHRASE_SETS) {
  if (skip(checks[`paraphrase.${set.key}`]!)) continue;
  const pairs = parsePairsCsv(readFileSync(set.file, 'utf8'));
  paraphraseRuns.push({ ...set, pairs, lexical: lexicalScores(pairs, set.lexicon) });
}

if (paraphraseRuns.length > 0) {
  const paraphrase: Record<string, unknown> = {};
  const labelsOf = (r: ParaphraseRun) => r.pairs.map((p) => p.paraphrase);
  const fixedReports = paraphraseRuns.map((r) =>
    reportAtThreshold(r.lexical, labelsOf(r), LEXICAL_THRESHOLD),
  );
  const hindsight = paraphraseRuns.map((r) => bestThresholdInHindsight(r.lexical, labelsOf(r)));
  console.log(
    `c. Paraphrase accuracy — lexical content-word F1 (prepareUtterance + contentF1), paraphrase when ≥ ${LEXICAL_THRESHOLD}; ` +
      'whole test splits',
  );
  console.log(
    formatTable([
      ['dataset', 'lexicon', ...REPORT_HEAD],
      ...paraphraseRuns.map((r, i) => reportRow(r.name, fixedReports[i]!, [r.lexicon])),
    ]),
  );
  console.log(
    'HINDSIGHT ONLY (accuracy-maximising threshold chosen on the test data itself; not used anywhere):',
  );
  console.log(
    formatTable([
      ['dataset', 'lexicon', ...REPORT_HEAD],
      ...paraphraseRuns.map((r, i) => reportRow(r.name, hindsight[i]!, [r.lexicon])),
    ]),
  );
  console.log('');
  paraphraseRuns.forEach((r, i) => {
    paraphrase[r.key] = {
      dataset: r.name,
      lexicon: r.lexicon,
      lexical: { atThreshold: fixedReports[i], hindsightBest: hindsight[i] },
    };
  });

  if (env.EMBEDDING_MODEL_DIR) {
    const modelDir = resolve(env.EMBEDDING_MODEL_DIR);
    const embedder = await createEmbedder({ modelDir });
    const threshold =
      env.EMBEDDING_THRESHOLD ?? readCalibration(modelDir)?.threshold ?? DEFAULT_EMBEDDING_THRESHOLD;
    const rows: string[][] = [];
    for (const r of paraphraseRuns) {
      const pairs = r.pairs.slice(0, EMBEDDING_PAIR_LIMIT);
      const texts = [...new Set(pairs.flatMap((p) => [p.a, p.b]))];
      const vectors = await embedder.embed(texts);
      const byText = new Map(texts.map((t, i) => [t, vectors[i]!]));
      const scores = pairs.map((p) => cosineSimilarity(byText.get(p.a)!, byText.get(p.b)!));
      const labels = pairs.map((p) => p.paraphrase);
      const atThreshold = reportAtThreshold(scores, labels, threshold);
      const best = bestThresholdInHindsight(scores, labels);
      const lexicalSame = reportAtThreshold(r.lexical.slice(0, pairs.length), labels, LEXICAL_THRESHOLD);
      rows.push(
        reportRow(r.name, atThreshold, ['embedding']),
        reportRow(r.name, best, ['embedding, HINDSIGHT']),
        reportRow(r.name, lexicalSame, ['lexical (same pairs)']),
      );
      (paraphrase[r.key] as Record<string, unknown>).embedding = {
        model: embedder.modelId,
        pairs: pairs.length,
        atThreshold,
        hindsightBest: best,
        lexicalOnSamePairs: lexicalSame,
      };
    }
    console.log(
      `c'. Paraphrase accuracy — embedding cosine (${embedder.modelId}), paraphrase when ≥ ${threshold}; ` +
        `first ${EMBEDDING_PAIR_LIMIT} pairs of each set; HINDSIGHT rows are not used anywhere`,
    );
    console.log(formatTable([['dataset', 'measure', ...REPORT_HEAD], ...rows]));
    console.log('');
  } else {
    console.log("c'. Embedding cosine not measured: EMBEDDING_MODEL_DIR is not set\n");
  }
  figures.paraphrase = paraphrase;
}

// ---------------------------------------------------------------------------------------------
// Summary
// ---------------------------------------------------------------------------------------------

const runtimeSec = (performance.now() - started) / 1000;
const parts: string[] = [];
const q = figures.questionDetection as { detector: { overall: BinaryReport } } | undefined;
if (q) {
  const f1 = q.detector.overall.f1;
  parts.push(`question F1 ${fixed4(f1)} (≥${QUESTION_F1_TARGET} ${passOrMiss(f1 >= QUESTION_F1_TARGET)})`);
}
const seg = figures.segmentation as { worst: { industry: string; dropPoints: number } } | undefined;
if (seg) {
  const d = seg.worst.dropPoints;
  parts.push(
    `segmentation worst drop ${d.toFixed(2)} pts (${seg.worst.industry}; ≤${SEGMENTATION_DROP_TARGET_POINTS} ` +
      `${passOrMiss(d <= SEGMENTATION_DROP_TARGET_POINTS)})`,
  );
}
if (paraphraseRuns.length > 0) {
  const accs = paraphraseRuns.map(
    (r) =>
      `${r.key} ${fixed4(
        reportAtThreshold(
          r.lexical,
          r.pairs.map((p) => p.paraphrase),
          LEXICAL_THRESHOLD,
        ).accuracy,
      )}`,
  );
  parts.push(`paraphrase accuracy @${LEXICAL_THRESHOLD}: ${accs.join(', ')}`);
}
if (skipped.length > 0) parts.push(`${skipped.length} skipped`);
parts.push(`${runtimeSec.toFixed(1)} s`);
console.log(`SUMMARY ${parts.join(' | ')}`);
console.log(
  `EVAL_EXTERNAL_JSON ${JSON.stringify(roundFigures({ dataDir, ...figures, skipped, runtimeSec }))}`,
);
