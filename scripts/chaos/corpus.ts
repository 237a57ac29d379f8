import { HOSTILE_ROWS, type HostileRow } from '../../tests/helpers/hostile-requests.js';
import { getAs, type Sent } from './http-client.js';
import type { ChaosSession } from './session.js';

/** Rows whose body is at most this many bytes run again during each fault (the rest once). */
const LIGHT_BODY_BYTES = 64 * 1024;

/**
 * The request a hostile row describes, with the session's tokens; `externalId` is the one in its
 * JSON body (each build of a row's body is a new call with a fresh externalId).
 */
export function requestOf(
  row: HostileRow,
  tokens: ChaosSession['tokens'],
): Sent & { bytes: number; externalId?: string } {
  const headers: Record<string, string> = { ...row.headers };
  const as = row.as === undefined ? 'admin' : row.as;
  if (row.authorization !== undefined) headers.Authorization = row.authorization;
  else if (as !== null) headers.Authorization = `Bearer ${tokens[as]}`;
  const b = row.body?.();
  let body: Buffer | undefined;
  let externalId: string | undefined;
  if (b && 'json' in b) {
    const id = (b.json as { externalId?: unknown } | null)?.externalId;
    if (typeof id === 'string') externalId = id;
  }
  if (b) {
    body = 'json' in b ? Buffer.from(JSON.stringify(b.json)) : Buffer.from(b.raw);
    const type = 'json' in b ? 'application/json' : b.contentType;
    if (type !== undefined) headers['Content-Type'] = type;
  }
  return {
    method: row.method ?? 'POST',
    path: row.path ?? '/v1/calls',
    headers,
    ...(body ? { body } : {}),
    bytes: body?.length ?? 0,
    ...(externalId ? { externalId } : {}),
  };
}

/**
 * Sends the hostile corpus (every row, or only the light ones) from a fresh loopback address,
 * one request at a time. Outside an outage, an answer other than the row's status and code, or a
 * failed row check, is kept as a mismatch.
 */
export async function runCorpus(session: ChaosSession, which: 'all' | 'light'): Promise<number> {
  const from = session.freshSource();
  let sent = 0;
  for (const row of HOSTILE_ROWS) {
    const { bytes, externalId: id, ...req } = requestOf(row, session.tokens);
    if (which === 'light' && bytes > LIGHT_BODY_BYTES) continue;
    const externalId = row.creates ? id : undefined;
    if (externalId && req.body) session.noteSubmitted(externalId, req.body);
    const again = externalId !== undefined && (session.submitted.get(externalId)?.size ?? 0) > 0;
    const o = await session.send(`corpus: ${row.name}`, { ...req, from }, row.bare);
    sent++;
    if (externalId) session.noteAcknowledged(externalId, o);
    if (session.outage || (row.bare && o.kind === 'connection')) continue;
    const problem = await judge(session, row, o, again);
    if (problem) session.mismatches.push(`[${session.phase}] ${row.name}: ${problem}`);
  }
  return sent;
}

async function judge(
  session: ChaosSession,
  row: HostileRow,
  o: Awaited<ReturnType<ChaosSession['send']>>,
  again: boolean,
): Promise<string | undefined> {
  if (o.kind !== 'answer') return o.kind;
  // A row's body is built once: sent again, a storing row is an idempotent resubmission.
  if (again)
    return o.status === 200 && o.body?.created === false ? undefined : `resubmitted: got ${o.status}`;
  const code = (o.body as { error?: { code?: unknown } } | undefined)?.error?.code ?? null;
  if (o.status !== row.status || (row.code !== null && code !== row.code))
    return `got ${o.status} ${String(code)}, expected ${row.status} ${String(row.code)}`;
  try {
    await row.check?.(o, (path) => getAs(session.baseUrl, session.tokens.admin, path));
  } catch (err) {
    return `check failed: ${(err as Error).message.split('\n')[0]}`;
  }
  return undefined;
}

/**
 * Repeated bad tokens from one address: 401 until the failed sign-in limit, then 429 with
 * Retry-After, even for the admin's good token. From an address of its own, so the rest of the
 * run is not limited.
 */
export async function runBadTokenBurst(session: ChaosSession, attempts = 40): Promise<void> {
  const from = session.freshSource();
  const statuses: number[] = [];
  for (let i = 0; i < attempts; i++) {
    const o = await session.send('bad token burst', {
      method: 'GET',
      path: '/v1/calls',
      headers: { Authorization: `Bearer guess-${i}` },
      from,
    });
    statuses.push(o.kind === 'answer' ? o.status : 0);
  }
  const good = await session.send('good token after the burst', {
    method: 'GET',
    path: '/v1/calls',
    headers: { Authorization: `Bearer ${session.tokens.admin}` },
    from,
  });
  const first429 = statuses.indexOf(429);
  const shape =
    first429 > 0 &&
    statuses.slice(0, first429).every((s) => s === 401) &&
    statuses.slice(first429).every((s) => s === 429);
  const retryAfter = good.kind === 'answer' ? Number(good.headers['retry-after']) : Number.NaN;
  if (!shape || good.kind !== 'answer' || good.status !== 429 || !(retryAfter > 0))
    session.mismatches.push(
      `[${session.phase}] repeated bad tokens: statuses ${statuses.join(',')}; then a good token got ` +
        `${good.kind === 'answer' ? `${good.status} Retry-After ${String(good.headers['retry-after'])}` : good.kind}, ` +
        'expected 401s then 429 with Retry-After',
    );
}
