import { z } from 'zod';
import { ZTranscriptDraftInput } from '../models/transcript.js';
import { ZAudioCallInput } from '../pipeline/audio/audio-metadata.js';
import { responseComponents } from './openapi-shapes.js';
import { errors, jsonResponse, jsonSchema, parameters } from './openapi-support.js';
import { appealsOpenApiPaths } from './routes/appeals.openapi.js';
import { ZListQuery } from './routes/calls.routes.js';
import { feedbackOpenApiPaths } from './routes/feedback.openapi.js';
import { operationsOpenApiPaths } from './routes/operations.openapi.js';
import { ZSummaryQuery } from './routes/reps.routes.js';
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
        Recording: {
          type: 'object',
          required: ['audio'],
          properties: {
            audio: { type: 'string', format: 'binary', description: 'the recording' },
            metadata: {
              type: 'string',
              description: 'JSON of AudioCallMetadata (or send its fields one by one)',
            },
            repId: { type: 'string' },
            industry: { type: 'string' },
            occurredAt: { type: 'string', format: 'date-time' },
            externalId: { type: 'string' },
            customer: { type: 'string', description: 'JSON' },
            channels: { type: 'string', description: 'JSON, e.g. {"left":"rep","right":"customer"}' },
          },
        },
        AudioCallMetadata: schema(ZAudioCallInput),
        Error: schema(ZError),
        ...responseComponents(),
      },
    },
    security: [{ bearer: [] }],
    paths: {
      '/v1/calls': {
        post: {
          summary: 'Submit a call: a transcript (JSON) or a recording (multipart)',
          description:
            'A recording is sent as multipart/form-data: the file in the part `audio` (wav, mp3, m4a/aac, amr, ' +
            'ogg/opus, flac, or WeChat voice, i.e. SILK v3, whatever the file is called; the format is detected ' +
            'from the content) and the metadata either as one `metadata` JSON field or as fields `repId`, ' +
            '`industry`, `occurredAt`, optional `externalId`, `customer` (JSON) and `channels` (JSON, e.g. ' +
            '{"left":"rep","right":"customer"} for a stereo recording). 413 past MAX_AUDIO_BYTES, 415 for ' +
            'other file types (details.detected names what was sent) and where no speech model is configured, ' +
            '422 past MAX_AUDIO_SECONDS. The same recording again is the same call (200). GET ' +
            '/v1/calls/{id} shows `progress` (percent) while it is transcribed.',
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/Transcript' } },
              'multipart/form-data': { schema: { $ref: '#/components/schemas/Recording' } },
            },
          },
          responses: {
            '201': {
              description:
                'stored and queued; without an industry (or `auto`) it is inferred, or the call waits as ' +
                '`needs_industry` (待确认行业) until PUT /v1/calls/{id}/industry',
            },
            '202': {
              description: 'stored; the job queue is unreachable, the call is scored when it is back',
            },
            '200': { description: 'the same call was already stored (idempotent)' },
            ...errors(400, 401, 403, 409, 413, 415, 422),
          },
        },
        get: {
          summary: 'List calls visible to the caller',
          parameters: parameters(ZListQuery, 'query'),
          responses: { '200': { description: 'a page of calls with nextCursor' }, ...errors(400, 401) },
        },
      },
      '/v1/calls/{id}/audio': {
        get: {
          summary: 'The stored recording of an audio call (original bytes; Range requests for the player)',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': { description: 'the recording' },
            '206': { description: 'a byte range' },
            ...errors(401, 404),
          },
        },
      },
      '/v1/calls/{id}': {
        get: {
          summary: 'A call with transcript, findings, score items and dimensions',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'the call' }, ...errors(401, 404) },
        },
      },
      ...feedbackOpenApiPaths(),
      ...appealsOpenApiPaths(),
      ...operationsOpenApiPaths(),
      ...ssoOpenApiPaths(),
      '/v1/reps/{id}/summary': {
        get: {
          summary: "A rep's averages per dimension and metric over scored calls",
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
            ...parameters(ZSummaryQuery, 'query'),
          ],
          responses: { '200': { description: 'summary' }, ...errors(400, 401, 404) },
        },
      },
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
