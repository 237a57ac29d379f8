import { errors, jsonBody, jsonResponse, pathParameter } from '../openapi-support.js';
import {
  ZDecideChangeBody,
  ZPublishBody,
  ZRescoreBody,
  ZRollbackBody,
  ZTermPatch,
} from './lexicons.routes.js';

const path = pathParameter;
const body = jsonBody;
const ok = (description: string) => ({ '200': { description } });
const industry = path('industry', 'industry id, e.g. medical_devices');

/** Reading lexicons: the list, one industry with its inheritance, versions, diffs and exports. */
function lexiconReadPaths(): Record<string, unknown> {
  return {
    '/v1/lexicons': {
      get: {
        summary:
          'Lexicons with their current version, Chinese name, parent (`extends`) and `selectable` (false: a shared base)',
        responses: { '200': jsonResponse('industries', 'LexiconIndustryList'), ...errors(401, 403) },
      },
    },
    '/v1/lexicons/{industry}': {
      get: {
        summary:
          'Current version, draft, pending change requests and `inheritance` (ancestors, inherited terms marked `inheritedFrom`, overrides, children)',
        parameters: [industry],
        responses: { '200': jsonResponse('lexicon', 'LexiconOverview'), ...errors(401, 403, 404) },
      },
    },
    '/v1/lexicons/{industry}/lint': {
      get: {
        summary:
          'Lint of the version the editor shows (the draft, else the published one), as `tingjian lexicons lint`: common words (jieba frequency), brands that are ordinary words, one surface in two conflicting categories, duplicates of the base or of inherited terms, and the count of terms no labelled call exercises',
        parameters: [industry],
        responses: {
          '200': jsonResponse('the findings', 'LexiconLintReport'),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    '/v1/lexicons/{industry}/versions': {
      get: {
        summary: 'All versions',
        parameters: [industry],
        responses: { '200': jsonResponse('versions', 'LexiconVersionList'), ...errors(401, 404) },
      },
    },
    '/v1/lexicons/{industry}/versions/{ref}': {
      get: {
        summary: 'One version (a sequence number or `draft`) with its terms, scorecard and `inheritance`',
        parameters: [industry, path('ref', 'sequence or draft')],
        responses: { '200': jsonResponse('version', 'LexiconVersionResponse'), ...errors(400, 401, 404) },
      },
    },
    '/v1/lexicons/{industry}/diff': {
      get: {
        summary: 'Terms added, removed and changed between two versions (`from`, `to`: sequence or draft)',
        parameters: [industry],
        responses: { '200': jsonResponse('diff', 'LexiconDiff'), ...errors(400, 401, 404) },
      },
    },
    '/v1/lexicons/{industry}/export': {
      get: {
        summary: 'Export a version (`current`, `draft` or a sequence) as CSV or JSON',
        parameters: [industry],
        responses: { ...ok('the file'), ...errors(400, 401, 404) },
      },
    },
  };
}

/** Editing an industry's draft: create or discard it, its terms, its scorecard overlay, imports. */
function lexiconDraftPaths(): Record<string, unknown> {
  return {
    '/v1/lexicons/{industry}/draft': {
      post: {
        summary: 'Create the draft (copy of the published version)',
        parameters: [industry],
        responses: { '201': jsonResponse('draft', 'LexiconDraftResponse'), ...errors(401, 403, 404) },
      },
      delete: {
        summary: 'Discard the draft',
        parameters: [industry],
        responses: { '204': { description: 'discarded' }, ...errors(401, 403, 404) },
      },
    },
    '/v1/lexicons/{industry}/draft/terms': {
      post: {
        summary: 'Add a term to the draft (validated; duplicates and conflicts refused)',
        parameters: [industry],
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } },
        responses: {
          '201': jsonResponse('the draft', 'LexiconDraftResponse'),
          ...errors(400, 401, 403, 409, 422),
        },
      },
    },
    '/v1/lexicons/{industry}/draft/terms/{term}': {
      patch: {
        summary: "Change a term's category, synonyms, weight, tag or note",
        parameters: [industry, path('term', 'the term')],
        requestBody: body(ZTermPatch),
        responses: {
          '200': jsonResponse('the draft', 'LexiconDraftResponse'),
          ...errors(400, 401, 403, 404, 422),
        },
      },
      delete: {
        summary: 'Remove a term from the draft',
        parameters: [industry, path('term', 'the term')],
        responses: { '200': jsonResponse('the draft', 'LexiconDraftResponse'), ...errors(401, 403, 404) },
      },
    },
    '/v1/lexicons/{industry}/draft/scorecard': {
      put: {
        summary: "Replace the draft's scorecard overlay (weights, targets)",
        parameters: [industry],
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } },
        responses: {
          '200': jsonResponse('the draft', 'LexiconDraftResponse'),
          ...errors(400, 401, 403, 422),
        },
      },
    },
    '/v1/lexicons/{industry}/draft/import': {
      post: {
        summary: 'Import terms into the draft from CSV (UTF-8 or GBK) or JSON; `mode` merge or replace',
        parameters: [industry],
        requestBody: {
          required: true,
          content: {
            'text/csv': { schema: { type: 'string' } },
            'application/json': { schema: { type: 'object' } },
          },
        },
        responses: {
          '200': jsonResponse('the draft, terms imported and the encoding read', 'LexiconImportResponse'),
          ...errors(400, 401, 403, 413, 422),
        },
      },
    },
  };
}

/** From draft to the calls: change requests from appeals, what-if, publish, rollback and rescores. */
function lexiconReleasePaths(): Record<string, unknown> {
  return {
    '/v1/lexicons/{industry}/change-requests': {
      get: {
        summary: 'Change requests from accepted appeals',
        parameters: [industry],
        responses: { '200': jsonResponse('requests', 'LexiconChangeRequestList'), ...errors(401, 404) },
      },
    },
    '/v1/lexicon-change-requests/{id}/decision': {
      post: {
        summary: 'Accept (applied to the draft) or decline a change request',
        parameters: [path('id', 'change request id')],
        requestBody: body(ZDecideChangeBody),
        responses: {
          '200': jsonResponse('the request and the draft', 'LexiconChangeDecision'),
          ...errors(400, 401, 403, 404, 409, 422),
        },
      },
    },
    '/v1/lexicons/{industry}/what-if': {
      post: {
        summary: "Run the draft over the industry's last N scored calls: what would change, with examples",
        parameters: [industry, { name: 'limit', in: 'query', required: false, schema: { type: 'integer' } }],
        responses: { '200': jsonResponse('the report', 'LexiconWhatIfReport'), ...errors(401, 403, 404) },
      },
    },
    '/v1/lexicons/{industry}/publish': {
      post: {
        summary:
          "Publish the draft as the next version (every process installs it; industries that extend it recompile) and start a rescore run of its calls and its children's",
        parameters: [industry],
        requestBody: body(ZPublishBody),
        responses: {
          '201': jsonResponse('the version and the rescore run', 'LexiconPublished'),
          ...errors(400, 401, 403, 404, 409, 422),
        },
      },
    },
    '/v1/lexicons/{industry}/rollback': {
      post: {
        summary: "Publish an earlier version's content again as a new version",
        parameters: [industry],
        requestBody: body(ZRollbackBody),
        responses: {
          '201': jsonResponse('the version and the rescore run', 'LexiconPublished'),
          ...errors(400, 401, 403, 404, 409),
        },
      },
    },
    '/v1/lexicons/{industry}/rescores': {
      get: {
        summary: 'Rescore runs of an industry',
        parameters: [industry],
        responses: { '200': jsonResponse('runs', 'RescoreRunList'), ...errors(401) },
      },
      post: {
        summary: "Rescore the industry's calls (all, or since a date) with the current version",
        parameters: [industry],
        requestBody: body(ZRescoreBody),
        responses: { '201': jsonResponse('the run', 'RescoreStarted'), ...errors(400, 401, 403, 404) },
      },
    },
    '/v1/rescores/{id}': {
      get: {
        summary: 'Progress of a rescore run and the before/after of its (changed) calls',
        parameters: [path('id', 'rescore run id')],
        responses: { '200': jsonResponse('run and results', 'RescoreRunProgress'), ...errors(400, 401, 404) },
      },
    },
  };
}

/** OpenAPI paths of the lexicon administration (versions, drafts, change requests, rescore runs). */
export function lexiconsOpenApiPaths(): Record<string, unknown> {
  return { ...lexiconReadPaths(), ...lexiconDraftPaths(), ...lexiconReleasePaths() };
}
