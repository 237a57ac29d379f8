import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import type { TErrorCode } from '../../models/errors.js';
import { MAX_UTTERANCE_CHARS, MAX_UTTERANCES } from '../../models/transcript.js';
import type { UserRepository } from '../../models/user.repository.js';
import { transcript } from './runtime.js';

/**
 * The hostile request corpus: malformed and hostile requests, each with the status and error code
 * the real app must answer. One list, used by tests/api/bad-input.api.test.ts (through supertest)
 * and by `npm run chaos` (over loopback HTTP, while processes die and restart around it), so the
 * two never drift apart. Rows marked `creates` are hostile strings inside an otherwise valid call:
 * stored and echoed as plain data. Nothing here imports vitest: checks throw plain assertion errors.
 */

// Small enough to make the oversized rows fast, large enough for 20,001 one-character utterances.
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

export type Who = 'admin' | 'lin' | 'reviewer' | 'revoked' | 'deactivated';

/** What a row's check sees of a response: supertest's Response and the chaos client's both fit. */
export interface HostileResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  // biome-ignore lint/suspicious/noExplicitAny: a JSON body of any shape, read by the checks
  body: any;
}

export interface HostileRow {
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
  /** Answered by Node's HTTP parser before the app: a status line, no JSON body. */
  bare?: true;
  check?: (res: HostileResponse, get: (path: string) => Promise<HostileResponse>) => Promise<void> | void;
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
  res: HostileResponse,
  get: (path: string) => Promise<HostileResponse>,
  expected: { text?: string; externalId?: string; customer?: Record<string, string> },
): Promise<void> {
  assert.equal(res.body.created, true);
  const got = await get(`/v1/calls/${encodeURIComponent(res.body.call.id)}`);
  assert.equal(got.status, 200);
  assert.match(String(got.headers['content-type']), /^application\/json/);
  if (expected.text !== undefined) assert.equal(got.body.utterances[0].text, expected.text);
  if (expected.externalId !== undefined) assert.equal(got.body.call.externalId, expected.externalId);
  if (expected.customer !== undefined) assert.deepEqual(got.body.call.customer, expected.customer);
}

/** The call is stored with the phone number masked: its digits are not served back. */
async function storesMasked(
  res: HostileResponse,
  get: (path: string) => Promise<HostileResponse>,
  phone: string,
): Promise<void> {
  assert.equal(res.body.created, true);
  const got = await get(`/v1/calls/${encodeURIComponent(res.body.call.id)}`);
  assert.equal(got.status, 200);
  const text = String(got.body.utterances[0].text);
  assert.ok(!text.includes(phone), `phone number served back unmasked: ${text}`);
  assert.ok(text.startsWith('我的手机是'), `the rest of the text is kept: ${text}`);
}

/** Users of the corpus's tokens: what `HostileRow.as` names. */
export type HostileUsers = Pick<
  UserRepository,
  'createTeam' | 'createUser' | 'issueToken' | 'deactivate' | 'revokeToken'
>;

/**
 * Creates the users and teams the rows refer to (rep-lin, rep-wang, ext-reviewer, the inactive
 * rep-gone, an admin with a revoked token) and returns one bearer token per `Who`.
 */
export async function seedHostileUsers(users: HostileUsers): Promise<Record<Who, string>> {
  const teamA = await users.createTeam({ name: '华东一组' });
  const teamB = await users.createTeam({ name: '华南二组' });
  const admin = await users.createUser({ name: 'admin', roles: ['admin'] });
  const lin = await users.createUser({
    name: '林雪',
    roles: ['rep'],
    teamId: teamA.id,
    externalId: 'rep-lin',
  });
  await users.createUser({ name: '王强', roles: ['rep'], teamId: teamB.id, externalId: 'rep-wang' });
  const reviewer = await users.createUser({
    name: 'reviewer',
    roles: ['reviewer'],
    externalId: 'ext-reviewer',
  });
  const gone = await users.createUser({
    name: '离职',
    roles: ['rep'],
    teamId: teamA.id,
    externalId: 'rep-gone',
  });
  const revoked = await users.createUser({ name: 'revoked', roles: ['admin'] });
  const deactivated = (await users.issueToken(gone.id)).token;
  await users.deactivate(gone.id);
  const r = await users.issueToken(revoked.id);
  await users.revokeToken(r.info.id);
  return {
    admin: (await users.issueToken(admin.id)).token,
    lin: (await users.issueToken(lin.id)).token,
    reviewer: (await users.issueToken(reviewer.id)).token,
    revoked: r.token,
    deactivated,
  };
}

/** A valid call of rep Lin (or as `extra` says), with a fresh externalId. */
export { valid as validHostileCall };

/** The hostile requests: 127 rows from the service issue, then the cases of the chaos issue. */
export const HOSTILE_ROWS: HostileRow[] = [
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
      assert.match(String(res.headers['content-type']), /^application\/json/);
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
      assert.match(res.body.error.details.problems[0].path, /^(repId|tag)$/);
    },
  },
  {
    name: 'HTML in a filter is data: rejected by the filter schema',
    method: 'GET',
    path: `/v1/calls?tag=${encodeURIComponent(HTML)}`,
    status: 400,
    code: 'invalid_input',
    check: (res) => {
      assert.match(res.body.error.details.problems[0].path, /^(repId|tag)$/);
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

  // ── The chaos issue's cases ("Nothing leaks, nothing hangs") ─────────────────────────────────
  {
    name: 'phone number in full-width digits inside an utterance',
    body: json(withUtterance({ text: '我的手机是１３８１２３４５６７８，您加我微信。' })),
    status: 201,
    code: null,
    creates: true,
    check: (res, get) => storesMasked(res, get, '１３８１２３４５６７８'),
  },
  {
    name: 'phone number in Chinese numerals inside an utterance',
    body: json(withUtterance({ text: '我的手机是一三八一二三四五六七八，您记一下。' })),
    status: 201,
    code: null,
    creates: true,
    check: (res, get) => storesMasked(res, get, '一三八一二三四五六七八'),
  },
  {
    name: 'occurredAt 0000-01-01',
    body: json(valid({ occurredAt: '0000-01-01T00:00:00Z' })),
    status: 422,
    code: 'date_out_of_range',
    problem: 'occurredAt',
  },
  {
    name: 'occurredAt 9999-12-31',
    body: json(valid({ occurredAt: '9999-12-31T23:59:59+08:00' })),
    status: 422,
    code: 'date_out_of_range',
    problem: 'occurredAt',
  },
  {
    name: 'list from 0000-01-01 to 9999-12-31',
    method: 'GET',
    path: '/v1/calls?from=0000-01-01T00:00:00Z&to=9999-12-31T23:59:59Z',
    status: 422,
    code: 'date_out_of_range',
  },
  {
    name: 'q of 10,000 ASCII characters',
    method: 'GET',
    path: `/v1/calls?q=${'a'.repeat(10_000)}`,
    status: 414,
    code: 'uri_too_long',
  },
  {
    // Past Node's 16 KB header limit: its HTTP parser refuses it before the app; the server's
    // clientError handler (api/http-server.ts) still answers 414 in the API's JSON shape.
    name: 'q of 10,000 Chinese characters (90,000 bytes encoded)',
    method: 'GET',
    path: `/v1/calls?q=${encodeURIComponent('销'.repeat(10_000))}`,
    status: 414,
    code: 'uri_too_long',
  },
  {
    name: 'a header of 20,000 bytes',
    method: 'GET',
    path: '/v1/calls',
    headers: { 'X-Padding': 'p'.repeat(20_000) },
    status: 431,
    code: 'invalid_input',
  },
  {
    name: 'a call of zero-width characters only',
    body: json(
      valid({
        utterances: [
          { id: 'u1', speaker: 'rep', start: 0, end: 800, text: '\u200b\u200c' },
          { id: 'u2', speaker: 'customer', start: 1000, end: 1800, text: '\u200d\ufeff\u2060' },
        ],
      }),
    ),
    status: 422,
    code: 'no_content',
    problem: 'utterances',
  },
  {
    name: 'search of one character',
    method: 'GET',
    path: `/v1/calls?q=${encodeURIComponent('销')}`,
    status: 200,
    code: null,
    check: (res) => assert.ok(Array.isArray(res.body.items)),
  },
  {
    name: 'search in traditional characters finds what the simplified search finds',
    method: 'GET',
    path: `/v1/calls?q=${encodeURIComponent('銷售')}`,
    status: 200,
    code: null,
    check: async (res, get) => {
      const simplified = await get(`/v1/calls?q=${encodeURIComponent('销售')}`);
      assert.equal(simplified.status, 200);
      const ids = (r: HostileResponse) => (r.body.items as { id: string }[]).map((c) => c.id);
      assert.ok(ids(simplified).length > 0, 'the stored calls hold 销售');
      assert.deepEqual(ids(res), ids(simplified));
    },
  },
];
