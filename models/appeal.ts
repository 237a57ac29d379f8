import { z } from 'zod';
import { SPEAKERS } from './schema.js';

/** A span [start, end) in code points of an utterance's text. */
export const ZSpan = z
  .tuple([z.number().int().min(0).max(100_000), z.number().int().min(1).max(100_000)])
  .refine(([a, b]) => b > a, 'span end must be after its start');

const ZLabelName = z.string().regex(/^[a-z_]+(\.[a-z_]+)?$/, 'not a behaviour label');
const ZId = z.string().min(1).max(200);

/**
 * A correction of the machine result, from an accepted appeal. It is applied on top of every
 * later analysis of the call until the machine agrees by itself (then it is absorbed).
 * Findings are named by their stable identity: utterance, label and span (plus the id).
 */
export const ZCorrection = z.discriminatedUnion('kind', [
  /** The finding is wrong: this is not a `label` at all. */
  z.strictObject({
    kind: z.literal('remove'),
    findingId: ZId,
    utteranceId: ZId,
    label: ZLabelName,
    span: ZSpan,
  }),
  /** The finding has the wrong label: it is a `to`. */
  z.strictObject({
    kind: z.literal('relabel'),
    findingId: ZId,
    utteranceId: ZId,
    label: ZLabelName,
    span: ZSpan,
    to: ZLabelName,
  }),
  /** The machine missed a `label` at this span. */
  z.strictObject({ kind: z.literal('add'), utteranceId: ZId, label: ZLabelName, span: ZSpan }),
  /** A judgement on a finding is wrong (restatement accuracy, need identified, objection resolved). */
  z.strictObject({
    kind: z.literal('set'),
    findingId: ZId,
    utteranceId: ZId,
    label: ZLabelName,
    span: ZSpan,
    field: z.enum(['accurate', 'identified', 'resolved']),
    value: z.boolean(),
  }),
  /** A score item's score is disputed: the reviewer's score (0-100) stands. */
  z.strictObject({ kind: z.literal('score'), itemId: ZId, score: z.number().min(0).max(100) }),
  /** The utterance was said by the other party (speaker attribution of mono audio). */
  z.strictObject({ kind: z.literal('speaker'), utteranceId: ZId, speaker: z.enum(SPEAKERS) }),
]);
export type Correction = z.infer<typeof ZCorrection>;

/** A correction in force on a call, with the id of the override row that holds it. */
export type AppliedCorrection = Correction & { overrideId: string };

/** A lexicon change an appeal proposes (becomes a change request once the appeal is accepted). */
export const ZLexiconChange = z.discriminatedUnion('op', [
  z.strictObject({
    op: z.literal('add_term'),
    term: z.string().min(1).max(200),
    category: z.string().min(1).max(60),
    synonyms: z.array(z.string().min(1).max(200)).max(50).optional(),
    weight: z.number().min(0.1).max(5).optional(),
  }),
  z.strictObject({
    op: z.literal('add_synonym'),
    term: z.string().min(1).max(200),
    synonym: z.string().min(1).max(200),
  }),
  z.strictObject({
    op: z.literal('change_term'),
    term: z.string().min(1).max(200),
    category: z.string().min(1).max(60).optional(),
    synonyms: z.array(z.string().min(1).max(200)).max(50).optional(),
    weight: z.number().min(0.1).max(5).optional(),
  }),
  z.strictObject({ op: z.literal('remove_term'), term: z.string().min(1).max(200) }),
]);
export type LexiconChange = z.infer<typeof ZLexiconChange>;

/** What a rep files. Exactly one target; the proposal says what the right result is. */
export const ZFileAppeal = z.discriminatedUnion('target', [
  z.strictObject({
    target: z.literal('finding'),
    findingId: ZId,
    reason: z.string().trim().min(2).max(2000),
    /** The right label, or null: "this is not a finding at all". */
    proposedLabel: ZLabelName.nullable().optional(),
    /** For a judgement (accurate / identified / resolved) instead of the label. */
    proposedField: z
      .strictObject({ field: z.enum(['accurate', 'identified', 'resolved']), value: z.boolean() })
      .optional(),
    lexiconChange: ZLexiconChange.optional(),
  }),
  z.strictObject({
    target: z.literal('missed_finding'),
    utteranceId: ZId,
    span: ZSpan,
    proposedLabel: ZLabelName,
    reason: z.string().trim().min(2).max(2000),
    lexiconChange: ZLexiconChange.optional(),
  }),
  z.strictObject({
    target: z.literal('score_item'),
    itemId: ZId,
    proposedScore: z.number().min(0).max(100),
    reason: z.string().trim().min(2).max(2000),
  }),
  z.strictObject({
    target: z.literal('speaker'),
    utteranceId: ZId,
    proposedSpeaker: z.enum(SPEAKERS),
    reason: z.string().trim().min(2).max(2000),
  }),
]);
export type FileAppeal = z.infer<typeof ZFileAppeal>;

export const ZDecideAppeal = z.strictObject({
  decision: z.enum(['accept', 'reject']),
  note: z.string().trim().min(2, 'a decision needs a note').max(2000),
});
