import { createHash } from 'node:crypto';
import type { LexiconRegistry } from '../lexicons/lexicon.registry.js';
import type { Call, CallRepository } from '../models/call.repository.js';
import { AppError, ErrorCode } from '../models/errors.js';
import { parseTranscript } from '../models/transcript.js';
import type { UserRepository } from '../models/user.repository.js';
import { maskPii } from './nlp/pii.js';
import { JobName, type JobQueue, jobIdOf } from './queue.js';

export interface CallServiceDeps {
  calls: CallRepository;
  users: UserRepository;
  lexicons: LexiconRegistry;
  queue: JobQueue;
  maskPii: boolean;
  /** Word segmentation (jieba) for the keyword-search index. */
  segment: (text: string) => string[];
}

/** Words worth indexing: anything with a letter or digit (drops punctuation and spaces). */
const WORD = /[\p{L}\p{N}]/u;

export interface SubmitResult {
  call: Call;
  /** false: the same call was already stored (idempotent resubmission). */
  created: boolean;
}

/**
 * Intake of transcript calls: validate, check the rep and industry, mask personal numbers,
 * store once (idempotent by external id, else by content checksum), queue the first stage.
 */
export class CallService {
  constructor(private readonly deps: CallServiceDeps) {}

  async submitTranscript(body: unknown): Promise<SubmitResult> {
    const transcript = parseTranscript(body);
    const { calls, users, lexicons, queue } = this.deps;
    lexicons.get(transcript.industry); // unknown industry → unknown_industry
    const rep = await users.findActiveRep(transcript.repId);
    if (!rep) {
      throw new AppError(ErrorCode.Unprocessable, `repId "${transcript.repId}" does not name an active rep`, {
        problems: [{ path: 'repId', message: 'no active rep with this id or external id' }],
      });
    }
    const utterances = transcript.utterances.map((u) => ({
      ...u,
      text: this.deps.maskPii ? maskPii(u.text).text : u.text,
    }));
    const checksum = createHash('sha256')
      .update(
        JSON.stringify({
          repId: rep.id,
          industry: transcript.industry,
          occurredAt: new Date(transcript.occurredAt).toISOString(),
          customer: transcript.customer ?? null,
          utterances,
        }),
      )
      .digest('hex');
    const { call, created } = await calls.create({
      externalId: transcript.externalId ?? null,
      repId: rep.id,
      customer: transcript.customer ?? null,
      industry: transcript.industry,
      occurredAt: transcript.occurredAt,
      source: 'transcript',
      inputChecksum: checksum,
      utterances,
      searchText: utterances.flatMap((u) => this.searchWords(u.text)).join(' '),
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
    const queued = await calls.setStatus(call.id, 'queued');
    await queue.enqueue(
      JobName.Transcribe,
      { callId: call.id, revision: queued.revision },
      jobIdOf(JobName.Transcribe, call.id, queued.revision),
    );
    return { call: queued, created: true };
  }

  /** The search words of a text, segmented as the index is (used for queries too). */
  searchWords(text: string): string[] {
    return this.deps.segment(text.normalize('NFKC')).filter((w) => WORD.test(w));
  }

  /**
   * Rescores a scored call with the current lexicon and scorecard: scored → rescoring with
   * revision + 1, and an analyze job whose id carries the new revision (so it really runs).
   */
  async rescore(callId: string): Promise<Call> {
    const call = await this.deps.calls.setStatus(callId, 'rescoring');
    await this.deps.queue.enqueue(
      JobName.Analyze,
      { callId, revision: call.revision },
      jobIdOf(JobName.Analyze, callId, call.revision),
    );
    return call;
  }

  /**
   * Re-enqueues every call left in a non-terminal state: the database is the source of truth,
   * so a lost Redis (or a crash of the in-process runner) loses nothing.
   */
  async recoverUnfinished(): Promise<number> {
    const { calls, queue } = this.deps;
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
        let c = call;
        if (c.status === 'received') c = await calls.setStatus(c.id, 'queued');
        const stage =
          c.status === 'queued' || c.status === 'transcribing' ? JobName.Transcribe : JobName.Analyze;
        await queue.enqueue(stage, { callId: c.id, revision: c.revision }, jobIdOf(stage, c.id, c.revision));
        n++;
      }
      cursor = page.nextCursor;
    } while (cursor);
    return n;
  }
}
