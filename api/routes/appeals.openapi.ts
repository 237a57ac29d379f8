import type { z } from 'zod';
import { ZDecideAppeal, ZFileAppeal } from '../../models/appeal.js';
import { errors, jsonBody, jsonResponse, parameters, pathParameter } from '../openapi-support.js';
import { ZAppealListQuery, ZAssignBody, ZPoolBody, ZSlaBody } from './appeals.routes.js';

const query = (schema: z.ZodObject) => parameters(schema, 'query');
const path = pathParameter;
const body = jsonBody;
const ok = (description: string) => ({ '200': { description } });

/** OpenAPI paths of appeals, reviewer pools, review SLAs, notifications and the audit log. */
export function appealsOpenApiPaths(): Record<string, unknown> {
  return {
    '/v1/calls/{id}/appeals': {
      post: {
        summary: 'Appeal one item of your own scored call (finding, missed finding, score item, speaker)',
        parameters: [path('id', 'call id')],
        requestBody: body(ZFileAppeal),
        responses: {
          '201': jsonResponse(
            'the appeal with the quoted evidence and the scores now and if accepted',
            'AppealEnvelope',
          ),
          ...errors(400, 401, 403, 404, 409, 422),
        },
      },
    },
    '/v1/calls/{id}/appeals/preview': {
      post: {
        summary:
          'What an appeal would change, without filing it: evidence and the scores now and if accepted',
        parameters: [path('id', 'call id')],
        requestBody: body(ZFileAppeal),
        responses: {
          '200': jsonResponse(
            'the evidence, the correction and the scores now and if accepted',
            'AppealPreview',
          ),
          ...errors(400, 401, 403, 404, 409, 422),
        },
      },
    },
    '/v1/appeals': {
      get: {
        summary: 'Appeals: mine, assigned to me, my team, overdue, flagged (ordered by due time)',
        parameters: query(ZAppealListQuery),
        responses: {
          '200': jsonResponse('a page of appeals with nextCursor', 'AppealListPage'),
          ...errors(400, 401, 403),
        },
      },
    },
    '/v1/appeals/stats': {
      get: {
        summary: 'Appeals and acceptances per rule and lexicon term (most often wrong first)',
        parameters: [{ name: 'industry', in: 'query', required: false, schema: { type: 'string' } }],
        responses: { ...ok('counts'), ...errors(401, 403) },
      },
    },
    '/v1/appeals/{id}': {
      get: {
        summary: 'One appeal with its evidence, preview, SLA state and override',
        parameters: [path('id', 'appeal id')],
        responses: { '200': jsonResponse('the appeal', 'AppealEnvelope'), ...errors(401, 404) },
      },
    },
    '/v1/appeals/{id}/withdraw': {
      post: {
        summary: 'Withdraw an open appeal (the rep who filed it)',
        parameters: [path('id', 'appeal id')],
        responses: { '200': jsonResponse('withdrawn', 'AppealEnvelope'), ...errors(401, 403, 404, 409) },
      },
    },
    '/v1/appeals/{id}/assign': {
      post: {
        summary: 'Assign to a reviewer (managers, admins; a reviewer may take one)',
        parameters: [path('id', 'appeal id')],
        requestBody: body(ZAssignBody),
        responses: {
          '200': jsonResponse('assigned', 'AppealEnvelope'),
          ...errors(400, 401, 403, 404, 409, 422),
        },
      },
    },
    '/v1/appeals/{id}/review': {
      post: {
        summary: 'Start the review (open → in_review)',
        parameters: [path('id', 'appeal id')],
        responses: { '200': jsonResponse('in review', 'AppealEnvelope'), ...errors(401, 403, 404, 409) },
      },
    },
    '/v1/appeals/{id}/decision': {
      post: {
        summary: 'Accept or reject with a note (the assigned reviewer; never on their own call)',
        parameters: [path('id', 'appeal id')],
        requestBody: body(ZDecideAppeal),
        responses: { '200': jsonResponse('decided', 'AppealEnvelope'), ...errors(400, 401, 403, 404, 409) },
      },
    },
    '/v1/reviewer-pools': {
      get: { summary: 'Reviewer pools', responses: { ...ok('pools'), ...errors(401, 403) } },
      put: {
        summary: 'Create or replace the reviewer pool of a team and/or industry (round robin)',
        requestBody: body(ZPoolBody),
        responses: { ...ok('the pool'), ...errors(400, 401, 403, 422) },
      },
    },
    '/v1/teams/{id}/appeal-sla': {
      put: {
        summary: "Set a team's appeal SLA in hours",
        parameters: [path('id', 'team id')],
        requestBody: body(ZSlaBody),
        responses: { ...ok('saved'), ...errors(400, 401, 403, 404) },
      },
    },
    '/v1/notifications': {
      get: {
        summary: 'The notification outbox (admins)',
        responses: { ...ok('latest 100'), ...errors(401, 403) },
      },
    },
    '/v1/audit': {
      get: {
        summary: 'Audit log of one entity (who, when, before, after): admins and managers',
        parameters: [
          { name: 'entity', in: 'query', required: true, schema: { type: 'string' } },
          { name: 'id', in: 'query', required: true, schema: { type: 'string' } },
        ],
        responses: { ...ok('entries, oldest first'), ...errors(400, 401, 403) },
      },
    },
  };
}
