/**
 * Aggregation facts of one scored call: additive counters, so a rep's day, week or 30-day
 * window is the plain sum of the facts of its calls and a ratio over a period is pooled
 * (Σ numerators / Σ denominators), never a mean of per-call ratios.
 */
import { OBJECTION_TYPES } from '../../lexicons/lexicon.schema.js';
import { DIMENSIONS, SCORE_METRICS } from '../../lexicons/scorecard.schema.js';

/** Counter name → value. Missing names count as 0. */
export type Counters = Record<string, number>;

/** What the facts of a call are computed from: the stored final analysis. */
export interface FactInput {
  industry: string;
  total: number | null;
  dimensions: Readonly<Record<string, number | null>>;
  metrics: Readonly<Record<string, unknown>> | null;
  scoreItems: readonly { metric: string; score: number | null; value: number | null }[];
  /** Findings still counted (corrections applied, suppressed ones left out). */
  findings: readonly {
    label: string;
    utteranceId: string;
    evidence: Readonly<Record<string, unknown>>;
  }[];
  /** Utterances in call order: at least those of the key actions (their timing and order). */
  utterances: readonly { id: string; speaker: string; start: number; end: number }[];
}

/** The five key actions of the team heatmap, in the order of a sales conversation. */
export const KEY_ACTIONS = [
  'opening',
  'need_confirmation',
  'solution',
  'objection_handling',
  'quote_next_step',
] as const;
export type KeyAction = (typeof KEY_ACTIONS)[number];

export const KEY_ACTION_NAMES_ZH: Record<KeyAction, string> = {
  opening: '首次触达',
  need_confirmation: '需求确认',
  solution: '方案演示',
  objection_handling: '异议处理',
  quote_next_step: '报价推进',
};

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function add(c: Counters, key: string, v: number): void {
  if (v !== 0) c[key] = (c[key] ?? 0) + v;
}

/**
 * The counters of one call. Keys: `calls`; `total.sum/n`; `dim.<d>.sum/n`; per score-item
 * metric `item.<m>.ssum/sn` (score 0-100) and `item.<m>.vsum/vn` (raw value); questions `q.*`;
 * restatements `rest.*`; needs `need.*`; objections `obj.*` and per type `obj.<type>.*`;
 * next steps `ns.*`; industries `ind.<industry>`; mechanics `talk.*`, `mono.*`, `dur.sum`; key actions `act.<a>.*`.
 */
export function computeCallFacts(input: FactInput): Counters {
  const c: Counters = { calls: 1, [`ind.${input.industry}`]: 1 };
  if (input.total !== null) {
    add(c, 'total.sum', input.total);
    add(c, 'total.n', 1);
  }
  for (const d of DIMENSIONS) {
    const v = num(input.dimensions[d]);
    if (v === null) continue;
    add(c, `dim.${d}.sum`, v);
    add(c, `dim.${d}.n`, 1);
  }
  const known = new Set<string>(SCORE_METRICS);
  for (const item of input.scoreItems) {
    if (!known.has(item.metric)) continue;
    if (item.score !== null) {
      add(c, `item.${item.metric}.ssum`, item.score);
      add(c, `item.${item.metric}.sn`, 1);
    }
    if (item.value !== null) {
      add(c, `item.${item.metric}.vsum`, item.value);
      add(c, `item.${item.metric}.vn`, 1);
    }
  }

  const byLabel = (label: string) => input.findings.filter((f) => f.label === label);
  const open = byLabel('question.open').length;
  const closed = byLabel('question.closed').length;
  add(c, 'q.rep', open + closed);
  add(c, 'q.open', open);
  add(c, 'q.customer', byLabel('question').length);

  const restatements = byLabel('restatement');
  add(c, 'rest.n', restatements.length);
  add(c, 'rest.accurate', restatements.filter((f) => f.evidence.accurate === true).length);

  const implicit = byLabel('need.implicit');
  add(c, 'need.implicit', implicit.length);
  add(c, 'need.identified', implicit.filter((f) => f.evidence.identified === true).length);
  add(c, 'need.explicit', byLabel('need.explicit').length);

  for (const f of input.findings) {
    if (!f.label.startsWith('objection.')) continue;
    const type = f.label.slice('objection.'.length);
    if (!(OBJECTION_TYPES as readonly string[]).includes(type)) continue;
    const techniques = Array.isArray(f.evidence.techniques) ? (f.evidence.techniques as unknown[]) : [];
    const latency = num(f.evidence.latencyMs);
    for (const prefix of ['obj', `obj.${type}`]) {
      add(c, `${prefix}.n`, 1);
      add(c, `${prefix}.handled`, techniques.length > 0 ? 1 : 0);
      add(c, `${prefix}.resolved`, f.evidence.resolved === true ? 1 : 0);
      add(c, `${prefix}.alt`, techniques.includes('alternative') ? 1 : 0);
      add(c, `${prefix}.clarify`, techniques.includes('clarify') ? 1 : 0);
      if (latency !== null) {
        add(c, `${prefix}.lat.sum`, latency);
        add(c, `${prefix}.lat.n`, 1);
      }
    }
  }

  const nextSteps = byLabel('next_step');
  add(c, 'ns.calls', nextSteps.length > 0 ? 1 : 0);
  add(c, 'ns.dated', nextSteps.some((f) => f.evidence.hasDate === true) ? 1 : 0);
  add(c, 'ns.n', nextSteps.length);

  const m = input.metrics ?? {};
  const talk = num(m.talkRatio);
  if (talk !== null) {
    add(c, 'talk.sum', talk);
    add(c, 'talk.n', 1);
  }
  const mono = num(m.longestMonologueSec);
  if (mono !== null) {
    add(c, 'mono.sum', mono);
    add(c, 'mono.n', 1);
  }
  add(c, 'dur.sum', num(m.durationSec) ?? 0);

  addKeyActions(c, input);
  return roundCounters(c);
}

/** Labels of the findings whose utterances make the key actions (with need.implicit's identifiedBy). */
export const KEY_ACTION_LABELS = [
  'opening',
  'question.open',
  'restatement',
  'solution',
  'objection_response',
  'next_step',
] as const;

/** Rep utterances of each key action (a set of utterance ids per action). */
export function keyActionUtterances(input: Pick<FactInput, 'findings'>): Record<KeyAction, Set<string>> {
  const out = Object.fromEntries(KEY_ACTIONS.map((a) => [a, new Set<string>()])) as Record<
    KeyAction,
    Set<string>
  >;
  for (const f of input.findings) {
    switch (f.label) {
      case 'opening':
        out.opening.add(f.utteranceId);
        break;
      case 'question.open':
      case 'restatement':
        out.need_confirmation.add(f.utteranceId);
        break;
      case 'need.implicit':
        if (typeof f.evidence.identifiedBy === 'string') out.need_confirmation.add(f.evidence.identifiedBy);
        break;
      case 'solution':
        out.solution.add(f.utteranceId);
        break;
      case 'objection_response':
        out.objection_handling.add(f.utteranceId);
        break;
      case 'next_step':
        out.quote_next_step.add(f.utteranceId);
        break;
    }
  }
  return out;
}

/**
 * Key actions: `act.<a>.calls` (the call has it), `.count` (utterances), `.durMs` (their
 * speaking time) and `.conv` (the call has it and the next action follows its first occurrence).
 */
function addKeyActions(c: Counters, input: FactInput): void {
  const order = new Map(input.utterances.map((u, i) => [u.id, i]));
  const duration = new Map(input.utterances.map((u) => [u.id, Math.max(0, u.end - u.start)]));
  const acts = keyActionUtterances(input);
  const first = (a: KeyAction) => {
    let best = Number.POSITIVE_INFINITY;
    for (const id of acts[a]) best = Math.min(best, order.get(id) ?? Number.POSITIVE_INFINITY);
    return best;
  };
  const last = (a: KeyAction) => {
    let best = Number.NEGATIVE_INFINITY;
    for (const id of acts[a]) best = Math.max(best, order.get(id) ?? Number.NEGATIVE_INFINITY);
    return best;
  };
  KEY_ACTIONS.forEach((a, i) => {
    const ids = [...acts[a]].filter((id) => order.has(id));
    if (ids.length === 0) return;
    add(c, `act.${a}.calls`, 1);
    add(c, `act.${a}.count`, ids.length);
    add(
      c,
      `act.${a}.durMs`,
      ids.reduce((s, id) => s + (duration.get(id) ?? 0), 0),
    );
    const next = KEY_ACTIONS[i + 1];
    if (next && acts[next].size > 0 && last(next) > first(a)) add(c, `act.${a}.conv`, 1);
  });
}

/** Sums counters (a period = the sum of its calls or days). */
export function sumCounters(list: Iterable<Readonly<Counters>>): Counters {
  const out: Counters = {};
  for (const c of list) for (const [k, v] of Object.entries(c)) out[k] = (out[k] ?? 0) + v;
  return roundCounters(out);
}

/** Removes float noise from sums (scores have one decimal, ratios four). */
function roundCounters(c: Counters): Counters {
  for (const k of Object.keys(c)) c[k] = Math.round(c[k]! * 1e6) / 1e6;
  return c;
}

/** The industry most calls belong to (ties: alphabetical), from `ind.<industry>` counters. */
export function mainIndustry(c: Readonly<Counters>): string | null {
  let best: string | null = null;
  let most = 0;
  for (const [k, v] of Object.entries(c).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!k.startsWith('ind.') || v <= most) continue;
    best = k.slice(4);
    most = v;
  }
  return best;
}

/** Per customer term of a call: how often it named a need and how often an objection. */
export type ConcernCounts = Record<string, [needs: number, objections: number]>;

/**
 * The need and objection terms of a call's counted findings (implicit needs and objections with
 * a lexicon term), counted per term: summed over a window they give a pack's concern terms
 * without reading the findings again.
 */
export function concernCountsOf(
  findings: readonly { label: string; term?: string | null | undefined }[],
): ConcernCounts {
  const out = new Map<string, [number, number]>();
  for (const f of findings) {
    if (f.term === null || f.term === undefined) continue;
    const need = f.label === 'need.implicit';
    if (!need && !f.label.startsWith('objection.')) continue;
    let counts = out.get(f.term);
    if (!counts) {
      counts = [0, 0];
      out.set(f.term, counts);
    }
    counts[need ? 0 : 1]++;
  }
  // fromEntries makes own properties of every term (even one spelled like an Object member).
  return Object.fromEntries(out);
}
