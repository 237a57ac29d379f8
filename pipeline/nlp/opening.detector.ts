import type { Detector } from './detector.js';
import type { PreparedUtterance } from './prepare.js';
import { termsOf } from './prepare.js';
import type { OpeningComponent } from './types.js';

export type { OpeningComponent } from './types.js';

export interface OpeningMatch {
  utterance: PreparedUtterance;
  span: [number, number];
  components: OpeningComponent[];
  term: string;
}

/** 我艺博教育的小雷 / 我普济医疗小袁: a self-introduction without 我是. */
const INTRO_PATTERN =
  /我[\p{Script=Han}A-Za-z]{2,10}?的?(小[\p{Script=Han}]|[\p{Script=Han}]{1,2}(经理|总监|顾问|工程师|主管|专员))/u;
/** How far into the call an opening may come. */
const OPENING_WINDOW_MS = 120_000;

/**
 * Opening: self-introduction, purpose of the call, asking permission. Judged on the rep's first
 * two utterances in the first two minutes; the first of them with any component is labelled.
 */
export function findOpening(utterances: readonly PreparedUtterance[]): OpeningMatch | undefined {
  const reps = utterances
    .filter((u) => u.speaker === 'rep' && u.start - (utterances[0]?.start ?? 0) <= OPENING_WINDOW_MS)
    .slice(0, 2);
  let labelled: OpeningMatch | undefined;
  const components = new Set<OpeningComponent>();
  for (const u of reps) {
    const found: { c: OpeningComponent; start: number; end: number; term: string }[] = [];
    const intro = termsOf(u, 'opening.intro')[0];
    const introMatch = INTRO_PATTERN.exec(u.view);
    if (intro) found.push({ c: 'intro', start: intro.start, end: intro.end, term: intro.entry.concept });
    else if (introMatch)
      found.push({
        c: 'intro',
        start: introMatch.index,
        end: introMatch.index + introMatch[0].length,
        term: '我…的',
      });
    const purpose = termsOf(u, 'opening.purpose')[0];
    if (purpose)
      found.push({ c: 'purpose', start: purpose.start, end: purpose.end, term: purpose.entry.concept });
    const permission = termsOf(u, 'opening.permission')[0];
    if (permission)
      found.push({
        c: 'permission',
        start: permission.start,
        end: permission.end,
        term: permission.entry.concept,
      });
    if (found.length === 0) continue;
    for (const f of found) components.add(f.c);
    if (!labelled) {
      labelled = {
        utterance: u,
        span: [Math.min(...found.map((f) => f.start)), Math.max(...found.map((f) => f.end))],
        components: [],
        term: found[0]!.term,
      };
    }
  }
  if (labelled)
    labelled.components = (['intro', 'purpose', 'permission'] as const).filter((c) => components.has(c));
  return labelled;
}

/** Registry entry: the opening of the call (one finding at most). */
export const openingDetector: Detector<'opening'> = {
  id: 'opening',
  labels: ['opening'],
  reads: [],
  writes: ['opening'],
  detect(ctx) {
    const opening = findOpening(ctx.us);
    if (!opening) return;
    ctx.facts.opening = ctx.add({
      label: 'opening',
      utteranceId: opening.utterance.id,
      span: opening.span,
      rule: `opening.${opening.components.join('+')}`,
      term: opening.term,
      confidence: 0.6 + 0.1 * opening.components.length,
      components: opening.components,
    });
  },
  fromAppeal(_ctx, u, base) {
    const components = (['intro', 'purpose', 'permission'] as const).filter(
      (c) => termsOf(u, `opening.${c}`).length > 0,
    );
    return { ...base, components };
  },
};
