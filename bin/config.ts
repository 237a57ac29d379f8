import { createRequire } from 'node:module';
import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { parseRateLimit } from '../api/middleware/auth.js';
import { parseAudioKeys } from '../pipeline/audio/audio-crypto.js';
import { isTimeZone } from '../services/feedback/time.js';
import { parseRetentionWindow } from '../services/privacy/retention-policy.js';

/** A retention window: days, or null for forever. */
const zWindow = (fallback: string) =>
  z
    .string()
    .transform((v, ctx) => {
      const days = parseRetentionWindow(v);
      if (days === undefined) {
        ctx.addIssue({ code: 'custom', message: 'must be a window such as 180d, 26w, 3y, or forever' });
        return z.NEVER;
      }
      return days;
    })
    .prefault(fallback);

const ZConfig = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// URL')
    .optional(),
  /** Prefix of every BullMQ key, so several deployments (or tests) can share one Redis. */
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,40}$/, 'letters, digits, _ and - only')
    .default('tingjian'),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  /**
   * BullMQ job lock (ms), also the stalled-job check interval: a job held by a dead worker
   * returns to the queue after at most about twice this.
   */
  WORKER_LOCK_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  /**
   * With Redis: how often workers look for calls the database says are unfinished but no job is
   * carrying (retries used up while PostgreSQL was down), and how long such a call must have been
   * idle first (ms). 0 turns the sweep off.
   */
  RECOVERY_SWEEP_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
  RECOVERY_IDLE_MS: z.coerce.number().int().min(1000).max(86_400_000).default(120_000),
  /**
   * Threads analysing calls (segmentation, detectors, second stage, scoring, what-ifs) off the
   * event loop that serves HTTP; 0 analyses on the event loop itself.
   */
  ANALYSIS_THREADS: z.coerce.number().int().min(0).max(64).default(1),
  /** V8 heap limit of each analysis thread (MB): a call needing more fails alone. Default: Node's. */
  ANALYSIS_THREAD_MAX_MB: z.coerce.number().int().min(64).max(65_536).optional(),
  /**
   * How far V8 lets each heap of a server process (API, analysis and database threads) grow past
   * what its last full collection kept, in percent. 0: V8's own factor, up to 4× on a machine
   * with gigabytes free, which is where most of the embedded server's memory went.
   */
  V8_HEAP_GROWTH_PERCENT: z.coerce.number().int().min(0).max(300).default(20),
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(10 * 1024 * 1024),
  /** Mask phone, ID-card and bank-card numbers and e-mail addresses in every stored text. */
  PII_MASKING: z.enum(['on', 'off']).default('on'),
  /**
   * Key of the keyed hashes (HMAC-SHA256) kept of each masked phone number, so an erasure request
   * by phone number finds the calls; unset = no hashes kept. Keep it secret and stable.
   */
  PII_HASH_KEY: z.string().min(16, 'must be at least 16 characters (a random secret)').optional(),
  EMBEDDING_MODEL_DIR: z.string().min(1).optional(),
  EMBEDDING_THRESHOLD: z.coerce.number().min(-1).max(1).optional(),
  LEXICON_DIR: z.string().min(1).optional(),
  /**
   * Derived data kept between runs (models/file-cache.ts): the second-stage model laid out for
   * scoring, the pinyin tables. `off` for none. Default: $XDG_CACHE_HOME/tingjian, else
   * ~/.cache/tingjian. A folder that cannot be written is used read-only (or not at all).
   */
  CACHE_DIR: z.string().min(1).optional(),
  /**
   * Validated lexicons cached for the CLI (lexicons/lexicon.cache.ts), or `off`. Default:
   * <CACHE_DIR>/lexicons (off when CACHE_DIR is off).
   */
  LEXICON_CACHE_DIR: z.string().min(1).optional(),
  /** The learned second stage: a model file, or `off` for the rules alone. Default: the shipped one. */
  SECOND_STAGE_MODEL: z.string().min(1).optional(),
  MODELS_DIR: z.string().min(1).default('./models-data'),
  /** How often every process checks for a newly published lexicon version (ms). */
  LEXICON_POLL_MS: z.coerce.number().int().min(200).max(600_000).default(2000),
  /** Hours a reviewer has to decide an appeal, unless the team sets its own. */
  APPEAL_SLA_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(48),
  /** Webhook for appeal and lexicon notifications (WeCom group robot by default). */
  NOTIFY_WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
  NOTIFY_FORMAT: z.enum(['wecom', 'json']).default('wecom'),
  /** How often overdue appeals are escalated and unsent notifications retried (ms). */
  SWEEP_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
  /** Time zone of the feedback packs' days and ISO weeks, and of their schedules. */
  FEEDBACK_TZ: z
    .string()
    .refine((tz) => isTimeZone(tz), 'must be an IANA time zone such as Asia/Shanghai')
    .default('Asia/Shanghai'),
  /** Cron pattern of the scheduled feedback packs (every team), or `off`. Default Monday 08:00. */
  FEEDBACK_SCHEDULE: z
    .string()
    .refine((p) => p === 'off' || isCron(p), 'must be a cron pattern such as "0 8 * * 1", or off')
    .default('0 8 * * 1'),
  /** Cron pattern of the daily growth-goal evaluation, or `off`. */
  GOALS_SCHEDULE: z
    .string()
    .refine((p) => p === 'off' || isCron(p), 'must be a cron pattern such as "30 7 * * *", or off')
    .default('30 7 * * *'),
  /** Share of a team's ranked reps in the benchmark group (0.25 = top quartile). */
  BENCHMARK_QUARTILE: z.coerce.number().gt(0).max(1).default(0.25),
  /** The benchmark group has at least this many reps. */
  BENCHMARK_MIN_REPS: z.coerce.number().int().min(1).max(100).default(1),
  /** whisper.cpp ggml model file (`tingjian models pull <name>` prints it); needed only to transcribe audio. */
  WHISPER_MODEL: z.string().min(1).optional(),
  /** Transcriber executable speaking the JSON protocol of pipeline/audio/transcriber.protocol.ts; default: the bundled whisper.cpp host. */
  WHISPER_BIN: z.string().min(1).optional(),
  /** `on`: WHISPER_BIN also speaks the protocol's serving mode (`--serve <model>`), so warm hosts are kept as with the bundled host. */
  WHISPER_BIN_SERVES: z.enum(['on', 'off']).default('off'),
  /** Warm transcriber hosts a worker keeps (model loaded, ~200 MB each with the tiny model, more with larger ones); 0: one process per channel and call. */
  WHISPER_WARM_HOSTS: z.coerce.number().int().min(0).max(16).default(2),
  /** Minutes a warm host may stay idle before it is ended (its memory given back); the next recording starts it again. 0: kept while the worker runs. */
  WHISPER_WARM_IDLE_MIN: z.coerce.number().min(0).max(10_080).default(10),
  /** whisper.cpp threads per call; the two channels of a stereo call share them (in parallel from 2). Default: all cores. */
  WHISPER_THREADS: z.coerce.number().int().min(1).max(64).optional(),
  /** Transcription timeout per channel: TRANSCRIBE_TIMEOUT_MIN_MS + this × the audio duration. */
  TRANSCRIBE_TIMEOUT_FACTOR: z.coerce.number().min(0).max(100).default(3),
  TRANSCRIBE_TIMEOUT_MIN_MS: z.coerce.number().int().min(100).default(120_000),
  /** Where uploaded recordings are stored by content hash; default `<DATA_DIR>/audio`. */
  AUDIO_DIR: z.string().min(1).optional(),
  MAX_AUDIO_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(200 * 1024 * 1024),
  MAX_AUDIO_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .default(3 * 3600),
  FFMPEG_BIN: z.string().min(1).default('ffmpeg'),
  FFPROBE_BIN: z.string().min(1).default('ffprobe'),
  /**
   * Directories whose folders and zips POST /v1/imports may import by path (comma-separated,
   * absolute); none by default: only uploaded zips are imported.
   */
  IMPORT_DIRS: z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((d) => d.trim())
        .filter(Boolean),
    )
    .refine((dirs) => dirs.every((d) => isAbsolute(d)), 'must be absolute paths separated by commas')
    .default([]),
  /**
   * Requests per API token, e.g. `600/min` (also `/s`, `/h`): past it 429 with Retry-After; in
   * memory per process. Off by default (benchmarks and bulk imports run as users do).
   */
  TINGJIAN_TOKEN_RATE_LIMIT: z
    .string()
    .refine((v) => isRate(v), 'must be a rate such as 600/min, 20/s or 5000/h, or off')
    .default('off'),
  /** `1`: serve the demo user switcher (GET /v1/demo/users) on `tingjian start`, still only on a loopback HOST. */
  TINGJIAN_DEMO: z.enum(['0', '1', 'true', 'false', 'on', 'off']).default('0'),
  /**
   * Key for encrypting stored recordings at rest (AES-256-GCM): 32 bytes as 64 hex digits or
   * base64; several separated by commas to rotate (the first encrypts, all decrypt). Unset =
   * recordings are stored as uploaded (plain files stay readable either way).
   */
  TINGJIAN_AUDIO_KEY: z
    .string()
    .refine(
      (v) => isAudioKey(v),
      'must be 32 bytes as 64 hex digits or base64 (openssl rand -base64 32), several separated by commas to rotate',
    )
    .optional(),
  /** Retention windows (PIPL): `180d`, `26w`, `3y` (365 days a year) or `forever`. */
  TINGJIAN_RETENTION_AUDIO: zWindow('180d'),
  TINGJIAN_RETENTION_TRANSCRIPTS: zWindow('3y'),
  TINGJIAN_RETENTION_ANALYSES: zWindow('3y'),
  TINGJIAN_RETENTION_FEEDBACK: zWindow('1y'),
  TINGJIAN_RETENTION_IMPORTS: zWindow('90d'),
  TINGJIAN_RETENTION_AUDIT: zWindow('5y'),
  /** Cron pattern (FEEDBACK_TZ) of the retention run, or `off`. Default every day at 03:15. */
  TINGJIAN_RETENTION_SCHEDULE: z
    .string()
    .refine((p) => p === 'off' || isCron(p), 'must be a cron pattern such as "15 3 * * *", or off')
    .default('15 3 * * *'),
  /**
   * Enterprise sign-in through an OpenID Connect provider (authorization code + PKCE): set the
   * four of issuer, client id, client secret and redirect URI (`<base>/v1/auth/oidc/callback`,
   * registered at the provider), or none.
   */
  OIDC_ISSUER: z
    .string()
    .refine((v) => isSecureUrl(v), 'must be an https:// URL (http:// only on a loopback host)')
    .optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_REDIRECT_URI: z.url({ protocol: /^https?$/ }).optional(),
  /** The ID token (or userinfo) claim an admin maps besides `sub`, e.g. `email` (verified only). */
  OIDC_MAPPING_CLAIM: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$/, 'must be a claim name such as sub or email')
    .default('sub'),
  OIDC_SCOPES: z.string().min(1).default('openid email profile'),
  /** Seconds of clock difference tolerated on the ID token's exp/iat/nbf. */
  OIDC_CLOCK_TOLERANCE_SEC: z.coerce.number().int().min(0).max(300).default(30),
  /** Seconds a started enterprise sign-in may take at the provider (its state, nonce and PKCE verifier). */
  SSO_STATE_TTL_SEC: z.coerce.number().int().min(30).max(1800).default(300),
  /** WeCom (企业微信) scan-to-sign-in of a self-built app: corp id, agent id, secret, redirect URI, or none. */
  WECOM_CORP_ID: z.string().min(1).optional(),
  WECOM_AGENT_ID: z.string().min(1).optional(),
  WECOM_SECRET: z.string().min(1).optional(),
  WECOM_REDIRECT_URI: z.url({ protocol: /^https?$/ }).optional(),
  WECOM_API_BASE: z
    .string()
    .refine((v) => isSecureUrl(v), 'must be an https:// URL (http:// only on a loopback host)')
    .default('https://qyapi.weixin.qq.com'),
  WECOM_LOGIN_URL: z
    .string()
    .refine((v) => isSecureUrl(v), 'must be an https:// URL (http:// only on a loopback host)')
    .default('https://login.work.weixin.qq.com/wwlogin/sso/login'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type Config = z.infer<typeof ZConfig>;

/** Reads the environment once, at the entry point; every problem is listed in one error. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const known = new Set(Object.keys(ZConfig.shape));
  const picked = Object.fromEntries(
    Object.entries(env).filter(([k, v]) => known.has(k) && v !== undefined && v !== ''),
  );
  const r = ZConfig.safeParse(picked);
  const lines = [
    ...(r.success ? [] : r.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)),
    ...incompleteGroups(picked).map((problem) => `  ${problem}`),
  ];
  if (!r.success || lines.length > 0) throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  return r.data;
}

/** https, or http on a loopback host (a provider run locally, tests). */
function isSecureUrl(value: string): boolean {
  try {
    const url = new URL(value);
    if (url.protocol === 'https:') return true;
    return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  } catch {
    return false;
  }
}

/** Variables that only work together: naming some of a group but not all is a mistake. */
const GROUPS = [
  ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_REDIRECT_URI'],
  ['WECOM_CORP_ID', 'WECOM_AGENT_ID', 'WECOM_SECRET', 'WECOM_REDIRECT_URI'],
];

function incompleteGroups(picked: Record<string, unknown>): string[] {
  return GROUPS.flatMap((group) => {
    const set = group.filter((k) => picked[k] !== undefined);
    if (set.length === 0 || set.length === group.length) return [];
    return group
      .filter((k) => picked[k] === undefined)
      .map((k) => `${k}: required with ${set.join(', ')} (set all of ${group.join(', ')}, or none)`);
  });
}

function isRate(v: string): boolean {
  try {
    parseRateLimit(v);
    return true;
  } catch {
    return false;
  }
}

function isAudioKey(v: string): boolean {
  try {
    parseAudioKeys(v);
    return true;
  } catch {
    return false;
  }
}

type CronParserModule = typeof import('cron-parser');
let cronParser: CronParserModule | undefined;

function isCron(pattern: string): boolean {
  // cron-parser (and luxon under it) loads only when a pattern is given: every CLI command
  // reads the configuration, few set a schedule.
  cronParser ??= createRequire(import.meta.url)('cron-parser') as CronParserModule;
  try {
    cronParser.CronExpressionParser.parse(pattern);
    return true;
  } catch {
    return false;
  }
}
