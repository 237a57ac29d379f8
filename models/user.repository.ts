import { createHash, randomBytes } from 'node:crypto';
import { and, asc, desc, eq, gt, isNull, lte, or } from 'drizzle-orm';
import type { Db } from './db.js';
import { AppError, ErrorCode } from './errors.js';
import { apiTokens, ROLES, type Role, teams, users, userTeamHistory } from './schema.js';

export type User = typeof users.$inferSelect;
export type Team = typeof teams.$inferSelect;
export type TeamMembership = typeof userTeamHistory.$inferSelect;
/** Token metadata; the hash stays in the database. */
export type ApiToken = Omit<typeof apiTokens.$inferSelect, 'tokenHash'>;

export interface NewUser {
  /** Default: a fresh `user-<12 hex>`. */
  id?: string;
  externalId?: string | null;
  name: string;
  roles: readonly Role[];
  teamId?: string | null;
}

/** Prefix of every bearer token, so a leaked one is recognisable (secret scanners, logs). */
export const TOKEN_PREFIX = 'tj_';

/** sha256 hex of a bearer token, as stored in `api_tokens.token_hash`. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export class UserRepository {
  constructor(private readonly db: Db) {}

  // Teams

  async createTeam(input: { id?: string; name: string }): Promise<Team> {
    try {
      const [team] = await this.db
        .insert(teams)
        .values({ id: input.id ?? newId('team'), name: input.name })
        .returning();
      return team!;
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new AppError(ErrorCode.Conflict, `team "${input.name}" already exists`, { name: input.name });
      }
      throw err;
    }
  }

  /** The team with this name, created if missing (for `users add --team <name>`). */
  async ensureTeam(name: string): Promise<Team> {
    await this.db
      .insert(teams)
      .values({ id: newId('team'), name })
      .onConflictDoNothing();
    const [team] = await this.db.select().from(teams).where(eq(teams.name, name));
    return team!;
  }

  async getTeam(id: string): Promise<Team | null> {
    const [team] = await this.db.select().from(teams).where(eq(teams.id, id));
    return team ?? null;
  }

  async findTeamByName(name: string): Promise<Team | null> {
    const [team] = await this.db.select().from(teams).where(eq(teams.name, name));
    return team ?? null;
  }

  async listTeams(): Promise<Team[]> {
    return this.db.select().from(teams).orderBy(asc(teams.name));
  }

  // Users

  /** Creates an active user; its team membership history starts now. */
  async createUser(input: NewUser): Promise<User> {
    const roles = checkRoles(input.roles);
    const id = input.id ?? newId('user');
    const teamId = input.teamId ?? null;
    try {
      return await this.db.transaction(async (tx) => {
        const [user] = await tx
          .insert(users)
          .values({ id, externalId: input.externalId ?? null, name: input.name, roles, teamId })
          .returning();
        if (teamId !== null)
          await tx.insert(userTeamHistory).values({ userId: id, teamId, fromAt: new Date() });
        return user!;
      });
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new AppError(
          ErrorCode.Conflict,
          `a user with id ${id}${input.externalId ? ` or external id ${input.externalId}` : ''} already exists`,
          { id, externalId: input.externalId ?? null },
        );
      }
      if (isForeignKeyViolation(err)) {
        throw new AppError(ErrorCode.NotFound, `team ${teamId} not found`, { teamId });
      }
      throw err;
    }
  }

  async getUser(id: string): Promise<User | null> {
    const [user] = await this.db.select().from(users).where(eq(users.id, id));
    return user ?? null;
  }

  async findUserByExternalId(externalId: string): Promise<User | null> {
    const [user] = await this.db.select().from(users).where(eq(users.externalId, externalId));
    return user ?? null;
  }

  /** The user whose id, else whose external id, is `ref`; active or not. */
  async findUser(ref: string): Promise<User | null> {
    const rows = await this.db
      .select()
      .from(users)
      .where(or(eq(users.id, ref), eq(users.externalId, ref)));
    return rows.find((u) => u.id === ref) ?? rows[0] ?? null;
  }

  /** The active user with the rep role named by id or external id, else null. */
  async findActiveRep(ref: string): Promise<User | null> {
    const user = await this.findUser(ref);
    return user?.active && user.roles.includes('rep') ? user : null;
  }

  async listUsers(filter: { teamId?: string; active?: boolean } = {}): Promise<User[]> {
    return this.db
      .select()
      .from(users)
      .where(
        and(
          filter.teamId === undefined ? undefined : eq(users.teamId, filter.teamId),
          filter.active === undefined ? undefined : eq(users.active, filter.active),
        ),
      )
      .orderBy(asc(users.id));
  }

  async setRoles(userId: string, roles: readonly Role[]): Promise<User> {
    const checked = checkRoles(roles);
    const [user] = await this.db
      .update(users)
      .set({ roles: checked })
      .where(eq(users.id, userId))
      .returning();
    if (!user) throw notFound(userId);
    return user;
  }

  /** Deactivates a user: their tokens stop resolving on the next request. Calls stay. */
  async deactivate(userId: string): Promise<User> {
    return this.setActive(userId, false);
  }

  async reactivate(userId: string): Promise<User> {
    return this.setActive(userId, true);
  }

  /**
   * Moves a user to another team (or none) from `at` on. Calls keep the team stored when they
   * were made; the history answers "which team was she in on that day".
   */
  async moveToTeam(userId: string, teamId: string | null, at: Date = new Date()): Promise<User> {
    try {
      return await this.db.transaction(async (tx) => {
        const [user] = await tx.select().from(users).where(eq(users.id, userId)).for('update');
        if (!user) throw notFound(userId);
        if (user.teamId === teamId) return user;
        const [current] = await tx
          .select()
          .from(userTeamHistory)
          .where(and(eq(userTeamHistory.userId, userId), isNull(userTeamHistory.toAt)));
        if (current && current.fromAt > at) {
          throw new AppError(
            ErrorCode.InvalidInput,
            `user ${userId} joined team ${current.teamId} at ${current.fromAt.toISOString()}, after ${at.toISOString()}`,
            { problems: [{ path: 'at', message: 'must not precede the current team membership' }] },
          );
        }
        await tx
          .update(userTeamHistory)
          .set({ toAt: at })
          .where(and(eq(userTeamHistory.userId, userId), isNull(userTeamHistory.toAt)));
        if (teamId !== null) await tx.insert(userTeamHistory).values({ userId, teamId, fromAt: at });
        const [updated] = await tx.update(users).set({ teamId }).where(eq(users.id, userId)).returning();
        return updated!;
      });
    } catch (err) {
      if (isForeignKeyViolation(err))
        throw new AppError(ErrorCode.NotFound, `team ${teamId} not found`, { teamId });
      throw err;
    }
  }

  /** The user's team memberships, oldest first. */
  async teamHistory(userId: string): Promise<TeamMembership[]> {
    return this.db
      .select()
      .from(userTeamHistory)
      .where(eq(userTeamHistory.userId, userId))
      .orderBy(asc(userTeamHistory.fromAt), asc(userTeamHistory.id));
  }

  /** The team the user belonged to at `at`, or null. */
  async teamAt(userId: string, at: Date): Promise<string | null> {
    const [row] = await this.db
      .select({ teamId: userTeamHistory.teamId })
      .from(userTeamHistory)
      .where(
        and(
          eq(userTeamHistory.userId, userId),
          lte(userTeamHistory.fromAt, at),
          or(isNull(userTeamHistory.toAt), gt(userTeamHistory.toAt, at)),
        ),
      )
      .orderBy(desc(userTeamHistory.fromAt))
      .limit(1);
    return row?.teamId ?? null;
  }

  // Tokens

  /**
   * Issues a bearer token for an active user. The plaintext is returned here only; the
   * database keeps its sha256.
   */
  async issueToken(userId: string, label: string | null = null): Promise<{ token: string; info: ApiToken }> {
    const user = await this.getUser(userId);
    if (!user) throw notFound(userId);
    if (!user.active) {
      throw new AppError(ErrorCode.Unprocessable, `user ${userId} is deactivated: no token issued`, {
        userId,
      });
    }
    const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const [row] = await this.db
      .insert(apiTokens)
      .values({ id: newId('tok'), userId, tokenHash: hashToken(token), label })
      .returning({
        id: apiTokens.id,
        userId: apiTokens.userId,
        label: apiTokens.label,
        createdAt: apiTokens.createdAt,
        revokedAt: apiTokens.revokedAt,
      });
    return { token, info: row! };
  }

  /** The active user holding this unrevoked token, else null (one indexed query per request). */
  async resolveToken(token: string): Promise<User | null> {
    if (!token.startsWith(TOKEN_PREFIX)) return null;
    const [row] = await this.db
      .select({ user: users })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .where(
        and(eq(apiTokens.tokenHash, hashToken(token)), isNull(apiTokens.revokedAt), eq(users.active, true)),
      );
    return row?.user ?? null;
  }

  /** Revokes a token by id; false if it does not exist or was already revoked. */
  async revokeToken(tokenId: string): Promise<boolean> {
    const rows = await this.db
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.id, tokenId), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    return rows.length > 0;
  }

  /** Revokes every live token of a user; returns how many. */
  async revokeAllTokens(userId: string): Promise<number> {
    const rows = await this.db
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    return rows.length;
  }

  async listTokens(userId: string): Promise<ApiToken[]> {
    return this.db
      .select({
        id: apiTokens.id,
        userId: apiTokens.userId,
        label: apiTokens.label,
        createdAt: apiTokens.createdAt,
        revokedAt: apiTokens.revokedAt,
      })
      .from(apiTokens)
      .where(eq(apiTokens.userId, userId))
      .orderBy(asc(apiTokens.createdAt), asc(apiTokens.id));
  }

  private async setActive(userId: string, active: boolean): Promise<User> {
    const [user] = await this.db.update(users).set({ active }).where(eq(users.id, userId)).returning();
    if (!user) throw notFound(userId);
    return user;
  }
}

function checkRoles(roles: readonly string[]): Role[] {
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (roles.length === 0 || unknown.length > 0) {
    const message =
      roles.length === 0 ? 'at least one role is required' : `unknown role(s): ${unknown.join(', ')}`;
    throw new AppError(ErrorCode.InvalidInput, `${message} (roles: ${ROLES.join(', ')})`, {
      problems: [{ path: 'roles', message }],
    });
  }
  return [...new Set(roles)] as Role[];
}

function notFound(userId: string): AppError {
  return new AppError(ErrorCode.NotFound, `user ${userId} not found`, { userId });
}

export function newId(prefix: string): string {
  return `${prefix}-${randomBytes(6).toString('hex')}`;
}

/** SQLSTATE of a database error, whether raised by pg, PGlite, or wrapped by drizzle. */
function sqlState(err: unknown): string | undefined {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export const isUniqueViolation = (err: unknown) => sqlState(err) === '23505';
const isForeignKeyViolation = (err: unknown) => sqlState(err) === '23503';
