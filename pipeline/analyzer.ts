import type { CompiledLexicon } from '../lexicons/lexicon.compile.js';
import type { LexiconRegistry } from '../lexicons/lexicon.registry.js';
import { loadScorecard } from '../lexicons/scorecard.loader.js';
import type { Scorecard } from '../lexicons/scorecard.schema.js';
import type { AppliedCorrection } from '../models/appeal.js';
import type { Transcript } from '../models/transcript.js';
import { analyzeCall, type CallAnalysis, type SimilarityMeasure } from './nlp/analyze.core.js';
import type { SecondStageModel } from './nlp/detector.js';
import type { BaseSegmenter } from './nlp/segment.js';

export interface AnalyzerOptions {
  lexicons: LexiconRegistry;
  /** Folder holding scorecards/ (the lexicon folder). */
  lexiconDir: string;
  cut: BaseSegmenter;
  similarity?: SimilarityMeasure;
  /** The learned second stage (see pipeline/learned); without it the rules decide alone. */
  secondStage?: SecondStageModel;
}

/**
 * Analyses calls with the current lexicon version of each call's industry. The registry is read
 * on every call, so a version published while the process runs applies to the next analysis.
 */
export class Analyzer {
  private readonly scorecards = new Map<string, Scorecard>();
  private readonly stopwords: ReadonlySet<string>;
  private secondStage: SecondStageModel | undefined;

  constructor(private readonly options: AnalyzerOptions) {
    this.stopwords = new Set(options.lexicons.baseDocument().stopwords ?? []);
    this.secondStage = options.secondStage;
  }

  /** The learned second stage in force (a version published while the process runs replaces it). */
  get secondStageModel(): SecondStageModel | undefined {
    return this.secondStage;
  }

  /** Installs a published second stage: the next analysis uses it. */
  installSecondStage(model: SecondStageModel): void {
    this.secondStage = model;
  }

  /** Installs the scorecard of a published version (the lexicon registry holds the lexicon). */
  installScorecard(industry: string, scorecard: Scorecard): void {
    this.scorecards.set(industry, scorecard);
  }

  /** The default scorecard document folder (shipped files), for resolving database versions. */
  get lexiconDir(): string {
    return this.options.lexiconDir;
  }

  /** Analyses with an explicit lexicon and scorecard (a draft's what-if), not the current ones. */
  analyzeWith(
    transcript: Transcript,
    lexicon: CompiledLexicon,
    scorecard: Scorecard,
    callId: string,
    corrections?: readonly AppliedCorrection[],
    secondStage: SecondStageModel | undefined = this.secondStage,
  ): CallAnalysis {
    return analyzeCall(
      transcript,
      {
        lexicon,
        scorecard,
        cut: this.options.cut,
        stopwords: this.stopwords,
        ...(this.options.similarity ? { similarity: this.options.similarity } : {}),
        ...(secondStage ? { secondStage } : {}),
        ...(corrections && corrections.length > 0 ? { corrections } : {}),
      },
      callId,
    );
  }

  /** Analyses with the current lexicon and scorecard but another second stage (a model's what-if). */
  analyzeWithSecondStage(
    transcript: Transcript,
    secondStage: SecondStageModel,
    callId: string,
    corrections?: readonly AppliedCorrection[],
  ): CallAnalysis {
    return this.analyzeWith(
      transcript,
      this.options.lexicons.get(transcript.industry),
      this.scorecard(transcript.industry),
      callId,
      corrections,
      secondStage,
    );
  }

  scorecard(industry: string): Scorecard {
    let sc = this.scorecards.get(industry);
    if (!sc) {
      sc = loadScorecard(this.options.lexiconDir, industry);
      this.scorecards.set(industry, sc);
    }
    return sc;
  }

  /** `callId`: the stored call's id (findings ids derive from it); default: external id or hash. */
  analyze(
    transcript: Transcript,
    similarity = this.options.similarity,
    callId?: string,
    corrections?: readonly AppliedCorrection[],
  ): CallAnalysis {
    const lexicon = this.options.lexicons.get(transcript.industry);
    return analyzeCall(
      transcript,
      {
        lexicon,
        scorecard: this.scorecard(transcript.industry),
        cut: this.options.cut,
        stopwords: this.stopwords,
        ...(similarity ? { similarity } : {}),
        ...(this.secondStage ? { secondStage: this.secondStage } : {}),
        ...(corrections && corrections.length > 0 ? { corrections } : {}),
      },
      callId,
    );
  }
}
