import { applyChange, checkOverlay, validateTerm } from '../../lexicons/lexicon.edit.js';
import { ZSurface } from '../../lexicons/lexicon.schema.js';
import {
  type Correction,
  type FileAppeal,
  type LexiconChange,
  ZDecideAppeal,
  ZFileAppeal,
  ZLexiconChange,
} from '../../models/appeal.js';
import {
  type Appeal,
  type AppealRepository,
  LIVE_APPEAL_STATUSES,
  placeKey,
  type ReviewerPool,
} from '../../models/appeal.repository.js';
import { AuditRepository } from '../../models/audit.repository.js';
import type { Call, CallRepository } from '../../models/call.repository.js';
import type { Db } from '../../models/db.js';
import { AppError, ErrorCode } from '../../models/errors.js';
import type { AppealStatus } from '../../models/schema.js';
import type { Transcript } from '../../models/transcript.js';
import type { User, UserRepository } from '../../models/user.repository.js';
import type { AnalysisEngine } from '../../pipeline/analysis-thread/analysis-engine.js';
import type { Analyzer } from '../../pipeline/analyzer.js';
import { CUSTOMER_LABELS, isLabel, overlaps } from '../../pipeline/nlp/corrections.js';
import { JobName, type JobQueue } from '../../pipeline/queue.js';
import type { ChangeCause } from '../../pipeline/report/score-diff.core.js';
import { appealListScope, authorize, can } from '../access/policy.js';
import type { CallService } from '../intake/call.service.js';
import type { LexiconAdminService } from '../lexicon-admin/lexicon-admin.service.js';
import type { AppealPreview } from './appeal.schema.js';

export interface AppealServiceDeps {
  calls: CallRepository;
  appeals: AppealRepository;
  users: UserRepository;
  analyzer: Analyzer;
  /** Where an appeal's preview is analysed (analysis threads in the server); default: `analyzer`. */
  engine?: AnalysisEngine;
  lexiconAdmin: LexiconAdminService;
  callService: CallService;
  audit: AuditRepository;
  queue: JobQueue;
  /** SLA when the call's team sets none. */
  defaultSlaHours: number;
  /** Notifications are queued only when a webhook is configured. */
  webhookConfigured: boolean;
  log: { info: (o: object, m: string) => void; warn: (o: object, m: string) => void };
  now?: () => Date;
}

export type AppealView = 'mine' | 'assigned' | 'team' | 'overdue' | 'flagged' | 'all';

interface Scores {
  total: number | null;
  dimensions: Record<string, number | null>;
}

/**
 * The appeal workflow: a rep disputes one item of their own scored call, a reviewer (never the
 * call's rep) accepts or rejects it with a note within the SLA, an accepted appeal becomes a
 * correction applied at every later analysis, and a proposed lexicon change becomes a change
 * request for the lexicon editors. Every step is audited; notifications never block a step.
 */
export class AppealService {
  constructor(private readonly deps: AppealServiceDeps) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  /**
   * What an appeal would change, without filing it: the quoted evidence and the call's scores
   * now and if it were accepted (the appeal form shows this before the rep submits).
   */
  async previewAppeal(actor: User, callId: string, body: unknown): Promise<AppealPreview> {
    const input = ZFileAppeal.parse(body);
    const { call, full, analysis } = await this.appealable(actor, callId);
    const target = this.resolveTarget(input, full.utterances, analysis);
    if ('lexiconChange' in input && input.lexiconChange)
      await this.checkLexiconChange(input.lexiconChange, call.industry);
    const preview = await this.preview(call, full.utterances, target.correction, analysis);
    const other = await this.deps.appeals.findForItem(callId, target.itemKey);
    return {
      itemKey: target.itemKey,
      quote: target.quote,
      correction: target.correction,
      preview,
      existingAppeal: other ? { id: other.id, status: other.status } : null,
    };
  }

  /** The call, if the actor may appeal it now (the policy's `call.appeal`: their own, scored). */
  private async appealable(actor: User, callId: string) {
    const { calls } = this.deps;
    const call = await calls.find(callId);
    if (!call) throw new AppError(ErrorCode.NotFound, `call ${callId} not found`);
    authorize(actor, 'call.appeal', call, `call ${callId} not found`);
    if (call.status !== 'scored') {
      throw new AppError(
        ErrorCode.InvalidTransition,
        `call ${callId} is ${call.status}: appeals are filed on scored calls`,
        { status: call.status },
      );
    }
    const full = await calls.get(callId);
    const analysis = await calls.getAnalysis(callId);
    if (!full || !analysis) throw new AppError(ErrorCode.NotFound, `call ${callId} not found`);
    return { call, full, analysis };
  }

  async file(actor: User, callId: string, body: unknown): Promise<Appeal> {
    const input = ZFileAppeal.parse(body);
    const { appeals } = this.deps;
    const { call, full, analysis } = await this.appealable(actor, callId);
    const target = this.resolveTarget(input, full.utterances, analysis);
    const other = await appeals.findForItem(callId, target.itemKey);
    if (other) {
      throw new AppError(
        ErrorCode.Conflict,
        LIVE_APPEAL_STATUSES.includes(other.status)
          ? `this item already has an open appeal (${other.id})`
          : `this item was already appealed and ${other.status} (appeal ${other.id}): a decision is final`,
        { appealId: other.id, status: other.status },
      );
    }
    if ('lexiconChange' in input && input.lexiconChange)
      await this.checkLexiconChange(input.lexiconChange, call.industry);
    const preview = await this.preview(call, full.utterances, target.correction, analysis);
    const reviewerId = await appeals.pickReviewer(call.teamId, call.industry, call.repId);
    const slaHours = (await appeals.slaHours(call.teamId)) ?? this.deps.defaultSlaHours;
    const filedAt = this.now();
    const appeal = await appeals.transaction(async (repo, tx) => {
      const created = await repo.create({
        callId,
        repId: call.repId,
        teamId: call.teamId,
        industry: call.industry,
        target: input.target,
        itemKey: target.itemKey,
        findingId: target.findingId ?? null,
        scoreItemId: target.scoreItemId ?? null,
        utteranceId: target.utteranceId ?? null,
        spanStart: target.span?.[0] ?? null,
        spanEnd: target.span?.[1] ?? null,
        label: target.label ?? null,
        rule: target.rule ?? null,
        term: target.term ?? null,
        lexiconVersion: analysis.lexiconVersion,
        quote: target.quote,
        // The reason is free text a rep types: a customer's phone number in it is masked like the call's.
        reason: this.deps.callService.maskText(input.reason),
        proposal: {
          correction: target.correction,
          ...('lexiconChange' in input && input.lexiconChange ? { lexiconChange: input.lexiconChange } : {}),
        },
        preview,
        reviewerId,
        filedBy: actor.id,
        filedAt,
        dueAt: new Date(filedAt.getTime() + slaHours * 3_600_000),
      });
      await auditIn(tx).append({
        actorUserId: actor.id,
        action: 'appeal.file',
        entity: 'appeal',
        entityId: created.id,
        after: {
          callId,
          target: input.target,
          itemKey: target.itemKey,
          proposal: created.proposal,
          reviewerId,
        },
      });
      await auditIn(tx).append({
        actorUserId: actor.id,
        action: 'appeal.file',
        entity: 'call',
        entityId: callId,
        after: { appealId: created.id, itemKey: target.itemKey },
      });
      return created;
    });
    await this.notify(
      'appeal.filed',
      reviewerId ? [reviewerId] : await appeals.teamManagers(call.teamId),
      this.payload(appeal),
    );
    return appeal;
  }

  /** Which item an appeal names, checked against the stored call; the correction it proposes. */
  private resolveTarget(
    input: FileAppeal,
    utterances: readonly { id: string; speaker: string; text: string }[],
    analysis: NonNullable<Awaited<ReturnType<CallRepository['getAnalysis']>>>,
  ): {
    itemKey: string;
    correction: Correction;
    quote: string;
    findingId?: string;
    scoreItemId?: string;
    utteranceId?: string;
    span?: [number, number];
    label?: string;
    rule?: string;
    term?: string | null;
  } {
    const utterance = (id: string) => {
      const u = utterances.find((x) => x.id === id);
      if (!u) throw new AppError(ErrorCode.NotFound, `no utterance ${id} in this call`);
      return u;
    };
    const quoteOf = (text: string, span: readonly [number, number]) =>
      [...text].slice(span[0], span[1]).join('');
    const checkLabel = (label: string, speaker: string) => {
      if (!isLabel(label)) {
        throw new AppError(ErrorCode.InvalidInput, `"${label}" is not a behaviour label`, {
          problems: [{ path: 'proposedLabel', message: 'unknown label' }],
        });
      }
      const customerLabel = CUSTOMER_LABELS.has(label);
      if (customerLabel !== (speaker === 'customer')) {
        throw new AppError(
          ErrorCode.Unprocessable,
          `${label} is a ${customerLabel ? 'customer' : 'rep'} behaviour; this utterance is the ${speaker}'s`,
        );
      }
    };
    switch (input.target) {
      case 'finding': {
        const f = analysis.findings.find((x) => x.id === input.findingId);
        if (!f) throw new AppError(ErrorCode.NotFound, `no finding ${input.findingId} in this call`);
        const u = utterance(f.utteranceId);
        const named = { findingId: f.id, utteranceId: f.utteranceId, label: f.label, span: f.span };
        let correction: Correction;
        if (input.proposedField) {
          const field = input.proposedField.field;
          if (!(field in f)) {
            throw new AppError(ErrorCode.Unprocessable, `a ${f.label} finding has no "${field}" judgement`);
          }
          if (f[field] === input.proposedField.value) {
            throw new AppError(
              ErrorCode.Unprocessable,
              `the finding already has ${field} = ${input.proposedField.value}`,
            );
          }
          correction = { kind: 'set', ...named, field, value: input.proposedField.value };
        } else if (input.proposedLabel === undefined || input.proposedLabel === null) {
          correction = { kind: 'remove', ...named };
        } else {
          if (input.proposedLabel === f.label) {
            throw new AppError(ErrorCode.Unprocessable, `the finding is already ${f.label}`);
          }
          checkLabel(input.proposedLabel, u.speaker);
          correction = { kind: 'relabel', ...named, to: input.proposedLabel };
        }
        return {
          itemKey: `finding:${f.id}`,
          correction,
          quote: quoteOf(u.text, f.span),
          findingId: f.id,
          utteranceId: f.utteranceId,
          span: f.span,
          label: f.label,
          rule: f.rule,
          term: f.term,
        };
      }
      case 'missed_finding': {
        const u = utterance(input.utteranceId);
        const length = [...u.text].length;
        if (input.span[1] > length) {
          throw new AppError(
            ErrorCode.Unprocessable,
            `span [${input.span.join(', ')}] is outside utterance ${u.id} (${length} characters)`,
            { problems: [{ path: 'span', message: `must end at or before ${length}` }] },
          );
        }
        checkLabel(input.proposedLabel, u.speaker);
        const found = analysis.findings.find(
          (f) => f.utteranceId === u.id && f.label === input.proposedLabel && overlaps(f.span, input.span),
        );
        if (found) {
          throw new AppError(
            ErrorCode.Conflict,
            `the analysis already has ${input.proposedLabel} here (finding ${found.id}); appeal that finding instead`,
            { findingId: found.id },
          );
        }
        return {
          itemKey: `missed:${u.id}:${input.proposedLabel}:${input.span[0]}-${input.span[1]}`,
          correction: { kind: 'add', utteranceId: u.id, label: input.proposedLabel, span: input.span },
          quote: quoteOf(u.text, input.span),
          utteranceId: u.id,
          span: input.span,
          label: input.proposedLabel,
          rule: 'missed',
        };
      }
      case 'score_item': {
        const item = analysis.scoreItems.find((i) => i.id === input.itemId);
        if (!item) throw new AppError(ErrorCode.NotFound, `no score item ${input.itemId} in this call`);
        if (item.score === null) {
          throw new AppError(ErrorCode.Unprocessable, `score item ${item.id} does not apply to this call`);
        }
        if (item.score === input.proposedScore) {
          throw new AppError(ErrorCode.Unprocessable, `score item ${item.id} already scores ${item.score}`);
        }
        return {
          itemKey: `item:${item.id}`,
          correction: { kind: 'score', itemId: item.id, score: input.proposedScore },
          quote: `${item.label}：${item.score} 分`,
          scoreItemId: item.id,
          rule: `score.${item.metric}`,
        };
      }
      case 'speaker': {
        const u = utterance(input.utteranceId);
        if (u.speaker === input.proposedSpeaker) {
          throw new AppError(ErrorCode.Unprocessable, `utterance ${u.id} is already the ${u.speaker}'s`);
        }
        return {
          itemKey: `speaker:${u.id}`,
          correction: { kind: 'speaker', utteranceId: u.id, speaker: input.proposedSpeaker },
          quote: u.text,
          utteranceId: u.id,
          rule: 'speaker',
        };
      }
    }
  }

  private async checkLexiconChange(change: LexiconChange, industry: string): Promise<void> {
    ZLexiconChange.parse(change);
    const problems =
      change.op === 'add_term'
        ? validateTerm({
            term: change.term,
            category: change.category,
            ...(change.synonyms ? { synonyms: change.synonyms } : {}),
          })
        : change.op === 'add_synonym'
          ? ZSurface.safeParse(change.synonym).success
            ? []
            : [
                {
                  path: 'lexiconChange.synonym',
                  message: `synonym "${[...change.synonym].slice(0, 30).join('')}" is not a valid term`,
                },
              ]
          : [];
    if (problems.length > 0) {
      throw new AppError(ErrorCode.InvalidLexicon, problems.map((p) => p.message).join('; '), { problems });
    }
    // The change must apply to the industry's lexicon as published now (a synonym for a term that
    // exists, no surface twice): refused when the appeal is filed, not after its acceptance.
    const current = await this.deps.lexiconAdmin.current(industry);
    try {
      applyChange(checkOverlay(current.lexicon, industry), change);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      throw new AppError(
        ErrorCode.InvalidLexicon,
        `lexiconChange cannot apply to ${industry}: ${err.message}`,
        {
          problems: [{ path: 'lexiconChange.term', message: err.message }],
        },
      );
    }
  }

  /** The call's final scores now, and what they would be with this correction accepted. */
  private async preview(
    call: Call,
    utterances: readonly {
      id: string;
      speaker: 'rep' | 'customer';
      start: number;
      end: number;
      text: string;
    }[],
    correction: Correction,
    analysis: { total: number | null; dimensions: Record<string, number | null> },
  ): Promise<{ now: Scores; ifAccepted: Scores; lexiconVersion: string }> {
    const corrections = await this.deps.appeals.corrections(call.id);
    const transcript: Transcript = {
      repId: call.repId,
      industry: call.industry,
      occurredAt: new Date(call.occurredAt).toISOString(),
      utterances: utterances.map((u) => ({
        id: u.id,
        speaker: u.speaker,
        start: u.start,
        end: u.end,
        text: u.text,
      })),
    };
    const withPreview = [...corrections, { ...correction, overrideId: 'preview' }];
    const a = this.deps.engine
      ? await this.deps.engine.analyze(transcript, call.id, withPreview)
      : this.deps.analyzer.analyze(transcript, undefined, call.id, withPreview);
    return {
      now: { total: analysis.total, dimensions: analysis.dimensions },
      ifAccepted: { total: a.total, dimensions: a.dimensions },
      lexiconVersion: a.lexiconVersion,
    };
  }

  // Reading

  private canSee(actor: User, a: Appeal): boolean {
    return can(actor, 'appeal.read', a);
  }

  async get(actor: User, id: string) {
    const a = await this.deps.appeals.get(id);
    if (!a || !this.canSee(actor, a)) throw new AppError(ErrorCode.NotFound, `appeal ${id} not found`);
    return this.present(a);
  }

  async present(a: Appeal) {
    const [presented] = await this.presentAll([a]);
    return presented!;
  }

  /**
   * Appeals as the API shows them: SLA state, the correction in force once accepted, and where
   * the disputed sentence is in the call now (第N句 and its start; null when the appeal names no
   * sentence or the call no longer has it), looked up for the whole page at once.
   */
  async presentAll(list: readonly Appeal[]) {
    const places = await this.deps.appeals.utterancePlaces(list);
    const now = this.now().getTime();
    return Promise.all(
      list.map(async (a) => {
        const override = a.status === 'accepted' ? await this.deps.appeals.overrideOfAppeal(a.id) : null;
        const live = LIVE_APPEAL_STATUSES.includes(a.status);
        const place = a.utteranceId ? places.get(placeKey(a.callId, a.utteranceId)) : undefined;
        return {
          ...a,
          utteranceIndex: place?.index ?? null,
          utteranceStartMs: place?.startMs ?? null,
          overdue: live && a.dueAt.getTime() < now,
          secondsLeft: live ? Math.round((a.dueAt.getTime() - now) / 1000) : null,
          override,
        };
      }),
    );
  }

  async list(
    actor: User,
    query: {
      view: AppealView;
      status?: AppealStatus[];
      callId?: string;
      teamId?: string;
      limit?: number;
      after?: { dueAt: Date; id: string } | null;
    },
  ) {
    const { appeals } = this.deps;
    const base = {
      ...(query.status ? { status: query.status } : {}),
      ...(query.callId ? { callId: query.callId } : {}),
      limit: query.limit ?? 50,
      after: query.after ?? null,
    };
    authorize(actor, 'appeal.list', { view: query.view });
    const scope = () => appealListScope(actor, query.teamId);
    switch (query.view) {
      case 'mine':
        return appeals.list({ ...base, repId: actor.id });
      case 'assigned':
        return appeals.list({
          ...base,
          reviewerId: actor.id,
          ...(query.status ? {} : { status: ['open', 'in_review'] }),
        });
      case 'team':
        return appeals.list({ ...base, ...scope() });
      case 'overdue':
        return appeals.list({ ...base, ...scope(), overdueAt: this.now() });
      case 'flagged':
        return appeals.list({ ...base, ...scope(), flagged: true });
      case 'all':
        return appeals.list(base);
    }
  }

  // Moves

  async withdraw(actor: User, id: string): Promise<Appeal> {
    return this.move(actor, id, 'appeal.withdraw', async (a, repo) => {
      authorize(actor, 'appeal.withdraw', a);
      if (a.status !== 'open') {
        throw new AppError(
          ErrorCode.InvalidTransition,
          `appeal ${a.id} is ${a.status}: only an open appeal can be withdrawn`,
        );
      }
      return repo.transition(a, 'withdrawn');
    });
  }

  /** Manual (re)assignment by a manager or admin; a reviewer may take an appeal for themselves. */
  async assign(actor: User, id: string, reviewerId: string): Promise<Appeal> {
    const target = await this.deps.users.getUser(reviewerId);
    const updated = await this.move(actor, id, 'appeal.assign', async (a, repo) => {
      authorize(actor, 'appeal.assign', { ...a, assignee: reviewerId });
      if (!LIVE_APPEAL_STATUSES.includes(a.status)) {
        throw new AppError(
          ErrorCode.InvalidTransition,
          `appeal ${a.id} is ${a.status}: it can no longer be assigned`,
        );
      }
      if (!isActiveReviewer(target)) {
        throw new AppError(ErrorCode.Unprocessable, `${reviewerId} is not an active reviewer`);
      }
      if (target.id === a.repId) {
        throw new AppError(ErrorCode.Unprocessable, 'a reviewer never decides an appeal on their own call');
      }
      return repo.update(a.id, { reviewerId: target.id });
    });
    await this.notify('appeal.assigned', [reviewerId], this.payload(updated));
    return updated;
  }

  /**
   * Saves who reviews the appeals of a team, an industry, or a team's calls of one industry. Every
   * listed reviewer must exist, be active and hold the reviewer role; nothing is saved otherwise.
   */
  async savePool(
    actor: User,
    input: { teamId: string | null; industry: string | null; reviewerIds: readonly string[] },
  ): Promise<ReviewerPool> {
    authorize(actor, 'reviewer_pool.edit', { teamId: input.teamId });
    if (input.teamId === null && input.industry === null) {
      throw new AppError(ErrorCode.InvalidInput, 'a pool is for a team, an industry, or both', {
        problems: [{ path: 'teamId', message: 'teamId or industry is required' }],
      });
    }
    if (input.teamId && !(await this.deps.users.getTeam(input.teamId))) {
      throw new AppError(ErrorCode.Unprocessable, `no team ${input.teamId}`);
    }
    for (const id of input.reviewerIds) {
      if (!isActiveReviewer(await this.deps.users.getUser(id))) {
        throw new AppError(ErrorCode.Unprocessable, `${id} is not an active reviewer`, {
          problems: [{ path: 'reviewerIds', message: `${id} is not an active reviewer` }],
        });
      }
    }
    return this.deps.appeals.upsertPool(input);
  }

  /** The assigned reviewer starts the review (an unassigned appeal is taken by whoever starts). */
  async startReview(actor: User, id: string): Promise<Appeal> {
    return this.move(actor, id, 'appeal.review', async (a, repo) => {
      authorize(actor, 'appeal.review', a);
      if (a.status !== 'open') {
        throw new AppError(
          ErrorCode.InvalidTransition,
          `appeal ${a.id} is ${a.status}: only an open appeal goes into review`,
        );
      }
      return repo.transition(a, 'in_review', { reviewerId: actor.id });
    });
  }

  /**
   * Accept or reject, with a note. Accepting records the correction (it keeps the machine result)
   * and recomputes the call; a proposed lexicon change goes to the lexicon editors.
   */
  async decide(actor: User, id: string, body: unknown): Promise<Appeal> {
    const parsed = ZDecideAppeal.parse(body);
    const { decision } = parsed;
    const note = this.deps.callService.maskText(parsed.note);
    authorize(actor, 'appeal.decide');
    const { appeals } = this.deps;
    let changeRequestId: string | null = null;
    const decided = await appeals.transaction(async (repo, tx) => {
      const a = await repo.lock(id);
      authorize(actor, 'appeal.decide', a, `appeal ${id} not found`);
      if (!LIVE_APPEAL_STATUSES.includes(a.status)) {
        throw new AppError(
          ErrorCode.InvalidTransition,
          `appeal ${a.id} is ${a.status}: ${a.status === 'withdrawn' ? 'it was withdrawn' : 'a decision is final'}`,
          { status: a.status },
        );
      }
      const audit = auditIn(tx);
      let current = a;
      if (current.status === 'open') {
        current = await repo.transition(current, 'in_review', { reviewerId: actor.id });
        await audit.append({
          actorUserId: actor.id,
          action: 'appeal.review',
          entity: 'appeal',
          entityId: id,
          before: { status: 'open' },
          after: { status: 'in_review' },
        });
      }
      const to = decision === 'accept' ? 'accepted' : 'rejected';
      const done = await repo.transition(current, to, {
        reviewerId: actor.id,
        decidedBy: actor.id,
        decidedAt: this.now(),
        decisionNote: note,
      });
      await audit.append({
        actorUserId: actor.id,
        action: `appeal.${decision}`,
        entity: 'appeal',
        entityId: id,
        before: { status: current.status },
        after: { status: to, note },
      });
      if (to === 'accepted') {
        const correction = (a.proposal as { correction: Correction }).correction;
        const override = await repo.addOverride(a.callId, a.id, correction);
        await audit.append({
          actorUserId: actor.id,
          action: 'call.override',
          entity: 'call',
          entityId: a.callId,
          before: a.preview ? (a.preview as { now?: unknown }).now : null,
          after: {
            overrideId: override.id,
            appealId: a.id,
            correction,
            expected: (a.preview as { ifAccepted?: unknown } | null)?.ifAccepted ?? null,
          },
        });
        const change = (a.proposal as { lexiconChange?: LexiconChange }).lexiconChange;
        if (change) {
          const cr = await this.deps.lexiconAdmin.proposeChangeIn(tx, a.industry, a.id, change);
          changeRequestId = cr.id;
          await audit.append({
            actorUserId: actor.id,
            action: 'lexicon.change_request',
            entity: 'lexicon_change_request',
            entityId: cr.id,
            after: { industry: a.industry, appealId: a.id, change },
          });
        }
      }
      return done;
    });
    if (decided.status === 'accepted')
      await this.recompute(decided.callId, { kind: 'appeal', appealId: decided.id });
    await this.notify('appeal.decided', [decided.repId], {
      ...this.payload(decided),
      decision: decided.status,
      note,
    });
    if (changeRequestId) {
      await this.notify('lexicon.change_request', await appeals.usersWithRole('lexicon_editor'), {
        ...this.payload(decided),
        changeRequestId,
        change: JSON.stringify((decided.proposal as { lexiconChange?: unknown }).lexiconChange),
      });
    }
    return decided;
  }

  /**
   * Recomputes a call's final result with its corrections. A call busy in another analysis is
   * picked up when that one stores (the analyze stage re-checks the corrections it used).
   */
  async recompute(callId: string, cause?: ChangeCause): Promise<void> {
    try {
      await this.deps.callService.rescore(callId, cause);
    } catch (err) {
      if (err instanceof AppError && err.code === ErrorCode.InvalidTransition) {
        this.deps.log.info({ callId }, 'call busy: the running analysis will apply the new correction');
        return;
      }
      throw err;
    }
  }

  private async move(
    actor: User,
    id: string,
    action: string,
    fn: (a: Appeal, repo: AppealRepository) => Promise<Appeal>,
  ): Promise<Appeal> {
    return this.deps.appeals.transaction(async (repo, tx) => {
      const a = await repo.lock(id);
      if (!this.canSee(actor, a)) throw new AppError(ErrorCode.NotFound, `appeal ${id} not found`);
      const after = await fn(a, repo);
      await auditIn(tx).append({
        actorUserId: actor.id,
        action,
        entity: 'appeal',
        entityId: id,
        before: { status: a.status, reviewerId: a.reviewerId },
        after: { status: after.status, reviewerId: after.reviewerId },
      });
      return after;
    });
  }

  // SLA and notifications

  /** Escalates overdue appeals to the team's managers (once each) and re-queues unsent notifications. */
  async sweep(): Promise<{ escalated: number; resent: number }> {
    const { appeals } = this.deps;
    const now = this.now();
    let escalated = 0;
    for (const a of await appeals.dueForEscalation(now)) {
      const updated = await appeals.transaction(async (repo, tx) => {
        const locked = await repo.lock(a.id);
        if (locked.escalatedAt || !LIVE_APPEAL_STATUSES.includes(locked.status)) return null;
        const u = await repo.update(a.id, { escalatedAt: now });
        await auditIn(tx).append({
          actorUserId: null,
          action: 'appeal.escalate',
          entity: 'appeal',
          entityId: a.id,
          before: { dueAt: a.dueAt.toISOString(), escalatedAt: null },
          after: { escalatedAt: now.toISOString() },
        });
        return u;
      });
      if (!updated) continue;
      escalated++;
      const managers = await appeals.teamManagers(a.teamId);
      const admins = managers.length > 0 ? [] : await appeals.usersWithRole('admin');
      await this.notify(
        'appeal.overdue',
        [...managers, ...admins, ...(a.reviewerId ? [a.reviewerId] : [])],
        this.payload(updated),
      );
    }
    let resent = 0;
    if (this.deps.webhookConfigured) {
      for (const n of await appeals.pendingNotifications(new Date(now.getTime() - 60_000))) {
        await this.enqueueNotification(n.id, `notify-${n.id}-s${now.getTime()}`);
        resent++;
      }
    }
    return { escalated, resent };
  }

  private payload(a: Appeal): Record<string, unknown> {
    return {
      appealId: a.id,
      callId: a.callId,
      repId: a.repId,
      reviewerId: a.reviewerId,
      industry: a.industry,
      summary: describeAppeal(a),
      quote: a.quote,
      reason: a.reason,
      dueAt: a.dueAt.toISOString(),
    };
  }

  /** Records the notification, then queues its delivery; a queue outage never fails the step (the sweep re-sends). */
  private async notify(
    kind: string,
    recipients: readonly string[],
    payload: Record<string, unknown>,
  ): Promise<void> {
    const n = await this.deps.appeals.notify(kind, [...new Set(recipients)], payload);
    if (this.deps.webhookConfigured) await this.enqueueNotification(n.id, `notify-${n.id}`);
  }

  private async enqueueNotification(id: number, jobId: string): Promise<void> {
    try {
      await this.deps.queue.enqueue(JobName.Notify, { notificationId: id }, jobId);
    } catch (err) {
      this.deps.log.warn(
        { notificationId: id, err: (err as Error).message },
        'notification not queued; the sweep retries it',
      );
    }
  }
}

/** One line in Chinese: what the appeal disputes. */
export function describeAppeal(a: Appeal): string {
  const c = (a.proposal as { correction?: Correction }).correction;
  if (!c) return a.target;
  switch (c.kind) {
    case 'remove':
      return `认为「${a.quote}」不是 ${c.label}`;
    case 'relabel':
      return `认为「${a.quote}」应为 ${c.to}（机器判为 ${c.label}）`;
    case 'add':
      return `认为「${a.quote}」漏判了 ${c.label}`;
    case 'set':
      return `认为「${a.quote}」的 ${c.field} 应为 ${c.value ? '是' : '否'}`;
    case 'score':
      return `认为评分项 ${c.itemId} 应为 ${c.score} 分`;
    case 'speaker':
      return `认为该句说话人应为${c.speaker === 'rep' ? '销售' : '客户'}`;
  }
}

function auditIn(tx: Db): AuditRepository {
  return new AuditRepository(tx);
}

/** Someone who may be given appeals to decide: an active user with the reviewer role. */
function isActiveReviewer(u: User | null | undefined): u is User {
  return !!u?.active && u.roles.includes('reviewer');
}
