import { readdir, rm, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { z } from 'zod';
import type { AuditRepository } from '../../models/audit.repository.js';
import type { PrivacyRepository } from '../../models/privacy.repository.js';
import { RETENTION_ACTION, type RetentionRepository } from '../../models/retention.repository.js';
import { cutoffOf, RETENTION_KINDS, type RetentionKind, type RetentionPolicy } from './retention-policy.js';

const count = () => z.number().int();

/**
 * What a run removed (or, for a dry run, would remove), per kind of data. The schemas describe
 * the API's responses (the settings page's types are generated from them).
 */
export const ZRetentionCounts = z.object({
  /** Calls past the analyses window, removed whole with everything that goes with them (as an erasure). */
  analyses: z.object({
    calls: count(),
    utterances: count(),
    appeals: count(),
    feedbackPacks: count(),
    notifications: count(),
    auditEntriesRedacted: count(),
    dayAggregates: count(),
  }),
  /** Calls past the transcripts window: utterances deleted, search words, view, customer fields and appeal quotes blanked. */
  transcripts: z.object({ calls: count(), utterances: count() }),
  /** Recordings past the audio window: files deleted (one stored file can serve several calls). */
  audio: z.object({ recordings: count(), files: count() }),
  feedback: z.object({ packs: count(), notifications: count() }),
  /** Bulk import reports (import_jobs, with their rows) and leftover upload files. */
  imports: z.object({ reports: count(), files: count() }),
  audit: z.object({ entries: count() }),
});
export type RetentionCounts = z.infer<typeof ZRetentionCounts>;

const perKind = <T extends z.ZodType>(value: T) =>
  z.object(Object.fromEntries(RETENTION_KINDS.map((k) => [k, value])) as Record<RetentionKind, T>);

/** Days per kind; null = kept forever. */
export const ZRetentionPolicy = perKind(z.number().int().nullable());

export const ZRetentionReport = z.object({
  dryRun: z.boolean(),
  /** When it ran: the windows count back from here. */
  at: z.string(),
  trigger: z.enum(['schedule', 'cli', 'api']),
  /** Days per kind; null = kept forever. */
  policy: ZRetentionPolicy,
  /** Data older than this is past its window (null: forever). */
  cutoffs: perKind(z.string().nullable()),
  counts: ZRetentionCounts,
  /** The run's audit entry (null for a dry run, or a run that was skipped). */
  auditId: z.number().int().nullable(),
  /** Set when another run (in this or another process) held the lock: nothing was done. */
  skipped: z.literal('already_running').optional(),
});
export type RetentionReport = z.infer<typeof ZRetentionReport>;

/** GET /v1/privacy/retention: the windows, the last run (its audit entry) and a dry run now. */
export const ZRetentionState = z.object({
  policy: ZRetentionPolicy,
  lastRun: z
    .object({
      auditId: z.number().int(),
      at: z.string(),
      actorUserId: z.string().nullable(),
      /** The audit entry's `after`: the report as it was stored. */
      report: z.object({ trigger: z.string(), counts: ZRetentionCounts }).nullable(),
    })
    .nullable(),
  next: ZRetentionReport,
});
export type RetentionState = z.infer<typeof ZRetentionState>;

export interface RetentionRun {
  dryRun: boolean;
  trigger: RetentionReport['trigger'];
  actor?: { id: string } | null;
}

export interface RetentionDeps {
  retention: RetentionRepository;
  /** The same database outside a run (dry runs read through them, no lock taken). */
  privacy: PrivacyRepository;
  policy: RetentionPolicy;
  /** Time zone of the rep aggregates' local days (FEEDBACK_TZ). */
  timeZone: string;
  /** Folder of stored recordings; unset = this deployment stores none. */
  audioDir?: string | undefined;
  /** Folder of uploaded import archives (leftovers past the imports window are deleted). */
  importsDir?: string | undefined;
  /** The bulk-import reports this process keeps. */
  imports?: {
    finishedBefore(cutoff: Date): Promise<number>;
    forgetFinishedBefore(cutoff: Date): Promise<number>;
  };
  now?: () => Date;
  log?: { info: (o: object, m: string) => void; warn: (o: object, m: string) => void };
}

/** Calls per batch when removing whole calls (each batch is one erasure of those calls). */
const BATCH = 200;

/**
 * Retention (PIPL storage limitation): every kind of stored data is kept for its window and then
 * deleted or blanked — whole calls past the analyses window (with the erasure's scope: every row,
 * recording and derived copy that goes with them), transcripts and recordings past theirs,
 * feedback packs, sent notifications, import reports and finally audit entries. A run takes a
 * database lock (a second run anywhere skips) and writes one audit entry with its counts; a dry
 * run reports the same counts and changes nothing.
 */
export class RetentionService {
  private running = false;

  constructor(private readonly deps: RetentionDeps) {}

  get policy(): RetentionPolicy {
    return this.deps.policy;
  }

  /** The latest run's audit entry: when, by whom, what it removed. */
  async lastRun() {
    const last = await this.deps.retention.lastRun();
    return last
      ? { auditId: last.id, at: last.at.toISOString(), actorUserId: last.actorUserId, report: last.after }
      : null;
  }

  async run(req: RetentionRun): Promise<RetentionReport> {
    const now = (this.deps.now ?? (() => new Date()))();
    const base = this.emptyReport(req, now);
    if (req.dryRun) {
      base.counts = await this.plan(this.deps.retention, this.deps.privacy, now);
      base.counts.imports = await this.importsPlan(now, true);
      return base;
    }
    // One process runs at most one at a time; the database lock covers the other processes.
    if (this.running) return { ...base, skipped: 'already_running' };
    this.running = true;
    try {
      // Import reports are counted before the transaction: on the embedded database its one
      // connection is the transaction's until it ends.
      const imports = await this.importsPlan(now, true);
      const result = await this.deps.retention.exclusive(async (tx) => {
        const files = new Set<string>();
        const counts = await this.apply(tx, now, files);
        counts.imports = imports;
        const entry = await tx.audit.append({
          actorUserId: req.actor?.id ?? null,
          action: RETENTION_ACTION,
          entity: 'privacy',
          entityId: 'retention',
          after: { trigger: req.trigger, at: base.at, policy: base.policy, counts },
        });
        return { counts, files, auditId: entry.id };
      });
      if (!result.ran) return { ...base, skipped: 'already_running' };
      // Files go once the rows saying they exist are committed away (a rollback keeps both).
      await this.removeFiles(result.value.files);
      result.value.counts.imports = await this.importsPlan(now, false);
      const report = { ...base, counts: result.value.counts, auditId: result.value.auditId };
      this.deps.log?.info({ counts: report.counts, auditId: report.auditId }, 'retention run');
      return report;
    } finally {
      this.running = false;
    }
  }

  private emptyReport(req: RetentionRun, now: Date): RetentionReport {
    const { policy } = this.deps;
    const cutoffs = Object.fromEntries(
      RETENTION_KINDS.map((k) => [k, cutoffOf(policy[k], now)?.toISOString() ?? null]),
    ) as Record<RetentionKind, string | null>;
    return {
      dryRun: req.dryRun,
      at: now.toISOString(),
      trigger: req.trigger,
      policy: { ...policy },
      cutoffs,
      counts: zeroCounts(),
      auditId: null,
    };
  }

  private cutoffs(now: Date) {
    const c = (k: RetentionKind) => cutoffOf(this.deps.policy[k], now);
    return {
      analyses: c('analyses'),
      transcripts: c('transcripts'),
      audio: c('audio'),
      feedback: c('feedback'),
      audit: c('audit'),
    };
  }

  /** What a run now would remove, read only. */
  private async plan(
    retention: RetentionRepository,
    privacy: PrivacyRepository,
    now: Date,
  ): Promise<RetentionCounts> {
    const cut = this.cutoffs(now);
    const counts = zeroCounts();
    const paths = new Set<string>();
    if (cut.analyses) {
      let offset = 0;
      for (;;) {
        const ids = await retention.callsBefore(cut.analyses, BATCH, offset);
        if (ids.length === 0) break;
        offset += ids.length;
        const scope = await privacy.erasureScope(ids);
        addScope(counts, scope);
        for (const p of scope.audioPaths) paths.add(p);
      }
      counts.analyses.dayAggregates = await retention.deleteDayAggregatesBefore(
        this.localDay(cut.analyses),
        true,
      );
    }
    if (cut.transcripts)
      counts.transcripts = await retention.transcriptCallsBefore(cut.transcripts, cut.analyses);
    if (cut.audio && this.deps.audioDir) {
      const rows = await retention.recordingsBefore(cut.audio, cut.analyses);
      counts.audio.recordings = rows.length;
      for (const r of rows) paths.add(r.path);
    }
    // At most: a file another (newer) call also uses stays.
    if (this.deps.audioDir) counts.audio.files = paths.size;
    if (cut.feedback) {
      counts.feedback.packs = await retention.deletePacksBefore(cut.feedback, true);
      counts.feedback.notifications = await retention.deleteNotificationsBefore(cut.feedback, true);
    }
    if (cut.audit) counts.audit.entries = await retention.deleteAuditBefore(cut.audit, true);
    return counts;
  }

  /** The run itself, inside the lock's transaction; recording files to delete go to `files`. */
  private async apply(
    tx: { retention: RetentionRepository; privacy: PrivacyRepository; audit: AuditRepository },
    now: Date,
    files: Set<string>,
  ): Promise<RetentionCounts> {
    const { retention, privacy } = tx;
    const cut = this.cutoffs(now);
    const counts = zeroCounts();
    const candidates: string[] = [];
    if (cut.analyses) {
      for (;;) {
        const ids = await retention.callsBefore(cut.analyses, BATCH, 0);
        if (ids.length === 0) break;
        const scope = await privacy.erasureScope(ids);
        addScope(counts, scope);
        candidates.push(...scope.audioPaths);
        await privacy.eraseCalls(scope, `${RETENTION_ACTION}@${now.toISOString()}`);
      }
      counts.analyses.dayAggregates = await retention.deleteDayAggregatesBefore(
        this.localDay(cut.analyses),
        false,
      );
    }
    if (cut.transcripts) counts.transcripts = await retention.blankTranscriptsBefore(cut.transcripts);
    if (cut.audio && this.deps.audioDir) {
      const rows = await retention.recordingsBefore(cut.audio, null);
      await retention.markRecordingsRemoved(
        rows.map((r) => r.id),
        now,
      );
      candidates.push(...rows.map((r) => r.path));
      counts.audio.recordings = rows.length;
    }
    if (candidates.length > 0) {
      // The same recording uploaded for a newer call is stored once: that file stays.
      const kept = await retention.pathsStillUsed([...new Set(candidates)]);
      for (const p of new Set(candidates)) if (!kept.has(p)) files.add(p);
      counts.audio.files = files.size;
    }
    if (cut.feedback) {
      counts.feedback.packs = await retention.deletePacksBefore(cut.feedback, false);
      counts.feedback.notifications = await retention.deleteNotificationsBefore(cut.feedback, false);
    }
    if (cut.audit) counts.audit.entries = await retention.deleteAuditBefore(cut.audit, false);
    return counts;
  }

  /** Import reports and leftover upload files past the imports window: counted, or removed. */
  private async importsPlan(now: Date, dryRun: boolean): Promise<RetentionCounts['imports']> {
    const cutoff = cutoffOf(this.deps.policy.imports, now);
    if (!cutoff) return { reports: 0, files: 0 };
    const imports = this.deps.imports;
    const reports = imports
      ? dryRun
        ? await imports.finishedBefore(cutoff)
        : await imports.forgetFinishedBefore(cutoff)
      : 0;
    let files = 0;
    const dir = this.deps.importsDir;
    if (dir) {
      const entries = await readdir(dir).catch(() => [] as string[]);
      for (const name of entries) {
        const path = join(dir, name);
        const info = await stat(path).catch(() => null);
        if (!info || info.mtime >= cutoff) continue;
        files++;
        if (!dryRun) await rm(path, { recursive: true, force: true });
      }
    }
    return { reports, files };
  }

  /** Deletes recordings; a path outside the audio folder is never touched. */
  private async removeFiles(paths: Set<string>): Promise<void> {
    const dir = this.deps.audioDir ? resolve(this.deps.audioDir) : undefined;
    if (!dir) return;
    for (const p of paths) {
      const file = resolve(join(dir, p));
      const rel = relative(dir, file);
      if (rel.startsWith('..') || isAbsolute(rel)) continue;
      await rm(file, { force: true });
    }
  }

  /** The local day (YYYY-MM-DD, in the feedback time zone) of a moment. */
  private localDay(at: Date): string {
    return new Intl.DateTimeFormat('en-CA', { timeZone: this.deps.timeZone }).format(at);
  }
}

function zeroCounts(): RetentionCounts {
  return {
    analyses: {
      calls: 0,
      utterances: 0,
      appeals: 0,
      feedbackPacks: 0,
      notifications: 0,
      auditEntriesRedacted: 0,
      dayAggregates: 0,
    },
    transcripts: { calls: 0, utterances: 0 },
    audio: { recordings: 0, files: 0 },
    feedback: { packs: 0, notifications: 0 },
    imports: { reports: 0, files: 0 },
    audit: { entries: 0 },
  };
}

function addScope(
  counts: RetentionCounts,
  scope: Awaited<ReturnType<PrivacyRepository['erasureScope']>>,
): void {
  const a = counts.analyses;
  a.calls += scope.calls.length;
  a.utterances += scope.utterances;
  a.appeals += scope.appeals.length;
  a.feedbackPacks += scope.feedbackPacks;
  a.notifications += scope.notifications;
  a.auditEntriesRedacted += scope.auditEntries;
}
