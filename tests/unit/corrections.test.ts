import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AppliedCorrection } from '../../models/appeal.js';
import { parseTranscript } from '../../models/transcript.js';
import { machineAgrees } from '../../pipeline/nlp/corrections.js';
import { findingId } from '../../pipeline/nlp/finding-id.js';
import { shippedAnalyzer } from '../helpers/runtime.js';

const STORY = parseTranscript(
  JSON.parse(readFileSync(new URL('../fixtures/story/med-or-ceiling.json', import.meta.url), 'utf8')),
);
const analyzer = shippedAnalyzer();
const machine = analyzer.analyze(STORY, undefined, 'call-story');
const withFix = (...corrections: AppliedCorrection[]) =>
  analyzer.analyze(STORY, undefined, 'call-story', corrections);
/** Code-point span of `part` inside utterance `id`. */
function spanOf(id: string, part: string): [number, number] {
  const text = [...STORY.utterances.find((u) => u.id === id)!.text];
  const at = text.join('').indexOf(part);
  const start = [...text.join('').slice(0, at)].length;
  return [start, start + [...part].length];
}
const NEED_SPAN = spanOf('u4', '净高偏低，吊塔装上以后主刀和助手的站位都很局促');

describe('corrections from accepted appeals', () => {
  it('leave the machine result untouched when there are none', () => {
    expect(machine.corrections).toBeUndefined();
    expect(machine.suppressed).toBeUndefined();
    expect(machine.findings.some((f) => f.label.startsWith('need.'))).toBe(false);
    expect(machine.dimensions.need_diagnosis).toBe(50);
  });

  it('add a missed implicit need, identified by the follow-up question, and rescore the dimension', () => {
    const a = withFix({
      kind: 'add',
      overrideId: 'o1',
      utteranceId: 'u4',
      label: 'need.implicit',
      span: NEED_SPAN,
    });
    const need = a.findings.find((f) => f.label === 'need.implicit');
    expect(need).toMatchObject({
      utteranceId: 'u4',
      span: NEED_SPAN,
      rule: 'appeal',
      overrideId: 'o1',
      identified: true,
      identifiedBy: 'u5',
    });
    expect(a.corrections).toEqual([{ overrideId: 'o1', state: 'applied', findingId: need!.id }]);
    const item = a.scoreItems.find((i) => i.metric === 'implicit_needs_identified')!;
    expect(item).toMatchObject({ value: 1, score: 100, findingIds: [need!.id] });
    expect(a.dimensions.need_diagnosis).toBeGreaterThan(machine.dimensions.need_diagnosis!);
    // The machine result is not changed by analysing with corrections.
    expect(
      machineAgrees(
        { kind: 'add', utteranceId: 'u4', label: 'need.implicit', span: NEED_SPAN },
        machine,
        new Map(),
      ),
    ).toBe(false);
    expect(
      machineAgrees(
        { kind: 'add', utteranceId: 'u4', label: 'need.implicit', span: NEED_SPAN },
        a,
        new Map(),
      ),
    ).toBe(true);
  });

  it('remove a wrong finding (kept as suppressed) and relabel another without counting it twice', () => {
    const closed = machine.findings.find((f) => f.label === 'question.closed' && f.utteranceId === 'u5')!;
    const removed = withFix({
      kind: 'remove',
      overrideId: 'o2',
      findingId: closed.id,
      utteranceId: 'u5',
      label: 'question.closed',
      span: closed.span,
    });
    expect(removed.findings.some((f) => f.id === closed.id)).toBe(false);
    expect(removed.suppressed).toEqual([{ ...closed, overrideId: 'o2' }]);
    expect(removed.metrics.repQuestions).toBe(machine.metrics.repQuestions - 1);

    const relabelled = withFix({
      kind: 'relabel',
      overrideId: 'o3',
      findingId: closed.id,
      utteranceId: 'u5',
      label: 'question.closed',
      span: closed.span,
      to: 'question.open',
    });
    expect(relabelled.metrics.repQuestions).toBe(machine.metrics.repQuestions);
    expect(relabelled.metrics.repOpenQuestions).toBe(machine.metrics.repOpenQuestions + 1);
    const open = relabelled.findings.find((f) => f.utteranceId === 'u5' && f.label === 'question.open');
    expect(open).toMatchObject({ span: closed.span, overrideId: 'o3', rule: 'appeal' });
  });

  it('an add the machine already makes is reported as agreeing and adds nothing', () => {
    const q = machine.findings.find((f) => f.label === 'question.closed' && f.utteranceId === 'u7')!;
    const a = withFix({
      kind: 'add',
      overrideId: 'o4',
      utteranceId: 'u7',
      label: 'question.closed',
      span: q.span,
    });
    expect(a.corrections).toEqual([{ overrideId: 'o4', state: 'agrees', findingId: q.id }]);
    expect(a.findings.length).toBe(machine.findings.length);
    expect(a.total).toBe(machine.total);
  });

  it('fix a score item, a judgement and a speaker; the machine score stays visible on the item', () => {
    const opening = machine.scoreItems.find((i) => i.metric === 'early_engagement')!;
    const a = withFix({ kind: 'score', overrideId: 'o5', itemId: opening.id, score: 40 });
    const item = a.scoreItems.find((i) => i.id === opening.id)!;
    expect(item.score).toBe(40);
    expect(item.machineScore).toBe(opening.score);
    expect(a.dimensions.lead_activation).toBeLessThan(machine.dimensions.lead_activation!);
    expect(a.corrections).toEqual([{ overrideId: 'o5', state: 'applied' }]);

    const swapped = withFix({ kind: 'speaker', overrideId: 'o6', utteranceId: 'u6', speaker: 'rep' });
    expect(swapped.utterances.find((u) => u.id === 'u6')?.speaker).toBe('rep');
    expect(swapped.metrics.repTalkSec).toBeGreaterThan(machine.metrics.repTalkSec);
    expect(swapped.corrections).toEqual([{ overrideId: 'o6', state: 'applied' }]);
  });

  it('set a judgement: a need the machine called identified was not', () => {
    const add = {
      kind: 'add',
      overrideId: 'o8',
      utteranceId: 'u4',
      label: 'need.implicit',
      span: NEED_SPAN,
    } as const;
    const id = findingId('call-story', 'u4', 'need.implicit', NEED_SPAN);
    const a = withFix(add, {
      kind: 'set',
      overrideId: 'o9',
      findingId: id,
      utteranceId: 'u4',
      label: 'need.implicit',
      span: NEED_SPAN,
      field: 'identified',
      value: false,
    });
    expect(a.findings.find((f) => f.id === id)).toMatchObject({
      identified: false,
      identifiedBy: null,
      overrideId: 'o9',
    });
    expect(a.scoreItems.find((i) => i.metric === 'implicit_needs_identified')).toMatchObject({
      value: 0,
      score: 0,
    });
    expect(a.coaching.map((c) => c.kind)).toContain('missed_need');
    expect(a.suppressed?.map((f) => f.overrideId)).toEqual(['o9']);
  });

  it('a correction naming an utterance that no longer exists is stale and changes nothing', () => {
    const a = withFix({
      kind: 'add',
      overrideId: 'o7',
      utteranceId: 'u99',
      label: 'need.implicit',
      span: [0, 3],
    });
    expect(a.corrections).toEqual([{ overrideId: 'o7', state: 'stale' }]);
    expect(a.total).toBe(machine.total);
  });
});
