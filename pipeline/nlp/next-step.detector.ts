import type { Detector } from './detector.js';
import type { NextStepMatch } from './matches.js';
import { findHeardNextStep, type HeardMarkers } from './next-step.heard.js';
import { NEXT_STEP_RULES } from './next-step.patterns.js';
import { matchRules } from './pattern.js';
import type { PreparedUtterance } from './prepare.js';
import { flatOf, termsOf } from './prepare.js';
import {
  modelAdds,
  modelConfidence,
  modelEvidence,
  modelVerdict,
  modelVetoes,
  round,
} from './second-stage.js';

export type { NextStepMatch } from './matches.js';

/** Sends and visits that already happened (上周五把报价发您了) are no next step. */
const PAST = /(上周|上礼拜|上个月|昨天|前天|已经|刚才|刚刚)[^，。！？,.!?]{0,14}$/;
/** A farewell (谢谢，周四见) only repeats a step agreed before; it proposes nothing. */
const FAREWELL = /谢谢|不客气|不打扰|不麻烦|再见|拜拜/;

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
    if (action.entry.surface === '见' && (FAREWELL.test(u.view) || contentChars(u) <= 10)) continue;
    if (PAST.test(u.view.slice(Math.max(0, action.start - 16), action.start))) continue;
    if (
      /^[^，。！？,.!?]{0,3}了/.test(u.view.slice(action.end, action.end + 4)) &&
      !/^了解/.test(u.view.slice(action.end))
    )
      continue;
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
        term: action.entry.concept,
        hasDate,
        rule: hasDate ? 'next_step.dated' : 'next_step.committed',
      };
    }
  }
  // Structural patterns (next-step.patterns.ts): the rep's own action with a time, a 把-deliverable,
  // a confirmed time, an offer or a trial.
  if (FAREWELL.test(u.view) && contentChars(u) <= 14) return undefined;
  const [hit] = matchRules(flatOf(u), NEXT_STEP_RULES);
  if (!hit) return undefined;
  const hasDate = hit.rule.kind === 'dated' || DATE_PATTERN.test(u.view);
  return {
    utterance: u,
    span: hit.span,
    action: null,
    term: hit.text,
    hasDate,
    rule: hit.rule.id,
  };
}

/** What the detector reads besides the patterns and the lexicon: read by sound as well. */
export const HEARD_MARKERS: HeardMarkers = { date: DATE_PATTERN, guards: [PAST, FAREWELL] };

function contentChars(u: PreparedUtterance): number {
  return u.view.replace(/[\p{P}\s\u2063]/gu, '').length;
}

/** Registry entry: next steps the rep proposes or confirms. */
export const nextStepDetector: Detector<'next_step'> = {
  id: 'next_step',
  labels: ['next_step'],
  reads: [],
  writes: ['nextSteps'],
  detect(ctx) {
    for (const u of ctx.us) {
      if (u.speaker !== 'rep') continue;
      let ns = findNextStep(u);
      const verdict = modelVerdict(ctx, u, 'next_step');
      if (ns && modelVetoes(verdict)) ns = undefined;
      else if (!ns && modelAdds(verdict)) {
        const ev = modelEvidence(ctx, u, 'next_step');
        ns = {
          utterance: u,
          span: ev.span,
          action: null,
          term: ev.term,
          hasDate: DATE_PATTERN.test(u.view),
          rule: 'model.next_step',
          model: {
            confidence: modelConfidence(verdict),
            probability: verdict.probability,
            ngrams: ev.ngrams,
          },
        };
      }
      // Unpunctuated text the rules and the model found nothing in: the markers heard by sound.
      // Published as a finding only: a step heard by sound is weaker evidence than one read, and
      // does not overrule what the later detectors read in the turn (a solution presented).
      const heard = !ns && !modelVetoes(verdict);
      if (heard) ns = findHeardNextStep(u, ctx.deps.lexicon, findNextStep, HEARD_MARKERS);
      if (!ns) continue;
      if (!heard) ctx.facts.nextSteps.set(u.id, ns);
      ctx.add({
        label: 'next_step',
        utteranceId: u.id,
        span: ns.span,
        rule: ns.rule,
        term: ns.term,
        confidence: ns.model?.confidence ?? (ns.hasDate ? 0.9 : 0.75),
        hasDate: ns.hasDate,
        ...(ns.model ? { probability: round(ns.model.probability), modelEvidence: ns.model.ngrams } : {}),
      });
    }
  },
  fromAppeal(_ctx, _u, base) {
    return { ...base, hasDate: DATE_PATTERN.test(base.term ?? '') };
  },
};
