import type { Detector } from './detector.js';
import { explicitNeedDetector, implicitNeedDetector } from './need.detector.js';
import { nextStepDetector } from './next-step.detector.js';
import { objectionDetector } from './objection.detector.js';
import { openingDetector } from './opening.detector.js';
import { questionDetector } from './question-finding.detector.js';
import { restatementDetector } from './restatement.detector.js';
import { solutionDetector } from './solution.detector.js';
import { LABELS, type Label } from './types.js';

/**
 * The detectors of an analysis, in the order they run: a detector reads only facts written by the
 * ones before it (checked by tests/unit/detectors.test.ts). A new detector is one module with its
 * patterns as data, one entry here and its labels in types.ts.
 */
export const DETECTORS: readonly Detector[] = [
  questionDetector,
  openingDetector,
  nextStepDetector,
  objectionDetector,
  restatementDetector,
  implicitNeedDetector,
  explicitNeedDetector,
  solutionDetector,
];

const BY_LABEL = new Map<Label, Detector>();
for (const d of DETECTORS) for (const l of d.labels) BY_LABEL.set(l, d);

/** The detector that owns a label (every label of types.ts has exactly one). */
export function detectorOf(label: Label): Detector {
  const d = BY_LABEL.get(label);
  if (!d) throw new Error(`no detector owns label ${label}; known: ${LABELS.join(', ')}`);
  return d;
}
