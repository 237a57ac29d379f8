/**
 * Bulk imports started through the API: a zip uploaded by the client or folders on the server
 * under the directories IMPORT_DIRS allows. The import runs in the background of the process that
 * took the request (it is I/O and database bound, and yields between files); its progress and
 * report are written to the database as it goes (models/import-job.repository.ts), so any API
 * process answers GET /v1/imports/:id and a restart loses nothing: an import whose process stopped
 * shows as failed, interrupted, and running it again skips what was already imported.
 */
import { randomBytes } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { isAbsolute, sep } from 'node:path';
import { z } from 'zod';
import { AppError, ErrorCode } from '../../models/errors.js';
import type {
  ImportCounts,
  ImportJobRecord,
  ImportJobRepository,
  ImportRowRecord,
} from '../../models/import-job.repository.js';
import { IMPORT_JOB_STATUSES, type ImportJobStatus } from '../../models/schema.js';
import { AUTO_INDUSTRY } from '../../models/transcript.js';
import { type ImportFormat, parseImportFormat } from '../../pipeline/import/index.js';
import { parseChannelMap } from '../../pipeline/import/roles.js';
import { compileNamePattern } from './filename-pattern.js';
import {
  type ImportDeps,
  type ImportOptions,
  type ImportRow,
  importSource,
  maskPath,
} from './import-folder.service.js';

/** What a client may set for an import (the CLI's flags). */
export interface ImportRequestOptions {
  /** Filename pattern or preset (`--name`). */
  name?: string | undefined;
  rep?: string | undefined;
  industry?: string | undefined;
  /** `0=rep,1=customer` (`--channels`). */
  channels?: string | undefined;
  format?: string | undefined;
}

export type { ImportJobStatus };

/**
 * The progress of one import as GET /v1/imports/:id shows it. The OpenAPI document names it
 * (ImportView) and the web's type is generated from it.
 */
export const ZImportJobView = z.strictObject({
  id: z.string(),
  status: z.enum(IMPORT_JOB_STATUSES),
  total: z.number().int(),
  imported: z.number().int(),
  duplicates: z.number().int(),
  failed: z.number().int(),
  skipped: z.number().int(),
  /** The first MAX_FAILURES_SHOWN failed entries. */
  failures: z.array(z.strictObject({ entry: z.string(), reason: z.string() })),
  /** The first MAX_FAILURES_SHOWN imported entries with their calls (the web links them). */
  calls: z.array(z.strictObject({ entry: z.string(), callId: z.string() })),
  /** Why the whole import (or one of its sources) could not run. */
  error: z.string().optional(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type ImportJobView = z.infer<typeof ZImportJobView>;

/** POST /v1/imports: the import started (poll its view). */
export const ZImportStarted = z.strictObject({ id: z.string(), status: z.literal('running') });

export const MAX_FAILURES_SHOWN = 100;

/** An import this process is running: report rows not yet written, and the write in flight. */
interface RunningImport {
  id: string;
  counts: ImportCounts;
  /** Rows written so far (the index of the next row). */
  written: number;
  pending: ImportRow[];
  /** Writes run one after another. */
  chain: Promise<void>;
  lastFlush: number;
}

/** The import as the routes see it (who may read it is the access policy's `import.read`). */
export type ImportJob = ImportJobRecord;

/** A running import writes its progress at least this often (its heartbeat). */
const FLUSH_MS = 1_000;
/** Rows buffered before a write, whatever the time. */
const FLUSH_ROWS = 200;
/** An import whose heartbeat is older than this was interrupted (its process stopped). */
const STALE_MS = 60_000;
const INTERRUPTED =
  '导入中断：处理这次导入的服务进程已停止（例如重启）。请重新提交，已导入的文件会按内容自动跳过';

/** Checks the submitter of one imported call (the route's rules); throws AppError when refused. */
export type AuthorizeRep = (repId: unknown) => Promise<void>;

export interface StartImport {
  ownerId: string;
  /** Folders or zip files on this server's disk, already checked. */
  sources: readonly string[];
  /** Names shown for the sources' entries when there are several (default none). */
  labels?: readonly string[];
  options: ImportOptions;
  authorize: AuthorizeRep;
  /** Runs once the import has ended (deletes an uploaded archive). */
  cleanup?: () => Promise<void>;
}

export class ImportJobService {
  /** Imports running in this process. */
  private readonly running = new Map<string, RunningImport>();
  private readonly maxJobs: number;

  constructor(
    private readonly deps: {
      intake: ImportDeps;
      /** IMPORT_DIRS, real paths (symlinks resolved). */
      importDirs: readonly string[];
      repository: ImportJobRepository;
      log: { error: (o: object, m: string) => void };
      /** Imports one process runs at once (default 20). */
      maxJobs?: number;
      now?: () => Date;
    },
  ) {
    this.maxJobs = deps.maxJobs ?? 20;
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  /** Finished imports whose report is older than `cutoff` (retention). */
  finishedBefore(cutoff: Date): Promise<number> {
    return this.deps.repository.finishedBefore(cutoff, true);
  }

  /** Deletes the reports of imports that finished before `cutoff` (retention); returns how many. */
  forgetFinishedBefore(cutoff: Date): Promise<number> {
    return this.deps.repository.finishedBefore(cutoff, false);
  }

  /** The import options of a request, checked before anything runs (400/422 at once). */
  prepareOptions(req: ImportRequestOptions, defaultRep: string | undefined): ImportOptions {
    // `auto` forces nothing: each call's file names its industry, else it is inferred (as absent).
    const industry = req.industry === AUTO_INDUSTRY ? undefined : req.industry;
    if (industry) this.deps.intake.lexicons.check(industry);
    const format: ImportFormat | undefined = req.format ? parseImportFormat(req.format) : undefined;
    return {
      format,
      pattern: req.name ? compileNamePattern(req.name) : undefined,
      channels: req.channels ? parseChannelMap(req.channels) : undefined,
      rep: req.rep ?? defaultRep,
      industry,
    };
  }

  /**
   * The real path of a server-side folder or zip the client named, refused unless it lies under
   * one of IMPORT_DIRS (after resolving symlinks, so a link cannot lead outside).
   */
  resolveServerPath(path: string): string {
    if (this.deps.importDirs.length === 0) {
      throw new AppError(
        ErrorCode.Forbidden,
        'importing server-side paths is switched off: set IMPORT_DIRS to the directories that may be imported from, or upload a zip',
      );
    }
    if (!isAbsolute(path)) throw new AppError(ErrorCode.InvalidInput, `${path} is not an absolute path`);
    let real: string;
    try {
      real = realpathSync(path);
    } catch {
      throw new AppError(ErrorCode.InvalidInput, `${maskPath(path)} does not exist on the server`);
    }
    const allowed = this.deps.importDirs.some((dir) => real === dir || real.startsWith(dir + sep));
    if (!allowed) {
      throw new AppError(
        ErrorCode.Forbidden,
        `${maskPath(path)} is not under a directory allowed by IMPORT_DIRS (${this.deps.importDirs.join(', ')})`,
      );
    }
    return real;
  }

  /** Starts an import in the background and returns its id once it is recorded. */
  async start(req: StartImport): Promise<string> {
    if (this.running.size >= this.maxJobs) {
      throw new AppError(
        ErrorCode.Conflict,
        `${this.maxJobs} imports are running in this process; wait for one to finish`,
      );
    }
    const id = `import-${randomBytes(8).toString('hex')}`;
    await this.deps.repository.create(id, req.ownerId, this.now());
    const job: RunningImport = {
      id,
      counts: { total: 0, imported: 0, duplicates: 0, failed: 0, skipped: 0 },
      written: 0,
      pending: [],
      chain: Promise.resolve(),
      lastFlush: Date.now(),
    };
    this.running.set(id, job);
    void this.run(job, req);
    return id;
  }

  /**
   * The import `id`, or undefined. One still marked running whose heartbeat stopped (its process
   * is gone) is recorded as failed, interrupted, before it is returned.
   */
  async find(id: string): Promise<ImportJob | undefined> {
    const job = await this.deps.repository.get(id);
    if (job?.status !== 'running' || this.running.has(id)) return job;
    const now = this.now();
    if (now.getTime() - job.heartbeatAt.getTime() <= STALE_MS) return job;
    await this.deps.repository.failStale(new Date(now.getTime() - STALE_MS), INTERRUPTED, now);
    return this.deps.repository.get(id);
  }

  async view(job: ImportJob): Promise<ImportJobView> {
    const repo = this.deps.repository;
    const [failed, imported] = await Promise.all([
      repo.rowsWithStatus(job.id, 'failed', MAX_FAILURES_SHOWN),
      repo.rowsWithStatus(job.id, 'imported', MAX_FAILURES_SHOWN),
    ]);
    return {
      id: job.id,
      status: job.status,
      total: job.total,
      imported: job.imported,
      duplicates: job.duplicates,
      failed: job.failed,
      skipped: job.skipped,
      failures: failed.map((r) => ({ entry: r.file, reason: r.reason ?? '' })),
      calls: imported
        .filter((r) => r.callId !== undefined)
        .map((r) => ({ entry: r.file, callId: r.callId! })),
      ...(job.error ? { error: job.error } : {}),
      startedAt: job.startedAt.toISOString(),
      finishedAt: job.finishedAt?.toISOString() ?? null,
    };
  }

  async rows(job: ImportJob): Promise<readonly ImportRow[]> {
    return (await this.deps.repository.rows(job.id)).map(rowOf);
  }

  /**
   * Writes the buffered rows and the counts (always, as the heartbeat). A failed write keeps its
   * rows for the next one: a database outage delays the report, it does not lose it.
   */
  private flush(job: RunningImport): Promise<void> {
    job.lastFlush = Date.now();
    job.chain = job.chain.then(async () => {
      const rows = job.pending;
      job.pending = [];
      try {
        await this.deps.repository.progress(job.id, job.written, rows, { ...job.counts }, this.now());
        job.written += rows.length;
      } catch (err) {
        job.pending = [...rows, ...job.pending];
        this.deps.log.error({ err: (err as Error).message, importId: job.id }, 'import progress not saved');
      }
    });
    return job.chain;
  }

  private async run(job: RunningImport, req: StartImport): Promise<void> {
    const intake = this.authorizedIntake(req.authorize);
    const errors: string[] = [];
    let status: ImportJobStatus = 'done';
    let error: string | null = null;
    // The heartbeat while one long entry (a recording) is being processed.
    const heartbeat = setInterval(() => void this.flush(job), FLUSH_MS * 5);
    heartbeat.unref();
    try {
      for (const [i, source] of req.sources.entries()) {
        const label = req.labels?.[i];
        const before = job.counts.total;
        try {
          await importSource(source, intake, {
            ...req.options,
            onProgress: (progress, row) => {
              job.counts.total = before + progress.total;
              job.pending.push(label ? { ...row, file: `${label}/${row.file}` } : row);
              if (row.status === 'imported') job.counts.imported++;
              else if (row.status === 'duplicate') job.counts.duplicates++;
              else if (row.status === 'failed') job.counts.failed++;
              else job.counts.skipped++;
              if (job.pending.length >= FLUSH_ROWS || Date.now() - job.lastFlush >= FLUSH_MS)
                void this.flush(job);
            },
          });
        } catch (err) {
          // The source itself could not be opened (not a zip, a broken archive): the others go on.
          errors.push(`${label ?? 'archive'}: ${(err as Error).message}`);
        }
      }
      if (errors.length > 0) {
        status = 'failed';
        error = errors.join('; ');
      }
    } catch (err) {
      status = 'failed';
      error = (err as Error).message;
      this.deps.log.error({ err: error, importId: job.id }, 'import failed');
    } finally {
      clearInterval(heartbeat);
      await req
        .cleanup?.()
        .catch((err: Error) =>
          this.deps.log.error({ err: err.message, importId: job.id }, 'import cleanup failed'),
        );
      await this.finish(job, status, error);
    }
  }

  /** The last rows, then the end state; retried while the database is away (rows are kept). */
  private async finish(job: RunningImport, status: ImportJobStatus, error: string | null): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      await this.flush(job);
      if (job.pending.length === 0) {
        try {
          await this.deps.repository.finish(job.id, status, error, this.now());
          break;
        } catch (err) {
          this.deps.log.error({ err: (err as Error).message, importId: job.id }, 'import end not saved');
        }
      }
      if (attempt >= 30) break;
      await new Promise((r) => setTimeout(r, 2_000));
    }
    this.running.delete(job.id);
  }

  /** The intake with the submitter checked for every call, as POST /v1/calls checks it. */
  private authorizedIntake(authorize: AuthorizeRep): ImportDeps {
    const { intake } = this;
    const audio = intake.audio;
    return {
      ...intake,
      submitTranscript: async (body) => {
        await authorize((body as { repId?: unknown } | undefined)?.repId);
        return intake.submitTranscript(body);
      },
      ...(audio
        ? {
            audio: {
              ...audio,
              submitAudio: async (metadata, upload) => {
                await authorize((metadata as { repId?: unknown } | undefined)?.repId);
                return audio.submitAudio(metadata, upload);
              },
            },
          }
        : {}),
    };
  }

  private get intake(): ImportDeps {
    return this.deps.intake;
  }
}

function rowOf(record: ImportRowRecord): ImportRow {
  return { ...record, status: record.status as ImportRow['status'] };
}
