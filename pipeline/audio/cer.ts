import { toSimplifiedChinese } from './zh-text.js';

/** Characters that count for CER: letters and digits after simplification (punctuation and spaces dropped). */
export function cerUnits(text: string): string[] {
  return [...toSimplifiedChinese(text).toLowerCase()].filter((c) => /[\p{L}\p{N}]/u.test(c));
}

/** Levenshtein distance between two sequences (substitutions, insertions, deletions cost 1). */
export function editDistance(a: readonly string[], b: readonly string[]): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * Character error rate of a hypothesis against a reference: edits / reference characters, on
 * simplified text without punctuation or spaces (so 資訊 vs 信息 style and punctuation do not count).
 */
export function characterErrorRate(
  reference: string,
  hypothesis: string,
): { edits: number; chars: number; cer: number } {
  const ref = cerUnits(reference);
  const edits = editDistance(ref, cerUnits(hypothesis));
  return { edits, chars: ref.length, cer: ref.length === 0 ? (edits === 0 ? 0 : 1) : edits / ref.length };
}
