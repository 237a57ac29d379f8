import { describe, expect, it } from 'vitest';
import type { CallFacts } from '../../pipeline/nlp/detector.js';
import { DETECTORS, detectorOf } from '../../pipeline/nlp/detectors.js';
import { LABELS } from '../../pipeline/nlp/types.js';

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
