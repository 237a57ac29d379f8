/**
 * Pure helpers of `scripts/eval-external.ts`, which measures the pipeline on public third-party
 * data read at run time from the shared folder (never from the repository). Parsing, scoring and
 * table formatting live here so they can be tested on hand-written examples; the script only
 * reads files and prints.
 */
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { PRF } from './evaluate.core.js';

// ---------------------------------------------------------------------------------------------
// Environment and dataset presence
// ---------------------------------------------------------------------------------------------

const ZExternalEnv = z.object({
  /** Folder holding `eval-data/` (default: `../shared` next to the repository root). */
  SHARED_DIR: z.string().min(1).optional(),
  /** '1': a missing dataset is an error (CI with the data mounted); otherwise it is skipped. */
  REQUIRE_SHARED: z.enum(['0', '1']).default('0'),
  EMBEDDING_MODEL_DIR: z.string().min(1).optional(),
  EMBEDDING_THRESHOLD: z.coerce.number().min(-1).max(1).optional(),
});
export type ExternalEnv = z.infer<typeof ZExternalEnv>;

/** Reads the variables the external evaluation uses; every problem is listed in one error. */
export function parseExternalEnv(env: NodeJS.ProcessEnv): ExternalEnv {
  const picked = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const r = ZExternalEnv.safeParse(picked);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`invalid configuration:\n${lines}`);
  }
  return r.data;
}

/** The folder with package.json at or above `fromDir` (works from scripts/ and dist/scripts/). */
export function findRepoRoot(fromDir: string, exists: (path: string) => boolean): string {
  let dir = fromDir;
  for (;;) {
    if (exists(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json at or above ${fromDir}`);
    dir = parent;
  }
}

/**
 * Where the datasets live: `<shared>/eval-data` when it exists, else `<shared>` itself (so
 * SHARED_DIR may name either the shared folder or its eval-data folder).
 */
export function evalDataDir(sharedDir: string, exists: (path: string) => boolean): string {
  const nested = join(sharedDir, 'eval-data');
  return exists(nested) ? nested : sharedDir;
}

export type Presence =
  | { kind: 'found' }
  | { kind: 'skip'; message: string }
  | { kind: 'fail'; message: string };

/**
 * Decides what a check does about its dataset files: run when all exist; otherwise skip with a
 * message naming the first missing path, or fail when REQUIRE_SHARED=1.
 */
export function datasetPresence(
  check: string,
  paths: readonly string[],
  requireShared: boolean,
  exists: (path: string) => boolean,
): Presence {
  const missing = paths.find((p) => !exists(p));
  if (missing === undefined) return { kind: 'found' };
  if (requireShared) {
    return { kind: 'fail', message: `FAIL ${check}: ${missing} not found (REQUIRE_SHARED=1)` };
  }
  return { kind: 'skip', message: `SKIP ${check}: ${missing} not found` };
}

// ---------------------------------------------------------------------------------------------
// Binary classification metrics
// ---------------------------------------------------------------------------------------------

export interface BinaryCounts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export interface BinaryReport extends PRF, BinaryCounts {
  count: number;
  accuracy: number;
}

/** Counts of (truth, prediction) pairs. */
export function countBinary(items: Iterable<{ truth: boolean; predicted: boolean }>): BinaryCounts {
  const c: BinaryCounts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (const { truth, predicted } of items) {
    if (truth && predicted) c.tp++;
    else if (predicted) c.fp++;
    else if (truth) c.fn++;
    else c.tn++;
  }
  return c;
}

/** P/R/F1 of the positive class and accuracy; an empty denominator gives 0. */
export function binaryReport(c: BinaryCounts): BinaryReport {
  const precision = c.tp + c.fp === 0 ? 0 : c.tp / (c.tp + c.fp);
  const recall = c.tp + c.fn === 0 ? 0 : c.tp / (c.tp + c.fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const count = c.tp + c.fp + c.fn + c.tn;
  const accuracy = count === 0 ? 0 : (c.tp + c.tn) / count;
  return { ...c, count, precision, recall, f1, accuracy };
}

// ---------------------------------------------------------------------------------------------
// a. Question detection
// ---------------------------------------------------------------------------------------------

/** Truth of the question check: the original utterance carries a question mark. */
export function hasQuestionMark(text: string): boolean {
  return text.includes('？') || text.includes('?');
}

/**
 * Comparison baseline: any question word or particle anywhere. Fixed from general knowledge of
 * Chinese before looking at any data; not tuned.
 */
export const QUESTION_WORD_BASELINE =
  /什么|为什么|怎么|怎样|如何|咋|哪|吗|呢|多少|几|谁|是否|有没有|是不是|能不能|可不可以|要不要|会不会|对不对|好不好|行不行/;

export function baselineIsQuestion(text: string): boolean {
  return QUESTION_WORD_BASELINE.test(text);
}

export interface QuestionItem {
  side: string;
  /** Original text (truth comes from it). */
  text: string;
}

export interface QuestionEvaluation {
  count: number;
  truthQuestions: number;
  detector: { overall: BinaryReport; bySide: Record<string, BinaryReport> };
  baseline: { overall: BinaryReport; bySide: Record<string, BinaryReport> };
}

/**
 * Scores a detector and the regex baseline on utterances whose punctuation is removed before
 * either sees them; the truth is a question mark in the original.
 */
export function evaluateQuestions(
  items: readonly QuestionItem[],
  strip: (text: string) => string,
  detect: (stripped: string, side: string) => boolean,
): QuestionEvaluation {
  type Row = { side: string; truth: boolean; detector: boolean; baseline: boolean };
  const rows: Row[] = items.map((it) => {
    const stripped = strip(it.text);
    return {
      side: it.side,
      truth: hasQuestionMark(it.text),
      detector: detect(stripped, it.side),
      baseline: baselineIsQuestion(stripped),
    };
  });
  const sides = [...new Set(rows.map((r) => r.side))].sort();
  const report = (which: 'detector' | 'baseline', subset: readonly Row[]) =>
    binaryReport(countBinary(subset.map((r) => ({ truth: r.truth, predicted: r[which] }))));
  const bySide = (which: 'detector' | 'baseline') =>
    Object.fromEntries(
      sides.map((s) => [
        s,
        report(
          which,
          rows.filter((r) => r.side === s),
        ),
      ]),
    );
  return {
    count: rows.length,
    truthQuestions: rows.filter((r) => r.truth).length,
    detector: { overall: report('detector', rows), bySide: bySide('detector') },
    baseline: { overall: report('baseline', rows), bySide: bySide('baseline') },
  };
}

const ZCrossWozLine = z.object({
  id: z.string(),
  turns: z.array(z.object({ role: z.string(), text: z.string() })),
});

/** Utterances of the compact CrossWOZ form (one dialogue per JSON line, turns with role/text). */
export function parseCrossWozJsonl(content: string): QuestionItem[] {
  const items: QuestionItem[] = [];
  const lines = content.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const r = ZCrossWozLine.safeParse(JSON.parse(line));
    if (!r.success) throw new Error(`line ${i + 1}: not a CrossWOZ dialogue: ${r.error.message}`);
    for (const t of r.data.turns) items.push({ side: t.role, text: t.text });
  }
  return items;
}

// ---------------------------------------------------------------------------------------------
// b. Word segmentation
// ---------------------------------------------------------------------------------------------

/** Words of a gold line (words separated by any whitespace). */
export function parseGoldLine(line: string): string[] {
  return line.split(/\s+/).filter((w) => w !== '');
}

export interface SegmentationLine {
  gold: readonly string[];
  predicted: readonly string[];
}

export interface SegmentationScore extends PRF {
  goldWords: number;
  predictedWords: number;
  correct: number;
  /** Share of gold words not in the training word list (null without a list). */
  oovRate: number | null;
  oovRecall: number | null;
  ivRecall: number | null;
}

/** [start,end) spans in code points of a word sequence, as "start:end" keys. */
function spanKeys(words: readonly string[]): string[] {
  const keys: string[] = [];
  let at = 0;
  for (const w of words) {
    const len = [...w].length;
    keys.push(`${at}:${at + len}`);
    at += len;
  }
  return keys;
}

/**
 * Word-level precision/recall/F1 by span matching (a word is correct when a predicted word
 * covers exactly the same characters), summed over lines, plus OOV/IV recall against a training
 * word list. Whitespace-only predicted tokens are ignored. Each line's predicted words must
 * spell the gold text: a mismatch is a bug in the caller and throws.
 */
export function scoreSegmentation(
  lines: Iterable<SegmentationLine>,
  trainingWords?: ReadonlySet<string>,
): SegmentationScore {
  let goldWords = 0;
  let predictedWords = 0;
  let correct = 0;
  let oov = 0;
  let oovCorrect = 0;
  let lineNo = 0;
  for (const line of lines) {
    lineNo++;
    const predicted = line.predicted.filter((w) => w.trim() !== '');
    const goldText = line.gold.join('');
    if (predicted.join('') !== goldText) {
      throw new Error(`line ${lineNo}: predicted words do not spell the gold text "${goldText}"`);
    }
    const goldSpans = spanKeys(line.gold);
    const predictedSpans = new Set(spanKeys(predicted));
    goldWords += line.gold.length;
    predictedWords += predicted.length;
    for (let i = 0; i < goldSpans.length; i++) {
      const hit = predictedSpans.has(goldSpans[i]!);
      if (hit) correct++;
      if (trainingWords && !trainingWords.has(line.gold[i]!)) {
        oov++;
        if (hit) oovCorrect++;
      }
    }
  }
  const precision = predictedWords === 0 ? 0 : correct / predictedWords;
  const recall = goldWords === 0 ? 0 : correct / goldWords;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const iv = goldWords - oov;
  return {
    goldWords,
    predictedWords,
    correct,
    precision,
    recall,
    f1,
    oovRate: trainingWords ? (goldWords === 0 ? 0 : oov / goldWords) : null,
    oovRecall: trainingWords ? (oov === 0 ? 0 : oovCorrect / oov) : null,
    ivRecall: trainingWords ? (iv === 0 ? 0 : (correct - oovCorrect) / iv) : null,
  };
}

// ---------------------------------------------------------------------------------------------
// c. Paraphrase accuracy of a similarity measure
// ---------------------------------------------------------------------------------------------

export interface SentencePair {
  a: string;
  b: string;
  paraphrase: boolean;
}

/** RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF, optional BOM). */
export function parseCsv(content: string): string[][] {
  const text = content.startsWith('\uFEFF') ? content.slice(1) : content;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Pairs of a `sentence1,sentence2,label` CSV (label 1 = paraphrase). */
export function parsePairsCsv(content: string): SentencePair[] {
  const rows = parseCsv(content).filter((r) => !(r.length === 1 && r[0] === ''));
  const header = rows[0]?.map((h) => h.trim());
  const ia = header?.indexOf('sentence1') ?? -1;
  const ib = header?.indexOf('sentence2') ?? -1;
  const il = header?.indexOf('label') ?? -1;
  if (ia < 0 || ib < 0 || il < 0) throw new Error('expected a header with sentence1,sentence2,label');
  return rows.slice(1).map((r, k) => {
    const label = r[il]?.trim();
    if (label !== '0' && label !== '1') throw new Error(`row ${k + 2}: label must be 0 or 1, got "${label}"`);
    return { a: r[ia] ?? '', b: r[ib] ?? '', paraphrase: label === '1' };
  });
}

export interface ThresholdReport extends BinaryReport {
  threshold: number;
}

/** Metrics of "paraphrase when score ≥ threshold". */
export function reportAtThreshold(
  scores: readonly number[],
  labels: readonly boolean[],
  threshold: number,
): ThresholdReport {
  const c = countBinary(scores.map((s, i) => ({ truth: labels[i]!, predicted: s >= threshold })));
  return { threshold, ...binaryReport(c) };
}

/**
 * The accuracy-maximising threshold in hindsight (ties: the lowest such threshold). For
 * reporting how far the fixed threshold is from the best one; never feed it back.
 */
export function bestThresholdInHindsight(
  scores: readonly number[],
  labels: readonly boolean[],
): ThresholdReport {
  const order = scores.map((_, i) => i).sort((x, y) => scores[x]! - scores[y]!);
  const positives = labels.filter(Boolean).length;
  // Threshold at the k-th smallest score: everything from k on is predicted positive.
  let fnBelow = 0; // positives below the threshold
  let tnBelow = 0; // negatives below the threshold
  let best = { threshold: Number.POSITIVE_INFINITY, correct: labels.length - positives };
  for (let k = 0; k < order.length; k++) {
    const s = scores[order[k]!]!;
    if (k === 0 || s !== scores[order[k - 1]!]!) {
      const correct = tnBelow + (positives - fnBelow);
      if (correct > best.correct) best = { threshold: s, correct };
    }
    if (labels[order[k]!]) fnBelow++;
    else tnBelow++;
  }
  return reportAtThreshold(scores, labels, best.threshold);
}

// ---------------------------------------------------------------------------------------------
// Printing
// ---------------------------------------------------------------------------------------------

/** Columns a string takes in a terminal (CJK and full-width forms count two). */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\p{Script=Han}\u3000-\u303F\uFF01-\uFF60]/u.test(ch) ? 2 : 1;
  return w;
}

/** A plain-text table: first row is the header; numeric-looking cells are right-aligned. */
export function formatTable(rows: readonly (readonly string[])[]): string {
  const cols = Math.max(0, ...rows.map((r) => r.length));
  const widths = Array.from({ length: cols }, (_, c) =>
    Math.max(...rows.map((r) => displayWidth(r[c] ?? ''))),
  );
  const render = (r: readonly string[]) =>
    widths
      .map((w, c) => {
        const cell = r[c] ?? '';
        const pad = ' '.repeat(w - displayWidth(cell));
        return /^[-+]?[\d.,]+%?$/.test(cell) ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd();
  const [head, ...body] = rows;
  if (!head) return '';
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [render(head), rule, ...body.map(render)].join('\n');
}

/** 0.91234 → "0.9123". */
export function fixed4(x: number): string {
  return x.toFixed(4);
}

/** 0.91234 → "91.23". */
export function percent2(x: number): string {
  return (x * 100).toFixed(2);
}

export function passOrMiss(ok: boolean): 'PASS' | 'MISS' {
  return ok ? 'PASS' : 'MISS';
}

/** Rounds every number in a figures object for the JSON line (6 decimals). */
export function roundFigures<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value, (_k, v: unknown) =>
      typeof v === 'number' && Number.isFinite(v) && !Number.isInteger(v) ? Number(v.toFixed(6)) : v,
    ),
  ) as T;
}
