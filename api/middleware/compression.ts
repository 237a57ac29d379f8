import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

export type ContentCoding = 'br' | 'gzip' | 'identity';

/** Media types worth compressing: text of any kind, JSON, JavaScript, SVG. */
const COMPRESSIBLE =
  /^(text\/|application\/(json|javascript|xml|manifest\+json|[a-z.+-]*\+json)|image\/svg\+xml)/i;

/**
 * The coding to answer with: the highest `q` among br and gzip (br on a tie), identity when the
 * client accepts neither. Absent header: identity (RFC 9110 allows any, curl expects plain).
 */
export function negotiateEncoding(header: string | undefined): ContentCoding {
  if (!header) return 'identity';
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(name, Number.isFinite(value) ? value : 0);
  }
  const star = q.get('*') ?? 0;
  const br = q.get('br') ?? star;
  const gz = q.get('gzip') ?? q.get('x-gzip') ?? star;
  if (br > 0 && br >= gz) return 'br';
  if (gz > 0) return 'gzip';
  return 'identity';
}

/** Strong validator of a body: its sha1, plus the coding (RFC 9110 §8.8.3: one per representation). */
function etagOf(hash: string, coding: ContentCoding): string {
  return coding === 'identity' ? `"${hash}"` : `"${hash}-${coding === 'br' ? 'br' : 'gz'}"`;
}

/** True when `If-None-Match` names this body in any coding (or is `*`). */
function matchesAny(ifNoneMatch: string, hash: string): boolean {
  for (const raw of ifNoneMatch.split(',')) {
    const tag = raw.trim().replace(/^W\//, '');
    if (tag === '*') return true;
    const opaque = tag.replace(/^"|"$/g, '').replace(/-(br|gz)$/, '');
    if (opaque === hash) return true;
  }
  return false;
}

/** A body already encoded for the coding negotiated, with the hash of its identity bytes. */
export interface EncodedBody {
  /** sha1 (base64url) of the identity bytes: the ETag's opaque part, the same in every coding. */
  hash: string;
  coding: ContentCoding;
  body: Buffer;
  /** Content-Type of the identity bytes. */
  type: string;
  cacheControl?: string;
}

/**
 * Sends a body encoded ahead of time (a stored call view, a precompressed script) as
 * compressResponses would have sent it (the same ETag per coding, `Vary`, 304 for a matching
 * `If-None-Match` in any coding) but with no hashing or compression on the request path.
 * Writes the response directly, so compressResponses does not see it.
 */
export function sendEncoded(req: Request, res: Response, encoded: EncodedBody): void {
  res.vary('Accept-Encoding');
  res.set('ETag', etagOf(encoded.hash, encoded.coding));
  if (encoded.cacheControl) res.set('Cache-Control', encoded.cacheControl);
  const ifNoneMatch = req.get('if-none-match');
  if (ifNoneMatch && matchesAny(ifNoneMatch, encoded.hash)) {
    res.status(304).end();
    return;
  }
  res.status(200).set('Content-Type', encoded.type);
  if (encoded.coding !== 'identity') res.set('Content-Encoding', encoded.coding);
  res.set('Content-Length', String(encoded.body.length));
  if (req.method === 'HEAD') res.end();
  else res.end(encoded.body);
}

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** A byte-bounded LRU of compressed bodies, keyed by content hash and coding. */
class CompressedCache {
  private readonly entries = new Map<string, Buffer>();
  private readonly pending = new Map<string, Promise<Buffer>>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  async get(key: string, make: () => Promise<Buffer>): Promise<Buffer> {
    const hit = this.entries.get(key);
    if (hit) {
      // Refresh its place: the Map keeps insertion order, the oldest goes first.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const inFlight = this.pending.get(key);
    if (inFlight) return inFlight;
    const made = make().finally(() => this.pending.delete(key));
    this.pending.set(key, made);
    const body = await made;
    if (body.length <= this.maxBytes && !this.entries.has(key)) {
      this.entries.set(key, body);
      this.bytes += body.length;
      for (const [k, v] of this.entries) {
        if (this.bytes <= this.maxBytes) break;
        this.entries.delete(k);
        this.bytes -= v.length;
      }
    }
    return body;
  }
}

export interface CompressionOptions {
  /** Bodies below this size go out as they are (default 1 KiB). */
  thresholdBytes?: number;
  /** Memory for compressed copies, shared by every response (default 32 MiB). */
  cacheBytes?: number;
  /**
   * Brotli quality (default 4: on a call view faster than gzip level 6 and smaller; 5 is another
   * 15 % smaller but about half again as slow, 11 a hundred times slower).
   */
  brotliQuality?: number;
  /** gzip level (default 6). */
  gzipLevel?: number;
}

/**
 * Strong ETags, `304 Not Modified` and compression for every body sent whole through
 * `res.send` / `res.json` (call views, packs, lists, the web UI's files).
 *
 * - GET and HEAD answers with status 200 get `ETag: "<sha1>"` (`"<sha1>-br"`, `"<sha1>-gz"` when
 *   compressed); an `If-None-Match` naming the same body in any coding gets 304 without a body,
 *   before anything is compressed.
 * - Compressible types of at least `thresholdBytes` go out as br or gzip by `Accept-Encoding`,
 *   with `Vary: Accept-Encoding`. Compressed copies are cached by content hash, so a body that is
 *   asked for again (a call view, a script of the UI) is compressed once; a changed body has a
 *   new hash, so nothing needs invalidating.
 * Streams (`res.sendFile`, recordings, the queue dashboard) pass untouched.
 */
export function compressResponses(options: CompressionOptions = {}): RequestHandler & {
  cacheSize: () => { entries: number; bytes: number };
} {
  const threshold = options.thresholdBytes ?? 1024;
  const cache = new CompressedCache(options.cacheBytes ?? 32 * 1024 * 1024);
  const brotliParams = {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: options.brotliQuality ?? 4,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
    },
  };
  const gzipParams = { level: options.gzipLevel ?? 6 };

  const handler = (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const send = res.send.bind(res);
    res.send = (body?: unknown) => {
      // Objects come back here as a string through res.json; errors and redirects pass as they are.
      if (res.statusCode !== 200 || !(typeof body === 'string' || Buffer.isBuffer(body))) return send(body);
      let type = res.get('content-type');
      if (!type) {
        res.type(typeof body === 'string' ? 'html' : 'bin');
        type = res.get('content-type') ?? '';
      }
      if (typeof body === 'string' && !/;\s*charset=/i.test(type)) {
        type = `${type}; charset=utf-8`;
        res.set('content-type', type);
      }
      const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
      const hash = createHash('sha1').update(bytes).digest('base64url');
      // A body the route encoded itself, or asked not to be transformed, goes out as it is.
      const compressible =
        COMPRESSIBLE.test(type) &&
        bytes.length >= threshold &&
        !res.get('content-encoding') &&
        !/\bno-transform\b/i.test(res.get('cache-control') ?? '');
      if (compressible) res.vary('Accept-Encoding');
      const coding = compressible ? negotiateEncoding(req.get('accept-encoding')) : 'identity';
      res.set('ETag', etagOf(hash, coding));
      const ifNoneMatch = req.get('if-none-match');
      if (ifNoneMatch && matchesAny(ifNoneMatch, hash)) {
        res.removeHeader('content-type');
        res.status(304).end();
        return res;
      }
      if (coding === 'identity') return send(bytes);
      const compress =
        coding === 'br' ? () => brotli(bytes, brotliParams) : () => gzipAsync(bytes, gzipParams);
      cache.get(`${hash}:${coding}`, compress).then(
        (compressed) => {
          if (res.headersSent) return;
          res.set('Content-Encoding', coding);
          send(compressed);
        },
        () => {
          // zlib failing on a buffer in memory is not the client's problem: send it uncompressed.
          if (res.headersSent) return;
          res.set('ETag', etagOf(hash, 'identity'));
          send(bytes);
        },
      );
      return res;
    };
    next();
  };
  return Object.assign(handler, { cacheSize: () => cache.size });
}
