import { AppError, ErrorCode } from '../../models/errors.js';
import type { EvalReport, ModeReport, PRF } from '../../pipeline/eval/evaluate.core.js';
import { evaluateCalls, readLabelledCalls } from '../../pipeline/eval/run-eval.js';
import { LABELS } from '../../pipeline/nlp/types.js';
import { LABEL_ZH } from '../../pipeline/report/labels-zh.js';
import type { Config } from '../config.js';
import { createRuntime } from '../runtime.js';

export async function evalCommand(
  args: string[],
  options: { json: boolean },
  config: Config,
): Promise<number> {
  const dir = args[0];
  if (!dir)
    throw new AppError(ErrorCode.InvalidInput, 'eval needs a folder of <name>.json + <name>.gold.json');
  const calls = readLabelledCalls(dir);
  if (calls.length === 0) throw new AppError(ErrorCode.InvalidInput, `no *.gold.json files in ${dir}`);
  // Evaluation measures the rules as shipped: the lexical measure, unless a model is configured.
  const runtime = await createRuntime(config);
  const { report } = await evaluateCalls(calls, (t) => runtime.analyze(t));
  console.log(options.json ? JSON.stringify(report, null, 2) : renderEvalTable(report));
  return 0;
}

const f4 = (x: number) => x.toFixed(4);
const prfCell = (p: PRF) => `P ${f4(p.precision)}  R ${f4(p.recall)}  F1 ${f4(p.f1)}`;

/** The figures of evaluation.md as a table for people. */
export function renderEvalTable(report: EvalReport): string {
  const { punctuated: a, unpunctuated: b } = report.modes;
  const rows: [string, string, string][] = [];
  const prfRow = (name: string, get: (m: ModeReport) => PRF) =>
    rows.push([name, prfCell(get(a)), prfCell(get(b))]);
  const accRow = (name: string, get: (m: ModeReport) => number) => rows.push([name, f4(get(a)), f4(get(b))]);
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
      `${prfCell(a.labels[l])}  pred ${a.labels[l].predicted}`,
      `${prfCell(b.labels[l])}  pred ${b.labels[l].predicted}`,
    ]);
  }
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u1100-\uffff]/.test(ch) ? 2 : 1), 0);
  const c0 = Math.max(...rows.map((r) => width(r[0])), width('指标'));
  const c1 = Math.max(...rows.map((r) => r[1].length), 10);
  const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - width(s)));
  return [
    `评测文件 ${report.files} 个`,
    `${pad('指标', c0)}  ${pad('有标点 punctuated', c1)}  无标点 unpunctuated`,
    ...rows.map((r) => `${pad(r[0], c0)}  ${pad(r[1], c1)}  ${r[2]}`),
  ].join('\n');
}
