import { z } from 'zod';
import { ZTranscriptDraftInput } from '../models/transcript.js';
import { ZAudioCallInput } from '../pipeline/audio/audio-metadata.js';
import { responseComponents } from './openapi-shapes.js';
import { errors, jsonResponse, jsonSchema } from './openapi-support.js';
import { appealsOpenApiPaths } from './routes/appeals.openapi.js';
import { callsOpenApiPaths, RECORDING_FORM } from './routes/calls.openapi.js';
import { feedbackOpenApiPaths } from './routes/feedback.openapi.js';
import { lexiconsOpenApiPaths } from './routes/lexicons.openapi.js';
import { operationsOpenApiPaths } from './routes/operations.openapi.js';
import { ssoOpenApiPaths } from './routes/sso.openapi.js';

const ZError = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

/** OpenAPI 3.1 generated from the same zod schemas that validate requests. */
export function buildOpenApi(version: string): object {
  const schema = jsonSchema;
  return {
    openapi: '3.1.0',
    info: { title: '听见 Tingjian API', version, description: '销售通话分析：提交通话、查询评分与证据。' },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        // `industry` may be omitted (or `auto`): inferred from lexicon evidence, or 待确认行业.
        Transcript: schema(ZTranscriptDraftInput),
        Recording: RECORDING_FORM,
        AudioCallMetadata: schema(ZAudioCallInput),
        Error: schema(ZError),
        ...responseComponents(),
      },
    },
    security: [{ bearer: [] }],
    paths: {
      ...callsOpenApiPaths(),
      ...feedbackOpenApiPaths(),
      ...appealsOpenApiPaths(),
      ...lexiconsOpenApiPaths(),
      ...operationsOpenApiPaths(),
      ...ssoOpenApiPaths(),
      '/v1/me': {
        get: {
          summary: 'The caller: id, name, roles, team and external id (the web UI picks pages by role)',
          responses: { '200': jsonResponse('the user of the bearer token', 'Me'), ...errors(401) },
        },
      },
      '/v1/demo/users': {
        get: {
          summary:
            'Embedded demo only (`tingjian start --demo` or TINGJIAN_DEMO=1, on a loopback HOST): the seeded demo users with their tokens, for the web UI role switcher; 404 elsewhere',
          security: [],
          responses: {
            '200': jsonResponse('the demo users with their tokens', 'DemoUsers'),
            ...errors(404),
          },
        },
      },
      '/v1/privacy/retention': {
        get: {
          summary:
            'Admins: the retention windows (days per kind, null = forever), the last run (its audit entry) and what a run now would remove (a dry run)',
          responses: {
            '200': jsonResponse(
              'the windows, the last run and what a run now would remove',
              'RetentionState',
            ),
            ...errors(401, 403),
          },
        },
      },
      '/v1/privacy/retention/runs': {
        post: {
          summary:
            'Admins: a retention run; a dry run unless `{"dryRun": false}`. 201 with the counts and its audit id; 409 while another run holds the lock',
          responses: {
            '200': jsonResponse('the dry run', 'RetentionRunResponse'),
            '201': jsonResponse('data removed, audited', 'RetentionRunResponse'),
            ...errors(400, 401, 403, 409),
          },
        },
      },
      '/healthz': { get: { summary: 'Liveness', security: [], responses: { '200': { description: 'ok' } } } },
      '/readyz': {
        get: {
          summary: 'Readiness (database, Redis)',
          security: [],
          responses: { '200': { description: 'ready' }, '503': { description: 'a dependency is down' } },
        },
      },
      '/metrics': {
        get: {
          summary: 'Prometheus metrics',
          security: [],
          responses: { '200': { description: 'text exposition' } },
        },
      },
    },
  };
}

/** The interactive docs page (Swagger UI served from the swagger-ui-dist package, no CDN). */
export const DOCS_HTML = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>听见 API 文档</title>
<link rel="stylesheet" href="/v1/docs/assets/swagger-ui.css"></head>
<body><div id="ui"></div>
<script src="/v1/docs/assets/swagger-ui-bundle.js"></script>
<script>window.ui = SwaggerUIBundle({ url: '/v1/openapi.json', dom_id: '#ui' });</script>
</body></html>`;
