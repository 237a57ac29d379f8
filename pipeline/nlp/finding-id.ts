/**
 * Stable finding id: the same call, utterance, label and span give the same id in every run and
 * every rescore, whatever the lexicon version (appeals refer to it). Two independent 32-bit
 * FNV-1a hashes over the UTF-16 units make 64 bits: collisions within one call are negligible,
 * and it costs a fraction of a cryptographic hash on the hot path.
 */
export function findingId(
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
