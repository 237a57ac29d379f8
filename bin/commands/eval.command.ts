import { AppError, ErrorCode } from '../../models/errors.js';
import type { ModeReport, PRF } from '../../pipeline/eval/evaluate.core.js';
import { addAsrNoise } from '../../pipeline/eval/noise.js';
import { type EvalRunReport, evaluateCalls, readLabelledCalls } from '../../pipeline/eval/run-eval.js';
import { type EvalSplit, inSplit, readSetAside } from '../../pipeline/eval/set-aside.js';
import { createJiebaSegmenter } from '../../pipeline/nlp/jieba.js';
import { LABELS } from '../../pipeline/nlp/types.js';
import { LABEL_ZH } from '../../pipeline/report/labels-zh.js';
import type { Config } from '../config.js';
import { createRuntime } from '../runtime.js';

export async function evalCommand(
  args: string[],
  options: { json: boolean; noise?: number; split?: EvalSplit },
  config: Config,
): Promise<number> {
  const dir = args[0];
  if (!dir)
    throw new AppError(ErrorCode.InvalidInput, 'eval needs a folder of <name>.json + <name>.gold.json');
  const split = options.split ?? 'all';
  const setAside = readSetAside();
  const calls = readLabelledCalls(dir).filter((c) => inSplit(c.name, split, setAside));
  if (calls.length === 0)
    throw new AppError(
      ErrorCode.InvalidInput,
      split === 'all'
        ? `no *.gold.json files in ${dir}`
        : `no *.gold.json files of split "${split}" in ${dir}`,
    );
  // Evaluation measures the rules as shipped: the lexical measure, unless a model is configured.
  const runtime = await createRuntime(config);
  const seed = options.noise;
  const cut = seed === undefined ? undefined : createJiebaSegmenter();
  const { report } = await evaluateCalls(
    calls,
    (t) => runtime.analyze(t),
    seed === undefined ? {} : { noisy: (t, call) => addAsrNoise(t, seed, { callId: call.name, cut }) },
  );
  console.log(options.json ? JSON.stringify(report, null, 2) : renderEvalTable(report, seed));
  return 0;
}

/** The value of `--split`: which calls of the folder (training/SET-ASIDE.txt decides). */
export function parseSplit(value: string): EvalSplit {
  if (value === 'all' || value === 'train' || value === 'held-out') return value;
  throw new AppError(ErrorCode.InvalidInput, `--split must be all, train or held-out, got "${value}"`);
}

/** The value of `--noise`: an integer seed, or an error naming the flag. */
export function parseNoiseSeed(value: string): number {
  const seed = /^[+-]?\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(seed)) {
    throw new AppError(ErrorCode.InvalidInput, `--noise needs an integer seed, got "${value}"`);
  }
  return seed;
}

const f4 = (x: number) => x.toFixed(4);
const prfCell = (p: PRF) => `P ${f4(p.precision)}  R ${f4(p.recall)}  F1 ${f4(p.f1)}`;

/** The figures of evaluation.md as a table for people; a third column when noise was added. */
export function renderEvalTable(report: EvalRunReport, noiseSeed?: number): string {
  const { punctuated: a, unpunctuated: b, noisy: n } = report.modes;
  const modes = n ? [a, b, n] : [a, b];
  const rows: string[][] = [];
  const prfRow = (name: string, get: (m: ModeReport) => PRF) =>
    rows.push([name, ...modes.map((m) => prfCell(get(m)))]);
  const accRow = (name: string, get: (m: ModeReport) => number) =>
    rows.push([name, ...modes.map((m) => f4(get(m)))]);
  prfRow('问题检测 question', (m) => m.question);
  accRow('开放/封闭准确率 openClosedAccuracy', (m) => m.openClosedAccuracy);
  prfRow('异议检测 objection', (m) => m.objection);
  accRow('异议类型准确率 objectionTypeAccuracy', (m) => m.objectionTypeAccuracy);
  prfRow('处理技巧 techniques', (m) => m.techniques);
  accRow('化解判断准确率 objectionResolvedAccuracy', (m) => m.objectionResolvedAccuracy);
  prfRow('隐性需求 implicitNeed', (m) => m.implicitNeed);
  accRow('识别/错过准确率 implicitNeedIdentifiedAccuracy', (m) => m.implicitNeedIdentifiedAccuracy);
  prfRow('复述检测 restatement', (m) => m.restatement);
  accRow('复述准确性平衡准确率 restatementAccuracyBalanced', (m) => m.restatementAccuracyBalanced);
  prfRow('标签 tags', (m) => m.tags);
  for (const l of LABELS) {
    rows.push([
      `  ${LABEL_ZH[l]} ${l} (gold ${a.labels[l].gold})`,
      ...modes.map((m) => `${prfCell(m.labels[l])}  pred ${m.labels[l].predicted}`),
    ]);
  }
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u1100-\uffff]/.test(ch) ? 2 : 1), 0);
  const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - width(s)));
  const header = ['指标', '有标点 punctuated', '无标点 unpunctuated'];
  if (n) header.push(`噪声 noisy (seed ${noiseSeed ?? '?'})`);
  // Every column but the last is padded to its widest cell (the first figures column to at least 10).
  const widths = header.map((h, i) =>
    Math.max(width(h), ...rows.map((r) => width(r[i] ?? '')), i === 1 ? 10 : 0),
  );
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : pad(c, widths[i]!))).join('  ');
  return [`评测文件 ${report.files} 个`, line(header), ...rows.map(line)].join('\n');
}
