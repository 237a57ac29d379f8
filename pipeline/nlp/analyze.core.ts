import { createHash } from 'node:crypto';
import type { Dimension } from '../../lexicons/scorecard.schema.js';
import type { AppliedCorrection } from '../../models/appeal.js';
import type { Transcript } from '../../models/transcript.js';
import { OBJECTION_ZH } from '../../shared/labels-zh.js';
import { type CoachingOpportunity, findCoachingOpportunities } from './coaching.js';
import { type CorrectionOutcome, correctFindings } from './corrections.js';
import { type AnalyzeDeps, type CallContext, LEXICAL_SIMILARITY, type NewFinding } from './detector.js';
import { DETECTORS, detectorOf } from './detectors.js';
import { findingId } from './finding-id.js';
import { computeMetrics } from './metrics.js';
import { type PreparedUtterance, prepareCall } from './prepare.js';
import { type CallScore, type ScoreItem, scoreCall } from './score.core.js';
import { computeScoreMetrics, groupFindings } from './score-metrics.js';
import { detectTags } from './tags.detector.js';
import {
  type Finding,
  type FindingBase,
  isPlainLabel,
  LABELS,
  type Label,
  type Metrics,
  type SpeakerText,
  type TagResult,
} from './types.js';

export { type CoachingOpportunity, spanToUnits } from './coaching.js';
export { type AnalyzeDeps, LEXICAL_SIMILARITY, type SimilarityMeasure } from './detector.js';

/** The analysis JSON of evaluation.md (plus evidence and scoring detail). */
export interface CallAnalysis {
  callId: string;
  externalId: string | null;
  repId: string;
  industry: string;
  occurredAt: string;
  lexiconVersion: string;
  scorecardVersion: string;
  /** The learned second stage that joined the rules (`second-stage@<seq>+<hash>`), or null. */
  secondStageVersion: string | null;
  similarityMeasure: { measure: 'lexical' | 'embedding'; threshold: number; model: string | null };
  utterances: SpeakerText[];
  findings: Finding[];
  tags: string[];
  industryTags: string[];
  tagEvidence: TagResult[];
  metrics: Metrics;
  dimensions: Record<Dimension, number | null>;
  total: number | null;
  scoreItems: ScoreItem[];
  coaching: CoachingOpportunity[];
  /** With corrections only: machine findings a correction removed or changed (kept for the record). */
  suppressed?: Finding[];
  /** With corrections only: how each correction stands against this machine result. */
  corrections?: CorrectionOutcome[];
}

/** Id of a call: its external id, else a hash of its content. */
export function callIdOf(t: Transcript): string {
  if (t.externalId) return t.externalId;
  const h = createHash('sha256').update(JSON.stringify([t.repId, t.industry, t.occurredAt, t.utterances]));
  return `call-${h.digest('hex').slice(0, 16)}`;
}

/** The transcript with accepted speaker corrections applied, before any detector reads it. */
function applySpeakerCorrections(input: Transcript, corrections: readonly AppliedCorrection[]): Transcript {
  const speakerFix = new Map<string, 'rep' | 'customer'>();
  for (const c of corrections) if (c.kind === 'speaker') speakerFix.set(c.utteranceId, c.speaker);
  if (speakerFix.size === 0) return input;
  return {
    ...input,
    utterances: input.utterances.map((u) => {
      const fix = speakerFix.get(u.id);
      return fix ? { ...u, speaker: fix } : u;
    }),
  };
}

/**
 * Runs the detector registry over the prepared call, in registry order. The learned second
 * stage (when configured) predicts once per call here; detectors read its predictions from the
 * shared facts to add or veto findings. Returns the context, whose `findings` are in detection order.
 */
function runDetectors(callId: string, us: readonly PreparedUtterance[], deps: AnalyzeDeps): CallContext {
  const version = deps.lexicon.versionId;
  const findings: Finding[] = [];
  const ctx: CallContext = {
    callId,
    lexiconVersion: version,
    us,
    deps,
    similarity: deps.similarity ?? LEXICAL_SIMILARITY,
    findings,
    facts: {
      questions: new Map(),
      nextSteps: new Map(),
      objections: new Map(),
      restatements: new Map(),
      ...(deps.secondStage
        ? { predictions: deps.secondStage.predictCall(us.map((u) => ({ speaker: u.speaker, text: u.text }))) }
        : {}),
    },
    add(f: NewFinding): Finding {
      const full: Finding = {
        id: findingId(callId, f.utteranceId, f.label, f.span),
        lexiconVersion: version,
        ...f,
      };
      findings.push(full);
      return full;
    },
  };
  for (const detector of DETECTORS) detector.detect(ctx);
  return ctx;
}

/**
 * Applies the finding corrections of accepted appeals to `ctx.findings` in place (removals,
 * relabels, additions built by the owning detector's `fromAppeal`). Everything after reads the
 * corrected findings, so a correction counts once, wherever it applies.
 */
function applyFindingCorrections(
  ctx: CallContext,
  corrections: readonly AppliedCorrection[],
): { suppressed: Finding[]; outcomes: CorrectionOutcome[] } {
  if (corrections.length === 0) return { suppressed: [], outcomes: [] };
  const preparedById = new Map(ctx.us.map((u) => [u.id, u]));
  const make = (
    label: Label,
    utteranceId: string,
    span: [number, number],
    overrideId: string,
  ): Finding | null => {
    const u = preparedById.get(utteranceId);
    if (!u || span[1] > [...u.text].length) return null;
    const chars = [...u.text];
    const base: FindingBase = {
      id: findingId(ctx.callId, utteranceId, label, span),
      label,
      utteranceId,
      span,
      rule: 'appeal',
      term: chars.slice(span[0], span[1]).join(''),
      lexiconVersion: ctx.lexiconVersion,
      confidence: 1,
      overrideId,
    };
    const detector = detectorOf(label);
    if (detector.fromAppeal) return detector.fromAppeal(ctx, u, base);
    if (!isPlainLabel(base.label)) throw new Error(`detector ${detector.id} has no fromAppeal for ${label}`);
    return { ...base, label: base.label };
  };
  return correctFindings(ctx.findings, corrections, make);
}

/** How each score and speaker correction stands against the machine result (in correction order). */
function settleScoreAndSpeakerCorrections(
  corrections: readonly AppliedCorrection[],
  score: CallScore,
  input: Transcript,
): CorrectionOutcome[] {
  const outcomes: CorrectionOutcome[] = [];
  for (const c of corrections) {
    if (c.kind === 'score') {
      const machine = score.items.find((i) => i.id === c.itemId)?.machineScore;
      outcomes.push({
        overrideId: c.overrideId,
        state: !score.items.some((i) => i.id === c.itemId)
          ? 'stale'
          : machine === c.score
            ? 'agrees'
            : 'applied',
      });
    } else if (c.kind === 'speaker') {
      const before = input.utterances.find((u) => u.id === c.utteranceId);
      outcomes.push({
        overrideId: c.overrideId,
        state: !before ? 'stale' : before.speaker === c.speaker ? 'agrees' : 'applied',
      });
    }
  }
  return outcomes;
}

/** Sorts findings in place into reading order: utterance, start, label order, end. */
function sortFindings(findings: Finding[], us: readonly PreparedUtterance[]): void {
  const order = new Map(us.map((u, i) => [u.id, i]));
  findings.sort(
    (a, b) =>
      order.get(a.utteranceId)! - order.get(b.utteranceId)! ||
      a.span[0] - b.span[0] ||
      labelOrder(a.label) - labelOrder(b.label) ||
      a.span[1] - b.span[1],
  );
}

/** Position of each label in LABELS, looked up once per comparison instead of searched. */
const LABEL_ORDER: ReadonlyMap<string, number> = new Map(LABELS.map((l) => [l, LABELS.indexOf(l)]));
const labelOrder = (label: string): number => LABEL_ORDER.get(label) ?? -1;

/**
 * Analyses one call. Pure: same transcript + same lexicon and scorecard versions give
 * byte-identical output. Throws only on programming errors; input is validated before.
 */
export function analyzeCall(input: Transcript, deps: AnalyzeDeps, callIdOverride?: string): CallAnalysis {
  const callId = callIdOverride ?? callIdOf(input);
  const corrections = deps.corrections ?? [];
  const transcript = applySpeakerCorrections(input, corrections);
  const us = prepareCall(transcript.utterances, deps);
  const ctx = runDetectors(callId, us, deps);
  const { findings, similarity } = ctx;
  const tags = detectTags(us, ctx.facts.objections, deps.lexicon);
  const { suppressed, outcomes } = applyFindingCorrections(ctx, corrections);

  const groups = groupFindings(findings);
  const metrics = computeMetrics(
    transcript.utterances,
    groups.repQuestions.length,
    groups.repOpenQuestions.length,
    groups.customerQuestions.length,
  );
  const scoreMetrics = computeScoreMetrics({
    utterances: transcript.utterances,
    us,
    findings,
    groups,
    metrics,
  });
  const fixedScores = new Map<string, number>();
  for (const c of corrections) if (c.kind === 'score') fixedScores.set(c.itemId, c.score);
  const score = scoreCall(scoreMetrics, deps.scorecard, metrics.durationSec / 60, fixedScores);
  outcomes.push(...settleScoreAndSpeakerCorrections(corrections, score, input));
  sortFindings(findings, us);
  const coaching = findCoachingOpportunities(transcript.utterances, findings);

  return {
    callId,
    externalId: transcript.externalId ?? null,
    repId: transcript.repId,
    industry: transcript.industry,
    occurredAt: transcript.occurredAt,
    lexiconVersion: ctx.lexiconVersion,
    scorecardVersion: score.scorecardVersion,
    secondStageVersion: deps.secondStage?.version ?? null,
    similarityMeasure: {
      measure: similarity.measure,
      threshold: similarity.threshold,
      model: similarity.model ?? null,
    },
    utterances: transcript.utterances.map((u) => ({
      id: u.id,
      speaker: u.speaker,
      start: u.start,
      end: u.end,
      text: u.text,
    })),
    findings,
    tags: tags.spec.map((t) => t.tag),
    industryTags: tags.industry.map((t) => t.tag),
    tagEvidence: [...tags.spec, ...tags.industry],
    metrics,
    dimensions: score.dimensions,
    total: score.total,
    scoreItems: score.items,
    coaching,
    ...(corrections.length > 0 ? { suppressed, corrections: outcomes } : {}),
  };
}

export { OBJECTION_ZH };
