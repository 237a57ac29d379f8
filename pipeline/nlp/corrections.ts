import type { AppliedCorrection, Correction } from '../../models/appeal.js';
import type { Finding, Label } from './types.js';
import { judgementOf, LABELS } from './types.js';

/** Where a correction stands against a machine result. */
export type CorrectionState =
  /** The machine (without the correction) already gives the corrected result: nothing to apply. */
  | 'agrees'
  /** The machine still disagrees: the correction is applied on top of it. */
  | 'applied'
  /** The item it names is not in this result any more (the transcript changed): not applied. */
  | 'stale';

export interface CorrectionOutcome {
  overrideId: string;
  state: CorrectionState;
  /** The finding the correction made or changed, when there is one. */
  findingId?: string;
}

const LABEL_SET: ReadonlySet<string> = new Set(LABELS);

export function isLabel(s: string): s is Label {
  return LABEL_SET.has(s);
}

/** Labels a rep can say a customer utterance has, and those a rep utterance can have. */
export const CUSTOMER_LABELS: ReadonlySet<Label> = new Set<Label>([
  'question',
  'need.implicit',
  'need.explicit',
  'objection.price',
  'objection.timing',
  'objection.authority',
  'objection.need',
  'objection.competitor',
  'objection.trust',
  'objection.delivery',
]);

export function overlaps(a: readonly [number, number], b: readonly [number, number]): boolean {
  return a[0] < b[1] && b[0] < a[1];
}

/** The finding a correction names: by id, else the same label on the same utterance over an overlapping span. */
export function findNamed(
  findings: readonly Finding[],
  c: { findingId?: string; utteranceId: string; label: string; span: readonly [number, number] },
): Finding | undefined {
  return (
    (c.findingId ? findings.find((f) => f.id === c.findingId) : undefined) ??
    findings.find((f) => f.utteranceId === c.utteranceId && f.label === c.label && overlaps(f.span, c.span))
  );
}

/** Does this machine result already agree with the correction? (Used to mark overrides absorbed.) */
export function machineAgrees(
  c: Correction,
  machine: { findings: readonly Finding[]; scoreItems: readonly { id: string; score: number | null }[] },
  speakers: ReadonlyMap<string, string>,
): boolean {
  switch (c.kind) {
    case 'remove':
      return !findNamed(machine.findings, c);
    case 'relabel':
      return (
        !findNamed(machine.findings, c) &&
        !!findNamed(machine.findings, { utteranceId: c.utteranceId, label: c.to, span: c.span })
      );
    case 'add':
      return !!findNamed(machine.findings, c);
    case 'set': {
      const f = findNamed(machine.findings, c);
      return !!f && judgementOf(f, c.field) === c.value;
    }
    case 'score':
      return machine.scoreItems.find((i) => i.id === c.itemId)?.score === c.score;
    case 'speaker':
      return speakers.get(c.utteranceId) === c.speaker;
  }
}

/**
 * Applies the finding corrections to a list of machine findings, in place. `make` builds a
 * finding of a label at a span (the analysis knows how to fill its evidence); removed machine
 * findings go to `suppressed`. Score and speaker corrections are applied elsewhere (scoring,
 * transcript) and only reported here.
 */
export function correctFindings(
  findings: Finding[],
  corrections: readonly AppliedCorrection[],
  make: (label: Label, utteranceId: string, span: [number, number], overrideId: string) => Finding | null,
): { suppressed: Finding[]; outcomes: CorrectionOutcome[] } {
  const suppressed: Finding[] = [];
  const outcomes: CorrectionOutcome[] = [];
  const drop = (f: Finding, overrideId: string) => {
    findings.splice(findings.indexOf(f), 1);
    suppressed.push({ ...f, overrideId });
  };
  for (const c of corrections) {
    const { overrideId } = c;
    switch (c.kind) {
      case 'remove': {
        const f = findNamed(findings, c);
        if (!f) outcomes.push({ overrideId, state: 'agrees' });
        else {
          drop(f, overrideId);
          outcomes.push({ overrideId, state: 'applied', findingId: f.id });
        }
        break;
      }
      case 'relabel': {
        const f = findNamed(findings, c);
        const already = findNamed(findings, { utteranceId: c.utteranceId, label: c.to, span: c.span });
        if (!f && already) {
          outcomes.push({ overrideId, state: 'agrees', findingId: already.id });
          break;
        }
        if (f) drop(f, overrideId);
        const made = already ?? (isLabel(c.to) ? make(c.to, c.utteranceId, c.span, overrideId) : null);
        if (made && !already) findings.push(made);
        outcomes.push({
          overrideId,
          state: f || made ? 'applied' : 'stale',
          ...(made ? { findingId: made.id } : {}),
        });
        break;
      }
      case 'add': {
        const already = findNamed(findings, c);
        if (already) {
          outcomes.push({ overrideId, state: 'agrees', findingId: already.id });
          break;
        }
        const made = isLabel(c.label) ? make(c.label, c.utteranceId, c.span, overrideId) : null;
        if (made) findings.push(made);
        outcomes.push({
          overrideId,
          state: made ? 'applied' : 'stale',
          ...(made ? { findingId: made.id } : {}),
        });
        break;
      }
      case 'set': {
        const f = findNamed(findings, c);
        if (!f) {
          outcomes.push({ overrideId, state: 'stale' });
          break;
        }
        if (judgementOf(f, c.field) === c.value) {
          outcomes.push({ overrideId, state: 'agrees', findingId: f.id });
          break;
        }
        const i = findings.indexOf(f);
        suppressed.push({ ...f, overrideId });
        const changed: Finding = {
          ...f,
          [c.field]: c.value,
          overrideId,
          // A need no longer identified has no identifying utterance.
          ...(c.field === 'identified' && !c.value ? { identifiedBy: null } : {}),
        };
        findings[i] = changed;
        outcomes.push({ overrideId, state: 'applied', findingId: f.id });
        break;
      }
      case 'score':
      case 'speaker':
        break;
    }
  }
  return { suppressed, outcomes };
}
