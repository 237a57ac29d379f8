import { errors, jsonBody, jsonResponse, pathParameter } from '../openapi-support.js';
import { ZImportOptions, ZImportPathsBody } from './imports.routes.js';
import { ZModelWhatIfBody, ZPublishModelBody, ZTrainModelBody } from './models.routes.js';
import { ZErasureBody } from './privacy.routes.js';

const version = pathParameter('version', 'a model version, second-stage@<seq>+<hash12>');

/**
 * OpenAPI paths of the operational endpoints: choosing a call's industry, bulk imports, versions
 * of the learned second stage, and erasure on request (from the routes' zod schemas).
 */
export function operationsOpenApiPaths(): Record<string, unknown> {
  return {
    '/v1/calls/{id}/industry': {
      put: {
        summary: 'Pick the industry of a call waiting as needs_industry (待确认行业), or correct it',
        description:
          'The call’s rep, its team’s managers, reviewers and admins. A waiting call is then analysed, ' +
          'a scored one rescored with the new industry’s lexicon and scorecard; audited as ' +
          'call.industry.pick or call.industry.correct.',
        parameters: [pathParameter('id', 'call id')],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['industry'],
                additionalProperties: false,
                properties: { industry: { type: 'string', pattern: '^[a-z][a-z0-9_]{1,39}$' } },
              },
            },
          },
        },
        responses: { '200': jsonResponse('the call', 'CallEnvelope'), ...errors(400, 401, 404, 422) },
      },
    },
    '/v1/imports': {
      post: {
        summary: 'Import existing calls: a zip upload, or folders on the server (IMPORT_DIRS)',
        description:
          'multipart/form-data with the zip in the file field `archive` (and the option fields), or ' +
          'application/json with `paths` under IMPORT_DIRS. Vendor transcripts (Alibaba, Tencent, iFlytek, ' +
          'Volcengine, CSV/Excel) and recordings are recognised by content; files already imported ' +
          '(same content hash) are skipped. Runs in the background: poll GET /v1/imports/{id}.',
        requestBody: {
          required: true,
          content: {
            'application/json': { schema: jsonBody(ZImportPathsBody).content['application/json'].schema },
            'multipart/form-data': {
              schema: {
                type: 'object',
                required: ['archive'],
                properties: {
                  archive: { type: 'string', format: 'binary', description: 'a zip file' },
                  ...(jsonBody(ZImportOptions).content['application/json'].schema as { properties?: object })
                    .properties,
                },
              },
            },
          },
        },
        responses: {
          '202': jsonResponse('started; Location: /v1/imports/{id}', 'ImportStarted'),
          ...errors(400, 401, 403, 413, 415, 422),
        },
      },
    },
    '/v1/imports/{id}': {
      get: {
        summary: 'Progress and per-file outcome counts of an import (its owner, or an admin)',
        parameters: [pathParameter('id', 'import id')],
        responses: { '200': jsonResponse('the import', 'ImportView'), ...errors(401, 404) },
      },
    },
    '/v1/imports/{id}/report.csv': {
      get: {
        summary: 'One CSV row per file of an import: outcome, call id, problem',
        parameters: [pathParameter('id', 'import id')],
        responses: { '200': { description: 'text/csv' }, ...errors(401, 404) },
      },
    },
    '/v1/models/second-stage': {
      get: {
        summary: 'Versions of the learned second stage (published, drafts, discarded)',
        responses: {
          '200': jsonResponse('the version in force and the versions', 'ModelList'),
          ...errors(401, 403),
        },
      },
    },
    '/v1/models/second-stage/{version}': {
      get: {
        summary: 'One version with its guard report (per-label F1 before → after)',
        parameters: [version],
        responses: {
          '200': jsonResponse('the version', 'ModelVersionResponse'),
          ...errors(401, 403, 404, 422),
        },
      },
    },
    '/v1/models/second-stage/drafts': {
      post: {
        summary: 'Retrain from the shipped labelled calls plus accepted appeals (a draft)',
        requestBody: jsonBody(ZTrainModelBody),
        responses: {
          '201': jsonResponse('a new draft with its guard report', 'ModelDraftResponse'),
          '200': jsonResponse('the same training data gives an existing version', 'ModelDraftResponse'),
          ...errors(400, 401, 403),
        },
      },
    },
    '/v1/models/second-stage/{version}/what-if': {
      post: {
        summary: 'What the version would change on the last N scored calls (nothing is stored)',
        parameters: [version],
        requestBody: jsonBody(ZModelWhatIfBody),
        responses: {
          '200': jsonResponse('what would change, with examples', 'ModelWhatIfResponse'),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    '/v1/models/second-stage/{version}/publish': {
      post: {
        summary: 'Publish a draft (refused with 409 when its guard failed), then rescore',
        parameters: [version],
        requestBody: jsonBody(ZPublishModelBody),
        responses: {
          '200': jsonResponse('published, with the rescore run of each industry', 'ModelPublished'),
          ...errors(400, 401, 403, 404, 409),
        },
      },
    },
    '/v1/models/second-stage/{version}/discard': {
      post: {
        summary: 'Discard a draft',
        parameters: [version],
        responses: { '204': { description: 'discarded' }, ...errors(401, 403, 404, 409) },
      },
    },
    '/v1/privacy/erasures': {
      post: {
        summary: "Erase one customer's data on request (PIPL), by phone number or name; admins only",
        description:
          'A dry run by default (200, what would be erased); `dryRun: false` erases (201) across every ' +
          'table, file and derived copy and writes an audit entry.',
        requestBody: jsonBody(ZErasureBody),
        responses: {
          '200': { description: 'dry run report' },
          '201': { description: 'erased' },
          ...errors(400, 401, 403, 422),
        },
      },
    },
  };
}
