import { and, asc, eq, gt, inArray, type SQL, sql } from 'drizzle-orm';
import type { Db } from './db.js';
import {
  appeals,
  auditLog,
  calls,
  feedbackPacks,
  findings,
  notifications,
  piiHashes,
  utterances,
} from './schema.js';
import { NO_STORED_VIEW } from './stored-view.js';

/** A masking pass over one text: the masked text and what it masked (kinds, canonical values). */
export type TextMasker = (text: string) => {
  text: string;
  matches: readonly { kind: string; value: string }[];
};

/** One stored field the pass changed: where, and how many pieces of each kind it masked. */
export interface RemaskChange {
  table: string;
  /** The row: a call id, `<call id>/<utterance id>`, an appeal id, an audit entry id, … */
  row: string;
  field: string;
  kinds: Record<string, number>;
}

export interface RemaskReport {
  dryRun: boolean;
  /** Rows read, per table. */
  scanned: Record<string, number>;
  changes: RemaskChange[];
  /** Calls whose search words were rebuilt from the masked transcript. */
  reindexedCalls: number;
  /** Phone numbers masked, per call (for keyed hashes). */
  phones: { callId: string; kind: string; value: string }[];
}

export interface RemaskOptions {
  mask: TextMasker;
  /** The search words of a text, as the intake indexes them. */
  searchWords: (text: string) => string[];
  dryRun: boolean;
  /** Rows per batch (default 200). */
  batch?: number;
}

const PHONE_KINDS = new Set(['mobile', 'landline']);

/** One remask run: its options, the report it fills, the page size. */
interface RemaskRun {
  options: RemaskOptions;
  report: RemaskReport;
  batch: number;
  scanned: (table: string, n: number) => void;
}

/** The tables a remask pass reads, in the order it reads them. */
export const REMASKED_TABLES = [
  'calls',
  'utterances',
  'findings',
  'appeals',
  'audit_log',
  'notifications',
  'feedback_packs',
] as const;

function countKinds(matches: readonly { kind: string }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of matches) out[m.kind] = (out[m.kind] ?? 0) + 1;
  return out;
}

/** Masks every string inside a JSON value; `matches` collects what was masked. */
function maskJson(value: unknown, mask: TextMasker, matches: { kind: string; value: string }[]): unknown {
  if (typeof value === 'string') {
    const r = mask(value);
    matches.push(...r.matches);
    return r.text;
  }
  if (Array.isArray(value)) return value.map((v) => maskJson(v, mask, matches));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskJson(v, mask, matches)]));
  }
  return value;
}

/**
 * Data-protection passes over everything stored: re-masking rows written before the masker knew
 * a form (full-width digits, Chinese numerals, customer fields, appeal reasons). Masking keeps
 * lengths, so finding spans stay valid; a changed call gets its search words rebuilt and its
 * stored view dropped (rebuilt on the next read).
 */
export class PrivacyRepository {
  constructor(private readonly db: Db) {}

  /** Keeps keyed hashes of personal data found in calls (a hash already kept is skipped). */
  async addHashes(rows: readonly { callId: string; kind: string; hash: string }[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 500) {
      await this.db
        .insert(piiHashes)
        .values(rows.slice(i, i + 500))
        .onConflictDoNothing();
    }
  }

  /** The calls holding data whose keyed hash is one of these (an erasure request's matches). */
  async callsWithHash(hashes: readonly string[]): Promise<string[]> {
    if (hashes.length === 0) return [];
    const rows = await this.db
      .selectDistinct({ callId: piiHashes.callId })
      .from(piiHashes)
      .where(inArray(piiHashes.hash, [...hashes]))
      .orderBy(asc(piiHashes.callId));
    return rows.map((r) => r.callId);
  }

  async remask(options: RemaskOptions): Promise<RemaskReport> {
    const report: RemaskReport = {
      dryRun: options.dryRun,
      scanned: Object.fromEntries(REMASKED_TABLES.map((t) => [t, 0])),
      changes: [],
      reindexedCalls: 0,
      phones: [],
    };
    const run: RemaskRun = {
      options,
      report,
      batch: options.batch ?? 200,
      scanned: (table, n) => {
        report.scanned[table] = (report.scanned[table] ?? 0) + n;
      },
    };
    await this.remaskCalls(run);
    await this.remaskAppeals(run);
    await this.remaskDocuments(run);
    return report;
  }

  /** Calls a page at a time: customer fields, utterances, findings' evidence, search words, view. */
  private async remaskCalls(run: RemaskRun): Promise<void> {
    let after = '';
    for (;;) {
      const page = await this.db
        .select({ id: calls.id, customer: calls.customer, searchText: calls.searchText })
        .from(calls)
        .where(gt(calls.id, after))
        .orderBy(asc(calls.id))
        .limit(run.batch);
      if (page.length === 0) break;
      after = page[page.length - 1]!.id;
      run.scanned('calls', page.length);
      const ids = page.map((c) => c.id);
      const texts = await this.db
        .select({ callId: utterances.callId, id: utterances.id, text: utterances.text, idx: utterances.idx })
        .from(utterances)
        .where(inArray(utterances.callId, ids))
        .orderBy(asc(utterances.callId), asc(utterances.idx));
      run.scanned('utterances', texts.length);
      const evidence = await this.db
        .select({ callId: findings.callId, id: findings.id, evidence: findings.evidence })
        .from(findings)
        .where(inArray(findings.callId, ids));
      run.scanned('findings', evidence.length);
      for (const call of page) {
        await this.remaskCall(
          run,
          call,
          texts.filter((u) => u.callId === call.id),
          evidence.filter((e) => e.callId === call.id),
        );
      }
    }
  }

  /** One call: what its rows would become, reported, and written unless this is a dry run. */
  private async remaskCall(
    run: RemaskRun,
    call: { id: string; customer: Record<string, unknown> | null; searchText: string },
    own: { id: string; text: string }[],
    evidence: { id: string; evidence: Record<string, unknown> }[],
  ): Promise<void> {
    const { mask } = run.options;
    const { report } = run;
    const utteranceUpdates: { id: string; text: string }[] = [];
    for (const u of own) {
      const r = mask(u.text);
      if (r.text === u.text) continue;
      utteranceUpdates.push({ id: u.id, text: r.text });
      report.changes.push({
        table: 'utterances',
        row: `${call.id}/${u.id}`,
        field: 'text',
        kinds: countKinds(r.matches),
      });
      for (const m of r.matches) if (PHONE_KINDS.has(m.kind)) report.phones.push({ callId: call.id, ...m });
    }
    let customer = call.customer;
    if (customer) {
      const matches: { kind: string; value: string }[] = [];
      const masked = maskJson(customer, mask, matches) as Record<string, unknown>;
      if (matches.length > 0) {
        customer = masked;
        report.changes.push({ table: 'calls', row: call.id, field: 'customer', kinds: countKinds(matches) });
        for (const m of matches) if (PHONE_KINDS.has(m.kind)) report.phones.push({ callId: call.id, ...m });
      }
    }
    const evidenceUpdates: { id: string; evidence: Record<string, unknown> }[] = [];
    for (const f of evidence) {
      const matches: { kind: string; value: string }[] = [];
      const masked = maskJson(f.evidence, mask, matches) as Record<string, unknown>;
      if (matches.length === 0) continue;
      evidenceUpdates.push({ id: f.id, evidence: masked });
      report.changes.push({
        table: 'findings',
        row: `${call.id}/${f.id}`,
        field: 'evidence',
        kinds: countKinds(matches),
      });
    }
    // The index is rebuilt from the masked transcript when it changed, or when the index itself
    // still holds a number (built before the masker knew its form).
    const newTexts = own.map((u) => utteranceUpdates.find((x) => x.id === u.id)?.text ?? u.text);
    const indexLeaks = mask(call.searchText).matches.length > 0;
    const searchText =
      utteranceUpdates.length > 0 || indexLeaks
        ? newTexts.flatMap((t) => run.options.searchWords(t)).join(' ')
        : call.searchText;
    const changed =
      utteranceUpdates.length > 0 ||
      customer !== call.customer ||
      evidenceUpdates.length > 0 ||
      searchText !== call.searchText;
    if (!changed) return;
    if (searchText !== call.searchText) {
      report.reindexedCalls++;
      if (utteranceUpdates.length === 0) {
        report.changes.push({
          table: 'calls',
          row: call.id,
          field: 'search_text',
          kinds: countKinds(mask(call.searchText).matches),
        });
      }
    }
    if (run.options.dryRun) return;
    await this.db.transaction(async (tx) => {
      for (const u of utteranceUpdates) {
        await tx
          .update(utterances)
          .set({ text: u.text })
          .where(and(eq(utterances.callId, call.id), eq(utterances.id, u.id)));
      }
      for (const f of evidenceUpdates) {
        await tx
          .update(findings)
          .set({ evidence: f.evidence })
          .where(and(eq(findings.callId, call.id), eq(findings.id, f.id)));
      }
      await tx
        .update(calls)
        .set({ customer, searchText, ...NO_STORED_VIEW, updatedAt: new Date() })
        .where(eq(calls.id, call.id));
    });
  }

  /** Appeals: the rep's reason, the reviewer's note, the quoted evidence. */
  private async remaskAppeals(run: RemaskRun): Promise<void> {
    const { mask } = run.options;
    let afterAppeal = '';
    for (;;) {
      const page = await this.db
        .select({
          id: appeals.id,
          callId: appeals.callId,
          reason: appeals.reason,
          decisionNote: appeals.decisionNote,
          quote: appeals.quote,
        })
        .from(appeals)
        .where(gt(appeals.id, afterAppeal))
        .orderBy(asc(appeals.id))
        .limit(run.batch);
      if (page.length === 0) break;
      afterAppeal = page[page.length - 1]!.id;
      run.scanned('appeals', page.length);
      for (const a of page) {
        const set: { reason?: string; decisionNote?: string; quote?: string } = {};
        for (const field of ['reason', 'decisionNote', 'quote'] as const) {
          const value = a[field];
          if (value === null) continue;
          const r = mask(value);
          if (r.text === value) continue;
          set[field] = r.text;
          run.report.changes.push({
            table: 'appeals',
            row: a.id,
            field: field === 'decisionNote' ? 'decision_note' : field,
            kinds: countKinds(r.matches),
          });
          for (const m of r.matches)
            if (PHONE_KINDS.has(m.kind)) run.report.phones.push({ callId: a.callId, ...m });
        }
        if (!run.options.dryRun && Object.keys(set).length > 0) {
          await this.db.update(appeals).set(set).where(eq(appeals.id, a.id));
        }
      }
    }
  }

  /** JSON documents: audit entries, queued notifications, feedback packs. */
  private async remaskDocuments(run: RemaskRun): Promise<void> {
    const { batch } = run;
    await this.remaskJsonRows('audit_log', run, async (afterId) => {
      const rows = await this.db
        .select({ id: auditLog.id, before: auditLog.before, after: auditLog.after })
        .from(auditLog)
        .where(gt(auditLog.id, Number(afterId || 0)))
        .orderBy(asc(auditLog.id))
        .limit(batch);
      return rows.map((r) => ({
        id: String(r.id),
        fields: { before: r.before, after: r.after },
        save: (v: Record<string, unknown>) =>
          this.db
            .update(auditLog)
            .set(v)
            .where(eq(auditLog.id, r.id))
            .then(() => undefined),
      }));
    });
    await this.remaskJsonRows('notifications', run, async (afterId) => {
      const rows = await this.db
        .select({ id: notifications.id, payload: notifications.payload })
        .from(notifications)
        .where(gt(notifications.id, Number(afterId || 0)))
        .orderBy(asc(notifications.id))
        .limit(batch);
      return rows.map((r) => ({
        id: String(r.id),
        fields: { payload: r.payload },
        save: (v: Record<string, unknown>) =>
          this.db
            .update(notifications)
            .set(v as { payload: Record<string, unknown> })
            .where(eq(notifications.id, r.id))
            .then(() => undefined),
      }));
    });
    await this.remaskJsonRows('feedback_packs', run, async (afterId) => {
      const rows = await this.db
        .select({ id: feedbackPacks.id, data: feedbackPacks.data })
        .from(feedbackPacks)
        .where(gt(feedbackPacks.id, afterId))
        .orderBy(asc(feedbackPacks.id))
        .limit(batch);
      return rows.map((r) => ({
        id: r.id,
        fields: { data: r.data },
        save: (v: Record<string, unknown>) =>
          this.db
            .update(feedbackPacks)
            .set(v as { data: Record<string, unknown> })
            .where(eq(feedbackPacks.id, r.id))
            .then(() => undefined),
      }));
    });
  }

  private async remaskJsonRows(
    table: string,
    run: RemaskRun,
    page: (
      afterId: string,
    ) => Promise<
      { id: string; fields: Record<string, unknown>; save: (v: Record<string, unknown>) => Promise<void> }[]
    >,
  ): Promise<void> {
    const { options, report, batch } = run;
    let after = '';
    for (;;) {
      const rows = await page(after);
      if (rows.length === 0) break;
      after = rows[rows.length - 1]!.id;
      run.scanned(table, rows.length);
      for (const row of rows) {
        const set: Record<string, unknown> = {};
        for (const [field, value] of Object.entries(row.fields)) {
          if (value === null || value === undefined) continue;
          const matches: { kind: string; value: string }[] = [];
          const masked = maskJson(value, options.mask, matches);
          if (matches.length === 0) continue;
          set[field] = masked;
          report.changes.push({ table, row: row.id, field, kinds: countKinds(matches) });
        }
        if (!options.dryRun && Object.keys(set).length > 0) await row.save(set);
      }
      if (rows.length < batch) break;
    }
  }

  // Erasure (PIPL): one customer's calls and everything derived from them

  /** Calls whose customer is named exactly `name` (trimmed), oldest first. */
  async callsOfCustomerName(name: string): Promise<string[]> {
    const rows = await this.db.execute(
      sql`select id from calls where btrim(customer->>'name') = ${name.trim()} order by occurred_at, id`,
    );
    return (rows as unknown as { rows: { id: string }[] }).rows.map((r) => r.id);
  }

  /**
   * What an erasure of these calls touches: rows that go with them, recordings to delete, and the
   * derived copies that mention them (feedback packs, notifications, audit entries to redact).
   */
  async erasureScope(callIds: readonly string[]): Promise<ErasureScope> {
    if (callIds.length === 0) {
      return {
        calls: [],
        reps: [],
        utterances: 0,
        appeals: [],
        audioPaths: [],
        feedbackPacks: 0,
        notifications: 0,
        auditEntries: 0,
      };
    }
    const ids = sql.join(
      callIds.map((id) => sql`${id}`),
      sql`, `,
    );
    const q = async <T>(query: SQL) => (await this.db.execute(query)) as unknown as { rows: T[] };
    const callRows = await q<{ id: string; rep_id: string; audio_path: string | null }>(
      sql`select id, rep_id, audio->>'path' as audio_path from calls where id in (${ids}) order by id`,
    );
    const utt = await q<{ n: number }>(
      sql`select count(*)::int as n from utterances where call_id in (${ids})`,
    );
    const appealRows = await q<{ id: string }>(
      sql`select id from appeals where call_id in (${ids}) order by id`,
    );
    const appealIds = appealRows.rows.map((r) => r.id);
    const mentions = this.mentionPattern([...callIds, ...appealIds]);
    const packs = await q<{ n: number }>(
      sql`select count(*)::int as n from feedback_packs where data::text ~ ${mentions}`,
    );
    const notes = await q<{ n: number }>(
      sql`select count(*)::int as n from notifications where payload::text ~ ${mentions}`,
    );
    const audit = await q<{ n: number }>(
      sql`select count(*)::int as n from audit_log where entity_id in (${sql.join(
        [...callIds, ...appealIds].map((id) => sql`${id}`),
        sql`, `,
      )}) and action <> 'privacy.erase'`,
    );
    return {
      calls: callRows.rows.map((r) => r.id),
      reps: [...new Set(callRows.rows.map((r) => r.rep_id))].sort(),
      utterances: utt.rows[0]?.n ?? 0,
      appeals: appealIds,
      audioPaths: callRows.rows.map((r) => r.audio_path).filter((p): p is string => !!p),
      feedbackPacks: packs.rows[0]?.n ?? 0,
      notifications: notes.rows[0]?.n ?? 0,
      auditEntries: audit.rows[0]?.n ?? 0,
    };
  }

  /**
   * Deletes the calls (utterances, findings, scores, appeals, corrections, facts and hashes go
   * with them), the feedback packs and notifications that mention them or their appeals, unlinks
   * lexicon change requests from those appeals, and redacts the audit entries about them (the
   * entries stay, their before/after become a pointer to the erasure). One transaction.
   */
  async eraseCalls(scope: ErasureScope, erasureRef: string): Promise<void> {
    if (scope.calls.length === 0) return;
    const callIds = sql.join(
      scope.calls.map((id) => sql`${id}`),
      sql`, `,
    );
    const entityIds = sql.join(
      [...scope.calls, ...scope.appeals].map((id) => sql`${id}`),
      sql`, `,
    );
    const mentions = this.mentionPattern([...scope.calls, ...scope.appeals]);
    const redacted = JSON.stringify({ redacted: erasureRef });
    await this.db.transaction(async (tx) => {
      if (scope.appeals.length > 0) {
        const appealIds = sql.join(
          scope.appeals.map((id) => sql`${id}`),
          sql`, `,
        );
        await tx.execute(
          sql`update lexicon_change_requests set appeal_id = null where appeal_id in (${appealIds})`,
        );
      }
      await tx.execute(sql`delete from feedback_packs where data::text ~ ${mentions}`);
      await tx.execute(sql`delete from notifications where payload::text ~ ${mentions}`);
      await tx.execute(
        sql`update audit_log set before = ${redacted}::jsonb, after = ${redacted}::jsonb
            where entity_id in (${entityIds}) and action <> 'privacy.erase'`,
      );
      // Goals name the calls their last evaluation counted: an erased call leaves those lists.
      await tx.execute(
        sql`update growth_goals
            set call_ids = array(select x from unnest(call_ids) as x where x not in (${callIds})),
                call_count = cardinality(array(select x from unnest(call_ids) as x where x not in (${callIds})))
            where call_ids && array[${callIds}]::text[]`,
      );
      await tx.execute(sql`delete from calls where id in (${callIds})`);
    });
  }

  /** A regular expression matching any of these ids as a whole JSON string value or word. */
  private mentionPattern(ids: readonly string[]): string {
    const escaped = ids.map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    return `(${escaped.join('|')})`;
  }
}

export interface ErasureScope {
  calls: string[];
  /** Reps whose aggregates change. */
  reps: string[];
  utterances: number;
  appeals: string[];
  /** Recordings, relative to the audio folder. */
  audioPaths: string[];
  feedbackPacks: number;
  notifications: number;
  auditEntries: number;
}
