import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import type { Db } from './db.js';
import { calls } from './schema.js';

/** How a call view goes out: one of the stored copies, or the JSON text as it is. */
export type ViewCoding = 'br' | 'gzip' | 'identity';

/**
 * Brotli quality of the stored copy. Measured on 12 stored 30-minute call views (150 KB each,
 * CPU per view on this machine's cores): q4 2.5 ms → 17.3 % of the JSON, q5 3.4 ms → 15.5 %,
 * q6 3.9 ms → 15.3 %, q8 10 ms → 14.9 %, q10 69 ms → 13.5 %, q11 165 ms → 13.1 %. Paid once
 * per score, but on every score: at the ingestion budget (25 calls/s) q11 alone would take four
 * cores for 2 percentage points of bytes. q6 costs less than the analysis of the call.
 */
export const VIEW_BROTLI_QUALITY = 6;
/** gzip level of the stored copy (level 9: 4.5 ms for 2.7 % fewer bytes than level 6's 2.3 ms). */
export const VIEW_GZIP_LEVEL = 6;

/** Set with every change that makes the stored view stale: the copies go with it. */
export const NO_STORED_VIEW = { viewJson: null, viewEtag: null, viewBr: null, viewGzip: null } as const;

/** The stored view's strong validator and its compressed copies, made once per stored view. */
export interface ViewCopies {
  /** sha1 (base64url) of the view's UTF-8 bytes: the ETag's opaque part, the same in every coding. */
  etag: string;
  br: Buffer;
  gzip: Buffer;
}

/** What GET /v1/calls/:id sends: stored bytes with their ETag, or a view built on read. */
export type StoredView =
  | { stored: true; etag: string; coding: ViewCoding; body: Buffer }
  /** Not stored (a call being processed, or one whose view was dropped): the JSON, built now. */
  | { stored: false; json: string };

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** The ETag and compressed copies of a view's JSON text (zlib's thread pool, not the event loop). */
export async function encodeView(json: string): Promise<ViewCopies> {
  const bytes = Buffer.from(json, 'utf8');
  const [br, gz] = await Promise.all([
    brotliAsync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: VIEW_BROTLI_QUALITY,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }),
    gzipAsync(bytes, { level: VIEW_GZIP_LEVEL }),
  ]);
  return { etag: createHash('sha1').update(bytes).digest('base64url'), br, gzip: gz };
}

/** The body of `copies` (or of the JSON itself) for `coding`. */
export function viewBody(json: string, copies: ViewCopies, coding: ViewCoding): Buffer {
  return coding === 'br' ? copies.br : coding === 'gzip' ? copies.gzip : Buffer.from(json, 'utf8');
}

/**
 * Stores `copies` beside the view they were made from, only while that exact view is the one
 * stored (md5 of the text compared in the database): a rescore or any change that dropped the
 * view meanwhile wins, and copies never describe another text. Resolves whether they were stored.
 */
export async function storeViewCopies(
  db: Db,
  callId: string,
  json: string,
  copies: ViewCopies,
): Promise<boolean> {
  const md5 = createHash('md5').update(json, 'utf8').digest('hex');
  const rows = await db
    .update(calls)
    .set({ viewEtag: copies.etag, viewBr: copies.br, viewGzip: copies.gzip })
    .where(and(eq(calls.id, callId), isNotNull(calls.viewJson), sql`md5(${calls.viewJson}) = ${md5}`))
    .returning({ id: calls.id });
  return rows.length > 0;
}

/**
 * The read of GET /v1/calls/:id for one coding, as a named prepared statement: the database
 * parses and plans it once per connection, not per request. It reads who may see the call (id,
 * rep, team: the access policy's call.read), the ETag, and only the copy asked for (~23 KB of br
 * instead of ~150 KB of JSON); the JSON text only when that copy is missing (or for identity).
 */
export function prepareStoredViewRead(db: Db, coding: ViewCoding) {
  const copy = coding === 'br' ? calls.viewBr : coding === 'gzip' ? calls.viewGzip : null;
  return db
    .select({
      id: calls.id,
      repId: calls.repId,
      teamId: calls.teamId,
      viewEtag: calls.viewEtag,
      viewCopy: copy ?? sql<Buffer | null>`null::bytea`,
      viewText: copy
        ? sql<string | null>`case when ${copy} is null then ${calls.viewJson} end`
        : calls.viewJson,
      viewStored: sql<boolean>`${calls.viewJson} is not null`,
      // Scored before the coaching list was stored with the analysis: computed on this read.
      coachingPending: sql<boolean>`${calls.status} = 'scored' and ${calls.coaching} is null`,
    })
    .from(calls)
    .where(eq(calls.id, sql.placeholder('callId')))
    .limit(1)
    .prepare(`stored_call_view_${coding}`);
}
