import { z } from 'zod';
import { ZCoachingOpportunity } from '../pipeline/nlp/coaching.js';
import { ZScoreChange } from '../pipeline/report/score-diff.core.js';
import { ZWhatIfTally } from '../pipeline/what-if.core.js';
import { ZAppealPreview } from '../services/appeals/appeal.schema.js';
import { ZGoalList, ZGoalMetricList, ZGoalView } from '../services/feedback/goals.schema.js';
import { ZFeedbackPackList, ZFeedbackPackResponse } from '../services/feedback/pack.schema.js';
import { ZCustomerQuestions, ZTeamHeatmap, ZTeamMetrics } from '../services/feedback/team.schema.js';
import { ZImportJobView, ZImportStarted } from '../services/import/import-jobs.service.js';
import { ZModelList, ZModelVersion, ZModelWhatIfReport } from '../services/learning/learned-model.service.js';
import { ZWhatIfReport } from '../services/lexicon-admin/lexicon-admin.service.js';
import { ZLexiconLintReport } from '../services/lexicon-admin/lexicon-lint.service.js';
import { ZRetentionReport, ZRetentionState } from '../services/privacy/retention.service.js';
import { outputSchema } from './openapi-support.js';
import { ZAppeal, ZAppealEnvelope, ZAppealListPage } from './routes/appeals.schema.js';
import {
  ZCallEnvelope,
  ZCallListPage,
  ZCallSubmitted,
  ZCallSummary,
  ZCallUtterance,
  ZCallView,
  ZFinding,
  ZIndustryInference,
  ZRepSummary,
  ZScoreItem,
} from './routes/calls.schema.js';
import {
  ZLexiconChangeDecision,
  ZLexiconChangeRequestList,
  ZLexiconDiff,
  ZLexiconDraftResponse,
  ZLexiconImportResponse,
  ZLexiconIndustryList,
  ZLexiconOverview,
  ZLexiconPublished,
  ZLexiconVersionList,
  ZLexiconVersionResponse,
  ZRescoreRunList,
  ZRescoreRunProgress,
  ZRescoreStarted,
} from './routes/lexicons.schema.js';
import { ZModelDraftResponse, ZModelPublished } from './routes/models.schema.js';
import { ZDemoUser, ZMe } from './routes/session.routes.js';
import { ZSsoProviderList, ZTicketRedeemed } from './routes/sso.schema.js';

/**
 * Response bodies the OpenAPI document names (`#/components/schemas/<name>`), each from the zod
 * schema whose inferred type the server returns. shared/api-types.gen.ts is generated from them
 * and web/src/lib/api-shapes.ts names them for the web: a shape is written once, here.
 */
export const RESPONSE_SCHEMAS = {
  CallView: ZCallView,
  CallSummary: ZCallSummary,
  CallUtterance: ZCallUtterance,
  Finding: ZFinding,
  ScoreItem: ZScoreItem,
  CoachingOpportunity: ZCoachingOpportunity,
  IndustryInference: ZIndustryInference,
  CallListPage: ZCallListPage,
  CallSubmitted: ZCallSubmitted,
  CallEnvelope: ZCallEnvelope,
  RepSummary: ZRepSummary,
  ImportView: ZImportJobView,
  ImportStarted: ZImportStarted,
  Me: ZMe,
  AppealPreview: ZAppealPreview,
  Appeal: ZAppeal,
  AppealEnvelope: ZAppealEnvelope,
  AppealListPage: ZAppealListPage,
  SsoProviderList: ZSsoProviderList,
  TicketRedeemed: ZTicketRedeemed,
  DemoUser: ZDemoUser,
  DemoUsers: z.object({ users: z.array(ZDemoUser) }),
  ScoreChange: ZScoreChange,
  WhatIfTally: ZWhatIfTally,
  LexiconWhatIfReport: ZWhatIfReport,
  LexiconLintReport: ZLexiconLintReport,
  LexiconIndustryList: ZLexiconIndustryList,
  LexiconOverview: ZLexiconOverview,
  LexiconVersionList: ZLexiconVersionList,
  LexiconVersionResponse: ZLexiconVersionResponse,
  LexiconDraftResponse: ZLexiconDraftResponse,
  LexiconImportResponse: ZLexiconImportResponse,
  LexiconDiff: ZLexiconDiff,
  LexiconChangeRequestList: ZLexiconChangeRequestList,
  LexiconChangeDecision: ZLexiconChangeDecision,
  LexiconPublished: ZLexiconPublished,
  RescoreStarted: ZRescoreStarted,
  RescoreRunList: ZRescoreRunList,
  RescoreRunProgress: ZRescoreRunProgress,
  FeedbackPackResponse: ZFeedbackPackResponse,
  FeedbackPackList: ZFeedbackPackList,
  TeamHeatmap: ZTeamHeatmap,
  TeamMetrics: ZTeamMetrics,
  CustomerQuestions: ZCustomerQuestions,
  GoalMetricList: ZGoalMetricList,
  GoalView: ZGoalView,
  GoalList: ZGoalList,
  ModelWhatIfReport: ZModelWhatIfReport,
  ModelWhatIfResponse: z.object({ whatIf: ZModelWhatIfReport }),
  ModelList: ZModelList,
  ModelVersion: ZModelVersion,
  ModelVersionResponse: z.strictObject({ model: ZModelVersion }),
  ModelDraftResponse: ZModelDraftResponse,
  ModelPublished: ZModelPublished,
  RetentionReport: ZRetentionReport,
  RetentionState: ZRetentionState,
  RetentionRunResponse: z.object({ run: ZRetentionReport }),
} satisfies Record<string, z.ZodType>;

export type ResponseSchemaName = keyof typeof RESPONSE_SCHEMAS;

/** The component schemas of the response bodies. */
export function responseComponents(): Record<ResponseSchemaName, object> {
  return Object.fromEntries(
    Object.entries(RESPONSE_SCHEMAS).map(([name, schema]) => [name, outputSchema(schema)]),
  ) as Record<ResponseSchemaName, object>;
}
