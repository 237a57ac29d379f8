import { createHash } from 'node:crypto';
import type { LexiconRegistry } from '../../lexicons/lexicon.registry.js';
import type { AuditRepository } from '../../models/audit.repository.js';
import type { Call, CallRepository, CreatedCall, NewCall } from '../../models/call.repository.js';
import { AppError, ErrorCode } from '../../models/errors.js';
import type { PrivacyRepository } from '../../models/privacy.repository.js';
import {
  checkOccurredAt,
  parseTranscriptDraft,
  type Transcript,
  type TranscriptDraft,
} from '../../models/transcript.js';
import type { UserRepository } from '../../models/user.repository.js';
import type { AudioKey } from '../../pipeline/audio/audio-crypto.js';
import { AudioError } from '../../pipeline/audio/audio-errors.js';
import { detectAudioFormat, FORMAT_EXTENSION } from '../../pipeline/audio/audio-format.js';
import { discardUpload, type ReceivedUpload, storeUpload } from '../../pipeline/audio/audio-intake.js';
import { parseAudioCallInput } from '../../pipeline/audio/audio-metadata.js';
import { DEFAULT_FFMPEG, type FfmpegTools, probeAudio } from '../../pipeline/audio/ffmpeg.runner.js';
import { silkDurationMs } from '../../pipeline/audio/silk.decode.js';
import {
  type IntakeText,
  type IntakeTextInput,
  prepareIntakeText,
  searchWordsOf,
} from '../../pipeline/intake/intake-text.core.js';
import { maskPii, type PiiMatch } from '../../pipeline/nlp/pii.js';
import { phoneHashes } from '../../pipeline/privacy/pii-hash.js';
import { JobName, type JobQueue, jobIdOf } from '../../pipeline/queue.js';
import type { ChangeCause } from '../../pipeline/report/score-diff.core.js';
import { decideIndustry, type IndustryDecision, placeholderIndustry } from './industry-decision.js';
import { distinctSearchText } from './search-index.js';
import { StoreBatcher } from './store-batcher.js';

export interface CallServiceDeps {
  calls: CallRepository;
  users: UserRepository;
  lexicons: LexiconRegistry;
  queue: JobQueue;
  /** Records industry picks and corrections; absent in tools that only ingest. */
  audit?: Pick<AuditRepository, 'append'>;
  maskPii: boolean;
  /** Key of the hashes kept of masked phone numbers (erasure requests); absent = none kept. */
  piiHashKey?: string | undefined;
  /** Where those hashes go (required with piiHashKey). */
  privacy?: Pick<PrivacyRepository, 'addHashes'>;
  /** Word segmentation (jieba) for the keyword-search index. */
  segment: (text: string) => string[];
  /**
   * Where a submitted call's texts are masked and segmented: an analysis thread in the server, so
   * a huge call does not hold the event loop that serves HTTP. Absent: on this thread, with
   * `segment` (the CLI, tools, tests).
   */
  prepareText?: (input: IntakeTextInput) => Promise<IntakeText>;
  /** Recording intake; absent = this deployment transcribes nothing (no WHISPER_MODEL). */
  audio?: AudioIntakeSettings;
}

export interface AudioIntakeSettings {
  audioDir: string;
  maxBytes: number;
  maxSeconds: number;
  /** TINGJIAN_AUDIO_KEY: stored recordings are encrypted with it (read back by the same key). */
  key?: AudioKey;
  tools?: FfmpegTools;
}

/** The search words of a text (kept here for the callers that import it from intake). */
export { searchWordsOf };

export interface SubmitResult {
  call: Call;
  /** false: the same call was already stored (idempotent resubmission). */
  created: boolean;
  /**
   * true: stored, but the job queue was unreachable; the call stays `queued` and is picked up by
   * the recovery that runs when the queue is back (the API answers 202).
   */
  deferred?: boolean;
}

/**
 * At most this many new calls per store transaction: a 30-minute call is ~300 utterance rows, so
 * 16 are ~5,000 rows in 10 statements of ROWS_PER_INSERT, while a burst still pays one
 * transaction per 16 calls.
 */
const CREATE_BATCH = 16;

/**
 * Intake of transcript calls: validate, check the rep and industry, mask personal numbers,
 * store once (idempotent by external id, else by content checksum), queue the first stage.
 */
export class CallService {
  /** New transcript calls arriving while one is being stored are stored together next. */
  private readonly creates: StoreBatcher<NewCall, CreatedCall>;

  constructor(private readonly deps: CallServiceDeps) {
    this.creates = new StoreBatcher((inputs) => deps.calls.createMany(inputs), CREATE_BATCH);
  }

  /** Recording intake settings; undefined when this deployment takes transcripts only. */
  get audioIntake(): AudioIntakeSettings | undefined {
    return this.deps.audio;
  }

  async submitTranscript(body: unknown): Promise<SubmitResult> {
    const { users } = this.deps;
    const draft = parseTranscriptDraft(body);
    // Masking and search words do not depend on the industry or the rep: with an analysis thread
    // they run there while this thread infers the industry and looks the rep up.
    const texts = this.prepareTexts(draft);
    texts.catch(() => {}); // awaited below unless a check fails first
    // Absent or `auto`: inferred from lexicon evidence; too close to call → stored as 待确认行业.
    const { transcript, industrySource, decision } = this.resolveIndustry(draft);
    const rep = await users.findActiveRep(transcript.repId);
    if (!rep) {
      throw new AppError(ErrorCode.Unprocessable, `repId "${transcript.repId}" does not name an active rep`, {
        problems: [{ path: 'repId', message: 'no active rep with this id or external id' }],
      });
    }
    const { utterances, customer, searchText, found } = await texts;
    const checksum = createHash('sha256')
      .update(
        JSON.stringify({
          repId: rep.id,
          industry: transcript.industry,
          occurredAt: new Date(transcript.occurredAt).toISOString(),
          customer,
          utterances,
        }),
      )
      .digest('hex');
    const { call, created } = await this.creates.add({
      externalId: transcript.externalId ?? null,
      repId: rep.id,
      customer,
      industry: transcript.industry,
      industrySource,
      industryInference: decision?.record ?? null,
      occurredAt: transcript.occurredAt,
      source: 'transcript',
      inputChecksum: checksum,
      utterances,
      searchText,
      // Stored where it goes next in the same transaction (no second one to move it there).
      status: decision && !decision.decided ? 'needs_industry' : 'queued',
    });
    if (!created) {
      if (call.inputChecksum !== checksum) {
        throw new AppError(
          ErrorCode.Conflict,
          `externalId "${transcript.externalId}" is already call ${call.id} with different content`,
          { callId: call.id },
        );
      }
      return { call, created: false };
    }
    await this.keepHashes(call.id, found);
    if (call.status === 'needs_industry') return { call, created: true };
    const deferred = !(await this.enqueueFirstStage(call));
    return { call, created: true, ...(deferred ? { deferred } : {}) };
  }

  /**
   * Queues a stored call's first stage. False when the queue is unreachable: the call is safe in
   * the database as `queued`, and the recovery run on reconnect queues it.
   */
  private async enqueueFirstStage(call: Call): Promise<boolean> {
    try {
      await this.deps.queue.enqueue(
        JobName.Transcribe,
        { callId: call.id, revision: call.revision },
        jobIdOf(JobName.Transcribe, call.id, call.revision),
      );
      return true;
    } catch (err) {
      if (err instanceof AppError && err.code === ErrorCode.Unavailable) return false;
      throw err;
    }
  }

  /**
   * The industry of a submitted transcript: the one it names (checked), else the inferred one;
   * when inference cannot decide, the best candidate for now and the inference to flag it.
   */
  private resolveIndustry(draft: TranscriptDraft): {
    transcript: Transcript;
    industrySource: 'given' | 'inferred';
    decision: IndustryDecision | null;
  } {
    const { lexicons } = this.deps;
    if (draft.industry !== undefined) {
      lexicons.check(draft.industry); // unknown industry → unknown_industry
      return { transcript: { ...draft, industry: draft.industry }, industrySource: 'given', decision: null };
    }
    const decision = decideIndustry(draft.utterances, lexicons);
    return { transcript: { ...draft, industry: decision.industry }, industrySource: 'inferred', decision };
  }

  /**
   * A person picks (待确认行业) or corrects (an inferred or given one) a call's industry: a flagged
   * call is then analysed as a new call is, a scored one rescored; a call in progress is refused.
   */
  async chooseIndustry(callId: string, industry: string, actor: { id: string } | null = null): Promise<Call> {
    const { calls, lexicons, queue } = this.deps;
    lexicons.check(industry); // unknown industry → unknown_industry
    const call = await calls.find(callId);
    if (!call) throw new AppError(ErrorCode.NotFound, `call ${callId} not found`);
    if (call.status !== 'needs_industry' && call.status !== 'scored' && call.status !== 'failed') {
      throw new AppError(
        ErrorCode.Conflict,
        `call ${callId} is ${call.status}: its industry can be changed once it is scored`,
      );
    }
    if (call.industry === industry && call.industrySource !== 'inferred' && call.status === 'scored') {
      throw new AppError(ErrorCode.Conflict, `call ${callId} is already ${industry}`);
    }
    await calls.setIndustry(callId, industry);
    await this.deps.audit?.append({
      actorUserId: actor?.id ?? null,
      action: call.status === 'needs_industry' ? 'call.industry.pick' : 'call.industry.correct',
      entity: 'call',
      entityId: callId,
      before: { industry: call.industry, industrySource: call.industrySource, status: call.status },
      after: { industry, industrySource: 'chosen' },
    });
    if (call.status === 'scored') return this.rescore(callId, { kind: 'industry', industry });
    const queued = await calls.setStatus(callId, 'queued');
    if (call.status === 'needs_industry' && call.source === 'audio') {
      // Waited as 待确认行业 after its transcription: analysed from that transcript, not
      // transcribed again (this generation's transcribe job id is already spent).
      const analyzing = await calls.skipTranscription(callId, queued.revision);
      await queue.enqueue(
        JobName.Analyze,
        { callId, revision: analyzing.revision },
        jobIdOf(JobName.Analyze, callId, analyzing.revision),
      );
      return analyzing;
    }
    await queue.enqueue(
      JobName.Transcribe,
      { callId, revision: queued.revision },
      jobIdOf(JobName.Transcribe, callId, queued.revision),
    );
    return queued;
  }

  /**
   * Intake of a recording (multipart upload already received to a temporary file): validate the
   * metadata, rep and industry (absent or `auto`: inferred from the transcript once the worker has
   * transcribed it, or 待确认行业 then; the recording is never refused for it); detect the format by content (415 naming what it is); check the
   * duration (422 past MAX_AUDIO_SECONDS); store it by content hash; create the call (the same
   * recording again is the same call, 200) and queue transcription. A corrupt file is accepted
   * here and fails its call with the reason once the worker decodes it.
   */
  async submitAudio(metadata: unknown, upload: ReceivedUpload): Promise<SubmitResult> {
    const { calls, users, lexicons } = this.deps;
    try {
      const settings = this.deps.audio;
      if (!settings) {
        throw new AppError(
          ErrorCode.UnsupportedMediaType,
          '此部署未配置语音识别（WHISPER_MODEL），只能提交文字转写稿（application/json）',
        );
      }
      const input = parseAudioCallInput(metadata);
      checkOccurredAt(input.occurredAt);
      const found: PiiMatch[] = [];
      if (input.industry !== undefined) lexicons.check(input.industry); // unknown → unknown_industry
      const rep = await users.findActiveRep(input.repId);
      if (!rep) {
        throw new AppError(ErrorCode.Unprocessable, `repId "${input.repId}" does not name an active rep`, {
          problems: [{ path: 'repId', message: 'no active rep with this id or external id' }],
        });
      }
      const detected = detectAudioFormat(upload.head);
      if (!detected.accepted) {
        throw new AppError(
          ErrorCode.UnsupportedMediaType,
          `不支持的文件类型：${detected.format}（${detected.mime}）。支持 wav、mp3、m4a/aac、amr、ogg/opus、flac 和微信语音（SILK）`,
          { detected: detected.format, mime: detected.mime },
        );
      }
      let durationMs: number | null = null;
      let channels: number | null = null;
      let sampleRate: number | null = null;
      if (detected.format === 'silk') {
        durationMs = await silkDurationMs(upload.tmpPath);
        channels = 1;
        sampleRate = 24_000;
      } else if (detected.format !== 'empty') {
        try {
          const probe = await probeAudio(upload.tmpPath, settings.tools ?? DEFAULT_FFMPEG);
          ({ durationMs, channels, sampleRate } = probe);
        } catch (err) {
          if (!(err instanceof AudioError)) throw err;
          if (err.code === 'tool_missing') throw new AppError(ErrorCode.Unavailable, err.message);
          // Corrupt: stored and failed by the worker with the reason, like any recording.
        }
      }
      if (durationMs !== null && durationMs > settings.maxSeconds * 1000) {
        throw new AppError(
          ErrorCode.Unprocessable,
          `录音时长 ${Math.round(durationMs / 60000)} 分钟，超过上限 ${Math.round(settings.maxSeconds / 60)} 分钟（MAX_AUDIO_SECONDS）`,
          { durationMs, maxSeconds: settings.maxSeconds },
        );
      }
      const path = await storeUpload(
        upload,
        settings.audioDir,
        FORMAT_EXTENSION[detected.format],
        settings.key,
      );
      const { call, created } = await calls.create({
        externalId: input.externalId ?? null,
        repId: rep.id,
        customer: this.maskCustomer(input.customer, found),
        // Without one: a placeholder until the transcript says (industrySource inferred, no inference yet).
        industry: input.industry ?? placeholderIndustry(lexicons),
        industrySource: input.industry === undefined ? 'inferred' : 'given',
        occurredAt: input.occurredAt,
        source: 'audio',
        inputChecksum: upload.sha256,
        utterances: [],
      });
      if (!created) {
        if (call.inputChecksum !== upload.sha256) {
          throw new AppError(
            ErrorCode.Conflict,
            `externalId "${input.externalId}" is already call ${call.id} with a different recording`,
            { callId: call.id },
          );
        }
        return { call, created: false };
      }
      await this.keepHashes(call.id, found);
      await calls.setAudio(call.id, {
        sha256: upload.sha256,
        path,
        format: detected.format,
        bytes: upload.bytes,
        durationMs,
        channels,
        sampleRate,
        channelMap: input.channels ? { left: input.channels.left, right: input.channels.right } : null,
      });
      const queued = await calls.setStatus(call.id, 'queued');
      const deferred = !(await this.enqueueFirstStage(queued));
      return {
        call: (await calls.find(call.id)) ?? queued,
        created: true,
        ...(deferred ? { deferred } : {}),
      };
    } finally {
      await discardUpload(upload);
    }
  }

  /**
   * A transcript's utterances and customer fields masked, and its search words taken from the
   * masked texts, in one pass: in an analysis thread when the server has one (prepareText).
   */
  private async prepareTexts(transcript: Pick<TranscriptDraft, 'utterances' | 'customer'>): Promise<{
    utterances: Transcript['utterances'];
    customer: Transcript['customer'] | null;
    searchText: string;
    found: PiiMatch[];
  }> {
    const { customer } = transcript;
    const fields = [customer?.name, customer?.company].filter((f): f is string => f !== undefined);
    const input: IntakeTextInput = {
      texts: transcript.utterances.map((u) => u.text),
      fields,
      maskPii: this.deps.maskPii,
    };
    const out = this.deps.prepareText
      ? await this.deps.prepareText(input)
      : prepareIntakeText(input, this.deps.segment);
    if (out.texts.length !== input.texts.length || out.fields.length !== fields.length)
      throw new Error(
        `intake text preparation answered ${out.texts.length} texts and ${out.fields.length} fields for ${input.texts.length} and ${fields.length}`,
      );
    let f = 0;
    const maskedCustomer = customer
      ? {
          ...customer,
          ...(customer.name === undefined ? {} : { name: out.fields[f++]! }),
          ...(customer.company === undefined ? {} : { company: out.fields[f++]! }),
        }
      : null;
    return {
      utterances: transcript.utterances.map((u, i) => ({ ...u, text: out.texts[i]! })),
      customer: maskedCustomer,
      searchText: distinctSearchText(out.searchText),
      found: [...out.matches],
    };
  }

  /**
   * The text with its personal data masked (phone, ID and card numbers, e-mail addresses), as
   * every text we store is; unchanged when PII_MASKING is off.
   */
  maskText(text: string, found?: PiiMatch[]): string {
    if (!this.deps.maskPii) return text;
    const r = maskPii(text);
    found?.push(...r.matches);
    return r.text;
  }

  /** The customer fields with personal data masked (a name field often carries a phone number). */
  maskCustomer<T extends { name?: string | undefined; company?: string | undefined }>(
    customer: T | undefined,
    found?: PiiMatch[],
  ): T | null {
    if (!customer) return null;
    return {
      ...customer,
      ...(customer.name === undefined ? {} : { name: this.maskText(customer.name, found) }),
      ...(customer.company === undefined ? {} : { company: this.maskText(customer.company, found) }),
    };
  }

  /** Keeps keyed hashes of the phone numbers masked in a new call (when PII_HASH_KEY is set). */
  async keepHashes(callId: string, found: readonly PiiMatch[]): Promise<void> {
    const { piiHashKey, privacy } = this.deps;
    if (!piiHashKey || !privacy || found.length === 0) return;
    await privacy.addHashes(phoneHashes(piiHashKey, found).map((h) => ({ callId, ...h })));
  }

  /** The search words of a text, segmented as the index is (used for queries too). */
  searchWords(text: string): string[] {
    return searchWordsOf(this.deps.segment, text);
  }

  /**
   * The search words of a query, segmented as the index is. With analysis threads they are cut
   * there (behind at most the analyses already sent to the thread), so the API thread never loads
   * a second copy of jieba's dictionary (~45 MB) to answer a search.
   */
  async queryWords(text: string): Promise<string[]> {
    const searchText = await this.searchTextOf([text]);
    return searchText === '' ? [] : searchText.split(' ');
  }

  /**
   * The search index's text of texts already masked (a transcribed call's utterances): their
   * search words, space-separated; cut in an analysis thread when the server has them.
   */
  async searchTextOf(texts: readonly string[]): Promise<string> {
    if (this.deps.prepareText)
      return (await this.deps.prepareText({ texts, fields: [], maskPii: false })).searchText;
    return texts.flatMap((t) => this.searchWords(t)).join(' ');
  }

  /**
   * Rescores a scored call with the current lexicon and scorecard: scored → rescoring with
   * revision + 1, and an analyze job whose id carries the new revision (so it really runs). The
   * cause, when given, is what the call's 最近一次重新评分 names.
   */
  async rescore(callId: string, cause?: ChangeCause): Promise<Call> {
    const call = await this.deps.calls.setStatus(callId, 'rescoring');
    await this.deps.queue.enqueue(
      JobName.Analyze,
      { callId, revision: call.revision, ...(cause ? { cause } : {}) },
      jobIdOf(JobName.Analyze, callId, call.revision),
    );
    return call;
  }

  /**
   * Re-enqueues every call left in a non-terminal state: the database is the source of truth,
   * so a lost Redis (or a crash of the in-process runner) loses nothing. A job whose retries ran
   * out while the database was down (so the call could not even be marked failed) runs again.
   * `idleMs`: only calls unchanged for that long (the periodic sweep).
   */
  async recoverUnfinished(options: { idleMs?: number } = {}): Promise<number> {
    const { calls, queue } = this.deps;
    // The sweep leaves calls that moved recently alone: they are being worked on.
    const before = options.idleMs ? Date.now() - options.idleMs : null;
    let cursor: string | null = null;
    let n = 0;
    do {
      const page = await calls.list({
        status: ['received', 'queued', 'transcribing', 'analyzing', 'rescoring'],
        limit: 500,
        cursor,
        order: 'asc',
      });
      for (const call of page.items) {
        if (before !== null && new Date(call.updatedAt).getTime() > before) continue;
        let c = call;
        if (c.status === 'received') c = await calls.setStatus(c.id, 'queued');
        const stage =
          c.status === 'queued' || c.status === 'transcribing' ? JobName.Transcribe : JobName.Analyze;
        await queue.enqueue(stage, { callId: c.id, revision: c.revision }, jobIdOf(stage, c.id, c.revision), {
          revive: true,
        });
        n++;
      }
      cursor = page.nextCursor;
    } while (cursor);
    return n;
  }
}
