import { z } from 'zod';
import { AppError, ErrorCode, formatPath } from '../../models/errors.js';
import { AUTO_INDUSTRY, ZCleanString, ZCustomer, ZSpeaker } from '../../models/transcript.js';

/**
 * Metadata sent with a recording (the multipart fields beside the file). `channels` maps the
 * two sides of a stereo recording to roles; without it the roles are inferred from the text.
 * `industry` may be absent or `auto`: the transcript decides it once the recording is transcribed.
 */
export const ZAudioCallInput = z.strictObject({
  externalId: ZCleanString.min(1).max(200).optional(),
  repId: ZCleanString.min(1).max(200),
  industry: z
    .string()
    .regex(/^[a-z][a-z0-9_]{1,39}$/, 'must be a snake_case industry id')
    .describe(
      'snake_case industry id; absent or `auto`: inferred from the transcript after transcription (industrySource inferred), or the call waits as needs_industry (待确认行业) with the candidates until PUT /v1/calls/{id}/industry',
    )
    .optional(),
  occurredAt: z.iso.datetime({ offset: true }),
  customer: ZCustomer.optional(),
  channels: z
    .strictObject({ left: ZSpeaker, right: ZSpeaker })
    .refine((c) => c.left !== c.right, 'left and right must be different roles (rep and customer)')
    .optional(),
});
export type AudioCallInput = z.infer<typeof ZAudioCallInput>;

/** Fields that arrive as JSON text in a multipart form. */
const JSON_FIELDS = new Set(['customer', 'channels']);

/**
 * Builds the metadata object from multipart fields: either one `metadata` field holding the
 * whole JSON document, or one field per property (`customer` and `channels` as JSON text).
 */
export function metadataFromFields(fields: ReadonlyMap<string, string>): unknown {
  const problems: { path: string; message: string }[] = [];
  const doc: Record<string, unknown> = {};
  const whole = fields.get('metadata');
  if (whole !== undefined) {
    try {
      Object.assign(doc, JSON.parse(whole));
    } catch {
      problems.push({ path: 'metadata', message: 'must be a JSON object' });
    }
  }
  for (const [name, value] of fields) {
    if (name === 'metadata') continue;
    if (JSON_FIELDS.has(name)) {
      try {
        doc[name] = JSON.parse(value);
      } catch {
        problems.push({ path: name, message: 'must be JSON, e.g. {"left":"rep","right":"customer"}' });
      }
    } else doc[name] = value;
  }
  if (problems.length > 0) throw new AppError(ErrorCode.InvalidInput, 'invalid call metadata', { problems });
  return doc;
}

/**
 * Parses the metadata; every problem is listed with its field path. `industry: auto` comes back
 * as no industry (to be inferred), as for a transcript.
 */
export function parseAudioCallInput(data: unknown): AudioCallInput {
  const parsed = ZAudioCallInput.safeParse(data);
  if (!parsed.success) {
    throw new AppError(ErrorCode.InvalidInput, 'invalid call metadata', {
      problems: parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
    });
  }
  const input = { ...parsed.data };
  if (input.industry === AUTO_INDUSTRY) delete input.industry;
  return input;
}
