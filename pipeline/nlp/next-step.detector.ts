import type { TermOccurrence } from '../../lexicons/lexicon.compile.js';
import type { PreparedUtterance } from './prepare.js';
import { termsOf } from './prepare.js';

export interface NextStepMatch {
  utterance: PreparedUtterance;
  span: [number, number];
  action: TermOccurrence;
  hasDate: boolean;
  rule: string;
}

/** Dates and clock times: 五月十二号, 3号, 十点, 三点半, 周三, 星期五. */
export const DATE_PATTERN =
  /[0-9一二三四五六七八九十两]{1,3}(月[0-9一二三四五六七八九十]{1,3}[号日]|[号日](?![子常])|点半|点钟|点(?![儿子评心]))|(周|星期|礼拜)[一二三四五六日天]/;

/**
 * A rep proposes or confirms a concrete action (visit, demo, quote, proposal, contract, sample,
 * trial account, meeting) — with a date, or with the rep personally committing (我…发您). Vague
 * promises (回头再联系, 有需要再找我) are not next steps (convention 13).
 */
export function findNextStep(u: PreparedUtterance): NextStepMatch | undefined {
  if (u.speaker !== 'rep') return undefined;
  const actions = termsOf(u, 'next_step.action');
  if (actions.length === 0) return undefined;
  // Greetings (下午好) are not times.
  const times = termsOf(u, 'next_step.time').filter((t) => u.view[t.end] !== '好');
  for (const action of actions) {
    const sentence = u.clauses.find((c) => c.start <= action.start && c.end >= action.end)?.sentence;
    const sentenceClauses = u.clauses.filter((c) => c.sentence === sentence);
    const sStart = sentenceClauses[0]?.start ?? 0;
    const sEnd = sentenceClauses[sentenceClauses.length - 1]?.end ?? u.view.length;
    const hasDate =
      times.some((t) => t.start >= sStart && t.end <= sEnd) || DATE_PATTERN.test(u.view.slice(sStart, sEnd));
    // One-character actions (见) only as the last word of a clause: 周三见, not 意见/见过.
    if (action.end - action.start === 1 && !u.clauses.some((c) => c.end === action.end)) continue;
    const clauseStart = u.clauses.find((c) => c.start <= action.start && c.end >= action.end)?.start ?? 0;
    const before = u.view.slice(Math.max(clauseStart, action.start - 14), action.start);
    const personal = /我(?!们)/.test(before) || /^我(?!们)/.test(u.view.slice(clauseStart, action.start));
    if (hasDate || personal) {
      const first = times.find((t) => t.start >= sStart && t.end <= sEnd);
      const start = Math.min(action.start, first?.start ?? action.start);
      return {
        utterance: u,
        span: [start, Math.max(action.end, first?.end ?? action.end)],
        action,
        hasDate,
        rule: hasDate ? 'next_step.dated' : 'next_step.committed',
      };
    }
  }
  return undefined;
}
