import { type CompiledLexicon, compileLexicon } from '../../lexicons/lexicon.compile.js';
import type { LexiconRegistry } from '../../lexicons/lexicon.registry.js';
import type { Scorecard } from '../../lexicons/scorecard.schema.js';
import type { AppliedCorrection } from '../../models/appeal.js';
import type { Transcript } from '../../models/transcript.js';
import type { Analyzer } from '../analyzer.js';
import type { IntakeText, IntakeTextInput } from '../intake/intake-text.core.js';
import type { SecondStageModel as SecondStageDocument } from '../learned/model.schema.js';
import { SecondStage } from '../learned/second-stage.js';
import type { CallAnalysis } from '../nlp/analyze.core.js';
import { AnalysisPool, type AnalysisPoolOptions } from './analysis-pool.js';
import type { LexiconSource, SecondStageSource, VersionRef } from './analysis-thread.protocol.js';

/**
 * Where calls are analysed: on this event loop (`inline`: the CLI, tests, workers without HTTP)
 * or in analysis threads (`thread`: the server). The versions in force are read from the main
 * thread's registry and analyzer on every call, so a lexicon or second stage published while the
 * server runs applies to the next analysis in both.
 */
export interface AnalysisEngine {
  readonly kind: 'inline' | 'thread';
  /** With the industry's current lexicon and scorecard and the second stage in force. */
  analyze(
    transcript: Transcript,
    callId: string,
    corrections?: readonly AppliedCorrection[],
  ): Promise<CallAnalysis>;
  /** With a lexicon draft and its scorecard (a draft's what-if). */
  analyzeDraft(
    transcript: Transcript,
    draft: LexiconSource,
    scorecard: Scorecard,
    callId: string,
    corrections?: readonly AppliedCorrection[],
  ): Promise<CallAnalysis>;
  /** With the current lexicon and scorecard but another second stage (a model's what-if). */
  analyzeWithSecondStage(
    transcript: Transcript,
    model: SecondStageDocument,
    callId: string,
    corrections?: readonly AppliedCorrection[],
  ): Promise<CallAnalysis>;
  close(): Promise<void>;
}

/** Analyses on the calling thread (what the server did before analysis threads). */
export class InlineAnalysisEngine implements AnalysisEngine {
  readonly kind = 'inline';
  private draft: { overlay: object; sequence: number; compiled: CompiledLexicon } | undefined;
  private model: { doc: SecondStageDocument; stage: SecondStage } | undefined;

  /** `lexicons`: the base lexicon a draft compiles against (needed by `analyzeDraft` only). */
  constructor(
    private readonly analyzer: Analyzer,
    private readonly lexicons?: LexiconRegistry,
  ) {}

  async analyze(transcript: Transcript, callId: string, corrections?: readonly AppliedCorrection[]) {
    return this.analyzer.analyze(transcript, undefined, callId, corrections);
  }

  async analyzeDraft(
    transcript: Transcript,
    draft: LexiconSource,
    scorecard: Scorecard,
    callId: string,
    corrections?: readonly AppliedCorrection[],
  ) {
    // A what-if passes the same draft for every call: compiled once.
    if (this.draft?.overlay !== draft.overlay || this.draft.sequence !== draft.sequence) {
      if (!this.lexicons) throw new Error('analysing a lexicon draft needs the lexicon registry');
      const compiled = compileLexicon(this.lexicons.baseDocument(), draft.overlay, draft.sequence);
      this.draft = { overlay: draft.overlay, sequence: draft.sequence, compiled };
    }
    return this.analyzer.analyzeWith(transcript, this.draft.compiled, scorecard, callId, corrections);
  }

  async analyzeWithSecondStage(
    transcript: Transcript,
    model: SecondStageDocument,
    callId: string,
    corrections?: readonly AppliedCorrection[],
  ) {
    if (this.model?.doc !== model) this.model = { doc: model, stage: new SecondStage(model) };
    return this.analyzer.analyzeWithSecondStage(transcript, this.model.stage, callId, corrections);
  }

  async close(): Promise<void> {}
}

/**
 * Analyses in a pool of threads. Versions are named by key: a lexicon by industry, sequence and
 * the identity of its overlay document (the registry installs a new object for every version),
 * a scorecard by the identity of its object, a second stage by its content-hashed version.
 */
export class ThreadedAnalysisEngine implements AnalysisEngine {
  readonly kind = 'thread';
  readonly pool: AnalysisPool;
  private readonly ids = new WeakMap<object, number>();
  private nextId = 1;
  private readonly inline: InlineAnalysisEngine;
  /** The second stage loaded from a file at start: threads load it themselves (SecondStageSource). */
  private readonly fileStage: { stage: SecondStage; file: string } | undefined;

  constructor(
    private readonly analyzer: Analyzer,
    private readonly lexicons: LexiconRegistry,
    options: ThreadedEngineOptions,
  ) {
    const { cacheDir, secondStageFile, ...pool } = options;
    const stage = analyzer.secondStageModel;
    if (secondStageFile && stage instanceof SecondStage) this.fileStage = { stage, file: secondStageFile };
    this.pool = new AnalysisPool({
      ...pool,
      init: { base: lexicons.baseDocument(), ...(cacheDir ? { cacheDir } : {}) },
    });
    this.inline = new InlineAnalysisEngine(analyzer, lexicons);
  }

  async analyze(transcript: Transcript, callId: string, corrections?: readonly AppliedCorrection[]) {
    const stage = this.analyzer.secondStageModel;
    // A second stage that is not a model document (a test double) cannot cross to a thread.
    if (stage && !(stage instanceof SecondStage)) return this.inline.analyze(transcript, callId, corrections);
    return this.send(
      transcript,
      callId,
      corrections,
      this.current(transcript.industry),
      this.sourceOf(stage),
    );
  }

  async analyzeDraft(
    transcript: Transcript,
    draft: LexiconSource,
    scorecard: Scorecard,
    callId: string,
    corrections?: readonly AppliedCorrection[],
  ) {
    const stage = this.analyzer.secondStageModel;
    if (stage && !(stage instanceof SecondStage))
      return this.inline.analyzeDraft(transcript, draft, scorecard, callId, corrections);
    return this.send(
      transcript,
      callId,
      corrections,
      {
        lexicon: this.lexiconRef(transcript.industry, draft),
        scorecard: this.scorecardRef(transcript.industry, scorecard),
      },
      this.sourceOf(stage),
    );
  }

  async analyzeWithSecondStage(
    transcript: Transcript,
    model: SecondStageDocument,
    callId: string,
    corrections?: readonly AppliedCorrection[],
  ) {
    return this.send(transcript, callId, corrections, this.current(transcript.industry), model);
  }

  /** Masking and search words of a submitted call, in a thread (see prepareIntakeText). */
  async prepareIntakeText(input: IntakeTextInput): Promise<IntakeText> {
    return (await this.pool.prepareIntakeText(input)).intake;
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  /** The industry's lexicon and scorecard in force (an unknown industry is the registry's error). */
  private current(industry: string): {
    lexicon: VersionRef<LexiconSource>;
    scorecard: VersionRef<Scorecard>;
  } {
    const overlay = this.lexicons.overlay(industry);
    if (!overlay) this.lexicons.check(industry); // throws unknown_industry
    const source = { overlay: overlay!, sequence: this.lexicons.sequence(industry) };
    return {
      lexicon: this.lexiconRef(industry, source),
      scorecard: this.scorecardRef(industry, this.analyzer.scorecard(industry)),
    };
  }

  private async send(
    transcript: Transcript,
    callId: string,
    corrections: readonly AppliedCorrection[] | undefined,
    versions: { lexicon: VersionRef<LexiconSource>; scorecard: VersionRef<Scorecard> },
    model: SecondStageSource | null,
  ): Promise<CallAnalysis> {
    const { analysis } = await this.pool.run({
      transcript,
      callId,
      ...(corrections && corrections.length > 0 ? { corrections } : {}),
      ...versions,
      secondStage: model ? { key: `model:${model.version}`, doc: model } : null,
    });
    return analysis;
  }

  /** The file-backed model as its file, any other (published, retrained) as its document. */
  private sourceOf(stage: SecondStage | undefined): SecondStageSource | null {
    if (!stage) return null;
    if (stage === this.fileStage?.stage) return { file: this.fileStage.file, version: stage.version };
    return stage.model;
  }

  private lexiconRef(industry: string, source: LexiconSource): VersionRef<LexiconSource> {
    return { key: `lexicon:${industry}@${source.sequence}#${this.idOf(source.overlay)}`, doc: source };
  }

  private scorecardRef(industry: string, scorecard: Scorecard): VersionRef<Scorecard> {
    return { key: `scorecard:${industry}#${this.idOf(scorecard)}`, doc: scorecard };
  }

  private idOf(o: object): number {
    let id = this.ids.get(o);
    if (id === undefined) {
      id = this.nextId++;
      this.ids.set(o, id);
    }
    return id;
  }
}

/** The engine of a configuration: `threads` 0 analyses inline, 1+ in that many threads. */
export interface ThreadedEngineOptions extends Omit<AnalysisPoolOptions, 'init'> {
  cacheDir?: string | undefined;
  /** The file the analyzer's second stage was loaded from (SECOND_STAGE_MODEL or the shipped one). */
  secondStageFile?: string | undefined;
}

export function createAnalysisEngine(
  analyzer: Analyzer,
  lexicons: LexiconRegistry,
  options: ThreadedEngineOptions,
): AnalysisEngine {
  return options.threads > 0
    ? new ThreadedAnalysisEngine(analyzer, lexicons, options)
    : new InlineAnalysisEngine(analyzer, lexicons);
}
