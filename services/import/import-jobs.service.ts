/**
 * Bulk imports started through the API: a zip uploaded by the client or folders on the server
 * under the directories IMPORT_DIRS allows. The import runs in the background of this process
 * (it is I/O and database bound, and yields between files); its progress and report are kept in
 * memory, bounded: past `maxJobs` the oldest finished import is forgotten.
 */
import { randomBytes } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { isAbsolute, sep } from 'node:path';
import { AppError, ErrorCode } from '../../models/errors.js';
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

export type ImportJobStatus = 'running' | 'done' | 'failed';

/** The progress of one import as GET /v1/imports/:id shows it. */
export interface ImportJobView {
  id: string;
  status: ImportJobStatus;
  total: number;
  imported: number;
  duplicates: number;
  failed: number;
  skipped: number;
  /** The first {@link MAX_FAILURES_SHOWN} failed entries. */
  failures: { entry: string; reason: string }[];
  /** The first {@link MAX_FAILURES_SHOWN} imported entries with their calls (the web links them). */
  calls: { entry: string; callId: string }[];
  /** Why the whole import (or one of its sources) could not run. */
  error?: string;
  startedAt: string;
  finishedAt: string | null;
}

export const MAX_FAILURES_SHOWN = 100;

interface ImportJob {
  id: string;
  ownerId: string;
  status: ImportJobStatus;
  /** Entries of the sources already opened (a later path adds its own when it is opened). */
  total: number;
  counts: { imported: number; duplicates: number; failed: number; skipped: number };
  rows: ImportRow[];
  error?: string;
  startedAt: Date;
  finishedAt: Date | null;
}

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
  private readonly jobs = new Map<string, ImportJob>();
  private readonly maxJobs: number;

  constructor(
    private readonly deps: {
      intake: ImportDeps;
      /** IMPORT_DIRS, real paths (symlinks resolved). */
      importDirs: readonly string[];
      log: { error: (o: object, m: string) => void };
      maxJobs?: number;
    },
  ) {
    this.maxJobs = deps.maxJobs ?? 200;
  }

  /** Finished imports whose report is older than `cutoff` (retention). */
  finishedBefore(cutoff: Date): number {
    return [...this.jobs.values()].filter((j) => j.finishedAt && j.finishedAt < cutoff).length;
  }

  /** Forgets the reports of imports that finished before `cutoff` (retention); returns how many. */
  forgetFinishedBefore(cutoff: Date): number {
    let n = 0;
    for (const [id, job] of this.jobs) {
      if (job.finishedAt && job.finishedAt < cutoff) {
        this.jobs.delete(id);
        n++;
      }
    }
    return n;
  }

  /** The import options of a request, checked before anything runs (400/422 at once). */
  prepareOptions(req: ImportRequestOptions, defaultRep: string | undefined): ImportOptions {
    if (req.industry) this.deps.intake.lexicons.get(req.industry);
    const format: ImportFormat | undefined = req.format ? parseImportFormat(req.format) : undefined;
    return {
      format,
      pattern: req.name ? compileNamePattern(req.name) : undefined,
      channels: req.channels ? parseChannelMap(req.channels) : undefined,
      rep: req.rep ?? defaultRep,
      industry: req.industry,
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

  /** Starts an import in the background and returns its id at once. */
  start(req: StartImport): string {
    this.evict();
    const id = `import-${randomBytes(8).toString('hex')}`;
    const job: ImportJob = {
      id,
      ownerId: req.ownerId,
      status: 'running',
      total: 0,
      counts: { imported: 0, duplicates: 0, failed: 0, skipped: 0 },
      rows: [],
      startedAt: new Date(),
      finishedAt: null,
    };
    this.jobs.set(id, job);
    void this.run(job, req);
    return id;
  }

  /** The import `id` (who may see it is the access policy's `import.read`). */
  find(id: string): ImportJob | undefined {
    return this.jobs.get(id);
  }

  view(job: ImportJob): ImportJobView {
    return {
      id: job.id,
      status: job.status,
      total: job.total,
      ...job.counts,
      failures: job.rows
        .filter((r) => r.status === 'failed')
        .slice(0, MAX_FAILURES_SHOWN)
        .map((r) => ({ entry: r.file, reason: r.reason ?? '' })),
      calls: job.rows
        .filter((r) => r.status === 'imported' && r.callId !== undefined)
        .slice(0, MAX_FAILURES_SHOWN)
        .map((r) => ({ entry: r.file, callId: r.callId! })),
      ...(job.error ? { error: job.error } : {}),
      startedAt: job.startedAt.toISOString(),
      finishedAt: job.finishedAt?.toISOString() ?? null,
    };
  }

  rows(job: ImportJob): readonly ImportRow[] {
    return job.rows;
  }

  private async run(job: ImportJob, req: StartImport): Promise<void> {
    const intake = this.authorizedIntake(req.authorize);
    const errors: string[] = [];
    try {
      for (const [i, source] of req.sources.entries()) {
        const label = req.labels?.[i];
        const before = job.total;
        try {
          await importSource(source, intake, {
            ...req.options,
            onProgress: (progress, row) => {
              job.total = before + progress.total;
              job.rows.push(label ? { ...row, file: `${label}/${row.file}` } : row);
              if (row.status === 'imported') job.counts.imported++;
              else if (row.status === 'duplicate') job.counts.duplicates++;
              else if (row.status === 'failed') job.counts.failed++;
              else job.counts.skipped++;
            },
          });
        } catch (err) {
          // The source itself could not be opened (not a zip, a broken archive): the others go on.
          errors.push(`${label ?? 'archive'}: ${(err as Error).message}`);
        }
      }
      job.status = errors.length > 0 ? 'failed' : 'done';
      if (errors.length > 0) job.error = errors.join('; ');
    } catch (err) {
      job.status = 'failed';
      job.error = (err as Error).message;
      this.deps.log.error({ err: job.error, importId: job.id }, 'import failed');
    } finally {
      job.finishedAt = new Date();
      await req
        .cleanup?.()
        .catch((err: Error) =>
          this.deps.log.error({ err: err.message, importId: job.id }, 'import cleanup failed'),
        );
    }
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

  /** Keeps the map bounded: the oldest finished imports go first; all running → refused. */
  private evict(): void {
    if (this.jobs.size < this.maxJobs) return;
    for (const [id, job] of this.jobs) {
      if (job.status !== 'running') this.jobs.delete(id);
      if (this.jobs.size < this.maxJobs) return;
    }
    throw new AppError(
      ErrorCode.Conflict,
      `${this.maxJobs} imports are running in this process; wait for one to finish`,
    );
  }
}
