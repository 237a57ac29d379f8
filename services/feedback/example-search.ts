/**
 * The quoted examples of the suggestions of many packs, searched step by step for all reps at
 * once: each step (first suggestion's bad examples, then its good ones, then the second's …) is
 * one statement per depth of search for the whole team, instead of up to three round trips per
 * search and six searches per rep. Every search returns what searching it alone would.
 */
import type { WindowCall } from '../../models/aggregate.repository.js';
import type { ExampleHit, ExampleQuery, FoundExample } from '../../models/feedback.repository.js';
import type { CallExample, Suggestion } from './suggestions.core.js';

/** How examples are found and quoted (the feedback repository). */
export interface ExampleFinder {
  findExamples(queries: readonly ExampleQuery[]): Promise<(ExampleHit | null)[]>;
  quoteExamples(hits: readonly ExampleHit[]): Promise<FoundExample[]>;
}

/**
 * A search looks in the most recent calls first (a recent moment is the better example, and a
 * handful of calls is quick to search), then in more of them, then in the whole window.
 */
const DEPTHS = [24, 120] as const;

/** The calls of a window, to pick the most recent ones of any group of reps without a query. */
export class RecentCalls {
  private readonly newestFirst: readonly WindowCall[];

  constructor(calls: readonly WindowCall[]) {
    this.newestFirst = [...calls].sort((a, b) => a.recency - b.recency);
  }

  /** The ids of the `limit` most recent calls of these reps (newest first). */
  of(repIds: readonly string[], limit: number): string[] {
    const reps = new Set(repIds);
    const out: string[] = [];
    for (const c of this.newestFirst) {
      if (out.length >= limit) break;
      if (reps.has(c.repId)) out.push(c.callId);
    }
    return out;
  }
}

/** Searches (aligned with `queries`): the most recent calls first, deeper only where needed. */
export async function searchExamples(
  queries: readonly ExampleQuery[],
  recent: RecentCalls,
  finder: Pick<ExampleFinder, 'findExamples'>,
): Promise<(ExampleHit | null)[]> {
  const out: (ExampleHit | null)[] = queries.map(() => null);
  let pending = queries.map((_, i) => i);
  for (const limit of DEPTHS) {
    if (pending.length === 0) return out;
    const limited = pending.map((i) => ({ ...queries[i]!, callIds: recent.of(queries[i]!.repIds, limit) }));
    const hits = await finder.findExamples(limited);
    const deeper: number[] = [];
    pending.forEach((i, k) => {
      // Found, or every call was searched already: the answer of this search.
      if (hits[k] || limited[k]!.callIds.length < limit) out[i] = hits[k] ?? null;
      else deeper.push(i);
    });
    pending = deeper;
  }
  if (pending.length > 0) {
    const hits = await finder.findExamples(pending.map((i) => queries[i]!));
    pending.forEach((i, k) => {
      out[i] = hits[k] ?? null;
    });
  }
  return out;
}

/** One pack's side of the search: its suggestions and where their examples may come from. */
export interface ExampleDraft {
  repId: string;
  /** The rep's main industry in the window (examples of it are preferred). */
  industry: string | null;
  /** The top reps other than this rep: where good examples come from. */
  otherTop: readonly string[];
  suggestions: Suggestion[];
}

/** The window every search of a run looks in. */
export interface ExampleWindow {
  fromDay: string;
  toDay: string;
  before: Date;
}

/**
 * Fills each suggestion's bad example (the rep's own call) and good example (a top rep's call,
 * same objection type and industry preferred), no call quoted twice in a pack where avoidable.
 * Suggestions are searched in rank order, bad before good, as each search avoids the calls the
 * earlier ones of its pack quoted.
 */
export async function fillExamples(
  drafts: readonly ExampleDraft[],
  window: ExampleWindow,
  recent: RecentCalls,
  finder: ExampleFinder,
): Promise<void> {
  const quoted = new Map(drafts.map((d) => [d, [] as string[]]));
  const found: { hit: ExampleHit; set: (e: CallExample) => void }[] = [];
  const rounds = Math.max(0, ...drafts.map((d) => d.suggestions.length));
  for (let rank = 0; rank < rounds; rank++) {
    const withSuggestion = drafts.filter((d) => d.suggestions[rank]);
    const bad = await searchExamples(
      withSuggestion.map((d) => ({
        kind: d.suggestions[rank]!.examples.bad,
        repIds: [d.repId],
        ...window,
        prefer: { industry: d.industry },
        avoidCallIds: [...quoted.get(d)!],
      })),
      recent,
      finder,
    );
    const withGood: { d: ExampleDraft; bad: ExampleHit | null }[] = [];
    withSuggestion.forEach((d, k) => {
      const s = d.suggestions[rank]!;
      const hit = bad[k] ?? null;
      s.badExample = null;
      if (hit) {
        quoted.get(d)!.push(hit.callId);
        found.push({
          hit,
          set: (e) => {
            s.badExample = e;
          },
        });
      }
      if (s.examples.good && d.otherTop.length > 0) withGood.push({ d, bad: hit });
    });
    const good = await searchExamples(
      withGood.map(({ d, bad: b }) => ({
        kind: d.suggestions[rank]!.examples.good!,
        repIds: d.otherTop,
        ...window,
        prefer: { label: b?.label ?? null, industry: b?.industry ?? d.industry },
        avoidCallIds: [...quoted.get(d)!],
      })),
      recent,
      finder,
    );
    withGood.forEach(({ d }, k) => {
      const s = d.suggestions[rank]!;
      const hit = good[k] ?? null;
      s.goodExample = null;
      if (hit) {
        quoted.get(d)!.push(hit.callId);
        found.push({
          hit,
          set: (e) => {
            s.goodExample = e;
          },
        });
      }
    });
  }
  const examples = await finder.quoteExamples(found.map((f) => f.hit));
  found.forEach((f, i) => {
    f.set(toExample(examples[i]!));
  });
}

function toExample(e: FoundExample): CallExample {
  return {
    callId: e.callId,
    repId: e.repId,
    repName: e.repName,
    occurredAt: e.occurredAt.toISOString(),
    findingId: e.findingId,
    utterances: e.utterances,
  };
}
