import type { CompiledLexicon } from '../../lexicons/lexicon.compile.js';
import { documentTerms } from '../../lexicons/lexicon.schema.js';

/** Asks for simplified, punctuated Mandarin: whisper imitates the style of its prompt. */
export const PROMPT_STYLE = '以下是一段普通话销售电话录音，请使用简体中文，并加上标点符号。';

/** Categories whose terms whisper most often mishears (names, brands, product words). */
const HINT_CATEGORIES = ['product', 'competitor', 'feature', 'case', 'need', 'benefit'] as const;

/**
 * The initial prompt: the style sentence plus the industry's top terms as vocabulary hints
 * (taken from each category in turn, highest weight first), at most `maxHintChars` characters of terms so the
 * prompt stays well inside whisper's 224-token prompt window.
 */
export function buildWhisperPrompt(lexicon: CompiledLexicon, maxHintChars = 80): string {
  const overlay = lexicon.documents.find((d) => d.industry === lexicon.industry);
  if (!overlay) return PROMPT_STYLE;
  // Round-robin over the categories (each by weight, then lexicon order), so products,
  // competitors and features all get a few hints before any category gets many.
  const byCategory = HINT_CATEGORIES.map((category) =>
    documentTerms(overlay)
      .map((t, i) => ({ t, i }))
      .filter(({ t }) => t.category === category)
      .sort((a, b) => (b.t.weight ?? 1) - (a.t.weight ?? 1) || a.i - b.i)
      .map(({ t }) => t.term),
  );
  const terms: string[] = [];
  for (let rank = 0; byCategory.some((list) => rank < list.length); rank++) {
    for (const list of byCategory) if (rank < list.length) terms.push(list[rank]!);
  }
  const hints: string[] = [];
  let used = 0;
  for (const term of terms) {
    const len = [...term].length + 1;
    if (used + len > maxHintChars) continue;
    if (hints.includes(term)) continue;
    hints.push(term);
    used += len;
  }
  return hints.length
    ? `${PROMPT_STYLE}本次通话涉及${lexicon.name}，常见词汇：${hints.join('、')}。`
    : PROMPT_STYLE;
}
