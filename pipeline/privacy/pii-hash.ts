import { createHmac } from 'node:crypto';
import type { Db } from '../../models/db.js';
import { PrivacyRepository } from '../../models/privacy.repository.js';
import type { PiiMatch } from '../nlp/pii.js';

/** The kinds kept as keyed hashes: what an erasure request names a customer by. */
export const HASHED_KINDS: ReadonlySet<string> = new Set(['mobile', 'landline']);

/**
 * Keyed hash of one piece of personal data: hex HMAC-SHA256 of `<kind>:<canonical value>` (the
 * value as `findPii` reports it, so 138-1234-5678, １３８… and 一三八… hash alike). Without the
 * key nobody can test guesses against the stored hashes.
 */
export function hashPii(key: string, kind: string, value: string): string {
  return createHmac('sha256', key).update(`${kind}:${value}`).digest('hex');
}

/** The hashes to keep for the phone numbers among these matches (deduplicated). */
export function phoneHashes(
  key: string,
  matches: readonly Pick<PiiMatch, 'kind' | 'value'>[],
): { kind: string; hash: string }[] {
  const seen = new Map<string, string>();
  for (const m of matches) {
    if (!HASHED_KINDS.has(m.kind)) continue;
    const hash = hashPii(key, m.kind, m.value);
    seen.set(hash, m.kind);
  }
  return [...seen].map(([hash, kind]) => ({ kind, hash }));
}

/** Stores the keyed hashes of phone numbers found per call (idempotent). */
export async function storePhoneHashes(
  db: Db,
  key: string,
  phones: readonly { callId: string; kind: string; value: string }[],
): Promise<number> {
  const rows = phones
    .filter((p) => HASHED_KINDS.has(p.kind))
    .map((p) => ({ callId: p.callId, kind: p.kind, hash: hashPii(key, p.kind, p.value) }));
  await new PrivacyRepository(db).addHashes(rows);
  return rows.length;
}
