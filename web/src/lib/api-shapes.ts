/**
 * The API's shapes as the web uses them: names for the schemas of shared/api-types.gen.ts, which
 * `npm run gen:api-types` generates from the server's OpenAPI document (itself built from the zod
 * schemas the server returns). Nothing here is written by hand but the names.
 */
import type { components } from '../../../shared/api-types.gen';

type Schemas = components['schemas'];

export type Me = Schemas['Me'];
export type DemoUser = Schemas['DemoUser'];
/** GET /v1/demo/users (embedded demo only). */
export type DemoUsers = Schemas['DemoUsers'];
/** POST /v1/auth/ticket (api/routes/sso.schema.ts): the token a sign-in ticket was redeemed for. */
export type TicketRedeemed = Schemas['TicketRedeemed'];
/** pipeline/report/score-diff.core.ts ZScoreChange: a rescore's per-item difference, in words. */
export type ScoreChange = Schemas['ScoreChange'];
/** pipeline/what-if.core.ts ZWhatIfTally: what a candidate would change over stored calls. */
export type WhatIfTally = Schemas['WhatIfTally'];
/** POST /v1/lexicons/{industry}/what-if. */
export type LexiconWhatIfReport = Schemas['LexiconWhatIfReport'];
/** POST /v1/models/second-stage/{version}/what-if (its `whatIf`). */
export type ModelWhatIfReport = Schemas['ModelWhatIfReport'];
/** GET /v1/privacy/retention. */
export type RetentionState = Schemas['RetentionState'];
/** POST /v1/privacy/retention/runs (its `run`), and the dry run in RetentionState.next. */
export type RetentionReport = Schemas['RetentionReport'];
export type RetentionCounts = RetentionReport['counts'];
/** POST /v1/privacy/retention/runs. */
export type RetentionRunResponse = Schemas['RetentionRunResponse'];
/** GET /v1/calls/{id}: the call, its transcript and (once scored) its analysis. */
export type CallView = Schemas['CallView'];
/** A call without transcript and analysis (list items add `snippet` and `dimensions`). */
export type CallSummary = Schemas['CallSummary'];
/** GET /v1/calls. */
export type CallListPage = Schemas['CallListPage'];
export type CallListItem = CallListPage['items'][number];
export type Utterance = Schemas['CallUtterance'];
export type Finding = Schemas['Finding'];
export type ScoreItem = Schemas['ScoreItem'];
/** One moment of a call's `analysis.coaching` (pipeline/nlp/coaching.ts), computed by the server. */
export type CoachingOpportunity = Schemas['CoachingOpportunity'];
export type IndustryInference = Schemas['IndustryInference'];
/** GET /v1/reps/{id}/summary. */
export type RepSummary = Schemas['RepSummary'];
/** GET /v1/imports/{id} (services/import/import-jobs.service.ts ZImportJobView). */
export type ImportView = Schemas['ImportView'];
/** POST /v1/imports. */
export type ImportStarted = Schemas['ImportStarted'];
/** GET /v1/models/second-stage (services/learning/learned-model.service.ts ZModelList). */
export type ModelList = Schemas['ModelList'];
export type ModelVersion = Schemas['ModelVersion'];
/** POST /v1/models/second-stage/{version}/what-if. */
export type ModelWhatIfResponse = Schemas['ModelWhatIfResponse'];
/** POST /v1/models/second-stage/drafts: the draft with its guard report. */
export type ModelDraftResponse = Schemas['ModelDraftResponse'];
/** POST /v1/models/second-stage/{version}/publish: the version and its rescore runs. */
export type ModelPublished = Schemas['ModelPublished'];
/** GET /v1/lexicons/{industry}/lint: the lexicon lint of the version the editor shows. */
export type LexiconLintReport = Schemas['LexiconLintReport'];
export type LexiconLintFinding = LexiconLintReport['findings'][number];
/** GET /v1/lexicons: the industries with their current version (api/routes/lexicons.schema.ts). */
export type LexiconIndustryList = Schemas['LexiconIndustryList'];
export type LexiconIndustry = LexiconIndustryList['items'][number];
/** GET /v1/lexicons/{industry}: current version, draft, inheritance, pending change requests. */
export type LexiconOverview = Schemas['LexiconOverview'];
/** One version with its terms and scorecard overlay. */
export type LexiconVersion = LexiconOverview['current'];
export type LexiconTerm = NonNullable<LexiconVersion['lexicon']['terms']>[number];
export type LexiconInheritance = LexiconOverview['inheritance'];
/** GET /v1/lexicons/{industry}/versions. */
export type LexiconVersionList = Schemas['LexiconVersionList'];
export type LexiconVersionRow = LexiconVersionList['items'][number];
/** GET /v1/lexicons/{industry}/diff. */
export type LexiconDiff = Schemas['LexiconDiff'];
/** GET /v1/lexicons/{industry}/change-requests. */
export type LexiconChangeRequestList = Schemas['LexiconChangeRequestList'];
export type LexiconChangeRequest = LexiconChangeRequestList['items'][number];
/** GET /v1/lexicons/{industry}/rescores. */
export type RescoreRunList = Schemas['RescoreRunList'];
/** A rescore run; GET /v1/rescores/{id} adds its `percent`. */
export type RescoreRun = RescoreRunList['items'][number] & { percent?: number };
/** GET /v1/rescores/{id}: the run with its percentage and the before/after of changed calls. */
export type RescoreRunProgress = Schemas['RescoreRunProgress'];
/** POST /v1/lexicons/{industry}/publish and /rollback: the new version and its rescore run. */
export type LexiconPublished = Schemas['LexiconPublished'];
/** GET /v1/feedback-packs/{id} as JSON: the stored pack and its data (services/feedback/pack.schema.ts). */
export type FeedbackPackResponse = Schemas['FeedbackPackResponse'];
/** GET /v1/reps/{id}/feedback-packs. */
export type FeedbackPackList = Schemas['FeedbackPackList'];
export type FeedbackPackSummary = FeedbackPackList['items'][number];
/** GET /v1/teams/{id}/heatmap: per rep × key action × week (services/feedback/team.schema.ts). */
export type TeamHeatmap = Schemas['TeamHeatmap'];
/** GET /v1/teams/{id}/metrics (JSON): per rep, team average and top quartile over 30 days. */
export type TeamMetrics = Schemas['TeamMetrics'];
/** GET /v1/teams/{id}/customer-questions: customers' questions clustered, with examples. */
export type CustomerQuestions = Schemas['CustomerQuestions'];
/** GET /v1/goal-metrics (services/feedback/goals.schema.ts). */
export type GoalMetricList = Schemas['GoalMetricList'];
/** A goal with its evaluation now: POST /v1/reps/{id}/goals, GET/DELETE /v1/goals/{id}. */
export type GoalView = Schemas['GoalView'];
/** GET /v1/reps/{id}/goals. */
export type GoalList = Schemas['GoalList'];
/** GET /v1/auth/providers (api/routes/sso.schema.ts): the enterprise sign-in providers configured. */
export type SsoProviderList = Schemas['SsoProviderList'];
/** POST /v1/calls/{id}/appeals/preview (services/appeals/appeal.schema.ts). */
export type AppealPreview = Schemas['AppealPreview'];
/**
 * An appeal with its SLA state (api/routes/appeals.schema.ts): `GET /v1/appeals` items, and the
 * `appeal` of filing, reading, withdrawing, assigning, reviewing and deciding one.
 */
export type Appeal = Schemas['Appeal'];
/** GET /v1/appeals: a page ordered by due time and the next page's cursor. */
export type AppealListPage = Schemas['AppealListPage'];
/** POST /v1/calls/{id}/appeals (201) and every answer about one appeal. */
export type AppealEnvelope = Schemas['AppealEnvelope'];
