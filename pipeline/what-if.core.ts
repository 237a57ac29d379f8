import { z } from 'zod';
import type { StoredCallResult } from '../models/lexicon-version.repository.js';
import type { CallAnalysis } from './nlp/analyze.core.js';

/** A finding a candidate adds or drops, with where it is in the call as a reader finds it. */
const ZWhatIfFinding = z.object({
  utteranceId: z.string(),
  /**
   * The utterance's position in the call, from 1 (第N句); null when the stored call no longer has
   * it (a finding kept from an earlier transcript): the reader is told so, never shown 第0句.
   */
  utteranceIndex: z.number().int().min(1).nullable(),
  /** When the utterance starts, in ms from the call's start; null like utteranceIndex. */
  startMs: z.number().int().nullable(),
  label: z.string(),
  term: z.string().nullable(),
});

/**
 * What a candidate (a lexicon draft, a retrained model) would change over stored calls: the
 * tally of a what-if, one call at a time, the same for every kind of candidate. The schema
 * describes the API's responses (the web's types are generated from it).
 */
export const ZWhatIfTally = z.object({
  /** Calls compared. */
  calls: z.number().int(),
  callsChanged: z.number().int(),
  scoresChanged: z.number().int(),
  findingsAdded: z.number().int(),
  findingsRemoved: z.number().int(),
  /** Mean change of the total over the compared calls. */
  meanTotalDelta: z.number().describe('mean change of the total over the compared calls'),
  dimensionsChanged: z.record(z.string(), z.number().int()),
  examples: z.array(
    z.object({
      callId: z.string(),
      /** The call as the call list names it: the rep, when, the customer. */
      repName: z.string(),
      occurredAt: z.string().describe('ISO 8601'),
      customer: z.object({ name: z.string().nullable(), company: z.string().nullable() }).nullable(),
      totalBefore: z.number().nullable(),
      totalAfter: z.number().nullable(),
      added: z.array(ZWhatIfFinding.extend({ quote: z.string() })),
      removed: z.array(ZWhatIfFinding),
    }),
  ),
});
export type WhatIfTally = z.infer<typeof ZWhatIfTally>;

/** Examples kept in a report, and findings listed per example. */
const MAX_EXAMPLES = 10;
const MAX_PER_EXAMPLE = 5;

export function emptyTally(): WhatIfTally {
  return {
    calls: 0,
    callsChanged: 0,
    scoresChanged: 0,
    findingsAdded: 0,
    findingsRemoved: 0,
    meanTotalDelta: 0,
    dimensionsChanged: {},
    examples: [],
  };
}

/**
 * Adds one call: its stored result against the candidate's analysis. The running sum of total
 * changes lives in `meanTotalDelta` until `finishTally` turns it into the mean.
 */
export function tallyCall(t: WhatIfTally, stored: StoredCallResult, after: CallAnalysis): void {
  t.calls++;
  const before = new Set(stored.findingIds);
  const now = new Set(after.findings.map((f) => f.id));
  const added = after.findings.filter((f) => !before.has(f.id));
  const removed = stored.findings.filter((f) => !now.has(f.id));
  t.findingsAdded += added.length;
  t.findingsRemoved += removed.length;
  const dims = Object.entries(after.dimensions).filter(([k, v]) => (stored.dimensions[k] ?? null) !== v);
  for (const [k] of dims) t.dimensionsChanged[k] = (t.dimensionsChanged[k] ?? 0) + 1;
  const scoreChanged = stored.total !== after.total || dims.length > 0;
  if (scoreChanged) t.scoresChanged++;
  if ((scoreChanged || added.length > 0 || removed.length > 0) && ++t.callsChanged <= MAX_EXAMPLES) {
    const at = new Map(stored.utterances.map((u, i) => [u.id, { index: i + 1, utterance: u }]));
    const where = (utteranceId: string) => {
      const u = at.get(utteranceId);
      return { utteranceId, utteranceIndex: u?.index ?? null, startMs: u?.utterance.start ?? null };
    };
    t.examples.push({
      callId: stored.id,
      repName: stored.repName,
      occurredAt: stored.occurredAt.toISOString(),
      customer: stored.customer,
      totalBefore: stored.total,
      totalAfter: after.total,
      added: added.slice(0, MAX_PER_EXAMPLE).map((f) => ({
        ...where(f.utteranceId),
        label: f.label,
        term: f.term,
        quote: [...(at.get(f.utteranceId)?.utterance.text ?? '')].slice(f.span[0], f.span[1]).join(''),
      })),
      removed: removed
        .slice(0, MAX_PER_EXAMPLE)
        .map((f) => ({ ...where(f.utteranceId), label: f.label, term: f.term })),
    });
  }
  t.meanTotalDelta += (after.total ?? 0) - (stored.total ?? 0);
}

/** Turns the running sum into the mean change of the total (2 decimals). */
export function finishTally(t: WhatIfTally): WhatIfTally {
  t.meanTotalDelta = t.calls > 0 ? Math.round((t.meanTotalDelta / t.calls) * 100) / 100 : 0;
  return t;
}
