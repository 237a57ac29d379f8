/**
 * The string of the first `length` UTF-16 units of `buf`, built 4,096 units at a time (one
 * `String.fromCharCode` call per slice: fast, and within the engine's argument limit).
 */
export function stringOfUnits(buf: Uint16Array, length: number): string {
  let out = '';
  for (let at = 0; at < length; at += 4096) {
    out += String.fromCharCode.apply(
      null,
      buf.subarray(at, Math.min(length, at + 4096)) as unknown as number[],
    );
  }
  return out;
}
