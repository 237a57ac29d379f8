import { OBJECTION_ZH } from '../../shared/labels-zh.js';
import type { PreparedUtterance } from './prepare.js';
import type { Finding, ImplicitNeedFinding, ObjectionFinding } from './types.js';

export interface CoachingOpportunity {
  kind: 'missed_need' | 'unhandled_objection';
  findingId: string;
  utteranceId: string;
  quote: string;
  detailZh: string;
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

/**
 * Coaching opportunities with their evidence: implicit needs the rep did not follow up, then
 * objections left without a technique or unresolved (each in detection order).
 */
export function findCoachingOpportunities(
  us: readonly PreparedUtterance[],
  implicitNeeds: readonly ImplicitNeedFinding[],
  objections: readonly ObjectionFinding[],
): CoachingOpportunity[] {
  const byId = new Map(us.map((u) => [u.id, u]));
  const quote = (f: Finding) =>
    byId.get(f.utteranceId)?.text.slice(...spanToUnits(byId.get(f.utteranceId)!.text, f.span)) ?? '';
  const coaching: CoachingOpportunity[] = [];
  for (const f of implicitNeeds) {
    if (f.identified) continue;
    coaching.push({
      kind: 'missed_need',
      findingId: f.id,
      utteranceId: f.utteranceId,
      quote: quote(f),
      detailZh: `客户提到“${f.term}”相关的困难，之后两次发言内未追问或准确复述`,
    });
  }
  for (const o of objections) {
    if (o.techniques.length > 0 && o.resolved) continue;
    coaching.push({
      kind: 'unhandled_objection',
      findingId: o.id,
      utteranceId: o.utteranceId,
      quote: quote(o),
      detailZh:
        o.techniques.length === 0
          ? `${OBJECTION_ZH[o.objectionType]}未使用任何处理技巧（认同、澄清、重构价值、备选方案、证据）`
          : `${OBJECTION_ZH[o.objectionType]}已回应但未化解`,
    });
  }
  return coaching;
}
