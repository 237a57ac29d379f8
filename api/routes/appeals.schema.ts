import { z } from 'zod';
import { ZCorrection, ZLexiconChange } from '../../models/appeal.js';
import type { Appeal, CallOverride } from '../../models/appeal.repository.js';
import { APPEAL_STATUSES, APPEAL_TARGETS, OVERRIDE_STATUSES } from '../../models/schema.js';

/**
 * The bodies of the appeal routes as the server sends them: an appeal as AppealService.present()
 * returns it, with its dates as ISO strings. The OpenAPI document names them, shared/api-types.gen.ts
 * is generated from it and the web (review queue, a call's appeals, the appeal form) takes its
 * appeal type from there. appealView() is typed by these schemas, so the compiler checks the
 * server against them; tests/api/appeal-shapes.api.test.ts parses real answers with them
 * (objects strict: a field the server adds must be added here).
 */

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

const ZScores = z.strictObject({
  total: z.number().nullable(),
  /** 0-100 per dimension, null where no item applies. */
  dimensions: z.record(z.string(), z.number().nullable()),
});

/** What the appeal proposes: the correction it applies once accepted, and a lexicon change for the editors. */
export const ZAppealProposal = z.strictObject({
  correction: ZCorrection,
  lexiconChange: ZLexiconChange.optional(),
});

/** The scores when the appeal was filed, and what they would be with it accepted. */
export const ZAppealScores = z.strictObject({
  now: ZScores,
  ifAccepted: ZScores,
  /** The lexicon version the preview was analysed with. */
  lexiconVersion: z.string(),
});

/** The correction an accepted appeal put in force on its call (models/schema.ts callOverrides). */
export const ZAppealOverride = z.strictObject({
  id: z.string(),
  callId: z.string(),
  appealId: z.string(),
  correction: ZCorrection,
  status: z.enum(OVERRIDE_STATUSES),
  /** Still disagreeing with the machine after a rescore on a newer lexicon: the reviewer should look. */
  flagged: z.boolean(),
  flagNote: z.string().nullable(),
  createdAt: z.string(),
  absorbedAt: z.string().nullable(),
  absorbedLexiconVersion: z.string().nullable(),
});

/** One appeal with its SLA state and (once accepted) the correction in force. */
export const ZAppeal = z.strictObject({
  id: z.string(),
  callId: z.string(),
  /** The call's rep, team and industry at filing. */
  repId: z.string(),
  teamId: z.string().nullable(),
  industry: z.string(),
  target: z.enum(APPEAL_TARGETS),
  /** Identity of the disputed item within the call: one live appeal per item. */
  itemKey: z.string(),
  findingId: z.string().nullable(),
  scoreItemId: z.string().nullable(),
  /** The disputed sentence's id: shown to users only on hover. */
  utteranceId: z.string().nullable(),
  /** Where that sentence is in the call now, from 1 (第N句); null without one or once it is gone. */
  utteranceIndex: z.number().int().nullable(),
  /** When that sentence starts, in ms from the call's start; null like utteranceIndex. */
  utteranceStartMs: z.number().int().nullable(),
  spanStart: z.number().nullable(),
  spanEnd: z.number().nullable(),
  /** The machine's label (finding) or the label the rep says is missing. */
  label: z.string().nullable(),
  rule: z.string().nullable(),
  term: z.string().nullable(),
  lexiconVersion: z.string().nullable(),
  /** The evidence quoted from the transcript. */
  quote: z.string(),
  reason: z.string(),
  proposal: ZAppealProposal,
  /** Null only for an appeal stored without a preview. */
  preview: ZAppealScores.nullable(),
  status: z.enum(APPEAL_STATUSES),
  reviewerId: z.string().nullable(),
  filedBy: z.string(),
  filedAt: z.string(),
  dueAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  escalatedAt: z.string().nullable(),
  updatedAt: z.string(),
  /** A live appeal past its due time. */
  overdue: z.boolean(),
  /** Seconds to the due time (negative once overdue); null once decided or withdrawn. */
  secondsLeft: z.number().nullable(),
  override: ZAppealOverride.nullable(),
});
export type AppealView = z.infer<typeof ZAppeal>;

/** One appeal: filed (201), read, withdrawn, assigned, in review, decided. */
export const ZAppealEnvelope = z.strictObject({ appeal: ZAppeal });

/** `GET /v1/appeals`: a page ordered by due time, and the cursor of the next one (null at the end). */
export const ZAppealListPage = z.strictObject({ items: z.array(ZAppeal), nextCursor: z.string().nullable() });

/** An appeal row as AppealService.present() returns it. */
export type PresentedAppeal = Appeal & {
  utteranceIndex: number | null;
  utteranceStartMs: number | null;
  overdue: boolean;
  secondsLeft: number | null;
  override: CallOverride | null;
};

// Both views name every field instead of spreading the row: a column added to the table reaches
// the answer only when it is added here and to the schema.

function overrideView(o: CallOverride): z.infer<typeof ZAppealOverride> {
  return {
    id: o.id,
    callId: o.callId,
    appealId: o.appealId,
    // jsonb columns: written by the appeal service from a parsed ZCorrection.
    correction: o.correction as z.infer<typeof ZCorrection>,
    status: o.status,
    flagged: o.flagged,
    flagNote: o.flagNote,
    createdAt: iso(o.createdAt),
    absorbedAt: isoOrNull(o.absorbedAt),
    absorbedLexiconVersion: o.absorbedLexiconVersion,
  };
}

/** The appeal as the API sends it. */
export function appealView(a: PresentedAppeal): AppealView {
  return {
    id: a.id,
    callId: a.callId,
    repId: a.repId,
    teamId: a.teamId,
    industry: a.industry,
    target: a.target,
    itemKey: a.itemKey,
    findingId: a.findingId,
    scoreItemId: a.scoreItemId,
    utteranceId: a.utteranceId,
    utteranceIndex: a.utteranceIndex,
    utteranceStartMs: a.utteranceStartMs,
    spanStart: a.spanStart,
    spanEnd: a.spanEnd,
    label: a.label,
    rule: a.rule,
    term: a.term,
    lexiconVersion: a.lexiconVersion,
    quote: a.quote,
    reason: a.reason,
    // jsonb columns: the appeal service writes them from parsed values (see AppealService.file).
    proposal: a.proposal as z.infer<typeof ZAppealProposal>,
    preview: a.preview as z.infer<typeof ZAppealScores> | null,
    status: a.status,
    reviewerId: a.reviewerId,
    filedBy: a.filedBy,
    filedAt: iso(a.filedAt),
    dueAt: iso(a.dueAt),
    decidedBy: a.decidedBy,
    decidedAt: isoOrNull(a.decidedAt),
    decisionNote: a.decisionNote,
    escalatedAt: isoOrNull(a.escalatedAt),
    updatedAt: iso(a.updatedAt),
    overdue: a.overdue,
    secondsLeft: a.secondsLeft,
    override: a.override ? overrideView(a.override) : null,
  };
}
