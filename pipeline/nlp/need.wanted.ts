import type { PreparedUtterance } from './prepare.js';

/**
 * How far after a want marker (希望, 要求, 最好) its object runs in one clause: 希望 + who + the state
 * wanted (一个班几十台同时用也不掉线). Problem words further on, or in another clause, are told on
 * their own (我们希望…，现在老掉线), which convention 10 counts as a need beside the want.
 */
const WANTED_REACH = 14;

/**
 * True when the evidence of an implicit need at `at` is part of what the customer asks for: after a
 * want marker ending at `wantEnd`, in the same clause and within WANTED_REACH characters of it
 * (要求业务中断不能超过五分钟, 希望以后别再返工). The spec's implicit need is a problem told without
 * asking for anything; the problem word inside the ask describes the state wanted.
 */
export function insideWanted(u: PreparedUtterance, wantEnd: number, at: number): boolean {
  if (at < wantEnd || at - wantEnd > WANTED_REACH) return false;
  if (TURN.test(u.view.slice(wantEnd, at))) return false;
  const clause = u.clauses.find((c) => c.start <= at && c.end > at);
  return clause !== undefined && clause.start < wantEnd;
}

/**
 * Words that end the wanted state and go back to how things are (希望…现在…, 最好…可是…): what
 * follows is told, not asked for, also in text without punctuation.
 */
const TURN = /现在|目前|眼下|但是|可是|因为|结果|不过/;
