import { createHash, randomBytes } from 'node:crypto';
import { and, asc, desc, eq, gt, isNull, lte, or, sql } from 'drizzle-orm';
import pg from 'pg';
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

/**
 * The channel on which every change to a user or a token is announced. Payload: JSON
 * `{ "user": id, "ack": nonce }`; a listening process drops the user's entries, then answers the
 * nonce on {@link USER_CHANGES_ACK_CHANNEL}.
 */
export const USER_CHANGES_CHANNEL = 'tingjian_user_changes';
export const USER_CHANGES_ACK_CHANNEL = 'tingjian_user_changes_ack';
/** application_name of a listening session, set once its LISTEN holds: the announcer counts them. */
const LISTENER_APPLICATION = 'tingjian-token-cache';
/** How long an announcement waits for the listening processes' answers before giving up. */
const ACK_TIMEOUT_MS = 2_000;

/**
 * Resolved tokens of one database, so most requests skip the lookup query. It answers only while
 * this process listens on {@link USER_CHANGES_CHANNEL}: every change to a user or a token
 * (revoke, deactivate, roles, team) is announced there by the process that made it, and the
 * announcement returns only once every listening process has dropped that user's entries and
 * said so (or after ACK_TIMEOUT_MS, for a process that is stuck or gone). So once `revokeToken`
 * or `deactivate` has returned, the next request fails in every process. A lost listener
 * connection empties the cache and turns it off until LISTEN is back. Only positive answers are
 * kept (a new token works at once); entries also expire after `ttlMs`, a safety net.
 */
class TokenCache {
  private readonly byHash = new Map<string, { user: User; at: number }>();
  private readonly byUser = new Map<string, Set<string>>();
  /** Bumped on every change: a lookup that started before a change must not fill the cache. */
  generation = 0;
  listening = false;
  private listener: pg.Client | null = null;
  private unlisten: (() => Promise<void>) | null = null;
  private starting: Promise<void> | null = null;
  private retryAt = 0;
  private poolHooked = false;

  constructor(
    private readonly client: unknown,
    private readonly ttlMs = 60_000,
    private readonly maxEntries = 10_000,
  ) {}

  get(hash: string): User | null {
    if (!this.listening) return null;
    const hit = this.byHash.get(hash);
    if (!hit) return null;
    if (Date.now() - hit.at > this.ttlMs) {
      this.drop(hash, hit.user.id);
      return null;
    }
    return hit.user;
  }

  put(hash: string, user: User, generation: number): void {
    if (!this.listening || generation !== this.generation) return;
    if (this.byHash.size >= this.maxEntries) this.clear();
    this.byHash.set(hash, { user, at: Date.now() });
    let hashes = this.byUser.get(user.id);
    if (!hashes) {
      hashes = new Set();
      this.byUser.set(user.id, hashes);
    }
    hashes.add(hash);
  }

  /** A user changed (or, with null, anything may have): forget what was resolved for them. */
  invalidate(userId: string | null): void {
    this.generation++;
    if (userId === null) {
      this.clear();
      return;
    }
    for (const hash of this.byUser.get(userId) ?? []) this.byHash.delete(hash);
    this.byUser.delete(userId);
  }

  get size(): number {
    return this.byHash.size;
  }

  private drop(hash: string, userId: string): void {
    this.byHash.delete(hash);
    this.byUser.get(userId)?.delete(hash);
  }

  private clear(): void {
    this.byHash.clear();
    this.byUser.clear();
  }

  private lost(): void {
    this.listening = false;
    this.invalidate(null);
    this.retryAt = Date.now() + 1_000;
    const listener = this.listener;
    this.listener = null;
    listener?.end().catch(() => {});
  }

  /**
   * Starts listening in the background (the first lookups go to the database meanwhile). With
   * PostgreSQL a dedicated connection, outside the pool, whose socket does not keep the process
   * alive and which ends with the pool; with PGlite the instance's own listen().
   */
  ensureListening(): void {
    if (this.listening || this.starting || Date.now() < this.retryAt) return;
    this.starting = this.listen()
      .catch(() => this.lost())
      .finally(() => {
        this.starting = null;
      });
  }

  private async listen(): Promise<void> {
    const onNotify = (payload: string | undefined) =>
      this.invalidate(parseAnnouncement(payload)?.user ?? null);
    if (this.client instanceof pg.Pool) {
      const pool = this.client;
      if ((pool as { ending?: boolean }).ending) return;
      const listener = new pg.Client(pool.options);
      this.listener = listener;
      listener.on('error', () => this.lost());
      listener.on('end', () => {
        if (this.listener === listener) this.lost();
      });
      listener.on('notification', (n) => {
        if (n.channel !== USER_CHANGES_CHANNEL) return;
        const announced = parseAnnouncement(n.payload);
        this.invalidate(announced?.user ?? null);
        // Dropped: tell the announcer, who waits for every listening process.
        if (announced?.ack)
          listener
            .query('select pg_notify($1, $2)', [USER_CHANGES_ACK_CHANNEL, announced.ack])
            .catch(() => {});
      });
      await listener.connect();
      (listener as unknown as { connection: { stream: { unref?: () => void } } }).connection.stream.unref?.();
      // Closing the database ends the pool (which removes its clients): the listener goes with it.
      if (!this.poolHooked) {
        this.poolHooked = true;
        pool.on('remove', () => {
          if ((pool as { ending?: boolean }).ending) this.stop();
        });
      }
      await listener.query(`LISTEN ${USER_CHANGES_CHANNEL}`);
      // Only now does the announcer count this session (and wait for its answers).
      await listener.query(`SET application_name = '${LISTENER_APPLICATION}'`);
      if (this.listener !== listener) return;
    } else if (isPglite(this.client)) {
      this.unlisten = await this.client.listen(USER_CHANGES_CHANNEL, onNotify);
    } else return;
    // Whatever was announced before LISTEN took effect is unknown: start empty.
    this.invalidate(null);
    this.listening = true;
  }

  stop(): void {
    this.listening = false;
    this.retryAt = Number.POSITIVE_INFINITY;
    this.invalidate(null);
    const listener = this.listener;
    this.listener = null;
    listener?.end().catch(() => {});
    this.unlisten?.().catch(() => {});
    this.unlisten = null;
  }
}

function parseAnnouncement(payload: string | undefined): { user: string; ack?: string } | null {
  try {
    const parsed = JSON.parse(payload ?? '') as { user?: unknown; ack?: unknown };
    if (typeof parsed.user !== 'string') return null;
    return typeof parsed.ack === 'string' ? { user: parsed.user, ack: parsed.ack } : { user: parsed.user };
  } catch {
    return null;
  }
}

/**
 * Announces a change of `userId` to every process listening on the database behind `pool`, and
 * waits until each of them has answered (or ACK_TIMEOUT_MS passed).
 */
async function announceAndWait(pool: pg.Pool, userId: string): Promise<void> {
  const client = await pool.connect();
  const ack = randomBytes(8).toString('hex');
  let release = true;
  try {
    let answers = 0;
    let wake: () => void = () => {};
    const answered = new Promise<void>((resolve) => {
      wake = resolve;
    });
    let expected = Number.POSITIVE_INFINITY;
    const onAnswer = (n: pg.Notification) => {
      if (n.channel === USER_CHANGES_ACK_CHANNEL && n.payload === ack && ++answers >= expected) wake();
    };
    client.on('notification', onAnswer);
    try {
      await client.query(`LISTEN ${USER_CHANGES_ACK_CHANNEL}`);
      const { rows } = await client.query<{ n: string }>(
        'select count(*) as n from pg_stat_activity where application_name = $1 and datname = current_database()',
        [LISTENER_APPLICATION],
      );
      expected = Number(rows[0]?.n ?? 0);
      await client.query('select pg_notify($1, $2)', [
        USER_CHANGES_CHANNEL,
        JSON.stringify({ user: userId, ack }),
      ]);
      if (answers < expected) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          answered,
          new Promise<void>((resolve) => {
            timer = setTimeout(resolve, ACK_TIMEOUT_MS);
          }),
        ]);
        clearTimeout(timer);
      }
      await client.query(`UNLISTEN ${USER_CHANGES_ACK_CHANNEL}`);
    } finally {
      client.off('notification', onAnswer);
    }
  } catch (err) {
    // A connection that failed mid-way goes back to the pool as broken.
    release = false;
    client.release(err as Error);
    throw err;
  } finally {
    if (release) client.release();
  }
}

function isPglite(
  client: unknown,
): client is { listen(channel: string, cb: (payload: string) => void): Promise<() => Promise<void>> } {
  return (
    typeof client === 'object' &&
    client !== null &&
    typeof (client as { listen?: unknown }).listen === 'function' &&
    typeof (client as { exec?: unknown }).exec === 'function'
  );
}

/** One token cache per database client, shared by every repository on it (never across databases). */
const tokenCaches = new WeakMap<object, TokenCache>();

function tokenCacheOf(db: Db): TokenCache | null {
  const client = (db as unknown as { $client?: unknown }).$client;
  if (typeof client !== 'object' || client === null) return null;
  let cache = tokenCaches.get(client);
  if (!cache) {
    cache = new TokenCache(client);
    tokenCaches.set(client, cache);
  }
  return cache;
}

export class UserRepository {
  private readonly tokenCache: TokenCache | null;

  constructor(private readonly db: Db) {
    this.tokenCache = tokenCacheOf(db);
  }

  /** Resolved tokens held in memory (for tests and diagnostics). */
  get cachedTokens(): number {
    return this.tokenCache?.size ?? 0;
  }

  /**
   * Announces that a user (their roles, team, activity or tokens) changed, after the change is
   * committed: this process forgets them at once; with PostgreSQL the call returns once every
   * listening process has forgotten them too (PGlite is single-process: nothing to wait for).
   */
  private async announce(userId: string): Promise<void> {
    this.tokenCache?.invalidate(userId);
    const client = (this.db as unknown as { $client?: unknown }).$client;
    if (client instanceof pg.Pool) return announceAndWait(client, userId);
    await this.db.execute(
      sql`select pg_notify(${USER_CHANGES_CHANNEL}, ${JSON.stringify({ user: userId })})`,
    );
  }

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
    await this.announce(userId);
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
      const moved = await this.db.transaction(async (tx) => {
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
      await this.announce(userId);
      return moved;
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

  /**
   * The active user holding this unrevoked token, else null. Answered from memory while this
   * process listens for user changes (see TokenCache), else by one indexed query.
   */
  async resolveToken(token: string): Promise<User | null> {
    if (!token.startsWith(TOKEN_PREFIX)) return null;
    const hash = hashToken(token);
    const cache = this.tokenCache;
    cache?.ensureListening();
    const cached = cache?.get(hash);
    if (cached) return cached;
    const generation = cache?.generation ?? 0;
    const [row] = await this.db
      .select({ user: users })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .where(and(eq(apiTokens.tokenHash, hash), isNull(apiTokens.revokedAt), eq(users.active, true)));
    if (row) cache?.put(hash, row.user, generation);
    return row?.user ?? null;
  }

  /**
   * The user a refused token names: one of theirs that was revoked, or theirs while they are
   * deactivated; null for a token nobody was ever given (failed sign-ins are limited per user).
   */
  async ownerOfRejectedToken(token: string): Promise<string | null> {
    if (!token.startsWith(TOKEN_PREFIX)) return null;
    const [row] = await this.db
      .select({ userId: apiTokens.userId })
      .from(apiTokens)
      .where(eq(apiTokens.tokenHash, hashToken(token)))
      .limit(1);
    return row?.userId ?? null;
  }

  /** Revokes a token by id; false if it does not exist or was already revoked. */
  async revokeToken(tokenId: string): Promise<boolean> {
    const rows = await this.db
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.id, tokenId), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id, userId: apiTokens.userId });
    for (const row of rows) await this.announce(row.userId);
    return rows.length > 0;
  }

  /** Revokes every live token of a user; returns how many. */
  async revokeAllTokens(userId: string): Promise<number> {
    const rows = await this.db
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    await this.announce(userId);
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
    await this.announce(userId);
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
