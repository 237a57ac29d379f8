import type { z } from 'zod';
import { ZGoalBody } from '../../services/feedback/goals.schema.js';
import { errors, jsonBody, jsonResponse, parameters, pathParameter } from '../openapi-support.js';
import { ZGeneratePackBody, ZPackQuery } from './feedback.routes.js';
import { ZCustomerQuestionsQuery, ZHeatmapQuery, ZTeamMetricsQuery } from './teams.routes.js';

const query = (schema: z.ZodObject) => parameters(schema, 'query');
const id = (what: string) => pathParameter('id', what);
const body = jsonBody;

/** OpenAPI paths of the feedback packs, growth goals and team views (from the routes' zod schemas). */
export function feedbackOpenApiPaths(): Record<string, unknown> {
  return {
    '/v1/reps/{id}/feedback-packs': {
      post: {
        summary: "Generate and store a rep's feedback pack (last 30 days up to `at`, default now)",
        parameters: [id('rep id or external id')],
        requestBody: body(ZGeneratePackBody),
        responses: {
          '201': jsonResponse('the stored pack and its JSON', 'FeedbackPackResponse'),
          ...errors(400, 401, 403, 404),
        },
      },
      get: {
        summary: "A rep's stored packs, newest first (without their data)",
        parameters: [id('rep id or external id')],
        responses: { '200': jsonResponse('pack summaries', 'FeedbackPackList'), ...errors(401, 404) },
      },
    },
    '/v1/feedback-packs/{id}': {
      get: {
        summary: 'A stored pack as JSON, Markdown, HTML (with an SVG radar) or Excel',
        parameters: [id('pack id'), ...query(ZPackQuery)],
        responses: {
          '200': {
            description: 'the pack in the asked format (JSON: the stored pack and its data)',
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/FeedbackPackResponse' } },
              'text/markdown': { schema: { type: 'string' } },
              'text/html': { schema: { type: 'string' } },
              'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
                schema: { type: 'string', format: 'binary' },
              },
            },
          },
          ...errors(400, 401, 404),
        },
      },
    },
    '/v1/goal-metrics': {
      get: {
        summary: 'Metrics a growth goal may name',
        responses: { '200': jsonResponse('metrics', 'GoalMetricList'), ...errors(401) },
      },
    },
    '/v1/reps/{id}/goals': {
      post: {
        summary: 'Set a growth goal (1-2 per rep at a time): metric, target, period',
        parameters: [id('rep id or external id')],
        requestBody: body(ZGoalBody),
        responses: {
          '201': jsonResponse('the goal with its evaluation', 'GoalView'),
          ...errors(400, 401, 403, 404, 409),
        },
      },
      get: {
        summary: "A rep's goals, each evaluated now (on track, behind, achieved, missed, too few calls)",
        parameters: [id('rep id or external id')],
        responses: { '200': jsonResponse('goals', 'GoalList'), ...errors(401, 404) },
      },
    },
    '/v1/goals/{id}': {
      get: {
        summary: 'A goal with its evaluation',
        parameters: [id('goal id')],
        responses: { '200': jsonResponse('goal', 'GoalView'), ...errors(401, 404) },
      },
      delete: {
        summary: 'Cancel a goal',
        parameters: [id('goal id')],
        responses: { '200': jsonResponse('the cancelled goal', 'GoalView'), ...errors(401, 403, 404) },
      },
    },
    '/v1/teams/{id}/heatmap': {
      get: {
        summary:
          'Per rep × key action × ISO week: reach, frequency, mean duration, conversion to the next action',
        parameters: [id('team id'), ...query(ZHeatmapQuery)],
        responses: { '200': jsonResponse('heatmap data', 'TeamHeatmap'), ...errors(400, 401, 404) },
      },
    },
    '/v1/teams/{id}/customer-questions': {
      get: {
        summary: 'Questions customers ask most, clustered by lexicon concept and wording, with example calls',
        parameters: [id('team id'), ...query(ZCustomerQuestionsQuery)],
        responses: { '200': jsonResponse('clusters', 'CustomerQuestions'), ...errors(400, 401, 404, 422) },
      },
    },
    '/v1/teams/{id}/metrics': {
      get: {
        summary: "The team's 30-day figures per rep, team average and benchmark group (JSON or Excel)",
        parameters: [id('team id'), ...query(ZTeamMetricsQuery)],
        responses: {
          '200': {
            description: 'team metrics (JSON, or Excel with format=xlsx)',
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/TeamMetrics' } },
              'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
                schema: { type: 'string', format: 'binary' },
              },
            },
          },
          ...errors(400, 401, 404),
        },
      },
    },
  };
}
