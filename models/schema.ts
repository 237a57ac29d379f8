/**
 * Drizzle schema of the service database, the one source for `drizzle-kit generate`. It imports
 * nothing but drizzle and shared/ (plain lists) so drizzle-kit can load it on its own. Migrations
 * in `models/migrations/` are generated from it and never edited once landed: change this file, then run
 * `npx drizzle-kit generate --name <what_changed>`.
 */
import { type SQL, sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  customType,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import {
  CALL_STATUSES,
  type CallStatus,
  INDUSTRY_SOURCES,
  type IndustrySource,
  LEARNED_MODEL_STATUSES,
  type LearnedModelStatus,
  ROLES,
  type Role,
} from '../shared/vocabulary.js';

/** Roles, call statuses, industry sources: one list for the server and the web (shared/vocabulary.ts). */
export { CALL_STATUSES, type CallStatus, INDUSTRY_SOURCES, type IndustrySource, ROLES, type Role };

export const CALL_SOURCES = ['audio', 'transcript'] as const;
export type CallSource = (typeof CALL_SOURCES)[number];

export const SPEAKERS = ['rep', 'customer'] as const;

/** The stored recording of an audio call (content-addressed under the audio folder). */
export interface CallAudio {
  /** sha256 hex of the uploaded bytes: the file name under the audio folder. */
  sha256: string;
  /** Path relative to the audio folder (never a client-supplied name). */
  path: string;
  /** Container/codec detected from the content (wav, mp3, m4a, amr, ogg, flac, silk). */
  format: string;
  bytes: number;
  durationMs: number | null;
  channels: number | null;
  sampleRate: number | null;
  /** Role of each channel for stereo recordings, e.g. { left: 'rep', right: 'customer' }. */
  channelMap: Record<string, 'rep' | 'customer'> | null;
  /** Transcription details once done (model, threads, timings). */
  transcription?: Record<string, unknown>;
}

/** `'a', 'b'` for a CHECK constraint; the lists are constants of this file, never user input. */
function sqlList(values: readonly string[]): SQL {
  return sql.raw(values.map((v) => `'${v}'`).join(', '));
}

/**
 * Bytes (PostgreSQL `bytea`). node-postgres reads them as a Buffer, PGlite as a Uint8Array:
 * both come back as a Buffer viewing the same memory (no copy).
 */
const bytea = customType<{ data: Buffer; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) =>
    Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength),
});

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();

export const teams = pgTable('teams', {
  id: text('id').primaryKey(),
  name: text('name').notNull().unique(),
  /** Hours a reviewer has to decide an appeal of this team's calls. */
  appealSlaHours: integer('appeal_sla_hours').notNull().default(48),
  createdAt: createdAt(),
});

export const users = pgTable(
  'users',
  {
    id: text('id').primaryKey(),
    externalId: text('external_id').unique(),
    name: text('name').notNull(),
    roles: text('roles').array().$type<Role[]>().notNull(),
    /** Current team; history in `user_team_history`, the team of each call on the call. */
    teamId: text('team_id').references(() => teams.id),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [
    check(
      'users_roles_check',
      sql`cardinality(${t.roles}) > 0 AND ${t.roles} <@ ARRAY[${sqlList(ROLES)}]::text[]`,
    ),
    index('users_team_idx').on(t.teamId),
  ],
);

/** Which team a user belonged to when; `to_at` null = current. */
export const userTeamHistory = pgTable(
  'user_team_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    teamId: text('team_id')
      .notNull()
      .references(() => teams.id),
    fromAt: timestamp('from_at', { withTimezone: true, mode: 'date' }).notNull(),
    toAt: timestamp('to_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    index('user_team_history_user_idx').on(t.userId, t.fromAt),
    uniqueIndex('user_team_history_current_idx').on(t.userId).where(sql`${t.toAt} IS NULL`),
  ],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** sha256 hex of the bearer token; the plaintext is shown once and never stored. */
    tokenHash: text('token_hash').notNull().unique(),
    label: text('label'),
    createdAt: createdAt(),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [index('api_tokens_user_idx').on(t.userId)],
);

export const calls = pgTable(
  'calls',
  {
    id: text('id').primaryKey(),
    externalId: text('external_id').unique(),
    repId: text('rep_id')
      .notNull()
      .references(() => users.id),
    /** The rep's team when the call was made: a later move of the rep leaves it here. */
    teamId: text('team_id').references(() => teams.id),
    customer: jsonb('customer').$type<Record<string, unknown>>(),
    /** When `industrySource` is not `given`, the best candidate until someone picks. */
    industry: text('industry').notNull(),
    /** given (in the input), inferred (from lexicon evidence) or chosen (picked or corrected by a person). */
    industrySource: text('industry_source').$type<IndustrySource>().notNull().default('given'),
    /** The inference: confidence, margin over the runner-up, candidates with their evidence. */
    industryInference: jsonb('industry_inference').$type<Record<string, unknown>>(),
    /**
     * What the last rescore changed, item by item with the reason in words (pipeline/report/
     * score-diff.core.ts ScoreChange); null until a call is scored a second time.
     */
    lastChange: jsonb('last_change').$type<Record<string, unknown>>(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' }).notNull(),
    source: text('source').$type<CallSource>().notNull(),
    status: text('status').$type<CallStatus>().notNull().default('received'),
    failureReason: text('failure_reason'),
    /** Processing generation: +1 each time the call leaves a terminal state (rescore, retry). */
    revision: integer('revision').notNull().default(1),
    lexiconVersion: text('lexicon_version'),
    scorecardVersion: text('scorecard_version'),
    /** The learned second stage the analysis ran with (`second-stage@<seq>+<hash>`), null without one. */
    secondStageVersion: text('second_stage_version'),
    inputChecksum: text('input_checksum').notNull(),
    /** Audio calls: the stored recording and how it was transcribed. */
    audio: jsonb('audio').$type<CallAudio>(),
    /** Percent done of the running stage (transcription reports it), null when idle. */
    progress: integer('progress'),
    /** Final score: the machine result with accepted appeal corrections applied. */
    total: doublePrecision('total'),
    /** The machine's own total and dimensions (before corrections); equal to the final when none apply. */
    machineTotal: doublePrecision('machine_total'),
    machineDimensions: jsonb('machine_dimensions').$type<Record<string, number | null>>(),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    metrics: jsonb('metrics').$type<Record<string, unknown>>(),
    /**
     * The analysis' coaching moments (pipeline/nlp/coaching.ts CoachingOpportunity[]), stored with
     * it for the call view. Null before the call is scored, and for analyses stored before the
     * list was kept: the first read of such a call computes and stores it (services/intake/
     * call-coaching.ts).
     */
    coaching: jsonb('coaching').$type<readonly object[]>(),
    /** jieba words of the transcript joined by spaces: Chinese keyword search via tsvector('simple'). */
    searchText: text('search_text').notNull().default(''),
    /** The API's call view as JSON text, written with the analysis; null when stale (rebuilt on read). */
    viewJson: text('view_json'),
    /**
     * The stored view as sent (models/stored-view.ts): the sha1 of view_json's UTF-8 bytes (its
     * strong ETag) and its br and gzip copies, made once after the analysis is stored and sent as
     * they are by GET /v1/calls/:id. Null until made (then made on the first read); always null
     * without view_json (calls_view_copies_check), so nulling the view drops its copies too.
     */
    viewEtag: text('view_etag'),
    viewBr: bytea('view_br'),
    viewGzip: bytea('view_gzip'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    index('calls_search_idx').using('gin', sql`to_tsvector('simple', ${t.searchText})`),
    check('calls_source_check', sql`${t.source} IN (${sqlList(CALL_SOURCES)})`),
    check('calls_status_check', sql`${t.status} IN (${sqlList(CALL_STATUSES)})`),
    check('calls_industry_source_check', sql`${t.industrySource} IN (${sqlList(INDUSTRY_SOURCES)})`),
    check('calls_revision_check', sql`${t.revision} >= 1`),
    check(
      'calls_view_copies_check',
      sql`${t.viewJson} IS NOT NULL OR (${t.viewEtag} IS NULL AND ${t.viewBr} IS NULL AND ${t.viewGzip} IS NULL)`,
    ),
    index('calls_rep_occurred_idx').on(t.repId, t.occurredAt),
    index('calls_team_occurred_idx').on(t.teamId, t.occurredAt),
    index('calls_occurred_idx').on(t.occurredAt),
    index('calls_total_idx').on(t.total),
    index('calls_industry_idx').on(t.industry),
    index('calls_status_idx').on(t.status),
    index('calls_tags_idx').using('gin', t.tags),
    // Without an external id, the content checksum is the idempotency key (same content = same call).
    uniqueIndex('calls_checksum_no_external_idx').on(t.inputChecksum).where(sql`${t.externalId} IS NULL`),
  ],
);

export const utterances = pgTable(
  'utterances',
  {
    callId: text('call_id')
      .notNull()
      .references(() => calls.id, { onDelete: 'cascade' }),
    id: text('id').notNull(),
    idx: integer('idx').notNull(),
    speaker: text('speaker').$type<(typeof SPEAKERS)[number]>().notNull(),
    startMs: integer('start_ms').notNull(),
    endMs: integer('end_ms').notNull(),
    text: text('text').notNull(),
    /** Confidence of the speaker attribution (mono audio assigns roles from the text); null = given. */
    speakerConfidence: doublePrecision('speaker_confidence'),
  },
  (t) => [
    primaryKey({ columns: [t.callId, t.id] }),
    uniqueIndex('utterances_call_idx_idx').on(t.callId, t.idx),
    check('utterances_speaker_check', sql`${t.speaker} IN (${sqlList(SPEAKERS)})`),
  ],
);

export const findings = pgTable(
  'findings',
  {
    callId: text('call_id')
      .notNull()
      .references(() => calls.id, { onDelete: 'cascade' }),
    /** The stable finding id (`f-…`): same call, utterance, label and span → same id. */
    id: text('id').notNull(),
    /** Position in the analysis output, so findings read back in the order they were written. */
    idx: integer('idx').notNull(),
    utteranceId: text('utterance_id').notNull(),
    label: text('label').notNull(),
    spanStart: integer('span_start').notNull(),
    spanEnd: integer('span_end').notNull(),
    rule: text('rule').notNull(),
    term: text('term'),
    lexiconVersion: text('lexicon_version').notNull(),
    confidence: doublePrecision('confidence').notNull(),
    /** The label-specific optional fields (objectionType, techniques, resolved, refersTo, …). */
    evidence: jsonb('evidence').$type<Record<string, unknown>>().notNull().default({}),
    /** The correction (call_overrides.id) that made or changed this finding; null = machine as is. */
    overrideId: text('override_id'),
    /** A machine finding that an accepted correction removed: kept for the record, not counted. */
    suppressed: boolean('suppressed').notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.callId, t.id] }),
    index('findings_label_idx').on(t.label),
    // A call's findings of one label without reading its others (feedback packs' example searches).
    index('findings_call_label_idx').on(t.callId, t.label),
  ],
);

export const scoreItems = pgTable(
  'score_items',
  {
    callId: text('call_id')
      .notNull()
      .references(() => calls.id, { onDelete: 'cascade' }),
    itemId: text('item_id').notNull(),
    /** Position in the scorecard. */
    idx: integer('idx').notNull(),
    dimension: text('dimension').notNull(),
    label: text('label').notNull(),
    metric: text('metric').notNull(),
    source: text('source').notNull(),
    value: doublePrecision('value'),
    target: doublePrecision('target'),
    /** 0-100, null when the item does not apply to the call. */
    score: doublePrecision('score'),
    weight: doublePrecision('weight').notNull(),
    findingIds: text('finding_ids').array().notNull().default(sql`'{}'::text[]`),
    detail: jsonb('detail').$type<Record<string, number>>(),
  },
  (t) => [primaryKey({ columns: [t.callId, t.itemId] })],
);

export const dimensionScores = pgTable(
  'dimension_scores',
  {
    callId: text('call_id')
      .notNull()
      .references(() => calls.id, { onDelete: 'cascade' }),
    dimension: text('dimension').notNull(),
    score: doublePrecision('score'),
  },
  (t) => [
    primaryKey({ columns: [t.callId, t.dimension] }),
    index('dimension_scores_dimension_score_idx').on(t.dimension, t.score),
  ],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** Null for the system itself (workers, migrations). */
    actorUserId: text('actor_user_id'),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
  },
  (t) => [index('audit_log_entity_idx').on(t.entity, t.entityId, t.id)],
);

export const APPEAL_STATUSES = ['open', 'in_review', 'accepted', 'rejected', 'withdrawn'] as const;
export type AppealStatus = (typeof APPEAL_STATUSES)[number];
/** What an appeal disputes: a finding, a score item, a finding the machine missed, a speaker. */
export const APPEAL_TARGETS = ['finding', 'score_item', 'missed_finding', 'speaker'] as const;
export type AppealTarget = (typeof APPEAL_TARGETS)[number];

export const appeals = pgTable(
  'appeals',
  {
    id: text('id').primaryKey(),
    callId: text('call_id')
      .notNull()
      .references(() => calls.id, { onDelete: 'cascade' }),
    /** The call's rep (only they may file) and team and industry at filing, for routing. */
    repId: text('rep_id').notNull(),
    teamId: text('team_id'),
    industry: text('industry').notNull(),
    target: text('target').$type<AppealTarget>().notNull(),
    /** Identity of the disputed item within the call: one live appeal per item. */
    itemKey: text('item_key').notNull(),
    findingId: text('finding_id'),
    scoreItemId: text('score_item_id'),
    utteranceId: text('utterance_id'),
    spanStart: integer('span_start'),
    spanEnd: integer('span_end'),
    /** The machine's label (finding) or the label the rep says is missing. */
    label: text('label'),
    rule: text('rule'),
    term: text('term'),
    lexiconVersion: text('lexicon_version'),
    quote: text('quote').notNull().default(''),
    reason: text('reason').notNull(),
    /** The correction proposed (and the lexicon change, if any); see models/appeal.ts. */
    proposal: jsonb('proposal').$type<Record<string, unknown>>().notNull(),
    /** Scores now and if accepted, computed at filing. */
    preview: jsonb('preview').$type<Record<string, unknown>>(),
    status: text('status').$type<AppealStatus>().notNull().default('open'),
    reviewerId: text('reviewer_id'),
    filedBy: text('filed_by').notNull(),
    filedAt: timestamp('filed_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    dueAt: timestamp('due_at', { withTimezone: true, mode: 'date' }).notNull(),
    decidedBy: text('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }),
    decisionNote: text('decision_note'),
    escalatedAt: timestamp('escalated_at', { withTimezone: true, mode: 'date' }),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    check('appeals_status_check', sql`${t.status} IN (${sqlList(APPEAL_STATUSES)})`),
    check('appeals_target_check', sql`${t.target} IN (${sqlList(APPEAL_TARGETS)})`),
    // A withdrawn appeal may be filed again; a live or decided one may not (decisions are final).
    uniqueIndex('appeals_item_idx').on(t.callId, t.itemKey).where(sql`${t.status} <> 'withdrawn'`),
    index('appeals_reviewer_idx').on(t.reviewerId, t.status),
    index('appeals_status_due_idx').on(t.status, t.dueAt),
    index('appeals_rep_idx').on(t.repId, t.filedAt),
    index('appeals_team_idx').on(t.teamId, t.filedAt),
  ],
);

export const OVERRIDE_STATUSES = ['in_force', 'absorbed'] as const;
export type OverrideStatus = (typeof OVERRIDE_STATUSES)[number];

/** A correction from an accepted appeal, applied on top of the machine result at every analysis. */
export const callOverrides = pgTable(
  'call_overrides',
  {
    id: text('id').primaryKey(),
    callId: text('call_id')
      .notNull()
      .references(() => calls.id, { onDelete: 'cascade' }),
    appealId: text('appeal_id')
      .notNull()
      .references(() => appeals.id),
    correction: jsonb('correction').$type<Record<string, unknown>>().notNull(),
    status: text('status').$type<OverrideStatus>().notNull().default('in_force'),
    /** Still disagreeing with the machine after a rescore on a newer lexicon: the reviewer should look. */
    flagged: boolean('flagged').notNull().default(false),
    flagNote: text('flag_note'),
    createdAt: createdAt(),
    absorbedAt: timestamp('absorbed_at', { withTimezone: true, mode: 'date' }),
    absorbedLexiconVersion: text('absorbed_lexicon_version'),
  },
  (t) => [
    check('call_overrides_status_check', sql`${t.status} IN (${sqlList(OVERRIDE_STATUSES)})`),
    index('call_overrides_call_idx').on(t.callId),
    uniqueIndex('call_overrides_appeal_idx').on(t.appealId),
  ],
);

/** Routing of appeals: a team's or an industry's reviewers, taken in turn. */
export const reviewerPools = pgTable(
  'reviewer_pools',
  {
    id: text('id').primaryKey(),
    teamId: text('team_id').references(() => teams.id),
    industry: text('industry'),
    reviewerIds: text('reviewer_ids').array().notNull(),
    /** Round-robin position: the next appeal goes to reviewerIds[next % length]. */
    next: integer('next').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('reviewer_pools_scope_idx').on(
      sql`coalesce(${t.teamId}, '')`,
      sql`coalesce(${t.industry}, '')`,
    ),
  ],
);

export const LEXICON_VERSION_STATUSES = ['draft', 'published', 'discarded'] as const;
export type LexiconVersionStatus = (typeof LEXICON_VERSION_STATUSES)[number];

/**
 * Versions of each industry's lexicon overlay and scorecard overlay. The shipped files seed
 * sequence 1; a draft is a copy-on-write of the published version with the next sequence; the
 * current version is the published one with the highest sequence.
 */
export const lexiconVersions = pgTable(
  'lexicon_versions',
  {
    industry: text('industry').notNull(),
    sequence: integer('sequence').notNull(),
    /** `<industry>@<sequence>+<hash>`; set when published. */
    versionId: text('version_id').unique(),
    status: text('status').$type<LexiconVersionStatus>().notNull(),
    lexicon: jsonb('lexicon').$type<Record<string, unknown>>().notNull(),
    scorecard: jsonb('scorecard').$type<Record<string, unknown>>(),
    basedOn: integer('based_on'),
    /** Set when this version republishes an earlier one (rollback). */
    rollbackOf: integer('rollback_of'),
    note: text('note'),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    publishedBy: text('published_by'),
    publishedAt: timestamp('published_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    primaryKey({ columns: [t.industry, t.sequence] }),
    check('lexicon_versions_status_check', sql`${t.status} IN (${sqlList(LEXICON_VERSION_STATUSES)})`),
    uniqueIndex('lexicon_versions_one_draft_idx').on(t.industry).where(sql`${t.status} = 'draft'`),
  ],
);

export const CHANGE_REQUEST_STATUSES = ['pending', 'accepted', 'declined'] as const;
export type ChangeRequestStatus = (typeof CHANGE_REQUEST_STATUSES)[number];

/** A lexicon change proposed by an accepted appeal, waiting for a lexicon editor. */
export const lexiconChangeRequests = pgTable(
  'lexicon_change_requests',
  {
    id: text('id').primaryKey(),
    industry: text('industry').notNull(),
    appealId: text('appeal_id').references(() => appeals.id),
    change: jsonb('change').$type<Record<string, unknown>>().notNull(),
    status: text('status').$type<ChangeRequestStatus>().notNull().default('pending'),
    createdAt: createdAt(),
    decidedBy: text('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }),
    note: text('note'),
    /** The draft sequence the change went into. */
    draftSequence: integer('draft_sequence'),
  },
  (t) => [
    check('lexicon_change_requests_status_check', sql`${t.status} IN (${sqlList(CHANGE_REQUEST_STATUSES)})`),
    index('lexicon_change_requests_industry_idx').on(t.industry, t.status),
  ],
);

export const RESCORE_STATUSES = ['running', 'done', 'failed'] as const;
export type RescoreStatus = (typeof RESCORE_STATUSES)[number];

/** A rescore of an industry's calls after a publish, with progress. */
export const rescoreRuns = pgTable('rescore_runs', {
  id: text('id').primaryKey(),
  industry: text('industry').notNull(),
  versionId: text('version_id').notNull(),
  since: timestamp('since', { withTimezone: true, mode: 'date' }),
  status: text('status').$type<RescoreStatus>().notNull().default('running'),
  total: integer('total').notNull().default(0),
  done: integer('done').notNull().default(0),
  changed: integer('changed').notNull().default(0),
  failed: integer('failed').notNull().default(0),
  createdBy: text('created_by'),
  createdAt: createdAt(),
  finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
  /**
   * When the rescore job had queued every call of the run. Until then `total` is the count of
   * scored calls taken when the run was started (an estimate: calls may be scored or appealed
   * meanwhile), and the run cannot finish.
   */
  plannedAt: timestamp('planned_at', { withTimezone: true, mode: 'date' }),
});

/** Before/after of one call in a rescore run. */
export const rescoreResults = pgTable(
  'rescore_results',
  {
    runId: text('run_id')
      .notNull()
      .references(() => rescoreRuns.id, { onDelete: 'cascade' }),
    callId: text('call_id')
      .notNull()
      .references(() => calls.id, { onDelete: 'cascade' }),
    beforeTotal: doublePrecision('before_total'),
    afterTotal: doublePrecision('after_total'),
    beforeDimensions: jsonb('before_dimensions').$type<Record<string, number | null>>(),
    afterDimensions: jsonb('after_dimensions').$type<Record<string, number | null>>(),
    beforeLexiconVersion: text('before_lexicon_version'),
    findingsAdded: integer('findings_added').notNull().default(0),
    findingsRemoved: integer('findings_removed').notNull().default(0),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.callId] })],
);

export const NOTIFICATION_STATUSES = ['pending', 'sent', 'failed'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/** Outbox of webhook notifications (appeal filed, decided, overdue): sent with retries. */
export const notifications = pgTable(
  'notifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').notNull(),
    /** Who should act (user ids), for the message text and for listing. */
    recipients: text('recipients').array().notNull().default(sql`'{}'::text[]`),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    status: text('status').$type<NotificationStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: createdAt(),
    sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    check('notifications_status_check', sql`${t.status} IN (${sqlList(NOTIFICATION_STATUSES)})`),
    index('notifications_status_idx').on(t.status, t.id),
  ],
);

/**
 * Aggregation facts of one scored call (feedback packs): additive counters computed from its
 * final findings (suppressed ones excluded), score items, dimension scores and metrics. Replaced
 * whenever the call is scored or rescored, so a rep's aggregates follow appeal corrections.
 */
export const callFacts = pgTable(
  'call_facts',
  {
    callId: text('call_id')
      .primaryKey()
      .references(() => calls.id, { onDelete: 'cascade' }),
    repId: text('rep_id').notNull(),
    /** The call's team ('' when none). */
    teamId: text('team_id').notNull(),
    /** Local calendar day (YYYY-MM-DD) in the feedback time zone. */
    day: text('day').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' }).notNull(),
    revision: integer('revision').notNull(),
    industry: text('industry').notNull(),
    lexiconVersion: text('lexicon_version'),
    scorecardVersion: text('scorecard_version'),
    counters: jsonb('counters').$type<Record<string, number>>().notNull(),
    /**
     * Need/objection terms of the call's counted findings: term → [needs, objections]. Null on
     * facts taken before the column existed: the backlog path recomputes those.
     */
    concerns: jsonb('concerns').$type<Record<string, [number, number]>>(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    index('call_facts_rep_day_idx').on(t.repId, t.day),
    index('call_facts_team_day_idx').on(t.teamId, t.day),
  ],
);

/** Sum of the call facts of one rep, team and local day: weeks and 30-day windows add days up. */
export const repDayAggregates = pgTable(
  'rep_day_aggregates',
  {
    teamId: text('team_id').notNull(),
    repId: text('rep_id').notNull(),
    day: text('day').notNull(),
    /** ISO week of the day, e.g. 2026-W23. */
    isoWeek: text('iso_week').notNull(),
    calls: integer('calls').notNull(),
    counters: jsonb('counters').$type<Record<string, number>>().notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.teamId, t.repId, t.day] }),
    index('rep_day_aggregates_team_day_idx').on(t.teamId, t.day),
    index('rep_day_aggregates_rep_day_idx').on(t.repId, t.day),
  ],
);

export const PACK_TRIGGERS = ['on_demand', 'schedule'] as const;
export type PackTrigger = (typeof PACK_TRIGGERS)[number];

/** A generated feedback pack, stored with its data window and the versions it used. */
export const feedbackPacks = pgTable(
  'feedback_packs',
  {
    id: text('id').primaryKey(),
    repId: text('rep_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    teamId: text('team_id'),
    trigger: text('trigger').$type<PackTrigger>().notNull(),
    /** Scheduled packs: the run they belong to (one pack per rep and run). */
    runKey: text('run_key'),
    /** The moment the pack describes (its data ends here). */
    asOf: timestamp('as_of', { withTimezone: true, mode: 'date' }).notNull(),
    windowFrom: timestamp('window_from', { withTimezone: true, mode: 'date' }).notNull(),
    windowTo: timestamp('window_to', { withTimezone: true, mode: 'date' }).notNull(),
    timeZone: text('time_zone').notNull(),
    lexiconVersions: text('lexicon_versions').array().notNull(),
    scorecardVersions: text('scorecard_versions').array().notNull(),
    /** The pack JSON (what the API returns and the renderers read). */
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    generatedBy: text('generated_by'),
    createdAt: createdAt(),
  },
  (t) => [
    check('feedback_packs_trigger_check', sql`${t.trigger} IN (${sqlList(PACK_TRIGGERS)})`),
    index('feedback_packs_rep_idx').on(t.repId, t.createdAt),
    uniqueIndex('feedback_packs_run_idx').on(t.repId, t.runKey).where(sql`${t.runKey} IS NOT NULL`),
  ],
);

export const GOAL_STATUSES = ['active', 'cancelled'] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];
export const GOAL_STATES = ['on_track', 'behind', 'achieved', 'missed', 'too_few_calls'] as const;
export type GoalState = (typeof GOAL_STATES)[number];

/** A process goal a manager set for a rep: metric, target and period (local days, inclusive). */
export const growthGoals = pgTable(
  'growth_goals',
  {
    id: text('id').primaryKey(),
    repId: text('rep_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    teamId: text('team_id'),
    metric: text('metric').notNull(),
    /** '>=' or '<=' (from the metric: higher or lower is better). */
    comparator: text('comparator').notNull(),
    target: doublePrecision('target').notNull(),
    periodFrom: text('period_from').notNull(),
    periodTo: text('period_to').notNull(),
    /** Fewer calls with data than this in the period: too few calls, not a miss. */
    minCalls: integer('min_calls').notNull().default(3),
    note: text('note'),
    status: text('status').$type<GoalStatus>().notNull().default('active'),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    /** The last automatic evaluation. */
    state: text('state').$type<GoalState>(),
    value: doublePrecision('value'),
    callCount: integer('call_count'),
    callIds: text('call_ids').array(),
    evaluatedAt: timestamp('evaluated_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    check('growth_goals_status_check', sql`${t.status} IN (${sqlList(GOAL_STATUSES)})`),
    check('growth_goals_state_check', sql`${t.state} IS NULL OR ${t.state} IN (${sqlList(GOAL_STATES)})`),
    check('growth_goals_comparator_check', sql`${t.comparator} IN ('>=', '<=')`),
    check('growth_goals_period_check', sql`${t.periodFrom} <= ${t.periodTo}`),
    index('growth_goals_rep_idx').on(t.repId, t.periodTo),
  ],
);

export { LEARNED_MODEL_STATUSES, type LearnedModelStatus };

/**
 * Versions of the learned second stage retrained from accepted appeals. The shipped model file
 * is in force until a version is published here; the latest published one then is, in every
 * process (they poll).
 */
export const learnedModels = pgTable(
  'learned_models',
  {
    /** `second-stage@<seq>+<hash>`. */
    version: text('version').primaryKey(),
    status: text('status').$type<LearnedModelStatus>().notNull(),
    /** The whole model document (what the shipped file holds). */
    model: jsonb('model').$type<Record<string, unknown>>().notNull(),
    /** The version in force when this one was trained (the guard's reference). */
    basedOn: text('based_on').notNull(),
    /** Appeals whose corrections it learned from. */
    appealIds: text('appeal_ids').array().notNull(),
    /** Per-label F1 before and after on the shipped labelled calls, and the verdict. */
    guard: jsonb('guard').$type<Record<string, unknown>>().notNull(),
    whatIf: jsonb('what_if').$type<Record<string, unknown>>(),
    note: text('note'),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    publishedBy: text('published_by'),
    publishedAt: timestamp('published_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    check('learned_models_status_check', sql`${t.status} IN (${sqlList(LEARNED_MODEL_STATUSES)})`),
    index('learned_models_published_idx').on(t.publishedAt),
  ],
);

/**
 * Keyed hashes (HMAC-SHA256 with PII_HASH_KEY) of the phone numbers masked in a call: an erasure
 * request by phone number finds the call's data without the number itself being stored anywhere.
 */
export const piiHashes = pgTable(
  'pii_hashes',
  {
    callId: text('call_id')
      .notNull()
      .references(() => calls.id, { onDelete: 'cascade' }),
    /** mobile or landline. */
    kind: text('kind').notNull(),
    /** Hex HMAC-SHA256 of `<kind>:<canonical number>`. */
    hash: text('hash').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.callId, t.hash] }), index('pii_hashes_hash_idx').on(t.hash)],
);

/**
 * An identity at an enterprise sign-in provider mapped by an admin to an existing user: the
 * OpenID provider's issuer (or `wecom:<corpid>`) with the value of one claim (`sub`, a verified
 * `email`, …; the WeCom userid is its `sub`). Sign-in never creates users: no row, no entry.
 */
export const externalIdentities = pgTable(
  'external_identities',
  {
    id: text('id').primaryKey(),
    issuer: text('issuer').notNull(),
    /** The claim whose value this is: `sub`, `email` or the configured OIDC_MAPPING_CLAIM. */
    claim: text('claim').notNull(),
    /** The claim's value (an e-mail address lower-cased). */
    value: text('value').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    uniqueIndex('external_identities_key_idx').on(t.issuer, t.claim, t.value),
    index('external_identities_user_idx').on(t.userId),
  ],
);

/**
 * A sign-in started at a provider and not yet come back: the sha256 of its `state`, with the
 * nonce and PKCE verifier it must match. Deleted when the provider redirects back (one use) or
 * once expired.
 */
export const ssoStates = pgTable(
  'sso_states',
  {
    stateHash: text('state_hash').primaryKey(),
    provider: text('provider').notNull(),
    nonce: text('nonce'),
    codeVerifier: text('code_verifier'),
    /** The web page to open once signed in (a path of this site). */
    returnTo: text('return_to'),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('sso_states_expires_idx').on(t.expiresAt)],
);

/**
 * A successful sign-in handed to the web page by a one-time ticket (its sha256 here) in the
 * redirect, redeemed for a bearer token: the token itself never travels in a URL.
 */
export const ssoTickets = pgTable(
  'sso_tickets',
  {
    ticketHash: text('ticket_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    provider: text('provider').notNull(),
    returnTo: text('return_to'),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('sso_tickets_expires_idx').on(t.expiresAt)],
);

export const IMPORT_JOB_STATUSES = ['running', 'done', 'failed'] as const;
export type ImportJobStatus = (typeof IMPORT_JOB_STATUSES)[number];

/**
 * A bulk import started through the API (POST /v1/imports): its progress and report, kept in the
 * database so that any API process answers GET /v1/imports/:id and a restart loses nothing. A
 * running import refreshes `heartbeat_at`; one whose heartbeat stopped was interrupted.
 */
export const importJobs = pgTable(
  'import_jobs',
  {
    id: text('id').primaryKey(),
    ownerId: text('owner_id').notNull(),
    status: text('status').$type<ImportJobStatus>().notNull().default('running'),
    /** Entries of the sources opened so far. */
    total: integer('total').notNull().default(0),
    imported: integer('imported').notNull().default(0),
    duplicates: integer('duplicates').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    skipped: integer('skipped').notNull().default(0),
    error: text('error'),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    check('import_jobs_status_check', sql`${t.status} IN (${sqlList(IMPORT_JOB_STATUSES)})`),
    index('import_jobs_finished_idx').on(t.finishedAt),
  ],
);

/** One entry of an import's report, in the order it was processed (the CSV report's rows). */
export const importRows = pgTable(
  'import_rows',
  {
    importId: text('import_id')
      .notNull()
      .references(() => importJobs.id, { onDelete: 'cascade' }),
    idx: integer('idx').notNull(),
    /** The entry's path inside the source, PII masked. */
    file: text('file').notNull(),
    status: text('status').notNull(),
    format: text('format'),
    reason: text('reason'),
    /** The call it made or matched; erasing the call removes the row with it. */
    callId: text('call_id').references(() => calls.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.importId, t.idx] }), index('import_rows_call_idx').on(t.callId)],
);
