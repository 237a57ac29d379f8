/**
 * Drizzle schema of the service database, the one source for `drizzle-kit generate`. It imports
 * nothing but drizzle so drizzle-kit can load it on its own. Migrations in `models/migrations/`
 * are generated from it and never edited once landed: change this file, then run
 * `npx drizzle-kit generate --name <what_changed>`.
 */
import { type SQL, sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
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

/** Roles a user can hold (any subset, at least one). */
export const ROLES = ['admin', 'manager', 'reviewer', 'lexicon_editor', 'rep'] as const;
export type Role = (typeof ROLES)[number];

export const CALL_SOURCES = ['audio', 'transcript'] as const;
export type CallSource = (typeof CALL_SOURCES)[number];

/** Call statuses; the allowed moves between them live in `call.repository.ts`. */
export const CALL_STATUSES = [
  'received',
  'queued',
  'transcribing',
  'analyzing',
  'scored',
  'rescoring',
  'failed',
] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

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

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();

export const teams = pgTable('teams', {
  id: text('id').primaryKey(),
  name: text('name').notNull().unique(),
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
    industry: text('industry').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' }).notNull(),
    source: text('source').$type<CallSource>().notNull(),
    status: text('status').$type<CallStatus>().notNull().default('received'),
    failureReason: text('failure_reason'),
    /** Processing generation: +1 each time the call leaves a terminal state (rescore, retry). */
    revision: integer('revision').notNull().default(1),
    lexiconVersion: text('lexicon_version'),
    scorecardVersion: text('scorecard_version'),
    inputChecksum: text('input_checksum').notNull(),
    /** Audio calls: the stored recording and how it was transcribed. */
    audio: jsonb('audio').$type<CallAudio>(),
    /** Percent done of the running stage (transcription reports it), null when idle. */
    progress: integer('progress'),
    total: doublePrecision('total'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    metrics: jsonb('metrics').$type<Record<string, unknown>>(),
    /** jieba words of the transcript joined by spaces: Chinese keyword search via tsvector('simple'). */
    searchText: text('search_text').notNull().default(''),
    /** The API's call view as JSON text, written with the analysis; null when stale (rebuilt on read). */
    viewJson: text('view_json'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    index('calls_search_idx').using('gin', sql`to_tsvector('simple', ${t.searchText})`),
    check('calls_source_check', sql`${t.source} IN (${sqlList(CALL_SOURCES)})`),
    check('calls_status_check', sql`${t.status} IN (${sqlList(CALL_STATUSES)})`),
    check('calls_revision_check', sql`${t.revision} >= 1`),
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
  },
  (t) => [primaryKey({ columns: [t.callId, t.id] }), index('findings_label_idx').on(t.label)],
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
