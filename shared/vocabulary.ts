/**
 * The closed vocabularies both the server and the browser speak: behaviour labels and tags of
 * spec/behaviours.md, score dimensions, roles, call states, retention kinds. Browser-safe: this
 * folder imports nothing (no Node, no package, nothing of ours), so web/ and every server layer
 * may import it. The server's zod schemas are built from these lists; the web reads them as they
 * are.
 */

/** Labels of behaviours.md. */
export const LABELS = [
  'question.open',
  'question.closed',
  'restatement',
  'objection_response',
  'next_step',
  'opening',
  'solution',
  'objection.price',
  'objection.timing',
  'objection.authority',
  'objection.need',
  'objection.competitor',
  'objection.trust',
  'objection.delivery',
  'need.explicit',
  'need.implicit',
  'question',
] as const;
export type Label = (typeof LABELS)[number];

/** Call tags of behaviours.md. */
export const SPEC_TAGS = [
  'price_sensitive',
  'needs_sample',
  'competitor_mentioned',
  'long_decision_chain',
  'delivery_concern',
] as const;
export type SpecTag = (typeof SPEC_TAGS)[number];

/** Objection types of behaviours.md, in the order reports list them. */
export const OBJECTION_TYPES = [
  'price',
  'timing',
  'authority',
  'need',
  'competitor',
  'trust',
  'delivery',
] as const;
export type ObjectionType = (typeof OBJECTION_TYPES)[number];

/** Objection-handling techniques of behaviours.md. */
export const TECHNIQUES = ['acknowledge', 'clarify', 'reframe', 'alternative', 'evidence'] as const;
export type Technique = (typeof TECHNIQUES)[number];

/**
 * Kinds of coaching moment (pipeline/nlp/coaching.ts), in the order a call's list gives them:
 * implicit needs not followed up, objections not handled, needs no solution answered.
 */
export const COACHING_KINDS = ['missed_need', 'unhandled_objection', 'need_without_solution'] as const;
export type CoachingKind = (typeof COACHING_KINDS)[number];

/** Scorecard dimensions, in the order every page and report shows them. */
export const DIMENSIONS = [
  'lead_activation',
  'need_diagnosis',
  'solution_presentation',
  'objection_handling',
  'closing',
] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** Roles a user can hold (any subset, at least one). */
export const ROLES = ['admin', 'manager', 'reviewer', 'lexicon_editor', 'rep'] as const;
export type Role = (typeof ROLES)[number];

/** Call statuses; the allowed moves between them live in models/call.repository.ts. */
export const CALL_STATUSES = [
  'received',
  /** 待确认行业: the industry was inferred with too little confidence; waits for someone to pick. */
  'needs_industry',
  'queued',
  'transcribing',
  'analyzing',
  'scored',
  'rescoring',
  'failed',
] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

/** Where a call's industry came from: named at intake, inferred from its words, or picked by a person. */
export const INDUSTRY_SOURCES = ['given', 'inferred', 'chosen'] as const;
export type IndustrySource = (typeof INDUSTRY_SOURCES)[number];

/** States of a learned second-stage model version. */
export const LEARNED_MODEL_STATUSES = ['draft', 'published', 'discarded'] as const;
export type LearnedModelStatus = (typeof LEARNED_MODEL_STATUSES)[number];

/** The kinds of stored data retention ages out, each with its own window. */
export const RETENTION_KINDS = ['audio', 'transcripts', 'analyses', 'feedback', 'imports', 'audit'] as const;
export type RetentionKind = (typeof RETENTION_KINDS)[number];

/** Days each kind is kept; null = forever. */
export type RetentionPolicy = Record<RetentionKind, number | null>;

/** The defaults (also in README): audio 180 days, words and scores 3 years, audit 5 years. */
export const DEFAULT_RETENTION: RetentionPolicy = {
  audio: 180,
  transcripts: 3 * 365,
  analyses: 3 * 365,
  feedback: 365,
  imports: 90,
  audit: 5 * 365,
};

/** Kinds of lexicon lint findings, in the order reports list them (lexicons/lexicon-lint.ts). */
export const LINT_KINDS = [
  'conflicting-category',
  'duplicate-of-base',
  'inherited-duplicate',
  'brand-ordinary-word',
  'common-word',
  'unexercised',
] as const;
export type LintKind = (typeof LINT_KINDS)[number];
