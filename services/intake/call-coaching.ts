import { z } from 'zod';
import type { CallRepository } from '../../models/call.repository.js';
import { ZSpeaker } from '../../models/transcript.js';
import { findCoachingOpportunities } from '../../pipeline/nlp/coaching.js';
import { LABELS } from '../../shared/vocabulary.js';

/**
 * What the coaching reads of a stored call view. Not strict: a view carries much more, and only
 * these fields decide the list (pipeline/nlp/coaching.ts CoachingUtterance and CoachingFinding).
 */
const ZViewForCoaching = z.object({
  call: z.object({ revision: z.number().int() }),
  utterances: z.array(z.object({ id: z.string(), speaker: ZSpeaker, text: z.string() })),
  analysis: z
    .object({
      findings: z.array(
        z.object({
          id: z.string(),
          label: z.enum(LABELS),
          utteranceId: z.string(),
          span: z.tuple([z.number(), z.number()]),
          term: z.string().nullable(),
          identified: z.boolean().optional(),
          techniques: z.array(z.string()).optional(),
          resolved: z.boolean().optional(),
        }),
      ),
    })
    .nullable(),
});

/**
 * Gives a call scored before the coaching list was stored with the analysis its list, computed
 * from its stored view by the analysis' own rule, and stores the view again with it. The view
 * holds the corrected findings and speakers the analysis read, so the list is the one a rescore
 * would store; only the first read of such a call pays for it. Resolves whether a list was stored.
 */
export async function fillMissingCoaching(calls: CallRepository, callId: string): Promise<boolean> {
  const json = await calls.viewJson(callId);
  if (json === null) return false;
  const view = ZViewForCoaching.parse(JSON.parse(json));
  if (!view.analysis) return false;
  const coaching = findCoachingOpportunities(view.utterances, view.analysis.findings);
  return calls.fillCoaching(callId, view.call.revision, coaching);
}
