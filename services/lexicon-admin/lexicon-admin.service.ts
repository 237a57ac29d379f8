import { z } from 'zod';
import type { CompiledLexicon } from '../../lexicons/lexicon.compile.js';
import {
  addTerm,
  applyChange,
  changeTerm,
  checkOverlay,
  diffTerms,
  removeTerm,
  type TermDiff,
  termsFromCsv,
  termsToCsv,
} from '../../lexicons/lexicon.edit.js';
import { inheritedTerms } from '../../lexicons/lexicon.inherit.js';
import type { LexiconRegistry } from '../../lexicons/lexicon.registry.js';
import type { LexiconDocument, TTerm } from '../../lexicons/lexicon.schema.js';
import { checkScorecardOverlay, loadScorecardDocuments } from '../../lexicons/scorecard.loader.js';
import type { Scorecard, ScorecardDocument } from '../../lexicons/scorecard.schema.js';
import { type LexiconChange, ZLexiconChange } from '../../models/appeal.js';
import type { AppealRepository } from '../../models/appeal.repository.js';
import type { AuditRepository } from '../../models/audit.repository.js';
import type { CallRepository } from '../../models/call.repository.js';
import type { Db } from '../../models/db.js';
import { AppError, ErrorCode } from '../../models/errors.js';
import {
  type ChangeRequest,
  type LexiconVersion,
  LexiconVersionRepository,
  type RescoreRun,
} from '../../models/lexicon-version.repository.js';
import { type AnalysisEngine, InlineAnalysisEngine } from '../../pipeline/analysis-thread/analysis-engine.js';
import type { Analyzer } from '../../pipeline/analyzer.js';
import { JobName, type JobQueue, jobIdOf, Priority } from '../../pipeline/queue.js';
import { emptyTally, finishTally, tallyCall, ZWhatIfTally } from '../../pipeline/what-if.core.js';

export interface LexiconAdminDeps {
  versions: LexiconVersionRepository;
  registry: LexiconRegistry;
  analyzer: Analyzer;
  /** Where a what-if analyses (analysis threads in the server); default: inline with `analyzer`. */
  engine?: AnalysisEngine;
  calls: CallRepository;
  appeals: AppealRepository;
  audit: AuditRepository;
  queue: JobQueue;
  log: { info: (o: object, m: string) => void; warn: (o: object, m: string) => void };
}

export interface Actor {
  id: string;
}

/** A draft's what-if over the industry's most recent scored calls (POST /v1/lexicons/{industry}/what-if). */
export const ZWhatIfReport = ZWhatIfTally.extend({
  industry: z.string(),
  draftSequence: z.number().int(),
  elapsedMs: z.number(),
});
export type WhatIfReport = z.infer<typeof ZWhatIfReport>;

/** Calls of a what-if analysed at a time. */
const WHAT_IF_BATCH = 8;

/** Pages of calls a rescore run plans at a time. */
const RESCORE_PAGE = 500;

/**
 * Lexicon and scorecard versions in the database: seeding from the shipped files, drafts
 * (copy-on-write), term editing with validation, change requests from appeals, what-if previews,
 * publishing (every process picks the new version up by polling) and rescore runs.
 */
export class LexiconAdminService {
  private base?: ScorecardDocument;
  private timer: NodeJS.Timeout | undefined;
  /** Sequence installed from the database per industry (absent until the first sync). */
  private readonly installed = new Map<string, number>();

  constructor(private readonly deps: LexiconAdminDeps) {}

  private baseScorecard(): ScorecardDocument {
    this.base ??= loadScorecardDocuments(this.deps.analyzer.lexiconDir, 'default').base;
    return this.base;
  }

  /**
   * Seeds sequence 1 of every shipped lexicon that the database does not know (shared bases
   * such as manufacturing_base included: they have versions too), then syncs. The database
   * holds each overlay as authored, its `extends:` and own terms only.
   */
  async bootstrap(): Promise<void> {
    const { registry, versions } = this.deps;
    for (const industry of registry.lexiconIds()) {
      const overlay = registry.ownOverlay(industry)!;
      const scorecard = loadScorecardDocuments(this.deps.analyzer.lexiconDir, industry).overlay;
      await versions.seed(
        industry,
        registry.versionId(industry),
        overlay as unknown as Record<string, unknown>,
        (scorecard as unknown as Record<string, unknown>) ?? null,
      );
    }
    await this.sync();
  }

  /**
   * Installs every published version newer than what this process runs. Called at start and
   * by a timer: a publish in any process reaches every worker and API process without a restart.
   */
  async sync(): Promise<string[]> {
    const { versions, log } = this.deps;
    const current = await versions.currentSequences();
    const updated: string[] = [];
    for (const [industry, sequence] of current) {
      // Sequences only grow (a rollback publishes a new one). A lower one is a stale read: a poll
      // that read before a publish or another sync installed something newer must not undo it.
      if ((this.installed.get(industry) ?? 0) >= sequence) continue;
      const v = await versions.get(industry, sequence);
      if (!v?.versionId || (this.installed.get(industry) ?? 0) >= sequence) continue;
      const first = !this.installed.has(industry);
      this.install(v);
      if (!first) {
        updated.push(industry);
        log.info({ industry, version: v.versionId }, 'lexicon version installed');
      }
    }
    return updated;
  }

  /**
   * Makes sure this process runs `versionId` of an industry (a rescore job may reach a worker
   * before its next poll). A version still unknown after a sync is a transient error: retried.
   */
  async ensureVersion(industry: string, versionId: string): Promise<void> {
    if (this.deps.registry.has(industry) && this.deps.registry.versionId(industry) === versionId) return;
    // `<lexicon>@<sequence>+<hash>`: the run's lexicon is the call's industry or, when a parent
    // was published, an ancestor the call's industry compiles from. Versions only move forward,
    // so the sequence in force at least the run's is right (a newer one's own run follows); a
    // child's content hash changes with its parent's, hence sequences rather than ids.
    const owner = versionId.slice(0, versionId.indexOf('@'));
    const wanted = Number.parseInt(versionId.slice(versionId.indexOf('@') + 1), 10);
    const lexicon = owner && owner !== industry ? owner : industry;
    if (this.deps.registry.sequence(lexicon) >= wanted) return;
    await this.sync();
    const now = this.deps.registry.sequence(lexicon);
    if (now >= wanted) return;
    throw new Error(
      `lexicon ${versionId} is not installed in this process yet (running ${now > 0 ? `${lexicon}@${now}` : 'none'})`,
    );
  }

  startPolling(everyMs: number): void {
    this.stopPolling();
    const tick = () => {
      this.sync().catch((err: Error) => this.deps.log.warn({ err: err.message }, 'lexicon sync failed'));
    };
    this.timer = setInterval(tick, everyMs);
    this.timer.unref();
  }

  stopPolling(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Installs a version here: the lexicon (as recorded, whatever ran before) and its scorecard. */
  /**
   * Installs a database version here, whatever this process ran before (the database is the
   * truth). Compilation stays lazy unless the caller compiled it already (a publish).
   */
  private install(v: LexiconVersion, compiled?: CompiledLexicon): void {
    this.deps.registry.install(checkOverlay(v.lexicon, v.industry), v.sequence, compiled);
    this.deps.analyzer.installScorecard(v.industry, this.scorecardOf(v));
    this.installed.set(v.industry, v.sequence);
  }

  private scorecardOf(v: LexiconVersion): Scorecard {
    return checkScorecardOverlay(
      this.baseScorecard(),
      v.scorecard ?? { id: 'default', name: 'default' },
      v.industry,
      v.sequence,
    );
  }

  // Reading

  /**
   * Lexicons with their Chinese names and parents: `selectable` false marks a shared base
   * (manufacturing_base) that calls cannot use but experts edit and publish like any other.
   */
  async industries() {
    const { registry } = this.deps;
    return (await this.deps.versions.industries()).map((row) => {
      const own = registry.ownOverlay(row.industry);
      return {
        ...row,
        name: own?.name ?? row.industry,
        extends: own?.extends ?? null,
        selectable: own ? own.selectable !== false : true,
      };
    });
  }

  /**
   * The inherited side of a version: its ancestors and the terms it inherits from their current
   * versions, each marked `inheritedFrom`, with the own terms that override an inherited entry.
   */
  inheritance(v: LexiconVersion) {
    const { registry } = this.deps;
    const own = checkOverlay(v.lexicon, v.industry);
    const resolved = registry.resolve(own);
    const inherited = inheritedTerms(resolved);
    const inheritedSurfaces = new Map<string, string>();
    for (const id of registry.ancestors(v.industry).reverse()) {
      for (const t of registry.ownOverlay(id)?.terms ?? []) {
        for (const s of [t.term, ...(t.synonyms ?? [])]) inheritedSurfaces.set(s, id);
      }
    }
    const ancestors = (
      own.extends === undefined ? [] : [own.extends, ...registry.ancestors(own.extends)]
    ).map((id) => ({
      industry: id,
      name: registry.ownOverlay(id)?.name ?? id,
      sequence: registry.sequence(id),
    }));
    return {
      extends: own.extends ?? null,
      ancestors,
      inherited,
      overrides: own.terms.flatMap((t) => {
        const from = [t.term, ...(t.synonyms ?? [])].map((s) => inheritedSurfaces.get(s)).find(Boolean);
        return from ? [{ term: t.term, inheritedFrom: from }] : [];
      }),
      children: registry.descendants(v.industry),
    };
  }

  async versions(industry: string): Promise<LexiconVersion[]> {
    const list = await this.deps.versions.list(industry);
    if (list.length === 0) throw unknownIndustry(industry);
    return list;
  }

  async version(industry: string, sequence: number): Promise<LexiconVersion> {
    const v = await this.deps.versions.get(industry, sequence);
    if (!v) throw new AppError(ErrorCode.NotFound, `no version ${sequence} of ${industry}`);
    return v;
  }

  async current(industry: string): Promise<LexiconVersion> {
    const v = await this.deps.versions.current(industry);
    if (!v) throw unknownIndustry(industry);
    return v;
  }

  async draft(industry: string): Promise<LexiconVersion | null> {
    await this.current(industry);
    return this.deps.versions.draft(industry);
  }

  /** The industry's draft, created from the published version if there is none. */
  async ensureDraft(industry: string, actor: Actor): Promise<LexiconVersion> {
    const existing = await this.draft(industry);
    if (existing) return existing;
    const d = await this.deps.versions.createDraft(industry, actor.id);
    await this.deps.audit.append({
      actorUserId: actor.id,
      action: 'lexicon.draft',
      entity: 'lexicon',
      entityId: industry,
      after: { sequence: d.sequence, basedOn: d.basedOn },
    });
    return d;
  }

  // Editing the draft

  private async editDraft(
    industry: string,
    actor: Actor,
    action: string,
    edit: (doc: LexiconDocument) => LexiconDocument,
    describe: { before?: unknown; after?: unknown },
  ): Promise<LexiconVersion> {
    const d = await this.ensureDraft(industry, actor);
    const next = edit(checkOverlay(d.lexicon, industry));
    const saved = await this.deps.versions.saveDraft(industry, d.sequence, {
      lexicon: next as unknown as Record<string, unknown>,
    });
    await this.deps.audit.append({
      actorUserId: actor.id,
      action,
      entity: 'lexicon',
      entityId: industry,
      before: describe.before ?? null,
      after: { ...(describe.after as object), draft: d.sequence },
    });
    return saved;
  }

  async addTerm(industry: string, actor: Actor, term: TTerm): Promise<LexiconVersion> {
    return this.editDraft(industry, actor, 'lexicon.term.add', (doc) => addTerm(doc, term), { after: term });
  }

  async changeTerm(
    industry: string,
    actor: Actor,
    termName: string,
    patch: Partial<Omit<TTerm, 'term'>>,
  ): Promise<LexiconVersion> {
    const d = await this.ensureDraft(industry, actor);
    const before = (d.lexicon as unknown as LexiconDocument).terms.find((t) => t.term === termName);
    return this.editDraft(industry, actor, 'lexicon.term.change', (doc) => changeTerm(doc, termName, patch), {
      before,
      after: { term: termName, ...patch },
    });
  }

  async removeTerm(industry: string, actor: Actor, termName: string): Promise<LexiconVersion> {
    const d = await this.ensureDraft(industry, actor);
    const before = (d.lexicon as unknown as LexiconDocument).terms.find((t) => t.term === termName);
    return this.editDraft(industry, actor, 'lexicon.term.remove', (doc) => removeTerm(doc, termName), {
      before,
      after: { removed: termName },
    });
  }

  /** Replaces the draft's scorecard overlay (weights, targets) after validating it. */
  async setScorecard(industry: string, actor: Actor, overlay: unknown): Promise<LexiconVersion> {
    const d = await this.ensureDraft(industry, actor);
    checkScorecardOverlay(this.baseScorecard(), overlay, industry, d.sequence);
    const saved = await this.deps.versions.saveDraft(industry, d.sequence, {
      scorecard: overlay as Record<string, unknown>,
    });
    await this.deps.audit.append({
      actorUserId: actor.id,
      action: 'lexicon.scorecard.change',
      entity: 'lexicon',
      entityId: industry,
      before: d.scorecard,
      after: overlay,
    });
    return saved;
  }

  /** Imports terms (CSV or JSON) into the draft: `merge` adds and updates, `replace` swaps all terms. */
  async importTerms(
    industry: string,
    actor: Actor,
    body: Uint8Array,
    format: 'csv' | 'json',
    mode: 'merge' | 'replace',
  ): Promise<{ draft: LexiconVersion; imported: number; encoding: string }> {
    let terms: TTerm[];
    let encoding = 'utf-8';
    if (format === 'csv') {
      ({ terms, encoding } = termsFromCsv(body));
    } else {
      let data: unknown;
      try {
        data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
      } catch (err) {
        throw new AppError(ErrorCode.InvalidInput, `not valid UTF-8 JSON: ${(err as Error).message}`);
      }
      const list = Array.isArray(data) ? data : (data as { terms?: unknown })?.terms;
      if (!Array.isArray(list)) {
        throw new AppError(
          ErrorCode.InvalidInput,
          'JSON import: expected an array of terms or { "terms": [...] }',
        );
      }
      const doc = checkOverlay({ industry, name: 'import', terms: list }, industry);
      terms = doc.terms;
    }
    const draft = await this.editDraft(
      industry,
      actor,
      'lexicon.import',
      (doc) => {
        if (mode === 'replace') return checkOverlay({ ...doc, terms }, industry);
        const byName = new Map(doc.terms.map((t) => [t.term, t]));
        for (const t of terms) byName.set(t.term, t);
        return checkOverlay({ ...doc, terms: [...byName.values()] }, industry);
      },
      { after: { format, mode, terms: terms.length, encoding } },
    );
    return { draft, imported: terms.length, encoding };
  }

  async exportTerms(industry: string, sequence: number | 'current' | 'draft', format: 'csv' | 'json') {
    const v =
      sequence === 'current'
        ? await this.current(industry)
        : sequence === 'draft'
          ? await this.draft(industry)
          : await this.version(industry, sequence);
    if (!v) throw new AppError(ErrorCode.NotFound, `${industry} has no draft`);
    const doc = checkOverlay(v.lexicon, industry);
    return format === 'csv'
      ? { body: termsToCsv(doc), type: 'text/csv; charset=utf-8', file: `${industry}-${v.sequence}.csv` }
      : {
          body: JSON.stringify({ ...doc, version: v.versionId, sequence: v.sequence }, null, 2),
          type: 'application/json; charset=utf-8',
          file: `${industry}-${v.sequence}.json`,
        };
  }

  async diff(industry: string, a: number | 'draft', b: number | 'draft') {
    const get = async (s: number | 'draft') => {
      const v = s === 'draft' ? await this.draft(industry) : await this.version(industry, s);
      if (!v) throw new AppError(ErrorCode.NotFound, `${industry} has no draft`);
      return v;
    };
    const [va, vb] = [await get(a), await get(b)];
    const [da, db] = [checkOverlay(va.lexicon, industry), checkOverlay(vb.lexicon, industry)];
    const terms: TermDiff = diffTerms(da, db);
    return {
      industry,
      extends: { from: da.extends ?? null, to: db.extends ?? null },
      /** What `to` inherits from the ancestors' current versions (unchanged by this diff). */
      inherited: this.inheritance(vb),
      from: { sequence: va.sequence, versionId: va.versionId, status: va.status },
      to: { sequence: vb.sequence, versionId: vb.versionId, status: vb.status },
      terms,
      scorecardChanged: JSON.stringify(va.scorecard ?? null) !== JSON.stringify(vb.scorecard ?? null),
      scorecard: { from: va.scorecard, to: vb.scorecard },
    };
  }

  // Change requests

  async proposeChange(
    industry: string,
    appealId: string | null,
    change: LexiconChange,
  ): Promise<ChangeRequest> {
    await this.current(industry);
    return this.deps.versions.addChangeRequest(
      industry,
      appealId,
      change as unknown as Record<string, unknown>,
    );
  }

  /** Records a change request inside the caller's transaction (an appeal's acceptance). */
  async proposeChangeIn(
    tx: Db,
    industry: string,
    appealId: string,
    change: LexiconChange,
  ): Promise<ChangeRequest> {
    return new LexiconVersionRepository(tx).addChangeRequest(
      industry,
      appealId,
      change as unknown as Record<string, unknown>,
    );
  }

  async changeRequests(industry: string, status?: 'pending' | 'accepted' | 'declined') {
    await this.current(industry);
    return this.deps.versions.changeRequests(industry, status);
  }

  /** Accepting applies the change to the draft (created if needed); declining records why. */
  async decideChangeRequest(
    id: string,
    actor: Actor,
    decision: 'accept' | 'decline',
    note: string | null,
  ): Promise<{ request: ChangeRequest; draft: LexiconVersion | null }> {
    const cr = await this.deps.versions.changeRequest(id);
    if (!cr) throw new AppError(ErrorCode.NotFound, `no change request ${id}`);
    if (cr.status !== 'pending') {
      throw new AppError(ErrorCode.Conflict, `change request ${id} was already ${cr.status}`);
    }
    if (decision === 'decline') {
      const request = await this.deps.versions.decideChangeRequest(id, 'declined', actor.id, note, null);
      await this.deps.audit.append({
        actorUserId: actor.id,
        action: 'lexicon.change_request.decline',
        entity: 'lexicon_change_request',
        entityId: id,
        before: { status: 'pending' },
        after: { status: 'declined', note },
      });
      return { request, draft: null };
    }
    const change = ZLexiconChange.parse(cr.change);
    const draft = await this.editDraft(
      cr.industry,
      actor,
      'lexicon.change_request.apply',
      (doc) => applyChange(doc, change),
      {
        after: { changeRequest: id, appealId: cr.appealId, change },
      },
    );
    const request = await this.deps.versions.decideChangeRequest(
      id,
      'accepted',
      actor.id,
      note,
      draft.sequence,
    );
    await this.deps.audit.append({
      actorUserId: actor.id,
      action: 'lexicon.change_request.accept',
      entity: 'lexicon_change_request',
      entityId: id,
      before: { status: 'pending' },
      after: { status: 'accepted', draft: draft.sequence, note },
    });
    return { request, draft };
  }

  // What-if, publish, rollback

  /** Runs the draft over the industry's most recent scored calls and reports what would change. */
  async whatIf(industry: string, limit = 200): Promise<WhatIfReport> {
    const started = performance.now();
    const d = await this.draft(industry);
    if (!d) throw new AppError(ErrorCode.NotFound, `${industry} has no draft to preview`);
    const { registry } = this.deps;
    const draftOverlay = checkOverlay(d.lexicon, industry);
    const scorecard = this.scorecardOf(d);
    const engine = this.deps.engine ?? new InlineAnalysisEngine(this.deps.analyzer, registry);
    // A parent's draft reaches its children's calls too: each compiled from the draft parent.
    const heirs = [industry, ...registry.descendants(industry)].filter((id) => registry.has(id));
    const lexicons = new Map(heirs.map((id) => [id, registry.resolveWith(id, draftOverlay)]));
    const industryOf = new Map<string, string>();
    const max = Math.max(1, Math.min(limit, 2000));
    for (const id of heirs) {
      if (industryOf.size >= max) break;
      for (const callId of await this.deps.versions.recentScoredCallIds(id, max - industryOf.size)) {
        industryOf.set(callId, id);
      }
    }
    const ids = [...industryOf.keys()];
    const [stored, corrections] = await Promise.all([
      this.deps.versions.storedResults(ids),
      this.deps.appeals.correctionsFor(ids),
    ]);
    const tally = emptyTally();
    // A few calls at a time: the analysis threads work in parallel, the tally stays in call order.
    for (let i = 0; i < stored.length; i += WHAT_IF_BATCH) {
      const batch = stored.slice(i, i + WHAT_IF_BATCH);
      const analyses = await Promise.all(
        batch.map((s) =>
          engine.analyzeDraft(
            {
              repId: s.repId,
              industry: industryOf.get(s.id)!,
              occurredAt: s.occurredAt.toISOString(),
              utterances: s.utterances,
            },
            { overlay: lexicons.get(industryOf.get(s.id)!)!, sequence: d.sequence },
            industryOf.get(s.id) === industry
              ? scorecard
              : this.deps.analyzer.scorecard(industryOf.get(s.id)!),
            s.id,
            corrections.get(s.id),
          ),
        ),
      );
      for (const [j, s] of batch.entries()) tallyCall(tally, s, analyses[j]!);
    }
    const report: WhatIfReport = { industry, draftSequence: d.sequence, ...finishTally(tally), elapsedMs: 0 };
    report.elapsedMs = Math.round(performance.now() - started);
    return report;
  }

  /**
   * Publishes the draft: validates and compiles it, records the version, installs it here (other
   * processes pick it up by polling) and starts a rescore run of the industry's calls.
   */
  async publish(
    industry: string,
    actor: Actor,
    options: { note?: string | null; rescore?: boolean; since?: Date | null } = {},
  ): Promise<{ version: LexiconVersion; run: RescoreRun | null }> {
    const d = await this.draft(industry);
    if (!d) throw new AppError(ErrorCode.NotFound, `${industry} has no draft to publish`);
    const overlay = checkOverlay(d.lexicon, industry);
    this.scorecardOf(d); // a broken scorecard is rejected before anything is recorded
    // compiled with the ancestors' current versions; an unknown parent or a cycle is refused here
    const compiled = this.deps.registry.compile(overlay, d.sequence);
    const before = await this.current(industry);
    // A draft identical to the published version would make a new version and a full rescore
    // that change nothing: refused, naming what to do instead.
    const changes = diffTerms(checkOverlay(before.lexicon, industry), overlay);
    const sameScorecard = JSON.stringify(d.scorecard ?? null) === JSON.stringify(before.scorecard ?? null);
    if (isEmptyDiff(changes) && sameScorecard) {
      throw new AppError(
        ErrorCode.Conflict,
        `the draft of ${industry} is identical to the published version ${before.versionId}: nothing to publish (edit it or discard it)`,
      );
    }
    const version = await this.deps.versions.publishDraft(
      industry,
      d.sequence,
      compiled.versionId,
      actor.id,
      options.note ?? null,
    );
    this.install(version, compiled);
    await this.deps.audit.append({
      actorUserId: actor.id,
      action: 'lexicon.publish',
      entity: 'lexicon',
      entityId: industry,
      before: { versionId: before.versionId, sequence: before.sequence },
      after: {
        versionId: version.versionId,
        sequence: version.sequence,
        changes,
        note: options.note ?? null,
      },
    });
    const run =
      options.rescore === false ? null : await this.startRescore(industry, actor, options.since ?? null);
    return { version, run };
  }

  /** Publishes the content of an earlier version again, as a new version. */
  async rollback(
    industry: string,
    actor: Actor,
    toSequence: number,
    options: { note?: string | null; rescore?: boolean; since?: Date | null } = {},
  ): Promise<{ version: LexiconVersion; run: RescoreRun | null }> {
    const target = await this.version(industry, toSequence);
    if (target.status !== 'published') {
      throw new AppError(ErrorCode.InvalidInput, `version ${toSequence} of ${industry} was never published`);
    }
    const before = await this.current(industry);
    if (before.sequence === toSequence) {
      throw new AppError(
        ErrorCode.Conflict,
        `version ${toSequence} is already the current version of ${industry}`,
      );
    }
    await this.deps.versions.discardDraft(industry);
    const sequence = await this.deps.versions.nextSequence(industry);
    const compiled = this.deps.registry.compile(checkOverlay(target.lexicon, industry), sequence);
    const version = await this.deps.versions.republish(
      industry,
      target,
      sequence,
      compiled.versionId,
      actor.id,
      options.note ?? `rollback to ${target.versionId}`,
    );
    this.install(version, compiled);
    await this.deps.audit.append({
      actorUserId: actor.id,
      action: 'lexicon.rollback',
      entity: 'lexicon',
      entityId: industry,
      before: { versionId: before.versionId, sequence: before.sequence },
      after: { versionId: version.versionId, sequence: version.sequence, rollbackOf: toSequence },
    });
    const run =
      options.rescore === false ? null : await this.startRescore(industry, actor, options.since ?? null);
    return { version, run };
  }

  async discardDraft(industry: string, actor: Actor): Promise<void> {
    const d = await this.draft(industry);
    if (!d) throw new AppError(ErrorCode.NotFound, `${industry} has no draft`);
    await this.deps.versions.discardDraft(industry);
    await this.deps.audit.append({
      actorUserId: actor.id,
      action: 'lexicon.draft.discard',
      entity: 'lexicon',
      entityId: industry,
      before: { sequence: d.sequence },
    });
  }

  // Rescoring

  async startRescore(industry: string, actor: Actor | null, since: Date | null): Promise<RescoreRun> {
    const current = await this.current(industry);
    const children = this.deps.registry.descendants(industry);
    // The progress shows this count until the rescore job has queued the calls and set the
    // exact number: a run never reads 0 of 0 while it is being planned.
    const run = await this.deps.versions.createRun({
      industry,
      versionId: current.versionId!,
      since,
      createdBy: actor?.id ?? null,
      total: await this.deps.versions.countScored(this.rescoredIndustries(industry), since),
    });
    await this.deps.audit.append({
      actorUserId: actor?.id ?? null,
      action: 'rescore.start',
      entity: 'rescore_run',
      entityId: run.id,
      after: {
        industry,
        versionId: run.versionId,
        since,
        children,
      },
    });
    await this.deps.queue.enqueue(JobName.Rescore, { runId: run.id }, `rescore-${run.id}`);
    return run;
  }

  /**
   * The industries whose calls a rescore of `industry` covers: a parent's new version changes
   * every industry that extends it, so their calls are rescored too.
   */
  private rescoredIndustries(industry: string): string[] {
    return [industry, ...this.deps.registry.descendants(industry)];
  }

  /**
   * The rescore job: moves each scored call of the industry to `rescoring` (a new revision) and
   * queues its analysis at low priority, so new calls are scored first. Idempotent per run.
   */
  async planRescore(runId: string): Promise<void> {
    const { versions, calls, queue, log } = this.deps;
    const run = await versions.run(runId);
    if (!run) throw new AppError(ErrorCode.NotFound, `no rescore run ${runId}`);
    if (run.status !== 'running' || run.plannedAt) return;
    // The process that plans runs the new version before it moves a call (new calls it scores
    // from now on are not left on the old one); other processes install it at their next poll.
    await this.sync();
    let after: string | null = null;
    let n = 0;
    const industries = this.rescoredIndustries(run.industry);
    for (;;) {
      const ids = await versions.scoredCallIds(industries, run.since, after, RESCORE_PAGE);
      if (ids.length === 0) break;
      for (const id of ids) {
        let call: Awaited<ReturnType<CallRepository['setStatus']>>;
        try {
          call = await calls.setStatus(id, 'rescoring');
        } catch (err) {
          // Left `scored` meanwhile (an appeal's recomputation): it is analysed with the new version anyway.
          if (err instanceof AppError && err.code === ErrorCode.InvalidTransition) continue;
          throw err;
        }
        await queue.enqueue(
          JobName.Analyze,
          { callId: id, revision: call.revision, rescoreRunId: run.id },
          jobIdOf(JobName.Analyze, id, call.revision),
          { priority: Priority.Rescore },
        );
        n++;
      }
      after = ids[ids.length - 1]!;
    }
    await versions.setRunTotal(run.id, n);
    log.info({ runId, industry: run.industry, industries, calls: n }, 'rescore run planned');
  }

  async run(runId: string) {
    const run = await this.deps.versions.run(runId);
    if (!run) throw new AppError(ErrorCode.NotFound, `no rescore run ${runId}`);
    return run;
  }

  async runs(industry: string) {
    return this.deps.versions.runs(industry);
  }

  async runResults(runId: string, changedOnly: boolean, limit: number) {
    await this.run(runId);
    return this.deps.versions.results(runId, { changedOnly, limit });
  }
}

function unknownIndustry(industry: string): AppError {
  return new AppError(ErrorCode.NotFound, `unknown industry "${industry}"`);
}

/** True when a term diff holds no change at all. */
function isEmptyDiff(diff: TermDiff): boolean {
  return Object.values(diff).every((v) => !Array.isArray(v) || v.length === 0);
}
