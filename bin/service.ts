import { realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { type AppDeps, createApp } from '../api/app.js';
import { ServiceMetrics } from '../api/metrics.js';
import { parseRateLimit } from '../api/middleware/auth.js';
import type { LexiconCache } from '../lexicons/lexicon.cache.js';
import { defaultLexiconDir, LexiconRegistry } from '../lexicons/lexicon.registry.js';
import { AggregateRepository } from '../models/aggregate.repository.js';
import { AppealRepository } from '../models/appeal.repository.js';
import { AuditRepository } from '../models/audit.repository.js';
import { CallRepository } from '../models/call.repository.js';
import { type Database, openDatabase } from '../models/db.js';
import { AppError, ErrorCode } from '../models/errors.js';
import { FeedbackRepository } from '../models/feedback.repository.js';
import { GoalRepository } from '../models/goal.repository.js';
import { IdentityRepository } from '../models/identity.repository.js';
import { ImportJobRepository } from '../models/import-job.repository.js';
import { LearnedModelRepository } from '../models/learned-model.repository.js';
import { LexiconVersionRepository } from '../models/lexicon-version.repository.js';
import { PrivacyRepository } from '../models/privacy.repository.js';
import { RetentionRepository } from '../models/retention.repository.js';
import { UserRepository } from '../models/user.repository.js';
import {
  type AnalysisEngine,
  createAnalysisEngine,
  ThreadedAnalysisEngine,
} from '../pipeline/analysis-thread/analysis-engine.js';
import { Analyzer } from '../pipeline/analyzer.js';
import { audioKeyOf } from '../pipeline/audio/audio-crypto.js';
import { BullmqQueue, REDIS_DEADLINE_MS, redisConnection, redisLabel } from '../pipeline/bullmq.queue.js';
import { InProcessQueue } from '../pipeline/in-process.queue.js';
import { retrainInChild } from '../pipeline/learned/retrain.runner.js';
import { createJiebaSegmenter } from '../pipeline/nlp/jieba.js';
import type { BaseSegmenter } from '../pipeline/nlp/segment.js';
import { JobName, type JobQueue, RETRY_POLICY } from '../pipeline/queue.js';
import { AppealService } from '../services/appeals/appeal.service.js';
import { OidcClient } from '../services/auth/oidc.client.js';
import { SsoService } from '../services/auth/sso.service.js';
import { WecomClient } from '../services/auth/wecom.client.js';
import { FeedbackService } from '../services/feedback/feedback.service.js';
import { ImportJobService } from '../services/import/import-jobs.service.js';
import { DEFAULT_ARCHIVE_LIMITS } from '../services/import/zip.reader.js';
import { CallService } from '../services/intake/call.service.js';
import { createStageHandlers, failureHook } from '../services/jobs/stage-handlers.js';
import {
  type AudioSettings,
  checkAudioSettings,
  TranscribeWorker,
} from '../services/jobs/transcribe.worker.js';
import { LearnedModelService } from '../services/learning/learned-model.service.js';
import { LexiconAdminService } from '../services/lexicon-admin/lexicon-admin.service.js';
import { LexiconLintService } from '../services/lexicon-admin/lexicon-lint.service.js';
import { ErasureService } from '../services/privacy/erasure.service.js';
import { RetentionService } from '../services/privacy/retention.service.js';
import type { Config } from './config.js';
import {
  installFileCache,
  loadConfiguredSecondStage,
  lexiconCacheOf as runtimeLexiconCache,
  secondStageFileOf,
} from './runtime.js';

const VERSION = '0.1.0';

export interface Service {
  config: Config;
  database: Database;
  calls: CallRepository;
  users: UserRepository;
  audit: AuditRepository;
  lexicons: LexiconRegistry;
  queue: JobQueue;
  service: CallService;
  appeals: AppealRepository;
  versions: LexiconVersionRepository;
  appealService: AppealService;
  lexiconAdmin: LexiconAdminService;
  /** Versions of the learned second stage retrained from appeals; absent with SECOND_STAGE_MODEL=off. */
  learnedModels?: LearnedModelService;
  /** Erasure of one customer's data (PIPL). */
  erasure: ErasureService;
  /** Retention windows enforced (PIPL): scheduled runs, dry runs. */
  retention: RetentionService;
  analyzer: Analyzer;
  /** Where calls are analysed: in ANALYSIS_THREADS threads off the event loop, or inline (0). */
  engine: AnalysisEngine;
  /** Rep aggregates, feedback packs, growth goals and team views. */
  feedback: FeedbackService;
  /** Bulk imports started through the API (progress and reports in the database). */
  imports: ImportJobService;
  goals: GoalRepository;
  /** Enterprise sign-in (OpenID Connect, WeCom); absent when neither is configured. */
  sso?: SsoService;
  log: pino.Logger;
  startWorkers(): Promise<void>;
  /** The HTTP app; `extra` adds what only some entry points serve (the demo users of `tingjian start`). */
  app(extra?: Pick<AppDeps, 'demoUsers'>): ReturnType<typeof createApp>;
  close(): Promise<void>;
}

/** What the entry points' methods (workers, app, close) need beside the Service's own fields. */
interface Parts extends Omit<Service, 'startWorkers' | 'app' | 'close'> {
  packs: FeedbackRepository;
  audioSettings: AudioSettings | undefined;
  transcribeWorker: TranscribeWorker | undefined;
  metrics: ServiceMetrics;
}

/**
 * Builds the service from the configuration: database (PostgreSQL when DATABASE_URL is set, else
 * PGlite in DATA_DIR), queue (BullMQ when REDIS_URL is set, else in-process), repositories,
 * analyzer and stage handlers. Entry points call this once.
 */
export async function buildService(
  config: Config,
  options: { role: 'serve' | 'worker' | 'all' },
): Promise<Service> {
  const log = pino({ level: config.LOG_LEVEL, redact: ['req.headers.authorization'] });
  checkRole(config, options.role);
  const phase = startPhases();
  const database = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: resolve(config.DATA_DIR),
  });
  phase('database');
  await database.migrate();
  phase('migrations');
  const calls = new CallRepository(database.db);
  const users = new UserRepository(database.db);
  const audit = new AuditRepository(database.db);
  const { lexicons, cut, secondStage, analyzer, engine } = buildAnalysis(config, log);
  const queue = buildQueue(config, log);
  const audioSettings = audioSettingsOf(config);
  const service = buildCallService(config, {
    calls,
    users,
    lexicons,
    queue,
    audit,
    database,
    cut,
    engine,
    audioSettings,
  });
  // Audio calls are transcribed only where WHISPER_MODEL is set.
  const transcribeWorker = audioSettings
    ? new TranscribeWorker({
        calls,
        lexicons,
        queue,
        searchText: (texts) => service.searchTextOf(texts),
        settings: audioSettings,
        log,
      })
    : undefined;
  const appeals = new AppealRepository(database.db);
  const versions = new LexiconVersionRepository(database.db);
  const { lexiconAdmin, learnedModels } = await buildLexiconAdmin(config, {
    database,
    versions,
    lexicons,
    analyzer,
    engine,
    calls,
    appeals,
    audit,
    queue,
    secondStage,
    log,
  });
  phase('lexiconsModelVersions');
  const audioDir = audioSettings?.audioDir ?? (config.AUDIO_DIR ? resolve(config.AUDIO_DIR) : undefined);
  const erasure = new ErasureService({
    privacy: new PrivacyRepository(database.db),
    audit,
    hashKey: config.PII_HASH_KEY,
    audioDir,
    learnedModels: new LearnedModelRepository(database.db),
  });
  const appealService = new AppealService({
    calls,
    appeals,
    users,
    analyzer,
    engine,
    lexiconAdmin,
    callService: service,
    audit,
    queue,
    defaultSlaHours: config.APPEAL_SLA_HOURS,
    webhookConfigured: !!config.NOTIFY_WEBHOOK_URL,
    log,
  });
  const goals = new GoalRepository(database.db);
  const packs = new FeedbackRepository(database.db);
  const feedback = new FeedbackService({
    aggregates: new AggregateRepository(database.db),
    packs,
    goals,
    users,
    lexicons,
    scorecardOf: (industry) => analyzer.scorecard(industry),
    timeZone: config.FEEDBACK_TZ,
    benchmark: { fraction: config.BENCHMARK_QUARTILE, minReps: config.BENCHMARK_MIN_REPS },
    log,
  });
  const imports = buildImports(config, { database, calls, lexicons, service, log });
  const sso = buildSso(config, database, users, audit);
  const retention = buildRetention(config, { database, audioDir, imports, log });
  logStart(log, phase('rest'), database);
  return serviceOf({
    config,
    database,
    calls,
    users,
    audit,
    lexicons,
    queue,
    service,
    appeals,
    versions,
    appealService,
    lexiconAdmin,
    ...(learnedModels ? { learnedModels } : {}),
    erasure,
    retention,
    analyzer,
    engine,
    feedback,
    goals,
    imports,
    ...(sso ? { sso } : {}),
    log,
    packs,
    audioSettings,
    transcribeWorker,
    metrics: new ServiceMetrics(),
  });
}

/**
 * Start-up phases, each timed from the end of the previous one: `phase(name)` closes one; the
 * last call answers every phase so far (ms).
 */
function startPhases(): (name: string) => Record<string, number> {
  const ms: Record<string, number> = {};
  let last = performance.now();
  return (name) => {
    const now = performance.now();
    ms[name] = Math.round(now - last);
    last = now;
    return ms;
  };
}

/** Where a start spent its time (the budget of a first start is 5 s): one line at info level. */
function logStart(log: pino.Logger, ms: Record<string, number>, database: Database): void {
  const sinceProcessStart = Math.round(process.uptime() * 1000);
  log.info({ ms, sinceProcessStart, database: database.kind }, 'service built');
}

/** jieba loaded on the first cut (the process-wide instance: createJiebaSegmenter). */
function lazySegmenter(): BaseSegmenter {
  let cut: BaseSegmenter | undefined;
  return (text) => {
    cut ??= createJiebaSegmenter();
    return cut(text);
  };
}

/**
 * The lexicons, the analyzer and where it runs: in ANALYSIS_THREADS threads off the event loop
 * (analyses, what-ifs, intake texts, search queries), or inline (0).
 */
function buildAnalysis(config: Config, log: pino.Logger) {
  const lexiconDir = config.LEXICON_DIR ? resolve(config.LEXICON_DIR) : defaultLexiconDir();
  const lexicons = LexiconRegistry.fromDirectory(lexiconDir, lexiconCacheOf(config));
  const files = installFileCache(config); // passed on to the second stage and the analysis threads
  // Analyses, what-ifs, intake texts, search queries and a transcribed call's search words are cut in
  // threads off the event loop; with them this thread loads jieba (~45 MB) only for inline fallbacks.
  const cut = config.ANALYSIS_THREADS > 0 ? lazySegmenter() : createJiebaSegmenter();
  const secondStage = loadConfiguredSecondStage(config, files);
  const analyzer = new Analyzer({ lexicons, lexiconDir, cut, ...(secondStage ? { secondStage } : {}) });
  const engine = createAnalysisEngine(analyzer, lexicons, {
    threads: config.ANALYSIS_THREADS,
    ...(config.ANALYSIS_THREAD_MAX_MB ? { maxOldGenerationSizeMb: config.ANALYSIS_THREAD_MAX_MB } : {}),
    ...(files.dir ? { cacheDir: files.dir } : {}),
    ...(secondStage ? { secondStageFile: secondStageFileOf(config) } : {}),
    log,
  });
  return { lexicons, cut, secondStage, analyzer, engine };
}

/** The validated-lexicon cache (see runtime.ts `lexiconCacheOf`). */
function lexiconCacheOf(config: Config): { cache?: LexiconCache } {
  const cache = runtimeLexiconCache(config);
  return cache ? { cache } : {};
}

/** The Service: its parts, and the methods the entry points call. */
function serviceOf(parts: Parts): Service {
  const { packs: _packs, audioSettings: _audio, transcribeWorker, metrics: _metrics, ...fields } = parts;
  let started = false;
  let recoveryTimer: NodeJS.Timeout | undefined;
  return {
    ...fields,
    async startWorkers() {
      if (started) return;
      started = true;
      recoveryTimer = await startStageWorkers(parts);
    },
    app: (extra) => buildApp(parts, extra),
    async close() {
      if (recoveryTimer) clearInterval(recoveryTimer);
      parts.lexiconAdmin.stopPolling();
      parts.learnedModels?.stopPolling();
      // The hosts end first: an aborted transcription is retried later, never left running.
      await transcribeWorker?.close();
      await parts.queue.close();
      await parts.engine.close();
      await parts.database.close();
    },
  };
}

/**
 * Lexicon administration and the learned second stage's versions: the database holds both, seeded
 * from the shipped files once and then followed by every process (polled).
 */
async function buildLexiconAdmin(
  config: Config,
  deps: {
    database: Database;
    versions: LexiconVersionRepository;
    lexicons: LexiconRegistry;
    analyzer: Analyzer;
    engine: AnalysisEngine;
    calls: CallRepository;
    appeals: AppealRepository;
    audit: AuditRepository;
    queue: JobQueue;
    secondStage: ReturnType<typeof loadConfiguredSecondStage>;
    log: pino.Logger;
  },
): Promise<{ lexiconAdmin: LexiconAdminService; learnedModels: LearnedModelService | undefined }> {
  const { versions, analyzer, engine, appeals, audit, secondStage, log } = deps;
  const lexiconAdmin = new LexiconAdminService({
    versions,
    registry: deps.lexicons,
    analyzer,
    engine,
    calls: deps.calls,
    appeals,
    audit,
    queue: deps.queue,
    log,
  });
  await lexiconAdmin.bootstrap();
  lexiconAdmin.startPolling(config.LEXICON_POLL_MS);
  // A second stage published from appeals replaces the shipped one in every process.
  const learnedModels = secondStage
    ? new LearnedModelService({
        models: new LearnedModelRepository(deps.database.db),
        versions,
        appeals,
        analyzer,
        engine,
        lexiconAdmin,
        audit,
        // The stage itself: its document is read from the file only when asked (issue 16).
        shipped: secondStage,
        retrain: (req) => retrainInChild(req),
        log,
      })
    : undefined;
  await learnedModels?.sync();
  learnedModels?.startPolling(config.LEXICON_POLL_MS);
  return { lexiconAdmin, learnedModels };
}

function checkRole(config: Config, role: 'serve' | 'worker' | 'all'): void {
  if (role === 'worker' && !config.DATABASE_URL) {
    throw new AppError(
      ErrorCode.InvalidInput,
      'tingjian worker needs DATABASE_URL: the embedded PGlite database is single-process (use `tingjian serve` or `npm start`, which run the workers in-process)',
    );
  }
  if (role === 'worker' && !config.REDIS_URL) {
    throw new AppError(
      ErrorCode.InvalidInput,
      'tingjian worker needs REDIS_URL: without Redis the workers run inside `tingjian serve`',
    );
  }
}

function buildQueue(config: Config, log: pino.Logger): JobQueue {
  return config.REDIS_URL
    ? new BullmqQueue(
        redisConnection(config.REDIS_URL),
        config.QUEUE_PREFIX,
        config.WORKER_CONCURRENCY,
        RETRY_POLICY,
        config.WORKER_LOCK_MS,
        (err) => log.warn(err.message),
        `REDIS_URL=${redisLabel(config.REDIS_URL)}`,
      )
    : new InProcessQueue(config.WORKER_CONCURRENCY);
}

/** Transcription settings where WHISPER_MODEL is set; recordings encrypted when a key is configured. */
function audioSettingsOf(config: Config): AudioSettings | undefined {
  if (!config.WHISPER_MODEL) return undefined;
  const audioKey = config.TINGJIAN_AUDIO_KEY ? audioKeyOf(config.TINGJIAN_AUDIO_KEY) : undefined;
  return {
    audioDir: resolve(config.AUDIO_DIR ?? join(config.DATA_DIR, 'audio')),
    model: resolve(config.WHISPER_MODEL),
    ...(config.WHISPER_BIN
      ? {
          transcriber: {
            command: resolve(config.WHISPER_BIN),
            args: [],
            serve: config.WHISPER_BIN_SERVES === 'on',
          },
        }
      : {}),
    ...(config.WHISPER_THREADS ? { threads: config.WHISPER_THREADS } : {}),
    warmHosts: config.WHISPER_WARM_HOSTS,
    warmIdleMs: Math.round(config.WHISPER_WARM_IDLE_MIN * 60_000),
    timeoutFactor: config.TRANSCRIBE_TIMEOUT_FACTOR,
    timeoutMinMs: config.TRANSCRIBE_TIMEOUT_MIN_MS,
    maxSeconds: config.MAX_AUDIO_SECONDS,
    tools: { ffmpeg: config.FFMPEG_BIN, ffprobe: config.FFPROBE_BIN },
    maskPii: config.PII_MASKING === 'on',
    ...(audioKey ? { key: audioKey } : {}),
  };
}

function buildCallService(
  config: Config,
  deps: {
    calls: CallRepository;
    users: UserRepository;
    lexicons: LexiconRegistry;
    queue: JobQueue;
    audit: AuditRepository;
    database: Database;
    cut: BaseSegmenter;
    engine: AnalysisEngine;
    audioSettings: AudioSettings | undefined;
  },
): CallService {
  const { audioSettings, engine } = deps;
  return new CallService({
    calls: deps.calls,
    users: deps.users,
    lexicons: deps.lexicons,
    queue: deps.queue,
    audit: deps.audit,
    maskPii: config.PII_MASKING === 'on',
    piiHashKey: config.PII_HASH_KEY,
    privacy: new PrivacyRepository(deps.database.db),
    segment: deps.cut,
    // With analysis threads, a submitted call's masking and search words are computed there too.
    ...(engine instanceof ThreadedAnalysisEngine
      ? { prepareText: (input) => engine.prepareIntakeText(input) }
      : {}),
    ...(audioSettings
      ? {
          audio: {
            audioDir: audioSettings.audioDir,
            maxBytes: config.MAX_AUDIO_BYTES,
            maxSeconds: config.MAX_AUDIO_SECONDS,
            ...(audioSettings.tools ? { tools: audioSettings.tools } : {}),
            ...(audioSettings.key ? { key: audioSettings.key } : {}),
          },
        }
      : {}),
  });
}

function buildImports(
  config: Config,
  deps: {
    database: Database;
    calls: CallRepository;
    lexicons: LexiconRegistry;
    service: CallService;
    log: pino.Logger;
  },
): ImportJobService {
  const { service } = deps;
  return new ImportJobService({
    intake: {
      lexicons: deps.lexicons,
      findByExternalId: (id) => deps.calls.findByExternalId(id),
      submitTranscript: (body) => service.submitTranscript(body),
      ...(service.audioIntake
        ? {
            audio: {
              audioDir: service.audioIntake.audioDir,
              maxBytes: service.audioIntake.maxBytes,
              submitAudio: (metadata, upload) => service.submitAudio(metadata, upload),
            },
          }
        : {}),
      intakeMasksPii: config.PII_MASKING === 'on',
    },
    importDirs: realImportDirs(config.IMPORT_DIRS),
    repository: new ImportJobRepository(deps.database.db),
    log: deps.log,
  });
}

function buildRetention(
  config: Config,
  deps: { database: Database; audioDir: string | undefined; imports: ImportJobService; log: pino.Logger },
): RetentionService {
  return new RetentionService({
    retention: new RetentionRepository(deps.database.db),
    privacy: new PrivacyRepository(deps.database.db),
    policy: {
      audio: config.TINGJIAN_RETENTION_AUDIO,
      transcripts: config.TINGJIAN_RETENTION_TRANSCRIPTS,
      analyses: config.TINGJIAN_RETENTION_ANALYSES,
      feedback: config.TINGJIAN_RETENTION_FEEDBACK,
      imports: config.TINGJIAN_RETENTION_IMPORTS,
      audit: config.TINGJIAN_RETENTION_AUDIT,
    },
    timeZone: config.FEEDBACK_TZ,
    audioDir: deps.audioDir,
    importsDir: join(resolve(config.DATA_DIR), 'imports'),
    imports: deps.imports,
    log: deps.log,
  });
}

/**
 * The stage workers, the repeatable jobs and the recovery of unfinished calls. Returns the timer
 * of the recovery sweep (BullMQ only), for close().
 */
async function startStageWorkers(parts: Parts): Promise<NodeJS.Timeout | undefined> {
  const { config, queue, calls, log, versions, audioSettings, transcribeWorker, metrics } = parts;
  const { lexiconAdmin, learnedModels, appeals } = parts;
  if (audioSettings) checkAudioSettings(audioSettings);
  // Warm transcriber hosts (model loaded) and text tools, before the first call needs them.
  await transcribeWorker?.start();
  const h = createStageHandlers({
    calls,
    engine: parts.engine,
    queue,
    log,
    ...(transcribeWorker ? { transcribeAudio: (job) => transcribeWorker.transcribe(job) } : {}),
    appeals,
    versions,
    lexiconAdmin,
    appealService: parts.appealService,
    // A rescore runs with the lexicon version and the second stage published when it started.
    ensureVersion: async (industry: string, versionId: string) => {
      await lexiconAdmin.ensureVersion(industry, versionId);
      await learnedModels?.sync();
    },
    feedback: { feedback: parts.feedback, users: parts.users },
    retention: parts.retention,
    ...(config.NOTIFY_WEBHOOK_URL
      ? {
          notifications: { appeals, webhookUrl: config.NOTIFY_WEBHOOK_URL, format: config.NOTIFY_FORMAT },
        }
      : {}),
  });
  await queue.start(
    {
      transcribe: metrics.stage('transcribe', h.transcribe),
      analyze: metrics.stage('analyze', h.analyze),
      aggregate: metrics.stage('aggregate', h.aggregate),
      rescore: metrics.stage('rescore', h.rescore),
      notify: metrics.stage('notify', h.notify),
      sweep: metrics.stage('sweep', h.sweep),
      'feedback-packs': metrics.stage('feedback-packs', h['feedback-packs']),
      'goals-evaluate': metrics.stage('goals-evaluate', h['goals-evaluate']),
      retention: metrics.stage('retention', h.retention),
    },
    failureHook(calls, log, versions),
  );
  await armSchedules(queue, config);
  const n = await parts.service.recoverUnfinished();
  if (n > 0) log.info({ calls: n }, 're-enqueued unfinished calls');
  return queue instanceof BullmqQueue ? armRecovery(queue, parts.service, config, log) : undefined;
}

/** The repeatable jobs: the sweep, feedback packs, goal evaluation and retention (each may be off). */
async function armSchedules(queue: JobQueue, config: Config): Promise<void> {
  await queue.repeat(JobName.Sweep, {}, 'sweep', { everyMs: config.SWEEP_MS });
  // Feedback packs of every team (fanned out per team) and the daily goal evaluation.
  if (config.FEEDBACK_SCHEDULE === 'off') await queue.unrepeat(JobName.FeedbackPacks, 'feedback-packs');
  else
    await queue.repeat(JobName.FeedbackPacks, { teamId: null }, 'feedback-packs', {
      pattern: config.FEEDBACK_SCHEDULE,
      tz: config.FEEDBACK_TZ,
    });
  if (config.GOALS_SCHEDULE === 'off') await queue.unrepeat(JobName.GoalsEvaluate, 'goals-evaluate');
  else
    await queue.repeat(JobName.GoalsEvaluate, { teamId: null }, 'goals-evaluate', {
      pattern: config.GOALS_SCHEDULE,
      tz: config.FEEDBACK_TZ,
    });
  // Retention (PIPL): the in-process runner arms a timer, BullMQ a repeatable job; the run itself
  // takes a database lock, so processes sharing a schedule never run it twice at once.
  if (config.TINGJIAN_RETENTION_SCHEDULE === 'off') await queue.unrepeat(JobName.Retention, 'retention');
  else
    await queue.repeat(JobName.Retention, {}, 'retention', {
      pattern: config.TINGJIAN_RETENTION_SCHEDULE,
      tz: config.FEEDBACK_TZ,
    });
}

/** With Redis: unfinished calls re-enqueued after a reconnect, and revived by a periodic sweep. */
function armRecovery(
  queue: BullmqQueue,
  service: CallService,
  config: Config,
  log: pino.Logger,
): NodeJS.Timeout | undefined {
  // A Redis that came back empty lost the waiting jobs: the database still knows them.
  queue.onReconnect(() => {
    service.recoverUnfinished().then(
      (k) => log.info({ calls: k }, 're-enqueued unfinished calls after a Redis reconnect'),
      (err: Error) => log.warn({ err: err.message }, 'recovery after reconnect failed'),
    );
  });
  // A job whose retries ran out while PostgreSQL was down could not even mark its call
  // failed: the call stays unfinished with no job. The sweep revives calls idle that long.
  if (config.RECOVERY_SWEEP_MS <= 0) return undefined;
  let sweeping = false;
  const timer = setInterval(() => {
    if (sweeping) return;
    sweeping = true;
    service
      .recoverUnfinished({ idleMs: config.RECOVERY_IDLE_MS })
      .then(
        (k) => {
          if (k > 0) log.info({ calls: k }, 'revived unfinished calls that no job was carrying');
        },
        (err: Error) => log.warn({ err: err.message }, 'recovery sweep failed'),
      )
      .finally(() => {
        sweeping = false;
      });
  }, config.RECOVERY_SWEEP_MS);
  timer.unref();
  return timer;
}

/** The HTTP app over the parts; `extra` adds what only some entry points serve. */
function buildApp(parts: Parts, extra?: Pick<AppDeps, 'demoUsers'>): ReturnType<typeof createApp> {
  const { config, queue, database, learnedModels, sso } = parts;
  return createApp({
    ...extra,
    calls: parts.calls,
    users: parts.users,
    service: parts.service,
    appealService: parts.appealService,
    appeals: parts.appeals,
    lexiconAdmin: parts.lexiconAdmin,
    lexiconLint: new LexiconLintService({ admin: parts.lexiconAdmin, registry: parts.lexicons }),
    ...(learnedModels ? { learnedModels } : {}),
    erasure: parts.erasure,
    retention: parts.retention,
    audit: parts.audit,
    feedback: parts.feedback,
    packs: parts.packs,
    goals: parts.goals,
    ...(sso ? { sso } : {}),
    imports: {
      service: parts.imports,
      uploadDir: join(resolve(config.DATA_DIR), 'imports'),
      maxArchiveBytes: DEFAULT_ARCHIVE_LIMITS.maxTotalBytes,
    },
    maxBodyBytes: config.MAX_BODY_BYTES,
    tokenRateLimit: parseRateLimit(config.TINGJIAN_TOKEN_RATE_LIMIT),
    metrics: parts.metrics,
    version: VERSION,
    ...(queue instanceof BullmqQueue ? { queues: queue.allQueues() } : {}),
    log: parts.log,
    ready: () => readiness(database, queue),
  });
}

/**
 * Both probes at once, each with a deadline: the answer comes within a second whatever the
 * dependencies do (a hung server is not ready).
 */
async function readiness(
  database: Database,
  queue: JobQueue,
): Promise<{ ok: boolean; checks: Record<string, boolean> }> {
  const [db, redis] = await Promise.all([
    Promise.race([
      database.db
        .execute(sql`select 1`)
        .then(() => true)
        .catch(() => false),
      new Promise<boolean>((r) => setTimeout(() => r(false), REDIS_DEADLINE_MS / 2).unref()),
    ]),
    queue instanceof BullmqQueue ? queue.ping() : Promise.resolve(undefined),
  ]);
  const checks: Record<string, boolean> = { database: db };
  if (redis !== undefined) checks.redis = redis;
  return { ok: Object.values(checks).every(Boolean), checks };
}

/** Enterprise sign-in from OIDC_* and WECOM_* (config.ts checks each group is complete). */
function buildSso(
  config: Config,
  database: Database,
  users: UserRepository,
  audit: AuditRepository,
): SsoService | undefined {
  const oidc =
    config.OIDC_ISSUER && config.OIDC_CLIENT_ID && config.OIDC_CLIENT_SECRET && config.OIDC_REDIRECT_URI
      ? new OidcClient({
          issuer: config.OIDC_ISSUER,
          clientId: config.OIDC_CLIENT_ID,
          clientSecret: config.OIDC_CLIENT_SECRET,
          redirectUri: config.OIDC_REDIRECT_URI,
          scopes: config.OIDC_SCOPES,
          mappingClaim: config.OIDC_MAPPING_CLAIM,
          clockToleranceSec: config.OIDC_CLOCK_TOLERANCE_SEC,
        })
      : undefined;
  const wecom =
    config.WECOM_CORP_ID && config.WECOM_AGENT_ID && config.WECOM_SECRET && config.WECOM_REDIRECT_URI
      ? new WecomClient({
          corpId: config.WECOM_CORP_ID,
          agentId: config.WECOM_AGENT_ID,
          secret: config.WECOM_SECRET,
          redirectUri: config.WECOM_REDIRECT_URI,
          apiBase: config.WECOM_API_BASE,
          loginUrl: config.WECOM_LOGIN_URL,
        })
      : undefined;
  if (!oidc && !wecom) return undefined;
  return new SsoService({
    identities: new IdentityRepository(database.db),
    users,
    audit,
    ...(oidc ? { oidc } : {}),
    ...(wecom ? { wecom } : {}),
    stateTtlSec: config.SSO_STATE_TTL_SEC,
  });
}

/** IMPORT_DIRS with symlinks resolved, so a path is checked against where the folder really is. */
function realImportDirs(dirs: readonly string[]): string[] {
  const missing = dirs.filter((d) => {
    try {
      return !realpathSync(d);
    } catch {
      return true;
    }
  });
  if (missing.length > 0)
    throw new AppError(ErrorCode.InvalidInput, `IMPORT_DIRS: no such directory: ${missing.join(', ')}`);
  return dirs.map((d) => realpathSync(d));
}
