import { and, asc, count, eq, isNotNull, lt } from 'drizzle-orm';
import type { Db } from './db.js';
import { type ImportJobStatus, importJobs, importRows } from './schema.js';

/** One entry of an import's report as stored. */
export interface ImportRowRecord {
  file: string;
  status: string;
  format?: string | undefined;
  callId?: string | undefined;
  reason?: string | undefined;
}

export interface ImportCounts {
  total: number;
  imported: number;
  duplicates: number;
  failed: number;
  skipped: number;
}

export interface ImportJobRecord extends ImportCounts {
  id: string;
  ownerId: string;
  status: ImportJobStatus;
  error: string | null;
  startedAt: Date;
  heartbeatAt: Date;
  finishedAt: Date | null;
}

/** Rows per INSERT: 7 parameters each, far under PostgreSQL's 65,535. */
const ROWS_PER_INSERT = 500;

/** Bulk imports started through the API and their reports (tables import_jobs, import_rows). */
export class ImportJobRepository {
  constructor(private readonly db: Db) {}

  async create(id: string, ownerId: string, at: Date): Promise<void> {
    await this.db.insert(importJobs).values({ id, ownerId, startedAt: at, heartbeatAt: at });
  }

  /**
   * Appends report rows (numbered from `firstIdx`) and sets the counts, in one transaction, and
   * refreshes the heartbeat: a reader never sees rows without their counts or the reverse.
   */
  async progress(
    id: string,
    firstIdx: number,
    rows: readonly ImportRowRecord[],
    counts: ImportCounts,
    at: Date,
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
        await tx.insert(importRows).values(
          rows.slice(i, i + ROWS_PER_INSERT).map((r, j) => ({
            importId: id,
            idx: firstIdx + i + j,
            file: r.file,
            status: r.status,
            format: r.format ?? null,
            reason: r.reason ?? null,
            callId: r.callId ?? null,
          })),
        );
      }
      await tx
        .update(importJobs)
        .set({ ...counts, heartbeatAt: at })
        .where(eq(importJobs.id, id));
    });
  }

  async finish(id: string, status: ImportJobStatus, error: string | null, at: Date): Promise<void> {
    await this.db
      .update(importJobs)
      .set({ status, error, finishedAt: at, heartbeatAt: at })
      .where(eq(importJobs.id, id));
  }

  async get(id: string): Promise<ImportJobRecord | undefined> {
    const [row] = await this.db.select().from(importJobs).where(eq(importJobs.id, id));
    return row;
  }

  /** The first `limit` rows of the report with this status, in processing order. */
  async rowsWithStatus(id: string, status: string, limit: number): Promise<ImportRowRecord[]> {
    const rows = await this.db
      .select()
      .from(importRows)
      .where(and(eq(importRows.importId, id), eq(importRows.status, status)))
      .orderBy(asc(importRows.idx))
      .limit(limit);
    return rows.map(recordOf);
  }

  /** The whole report, in processing order. */
  async rows(id: string): Promise<ImportRowRecord[]> {
    const rows = await this.db
      .select()
      .from(importRows)
      .where(eq(importRows.importId, id))
      .orderBy(asc(importRows.idx));
    return rows.map(recordOf);
  }

  /**
   * Imports still marked running whose heartbeat is older than `staleBefore`: the process that ran
   * them stopped. They are marked failed with `error`; returns how many.
   */
  async failStale(staleBefore: Date, error: string, at: Date): Promise<number> {
    const rows = await this.db
      .update(importJobs)
      .set({ status: 'failed', error, finishedAt: at })
      .where(and(eq(importJobs.status, 'running'), lt(importJobs.heartbeatAt, staleBefore)))
      .returning({ id: importJobs.id });
    return rows.length;
  }

  /** Finished imports (with their reports) that finished before `cutoff`: counted or deleted. */
  async finishedBefore(cutoff: Date, dryRun: boolean): Promise<number> {
    const where = and(isNotNull(importJobs.finishedAt), lt(importJobs.finishedAt, cutoff));
    if (dryRun) {
      const [row] = await this.db.select({ n: count() }).from(importJobs).where(where);
      return Number(row?.n ?? 0);
    }
    const rows = await this.db.delete(importJobs).where(where).returning({ id: importJobs.id });
    return rows.length;
  }
}

function recordOf(r: typeof importRows.$inferSelect): ImportRowRecord {
  return {
    file: r.file,
    status: r.status,
    ...(r.format !== null ? { format: r.format } : {}),
    ...(r.callId !== null ? { callId: r.callId } : {}),
    ...(r.reason !== null ? { reason: r.reason } : {}),
  };
}
