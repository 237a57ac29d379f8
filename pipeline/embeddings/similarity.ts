import type { Transcript } from '../../models/transcript.js';
import type { Analyzer } from '../analyzer.js';
import type { CallAnalysis, SimilarityMeasure } from '../nlp/analyze.core.js';
import { cosineSimilarity, type Embedder } from './embedder.js';

/** Default embedding threshold before calibration (bge-style models put paraphrases above it). */
export const DEFAULT_EMBEDDING_THRESHOLD = 0.75;

/**
 * Analyses a call with embedding similarity. The analysis core is synchronous, so this runs it
 * once to learn which texts need vectors, embeds them in one batch, then runs it again with a
 * lookup. Deterministic: the same texts give the same vectors.
 */
export async function analyzeWithEmbeddings(
  transcript: Transcript,
  analyzer: Analyzer,
  embedder: Embedder,
  threshold: number,
): Promise<CallAnalysis> {
  const requested = new Set<string>();
  const probe: SimilarityMeasure = {
    measure: 'embedding',
    threshold,
    model: embedder.modelId,
    between(a, b) {
      requested.add(a);
      requested.add(b);
      return 0;
    },
  };
  analyzer.analyze(transcript, probe);
  const texts = [...requested].sort();
  const vectors = texts.length > 0 ? await embedder.embed(texts) : [];
  const byText = new Map(texts.map((t, i) => [t, vectors[i]!]));
  return analyzer.analyze(transcript, {
    measure: 'embedding',
    threshold,
    model: embedder.modelId,
    between(a, b) {
      const va = byText.get(a);
      const vb = byText.get(b);
      return va && vb ? cosineSimilarity(va, vb) : 0;
    },
  });
}

export interface CalibrationPair {
  embedding: number;
  lexicalAccurate: boolean;
}

export interface Calibration {
  threshold: number;
  agreement: number;
  pairs: number;
}

/**
 * The embedding threshold that agrees best with the lexical measure's accurate/inaccurate
 * decisions (behaviours.md: "the threshold is then calibrated so the two agree on the gold set").
 * Among equally good thresholds the midpoint of the best interval is taken.
 */
export function calibrateThreshold(
  pairs: readonly CalibrationPair[],
  fallback = DEFAULT_EMBEDDING_THRESHOLD,
): Calibration {
  if (pairs.length === 0) return { threshold: fallback, agreement: 0, pairs: 0 };
  const values = [...new Set(pairs.map((p) => p.embedding))].sort((a, b) => a - b);
  const candidates = [
    values[0]! - 1e-6,
    ...values.map((v, i) => (i + 1 < values.length ? (v + values[i + 1]!) / 2 : v + 1e-6)),
  ];
  let best = -1;
  let bestFrom = 0;
  let bestTo = 0;
  for (const t of candidates) {
    const agree = pairs.filter((p) => p.embedding >= t === p.lexicalAccurate).length;
    if (agree > best) {
      best = agree;
      bestFrom = t;
      bestTo = t;
    } else if (agree === best) bestTo = t;
  }
  const threshold = Math.round(((bestFrom + bestTo) / 2) * 10000) / 10000;
  return { threshold, agreement: Math.round((best / pairs.length) * 10000) / 10000, pairs: pairs.length };
}
