/**
 * The team heatmap: per rep, key action and week, how often the action happens, how long it
 * takes and how often the next action follows in the same call.
 */
import { type Counters, KEY_ACTION_NAMES_ZH, KEY_ACTIONS, type KeyAction } from './facts.core.js';

export interface HeatmapCell {
  week: string;
  action: KeyAction;
  /** Calls of the rep in the week. */
  calls: number;
  /** Share of those calls with the action. */
  reach: number | null;
  /** Utterances of the action per call. */
  frequency: number | null;
  /** Mean speaking time of one utterance of the action, seconds. */
  avgDurationSec: number | null;
  /** Of the calls with the action, the share where the next action follows (null for the last action). */
  conversion: number | null;
}

export interface Heatmap {
  weeks: { week: string; from: string; to: string }[];
  actions: { id: KeyAction; nameZh: string }[];
  reps: { repId: string; name: string; cells: HeatmapCell[] }[];
}

const r = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

export function heatmapCell(week: string, action: KeyAction, c: Readonly<Counters>): HeatmapCell {
  const g = (k: string) => c[k] ?? 0;
  const calls = g('calls');
  const withAction = g(`act.${action}.calls`);
  const count = g(`act.${action}.count`);
  const last = KEY_ACTIONS[KEY_ACTIONS.length - 1] === action;
  return {
    week,
    action,
    calls,
    reach: calls > 0 ? r(withAction / calls, 4) : null,
    frequency: calls > 0 ? r(count / calls, 2) : null,
    avgDurationSec: count > 0 ? r(g(`act.${action}.durMs`) / count / 1000, 1) : null,
    conversion: last || withAction === 0 ? null : r(g(`act.${action}.conv`) / withAction, 4),
  };
}

export function buildHeatmap(
  weeks: readonly { week: string; from: string; to: string }[],
  reps: readonly { repId: string; name: string; byWeek: ReadonlyMap<string, Readonly<Counters>> }[],
): Heatmap {
  return {
    weeks: [...weeks],
    actions: KEY_ACTIONS.map((id) => ({ id, nameZh: KEY_ACTION_NAMES_ZH[id] })),
    reps: reps.map((rep) => ({
      repId: rep.repId,
      name: rep.name,
      cells: weeks.flatMap((w) =>
        KEY_ACTIONS.map((a) => heatmapCell(w.week, a, rep.byWeek.get(w.week) ?? {})),
      ),
    })),
  };
}
