import { request } from 'node:http';
import type { HostileResponse } from '../../tests/helpers/hostile-requests.js';

/** A request is a hang when it has no complete answer after this long. */
export const HANG_MS = 5_000;

export interface Sent {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: Buffer;
  /** Loopback source address (127.0.0.x): the failed sign-in limiter counts per address. */
  from?: string;
}

/** What happened to one request: an answer, a hang (no answer in HANG_MS), or a refused connection. */
export type Outcome =
  | ({ kind: 'answer'; ms: number } & HostileResponse)
  | { kind: 'hang'; ms: number }
  | { kind: 'connection'; ms: number; error: string };

/** One request over a fresh loopback connection, never longer than HANG_MS. */
export function send(baseUrl: string, sent: Sent): Promise<Outcome> {
  const url = new URL(baseUrl);
  const t0 = performance.now();
  const ms = () => Math.round(performance.now() - t0);
  return new Promise((resolve) => {
    let settled = false;
    const done = (o: Outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(o);
    };
    const req = request({
      host: url.hostname,
      port: url.port,
      method: sent.method,
      path: sent.path,
      headers: {
        ...(sent.body ? { 'Content-Length': String(sent.body.length) } : {}),
        ...sent.headers,
      },
      agent: false,
      ...(sent.from ? { localAddress: sent.from } : {}),
    });
    const timer = setTimeout(() => {
      done({ kind: 'hang', ms: ms() });
      req.destroy();
    }, HANG_MS);
    req.once('error', (err) => done({ kind: 'connection', ms: ms(), error: err.message }));
    req.once('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.once('error', (err) => done({ kind: 'connection', ms: ms(), error: err.message }));
      res.once('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        if (/^application\/json/.test(res.headers['content-type'] ?? '')) {
          try {
            body = JSON.parse(text);
          } catch {
            // Kept as text: a JSON content type with a broken body is itself a finding.
          }
        }
        done({ kind: 'answer', ms: ms(), status: res.statusCode ?? 0, headers: res.headers, body });
      });
    });
    req.end(sent.body);
  });
}

/** GET with a bearer token, as the corpus checks need; anything but an answer throws. */
export async function getAs(baseUrl: string, token: string, path: string): Promise<HostileResponse> {
  const o = await send(baseUrl, { method: 'GET', path, headers: { Authorization: `Bearer ${token}` } });
  if (o.kind !== 'answer') throw new Error(`GET ${path}: ${o.kind}`);
  return o;
}
