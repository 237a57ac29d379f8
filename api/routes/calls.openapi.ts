import { errors, jsonResponse, parameters, pathParameter } from '../openapi-support.js';
import { ZListQuery } from './calls.routes.js';
import { ZSummaryQuery } from './reps.routes.js';

/** The multipart form of a recording (busboy reads it; no zod schema describes a form). */
export const RECORDING_FORM = {
  type: 'object',
  required: ['audio'],
  properties: {
    audio: { type: 'string', format: 'binary', description: 'the recording' },
    metadata: {
      type: 'string',
      description: 'JSON of AudioCallMetadata (or send its fields one by one)',
    },
    repId: { type: 'string' },
    industry: {
      type: 'string',
      description:
        'optional; absent or `auto`: inferred from the transcript once the recording is transcribed',
    },
    occurredAt: { type: 'string', format: 'date-time' },
    externalId: { type: 'string' },
    customer: { type: 'string', description: 'JSON' },
    channels: { type: 'string', description: 'JSON, e.g. {"left":"rep","right":"customer"}' },
  },
};

const SUBMIT_DESCRIPTION =
  'A recording is sent as multipart/form-data: the file in the part `audio` (wav, mp3, m4a/aac, amr, ' +
  'ogg/opus, flac, or WeChat voice, i.e. SILK v3, whatever the file is called; the format is detected ' +
  'from the content) and the metadata either as one `metadata` JSON field or as fields `repId`, ' +
  '`occurredAt`, optional `industry`, `externalId`, `customer` (JSON) and `channels` (JSON, e.g. ' +
  '{"left":"rep","right":"customer"} for a stereo recording). A recording without `industry` (or ' +
  'with `auto`) is accepted as any other: `industrySource` is `inferred` with `industryInference` ' +
  'null (the stored industry a placeholder) until it is transcribed; then its transcript decides ' +
  'the industry as a transcript submitted without one would (the evidence in `industryInference`), ' +
  'or the call waits as `needs_industry` (待确认行业) with the candidates until PUT ' +
  '/v1/calls/{id}/industry, which analyses it from the same transcript. 413 past MAX_AUDIO_BYTES, 415 for ' +
  'other file types (details.detected names what was sent) and where no speech model is configured, ' +
  '422 past MAX_AUDIO_SECONDS. The same recording again is the same call (200). GET ' +
  '/v1/calls/{id} shows `progress` (percent) while it is transcribed.';

/**
 * OpenAPI paths of the calls and a rep's summary; the response bodies are the schemas of
 * calls.schema.ts (CallView, CallListPage, CallSubmitted, RepSummary).
 */
export function callsOpenApiPaths(): Record<string, unknown> {
  return {
    '/v1/calls': {
      post: {
        summary: 'Submit a call: a transcript (JSON) or a recording (multipart)',
        description: SUBMIT_DESCRIPTION,
        requestBody: {
          required: true,
          content: {
            'application/json': { schema: { $ref: '#/components/schemas/Transcript' } },
            'multipart/form-data': { schema: { $ref: '#/components/schemas/Recording' } },
          },
        },
        responses: {
          '201': jsonResponse(
            'stored and queued; without an industry (or `auto`) it is inferred, or the call waits as ' +
              '`needs_industry` (待确认行业) until PUT /v1/calls/{id}/industry',
            'CallSubmitted',
          ),
          '202': jsonResponse(
            'stored; the job queue is unreachable, the call is scored when it is back',
            'CallSubmitted',
          ),
          '200': jsonResponse('the same call was already stored (idempotent)', 'CallSubmitted'),
          ...errors(400, 401, 403, 409, 413, 415, 422),
        },
      },
      get: {
        summary: 'List calls visible to the caller',
        parameters: parameters(ZListQuery, 'query'),
        responses: {
          '200': jsonResponse('a page of calls with nextCursor (and snippets when searched)', 'CallListPage'),
          ...errors(400, 401),
        },
      },
    },
    '/v1/calls/{id}/audio': {
      get: {
        summary: 'The stored recording of an audio call (original bytes; Range requests for the player)',
        parameters: [pathParameter('id', 'call id')],
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
        parameters: [pathParameter('id', 'call id')],
        responses: {
          '200': jsonResponse('the call, its transcript and (once scored) its analysis', 'CallView'),
          ...errors(401, 404),
        },
      },
    },
    '/v1/reps/{id}/summary': {
      get: {
        summary: "A rep's averages per dimension and metric over scored calls",
        parameters: [pathParameter('id', 'rep (user) id'), ...parameters(ZSummaryQuery, 'query')],
        responses: { '200': jsonResponse('summary', 'RepSummary'), ...errors(400, 401, 404) },
      },
    },
  };
}
