import { type CompiledLexicon, compileLexicon } from '../../lexicons/lexicon.compile.js';
import type { Scorecard } from '../../lexicons/scorecard.schema.js';
import { AppError, ErrorCode } from '../../models/errors.js';
import { prepareIntakeText } from '../intake/intake-text.core.js';
import { SecondStage } from '../learned/second-stage.js';
import { analyzeCall } from '../nlp/analyze.core.js';
import type { SecondStageModel } from '../nlp/detector.js';
import type { BaseSegmenter } from '../nlp/segment.js';
import type {
  AnalysisReply,
  AnalysisRequest,
  AnalysisThreadInit,
  IntakeTextReply,
  IntakeTextRequest,
  SecondStageFile,
  ThreadError,
  ThreadReply,
  ThreadRequest,
  VersionRef,
} from './analysis-thread.protocol.js';

/** Versions a thread keeps of each kind, least recently used evicted first. */
export const THREAD_CACHE_LIMITS = { lexicons: 32, scorecards: 64, secondStages: 4 } as const;

/** A small least-recently-used map: a long-running thread holds a bounded set of versions. */
class Recent<T> {
  private readonly map = new Map<string, T>();
  constructor(private readonly limit: number) {}

  get(key: string): T | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  set(key: string, value: T): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.limit) this.map.delete(this.map.keys().next().value!);
  }

  get size(): number {
    return this.map.size;
  }
}

/**
 * The analysis a thread runs: the same pure `analyzeCall` as the main thread, with the versions
 * named by each request (compiled once per version and kept, bounded). Pure apart from its
 * caches: no I/O, no database.
 */
export class ThreadAnalyzer {
  private readonly lexicons = new Recent<CompiledLexicon>(THREAD_CACHE_LIMITS.lexicons);
  private readonly scorecards = new Recent<Scorecard>(THREAD_CACHE_LIMITS.scorecards);
  private readonly secondStages = new Recent<SecondStageModel>(THREAD_CACHE_LIMITS.secondStages);
  private readonly stopwords: ReadonlySet<string>;

  /**
   * `loadModelFile` loads a file-backed second stage (the thread's entry passes `loadSecondStage`
   * with the thread's file cache); without it such a request fails.
   */
  constructor(
    private readonly init: AnalysisThreadInit,
    private readonly cut: BaseSegmenter,
    private readonly loadModelFile?: (file: string) => SecondStage,
  ) {
    this.stopwords = new Set(init.base.stopwords ?? []);
  }

  /** Versions held, per kind (tests, diagnostics). */
  get held(): { lexicons: number; scorecards: number; secondStages: number } {
    return {
      lexicons: this.lexicons.size,
      scorecards: this.scorecards.size,
      secondStages: this.secondStages.size,
    };
  }

  /** Answers one request of either kind (the thread's message handler). */
  answer(req: ThreadRequest): ThreadReply {
    return 'kind' in req ? this.handleIntake(req) : this.handle(req);
  }

  /** Masks and segments a submitted call's texts (see prepareIntakeText). */
  handleIntake(req: IntakeTextRequest): IntakeTextReply {
    const started = performance.now();
    try {
      const intake = prepareIntakeText(req.input, this.cut);
      return { id: req.id, ok: true, intake, ms: performance.now() - started };
    } catch (err) {
      return { id: req.id, ok: false, error: toThreadError(err) };
    }
  }

  handle(req: AnalysisRequest): AnalysisReply {
    const started = performance.now();
    try {
      const missing: string[] = [];
      const lexicon = this.resolve(req.lexicon, this.lexicons, missing, (d) =>
        compileLexicon(this.init.base, d.overlay, d.sequence),
      );
      const scorecard = this.resolve(req.scorecard, this.scorecards, missing, (d) => d);
      const secondStage = req.secondStage
        ? this.resolve(req.secondStage, this.secondStages, missing, (d) =>
            'file' in d ? this.loadFile(d) : new SecondStage(d),
          )
        : undefined;
      if (missing.length > 0 || !lexicon || !scorecard) return { id: req.id, ok: false, missing };
      const analysis = analyzeCall(
        req.transcript,
        {
          lexicon,
          scorecard,
          cut: this.cut,
          stopwords: this.stopwords,
          ...(secondStage ? { secondStage } : {}),
          ...(req.corrections && req.corrections.length > 0 ? { corrections: req.corrections } : {}),
        },
        req.callId,
      );
      return { id: req.id, ok: true, analysis, ms: performance.now() - started };
    } catch (err) {
      return { id: req.id, ok: false, error: toThreadError(err) };
    }
  }

  /** A file-backed second stage, as the main thread loaded it (the same version, or an error). */
  private loadFile(source: SecondStageFile): SecondStage {
    if (!this.loadModelFile) throw new Error('this analysis thread cannot load a second-stage model file');
    const stage = this.loadModelFile(source.file);
    if (stage.version !== source.version) {
      throw new AppError(
        ErrorCode.ModelUnavailable,
        `second-stage model ${source.file} changed after it was loaded; restart to load the new model`,
        { file: source.file },
      );
    }
    return stage;
  }

  private resolve<D, T>(
    ref: VersionRef<D>,
    cache: Recent<T>,
    missing: string[],
    build: (doc: D) => T,
  ): T | undefined {
    const held = cache.get(ref.key);
    if (held !== undefined) return held;
    if (ref.doc === undefined) {
      missing.push(ref.key);
      return undefined;
    }
    const built = build(ref.doc);
    cache.set(ref.key, built);
    return built;
  }
}

export function toThreadError(err: unknown): ThreadError {
  if (err instanceof AppError) {
    return {
      name: err.name,
      message: err.message,
      code: err.code,
      ...(err.details ? { details: err.details as Record<string, unknown> } : {}),
    };
  }
  if (err instanceof Error) return { name: err.name, message: err.message };
  return { name: 'Error', message: String(err) };
}
