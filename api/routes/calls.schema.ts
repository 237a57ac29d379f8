import { z } from 'zod';
import { ZCorrection } from '../../models/appeal.js';
import { CALL_SOURCES, SPEAKERS } from '../../models/schema.js';
import { ZCoachingOpportunity } from '../../pipeline/nlp/coaching.js';
import { ZScoreChange } from '../../pipeline/report/score-diff.core.js';
import {
  CALL_STATUSES,
  DIMENSIONS,
  INDUSTRY_SOURCES,
  LABELS,
  OBJECTION_TYPES,
  TECHNIQUES,
} from '../../shared/vocabulary.js';

/**
 * The bodies of the call routes as the server sends them: the call as `present()` writes it, the
 * list page, the stored call view (models/call.repository.ts viewQuery, JSON built by the
 * database) and a rep's summary. The OpenAPI document names them, shared/api-types.gen.ts is
 * generated from it and the web takes its call types from there. The database builds the view,
 * so no compiler checks it against these schemas: tests/api/call-view-schema.api.test.ts parses
 * real stored views with them (objects strict: a field the server adds must be added here).
 */

const ZSpeaker = z.enum(SPEAKERS);
const ZDimensionScores = z
  .partialRecord(z.enum(DIMENSIONS), z.number().nullable())
  .describe('0-100 per dimension, null where no item of the dimension applies');

/** What a call keeps of its industry inference (services/intake/industry-decision.ts inferenceRecord). */
export const ZIndustryInference = z.strictObject({
  decided: z.boolean(),
  /** The decided industry; null when the evidence was too thin or too close to call. */
  industry: z.string().nullable(),
  /** Probability of the top candidate, 0..1. */
  confidence: z.number(),
  /** Top probability minus the runner-up's. */
  margin: z.number(),
  thresholds: z.strictObject({ minScore: z.number(), minMargin: z.number() }),
  /** Best first (at most three). */
  candidates: z.array(
    z.strictObject({
      industry: z.string(),
      name: z.string(),
      score: z.number(),
      probability: z.number(),
      evidence: z.array(z.strictObject({ term: z.string(), category: z.string(), count: z.number() })),
    }),
  ),
});

/** The stored recording of an audio call (models/schema.ts CallAudio). */
export const ZCallAudio = z.strictObject({
  sha256: z.string(),
  path: z.string(),
  format: z.string(),
  bytes: z.number(),
  durationMs: z.number().nullable(),
  channels: z.number().nullable(),
  sampleRate: z.number().nullable(),
  channelMap: z.record(z.string(), ZSpeaker).nullable(),
  /** Diagnostics of the transcription (engine, model, per-channel figures, timings): for people, not code. */
  transcription: z.record(z.string(), z.unknown()).optional(),
});

/** A call without its transcript and analysis (api/routes/calls.routes.ts present()). */
export const ZCallSummary = z.strictObject({
  id: z.string(),
  externalId: z.string().nullable(),
  repId: z.string(),
  teamId: z.string().nullable(),
  /**
   * For a 待确认行业 call: the best candidate for now, not a decision. Null for a recording sent
   * without one whose transcript has not decided it yet (industrySource inferred, industryInference
   * null): the UI says 转写后自动判断, never a placeholder industry.
   */
  industry: z.string().nullable(),
  industrySource: z.enum(INDUSTRY_SOURCES),
  industryInference: ZIndustryInference.nullable(),
  occurredAt: z.string(),
  customer: z
    .strictObject({
      name: z.string().optional(),
      company: z.string().optional(),
      tier: z.enum(['A', 'B', 'C']).optional(),
    })
    .nullable(),
  source: z.enum(CALL_SOURCES),
  status: z.enum(CALL_STATUSES),
  failureReason: z.string().nullable(),
  revision: z.number().int(),
  lexiconVersion: z.string().nullable(),
  scorecardVersion: z.string().nullable(),
  total: z.number().nullable(),
  tags: z.array(z.string()),
  audio: ZCallAudio.nullable(),
  /** Percent done of the running stage (transcription), null when idle. */
  progress: z.number().nullable(),
});

/** GET /v1/calls: a page of calls, with the highlighted snippet when the list was searched. */
export const ZCallListPage = z.strictObject({
  items: z.array(
    ZCallSummary.extend({
      /** The first utterance holding a searched word, every occurrence wrapped in 【】. */
      snippet: z.strictObject({ utteranceId: z.string(), text: z.string() }).optional(),
      /**
       * The five dimension scores of a scored call (null for any other status): the list draws
       * them without reading each call's whole view.
       */
      dimensions: ZDimensionScores.nullable(),
    }),
  ),
  nextCursor: z.string().nullable(),
});

/** POST /v1/calls: the call as stored, and whether this request created it. */
export const ZCallSubmitted = z.strictObject({
  call: ZCallSummary,
  /** False when the same call was already stored (the request is idempotent). */
  created: z.boolean(),
  /** Stored while the job queue was unreachable: scored once it is back. */
  deferred: z.literal(true).optional(),
});

/** PUT /v1/calls/{id}/industry: the call with its new industry. */
export const ZCallEnvelope = z.strictObject({ call: ZCallSummary });

/** One utterance of the stored transcript; the speaker fields appear where they apply. */
export const ZCallUtterance = z.strictObject({
  id: z.string(),
  speaker: ZSpeaker,
  start: z.number(),
  end: z.number(),
  text: z.string(),
  /** Confidence of the machine's speaker attribution (mono audio); absent when the speaker was given. */
  speakerConfidence: z.number().optional(),
  /** After an accepted speaker appeal: the machine's speaker, kept beside the corrected one. */
  machineSpeaker: ZSpeaker.optional(),
  speakerOverrideId: z.string().optional(),
});

const ZSpan = z.tuple([z.number(), z.number()]);

/**
 * One finding: the fields every finding has, and the fields of each label family (pipeline/nlp/
 * types.ts Finding), optional, on one object. The web reads a finding by asking for the field
 * (`f.resolved !== undefined`), which a union of the families would not allow without narrowing
 * in every component; the label still says which fields are there.
 */
export const ZFinding = z.strictObject({
  id: z.string(),
  label: z.enum(LABELS),
  utteranceId: z.string(),
  /** [start, end) in Unicode code points of the utterance's text. */
  span: ZSpan,
  /** The rule that fired (`question.wh`, `lexicon`, `appeal`, `model.<label>`). */
  rule: z.string(),
  term: z.string().nullable(),
  /** The matched surface form when it differs from the term. */
  surface: z.string().optional(),
  lexiconVersion: z.string(),
  confidence: z.number(),
  /** The accepted appeal's correction that made or changed this finding. */
  overrideId: z.string().optional(),
  /** Model findings: the second stage's probability and its strongest n-grams. */
  probability: z.number().optional(),
  modelEvidence: z.array(z.strictObject({ text: z.string(), weight: z.number() })).optional(),
  /** opening */
  components: z.array(z.enum(['intro', 'purpose', 'permission'])).optional(),
  /** next_step */
  hasDate: z.boolean().optional(),
  /** objection.* */
  objectionType: z.enum(OBJECTION_TYPES).optional(),
  responseUtteranceId: z.string().nullable().optional(),
  techniques: z.array(z.enum(TECHNIQUES)).optional(),
  resolved: z.boolean().optional(),
  latencyMs: z.number().nullable().optional(),
  /** objection_response */
  respondsTo: z.array(z.string()).optional(),
  techniqueEvidence: z
    .array(
      z.strictObject({
        technique: z.enum(TECHNIQUES),
        span: ZSpan,
        term: z.string(),
        utteranceId: z.string(),
      }),
    )
    .optional(),
  /** need.implicit */
  identified: z.boolean().optional(),
  identifiedBy: z.string().nullable().optional(),
  /** restatement */
  refersTo: z.string().optional(),
  accurate: z.boolean().optional(),
  similarity: z.number().optional(),
  measure: z.enum(['lexical', 'embedding']).optional(),
});

/** One scorecard item as scored on the call. */
export const ZScoreItem = z.strictObject({
  id: z.string(),
  dimension: z.enum(DIMENSIONS),
  label: z.string(),
  metric: z.string(),
  source: z.string(),
  value: z.number().nullable(),
  /** Always set by the scoring (presence items: 1); the column is nullable, the analysis never writes null. */
  target: z.number(),
  /** 0-100, null when the item does not apply to the call. */
  score: z.number().nullable(),
  weight: z.number(),
  findingIds: z.array(z.string()),
  /** The counts behind a ratio (e.g. numerator and denominator). */
  detail: z.record(z.string(), z.number()).optional(),
});

/** Conversation mechanics of the call (pipeline/nlp/types.ts Metrics). */
export const ZCallMetrics = z.strictObject({
  durationSec: z.number(),
  repTalkSec: z.number(),
  customerTalkSec: z.number(),
  talkRatio: z.number(),
  longestMonologueSec: z.number(),
  interactivityPerMin: z.number(),
  /** Mean pause before the rep answers the customer; null when the rep never follows the customer. */
  patienceSec: z.number().nullable(),
  repQuestions: z.number(),
  repOpenQuestions: z.number(),
  repQuestionsPer10Min: z.number(),
  customerQuestions: z.number(),
  customerQuestionsPer10Min: z.number(),
});

/** A correction from an accepted appeal on the call, in force or absorbed by a later analysis. */
export const ZCallOverride = z.strictObject({
  id: z.string(),
  appealId: z.string(),
  correction: ZCorrection,
  status: z.enum(['in_force', 'absorbed']),
  /** Still disagreeing with the machine after a rescore on a newer lexicon: a reviewer should look. */
  flagged: z.boolean(),
  flagNote: z.string().nullable(),
});

/** The analysis of a scored call: the final result with accepted corrections, and the machine's own. */
export const ZCallAnalysis = z.strictObject({
  revision: z.number().int(),
  lexiconVersion: z.string(),
  scorecardVersion: z.string(),
  /** The learned second stage the analysis ran with, null for the rules alone. */
  secondStageVersion: z.string().nullable(),
  total: z.number().nullable(),
  tags: z.array(z.string()),
  metrics: ZCallMetrics,
  findings: z.array(ZFinding),
  /** Machine findings that accepted corrections removed or changed (kept for the record, not counted). */
  suppressed: z.array(ZFinding),
  /** The machine's own scores, before corrections (equal to the final ones when none apply). */
  machine: z.strictObject({ total: z.number().nullable(), dimensions: ZDimensionScores.nullable() }),
  /** What the last rescore changed; null until the call is scored a second time. */
  lastChange: ZScoreChange.nullable(),
  overrides: z.array(ZCallOverride),
  scoreItems: z.array(ZScoreItem),
  dimensions: ZDimensionScores,
  /**
   * The analysis' coaching moments (pipeline/nlp/coaching.ts): missed implicit needs, unhandled
   * objections, then needs no solution answered, each in reading order. Computed by the server
   * only; the web draws the list as it comes.
   */
  coaching: z.array(ZCoachingOpportunity),
});

/** GET /v1/calls/{id}: the call, its transcript and, once scored, its analysis. */
export const ZCallView = z.strictObject({
  call: ZCallSummary,
  utterances: z.array(ZCallUtterance),
  analysis: ZCallAnalysis.nullable(),
});

/** GET /v1/reps/{id}/summary: a rep's means over scored calls (models/call.repository.ts repSummary). */
export const ZRepSummary = z.strictObject({
  from: z.string().nullable(),
  to: z.string().nullable(),
  repId: z.string(),
  calls: z.number().int(),
  total: z.number().nullable(),
  dimensions: z.partialRecord(
    z.enum(DIMENSIONS),
    z.strictObject({ mean: z.number().nullable(), calls: z.number().int() }),
  ),
  /** Mean of each numeric metric over the calls (ZCallMetrics' names). */
  metrics: z.record(z.string(), z.number().nullable()),
});
