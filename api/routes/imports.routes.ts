import busboy from 'busboy';
import { type Request, Router } from 'express';
import { z } from 'zod';
import { AppError, ErrorCode } from '../../models/errors.js';
import type { User, UserRepository } from '../../models/user.repository.js';
import { discardUpload, type ReceivedUpload, receiveUpload } from '../../pipeline/audio/audio-intake.js';
import { authorize as authorizeAction, can, defaultImportRep } from '../../services/access/policy.js';
import type { ImportJobService } from '../../services/import/import-jobs.service.js';
import { renderImportCsv } from '../../services/import/import-report.js';
import { requireUser } from '../middleware/auth.js';
import { checkCallSubmitter } from './calls.routes.js';

export const ZImportOptions = z.strictObject({
  name: z.string().min(1).max(200).optional(),
  rep: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,200}$/, 'letters, digits, _ . - only')
    .optional(),
  industry: z
    .string()
    .regex(/^[a-z][a-z0-9_]{1,39}$/, 'must be a snake_case industry id')
    .optional(),
  channels: z.string().min(1).max(200).optional(),
  format: z.string().min(1).max(40).optional(),
});
export const ZImportPathsBody = ZImportOptions.extend({
  paths: z.array(z.string().min(1).max(4096)).min(1).max(100),
});

const ZIP_HEADS = [Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from([0x50, 0x4b, 0x05, 0x06])];

/**
 * Reads a multipart upload: the text fields, and the file part `archive` streamed to a temporary
 * file under `<uploadDir>/.incoming` (at most `maxBytes`). Other file parts are skipped.
 */
function readArchiveUpload(
  req: Request,
  uploadDir: string,
  maxBytes: number,
): Promise<{ fields: Record<string, string>; upload: ReceivedUpload | null }> {
  return new Promise((resolve, reject) => {
    let parser: ReturnType<typeof busboy>;
    try {
      parser = busboy({ headers: req.headers, limits: { files: 1, fields: 10, fieldSize: 4096, parts: 12 } });
    } catch (err) {
      reject(new AppError(ErrorCode.InvalidInput, `malformed multipart body: ${(err as Error).message}`));
      return;
    }
    const fields: Record<string, string> = {};
    let upload: Promise<ReceivedUpload> | null = null;
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (name, stream) => {
      if (upload || name !== 'archive') {
        stream.resume();
        return;
      }
      upload = receiveUpload(stream, uploadDir, maxBytes).catch((err: unknown) => {
        throw err instanceof AppError && err.code === ErrorCode.PayloadTooLarge
          ? new AppError(
              ErrorCode.PayloadTooLarge,
              `the archive is larger than ${Math.round(maxBytes / 1048576)} MB`,
              { maxBytes },
            )
          : err;
      });
      upload.catch(() => {}); // awaited on close
    });
    parser.on('error', (err) => {
      req.unpipe(parser);
      req.resume();
      reject(new AppError(ErrorCode.InvalidInput, `malformed multipart body: ${(err as Error).message}`));
    });
    parser.on('close', () => {
      const pending: Promise<ReceivedUpload> | null = upload;
      if (!pending) return resolve({ fields, upload: null });
      pending.then((u) => resolve({ fields, upload: u }), reject);
    });
    req.pipe(parser);
  });
}

/**
 * Bulk import through the API: `POST /v1/imports` (a zip as the form field `archive`, or JSON
 * `{ paths }` under IMPORT_DIRS) answers 202 with the import id; `GET /v1/imports/:id` shows the
 * progress and `GET /v1/imports/:id/report.csv` the CSV report the CLI writes.
 */
export function importsRoutes(deps: {
  imports: ImportJobService;
  users: Pick<UserRepository, 'findActiveRep'>;
  /** Where uploaded archives wait while they are imported. */
  uploadDir: string;
  maxArchiveBytes: number;
}): Router {
  const r = Router();

  /** Admins and managers import for others (managers their team's), reps for themselves. */
  const authorizeFor = (user: User) => (repId: unknown) => checkCallSubmitter(deps.users, user, repId);
  /** A rep's calls are theirs unless the file name says otherwise (refused then). */
  const defaultRep = (user: User) => defaultImportRep(user);

  r.post('/v1/imports', async (req, res) => {
    const user = requireUser(req);
    authorizeAction(user, 'import.create');
    const authorize = authorizeFor(user);
    if (req.is('multipart/form-data')) {
      const declared = Number(req.get('content-length'));
      if (Number.isFinite(declared) && declared > deps.maxArchiveBytes + 1024 * 1024) {
        throw new AppError(
          ErrorCode.PayloadTooLarge,
          `the archive is larger than ${Math.round(deps.maxArchiveBytes / 1048576)} MB`,
          { maxBytes: deps.maxArchiveBytes },
        );
      }
      const { fields, upload } = await readArchiveUpload(req, deps.uploadDir, deps.maxArchiveBytes);
      if (!upload) {
        throw new AppError(ErrorCode.InvalidInput, 'the form holds no archive', {
          problems: [{ path: 'archive', message: 'attach the zip as the file field "archive"' }],
        });
      }
      let started = false;
      try {
        if (!ZIP_HEADS.some((h) => upload.head.subarray(0, 4).equals(h)))
          throw new AppError(ErrorCode.UnsupportedMediaType, 'the archive is not a zip file');
        const body = ZImportOptions.parse(fields);
        if (body.rep) await authorize(body.rep);
        const options = deps.imports.prepareOptions(body, defaultRep(user));
        const id = await deps.imports.start({
          ownerId: user.id,
          sources: [upload.tmpPath],
          options,
          authorize,
          cleanup: () => discardUpload(upload),
        });
        started = true;
        res.status(202).location(`/v1/imports/${id}`).json({ id, status: 'running' });
      } finally {
        if (!started) await discardUpload(upload);
      }
      return;
    }
    if (!req.is('application/json')) {
      throw new AppError(
        ErrorCode.UnsupportedMediaType,
        `expected multipart/form-data (a zip as "archive") or application/json ({ "paths": [...] }), got ${req.get('content-type') ?? 'no content type'}`,
      );
    }
    const body = ZImportPathsBody.parse(req.body ?? {});
    const sources = body.paths.map((p) => deps.imports.resolveServerPath(p));
    if (body.rep) await authorize(body.rep);
    const { paths, ...rest } = body;
    const options = deps.imports.prepareOptions(rest, defaultRep(user));
    const id = await deps.imports.start({
      ownerId: user.id,
      sources,
      // Several folders: each entry is named with the path it came from.
      ...(paths.length > 1 ? { labels: paths } : {}),
      options,
      authorize,
    });
    res.status(202).location(`/v1/imports/${id}`).json({ id, status: 'running' });
  });

  const findImport = async (req: Request) => {
    const user = requireUser(req);
    const id = String(req.params.id);
    const job = /^import-[0-9a-f]{16}$/.test(id) ? await deps.imports.find(id) : undefined;
    // 404 for both "absent" and "not yours".
    if (!job || !can(user, 'import.read', job))
      throw new AppError(ErrorCode.NotFound, `import ${id} not found`);
    return job;
  };

  r.get('/v1/imports/:id', async (req, res) => {
    res.json(await deps.imports.view(await findImport(req)));
  });

  r.get('/v1/imports/:id/report.csv', async (req, res) => {
    const job = await findImport(req);
    const rows = await deps.imports.rows(job);
    res
      .type('text/csv; charset=utf-8')
      .set('content-disposition', `attachment; filename="${job.id}.csv"`)
      .set('cache-control', 'no-store')
      .send(renderImportCsv(rows));
  });

  return r;
}
