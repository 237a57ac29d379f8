import { describe, expect, it } from 'vitest';
import { findingId } from '../../pipeline/nlp/finding-id.js';

/** The id as first defined: both hashes over the units of one joined key (ids in stored data). */
function keyedId(callId: string, utteranceId: string, label: string, span: [number, number]): string {
  const key = `${callId}\u0000${utteranceId}\u0000${label}\u0000${span[0]}-${span[1]}`;
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 0x85ebca6b) >>> 0;
  h2 = Math.imul(h2 ^ (h2 >>> 13), 0xc2b2ae35) >>> 0;
  return `f-${h1.toString(16).padStart(8, '0')}${h2.toString(16).padStart(8, '0')}`;
}

describe('findingId', () => {
  const cases: [string, string, string, [number, number]][] = [
    ['call-1', 'u1', 'objection.price', [0, 4]],
    ['med-story', 'u12', 'question.open', [3, 17]],
    ['通话-甲', '第3句', 'need.implicit', [120, 131]],
    ['', '', '', [0, 0]],
  ];
  it.each(cases)('%s %s %s %j keeps the id of the joined key', (callId, utteranceId, label, span) => {
    expect(findingId(callId, utteranceId, label, span)).toBe(keyedId(callId, utteranceId, label, span));
  });

  it('gives the ids stored before (exact values)', () => {
    expect(findingId('call-1', 'u1', 'objection.price', [0, 4])).toBe('f-426ee392892390f2');
    expect(findingId('通话-甲', '第3句', 'need.implicit', [120, 131])).toBe('f-29ff5d90807f62dc');
  });
});
