import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findingId } from '../../pipeline/nlp/finding-id.js';
import { LABELS } from '../../pipeline/nlp/types.js';

/** The definition: the key built as a string, hashed, and written with `toString(16)`. */
function reference(
  callId: string,
  utteranceId: string,
  label: string,
  span: readonly [number, number],
): string {
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

  it('agrees with the definition on every utterance of the readable calls, calls interleaved', () => {
    const calls: { id: string; utterances: { id: string; text: string }[] }[] = [];
    // The set-aside and honest calls (tj-*, th-*, tk-*, tm-*, train-*-05) are left out.
    for (const dir of ['tests/fixtures/calls', 'training/calls', 'examples/calls']) {
      const files = readdirSync(dir).filter(
        (f) => f.endsWith('.json') && !f.endsWith('.gold.json') && !/^t[jhkm]-|^train-.*-05/.test(f),
      );
      for (const f of files) {
        const call = JSON.parse(readFileSync(join(dir, f), 'utf8')) as {
          utterances?: { id: string; text: string }[];
        };
        calls.push({ id: f.replace(/\.json$/, ''), utterances: call.utterances ?? [] });
      }
    }
    let checked = 0;
    for (let k = 0; k < calls.length; k++) {
      // Two calls in turn: the kept call state must follow the call id.
      for (const call of [calls[k]!, calls[(k * 7) % calls.length]!]) {
        for (const [i, u] of call.utterances.entries()) {
          const label = LABELS[i % LABELS.length]!;
          const n = [...u.text].length;
          for (const span of [
            [0, n],
            [i % (n + 1), n],
            [n, n + 1000],
          ] as [number, number][]) {
            expect(findingId(call.id, u.id, label, span)).toBe(reference(call.id, u.id, label, span));
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(3000);
  });

  it('agrees with the definition on spans that are not small integers', () => {
    const spans: [number, number][] = [
      [-1, 3],
      [1.5, 2],
      [2 ** 31, 2 ** 31 + 1],
      [2 ** 31 - 1, 1e21],
      [-0, Number.NaN],
      [9, 10],
      [99, 100],
    ];
    for (const span of spans) expect(findingId('c', 'u', 'l', span)).toBe(reference('c', 'u', 'l', span));
  });
});
