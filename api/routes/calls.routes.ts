import { existsSync } from 'node:fs';
import { resolve as resolvePath, sep } from 'node:path';
import busboy from 'busboy';
import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import type { Call, CallRepository } from '../../models/call.repository.js';
import { AppError, ErrorCode } from '../../models/errors.js';
import { checkOccurredAt, ZCleanString } from '../../models/transcript.js';
import type { User, UserRepository } from '../../models/user.repository.js';
import { discardUpload, type ReceivedUpload, receiveUpload } from '../../pipeline/audio/audio-intake.js';
import { metadataFromFields } from '../../pipeline/audio/audio-metadata.js';
import { transcriptFromVendorBody } from '../../pipeline/import/request.js';
import { normalizeSearchQuery } from '../../pipeline/nlp/search-query.js';
import { authorize, callListScope, can, submissionNeedsRepTeam } from '../../services/access/policy.js';
import type { CallService } from '../../services/intake/call.service.js';
import { fillMissingCoaching } from '../../services/intake/call-coaching.js';
import { industryAwaitsTranscript } from '../../services/intake/industry-decision.js';
import { CALL_STATUSES } from '../../shared/vocabulary.js';
import { sendStoredRecording } from '../audio-download.js';
import { requireUser } from '../middleware/auth.js';
import { negotiateEncoding, sendEncoded } from '../middleware/compression.js';

const ZId = z.string().regex(/^[A-Za-z0-9_.-]{1,200}$/, 'letters, digits, _ . - only');
const ZIndustryId = z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, 'must be a snake_case industry id');

/** Longest search query, in characters (UTF-16 units, as the schema counts). */
export const MAX_QUERY_CHARS = 200;
/** Longest request URL the list reads, in characters (percent-encoded as sent). */
export const MAX_URL_CHARS = 4096;

export const ZListQuery = z.strictObject({
  repId: ZId.optional(),
  teamId: ZId.optional(),
  industry: z
    .string()
    .regex(/^[a-z][a-z0-9_]{1,39}$/, 'must be a snake_case industry id')
    .optional(),
  status: z.enum(CALL_STATUSES).optional(),
  tag: ZCleanString.min(1).max(40).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  dimension: z
    .enum(['lead_activation', 'need_diagnosis', 'solution_presentation', 'objection_handling', 'closing'])
    .optional(),
  minScore: z.coerce.number().min(0).max(100).optional(),
  maxScore: z.coerce.number().min(0).max(100).optional(),
  sort: z.enum(['occurred_at', 'total']).optional(),
  order: z.enum(['asc', 'desc']).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_=-]{1,2000}$/, 'not a cursor of this list')
    .optional(),
  /** Chinese keyword search over transcripts (every word must occur); longer → query_too_long. */
  q: ZCleanString.min(1).max(MAX_QUERY_CHARS).optional(),
});

/** Who may read a call: the policy's `call.read` (reps their own, managers their team's, others all). */
export function canRead(user: User, call: Pick<Call, 'repId' | 'teamId'>): boolean {
  return can(user, 'call.read', call);
}

export function present(call: Call) {
  return {
    id: call.id,
    externalId: call.externalId,
    repId: call.repId,
    teamId: call.teamId,
    // A recording's placeholder industry is no industry: null until its transcript decides.
    industry: industryAwaitsTranscript(call) ? null : call.industry,
    industrySource: call.industrySource,
    industryInference: call.industryInference,
    occurredAt: new Date(call.occurredAt).toISOString(),
    customer: call.customer,
    source: call.source,
    status: call.status,
    failureReason: call.failureReason,
    revision: call.revision,
    lexiconVersion: call.lexiconVersion,
    scorecardVersion: call.scorecardVersion,
    total: call.total,
    tags: call.tags,
    audio: call.audio,
    progress: call.progress,
  };
}

/**
 * Reads a multipart upload: the text fields, and the first file part named `audio` or `file`
 * streamed to a temporary file (see receiveUpload). Other file parts are skipped, and so is the
 * recording itself where this deployment takes no audio (`settings` undefined).
 */
function readMultipart(
  req: Request,
  settings: { audioDir: string; maxBytes: number } | undefined,
): Promise<{ fields: Map<string, string>; upload: ReceivedUpload | null; sawFile: boolean }> {
  return new Promise((resolve, reject) => {
    let parser: ReturnType<typeof busboy>;
    try {
      parser = busboy({
        headers: req.headers,
        limits: { files: 1, fields: 20, fieldSize: 64 * 1024, parts: 30 },
      });
    } catch (err) {
      reject(new AppError(ErrorCode.InvalidInput, `malformed multipart body: ${(err as Error).message}`));
      return;
    }
    const fields = new Map<string, string>();
    let upload: Promise<ReceivedUpload> | null = null;
    let sawFile = false;
    parser.on('field', (name, value) => fields.set(name, value));
    parser.on('file', (name, stream) => {
      if (sawFile || (name !== 'audio' && name !== 'file')) {
        stream.resume();
        return;
      }
      sawFile = true;
      if (!settings) {
        stream.resume();
        return;
      }
      upload = receiveUpload(stream, settings.audioDir, settings.maxBytes);
      upload.catch(() => {}); // awaited on close
    });
    parser.on('error', (err) => {
      req.unpipe(parser);
      req.resume();
      reject(new AppError(ErrorCode.InvalidInput, `malformed multipart body: ${(err as Error).message}`));
    });
    parser.on('close', () => {
      const pending: Promise<ReceivedUpload> | null = upload;
      if (!pending) return resolve({ fields, upload: null, sawFile });
      pending.then((u) => resolve({ fields, upload: u, sawFile }), reject);
    });
    req.pipe(parser);
  });
}

/** Content types of stored recordings (AMR and SILK download as is; browsers do not play them). */
const AUDIO_TYPES: Record<string, string> = {
  wav: 'audio/wav',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  aac: 'audio/aac',
  amr: 'audio/amr',
  ogg: 'audio/ogg',
  opus: 'audio/ogg',
  flac: 'audio/flac',
  silk: 'application/octet-stream',
};

/** Who may submit a call for `repId`: reps their own, managers their team's, admins all. */
export async function checkCallSubmitter(
  users: Pick<UserRepository, 'findActiveRep'>,
  user: User,
  repId: unknown,
): Promise<void> {
  authorize(user, 'call.create');
  const rep = submissionNeedsRepTeam(user, repId) ? await users.findActiveRep(repId as string) : null;
  authorize(user, 'call.create', { repRef: repId, repTeamId: rep ? rep.teamId : undefined });
}

export interface CallsRoutesDeps {
  calls: CallRepository;
  service: CallService;
  users: Pick<UserRepository, 'findActiveRep'>;
}

export function callsRoutes(deps: CallsRoutesDeps): Router {
  const r = Router();

  r.post('/v1/calls', (req, res) => submitCall(deps, req, res));

  r.get('/v1/calls', (req, res) => listCalls(deps, req, res));

  /** The stored recording of an audio call (Range requests supported, for the player). */
  r.get('/v1/calls/:id/audio', async (req, res) => {
    const user = requireUser(req);
    if (!/^[A-Za-z0-9_.-]{1,120}$/.test(req.params.id))
      throw new AppError(ErrorCode.NotFound, 'call not found');
    const call = await deps.calls.find(req.params.id);
    if (!call || !canRead(user, call))
      throw new AppError(ErrorCode.NotFound, `call ${req.params.id} not found`);
    const audio = call.audio;
    const dir = deps.service.audioIntake?.audioDir;
    if (!audio || !dir) throw new AppError(ErrorCode.NotFound, `call ${call.id} has no stored recording`);
    // The stored path is ours (content hash), never a client's name; still refuse anything outside the folder.
    const file = resolvePath(dir, audio.path);
    if (!file.startsWith(resolvePath(dir) + sep) || !existsSync(file)) {
      throw new AppError(
        ErrorCode.NotFound,
        `the recording of call ${call.id} is missing from the audio folder`,
      );
    }
    res.type(AUDIO_TYPES[audio.format] ?? 'application/octet-stream');
    res.set('cache-control', 'private, max-age=3600');
    await sendStoredRecording(req, res, file, deps.service.audioIntake?.key);
  });

  // 待确认行业 picked, or an industry corrected: the call's rep, its team's managers, reviewers
  // and admins. A flagged call is then analysed, a scored one rescored.
  r.put('/v1/calls/:id/industry', async (req, res) => {
    const user = requireUser(req);
    const body = z.strictObject({ industry: ZIndustryId }).parse(req.body ?? {});
    const call = await deps.calls.find(req.params.id);
    if (!call) throw new AppError(ErrorCode.NotFound, `call ${req.params.id} not found`);
    authorize(user, 'call.set_industry', call, `call ${req.params.id} not found`);
    const updated = await deps.service.chooseIndustry(call.id, body.industry, user);
    res.json({ call: present(updated) });
  });

  r.get('/v1/calls/:id', async (req, res) => {
    const user = requireUser(req);
    // Ids are call-<hex> (or an external-style id): anything else cannot exist.
    if (!/^[A-Za-z0-9_.-]{1,120}$/.test(req.params.id))
      throw new AppError(ErrorCode.NotFound, 'call not found');
    // The view is the same for every reader who may see it: one stored copy per coding serves all.
    const coding = negotiateEncoding(req.get('accept-encoding'));
    let found = await deps.calls.findStoredView(req.params.id, coding);
    // 404 for both "absent" and "not yours": existence must not leak (and never a 304 either).
    if (!found || !canRead(user, found.call))
      throw new AppError(ErrorCode.NotFound, `call ${req.params.id} not found`);
    // Scored before coaching was stored with the analysis: computed once, then read as stored.
    if (found.coachingPending) {
      await fillMissingCoaching(deps.calls, req.params.id);
      found = await deps.calls.findStoredView(req.params.id, coding);
      if (!found) throw new AppError(ErrorCode.NotFound, `call ${req.params.id} not found`);
    }
    const { view } = found;
    // A view built on read (a call in progress) goes through compressResponses like any JSON.
    if (!view.stored) {
      res.type('application/json').send(view.json);
      return;
    }
    sendEncoded(req, res, {
      hash: view.etag,
      coding: view.coding,
      body: view.body,
      type: 'application/json; charset=utf-8',
    });
  });

  return r;
}

/** A call in: a recording (multipart) or a transcript (JSON, ours or a cloud ASR vendor's). */
async function submitCall(deps: CallsRoutesDeps, req: Request, res: Response): Promise<void> {
  const user = requireUser(req);
  if (req.is('multipart/form-data')) return submitRecording(deps, user, req, res);
  if (!req.is('application/json')) {
    throw new AppError(
      ErrorCode.UnsupportedMediaType,
      `expected application/json (a transcript) or multipart/form-data (a recording), got ${req.get('content-type') ?? 'no content type'}`,
    );
  }
  // A cloud ASR vendor's result (detected by content) becomes our transcript first.
  const body = transcriptFromVendorBody(req.body, req.query);
  await checkCallSubmitter(deps.users, user, (body as { repId?: unknown } | undefined)?.repId);
  // 202: stored, to be scored when the job queue is reachable again.
  const { call, created, deferred } = await deps.service.submitTranscript(body);
  res
    .status(deferred ? 202 : created ? 201 : 200)
    .json({ call: present(call), created, ...(deferred ? { deferred } : {}) });
}

/** A recording: the file part `audio` (or `file`) plus the metadata fields. */
async function submitRecording(
  deps: CallsRoutesDeps,
  user: User,
  req: Request,
  res: Response,
): Promise<void> {
  const settings = deps.service.audioIntake;
  const declared = Number(req.get('content-length'));
  if (settings && Number.isFinite(declared) && declared > settings.maxBytes + 1024 * 1024) {
    throw new AppError(
      ErrorCode.PayloadTooLarge,
      `录音文件超过上限 ${Math.round(settings.maxBytes / 1024 / 1024)} MB（MAX_AUDIO_BYTES）`,
      { maxBytes: settings.maxBytes },
    );
  }
  const { fields, upload, sawFile } = await readMultipart(req, settings);
  try {
    if (!sawFile) {
      throw new AppError(ErrorCode.InvalidInput, 'the form holds no recording', {
        problems: [{ path: 'audio', message: 'attach the recording as the file field "audio"' }],
      });
    }
    if (!settings || !upload) {
      throw new AppError(
        ErrorCode.UnsupportedMediaType,
        '此部署未配置语音识别（WHISPER_MODEL），只能提交文字转写稿（application/json）',
      );
    }
    const metadata = metadataFromFields(fields);
    await checkCallSubmitter(deps.users, user, (metadata as { repId?: unknown }).repId);
    const { call, created, deferred } = await deps.service.submitAudio(metadata, upload);
    res
      .status(deferred ? 202 : created ? 201 : 200)
      .json({ call: present(call), created, ...(deferred ? { deferred } : {}) });
  } finally {
    if (upload) await discardUpload(upload);
  }
}

/** The calls the user may read, filtered, sorted, paged; with search snippets when `q` is given. */
async function listCalls(deps: CallsRoutesDeps, req: Request, res: Response): Promise<void> {
  const user = requireUser(req);
  if (req.originalUrl.length > MAX_URL_CHARS) {
    throw new AppError(
      ErrorCode.UriTooLong,
      `the request URL is ${req.originalUrl.length} characters long; at most ${MAX_URL_CHARS} are read`,
      { maxChars: MAX_URL_CHARS },
    );
  }
  // Before the schema, so a long query gets its own code (the schema's max documents it).
  const rawQ = req.query.q;
  if (typeof rawQ === 'string' && rawQ.length > MAX_QUERY_CHARS) {
    throw new AppError(
      ErrorCode.QueryTooLong,
      `q is ${rawQ.length} characters long; search for at most ${MAX_QUERY_CHARS}`,
      { problems: [{ path: 'q', message: `must be at most ${MAX_QUERY_CHARS} characters` }] },
    );
  }
  const q = ZListQuery.parse(req.query);
  if (q.from) checkOccurredAt(q.from, 'from');
  if (q.to) checkOccurredAt(q.to, 'to');
  const words = q.q ? await deps.service.queryWords(normalizeSearchQuery(q.q)) : [];
  if (q.q && words.length === 0) throw new AppError(ErrorCode.InvalidInput, 'q holds no searchable words');
  const scoped = { ...q, ...callListScope(user) };
  const page = await deps.calls.list({
    ...(scoped.repId ? { repId: scoped.repId } : {}),
    ...(scoped.teamId ? { teamId: scoped.teamId } : {}),
    ...(q.industry ? { industry: q.industry } : {}),
    ...(q.status ? { status: q.status } : {}),
    ...(q.tag ? { tags: [q.tag] } : {}),
    ...(q.from ? { from: q.from } : {}),
    ...(q.to ? { to: q.to } : {}),
    ...(q.dimension
      ? {
          dimensionScores: [
            {
              dimension: q.dimension,
              ...(q.minScore !== undefined ? { min: q.minScore } : {}),
              ...(q.maxScore !== undefined ? { max: q.maxScore } : {}),
            },
          ],
        }
      : {}),
    ...(q.sort ? { sort: q.sort } : {}),
    ...(q.order ? { order: q.order } : {}),
    ...(q.limit ? { limit: q.limit } : {}),
    ...(q.cursor ? { cursor: q.cursor } : {}),
    ...(words.length > 0 ? { words } : {}),
  });
  const ids = page.items.map((c) => c.id);
  const [snippets, dimensions] = await Promise.all([
    words.length > 0
      ? deps.calls.snippets(ids, words)
      : new Map<string, { utteranceId: string; text: string }>(),
    deps.calls.dimensionsOf(page.items.filter((c) => c.status === 'scored').map((c) => c.id)),
  ]);
  res.json({
    items: page.items.map((c) => ({
      ...present(c),
      ...(snippets.has(c.id) ? { snippet: snippets.get(c.id) } : {}),
      dimensions: c.status === 'scored' ? (dimensions.get(c.id) ?? {}) : null,
    })),
    nextCursor: page.nextCursor,
  });
}
