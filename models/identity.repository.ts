import { createHash } from 'node:crypto';
import { and, asc, eq, gt, lte } from 'drizzle-orm';
import type { Db } from './db.js';
import { AppError, ErrorCode } from './errors.js';
import { externalIdentities, ssoStates, ssoTickets, users } from './schema.js';
import { isUniqueViolation, newId } from './user.repository.js';

export type ExternalIdentity = typeof externalIdentities.$inferSelect;
export type SsoState = typeof ssoStates.$inferSelect;

export interface NewExternalIdentity {
  issuer: string;
  claim: string;
  value: string;
  userId: string;
  createdBy: string | null;
}

/** sha256 hex of a state or ticket: the database never holds the value a URL carried. */
const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');

/** An e-mail address compares case-insensitively; every other claim value exactly. */
export function normalizeClaimValue(claim: string, value: string): string {
  return claim === 'email' ? value.trim().toLowerCase() : value;
}

/**
 * Enterprise sign-in records: identities at a provider mapped to users, the pending sign-ins
 * (state, nonce, PKCE verifier) and the one-time tickets that hand a sign-in to the web page.
 */
export class IdentityRepository {
  constructor(private readonly db: Db) {}

  // Mappings

  async addIdentity(input: NewExternalIdentity): Promise<ExternalIdentity> {
    const value = normalizeClaimValue(input.claim, input.value);
    try {
      const [row] = await this.db
        .insert(externalIdentities)
        .values({ id: newId('ext'), ...input, value })
        .returning();
      return row!;
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new AppError(
          ErrorCode.Conflict,
          `${input.claim} "${value}" of ${input.issuer} is already mapped to a user`,
          { issuer: input.issuer, claim: input.claim, value },
        );
      }
      throw err;
    }
  }

  async getIdentity(id: string): Promise<ExternalIdentity | null> {
    const [row] = await this.db.select().from(externalIdentities).where(eq(externalIdentities.id, id));
    return row ?? null;
  }

  /** Mappings, by user then issuer; only one user's with `userId`. */
  async listIdentities(filter: { userId?: string } = {}): Promise<ExternalIdentity[]> {
    return this.db
      .select()
      .from(externalIdentities)
      .where(filter.userId === undefined ? undefined : eq(externalIdentities.userId, filter.userId))
      .orderBy(asc(externalIdentities.userId), asc(externalIdentities.issuer), asc(externalIdentities.id));
  }

  async removeIdentity(id: string): Promise<ExternalIdentity | null> {
    const [row] = await this.db.delete(externalIdentities).where(eq(externalIdentities.id, id)).returning();
    return row ?? null;
  }

  /** The mapping of this claim value at this issuer, with its user (active or not). */
  async findMapping(
    issuer: string,
    claim: string,
    value: string,
  ): Promise<{ identity: ExternalIdentity; user: typeof users.$inferSelect } | null> {
    const [row] = await this.db
      .select({ identity: externalIdentities, user: users })
      .from(externalIdentities)
      .innerJoin(users, eq(users.id, externalIdentities.userId))
      .where(
        and(
          eq(externalIdentities.issuer, issuer),
          eq(externalIdentities.claim, claim),
          eq(externalIdentities.value, normalizeClaimValue(claim, value)),
        ),
      );
    return row ?? null;
  }

  async touchIdentity(id: string, at: Date): Promise<void> {
    await this.db.update(externalIdentities).set({ lastSignInAt: at }).where(eq(externalIdentities.id, id));
  }

  // Pending sign-ins

  async saveState(input: {
    state: string;
    provider: string;
    nonce: string | null;
    codeVerifier: string | null;
    returnTo: string | null;
    expiresAt: Date;
  }): Promise<void> {
    await this.db.insert(ssoStates).values({
      stateHash: digest(input.state),
      provider: input.provider,
      nonce: input.nonce,
      codeVerifier: input.codeVerifier,
      returnTo: input.returnTo,
      expiresAt: input.expiresAt,
    });
  }

  /**
   * Takes a pending sign-in: deleted in the same statement, so a state is used once even when
   * two callbacks race; null when unknown, already used, of another provider, or expired.
   */
  async consumeState(state: string, provider: string, now: Date): Promise<SsoState | null> {
    const [row] = await this.db
      .delete(ssoStates)
      .where(eq(ssoStates.stateHash, digest(state)))
      .returning();
    if (!row || row.provider !== provider || row.expiresAt <= now) return null;
    return row;
  }

  // Tickets

  async saveTicket(input: {
    ticket: string;
    userId: string;
    provider: string;
    returnTo: string | null;
    expiresAt: Date;
  }): Promise<void> {
    await this.db.insert(ssoTickets).values({
      ticketHash: digest(input.ticket),
      userId: input.userId,
      provider: input.provider,
      returnTo: input.returnTo,
      expiresAt: input.expiresAt,
    });
  }

  /** Takes a ticket (one use); null when unknown, already used or expired. */
  async consumeTicket(
    ticket: string,
    now: Date,
  ): Promise<{ userId: string; provider: string; returnTo: string | null } | null> {
    const [row] = await this.db
      .delete(ssoTickets)
      .where(eq(ssoTickets.ticketHash, digest(ticket)))
      .returning();
    if (!row || row.expiresAt <= now) return null;
    return { userId: row.userId, provider: row.provider, returnTo: row.returnTo };
  }

  /** Forgets expired states and tickets (a sign-in abandoned at the provider leaves one). */
  async purgeExpired(now: Date): Promise<number> {
    const a = await this.db
      .delete(ssoStates)
      .where(lte(ssoStates.expiresAt, now))
      .returning({ k: ssoStates.stateHash });
    const b = await this.db
      .delete(ssoTickets)
      .where(lte(ssoTickets.expiresAt, now))
      .returning({ k: ssoTickets.ticketHash });
    return a.length + b.length;
  }

  /** Pending sign-ins not yet expired (for tests and diagnostics). */
  async pendingStates(now: Date): Promise<number> {
    const rows = await this.db
      .select({ k: ssoStates.stateHash })
      .from(ssoStates)
      .where(gt(ssoStates.expiresAt, now));
    return rows.length;
  }
}
