/**
 * The team heatmap: per rep, key action and week, how often the action happens, how long it
 * takes and how often the next action follows in the same call.
 */
import type { z } from 'zod';
import { type Counters, KEY_ACTION_NAMES_ZH, KEY_ACTIONS, type KeyAction } from './facts.core.js';
import type { ZHeatmap, ZHeatmapCell } from './team.schema.js';

// The heatmap's JSON is described once, by the team schemas (team.schema.ts).
export type HeatmapCell = z.infer<typeof ZHeatmapCell>;
export type Heatmap = z.infer<typeof ZHeatmap>;

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
