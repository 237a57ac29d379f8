import { and, asc, eq, gt } from 'drizzle-orm';
import type { Db } from './db.js';
import { auditLog } from './schema.js';

export type AuditEntry = typeof auditLog.$inferSelect;

export interface NewAuditEntry {
  /** Null for the system (workers, CLI without a user). */
  actorUserId: string | null;
  /** What happened, e.g. `user.deactivate`, `call.rescore`, `token.revoke`. */
  action: string;
  /** The kind of thing changed, e.g. `user`, `call`, `token`. */
  entity: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

/**
 * The append-only audit log. Give it a transaction (`new AuditRepository(tx)`) to record an
 * entry atomically with the change it describes.
 */
export class AuditRepository {
  constructor(private readonly db: Db) {}

  async append(entry: NewAuditEntry): Promise<AuditEntry> {
    const [row] = await this.db
      .insert(auditLog)
      .values({
        actorUserId: entry.actorUserId,
        action: entry.action,
        entity: entry.entity,
        entityId: entry.entityId,
        before: entry.before ?? null,
        after: entry.after ?? null,
      })
      .returning();
    return row!;
  }

  /** Entries about one entity, oldest first; `afterId` pages on from a previous page's last id. */
  async list(
    entity: string,
    entityId: string,
    options: { limit?: number; afterId?: number } = {},
  ): Promise<AuditEntry[]> {
    return this.db
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.entity, entity),
          eq(auditLog.entityId, entityId),
          options.afterId === undefined ? undefined : gt(auditLog.id, options.afterId),
        ),
      )
      .orderBy(asc(auditLog.id))
      .limit(options.limit ?? 100);
  }
}
