import { z } from 'zod';
import type { AppealRepository } from '../../models/appeal.repository.js';
import type { AuditRepository } from '../../models/audit.repository.js';
import { AppError, ErrorCode } from '../../models/errors.js';
import type { LearnedModelRepository, LearnedModelRow } from '../../models/learned-model.repository.js';
import type { LexiconVersionRepository } from '../../models/lexicon-version.repository.js';
import type { Transcript } from '../../models/transcript.js';
import { type AnalysisEngine, InlineAnalysisEngine } from '../../pipeline/analysis-thread/analysis-engine.js';
import type { Analyzer } from '../../pipeline/analyzer.js';
import { learnedUtteranceOf } from '../../pipeline/learned/appeal-examples.js';
import type { GuardReport } from '../../pipeline/learned/guard.core.js';
import type { SecondStageModel } from '../../pipeline/learned/model.schema.js';
import type { RetrainResult } from '../../pipeline/learned/retrain.core.js';
import type { CorrectedCallMessage, RetrainRequest } from '../../pipeline/learned/retrain.runner.js';
import { parseSecondStage, SecondStage } from '../../pipeline/learned/second-stage.js';
import { emptyTally, finishTally, tallyCall, ZWhatIfTally } from '../../pipeline/what-if.core.js';
import { LEARNED_MODEL_STATUSES } from '../../shared/vocabulary.js';
import type { LexiconAdminService } from '../lexicon-admin/lexicon-admin.service.js';

export interface LearnedModelDeps {
  models: LearnedModelRepository;
  versions: LexiconVersionRepository;
  appeals: AppealRepository;
  analyzer: Analyzer;
  /** Where a what-if analyses (analysis threads in the server); default: inline with `analyzer`. */
  engine?: AnalysisEngine;
  lexiconAdmin: LexiconAdminService;
  audit: AuditRepository;
  /**
   * The shipped model: in force until a version is published in the database. Its document is
   * read when first asked for (a loaded SecondStage reads it back from its file).
   */
  shipped: SecondStage;
  /** Runs a retraining (a child process in the server, this process in the CLI). */
  retrain: (req: RetrainRequest) => Promise<RetrainResult>;
  log: { info: (o: object, m: string) => void; warn: (o: object, m: string) => void };
}

export interface Actor {
  id: string;
}

/** A retrained model's what-if over the most recent scored calls of every industry. */
export const ZModelWhatIfReport = ZWhatIfTally.extend({
  version: z.string(),
  basedOn: z.string(),
  elapsedMs: z.number(),
});
export type ModelWhatIfReport = z.infer<typeof ZModelWhatIfReport>;

/** pipeline/learned/guard.core.ts GuardReport as stored with a version (plus a later erasure's note). */
export const ZModelGuard = z.strictObject({
  /** Labelled calls measured. */
  calls: z.number().int(),
  maxDrop: z.number(),
  /** Per learned label: F1 on the shipped labelled calls, model in force against the candidate. */
  labels: z.array(
    z.strictObject({
      label: z.string(),
      gold: z.number(),
      before: z.number(),
      after: z.number(),
      delta: z.number(),
      ok: z.boolean(),
    }),
  ),
  publishable: z.boolean(),
  /** Set when a customer's data was erased and some of this version's examples went with it. */
  erasedExamples: z.strictObject({ appeals: z.number().int(), ref: z.string(), at: z.string() }).optional(),
});

/** One version of the learned second stage without its model document (GET /v1/models/second-stage). */
export const ZModelVersion = z.strictObject({
  version: z.string(),
  status: z.enum(LEARNED_MODEL_STATUSES),
  basedOn: z.string(),
  appealIds: z.array(z.string()),
  guard: ZModelGuard,
  /** The last what-if run of this version; null until one ran. */
  whatIf: ZModelWhatIfReport.nullable(),
  note: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  publishedBy: z.string().nullable(),
  publishedAt: z.string().nullable(),
});

/** GET /v1/models/second-stage: the version in force and the latest versions, newest first. */
export const ZModelList = z.strictObject({ current: z.string(), versions: z.array(ZModelVersion) });

/**
 * What a retraining produced, as the API (`POST /v1/models/second-stage/drafts`, its `draft`) and
 * the CLI show it: 201 with a new draft, 200 (`created` false) when the same training data gives
 * an existing version.
 */
export const ZTrainedDraft = z.strictObject({
  version: z.string(),
  status: z.enum(LEARNED_MODEL_STATUSES),
  basedOn: z.string(),
  appealIds: z.array(z.string()),
  /** Utterances of accepted appeals among the training examples. */
  appealUtterances: z.number().int(),
  guard: ZModelGuard,
  elapsedMs: z.number(),
  created: z.boolean(),
});
export type TrainedDraft = z.infer<typeof ZTrainedDraft>;

/** A published version and the rescore run it started per industry (none when asked not to rescore). */
export const ZModelPublished = z.strictObject({
  version: z.string(),
  rescoreRuns: z.array(z.strictObject({ industry: z.string(), runId: z.string() })),
});
export type ModelPublished = z.infer<typeof ZModelPublished>;

/**
 * The learned second stage as a versioned, publishable thing: retraining from the shipped
 * labelled calls plus accepted appeal corrections, a what-if over recent calls, a guard that
 * refuses a model that unlearns the shipped data, publishing (every process picks the version up
 * by polling, and the calls are rescored), all audited.
 */
export class LearnedModelService {
  private installed: string;
  /** Counts installs in this process, so that a sync can tell one landed while it was reading. */
  private generation = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: LearnedModelDeps) {
    this.installed = deps.shipped.version;
  }

  /** The version this process analyses with. */
  get installedVersion(): string {
    return this.installed;
  }

  /** The model document in force: the latest published version, else the shipped file. */
  async currentModel(): Promise<SecondStageModel> {
    const version = await this.deps.models.currentVersion();
    if (!version) return this.deps.shipped.model;
    return this.documentOf((await this.deps.models.get(version))!);
  }

  /** Installs the published version when it is not the one this process runs; true when it changed. */
  async sync(): Promise<boolean> {
    // A sync that read before another install landed here (a publish, or an overlapping sync) drops
    // what it read: installing it would put an older version back. The next poll reads again.
    const generation = this.generation;
    const version = (await this.deps.models.currentVersion()) ?? this.deps.shipped.version;
    if (version === this.installed) return false;
    // Back to the shipped version: the stage loaded at start, not one rebuilt from its document (an
    // analysis thread loads that one from its file rather than receiving the document).
    const stage =
      version === this.deps.shipped.version ? this.deps.shipped : new SecondStage(await this.load(version));
    if (generation !== this.generation) return false;
    this.deps.analyzer.installSecondStage(stage);
    this.installed = version;
    this.generation++;
    this.deps.log.info({ version }, 'second-stage model installed');
    return true;
  }

  startPolling(ms: number): void {
    if (this.timer || ms <= 0) return;
    this.timer = setInterval(() => {
      this.sync().catch((err: Error) => this.deps.log.warn({ err: err.message }, 'second-stage sync failed'));
    }, ms);
    this.timer.unref();
  }

  stopPolling(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  async list() {
    return {
      current: (await this.deps.models.currentVersion()) ?? this.deps.shipped.version,
      versions: await this.deps.models.list(),
    };
  }

  async get(version: string): Promise<Omit<LearnedModelRow, 'model'>> {
    const row = await this.deps.models.get(version);
    if (!row) throw new AppError(ErrorCode.NotFound, `no second-stage model ${version}`);
    const { model: _model, ...rest } = row;
    return rest;
  }

  /**
   * Retrains from the shipped calls plus every accepted correction and stores the result as a
   * draft with its guard report. Refused when it would give the model in force again.
   */
  async train(
    actor: Actor | null,
    options: { note?: string | null; repeat?: number } = {},
  ): Promise<TrainedDraft> {
    const { models, versions, audit } = this.deps;
    const current = await this.currentModel();
    const corrections = (await models.trainingCorrections()).filter((c) => learnedUtteranceOf(c.correction));
    if (corrections.length === 0) {
      throw new AppError(
        ErrorCode.Conflict,
        `nothing to learn: no accepted appeal corrects what the second stage predicts (objections, needs, next steps); ${current.version} stays in force`,
      );
    }
    const callIds = [...new Set(corrections.map((c) => c.callId))];
    const stored = new Map((await versions.storedResults(callIds)).map((s) => [s.id, s]));
    const corrected: CorrectedCallMessage[] = [];
    for (const id of callIds) {
      const s = stored.get(id);
      if (!s) continue;
      const labels: Record<string, string[]> = {};
      for (const f of s.findings) {
        const list = labels[f.utteranceId] ?? [];
        list.push(f.label);
        labels[f.utteranceId] = list;
      }
      const mine = corrections.filter((c) => c.callId === id);
      corrected.push({
        callId: id,
        industry: mine[0]!.industry,
        utterances: s.utterances.map((u) => ({ id: u.id, speaker: u.speaker, text: u.text })),
        corrections: mine.map((c) => ({ appealId: c.appealId, correction: c.correction })),
        labels,
      });
    }
    const result = await this.deps.retrain({
      corrected,
      current,
      ...(options.repeat !== undefined ? { repeat: options.repeat } : {}),
    });
    if (result.model.version === current.version) {
      throw new AppError(
        ErrorCode.Conflict,
        `retraining gives the model in force (${current.version}): no accepted appeal corrects what the second stage predicts`,
      );
    }
    const { row, created } = await models.insertDraft({
      version: result.model.version,
      model: result.model as unknown as Record<string, unknown>,
      basedOn: current.version,
      appealIds: result.appeals,
      guard: result.guard as unknown as Record<string, unknown>,
      note: options.note ?? null,
      createdBy: actor?.id ?? null,
    });
    if (created) {
      await audit.append({
        actorUserId: actor?.id ?? null,
        action: 'model.train',
        entity: 'learned_model',
        entityId: row.version,
        before: { version: current.version },
        after: {
          version: row.version,
          appeals: result.appeals,
          appealUtterances: result.appealUtterances,
          publishable: result.guard.publishable,
          note: options.note ?? null,
        },
      });
    }
    return {
      version: row.version,
      status: row.status,
      basedOn: row.basedOn,
      appealIds: row.appealIds,
      appealUtterances: result.appealUtterances,
      guard: { ...result.guard, labels: [...result.guard.labels] },
      elapsedMs: result.elapsedMs,
      created,
    };
  }

  /** Analyses the most recent scored calls with the candidate and reports what would change. */
  async whatIf(version: string, limit = 200): Promise<ModelWhatIfReport> {
    const started = performance.now();
    const row = await this.deps.models.get(version);
    if (!row) throw new AppError(ErrorCode.NotFound, `no second-stage model ${version}`);
    const candidate = this.documentOf(row);
    const engine = this.deps.engine ?? new InlineAnalysisEngine(this.deps.analyzer);
    const sample = await this.deps.models.recentScoredCalls(Math.max(1, Math.min(limit, 2000)));
    const industry = new Map(sample.map((c) => [c.id, c.industry]));
    const ids = sample.map((c) => c.id);
    const [stored, corrections] = await Promise.all([
      this.deps.versions.storedResults(ids),
      this.deps.appeals.correctionsFor(ids),
    ]);
    const tally = emptyTally();
    for (const s of stored) {
      const transcript: Transcript = {
        repId: s.repId,
        industry: industry.get(s.id)!,
        occurredAt: s.occurredAt.toISOString(),
        utterances: s.utterances,
      };
      tallyCall(
        tally,
        s,
        await engine.analyzeWithSecondStage(transcript, candidate, s.id, corrections.get(s.id)),
      );
      // Inline, a what-if over hundreds of calls must not hold the event loop for seconds at a time.
      if (engine.kind === 'inline' && tally.calls % 20 === 0) await new Promise((r) => setImmediate(r));
    }
    const report: ModelWhatIfReport = { version, basedOn: row.basedOn, ...finishTally(tally), elapsedMs: 0 };
    report.elapsedMs = Math.round(performance.now() - started);
    await this.deps.models.setWhatIf(version, report as unknown as Record<string, unknown>);
    return report;
  }

  /**
   * Publishes a draft: refused (409) when its guard failed or it is the version in force; every
   * process installs it at its next poll (this one at once) and each industry's calls are
   * rescored unless `rescore` is false.
   */
  async publish(
    version: string,
    actor: Actor | null,
    options: { note?: string | null; rescore?: boolean } = {},
  ): Promise<ModelPublished> {
    const { models, audit, lexiconAdmin } = this.deps;
    const row = await models.get(version);
    if (!row) throw new AppError(ErrorCode.NotFound, `no second-stage model ${version}`);
    if (row.status === 'discarded') throw new AppError(ErrorCode.Conflict, `model ${version} was discarded`);
    const before = (await models.currentVersion()) ?? this.deps.shipped.version;
    if (before === version) throw new AppError(ErrorCode.Conflict, `model ${version} is already in force`);
    const guard = row.guard as unknown as GuardReport;
    if (!guard.publishable) {
      const drops = guard.labels
        .filter((l) => !l.ok)
        .map((l) => `${l.label} ${l.before.toFixed(3)} → ${l.after.toFixed(3)}`)
        .join(', ');
      throw new AppError(
        ErrorCode.Conflict,
        `model ${version} is not publishable: F1 on the shipped labelled calls drops by more than ${guard.maxDrop} (${drops})`,
        { guard },
      );
    }
    const model = this.documentOf(row);
    await models.publish(version, actor?.id ?? null);
    this.deps.analyzer.installSecondStage(new SecondStage(model));
    this.installed = version;
    this.generation++;
    await audit.append({
      actorUserId: actor?.id ?? null,
      action: 'model.publish',
      entity: 'learned_model',
      entityId: version,
      before: { version: before },
      after: { version, appeals: row.appealIds, note: options.note ?? null },
    });
    const rescoreRuns: ModelPublished['rescoreRuns'] = [];
    if (options.rescore !== false) {
      for (const industry of await models.scoredIndustries()) {
        const run = await lexiconAdmin.startRescore(industry, actor, null);
        rescoreRuns.push({ industry, runId: run.id });
      }
    }
    return { version, rescoreRuns };
  }

  async discard(version: string, actor: Actor | null): Promise<void> {
    await this.deps.models.discard(version);
    await this.deps.audit.append({
      actorUserId: actor?.id ?? null,
      action: 'model.discard',
      entity: 'learned_model',
      entityId: version,
    });
  }

  private async load(version: string): Promise<SecondStageModel> {
    const row = await this.deps.models.get(version);
    if (!row) throw new AppError(ErrorCode.NotFound, `no second-stage model ${version}`);
    return this.documentOf(row);
  }

  private documentOf(row: LearnedModelRow): SecondStageModel {
    return parseSecondStage(row.model, `learned_models/${row.version}`);
  }
}
