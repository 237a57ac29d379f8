/**
 * How the analysis joins the learned second stage to the rules, per label: where no rule fired the
 * model adds a finding at probability `add` and over; where a general marker or pattern fired
 * (never an industry lexicon term) the model vetoes it under `veto`. Trained into the model file
 * (`labels.<label>.join`); a label without an entry keeps the fallback of
 * pipeline/nlp/second-stage.ts (add at the model's threshold, veto under 0.15 × it).
 *
 * The values are chosen by `npx tsx scripts/calibrate-join.ts` with the rule of
 * `chooseJoin`, on out-of-fold analyses of the training calls (industries dealt to 7 folds), and
 * validated on training/candidate-calls; never on the set-aside calls.
 */

/** A label's join thresholds. */
export interface JoinThresholds {
  readonly add: number;
  readonly veto: number;
}

/** Labels whose findings the detectors join with the model (objection any, needs, next step). */
export const JOIN_LABELS = ['objection', 'need.implicit', 'need.explicit', 'next_step'] as const;
export type JoinLabel = (typeof JOIN_LABELS)[number];

/** The calibrated thresholds shipped in the model (see docs/model-card.md). */
export const JOIN_THRESHOLDS: Readonly<Partial<Record<JoinLabel, JoinThresholds>>> = {};

/** The grid a label's join is chosen on, with the pooled F1 of every pair. */
export interface JoinCurve {
  readonly add: readonly number[];
  readonly veto: readonly number[];
  /** f1[a][v]: pooled out-of-fold F1 with add[a] and veto[v]. */
  readonly f1: readonly (readonly number[])[];
}

/** The chosen pair, its F1 and the score the rule ranked it by. */
export interface JoinChoice extends JoinThresholds {
  readonly f1: number;
  readonly score: number;
}

/**
 * The rule, stated before any figure was seen: maximise the pooled out-of-fold F1, averaged with
 * the neighbouring add thresholds (one grid step either side, as far as the grid goes) so that one
 * lucky example does not decide; ties (within 1e-9) go to the higher add threshold (fewer model
 * findings), then to the lower veto threshold (fewer vetoes of the rules).
 */
export function chooseJoin(curve: JoinCurve): JoinChoice {
  const { add, veto, f1 } = curve;
  if (add.length === 0 || veto.length === 0) throw new RangeError('chooseJoin: empty grid');
  if (f1.length !== add.length || f1.some((row) => row.length !== veto.length))
    throw new RangeError('chooseJoin: f1 does not match the grid');
  let best: JoinChoice | undefined;
  for (let a = 0; a < add.length; a++) {
    for (let v = 0; v < veto.length; v++) {
      let sum = 0;
      let n = 0;
      for (let d = -1; d <= 1; d++) {
        const row = f1[a + d];
        if (row) {
          sum += row[v]!;
          n++;
        }
      }
      const score = sum / n;
      const cand = { add: add[a]!, veto: veto[v]!, f1: f1[a]![v]!, score };
      if (
        !best ||
        score > best.score + 1e-9 ||
        (Math.abs(score - best.score) <= 1e-9 &&
          (cand.add > best.add || (cand.add === best.add && cand.veto < best.veto)))
      )
        best = cand;
    }
  }
  return best!;
}
