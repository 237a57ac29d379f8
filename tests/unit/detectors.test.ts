import { describe, expect, expectTypeOf, it } from 'vitest';
import type { CallFacts } from '../../pipeline/nlp/detector.js';
import { DETECTORS, detectorOf } from '../../pipeline/nlp/detectors.js';
import {
  type Finding,
  type FindingBase,
  type ImplicitNeedFinding,
  isImplicitNeedFinding,
  isNeedFinding,
  isNextStepFinding,
  isObjectionFinding,
  isObjectionResponseFinding,
  isOpeningFinding,
  isPlainLabel,
  isQuestionFinding,
  isRestatementFinding,
  isSolutionFinding,
  judgementOf,
  LABELS,
  type NeedFinding,
  type ObjectionFinding,
  type ObjectionLabel,
  type RestatementFinding,
} from '../../pipeline/nlp/types.js';

describe('detector registry', () => {
  it('every label of the specification is owned by exactly one detector', () => {
    const owners = new Map<string, string[]>();
    for (const d of DETECTORS) for (const l of d.labels) owners.set(l, [...(owners.get(l) ?? []), d.id]);
    for (const l of LABELS) expect(owners.get(l), l).toHaveLength(1);
    expect([...owners.keys()].sort()).toEqual([...LABELS].sort());
    expect(detectorOf('objection.price').id).toBe('objection');
  });

  it('a detector reads only facts that a detector before it wrote', () => {
    const written = new Set<keyof CallFacts>();
    for (const d of DETECTORS) {
      for (const r of d.reads) expect(written.has(r), `${d.id} reads ${r} before it is written`).toBe(true);
      for (const w of d.writes) written.add(w);
    }
  });

  it('detector ids are unique', () => {
    expect(new Set(DETECTORS.map((d) => d.id)).size).toBe(DETECTORS.length);
  });
});

describe('findings typed per label', () => {
  const base: Omit<FindingBase, 'label'> = {
    id: 'f1',
    utteranceId: 'u2',
    span: [0, 2],
    rule: 'test',
    term: '太贵',
    lexiconVersion: 'x@1+0',
    confidence: 0.85,
  };
  const objection: Finding = {
    ...base,
    label: 'objection.price',
    objectionType: 'price',
    responseUtteranceId: 'u3',
    techniques: ['acknowledge'],
    resolved: true,
    latencyMs: 800,
  };
  const need: Finding = { ...base, label: 'need.implicit', identified: false, identifiedBy: null };
  const restatement: Finding = {
    ...base,
    label: 'restatement',
    refersTo: 'u2',
    accurate: true,
    similarity: 0.6,
    measure: 'lexical',
  };
  const samples: Finding[] = [
    objection,
    need,
    restatement,
    { ...base, label: 'need.explicit' },
    { ...base, label: 'objection_response', respondsTo: ['u2'], techniques: [] },
    { ...base, label: 'next_step', hasDate: true },
    { ...base, label: 'opening', components: ['intro'] },
    { ...base, label: 'solution' },
    { ...base, label: 'question.open' },
    { ...base, label: 'question' },
  ];

  it('each guard accepts exactly the labels of its family', () => {
    const accepted = (guard: (f: Finding) => boolean) => samples.filter(guard).map((f) => f.label);
    expect(accepted(isObjectionFinding)).toEqual(['objection.price']);
    expect(accepted(isObjectionResponseFinding)).toEqual(['objection_response']);
    expect(accepted(isNeedFinding)).toEqual(['need.implicit', 'need.explicit']);
    expect(accepted(isImplicitNeedFinding)).toEqual(['need.implicit']);
    expect(accepted(isRestatementFinding)).toEqual(['restatement']);
    expect(accepted(isNextStepFinding)).toEqual(['next_step']);
    expect(accepted(isOpeningFinding)).toEqual(['opening']);
    expect(accepted(isSolutionFinding)).toEqual(['solution']);
    expect(accepted(isQuestionFinding)).toEqual(['question.open', 'question']);
    for (const l of LABELS.filter((x) => x.startsWith('objection.'))) {
      expect(isObjectionFinding({ ...base, label: l } as Finding), l).toBe(true);
    }
  });

  it('the guards narrow to the family shape', () => {
    const f = samples[0]!;
    if (isObjectionFinding(f)) {
      expectTypeOf(f).toEqualTypeOf<ObjectionFinding>();
      expectTypeOf(f.label).toEqualTypeOf<ObjectionLabel>();
      expectTypeOf(f.techniques).toEqualTypeOf<ObjectionFinding['techniques']>();
      expectTypeOf(f.resolved).toEqualTypeOf<boolean>();
    }
    if (isNeedFinding(f)) expectTypeOf(f).toEqualTypeOf<NeedFinding>();
    if (isImplicitNeedFinding(f)) expectTypeOf(f.identifiedBy).toEqualTypeOf<string | null>();
    if (isRestatementFinding(f)) expectTypeOf(f.refersTo).toEqualTypeOf<string>();
    if (f.label === 'need.implicit') expectTypeOf(f).toEqualTypeOf<ImplicitNeedFinding>();
    if (f.label === 'restatement') expectTypeOf(f).toEqualTypeOf<RestatementFinding>();
    expectTypeOf(samples.filter(isObjectionFinding)).toEqualTypeOf<ObjectionFinding[]>();
    // Family fields are not on the union: they need a guard first.
    expectTypeOf<Finding>().not.toHaveProperty('objectionType');
    expectTypeOf<Finding>().not.toHaveProperty('identified');
  });

  it('judgements are read from the family that has them', () => {
    expect(judgementOf(objection, 'resolved')).toBe(true);
    expect(judgementOf(need, 'identified')).toBe(false);
    expect(judgementOf(restatement, 'accurate')).toBe(true);
    expect(judgementOf(objection, 'accurate')).toBeUndefined();
    expect(judgementOf(restatement, 'resolved')).toBeUndefined();
  });

  it('a detector whose findings carry more than the base fields builds them from appeals itself', () => {
    for (const l of LABELS) {
      if (!isPlainLabel(l)) expect(detectorOf(l).fromAppeal, l).toBeTypeOf('function');
    }
  });
});
