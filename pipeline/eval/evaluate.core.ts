import type { CallAnalysis } from '../nlp/analyze.core.js';
import {
  isImplicitNeedFinding,
  isObjectionFinding,
  isRestatementFinding,
  LABELS,
  type Label,
  SPEC_TAGS,
} from '../nlp/types.js';
import type { Gold } from './gold.js';

export interface PRF {
  precision: number;
  recall: number;
  f1: number;
}
export interface LabelPRF extends PRF {
  gold: number;
  predicted: number;
}

export interface ModeReport {
  labels: Record<Label, LabelPRF>;
  question: PRF;
  openClosedAccuracy: number;
  objection: PRF;
  objectionTypeAccuracy: number;
  techniques: PRF;
  objectionResolvedAccuracy: number;
  implicitNeed: PRF;
  implicitNeedIdentifiedAccuracy: number;
  restatement: PRF;
  restatementAccuracyBalanced: number;
  tags: PRF;
}

export interface EvalReport {
  files: number;
  modes: { punctuated: ModeReport; unpunctuated: ModeReport };
}

export interface EvalCase {
  name: string;
  gold: Gold;
  analysis: CallAnalysis;
}

const r4 = (x: number) => Math.round(x * 10000) / 10000;
const div = (a: number, b: number) => (b === 0 ? 0 : a / b);

function prf(tp: number, fp: number, fn: number): PRF {
  const precision = div(tp, tp + fp);
  const recall = div(tp, tp + fn);
  const f1 = div(2 * precision * recall, precision + recall);
  return { precision: r4(precision), recall: r4(recall), f1: r4(f1) };
}

class Counter {
  tp = 0;
  fp = 0;
  fn = 0;
  add(g: number, p: number) {
    this.tp += Math.min(g, p);
    this.fp += Math.max(p - g, 0);
    this.fn += Math.max(g - p, 0);
  }
  result(): PRF {
    return prf(this.tp, this.fp, this.fn);
  }
}

function countLabels(labels: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const l of labels) m.set(l, (m.get(l) ?? 0) + 1);
  return m;
}

/** The arithmetic of evaluation.md, for one mode (punctuated or unpunctuated). */
export function evaluateMode(cases: readonly EvalCase[]): ModeReport {
  const perLabel = new Map<Label, Counter>(LABELS.map((l) => [l, new Counter()]));
  const goldTotals = new Map<Label, number>();
  const predTotals = new Map<Label, number>();
  const question = new Counter();
  let ocNum = 0;
  let ocDen = 0;
  const objection = new Counter();
  let typeNum = 0;
  let typeDen = 0;
  const techniques = new Counter();
  let resolvedNum = 0;
  let resolvedDen = 0;
  let identNum = 0;
  let identDen = 0;
  const restAcc = { accTotal: 0, accHit: 0, inaccTotal: 0, inaccHit: 0 };
  const tags = new Counter();

  for (const { gold, analysis } of cases) {
    const predicted = new Map<string, string[]>();
    for (const f of analysis.findings) {
      const list = predicted.get(f.utteranceId) ?? [];
      list.push(f.label);
      predicted.set(f.utteranceId, list);
    }
    for (const u of analysis.utterances) {
      const g = countLabels(gold.utterances[u.id] ?? []);
      const p = countLabels(predicted.get(u.id) ?? []);
      for (const l of LABELS) {
        const gc = g.get(l) ?? 0;
        const pc = p.get(l) ?? 0;
        perLabel.get(l)!.add(gc, pc);
        goldTotals.set(l, (goldTotals.get(l) ?? 0) + gc);
        predTotals.set(l, (predTotals.get(l) ?? 0) + pc);
      }
      if (u.speaker === 'rep') {
        const go = g.get('question.open') ?? 0;
        const gcl = g.get('question.closed') ?? 0;
        const po = p.get('question.open') ?? 0;
        const pcl = p.get('question.closed') ?? 0;
        question.add(go + gcl, po + pcl);
        ocNum += Math.min(go, po) + Math.min(gcl, pcl);
        ocDen += Math.min(go + gcl, po + pcl);
      } else {
        const gTypes = new Set([...g.keys()].filter((l) => l.startsWith('objection.')));
        const pTypes = new Set([...p.keys()].filter((l) => l.startsWith('objection.')));
        objection.add(gTypes.size > 0 ? 1 : 0, pTypes.size > 0 ? 1 : 0);
        if (gTypes.size > 0 && pTypes.size > 0) {
          typeNum += [...gTypes].filter((t) => pTypes.has(t)).length;
          typeDen += gTypes.size;
        }
      }
    }
    // Techniques and resolution over matched objections.
    const predObjections = analysis.findings.filter(isObjectionFinding);
    for (const o of gold.objections) {
      const match = predObjections.find(
        (f) =>
          f.utteranceId === o.utterance && f.objectionType === o.type && f.responseUtteranceId === o.response,
      );
      if (!match) continue;
      const g = new Set<string>(o.techniques);
      const p = new Set<string>(match.techniques);
      for (const t of p) {
        if (g.has(t)) techniques.tp++;
        else techniques.fp++;
      }
      for (const t of g) if (!p.has(t)) techniques.fn++;
      resolvedDen++;
      if (match.resolved === o.resolved) resolvedNum++;
    }
    const predNeeds = analysis.findings.filter(isImplicitNeedFinding);
    for (const n of gold.implicitNeeds) {
      const match = predNeeds.find((f) => f.utteranceId === n.utterance);
      if (!match) continue;
      identDen++;
      if (match.identified === n.identified) identNum++;
    }
    const predRest = analysis.findings.filter(isRestatementFinding);
    for (const r of gold.restatements) {
      const match = predRest.find((f) => f.utteranceId === r.utterance);
      if (!match) continue;
      if (r.accurate) {
        restAcc.accTotal++;
        if (match.accurate) restAcc.accHit++;
      } else {
        restAcc.inaccTotal++;
        if (!match.accurate) restAcc.inaccHit++;
      }
    }
    const gTags = new Set(gold.tags.filter((t) => (SPEC_TAGS as readonly string[]).includes(t)));
    const pTags = new Set(analysis.tags.filter((t) => (SPEC_TAGS as readonly string[]).includes(t)));
    for (const t of SPEC_TAGS) tags.add(gTags.has(t) ? 1 : 0, pTags.has(t) ? 1 : 0);
  }

  const labels = {} as Record<Label, LabelPRF>;
  for (const l of LABELS) {
    labels[l] = {
      ...perLabel.get(l)!.result(),
      gold: goldTotals.get(l) ?? 0,
      predicted: predTotals.get(l) ?? 0,
    };
  }
  const recalls: number[] = [];
  if (restAcc.accTotal > 0) recalls.push(restAcc.accHit / restAcc.accTotal);
  if (restAcc.inaccTotal > 0) recalls.push(restAcc.inaccHit / restAcc.inaccTotal);
  return {
    labels,
    question: question.result(),
    openClosedAccuracy: r4(div(ocNum, ocDen)),
    objection: objection.result(),
    objectionTypeAccuracy: r4(div(typeNum, typeDen)),
    techniques: techniques.result(),
    objectionResolvedAccuracy: r4(div(resolvedNum, resolvedDen)),
    implicitNeed: labels['need.implicit'] ? pick(labels['need.implicit']) : prf(0, 0, 0),
    implicitNeedIdentifiedAccuracy: r4(div(identNum, identDen)),
    restatement: pick(labels.restatement),
    restatementAccuracyBalanced: r4(
      recalls.length === 0 ? 0 : recalls.reduce((a, b) => a + b, 0) / recalls.length,
    ),
    tags: tags.result(),
  };
}

function pick(x: LabelPRF): PRF {
  return { precision: x.precision, recall: x.recall, f1: x.f1 };
}
