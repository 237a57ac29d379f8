import { z } from 'zod';
import type { Speaker } from '../../models/transcript.js';
import { LABEL_ZH } from '../../shared/labels-zh.js';
import { LINK_WINDOW, solutionFollows } from '../../shared/need-solution-link.js';
import { COACHING_KINDS, type Label } from '../../shared/vocabulary.js';

/**
 * One coaching moment of a call with its evidence: the server computes the list once, with the
 * analysis, and the call view carries it (api/routes/calls.schema.ts ZCallAnalysis.coaching); the
 * web only draws it.
 */
export const ZCoachingOpportunity = z.strictObject({
  kind: z.enum(COACHING_KINDS),
  /** The finding the advice is about (a need or an objection). */
  findingId: z.string(),
  utteranceId: z.string(),
  /** The text the finding covers, as the customer said it. */
  quote: z.string(),
  /** What went wrong, in the words the rep reads. */
  detailZh: z.string(),
});
export type CoachingOpportunity = z.infer<typeof ZCoachingOpportunity>;

/** What the coaching reads of an utterance: the analysis' own and the stored call view's both fit. */
export interface CoachingUtterance {
  readonly id: string;
  readonly speaker: Speaker;
  readonly text: string;
}

/** What the coaching reads of a finding: the analysis' own and the stored call view's both fit. */
export interface CoachingFinding {
  readonly id: string;
  readonly label: Label;
  readonly utteranceId: string;
  /** [start, end) in code points. */
  readonly span: readonly [number, number];
  readonly term: string | null;
  /** need.implicit: followed up (asked about or restated) within two utterances. */
  readonly identified?: boolean | undefined;
  /** objection.*: the techniques of the rep's response, and whether the objection was resolved. */
  readonly techniques?: readonly string[] | undefined;
  readonly resolved?: boolean | undefined;
}

/** Converts a code-point span to UTF-16 indexes of `text` (emoji are two units). */
export function spanToUnits(text: string, span: readonly [number, number]): [number, number] {
  let cp = 0;
  let a = -1;
  let i = 0;
  for (; i < text.length; ) {
    if (cp === span[0]) a = i;
    if (cp === span[1]) return [a < 0 ? i : a, i];
    const c = text.codePointAt(i) ?? 0;
    i += c > 0xffff ? 2 : 1;
    cp++;
  }
  return [a < 0 ? i : a, i];
}

const isNeed = (f: CoachingFinding) => f.label === 'need.implicit' || f.label === 'need.explicit';

/** The advice on one finding, or null when the finding needs none. */
function adviceOn(
  f: CoachingFinding,
  quote: string,
  answered: (f: CoachingFinding) => boolean,
): Pick<CoachingOpportunity, 'kind' | 'detailZh'> | null {
  if (f.label === 'need.implicit' && f.identified === false) {
    return {
      kind: 'missed_need',
      detailZh: `客户提到“${f.term ?? quote}”相关的困难，之后两次发言内未追问或准确复述`,
    };
  }
  if (f.label.startsWith('objection.')) {
    const techniques = f.techniques?.length ?? 0;
    if (techniques > 0 && f.resolved) return null;
    return {
      kind: 'unhandled_objection',
      detailZh:
        techniques === 0
          ? `${LABEL_ZH[f.label]}未使用任何处理技巧（认同、澄清、重构价值、备选方案、证据）`
          : `${LABEL_ZH[f.label]}已回应但未化解`,
    };
  }
  if (isNeed(f) && !answered(f)) {
    return {
      kind: 'need_without_solution',
      detailZh: `客户提到“${f.term ?? quote}”，之后 ${LINK_WINDOW} 次销售发言内没有给出对应的产品、功能、价值或案例`,
    };
  }
  return null;
}

/**
 * A call's coaching moments: implicit needs the rep did not follow up, then objections left
 * without a technique or unresolved, then needs (explicit or implicit, a need found by an accepted
 * appeal included) that no solution answered within LINK_WINDOW rep utterances, the complement of
 * the 需求与方案关联 score item. Each kind in the order of `findings` (reading order); a missed
 * implicit need is listed once, as missed.
 */
export function findCoachingOpportunities(
  utterances: readonly CoachingUtterance[],
  findings: readonly CoachingFinding[],
): CoachingOpportunity[] {
  const byId = new Map(utterances.map((u) => [u.id, u]));
  const quoteOf = (f: CoachingFinding) => {
    const text = byId.get(f.utteranceId)?.text ?? '';
    return text.slice(...spanToUnits(text, f.span));
  };
  const solutionAt = new Set(findings.filter((f) => f.label === 'solution').map((f) => f.utteranceId));
  const answered = (f: CoachingFinding) => solutionFollows(f.utteranceId, solutionAt, utterances);
  const out: CoachingOpportunity[] = [];
  for (const f of findings) {
    const quote = quoteOf(f);
    const advice = adviceOn(f, quote, answered);
    if (advice)
      out.push({
        kind: advice.kind,
        findingId: f.id,
        utteranceId: f.utteranceId,
        quote,
        detailZh: advice.detailZh,
      });
  }
  return COACHING_KINDS.flatMap((k) => out.filter((c) => c.kind === k));
}
