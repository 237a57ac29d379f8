/**
 * A vendor result posted as a call (`POST /v1/calls`): recognised by content and turned into our
 * transcript document, with rep, industry, time, external id and channel map taken from the
 * query string or from fields beside the vendor's envelope. Any other body is returned as is.
 */
import { AppError, ErrorCode } from '../../models/errors.js';
import { type ImportFormat, importVendorDocument, parseImportFormat } from './index.js';
import { parseChannelMap } from './roles.js';
import { isRecord } from './vendor-transcript.js';

const FIELDS = ['repId', 'industry', 'occurredAt', 'externalId'] as const;

/** Our transcript document for a vendor body; other bodies unchanged. */
export function transcriptFromVendorBody(body: unknown, query: Readonly<Record<string, unknown>>): unknown {
  const text = (key: string): string | undefined => {
    const q = query[key];
    if (typeof q === 'string' && q !== '') return q;
    const b = isRecord(body) ? body[key] : undefined;
    return typeof b === 'string' && b !== '' ? b : undefined;
  };
  const format: ImportFormat | undefined = text('format') ? parseImportFormat(text('format')!) : undefined;
  const channels = text('channels');
  const imported = importVendorDocument(body, {
    format,
    channels: channels ? parseChannelMap(channels) : undefined,
  });
  if (!imported) return body;
  const out: Record<string, unknown> = {};
  for (const key of FIELDS) {
    const value = text(key);
    if (value !== undefined) out[key] = value;
  }
  // The vendor's task id makes a resubmitted result the same call.
  if (out.externalId === undefined && imported.taskId)
    out.externalId = `${imported.format}-${imported.taskId}`.slice(0, 200);
  if (out.repId === undefined) {
    throw new AppError(
      ErrorCode.InvalidInput,
      'a vendor result needs repId (query ?repId= or a field beside the result)',
      {
        problems: [{ path: 'repId', message: 'required: ?repId=… or "repId" beside the vendor result' }],
      },
    );
  }
  return { ...out, utterances: imported.utterances };
}
