/**
 * The staged example search of a team run, against a finder that answers from a table of where
 * each situation happened: searches start in the most recent calls and go deeper only when
 * nothing was found and more calls remain, every search of a step shares one statement, and each
 * pack avoids the calls its earlier examples quoted.
 */
import { describe, expect, it } from 'vitest';
import type { WindowCall } from '../../models/aggregate.repository.js';
import type {
  ExampleHit,
  ExampleKind,
  ExampleQuery,
  FoundExample,
} from '../../models/feedback.repository.js';
import {
  type ExampleDraft,
  type ExampleFinder,
  fillExamples,
  RecentCalls,
  searchExamples,
} from '../../services/feedback/example-search.js';
import type { Suggestion } from '../../services/feedback/suggestions.core.js';

const WINDOW = { fromDay: '2026-05-03', toDay: '2026-06-01', before: new Date('2026-06-01T00:00:00Z') };

/** `n` calls per rep, newest first by their number (call-<rep>-0 is the newest of the rep). */
function calls(perRep: Record<string, number>): WindowCall[] {
  const out: WindowCall[] = [];
  for (const [repId, n] of Object.entries(perRep)) {
    for (let i = 0; i < n; i++) {
      out.push({
        callId: `call-${repId}-${i}`,
        repId,
        occurredAt: new Date(Date.UTC(2026, 4, 31, 0, 0) - i * 3_600_000),
        revision: 1,
        lexiconVersion: null,
        scorecardVersion: null,
        recency: 0,
      });
    }
  }
  out.sort((a, b) => b.occurredAt.getTime() - a.occurredAt.getTime() || (a.callId < b.callId ? -1 : 1));
  out.forEach((c, i) => {
    c.recency = i + 1;
  });
  return out.reverse();
}

const hit = (callId: string, label: string | null = null): ExampleHit => ({
  callId,
  repId: callId.split('-')[1]!,
  repName: callId.split('-')[1]!,
  occurredAt: new Date('2026-05-31T00:00:00Z'),
  industry: 'retail',
  findingId: label ? `${callId}-f` : null,
  label,
  utteranceId: `${callId}-u1`,
  relatedId: null,
});

/**
 * Answers each query with the first call (in `where[kind]` order) the query may search and does
 * not avoid, as the SQL ranks "avoided last"; records every statement.
 */
function fakeFinder(where: Partial<Record<ExampleKind, string[]>>) {
  const statements: ExampleQuery[][] = [];
  const quoted: ExampleHit[][] = [];
  const finder: ExampleFinder = {
    async findExamples(queries) {
      statements.push([...queries]);
      return queries.map((q) => {
        const found = (where[q.kind] ?? []).filter(
          (id) => q.repIds.includes(id.split('-')[1]!) && (!q.callIds || q.callIds.includes(id)),
        );
        const fresh = found.filter((id) => !q.avoidCallIds?.includes(id));
        const id = fresh[0] ?? found[0];
        return id ? hit(id, q.kind.startsWith('objection') ? 'objection.price' : null) : null;
      });
    },
    async quoteExamples(hits) {
      quoted.push([...hits]);
      return hits.map(
        (h): FoundExample => ({
          ...h,
          utterances: [{ id: h.utteranceId, speaker: 'rep', text: `引用 ${h.callId}` }],
        }),
      );
    },
  };
  return { finder, statements, quoted };
}

const query = (kind: ExampleKind, repIds: string[]): ExampleQuery => ({ kind, repIds, ...WINDOW });

describe('recent calls of any group of reps', () => {
  it('takes the newest calls of the group only, newest first', () => {
    const recent = new RecentCalls(calls({ a: 3, b: 2 }));
    expect(recent.of(['a'], 2)).toEqual(['call-a-0', 'call-a-1']);
    expect(recent.of(['b', 'a'], 3)).toEqual(['call-a-0', 'call-b-0', 'call-a-1']);
    expect(recent.of(['c'], 24)).toEqual([]);
  });
});

describe('searching the examples of many packs at once', () => {
  it('goes deeper only for searches with nothing found and more calls left, one statement per depth', async () => {
    const recent = new RecentCalls(calls({ a: 30, b: 10, c: 130, d: 30 }));
    const { finder, statements } = fakeFinder({
      question_closed: ['call-a-3', 'call-c-125', 'call-d-27'],
    });
    const hits = await searchExamples(
      [
        query('question_closed', ['a']), // found among the 24 newest
        query('question_closed', ['b']), // never: all 10 calls searched at once
        query('question_closed', ['c']), // only in the whole window
        query('question_closed', ['d']), // among the 120 newest, not the 24
      ],
      recent,
      finder,
    );
    expect(hits.map((h) => h?.callId ?? null)).toEqual(['call-a-3', null, 'call-c-125', 'call-d-27']);
    expect(statements.map((s) => s.map((q) => q.repIds[0]))).toEqual([
      ['a', 'b', 'c', 'd'],
      ['c', 'd'],
      ['c'],
    ]);
    expect(statements[0]!.map((q) => q.callIds?.length)).toEqual([24, 10, 24, 24]);
    expect(statements[1]!.map((q) => q.callIds?.length)).toEqual([120, 30]);
    expect(statements[2]![0]!.callIds).toBeUndefined();
  });

  it('fills bad then good examples per rank, each pack avoiding the calls it quoted already', async () => {
    const recent = new RecentCalls(calls({ a: 5, b: 5, top: 5 }));
    const { finder, statements, quoted } = fakeFinder({
      question_closed: ['call-a-0', 'call-b-1'],
      question_open: ['call-top-0', 'call-top-1'],
      objection_unhandled: ['call-a-0', 'call-a-2'],
      objection_handled: ['call-top-0', 'call-top-2'],
    });
    const suggestion = (bad: ExampleKind, good: ExampleKind | null) =>
      ({ examples: { bad, good }, badExample: null, goodExample: null }) as unknown as Suggestion;
    const drafts: ExampleDraft[] = [
      {
        repId: 'a',
        industry: 'retail',
        otherTop: ['top'],
        suggestions: [
          suggestion('question_closed', 'question_open'),
          suggestion('objection_unhandled', 'objection_handled'),
        ],
      },
      { repId: 'b', industry: null, otherTop: ['top'], suggestions: [suggestion('question_closed', null)] },
      {
        repId: 'top',
        industry: 'retail',
        otherTop: [],
        suggestions: [suggestion('question_closed', 'question_open')],
      },
    ];
    await fillExamples(drafts, WINDOW, recent, finder);

    const [a, b, top] = drafts;
    expect(a!.suggestions.map((s) => [s.badExample?.callId, s.goodExample?.callId])).toEqual([
      ['call-a-0', 'call-top-0'],
      // Its first example quoted call-a-0 and call-top-0: the second takes other calls.
      ['call-a-2', 'call-top-2'],
    ]);
    expect(b!.suggestions[0]!.badExample?.callId).toBe('call-b-1');
    expect(b!.suggestions[0]!.goodExample).toBeNull();
    // The top rep has no other top rep to learn from, and quotes nothing of its own here.
    expect(top!.suggestions[0]!.badExample).toBeNull();
    expect(top!.suggestions[0]!.goodExample).toBeNull();
    expect(a!.suggestions[1]!.badExample?.utterances).toEqual([
      { id: 'call-a-2-u1', speaker: 'rep', text: '引用 call-a-2' },
    ]);

    // Rank 1 bad (3 packs), rank 1 good (rep a only), rank 2 bad, rank 2 good: all 5 calls per
    // rep fit in the first depth, so one statement each.
    expect(statements.map((s) => s.map((q) => `${q.kind}:${q.repIds.join('+')}`))).toEqual([
      ['question_closed:a', 'question_closed:b', 'question_closed:top'],
      ['question_open:top'],
      ['objection_unhandled:a'],
      ['objection_handled:top'],
    ]);
    expect(statements[1]![0]).toMatchObject({
      avoidCallIds: ['call-a-0'],
      prefer: { label: null, industry: 'retail' },
    });
    expect(statements[3]![0]).toMatchObject({
      avoidCallIds: ['call-a-0', 'call-top-0', 'call-a-2'],
      prefer: { label: 'objection.price', industry: 'retail' },
    });
    expect(quoted).toHaveLength(1);
    expect(quoted[0]!.map((h) => h.callId)).toEqual([
      'call-a-0',
      'call-b-1',
      'call-top-0',
      'call-a-2',
      'call-top-2',
    ]);
  });
});
