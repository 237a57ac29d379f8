/**
 * The industry of a call that did not name one, decided the same way wherever its words come
 * from: a submitted transcript at intake, a recording once it is transcribed. One inferrer, one
 * set of thresholds, one record of the evidence on the call.
 */
import {
  type IndustryInference,
  type InferenceUtterance,
  inferIndustry,
} from '../../lexicons/industry-inference.js';
import type { LexiconRegistry } from '../../lexicons/lexicon.registry.js';
import type { Call } from '../../models/call.repository.js';
import { normalizeText } from '../../pipeline/nlp/normalize.js';

export interface IndustryDecision {
  /** The decided industry, or (undecided: 待确认行业) the best candidate for now. */
  industry: string;
  /** False when the evidence is too thin or too close to call: the call waits for a person. */
  decided: boolean;
  inference: IndustryInference;
  /** What the call keeps of the inference ({@link inferenceRecord}). */
  record: Record<string, unknown>;
}

/** Infers a call's industry from its utterances with the registry's current lexicons. */
export function decideIndustry(
  utterances: readonly InferenceUtterance[],
  lexicons: LexiconRegistry,
): IndustryDecision {
  const inference = inferIndustry(utterances, lexicons, { normalize: (t) => normalizeText(t).text });
  const industry = inference.industry ?? inference.candidates[0]?.industry ?? placeholderIndustry(lexicons);
  return { industry, decided: inference.decided, inference, record: inferenceRecord(inference) };
}

/**
 * The industry stored on a call before any evidence exists (a recording not yet transcribed) or
 * when no candidate has any: the column always holds a known industry, and `industrySource:
 * inferred` with no inference yet says it is not a decision.
 */
export function placeholderIndustry(lexicons: LexiconRegistry): string {
  const first = lexicons.industries()[0];
  if (!first) throw new Error('no industry lexicon is loaded');
  return first;
}

/**
 * True for a recording whose industry is to be inferred from its transcript: submitted without
 * one (or `auto`) and not inferred yet. Such a call is transcribed without an industry's
 * vocabulary hints, so the hints cannot steer the inference.
 */
export function industryAwaitsTranscript(
  call: Pick<Call, 'source' | 'industrySource' | 'industryInference'>,
): boolean {
  return call.source === 'audio' && call.industrySource === 'inferred' && call.industryInference === null;
}

/** What a call keeps of its industry inference: the verdict and the top candidates with evidence. */
export function inferenceRecord(inference: IndustryInference): Record<string, unknown> {
  return {
    decided: inference.decided,
    industry: inference.industry,
    confidence: round3(inference.confidence),
    margin: round3(inference.margin),
    thresholds: inference.thresholds,
    candidates: inference.candidates.slice(0, 3).map((c) => ({
      industry: c.industry,
      name: c.name,
      score: round3(c.score),
      probability: round3(c.probability),
      evidence: c.evidence.slice(0, 5).map((e) => ({ term: e.term, category: e.category, count: e.count })),
    })),
  };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
