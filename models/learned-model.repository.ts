import { and, asc, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Correction } from './appeal.js';
import type { Db } from './db.js';
import { AppError, ErrorCode } from './errors.js';
import { appeals, callOverrides, calls, learnedModels } from './schema.js';

export type LearnedModelRow = typeof learnedModels.$inferSelect;

/** An accepted correction that training may learn from. */
export interface TrainingCorrection {
  readonly callId: string;
  readonly industry: string;
  readonly appealId: string;
  readonly correction: Correction;
}

/** Versions of the learned second stage retrained from appeals, and what training reads. */
export class LearnedModelRepository {
  constructor(private readonly db: Db) {}

  /**
   * Stores a trained candidate as a draft. Training the same data twice gives the same version:
   * the stored row is returned unchanged then (a published or discarded one included).
   */
  async insertDraft(input: {
    version: string;
    model: Record<string, unknown>;
    basedOn: string;
    appealIds: readonly string[];
    guard: Record<string, unknown>;
    note: string | null;
    createdBy: string | null;
  }): Promise<{ row: LearnedModelRow; created: boolean }> {
    const inserted = await this.db
      .insert(learnedModels)
      .values({ ...input, appealIds: [...input.appealIds], status: 'draft' })
      .onConflictDoNothing({ target: learnedModels.version })
      .returning();
    if (inserted[0]) return { row: inserted[0], created: true };
    const row = await this.get(input.version);
    return { row: row!, created: false };
  }

  async get(version: string): Promise<LearnedModelRow | null> {
    const [row] = await this.db.select().from(learnedModels).where(eq(learnedModels.version, version));
    return row ?? null;
  }

  /** Newest first, without the model documents (they weigh hundreds of KiB each). */
  async list(limit = 50): Promise<Omit<LearnedModelRow, 'model'>[]> {
    const t = learnedModels;
    return this.db
      .select({
        version: t.version,
        status: t.status,
        basedOn: t.basedOn,
        appealIds: t.appealIds,
        guard: t.guard,
        whatIf: t.whatIf,
        note: t.note,
        createdBy: t.createdBy,
        createdAt: t.createdAt,
        publishedBy: t.publishedBy,
        publishedAt: t.publishedAt,
      })
      .from(t)
      .orderBy(desc(t.createdAt), desc(t.version))
      .limit(limit);
  }

  /** The version in force: the one published last, or null while the shipped file is. */
  async currentVersion(): Promise<string | null> {
    const [row] = await this.db
      .select({ version: learnedModels.version })
      .from(learnedModels)
      .where(and(eq(learnedModels.status, 'published'), isNotNull(learnedModels.publishedAt)))
      .orderBy(desc(learnedModels.publishedAt), desc(learnedModels.version))
      .limit(1);
    return row?.version ?? null;
  }

  async setWhatIf(version: string, whatIf: Record<string, unknown>): Promise<void> {
    await this.db.update(learnedModels).set({ whatIf }).where(eq(learnedModels.version, version));
  }

  /** Draft → published (a published one again: republished, as a rollback is). */
  async publish(version: string, by: string | null): Promise<LearnedModelRow> {
    const [row] = await this.db
      .update(learnedModels)
      .set({ status: 'published', publishedBy: by, publishedAt: new Date() })
      .where(and(eq(learnedModels.version, version), inArray(learnedModels.status, ['draft', 'published'])))
      .returning();
    if (!row) throw new AppError(ErrorCode.NotFound, `no draft or published model ${version}`);
    return row;
  }

  async discard(version: string): Promise<LearnedModelRow> {
    const [row] = await this.db
      .update(learnedModels)
      .set({ status: 'discarded' })
      .where(and(eq(learnedModels.version, version), eq(learnedModels.status, 'draft')))
      .returning();
    if (!row) throw new AppError(ErrorCode.NotFound, `no draft model ${version}`);
    return row;
  }

  /**
   * Versions trained on any of these appeals (an erasure is about to delete them): drafts are
   * discarded so they can never be published; a published or discarded version records which of
   * its examples are gone, so the models page can ask for a retraining. Returns the versions met.
   */
  async retireTrainedOn(
    appealIds: readonly string[],
    erasureRef: string,
  ): Promise<{ version: string; status: string }[]> {
    if (appealIds.length === 0) return [];
    const rows = await this.db
      .select({ version: learnedModels.version, status: learnedModels.status, guard: learnedModels.guard })
      .from(learnedModels)
      .where(trainedOnAny(appealIds));
    const erasedExamples = { appeals: appealIds.length, ref: erasureRef, at: new Date().toISOString() };
    for (const row of rows) {
      await this.db
        .update(learnedModels)
        .set({
          guard: { ...row.guard, erasedExamples },
          ...(row.status === 'draft' ? { status: 'discarded' as const } : {}),
        })
        .where(eq(learnedModels.version, row.version));
    }
    return rows.map((r) => ({ version: r.version, status: r.status === 'draft' ? 'discarded' : r.status }));
  }

  /**
   * Versions trained on any of these appeals, without changing them (an erasure's dry run).
   */
  async trainedOn(appealIds: readonly string[]): Promise<string[]> {
    if (appealIds.length === 0) return [];
    const rows = await this.db
      .select({ version: learnedModels.version })
      .from(learnedModels)
      .where(trainedOnAny(appealIds))
      .orderBy(asc(learnedModels.version));
    return rows.map((r) => r.version);
  }

  /**
   * Corrections of accepted appeals on scored calls, oldest first: what retraining learns from.
   * Calls not scored right now (being rescored, failed) are left out of this round.
   */
  async trainingCorrections(): Promise<TrainingCorrection[]> {
    const rows = await this.db
      .select({
        callId: callOverrides.callId,
        industry: calls.industry,
        appealId: callOverrides.appealId,
        correction: callOverrides.correction,
      })
      .from(callOverrides)
      .innerJoin(appeals, eq(appeals.id, callOverrides.appealId))
      .innerJoin(calls, eq(calls.id, callOverrides.callId))
      .where(and(eq(appeals.status, 'accepted'), eq(calls.status, 'scored')))
      .orderBy(asc(callOverrides.createdAt), asc(callOverrides.id));
    return rows.map((r) => ({ ...r, correction: r.correction as unknown as Correction }));
  }

  /** The most recently held scored calls of any industry (a what-if's sample). */
  async recentScoredCalls(limit: number): Promise<{ id: string; industry: string }[]> {
    return this.db
      .select({ id: calls.id, industry: calls.industry })
      .from(calls)
      .where(eq(calls.status, 'scored'))
      .orderBy(desc(calls.occurredAt), desc(calls.id))
      .limit(limit);
  }

  /** Industries that hold scored calls (each gets a rescore run when a model is published). */
  async scoredIndustries(): Promise<string[]> {
    const rows = await this.db
      .selectDistinct({ industry: calls.industry })
      .from(calls)
      .where(sql`${calls.status} = 'scored'`)
      .orderBy(asc(calls.industry));
    return rows.map((r) => r.industry);
  }
}

/** Versions whose training appeals overlap these (`appeal_ids && array[…]`). */
function trainedOnAny(appealIds: readonly string[]) {
  const list = sql.join(
    appealIds.map((id) => sql`${id}`),
    sql`, `,
  );
  return sql`${learnedModels.appealIds} && array[${list}]::text[]`;
}
