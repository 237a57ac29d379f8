/**
 * The transcribe stage for audio calls: recording → 16 kHz PCM per channel (ffmpeg; SILK via
 * silk-wasm) → one transcriber child process per channel (whisper.cpp; in parallel when the
 * thread budget allows) → Chinese clean-up and hallucination guards → speaker roles (channel
 * map, or inferred from the text) → merged utterances → (a recording that named no industry:
 * the industry inferred from them, as for a transcript) → stored, call on to analysis, or left
 * as 待确认行业 when the transcript cannot place it.
 *
 * Nothing heavy runs on this process's event loop: decoding and whisper.cpp live in child
 * processes with timeouts, so BullMQ lock renewal never starves. A recording that cannot work
 * (empty, corrupt, silent, too long, no speech) fails the call at once with a readable reason;
 * a crashed or hung transcriber is retried by the queue.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { UnrecoverableError } from 'bullmq';
import type { LexiconRegistry } from '../../lexicons/lexicon.registry.js';
import type { Call, CallRepository, TranscribedUtterance } from '../../models/call.repository.js';
import { AppError, ErrorCode } from '../../models/errors.js';
import type { CallAudio } from '../../models/schema.js';
import { type AudioKey, AudioKeyError, plainAudioFile } from '../../pipeline/audio/audio-crypto.js';
import { AudioError } from '../../pipeline/audio/audio-errors.js';
import { nodeScript } from '../../pipeline/audio/child-process.js';
import { decodeToPcm, type FfmpegTools, probeAudio } from '../../pipeline/audio/ffmpeg.runner.js';
import { guardSegments } from '../../pipeline/audio/hallucination.guard.js';
import { mergeSegments, type SpokenSegment } from '../../pipeline/audio/merge.core.js';
import {
  type EnergyProfile,
  isSilent,
  readEnergyProfile,
  voicedShare,
} from '../../pipeline/audio/pcm-energy.js';
import { decodeSilkToWav } from '../../pipeline/audio/silk.decode.js';
import {
  assignChannelRoles,
  assignMonoRoles,
  LOW_SPEAKER_CONFIDENCE,
} from '../../pipeline/audio/speaker-roles.core.js';
import { TranscriberPool } from '../../pipeline/audio/transcriber.pool.js';
import {
  PROTOCOL_VERSION,
  type Segment,
  type TranscribeRequest,
} from '../../pipeline/audio/transcriber.protocol.js';
import {
  type RunTranscriberOptions,
  runTranscriber,
  type TranscriberCommand,
  type TranscriberRun,
} from '../../pipeline/audio/transcriber.runner.js';
import { buildWhisperPrompt, PROMPT_STYLE } from '../../pipeline/audio/whisper-prompt.js';
import { toSimplifiedChinese } from '../../pipeline/audio/zh-text.js';
import { roleLexiconFor } from '../../pipeline/import/draft.js';
import { maskPii } from '../../pipeline/nlp/pii.js';
import { JobName, type JobQueue, jobIdOf, type TTranscribeJob } from '../../pipeline/queue.js';
import { decideIndustry, industryAwaitsTranscript } from '../intake/industry-decision.js';

export interface AudioSettings {
  /** Folder the intake stored recordings in (CallAudio.path is relative to it). */
  audioDir: string;
  /** ggml model file handed to the transcriber. */
  model: string;
  /**
   * Transcriber executable; default the bundled whisper.cpp host (which serves: warm hosts).
   * `serve: true` says the executable speaks the serving mode too (transcriber.protocol.ts).
   */
  transcriber?: TranscriberCommand & { serve?: boolean };
  /** Warm hosts kept when the transcriber serves (default 2; 0: one process per channel and call). */
  warmHosts?: number;
  /** Warm hosts idle this long are ended, started again by the next recording (0 or unset: kept). */
  warmIdleMs?: number;
  /** Thread budget per call (default: all cores). */
  threads?: number;
  timeoutFactor: number;
  timeoutMinMs: number;
  maxSeconds: number;
  tools?: FfmpegTools;
  maskPii: boolean;
  /** TINGJIAN_AUDIO_KEY: encrypted recordings are decrypted into the job's temporary folder. */
  key?: AudioKey;
}

export interface TranscribeWorkerDeps {
  calls: CallRepository;
  lexicons: LexiconRegistry;
  queue: JobQueue;
  /**
   * The search index's text of a call's (masked) utterance texts, as CallService.searchTextOf cuts
   * it: in an analysis thread where the server has them, so this thread loads no jieba of its own.
   */
  searchText: (texts: readonly string[]) => Promise<string>;
  settings: AudioSettings;
  log: { info: (o: object, m: string) => void; warn: (o: object, m: string) => void };
}

/** Timings of one transcription, for the call record and bench:asr. */
export interface TranscriptionTimings {
  decodeMs: number;
  transcribeMs: number;
  /** Longest time one channel's whisper.cpp computed (the critical path in parallel runs). */
  whisperMs: number;
  postMs: number;
  storeMs: number;
  totalMs: number;
}

/** Lines of the native model-load report kept on the call (what model really ran). */
function loadReport(run: TranscriberRun | undefined): string[] {
  if (!run) return [];
  return run.logs
    .filter(
      (l) =>
        l.level !== 'info' ||
        /loading model from|type {10}=|model size|no tensors loaded|whisper_model_load: ftype/.test(l.text),
    )
    .slice(0, 20)
    .map((l) => `${l.level}: ${l.text}`.slice(0, 300));
}

/**
 * Fails fast at worker start: the configured model must exist (a transcriber that is not the
 * bundled host may ignore it, but the path is still checked so a typo is found at boot).
 */
export function checkAudioSettings(settings: AudioSettings): void {
  if (!existsSync(settings.model)) {
    throw new AppError(
      ErrorCode.ModelUnavailable,
      `WHISPER_MODEL ${settings.model} does not exist: run \`tingjian models pull <name>\` or point WHISPER_MODEL at a ggml model file (unset it on transcript-only deployments)`,
    );
  }
  if (settings.transcriber && !existsSync(settings.transcriber.command)) {
    throw new AppError(
      ErrorCode.ModelUnavailable,
      `WHISPER_BIN ${settings.transcriber.command} does not exist`,
    );
  }
  // The bundled host needs the whisper.cpp binding: an explicit setup step (about 260 MB).
  if (!settings.transcriber) {
    try {
      createRequire(import.meta.url).resolve('@fugood/whisper.node/package.json');
    } catch {
      throw new AppError(
        ErrorCode.ModelUnavailable,
        'the whisper.cpp binding is not installed: run `npm run setup:audio` (or set WHISPER_BIN to another transcriber)',
      );
    }
  }
}

/** How long a warm host may take to start and load its model. */
const HOST_START_TIMEOUT_MS = 300_000;

export class TranscribeWorker {
  private readonly running = new Set<AbortController>();
  /** Warm transcriber hosts, when the transcriber serves (the bundled whisper.cpp host does). */
  private readonly pool: TranscriberPool | undefined;
  /** Timings of the last finished transcription (bench:asr reads them). */
  lastTimings: TranscriptionTimings | undefined;

  constructor(private readonly deps: TranscribeWorkerDeps) {
    const { transcriber, model, warmHosts = 2, warmIdleMs } = deps.settings;
    if ((!transcriber || transcriber.serve) && warmHosts > 0) {
      this.pool = new TranscriberPool({
        command: transcriber ?? nodeScript('whisper.host'),
        model,
        keep: warmHosts, // default 2: the two channels of a stereo call, transcribed at once
        startTimeoutMs: HOST_START_TIMEOUT_MS,
        ...(warmIdleMs ? { idleMs: warmIdleMs } : {}),
      });
    }
  }

  /**
   * Worker start: the warm hosts load the model, and the text tools every call uses (OpenCC's
   * phrase tables, the segmenter's dictionary for search words, the lexicons' role cues) are
   * loaded now rather than by the first call. A model that cannot load fails the start.
   */
  async start(): Promise<void> {
    const { lexicons, searchText } = this.deps;
    toSimplifiedChinese('預熱');
    await searchText(['预热一下分词词典']);
    const lexicon = roleLexiconFor(lexicons);
    assignMonoRoles([{ start: 0, end: 1000, text: '您好，我是小张。' }], lexicon);
    buildWhisperPrompt(lexicon);
    maskPii('预热 13800138000');
    await this.pool?.warm();
  }

  /** Process ids of the warm hosts (tests). */
  hostPids(): number[] {
    return this.pool?.pids() ?? [];
  }

  /** Kills every running transcriber (worker shutdown); their jobs are retried later. */
  abortAll(): void {
    for (const c of this.running) c.abort();
  }

  /** Worker shutdown: running transcriptions aborted (retried later), warm hosts ended. */
  async close(): Promise<void> {
    const closing = this.pool?.close();
    this.abortAll();
    await closing;
  }

  /** The stage handler for audio calls. Permanent problems throw UnrecoverableError. */
  async transcribe({ callId, revision }: TTranscribeJob): Promise<void> {
    const { calls, queue, log } = this.deps;
    const call = await calls.find(callId);
    if (!call) throw new UnrecoverableError(`call ${callId} not found`);
    if (call.revision !== revision) return log.info({ callId, revision }, 'stale transcribe job skipped');
    if (call.status === 'analyzing') {
      // Transcribed by an earlier delivery of this job: make sure analysis is queued.
      await queue.enqueue(JobName.Analyze, { callId, revision }, jobIdOf(JobName.Analyze, callId, revision));
      return;
    }
    if (call.status !== 'queued' && call.status !== 'transcribing') {
      return log.info(
        { callId, status: call.status },
        'transcribe job for a call not awaiting transcription',
      );
    }
    if (call.status === 'queued')
      await calls.setStatus(callId, 'transcribing', { expectedRevision: revision });
    let stored: Call;
    try {
      if (!call.audio) throw new AudioError('audio_missing', '通话没有录音文件');
      stored = await this.run(callId, revision, call, call.audio);
    } catch (err) {
      await calls.setProgress(callId, revision, null).catch(() => {});
      if (err instanceof AudioError) {
        log.warn({ callId, code: err.code, detail: err.detail }, 'transcription failed');
        if (err.permanent) throw new UnrecoverableError(err.message);
        throw new Error(err.message);
      }
      if (err instanceof AppError && err.code === ErrorCode.UnknownIndustry)
        throw new UnrecoverableError(`${err.code}: ${err.message}`);
      throw err;
    }
    if (stored.status === 'needs_industry') {
      // 待确认行业: analysed once a person picks (CallService.chooseIndustry), not before.
      return log.info({ callId, best: stored.industry }, 'industry undecided after transcription');
    }
    await queue.enqueue(JobName.Analyze, { callId, revision }, jobIdOf(JobName.Analyze, callId, revision));
  }

  private async run(callId: string, revision: number, call: Call, audio: CallAudio): Promise<Call> {
    const { calls, settings, lexicons } = this.deps;
    const t0 = performance.now();
    // No industry yet: no trade's vocabulary hints in the prompt (they would steer the words the
    // industry is then inferred from); the speaker cues are the same in every lexicon.
    const inferAfter = industryAwaitsTranscript(call);
    const lexicon = inferAfter ? roleLexiconFor(lexicons) : lexicons.get(call.industry);
    const prompt = inferAfter ? PROMPT_STYLE : buildWhisperPrompt(lexicon);
    const source = join(settings.audioDir, audio.path);
    if (!existsSync(source)) throw new AudioError('audio_missing', '找不到录音文件（可能已被删除）', source);
    if (audio.format === 'empty' || audio.bytes === 0)
      throw new AudioError('audio_empty', '录音文件为空（0 字节）');
    await calls.setProgress(callId, revision, 0);

    const work = await mkdtemp(join(tmpdir(), 'tingjian-asr-'));
    const controller = new AbortController();
    this.running.add(controller);
    try {
      const decoded = await this.decode(source, work, audio);
      const decodeMs = performance.now() - t0;
      await calls.setProgress(callId, revision, 5);

      const tTx = performance.now();
      const channels = await this.transcribeChannels(callId, revision, prompt, decoded, controller);
      const transcribeMs = performance.now() - tTx;
      const { runs } = channels;
      const timings: TranscriptionTimings = {
        decodeMs: Math.round(decodeMs),
        transcribeMs: Math.round(transcribeMs),
        // Model load + inference in the slowest channel: whisper.cpp's own time on the critical path.
        whisperMs: Math.round(Math.max(0, ...runs.map((r) => (r?.whisperMs ?? 0) + (r?.loadMs ?? 0)))),
        postMs: 0,
        storeMs: 0,
        totalMs: 0,
      };
      this.lastTimings = timings;

      const tPost = performance.now();
      const cleaned = runs.map((run, i) => cleanChannel(run, decoded.profiles[i]!));
      const roles = attributeSpeakers(cleaned, decoded.stereo, audio, lexicon);
      const utterances = this.toUtterances(roles.spoken, runs);
      const searchText = await this.deps.searchText(utterances.map((u) => u.text));
      // The same inferrer and thresholds as a transcript submitted without an industry.
      const industry = inferAfter ? decideIndustry(utterances, lexicons) : undefined;
      const postMs = performance.now() - tPost;

      // ── store ────────────────────────────────────────────────────────────────────────────────
      const tStore = performance.now();
      timings.postMs = Math.round(postMs);
      const transcription = {
        engine: runs.find(Boolean)?.engine ?? 'external transcriber',
        model: basename(settings.model),
        language: 'zh',
        prompt: channels.prompt,
        threads: channels.threads,
        parallel: channels.parallel,
        mode: roles.mode,
        channelRoleConfidence: roles.channelRoleConfidence,
        durationMs: decoded.durationMs,
        channels: runs.map((run, i) => ({
          index: i,
          silent: !channels.active[i],
          segments: run?.segments.length ?? 0,
          ...cleaned[i]!.stats,
          whisperMs: run?.whisperMs === undefined ? null : Math.round(run.whisperMs),
          wallMs: run ? Math.round(run.wallMs) : null,
        })),
        lowConfidenceUtterances: utterances.filter(
          (u) => u.speakerConfidence !== null && u.speakerConfidence < LOW_SPEAKER_CONFIDENCE,
        ).length,
        modelLog: loadReport(runs.find(Boolean)),
        timings,
        at: new Date().toISOString(),
      };
      const stored = await calls.completeTranscription(
        callId,
        revision,
        utterances,
        searchText,
        transcription,
        industry,
      );
      timings.storeMs = Math.round(performance.now() - tStore);
      timings.totalMs = Math.round(performance.now() - t0);
      return stored;
    } finally {
      this.running.delete(controller);
      await rm(work, { recursive: true, force: true });
    }
  }

  /**
   * Decrypts (if keyed) and decodes the recording into 16 kHz PCM per channel (SILK via
   * silk-wasm first), with the guards that fail a recording at once: too long, empty, silent.
   */
  private async decode(source: string, work: string, audio: CallAudio): Promise<DecodedAudio> {
    const { settings } = this.deps;
    let input = await plainAudioFile(source, join(work, `plain.${audio.format}`), settings.key).catch(
      (err: unknown) => {
        if (err instanceof AudioKeyError) throw new AudioError('audio_key', err.messageZh, err.message);
        throw err;
      },
    );
    if (audio.format === 'silk') {
      const stored = input;
      input = join(work, 'silk.wav');
      await decodeSilkToWav(stored, input);
    }
    // The intake probed these very bytes (the file is named by its hash): no second ffprobe.
    const probe =
      audio.channels !== null
        ? { durationMs: audio.durationMs, channels: audio.channels }
        : await probeAudio(input, settings.tools);
    if (probe.durationMs !== null && probe.durationMs > settings.maxSeconds * 1000) {
      throw new AudioError(
        'audio_too_long',
        `录音时长 ${Math.round(probe.durationMs / 60000)} 分钟，超过上限 ${Math.round(settings.maxSeconds / 60)} 分钟`,
      );
    }
    const stereo = probe.channels >= 2;
    const pcm = await decodeToPcm(input, work, stereo ? 'split' : 'mix', {
      ...(settings.tools ? { tools: settings.tools } : {}),
      timeoutMs: 120_000 + (probe.durationMs ?? 3_600_000) * 0.5,
    });
    const profiles = await Promise.all(pcm.map((p) => readEnergyProfile(p)));
    const durationMs = Math.max(...profiles.map((p) => p.durationMs));
    if (durationMs === 0) throw new AudioError('audio_empty', '录音时长为零，没有可转写的声音');
    if (profiles.every(isSilent)) throw new AudioError('audio_silent', '录音全程静音，没有可转写的声音');
    if (durationMs > settings.maxSeconds * 1000) {
      throw new AudioError(
        'audio_too_long',
        `录音时长 ${Math.round(durationMs / 60000)} 分钟，超过上限 ${Math.round(settings.maxSeconds / 60)} 分钟`,
      );
    }
    return { stereo, pcm, profiles, durationMs };
  }

  /**
   * One transcriber child process per non-silent channel, in parallel when the thread budget
   * allows; progress 5–95 % is the mean of the channels'. A failure aborts the other channel.
   */
  private async transcribeChannels(
    callId: string,
    revision: number,
    prompt: string,
    { pcm, profiles }: DecodedAudio,
    controller: AbortController,
  ): Promise<ChannelRuns> {
    const { calls, settings } = this.deps;
    const active = pcm.map((_, i) => !isSilent(profiles[i]!));
    const budget = settings.threads ?? availableParallelism();
    const parallel = active.filter(Boolean).length > 1 && budget >= 2;
    const threads = parallel ? Math.max(1, Math.floor(budget / 2)) : budget;
    const percents: number[] = pcm.map((_, i) => (active[i] ? 0 : 100));
    const progress = new ProgressWriter((p) => calls.setProgress(callId, revision, p));
    const runOne = async (i: number): Promise<TranscriberRun | undefined> => {
      if (!active[i]) return undefined;
      const channelMs = profiles[i]!.durationMs;
      return this.runTranscriber(
        {
          protocol: PROTOCOL_VERSION,
          pcm: pcm[i]!,
          sampleRate: 16_000,
          durationMs: channelMs,
          model: settings.model,
          language: 'zh',
          prompt,
          threads,
        },
        {
          timeoutMs: Math.round(settings.timeoutMinMs + settings.timeoutFactor * channelMs),
          signal: controller.signal,
          onProgress: (p) => {
            percents[i] = p;
            const mean = percents.reduce((a, b) => a + b, 0) / percents.length;
            progress.update(5 + mean * 0.9);
          },
        },
      );
    };
    let runs: (TranscriberRun | undefined)[];
    try {
      if (parallel) runs = await Promise.all(pcm.map((_, i) => runOne(i)));
      else {
        runs = [];
        for (let i = 0; i < pcm.length; i++) runs.push(await runOne(i));
      }
    } catch (err) {
      controller.abort(); // the other channel's transcriber, if still running
      throw err;
    } finally {
      await progress.flush();
    }
    return { runs, prompt, active, threads, parallel };
  }

  /** Merged utterances (PII masked when configured); no speech at all fails the call. */
  private toUtterances(
    spoken: SpokenSegment[],
    runs: (TranscriberRun | undefined)[],
  ): TranscribedUtterance[] {
    const merged = mergeSegments(spoken);
    if (merged.length === 0) {
      // whisper.cpp says so when the model file holds no weights (its CI test models).
      const weightless = loadReport(runs.find(Boolean)).some((l) => l.includes('no tensors loaded'));
      throw new AudioError(
        'no_speech',
        `录音中未识别到任何语音内容${weightless ? '（所配置的模型没有权重，是测试模型）' : ''}`,
      );
    }
    return merged.map((u) => ({
      id: u.id,
      speaker: u.speaker,
      start: u.start,
      end: u.end,
      text: this.deps.settings.maskPii ? maskPii(u.text).text : u.text,
      speakerConfidence: u.speakerConfidence,
    }));
  }

  /** On a warm host when the transcriber serves; otherwise one child process for this request. */
  private runTranscriber(
    request: TranscribeRequest,
    options: RunTranscriberOptions,
  ): Promise<TranscriberRun> {
    if (this.pool) return this.pool.run(request, options);
    return runTranscriber(this.deps.settings.transcriber ?? nodeScript('whisper.host'), request, options);
  }
}

type Lexicon = ReturnType<LexiconRegistry['get']>;

/** The recording as 16 kHz PCM files, one per channel (or one mixed), with their energy. */
interface DecodedAudio {
  stereo: boolean;
  pcm: string[];
  profiles: EnergyProfile[];
  durationMs: number;
}

/** What the transcriber runs returned per channel (undefined: silent, not run) and how they ran. */
interface ChannelRuns {
  runs: (TranscriberRun | undefined)[];
  prompt: string;
  active: boolean[];
  threads: number;
  parallel: boolean;
}

/**
 * Speaker roles: from the channel map, inferred per channel for stereo, or per segment for mono.
 */
function attributeSpeakers(
  cleaned: ReturnType<typeof cleanChannel>[],
  stereo: boolean,
  audio: CallAudio,
  lexicon: Lexicon,
): {
  spoken: SpokenSegment[];
  mode: 'stereo-map' | 'stereo-inferred' | 'mono';
  channelRoleConfidence: number | null;
} {
  const spoken: SpokenSegment[] = [];
  if (stereo && audio.channelMap) {
    const roles = [audio.channelMap.left ?? 'rep', audio.channelMap.right ?? 'customer'] as const;
    cleaned.forEach((c, i) => {
      for (const s of c.segments) spoken.push({ ...s, speaker: roles[i]!, confidence: null });
    });
    return { spoken, mode: 'stereo-map', channelRoleConfidence: null };
  }
  if (stereo) {
    const { roles, confidence } = assignChannelRoles([cleaned[0]!.segments, cleaned[1]!.segments], lexicon);
    cleaned.forEach((c, i) => {
      for (const s of c.segments) spoken.push({ ...s, speaker: roles[i]!, confidence });
    });
    return { spoken, mode: 'stereo-inferred', channelRoleConfidence: confidence };
  }
  for (const s of assignMonoRoles(cleaned[0]!.segments, lexicon)) spoken.push(s);
  return { spoken, mode: 'mono', channelRoleConfidence: null };
}

/** Traditional → simplified and punctuation per segment, then the hallucination guards. */
function cleanChannel(run: TranscriberRun | undefined, profile: EnergyProfile) {
  if (!run) return { segments: [] as Segment[], stats: { kept: 0, hallucinations: 0, repeats: 0, empty: 0 } };
  const simplified = run.segments.map((s) => ({ ...s, text: toSimplifiedChinese(s.text) }));
  return guardSegments(simplified, (a, b) => voicedShare(profile, a, b), profile.durationMs);
}

/** Writes progress at most once a second (and only when it moved), never concurrently. */
class ProgressWriter {
  private last = -1;
  private lastAt = 0;
  private pending: number | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly write: (percent: number) => Promise<void>) {}

  update(percent: number): void {
    const p = Math.floor(percent);
    if (p <= this.last) return;
    this.pending = p;
    if (Date.now() - this.lastAt < 1000) return;
    this.drain();
  }

  private drain(): void {
    const p = this.pending;
    if (p === null) return;
    this.pending = null;
    this.last = p;
    this.lastAt = Date.now();
    this.writing = this.writing.then(() => this.write(p)).catch(() => {});
  }

  async flush(): Promise<void> {
    this.drain();
    await this.writing;
  }
}
