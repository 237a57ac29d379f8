import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import request, { type Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../bin/config.js';
import { buildService, type Service } from '../../bin/service.js';
import type { TErrorCode } from '../../models/errors.js';
import { MAX_UTTERANCE_CHARS, MAX_UTTERANCES } from '../../models/transcript.js';
import { transcript } from '../helpers/runtime.js';

/**
 * The bad-input corpus of the service issue: malformed and hostile requests against the real app
 * (embedded PGlite + in-process queue), each with the status and error code it must get. The
 * corpus as a whole must cause no 5xx and leave stored data as it was, apart from the rows marked
 * `creates` (hostile strings inside an otherwise valid call: stored and echoed as plain data).
 */

// Small enough to make the oversized rows fast, large enough for 20,001 one-character utterances.
const MAX_BODY_BYTES = 2 * 1024 * 1024;

type Who = 'admin' | 'lin' | 'reviewer' | 'revoked' | 'deactivated';

interface Row {
  name: string;
  method?: 'GET' | 'POST';
  /** Default POST /v1/calls. */
  path?: string;
  /** Whose bearer token to send (default admin); null: no Authorization header. */
  as?: Who | null;
  /** Raw Authorization header, instead of `as`. */
  authorization?: string;
  headers?: Record<string, string>;
  /** `json` is sent as application/json; `raw` bytes with `contentType` (none when absent). Built lazily. */
  body?: () => { json: unknown } | { raw: string | Buffer; contentType?: string };
  status: number;
  /** The `error.code` of the response; null for a success. */
  code: TErrorCode | null;
  /** A field path that `error.details.problems` must name. */
  problem?: string;
  /** A row that legitimately stores a call (accounted for in the unchanged-data check). */
  creates?: true;
  check?: (res: Response, get: (path: string) => Promise<Response>) => Promise<void> | void;
}

let seq = 0;
/** A valid call of rep Lin, with a fresh externalId so no row is an idempotent resubmission. */
function valid(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return transcript(
    'saas',
    [
      ['rep', '王总您好，我是云帆软件的林雪，想跟您聊聊销售管理系统，您现在方便吗？'],
      ['customer', '可以，你说吧，我们现在用Excel管客户，数据很乱。'],
    ],
    {
      repId: 'rep-lin',
      externalId: `bad-input-${++seq}`,
      customer: { name: '王总', company: '某某科技' },
      ...extra,
    },
  );
}
/** A valid call with the first utterance changed. */
function withUtterance(patch: Record<string, unknown>): Record<string, unknown> {
  const call = valid();
  const [first, ...rest] = call.utterances as Record<string, unknown>[];
  return { ...call, utterances: [{ ...first, ...patch }, ...rest] };
}
function without(field: string, from: Record<string, unknown> = valid()): Record<string, unknown> {
  const { [field]: _dropped, ...rest } = from;
  return rest;
}
function withoutInUtterance(field: string): Record<string, unknown> {
  const call = valid();
  const [first, ...rest] = call.utterances as Record<string, unknown>[];
  return { ...call, utterances: [without(field, first), ...rest] };
}
/** JSON text of a valid call whose `field` holds `rawJson` verbatim (for values JSON.stringify cannot make). */
function rawField(field: string, rawJson: string, call: Record<string, unknown> = valid()): string {
  return JSON.stringify({ ...call, [field]: '__RAW__' }).replace('"__RAW__"', () => rawJson);
}
const json = (value: unknown) => () => ({ json: value });
const raw = (bytes: string | Buffer, contentType?: string) => () => ({
  raw: bytes,
  ...(contentType ? { contentType } : {}),
});
const deepArray = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
const deepObject = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
const cursorOf = (parts: unknown) => Buffer.from(JSON.stringify(parts)).toString('base64url');
const SQL = "'; DROP TABLE calls; --";
const SQL_OR = "' OR '1'='1";
const HTML = '<script>alert("xss")</script><img src=x onerror=alert(1)>';

/** The text of `utterances[0]` of a call as served by GET /v1/calls/:id, byte for byte. */
async function echoesPlainData(
  res: Response,
  get: (path: string) => Promise<Response>,
  expected: { text?: string; externalId?: string; customer?: Record<string, string> },
): Promise<void> {
  expect(res.body.created).toBe(true);
  const got = await get(`/v1/calls/${encodeURIComponent(res.body.call.id)}`);
  expect(got.status).toBe(200);
  expect(got.headers['content-type']).toMatch(/^application\/json/);
  if (expected.text !== undefined) expect(got.body.utterances[0].text).toBe(expected.text);
  if (expected.externalId !== undefined) expect(got.body.call.externalId).toBe(expected.externalId);
  if (expected.customer !== undefined) expect(got.body.call.customer).toEqual(expected.customer);
}

const rows: Row[] = [
  // ── The body as a whole: syntax, shape, size, encoding ────────────────────────────────────────
  { name: 'malformed JSON', body: raw('{"repId": ', 'application/json'), status: 400, code: 'invalid_input' },
  { name: 'JSON array instead of an object', body: json([valid()]), status: 400, code: 'invalid_input' },
  { name: 'null body', body: raw('null', 'application/json'), status: 400, code: 'invalid_input' },
  {
    name: 'JSON string body',
    body: raw('"通话记录"', 'application/json'),
    status: 400,
    code: 'invalid_input',
  },
  { name: 'JSON number body', body: raw('42', 'application/json'), status: 400, code: 'invalid_input' },
  { name: 'empty object', body: json({}), status: 400, code: 'invalid_input', problem: 'repId' },
  {
    name: 'empty body declared as application/json',
    body: raw('', 'application/json'),
    status: 400,
    code: 'invalid_input',
  },
  {
    name: 'arrays nested 10,000 levels deep',
    body: raw(deepArray(10_000), 'application/json'),
    status: 400,
    code: 'invalid_input',
  },
  {
    name: 'objects nested 10,000 levels deep in customer',
    body: raw(rawField('customer', deepObject(10_000)), 'application/json'),
    status: 400,
    code: 'invalid_input',
    problem: 'customer',
  },
  {
    name: 'arrays nested 10,000 levels deep in utterances',
    body: raw(rawField('utterances', `[${deepArray(10_000)}]`), 'application/json'),
    status: 400,
    code: 'invalid_input',
    problem: 'utterances[0]',
  },
  {
    name: 'invalid UTF-8 bytes inside an utterance text',
    body: () => {
      const [before, after] = JSON.stringify(withUtterance({ text: '您好__BAD__' })).split('__BAD__');
      return {
        raw: Buffer.concat([
          Buffer.from(before!),
          Buffer.from([0xc3, 0x28, 0xff, 0xfe]),
          Buffer.from(after!),
        ]),
        contentType: 'application/json',
      };
    },
    status: 400,
    code: 'invalid_input',
  },
  {
    name: 'a body of invalid UTF-8 bytes only',
    body: raw(Buffer.from([0xff, 0xfe, 0xfd, 0xc0, 0x80, 0xed, 0xa0, 0x80]), 'application/json'),
    status: 400,
    code: 'invalid_input',
  },
  {
    name: '__proto__ key (prototype pollution)',
    body: raw(rawField('__proto__', '{"isAdmin":true}'), 'application/json'),
    status: 400,
    code: 'invalid_input',
  },
  {
    name: 'constructor.prototype key',
    body: json(valid({ constructor: { prototype: { isAdmin: true } } })),
    status: 400,
    code: 'invalid_input',
  },
  {
    name: 'body larger than MAX_BODY_BYTES',
    body: json({ ...valid(), pad: 'x'.repeat(MAX_BODY_BYTES + 1024 * 1024) }),
    status: 413,
    code: 'payload_too_large',
  },
  {
    name: 'body one byte over MAX_BODY_BYTES',
    body: () => {
      const head = '{"pad":"';
      const tail = '"}';
      return {
        raw: head + 'x'.repeat(MAX_BODY_BYTES + 1 - head.length - tail.length) + tail,
        contentType: 'application/json',
      };
    },
    status: 413,
    code: 'payload_too_large',
  },
  {
    name: 'gzip bomb: 1 KB that inflates beyond MAX_BODY_BYTES',
    headers: { 'Content-Encoding': 'gzip' },
    body: () => ({
      raw: gzipSync(Buffer.from(JSON.stringify({ pad: 'x'.repeat(MAX_BODY_BYTES * 2) }))),
      contentType: 'application/json',
    }),
    status: 413,
    code: 'payload_too_large',
  },
  {
    name: 'Content-Encoding gzip on bytes that are not gzip',
    headers: { 'Content-Encoding': 'gzip' },
    body: () => ({ raw: JSON.stringify(valid()), contentType: 'application/json' }),
    status: 400,
    code: 'invalid_input',
  },
  {
    name: 'unsupported Content-Encoding',
    headers: { 'Content-Encoding': 'compress' },
    body: () => ({ raw: JSON.stringify(valid()), contentType: 'application/json' }),
    status: 415,
    code: 'unsupported_media_type',
  },
  {
    name: 'unsupported charset (latin1)',
    body: () => ({ raw: JSON.stringify(valid()), contentType: 'application/json; charset=latin1' }),
    status: 415,
    code: 'unsupported_media_type',
  },

  // ── Content type ───────────────────────────────────────────────────────────────────────────────
  {
    name: 'text/plain',
    body: () => ({ raw: JSON.stringify(valid()), contentType: 'text/plain' }),
    status: 415,
    code: 'unsupported_media_type',
  },
  {
    name: 'application/xml',
    body: raw('<call><repId>rep-lin</repId></call>', 'application/xml'),
    status: 415,
    code: 'unsupported_media_type',
  },
  {
    // A recording upload without its file part.
    name: 'multipart/form-data without a file',
    body: raw(
      '--tjb\r\nContent-Disposition: form-data; name="repId"\r\n\r\nrep-lin\r\n--tjb--\r\n',
      'multipart/form-data; boundary=tjb',
    ),
    status: 400,
    code: 'invalid_input',
  },
  {
    name: 'application/x-www-form-urlencoded',
    body: raw('repId=rep-lin&industry=saas', 'application/x-www-form-urlencoded'),
    status: 415,
    code: 'unsupported_media_type',
  },
  {
    name: 'JSON bytes without a Content-Type',
    body: () => ({ raw: JSON.stringify(valid()) }),
    status: 415,
    code: 'unsupported_media_type',
  },

  // ── Top-level fields: missing, wrong type, out of range, unknown ──────────────────────────────
  {
    name: 'missing repId',
    body: json(without('repId')),
    status: 400,
    code: 'invalid_input',
    problem: 'repId',
  },
  // (A missing industry is not bad input: it is inferred, or the call waits as 待确认行业;
  // tests/api/industry-inference.api.test.ts.)
  {
    name: 'industry empty',
    body: json(valid({ industry: '' })),
    status: 400,
    code: 'invalid_input',
    problem: 'industry',
  },
  {
    name: 'missing occurredAt',
    body: json(without('occurredAt')),
    status: 400,
    code: 'invalid_input',
    problem: 'occurredAt',
  },
  {
    name: 'missing utterances',
    body: json(without('utterances')),
    status: 400,
    code: 'invalid_input',
    problem: 'utterances',
  },
  {
    name: 'repId a number',
    body: json(valid({ repId: 42 })),
    status: 400,
    code: 'invalid_input',
    problem: 'repId',
  },
  {
    name: 'repId empty',
    body: json(valid({ repId: '' })),
    status: 400,
    code: 'invalid_input',
    problem: 'repId',
  },
  {
    name: 'repId with a NUL character',
    body: json(valid({ repId: 'rep-lin\u0000' })),
    status: 400,
    code: 'invalid_input',
    problem: 'repId',
  },
  {
    name: 'industry a number',
    body: json(valid({ industry: 7 })),
    status: 400,
    code: 'invalid_input',
    problem: 'industry',
  },
  {
    name: 'industry not an id',
    body: json(valid({ industry: 'Medical Devices' })),
    status: 400,
    code: 'invalid_input',
    problem: 'industry',
  },
  {
    name: 'industry path traversal',
    body: json(valid({ industry: '../../etc/passwd' })),
    status: 400,
    code: 'invalid_input',
    problem: 'industry',
  },
  {
    name: 'occurredAt not a date',
    body: json(valid({ occurredAt: '昨天下午' })),
    status: 400,
    code: 'invalid_input',
    problem: 'occurredAt',
  },
  {
    name: 'occurredAt an epoch number',
    body: json(valid({ occurredAt: 1_777_600_000_000 })),
    status: 400,
    code: 'invalid_input',
    problem: 'occurredAt',
  },
  {
    name: 'occurredAt 30 February',
    body: json(valid({ occurredAt: '2026-02-30T10:00:00+08:00' })),
    status: 400,
    code: 'invalid_input',
    problem: 'occurredAt',
  },
  {
    name: 'occurredAt without a time zone',
    body: json(valid({ occurredAt: '2026-05-01T10:00:00' })),
    status: 400,
    code: 'invalid_input',
    problem: 'occurredAt',
  },
  {
    name: 'externalId empty',
    body: json(valid({ externalId: '' })),
    status: 400,
    code: 'invalid_input',
    problem: 'externalId',
  },
  {
    name: 'externalId a number',
    body: json(valid({ externalId: 123 })),
    status: 400,
    code: 'invalid_input',
    problem: 'externalId',
  },
  {
    name: 'externalId of 201 characters',
    body: json(valid({ externalId: 'e'.repeat(201) })),
    status: 400,
    code: 'invalid_input',
    problem: 'externalId',
  },
  {
    name: 'externalId with a NUL character',
    body: json(valid({ externalId: 'crm-1\u0000' })),
    status: 400,
    code: 'invalid_input',
    problem: 'externalId',
  },
  {
    name: 'unknown top-level field (status, mass assignment)',
    body: json(valid({ status: 'scored' })),
    status: 400,
    code: 'invalid_input',
    problem: '(root)',
  },
  {
    name: 'unknown top-level field (teamId)',
    body: json(valid({ teamId: 'team-x' })),
    status: 400,
    code: 'invalid_input',
    problem: '(root)',
  },
  {
    name: 'utterances an object',
    body: json(valid({ utterances: { u1: { speaker: 'rep', start: 0, end: 1, text: '好' } } })),
    status: 400,
    code: 'invalid_input',
    problem: 'utterances',
  },
  {
    name: 'utterances empty',
    body: json(valid({ utterances: [] })),
    status: 400,
    code: 'invalid_input',
    problem: 'utterances',
  },
  {
    name: 'utterances holding null',
    body: json(valid({ utterances: [null] })),
    status: 400,
    code: 'invalid_input',
    problem: 'utterances[0]',
  },
  {
    name: `${MAX_UTTERANCES + 1} utterances`,
    body: json(
      valid({
        utterances: Array.from({ length: MAX_UTTERANCES + 1 }, () => ({
          speaker: 'rep',
          start: 0,
          end: 0,
          text: '好',
        })),
      }),
    ),
    status: 400,
    code: 'invalid_input',
    problem: 'utterances',
  },

  // ── customer ───────────────────────────────────────────────────────────────────────────────────
  {
    name: 'customer a string',
    body: json(valid({ customer: '王总' })),
    status: 400,
    code: 'invalid_input',
    problem: 'customer',
  },
  {
    name: 'customer null',
    body: json(valid({ customer: null })),
    status: 400,
    code: 'invalid_input',
    problem: 'customer',
  },
  {
    name: 'unknown customer field',
    body: json(valid({ customer: { name: '王总', phone: '13812345678' } })),
    status: 400,
    code: 'invalid_input',
    problem: 'customer',
  },
  {
    name: 'customer.tier outside A/B/C',
    body: json(valid({ customer: { tier: 'D' } })),
    status: 400,
    code: 'invalid_input',
    problem: 'customer.tier',
  },
  {
    name: 'customer.name a number',
    body: json(valid({ customer: { name: 42 } })),
    status: 400,
    code: 'invalid_input',
    problem: 'customer.name',
  },
  {
    name: 'customer.company an array',
    body: json(valid({ customer: { company: ['某某科技'] } })),
    status: 400,
    code: 'invalid_input',
    problem: 'customer.company',
  },
  {
    name: 'customer.name of 201 characters',
    body: json(valid({ customer: { name: '王'.repeat(201) } })),
    status: 400,
    code: 'invalid_input',
    problem: 'customer.name',
  },
  {
    name: 'customer.name with a NUL character',
    body: json(valid({ customer: { name: '王\u0000总' } })),
    status: 400,
    code: 'invalid_input',
    problem: 'customer.name',
  },
  {
    name: 'customer.name with a lone surrogate',
    body: raw(rawField('customer', '{"name":"王\\ud800总"}'), 'application/json'),
    status: 400,
    code: 'invalid_input',
    problem: 'customer.name',
  },

  // ── utterances[0] ──────────────────────────────────────────────────────────────────────────────
  {
    name: 'unknown utterance field',
    body: json(withUtterance({ confidence: 0.93 })),
    status: 400,
    code: 'invalid_input',
    problem: 'utterances[0]',
  },
  {
    name: 'speaker not rep/customer',
    body: json(withUtterance({ speaker: 'agent' })),
    status: 400,
    code: 'invalid_input',
    problem: 'utterances[0].speaker',
  },
  {
    name: 'missing speaker',
    body: json(withoutInUtterance('speaker')),
    status: 400,
    code: 'invalid_input',
    problem: 'utterances[0].speaker',
  },
  {
    name: 'missing text',
    body: json(withoutInUtterance('text')),
    status: 400,
    code: 'invalid_input',
    problem: 'utterances[0].text',
  },
  {
    name: 'start a string',
    body: json(withUtterance({ start: '0' })),
    status: 400,
    code: 'invalid_input',
    problem: 'utterances[0].start',
  },
  {
    name: 'start null',
    body: json(withUtterance({ start: null })),
    status: 400,
    code: 'invalid_input',
    problem: 'utterances[0].start',
  },
  {
    name: 'end a boolean',
    body: json(withUtterance({ end: true })),
    status: 400,
    code: 'invalid_input',
    problem: 'utterances[0].end',
  },
  {
    name: 'end before start',
    body: json(withUtterance({ start: 5000, end: 1000 })),
    status: 400,
    code: 'invalid_input',
    problem: 'utterances[0].end',
  },
  {
    name: 'negative start',
    body: json(withUtterance({ start: -1 })),
    status: 400,
    code: 'invalid_input',
    problem: 'utterances[0].start',
  },
  {
    name: 'non-integer end',
    body: json(withUtterance({ end: 1500.5 })),
    status: 400,
    code: 'invalid_input',
    problem: 'utterances[0].end',
  },
  {
    name: 'end 1e400 (Infinity after parsing)',
    body: () => {
      const call = withUtterance({ end: 424242 });
      return { raw: JSON.stringify(call).replace('424242', '1e400'), contentType: 'application/json' };
    },
    status: 400,
    code: 'invalid_input',
    problem: 'utterances[0].end',
  },
  {
    name: 'times beyond a 32-bit millisecond column (35 days)',
    body: json(
      valid({
        utterances: [{ speaker: 'rep', start: 3_000_000_000, end: 3_000_004_000, text: '您好，方便吗？' }],
      }),
    ),
    status: 400,
    code: 'invalid_input',
    problem: 'utterances[0].start',
  },
  {
    name: 'text empty',
    body: json(withUtterance({ text: '' })),
    status: 400,
    code: 'invalid_input',
    problem: 'utterances[0].text',
  },
  {
    name: 'text whitespace only (incl. ideographic space)',
    body: json(withUtterance({ text: ' \t\n\u3000 ' })),
    status: 400,
    code: 'invalid_input',
    problem: 'utterances[0].text',
  },
  {
    name: 'text a number',
    body: json(withUtterance({ text: 12345 })),
    status: 400,
    code: 'invalid_input',
    problem: 'utterances[0].text',
  },
  {
    name: 'text an object',
    body: json(withUtterance({ text: { zh: '您好' } })),
    status: 400,
    code: 'invalid_input',
    problem: 'utterances[0].text',
  },
  {
    name: `text of 60,000 characters (limit ${MAX_UTTERANCE_CHARS})`,
    body: json(withUtterance({ text: '好'.repeat(60_000) })),
    status: 400,
    code: 'invalid_input',
    problem: 'utterances[0].text',
  },
  {
    name: 'text with a NUL character',
    body: json(withUtterance({ text: '您好\u0000方便吗' })),
    status: 400,
    code: 'invalid_input',
    problem: 'utterances[0].text',
  },
  {
    name: 'text with a lone surrogate',
    body: () => {
      const call = withUtterance({ text: '您好__LONE__' });
      return { raw: JSON.stringify(call).replace('__LONE__', '\\udc00'), contentType: 'application/json' };
    },
    status: 400,
    code: 'invalid_input',
    problem: 'utterances[0].text',
  },
  {
    name: 'utterance id with HTML',
    body: json(withUtterance({ id: '<b>u1</b>' })),
    status: 400,
    code: 'invalid_input',
    problem: 'utterances[0].id',
  },
  {
    name: 'utterance id a number',
    body: json(withUtterance({ id: 1 })),
    status: 400,
    code: 'invalid_input',
    problem: 'utterances[0].id',
  },
  {
    name: 'duplicate utterance ids',
    body: () => {
      const call = valid();
      const u = call.utterances as Record<string, unknown>[];
      return { json: { ...call, utterances: u.map((x) => ({ ...x, id: 'u1' })) } };
    },
    status: 400,
    code: 'invalid_input',
    problem: 'utterances[1].id',
  },
  {
    name: 'utterances out of time order',
    body: () => {
      const call = valid();
      return { json: { ...call, utterances: [...(call.utterances as unknown[])].reverse() } };
    },
    status: 400,
    code: 'invalid_input',
    problem: 'utterances[1].start',
  },

  // ── Well-formed, but naming something unusable ─────────────────────────────────────────────────
  {
    name: 'unknown industry',
    body: json(valid({ industry: 'aerospace' })),
    status: 422,
    code: 'unknown_industry',
  },
  {
    name: 'unknown rep',
    body: json(valid({ repId: 'rep-nobody' })),
    status: 422,
    code: 'unprocessable',
    problem: 'repId',
  },
  {
    name: 'inactive rep',
    body: json(valid({ repId: 'rep-gone' })),
    status: 422,
    code: 'unprocessable',
    problem: 'repId',
  },
  {
    name: 'repId of a user who is not a rep',
    body: json(valid({ repId: 'ext-reviewer' })),
    status: 422,
    code: 'unprocessable',
    problem: 'repId',
  },
  {
    name: 'SQL injection as repId',
    body: json(valid({ repId: SQL_OR })),
    status: 422,
    code: 'unprocessable',
    problem: 'repId',
  },

  // ── Authentication and roles ───────────────────────────────────────────────────────────────────
  { name: 'no token', as: null, body: json(valid()), status: 401, code: 'unauthorized' },
  {
    // Authenticate before reading the body: an anonymous client must not make the server parse it.
    name: 'no token and a malformed body',
    as: null,
    body: raw('{"repId": ', 'application/json'),
    status: 401,
    code: 'unauthorized',
  },
  {
    name: 'invalid token',
    authorization: 'Bearer tj_notatoken',
    body: json(valid()),
    status: 401,
    code: 'unauthorized',
  },
  { name: 'revoked token', as: 'revoked', body: json(valid()), status: 401, code: 'unauthorized' },
  {
    name: 'token of a deactivated user',
    as: 'deactivated',
    body: json(valid()),
    status: 401,
    code: 'unauthorized',
  },
  {
    name: 'Basic instead of Bearer',
    authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}`,
    body: json(valid()),
    status: 401,
    code: 'unauthorized',
  },
  {
    name: 'Bearer token of 10,000 characters',
    authorization: `Bearer tj_${'A'.repeat(10_000)}`,
    body: json(valid()),
    status: 401,
    code: 'unauthorized',
  },
  {
    name: 'SQL injection as the token',
    authorization: `Bearer tj_'OR'1'='1`,
    method: 'GET',
    path: '/v1/calls',
    status: 401,
    code: 'unauthorized',
  },
  { name: 'reviewer submits a call', as: 'reviewer', body: json(valid()), status: 403, code: 'forbidden' },
  {
    name: 'rep submits another rep’s call',
    as: 'lin',
    body: json(valid({ repId: 'rep-wang' })),
    status: 403,
    code: 'forbidden',
  },

  // ── GET /v1/calls/:id with hostile ids ─────────────────────────────────────────────────────────
  {
    name: 'id ../../etc/passwd',
    method: 'GET',
    path: '/v1/calls/../../etc/passwd',
    status: 404,
    code: 'not_found',
  },
  {
    name: 'id ..%2F..%2Fetc%2Fpasswd',
    method: 'GET',
    path: `/v1/calls/${encodeURIComponent('../../etc/passwd')}`,
    status: 404,
    code: 'not_found',
  },
  {
    name: "id ' OR 1=1 --",
    method: 'GET',
    path: `/v1/calls/${encodeURIComponent("' OR 1=1 --")}`,
    status: 404,
    code: 'not_found',
  },
  {
    name: 'id of 5,000 characters',
    method: 'GET',
    path: `/v1/calls/${'c'.repeat(5000)}`,
    status: 404,
    code: 'not_found',
  },
  { name: 'id %00', method: 'GET', path: '/v1/calls/%00', status: 404, code: 'not_found' },
  {
    name: 'id <script>',
    method: 'GET',
    path: `/v1/calls/${encodeURIComponent(HTML)}`,
    status: 404,
    code: 'not_found',
    check: (res) => {
      expect(res.headers['content-type']).toMatch(/^application\/json/);
    },
  },
  {
    name: 'id with a truncated percent escape',
    method: 'GET',
    path: '/v1/calls/%E0%A4%A',
    status: 400,
    code: 'invalid_input',
  },
  {
    name: 'id %FF (invalid UTF-8)',
    method: 'GET',
    path: '/v1/calls/%FF',
    status: 400,
    code: 'invalid_input',
  },

  // ── GET /v1/calls with invalid query parameters ────────────────────────────────────────────────
  {
    name: 'status unknown',
    method: 'GET',
    path: '/v1/calls?status=done',
    status: 400,
    code: 'invalid_input',
    problem: 'status',
  },
  {
    name: 'status repeated',
    method: 'GET',
    path: '/v1/calls?status=scored&status=failed',
    status: 400,
    code: 'invalid_input',
    problem: 'status',
  },
  {
    name: 'from not a date',
    method: 'GET',
    path: '/v1/calls?from=yesterday',
    status: 400,
    code: 'invalid_input',
    problem: 'from',
  },
  {
    name: 'to month 13',
    method: 'GET',
    path: '/v1/calls?to=2026-13-45T00:00:00Z',
    status: 400,
    code: 'invalid_input',
    problem: 'to',
  },
  {
    name: 'limit 0',
    method: 'GET',
    path: '/v1/calls?limit=0',
    status: 400,
    code: 'invalid_input',
    problem: 'limit',
  },
  {
    name: 'limit 501',
    method: 'GET',
    path: '/v1/calls?limit=501',
    status: 400,
    code: 'invalid_input',
    problem: 'limit',
  },
  {
    name: 'limit abc',
    method: 'GET',
    path: '/v1/calls?limit=abc',
    status: 400,
    code: 'invalid_input',
    problem: 'limit',
  },
  {
    name: 'limit 1.5',
    method: 'GET',
    path: '/v1/calls?limit=1.5',
    status: 400,
    code: 'invalid_input',
    problem: 'limit',
  },
  {
    name: 'limit empty',
    method: 'GET',
    path: '/v1/calls?limit=',
    status: 400,
    code: 'invalid_input',
    problem: 'limit',
  },
  {
    name: 'unknown query parameter',
    method: 'GET',
    path: '/v1/calls?drop=calls',
    status: 400,
    code: 'invalid_input',
  },
  {
    name: 'sort unknown',
    method: 'GET',
    path: '/v1/calls?sort=random()',
    status: 400,
    code: 'invalid_input',
    problem: 'sort',
  },
  {
    name: 'minScore negative',
    method: 'GET',
    path: '/v1/calls?dimension=closing&minScore=-1',
    status: 400,
    code: 'invalid_input',
    problem: 'minScore',
  },
  {
    name: 'cursor garbage',
    method: 'GET',
    path: '/v1/calls?cursor=%%%not-a-cursor',
    status: 400,
    code: 'invalid_input',
    problem: 'cursor',
  },
  {
    name: 'cursor of the wrong shape',
    method: 'GET',
    path: `/v1/calls?cursor=${cursorOf({ id: 'x' })}`,
    status: 400,
    code: 'invalid_input',
    problem: 'cursor',
  },
  {
    name: 'cursor of another sort',
    method: 'GET',
    path: `/v1/calls?sort=total&cursor=${cursorOf(['occurred_at', 'desc', '2026-05-01T02:00:00.000Z', 'call-x'])}`,
    status: 400,
    code: 'invalid_input',
    problem: 'cursor',
  },
  {
    name: 'cursor with a NUL id',
    method: 'GET',
    path: `/v1/calls?cursor=${cursorOf(['occurred_at', 'desc', '2026-05-01T02:00:00.000Z', 'x\u0000'])}`,
    status: 400,
    code: 'invalid_input',
    problem: 'cursor',
  },
  {
    name: 'industry filter with a NUL character',
    method: 'GET',
    path: '/v1/calls?industry=saas%00',
    status: 400,
    code: 'invalid_input',
    problem: 'industry',
  },
  {
    name: 'SQL injection in a filter is data: rejected by the filter schema',
    method: 'GET',
    path: `/v1/calls?repId=${encodeURIComponent(SQL_OR)}`,
    status: 400,
    code: 'invalid_input',
    check: (res) => {
      expect(res.body.error.details.problems[0].path).toMatch(/^(repId|tag)$/);
    },
  },
  {
    name: 'HTML in a filter is data: rejected by the filter schema',
    method: 'GET',
    path: `/v1/calls?tag=${encodeURIComponent(HTML)}`,
    status: 400,
    code: 'invalid_input',
    check: (res) => {
      expect(res.body.error.details.problems[0].path).toMatch(/^(repId|tag)$/);
    },
  },

  // ── Hostile strings inside valid calls: stored and echoed as plain data ────────────────────────
  {
    name: 'SQL injection in utterance text',
    body: json(withUtterance({ text: `您好${SQL}` })),
    status: 201,
    code: null,
    creates: true,
    check: (res, get) => echoesPlainData(res, get, { text: `您好${SQL}` }),
  },
  {
    name: 'HTML/script in utterance text',
    body: json(withUtterance({ text: `您好${HTML}` })),
    status: 201,
    code: null,
    creates: true,
    check: (res, get) => echoesPlainData(res, get, { text: `您好${HTML}` }),
  },
  {
    name: 'SQL injection as externalId',
    body: json(valid({ externalId: `crm${SQL}` })),
    status: 201,
    code: null,
    creates: true,
    check: (res, get) => echoesPlainData(res, get, { externalId: `crm${SQL}` }),
  },
  {
    name: 'HTML and SQL in customer name and company',
    body: json(valid({ customer: { name: HTML, company: SQL_OR } })),
    status: 201,
    code: null,
    creates: true,
    check: (res, get) => echoesPlainData(res, get, { customer: { name: HTML, company: SQL_OR } }),
  },
];

describe('bad input corpus (embedded PGlite + in-process queue)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tingjian-bad-input-'));
  let svc: Service;
  let app: ReturnType<Service['app']>;
  const tokens: Partial<Record<Who, string>> = {};
  const results: { name: string; status: number }[] = [];
  const createdIds: string[] = [];
  let before: Snapshot;

  interface Snapshot {
    /** Listed calls in list order: id and the sha256 of the call and its detail. */
    calls: { id: string; hash: string }[];
  }

  const get = (path: string) => request(app).get(path).set('Authorization', `Bearer ${tokens.admin}`);

  /** Every call as an admin sees it (list and detail), drained of queued work first. */
  async function snapshot(): Promise<Snapshot> {
    await svc.queue.drain();
    const list = await get('/v1/calls?limit=500');
    expect(list.status).toBe(200);
    expect(list.body.nextCursor).toBeNull();
    const out: Snapshot['calls'] = [];
    for (const item of list.body.items as { id: string }[]) {
      const detail = await get(`/v1/calls/${encodeURIComponent(item.id)}`);
      expect(detail.status).toBe(200);
      const hash = createHash('sha256')
        .update(JSON.stringify([item, detail.body]))
        .digest('hex');
      out.push({ id: item.id, hash });
    }
    return { calls: out };
  }

  beforeAll(async () => {
    svc = await buildService(
      loadConfig({
        DATA_DIR: dir,
        LOG_LEVEL: 'silent',
        WORKER_CONCURRENCY: '1',
        MAX_BODY_BYTES: String(MAX_BODY_BYTES),
      }),
      { role: 'all' },
    );
    await svc.startWorkers();
    app = svc.app();
    const teamA = await svc.users.createTeam({ name: '华东一组' });
    const teamB = await svc.users.createTeam({ name: '华南二组' });
    const admin = await svc.users.createUser({ name: 'admin', roles: ['admin'] });
    const lin = await svc.users.createUser({
      name: '林雪',
      roles: ['rep'],
      teamId: teamA.id,
      externalId: 'rep-lin',
    });
    await svc.users.createUser({ name: '王强', roles: ['rep'], teamId: teamB.id, externalId: 'rep-wang' });
    const reviewer = await svc.users.createUser({
      name: 'reviewer',
      roles: ['reviewer'],
      externalId: 'ext-reviewer',
    });
    const gone = await svc.users.createUser({
      name: '离职',
      roles: ['rep'],
      teamId: teamA.id,
      externalId: 'rep-gone',
    });
    const revoked = await svc.users.createUser({ name: 'revoked', roles: ['admin'] });
    tokens.admin = (await svc.users.issueToken(admin.id)).token;
    tokens.lin = (await svc.users.issueToken(lin.id)).token;
    tokens.reviewer = (await svc.users.issueToken(reviewer.id)).token;
    tokens.deactivated = (await svc.users.issueToken(gone.id)).token;
    await svc.users.deactivate(gone.id);
    const r = await svc.users.issueToken(revoked.id);
    tokens.revoked = r.token;
    await svc.users.revokeToken(r.info.id);

    // Stored data the corpus must leave alone: two scored calls.
    for (const call of [valid(), valid({ repId: 'rep-wang', industry: 'medical_devices' })]) {
      const res = await request(app)
        .post('/v1/calls')
        .set('Authorization', `Bearer ${tokens.admin}`)
        .send(call);
      expect(res.status).toBe(201);
    }
    before = await snapshot();
    expect(before.calls).toHaveLength(2);
  }, 60_000);

  afterAll(async () => {
    await svc?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`holds at least 55 rows, with unique names`, () => {
    expect(rows.length).toBeGreaterThanOrEqual(55);
    expect(new Set(rows.map((r) => r.name)).size).toBe(rows.length);
  });

  it.each(rows.map((row, i) => ({ ...row, label: `#${i + 1} ${row.name}` })))(
    '$label → $status $code',
    async (row) => {
      const method = row.method ?? 'POST';
      const path = row.path ?? '/v1/calls';
      let req = method === 'GET' ? request(app).get(path) : request(app).post(path);
      const as = row.as === undefined ? 'admin' : row.as;
      if (row.authorization !== undefined) req = req.set('Authorization', row.authorization);
      else if (as !== null) req = req.set('Authorization', `Bearer ${tokens[as]}`);
      for (const [k, v] of Object.entries(row.headers ?? {})) req = req.set(k, v);
      const body = row.body?.();
      let res: Response;
      if (!body) res = await req;
      else {
        const bytes = 'json' in body ? Buffer.from(JSON.stringify(body.json)) : Buffer.from(body.raw);
        const type = 'json' in body ? 'application/json' : body.contentType;
        if (type !== undefined) req = req.set('Content-Type', type);
        // The bytes exactly as given: superagent would otherwise re-serialise by content type.
        res = await req.serialize((b) => b).send(bytes);
      }
      results.push({ name: row.label, status: res.status });
      if (row.creates && res.status === 201) createdIds.push(res.body.call.id);

      const summary = `${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
      expect(res.status, summary).toBe(row.status);
      expect(res.headers['content-type'], summary).toMatch(/^application\/json/);
      if (row.code !== null) {
        expect(res.body.error?.code, summary).toBe(row.code);
        expect(res.body.error.message, summary).toEqual(expect.any(String));
        expect(res.body.error.message.length, summary).toBeGreaterThan(0);
        // Never a stack trace or SQL text to the client.
        expect(JSON.stringify(res.body), summary).not.toMatch(
          /\n\s+at |node_modules|\b(select|insert|update|delete) .*\b(from|into|set)\b|violates|syntax error/i,
        );
      }
      if (row.problem !== undefined) {
        const paths = ((res.body.error?.details?.problems ?? []) as { path: string }[]).map((p) => p.path);
        expect(paths, summary).toContain(row.problem);
      }
      await row.check?.(res, get);
    },
  );

  it('answers no 5xx across the whole corpus', () => {
    expect(results).toHaveLength(rows.length);
    expect(results.filter((r) => r.status >= 500)).toEqual([]);
  });

  it('leaves stored data unchanged, apart from the calls the `creates` rows stored', async () => {
    const after = await snapshot();
    const expectedCreated = rows.filter((r) => r.creates).length;
    expect(createdIds).toHaveLength(expectedCreated);
    const created = new Set(createdIds);
    const unexpected = after.calls.filter(
      (c) => !created.has(c.id) && !before.calls.some((b) => b.id === c.id),
    );
    const unexpectedCalls = await Promise.all(
      unexpected.map(async (c) => (await get(`/v1/calls/${encodeURIComponent(c.id)}`)).body.call?.externalId),
    );
    expect(unexpectedCalls, 'calls stored by rows that must be rejected (their externalIds)').toEqual([]);
    expect(after.calls).toHaveLength(before.calls.length + expectedCreated);
    expect(after.calls.filter((c) => !created.has(c.id))).toEqual(before.calls);
  });
});
