/**
 * Stable finding id: the same call, utterance, label and span give the same id in every run and
 * every rescore, whatever the lexicon version (appeals refer to it). Two independent 32-bit
 * FNV-1a hashes over the UTF-16 units make 64 bits: collisions within one call are negligible,
 * and it costs a fraction of a cryptographic hash on the hot path.
 *
 * The hashed key is `${callId}\0${utteranceId}\0${label}\0${span[0]}-${span[1]}`, hashed in place
 * without building it: the state after the call id is kept for the next finding of the same call,
 * and the id's hexadecimal digits are written as character codes (`Number#toString(16)` and
 * `padStart` cost most of the old hashing). tests/unit/finding-id.test.ts pins it to the definition.
 */
export function findingId(
  callId: string,
  utteranceId: string,
  label: string,
  span: readonly [number, number],
): string {
  if (callId !== lastCallId) {
    h1 = 0x811c9dc5;
    h2 = 0x01000193 ^ 0x5bd1e995;
    mixString(callId);
    mix(0);
    callH1 = h1;
    callH2 = h2;
    lastCallId = callId;
  }
  h1 = callH1;
  h2 = callH2;
  mixString(utteranceId);
  mix(0);
  mixString(label);
  mix(0);
  mixNumber(span[0]);
  mix(0x2d); // '-'
  mixNumber(span[1]);
  const a = Math.imul(h1 ^ (h1 >>> 16), 0x85ebca6b) >>> 0;
  const b = Math.imul(h2 ^ (h2 >>> 13), 0xc2b2ae35) >>> 0;
  return String.fromCharCode(
    0x66, // 'f'
    0x2d, // '-'
    hex(a >>> 28),
    hex((a >>> 24) & 15),
    hex((a >>> 20) & 15),
    hex((a >>> 16) & 15),
    hex((a >>> 12) & 15),
    hex((a >>> 8) & 15),
    hex((a >>> 4) & 15),
    hex(a & 15),
    hex(b >>> 28),
    hex((b >>> 24) & 15),
    hex((b >>> 20) & 15),
    hex((b >>> 16) & 15),
    hex((b >>> 12) & 15),
    hex((b >>> 8) & 15),
    hex((b >>> 4) & 15),
    hex(b & 15),
  );
}

/** The running hash state, and the state after the last call id and its separator. */
let h1 = 0;
let h2 = 0;
let lastCallId: string | undefined;
let callH1 = 0;
let callH2 = 0;

function mix(c: number): void {
  h1 = Math.imul(h1 ^ c, 0x01000193);
  h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  h2 ^= h2 >>> 15;
}

function mixString(s: string): void {
  for (let i = 0; i < s.length; i++) mix(s.charCodeAt(i));
}

/** The decimal digits of `n` as `${n}` writes them (small non-negative integers without a string). */
function mixNumber(n: number): void {
  if (n >= 0 && n <= 0x7fffffff && Math.floor(n) === n) {
    if (n >= 10) mixNumber((n / 10) | 0);
    mix(48 + (n % 10));
  } else mixString(`${n}`);
}

/** Lower-case hexadecimal digit of 0…15. */
const hex = (v: number): number => v + (v < 10 ? 48 : 87);
