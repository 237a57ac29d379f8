import { describe, expect, it } from 'vitest';
import { findingId } from '../../pipeline/nlp/finding-id.js';

/**
 * Finding ids are stored (appeals and corrections refer to them): the same call, utterance, label
 * and span must give the id it gave before, whatever the hashing code becomes.
 */
describe('findingId', () => {
  it('gives the ids stored before (exact values)', () => {
    expect(findingId('call-1', 'u1', 'objection.price', [0, 4])).toBe('f-426ee392892390f2');
    expect(findingId('med-story', 'u12', 'question.open', [3, 17])).toBe('f-21180d57eeed0a9c');
    expect(findingId('通话-甲', '第3句', 'need.implicit', [120, 131])).toBe('f-29ff5d90807f62dc');
    expect(findingId('', '', '', [0, 0])).toBe('f-0a62449c620719b4');
  });

  it('changes with each part of the key', () => {
    const base = findingId('call-1', 'u1', 'objection.price', [0, 4]);
    expect(findingId('call-2', 'u1', 'objection.price', [0, 4])).not.toBe(base);
    expect(findingId('call-1', 'u2', 'objection.price', [0, 4])).not.toBe(base);
    expect(findingId('call-1', 'u1', 'objection.trust', [0, 4])).not.toBe(base);
    expect(findingId('call-1', 'u1', 'objection.price', [0, 5])).not.toBe(base);
    // The separators keep parts apart: ('u1', 'x') and ('u', '1x') differ.
    expect(findingId('c', 'u1', 'x', [0, 1])).not.toBe(findingId('c', 'u', '1x', [0, 1]));
  });
});
