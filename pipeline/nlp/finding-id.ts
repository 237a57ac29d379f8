import { createHash } from 'node:crypto';

/**
 * Stable finding id: the same call, utterance, label and span give the same id in every run and
 * every rescore, whatever the lexicon version (appeals refer to it).
 */
export function findingId(
  callId: string,
  utteranceId: string,
  label: string,
  span: readonly [number, number],
): string {
  const h = createHash('sha256').update(
    `${callId}\u0000${utteranceId}\u0000${label}\u0000${span[0]}-${span[1]}`,
  );
  return `f-${h.digest('hex').slice(0, 16)}`;
}
