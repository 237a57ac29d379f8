import { rm } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { AuditRepository } from '../../models/audit.repository.js';
import { AppError, ErrorCode } from '../../models/errors.js';
import type { LearnedModelRepository } from '../../models/learned-model.repository.js';
import type { ErasureScope, PrivacyRepository } from '../../models/privacy.repository.js';
import { findPii } from '../../pipeline/nlp/pii.js';
import { HASHED_KINDS, hashPii } from '../../pipeline/privacy/pii-hash.js';

export interface ErasureRequest {
  /** A phone number in any written form (spaces, dashes, +86, full-width, Chinese numerals). */
  phone?: string | undefined;
  /** The customer's name exactly as stored on the call (`customer.name`). */
  name?: string | undefined;
  dryRun: boolean;
}

export interface ErasureReport {
  dryRun: boolean;
  /** How the calls were found: keyed hashes of the phone number, the stored customer name. */
  matchedBy: { phone: number; name: number };
  calls: string[];
  utterances: number;
  appeals: number;
  recordings: number;
  feedbackPacks: number;
  notifications: number;
  auditEntriesRedacted: number;
  /**
   * Versions of the learned second stage trained on the customer's accepted appeals: their drafts
   * are discarded (never published), the others marked for retraining. Retraining itself never
   * sees the examples again: they go with the appeals.
   */
  learnedModels: string[];
  /** The audit entry of this erasure (not for a dry run). */
  auditId: number | null;
}

export interface ErasureDeps {
  privacy: PrivacyRepository;
  audit: AuditRepository;
  /** PII_HASH_KEY: without it no phone hash was kept, so a phone number finds nothing. */
  hashKey: string | undefined;
  /** Folder of stored recordings (audio calls), if any. */
  audioDir: string | undefined;
  /** Versions of the learned second stage and the appeals they learned from. */
  learnedModels?: Pick<LearnedModelRepository, 'trainedOn' | 'retireTrainedOn'>;
  /** Recomputes a rep's aggregates once their erased calls are gone. */
  refreshRep?: (repId: string) => Promise<void>;
}

/**
 * Erasure of one customer's data on request (PIPL): the calls found by the keyed hash of a phone
 * number or by the customer's name, with every row that goes with them, their recordings, and the
 * derived copies that mention them (feedback packs, notifications, model versions trained on their
 * appeals); audit entries about them are
 * redacted, not deleted; the erasure itself is audited with counts and a hash of the request,
 * never the number or name. A dry run reports the same counts and changes nothing.
 */
export class ErasureService {
  constructor(private readonly deps: ErasureDeps) {}

  async erase(req: ErasureRequest, actor: { id: string } | null): Promise<ErasureReport> {
    const phone = req.phone?.trim();
    const name = req.name?.trim();
    if (!phone && !name) {
      throw new AppError(ErrorCode.InvalidInput, 'an erasure names the customer by phone number or by name', {
        problems: [{ path: 'phone', message: 'give phone or name' }],
      });
    }
    const byPhone = phone ? await this.callsOfPhone(phone) : [];
    const byName = name ? await this.deps.privacy.callsOfCustomerName(name) : [];
    const scope = await this.deps.privacy.erasureScope([...new Set([...byPhone, ...byName])].sort());
    const report: ErasureReport = {
      dryRun: req.dryRun,
      matchedBy: { phone: byPhone.length, name: byName.length },
      calls: scope.calls,
      utterances: scope.utterances,
      appeals: scope.appeals.length,
      recordings: scope.audioPaths.length,
      feedbackPacks: scope.feedbackPacks,
      notifications: scope.notifications,
      auditEntriesRedacted: scope.auditEntries,
      learnedModels: (await this.deps.learnedModels?.trainedOn(scope.appeals)) ?? [],
      auditId: null,
    };
    if (req.dryRun || scope.calls.length === 0) return report;
    const entry = await this.deps.audit.append({
      actorUserId: actor?.id ?? null,
      action: 'privacy.erase',
      entity: 'customer',
      entityId: requestRef(this.deps.hashKey, phone, name),
      after: { ...report, calls: scope.calls.length },
    });
    report.auditId = entry.id;
    // Before the appeals go: which model versions learned from them.
    await this.deps.learnedModels?.retireTrainedOn(scope.appeals, `privacy.erase#${entry.id}`);
    await this.deps.privacy.eraseCalls(scope, `privacy.erase#${entry.id}`);
    await this.removeRecordings(scope);
    for (const rep of scope.reps) await this.deps.refreshRep?.(rep);
    return report;
  }

  private async callsOfPhone(phone: string): Promise<string[]> {
    const { hashKey, privacy } = this.deps;
    if (!hashKey) {
      throw new AppError(
        ErrorCode.InvalidInput,
        'PII_HASH_KEY is not set: no phone number was kept even as a hash, so none can be found; erase by name',
      );
    }
    const numbers = findPii(phone).filter((m) => HASHED_KINDS.has(m.kind));
    if (numbers.length === 0) {
      throw new AppError(ErrorCode.InvalidInput, 'phone is not a mobile or landline number', {
        problems: [{ path: 'phone', message: 'not a phone number' }],
      });
    }
    return privacy.callsWithHash(numbers.map((m) => hashPii(hashKey, m.kind, m.value)));
  }

  /** Deletes stored recordings; a path outside the audio folder is never touched. */
  private async removeRecordings(scope: ErasureScope): Promise<void> {
    const dir = this.deps.audioDir ? resolve(this.deps.audioDir) : undefined;
    if (!dir) return;
    for (const p of scope.audioPaths) {
      const file = resolve(join(dir, p));
      const rel = relative(dir, file);
      if (rel.startsWith('..') || isAbsolute(rel)) continue;
      await rm(file, { force: true });
    }
  }
}

/** Names the request in the audit log without the number or name (a keyed hash when possible). */
function requestRef(key: string | undefined, phone: string | undefined, name: string | undefined): string {
  const what = `${phone ?? ''}|${name ?? ''}`;
  return key ? `request:${hashPii(key, 'erasure', what).slice(0, 16)}` : 'request';
}
