/**
 * Stable finding id: the same call, utterance, label and span give the same id in every run and
 * every rescore, whatever the lexicon version (appeals refer to it). Two independent 32-bit
 * FNV-1a hashes over the UTF-16 units make 64 bits: collisions within one call are negligible,
 * and it costs a fraction of a cryptographic hash on the hot path.
 *
 * The hashed units are those of `${callId}\0${utteranceId}\0${label}\0${start}-${end}`, fed
 * part by part: building that key string for every finding was most of the cost.
 */
export function findingId(
  callId: string,
  utteranceId: string,
  label: string,
  span: readonly [number, number],
): string {
  const h = state;
  h[0] = 0x811c9dc5;
  h[1] = 0x01000193 ^ 0x5bd1e995;
  feed(h, callId);
  feedUnit(h, 0);
  feed(h, utteranceId);
  feedUnit(h, 0);
  feed(h, label);
  feedUnit(h, 0);
  feed(h, String(span[0]));
  feedUnit(h, 0x2d); // '-'
  feed(h, String(span[1]));
  const h1 = Math.imul(h[0]! ^ (h[0]! >>> 16), 0x85ebca6b) >>> 0;
  const h2 = Math.imul(h[1]! ^ (h[1]! >>> 13), 0xc2b2ae35) >>> 0;
  return `f-${h1.toString(16).padStart(8, '0')}${h2.toString(16).padStart(8, '0')}`;
}

/** The two running hashes (reused: ids are made one at a time). */
const state = new Int32Array(2);

function feed(h: Int32Array, s: string): void {
  let h1 = h[0]!;
  let h2 = h[1]!;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  h[0] = h1;
  h[1] = h2;
}

function feedUnit(h: Int32Array, c: number): void {
  h[0] = Math.imul(h[0]! ^ c, 0x01000193);
  let h2 = Math.imul(h[1]! ^ c, 0x5bd1e995);
  h2 ^= h2 >>> 15;
  h[1] = h2;
}
