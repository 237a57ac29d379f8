import { createHash } from 'node:crypto';
import type { Technique } from '../../lexicons/lexicon.schema.js';
import type { Dimension, ScoreMetric } from '../../lexicons/scorecard.schema.js';
import type { Transcript } from '../../models/transcript.js';
import { OBJECTION_ZH } from '../../shared/labels-zh.js';
import { type CorrectionOutcome, correctFindings } from './corrections.js';
import { type AnalyzeDeps, type CallContext, LEXICAL_SIMILARITY, type NewFinding } from './detector.js';
import { DETECTORS, detectorOf } from './detectors.js';
import { findingId } from './finding-id.js';
import { computeMetrics } from './metrics.js';
import { prepareCall, termsOf } from './prepare.js';
import { type CallScore, type MetricValue, type ScoreItem, scoreCall } from './score.core.js';
import { detectTags } from './tags.detector.js';
import {
  type Finding,
  type FindingBase,
  isImplicitNeedFinding,
  isNextStepFinding,
  isObjectionFinding,
  isOpeningFinding,
  isPlainLabel,
  isRestatementFinding,
  isSolutionFinding,
  LABELS,
  type Label,
  type Metrics,
  type SpeakerText,
  type TagResult,
} from './types.js';

export { type AnalyzeDeps, LEXICAL_SIMILARITY, type SimilarityMeasure } from './detector.js';

export interface CoachingOpportunity {
  kind: 'missed_need' | 'unhandled_objection';
  findingId: string;
  utteranceId: string;
  quote: string;
  detailZh: string;
}

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

/** How many rep utterances after a need a solution may follow for "need linked to solution". */
const LINK_WINDOW = 3;

/**
 * Analyses one call. Pure: same transcript + same lexicon and scorecard versions give
 * byte-identical output. Throws only on programming errors; input is validated before.
 */
export function analyzeCall(input: Transcript, deps: AnalyzeDeps, callIdOverride?: string): CallAnalysis {
  const { lexicon } = deps;
  const similarity = deps.similarity ?? LEXICAL_SIMILARITY;
  const callId = callIdOverride ?? callIdOf(input);
  const corrections = deps.corrections ?? [];
  // Speaker corrections change the transcript itself, before any detector reads it.
  const speakerFix = new Map<string, 'rep' | 'customer'>();
  for (const c of corrections) if (c.kind === 'speaker') speakerFix.set(c.utteranceId, c.speaker);
  const transcript: Transcript =
    speakerFix.size === 0
      ? input
      : {
          ...input,
          utterances: input.utterances.map((u) => {
            const fix = speakerFix.get(u.id);
            return fix ? { ...u, speaker: fix } : u;
          }),
        };
  const version = lexicon.versionId;
  const us = prepareCall(transcript.utterances, deps);
  const findings: Finding[] = [];
  const ctx: CallContext = {
    callId,
    lexiconVersion: version,
    us,
    deps,
    similarity,
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
  const tags = detectTags(us, ctx.facts.objections, lexicon);

  // Corrections from accepted appeals, applied on top of the machine findings. Everything below
  // reads the (corrected) findings, so a correction counts once, wherever it applies.
  const preparedById = new Map(us.map((u) => [u.id, u]));
  let suppressed: Finding[] = [];
  let outcomes: CorrectionOutcome[] = [];
  if (corrections.length > 0) {
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
        id: findingId(callId, utteranceId, label, span),
        label,
        utteranceId,
        span,
        rule: 'appeal',
        term: chars.slice(span[0], span[1]).join(''),
        lexiconVersion: version,
        confidence: 1,
        overrideId,
      };
      const detector = detectorOf(label);
      if (detector.fromAppeal) return detector.fromAppeal(ctx, u, base);
      if (!isPlainLabel(base.label))
        throw new Error(`detector ${detector.id} has no fromAppeal for ${label}`);
      return { ...base, label: base.label };
    };
    ({ suppressed, outcomes } = correctFindings(findings, corrections, make));
  }
  const implicitF = findings.filter(isImplicitNeedFinding);
  const explicitF = findings.filter((f) => f.label === 'need.explicit');
  const objectionF = findings.filter(isObjectionFinding);
  const nextStepF = findings.filter(isNextStepFinding);
  const solutionF = findings.filter(isSolutionFinding);
  const openingF = findings.find(isOpeningFinding);

  // Metrics.
  const repQ = findings.filter((f) => f.label === 'question.open' || f.label === 'question.closed');
  const repOpen = repQ.filter((f) => f.label === 'question.open');
  const custQ = findings.filter((f) => f.label === 'question');
  const metrics = computeMetrics(transcript.utterances, repQ.length, repOpen.length, custQ.length);

  // Score metrics.
  const ratio = (num: Finding[], den: Finding[], extra?: Record<string, number>): MetricValue =>
    den.length === 0
      ? { value: null, findingIds: [] }
      : {
          value: num.length / den.length,
          findingIds: den.map((f) => f.id),
          detail: { numerator: num.length, denominator: den.length, ...extra },
        };
  const presence = (f: Finding[]): MetricValue => ({
    value: f.length > 0 ? 1 : 0,
    findingIds: f.map((x) => x.id),
  });
  const firstStart = transcript.utterances[0]?.start ?? 0;
  const early = transcript.utterances.filter((u) => u.start - firstStart < 120_000);
  const earlyCustomer = early
    .filter((u) => u.speaker === 'customer')
    .reduce((a, u) => a + Math.min(u.end, firstStart + 120_000) - u.start, 0);
  const earlyTotal = early.reduce((a, u) => a + Math.min(u.end, firstStart + 120_000) - u.start, 0);
  const restFindings = findings.filter(isRestatementFinding);
  const needsAll = [...implicitF, ...explicitF];
  const linked = needsAll.filter((n) => {
    const idx = us.findIndex((u) => u.id === n.utteranceId);
    return us
      .slice(idx + 1)
      .filter((u) => u.speaker === 'rep')
      .slice(0, LINK_WINDOW)
      .some((u) => solutionF.some((s) => s.utteranceId === u.id));
  });
  const evidenceTerms = us
    .filter((u) => u.speaker === 'rep')
    .flatMap((u) => termsOf(u, ['case', 'technique.evidence', 'sample']).map(() => u.id));
  const objectionCount = objectionF.length;
  const withTechnique = (t?: Technique) =>
    objectionF.filter((f) => (t ? f.techniques.includes(t) : f.techniques.length > 0));
  const latencies = objectionF.map((f) => f.latencyMs).filter((x): x is number => typeof x === 'number');
  const repQuestionIds = new Set(repQ.map((q) => q.utteranceId));
  const commitment = nextStepF.filter(
    (f) =>
      repQuestionIds.has(f.utteranceId) || termsOf(preparedById.get(f.utteranceId)!, 'commitment').length > 0,
  );
  const scoreMetrics: Record<ScoreMetric, MetricValue> = {
    opening_intro: presence(openingF?.components.includes('intro') ? [openingF] : []),
    opening_purpose: presence(openingF?.components.includes('purpose') ? [openingF] : []),
    opening_permission: presence(openingF?.components.includes('permission') ? [openingF] : []),
    early_engagement: {
      value: earlyTotal > 0 ? earlyCustomer / earlyTotal : null,
      findingIds: [],
      detail: { customerMs: earlyCustomer, totalMs: earlyTotal },
    },
    open_question_ratio: ratio(repOpen, repQ),
    question_count: { value: repQ.length, findingIds: repQ.map((f) => f.id) },
    restatement_accuracy: ratio(
      restFindings.filter((f) => f.accurate),
      restFindings,
    ),
    implicit_needs_identified: ratio(
      implicitF.filter((f) => f.identified),
      implicitF,
    ),
    needs_linked_to_solution: ratio(linked, needsAll),
    evidence_use: { value: new Set(evidenceTerms).size, findingIds: solutionF.map((f) => f.id) },
    longest_monologue_sec: { value: metrics.longestMonologueSec, findingIds: [] },
    objections_handled: ratio(withTechnique(), objectionF),
    alternatives_offered: ratio(withTechnique('alternative'), objectionF),
    clarifying_questions: ratio(withTechnique('clarify'), objectionF),
    objections_resolved: ratio(
      objectionF.filter((f) => f.resolved),
      objectionF,
    ),
    objection_latency_ms: {
      value:
        objectionCount > 0 && latencies.length > 0
          ? latencies.reduce((a, b) => a + b, 0) / latencies.length
          : null,
      findingIds: objectionF.map((f) => f.id),
    },
    next_step_proposed: presence(nextStepF),
    next_step_dated: presence(nextStepF.filter((f) => f.hasDate)),
    commitment_asked: presence(commitment),
    talk_ratio: { value: metrics.talkRatio, findingIds: [] },
  };
  const fixedScores = new Map<string, number>();
  for (const c of corrections) if (c.kind === 'score') fixedScores.set(c.itemId, c.score);
  const score: CallScore = scoreCall(scoreMetrics, deps.scorecard, metrics.durationSec / 60, fixedScores);
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

  // Coaching opportunities: missed implicit needs and unhandled objections, with evidence.
  const byId = new Map(us.map((u) => [u.id, u]));
  const quote = (f: Finding) =>
    byId.get(f.utteranceId)?.text.slice(...spanToUnits(byId.get(f.utteranceId)!.text, f.span)) ?? '';
  const coaching: CoachingOpportunity[] = [];
  for (const f of implicitF) {
    if (f.identified) continue;
    coaching.push({
      kind: 'missed_need',
      findingId: f.id,
      utteranceId: f.utteranceId,
      quote: quote(f),
      detailZh: `客户提到“${f.term}”相关的困难，之后两次发言内未追问或准确复述`,
    });
  }
  for (const o of objectionF) {
    if (o.techniques.length > 0 && o.resolved) continue;
    coaching.push({
      kind: 'unhandled_objection',
      findingId: o.id,
      utteranceId: o.utteranceId,
      quote: quote(o),
      detailZh:
        o.techniques.length === 0
          ? `${OBJECTION_ZH[o.objectionType]}未使用任何处理技巧（认同、澄清、重构价值、备选方案、证据）`
          : `${OBJECTION_ZH[o.objectionType]}已回应但未化解`,
    });
  }

  const order = new Map(us.map((u, i) => [u.id, i]));
  findings.sort(
    (a, b) =>
      order.get(a.utteranceId)! - order.get(b.utteranceId)! ||
      a.span[0] - b.span[0] ||
      LABELS.indexOf(a.label) - LABELS.indexOf(b.label) ||
      a.span[1] - b.span[1],
  );
  return {
    callId,
    externalId: transcript.externalId ?? null,
    repId: transcript.repId,
    industry: transcript.industry,
    occurredAt: transcript.occurredAt,
    lexiconVersion: version,
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

/** Converts a code-point span to UTF-16 indexes of `text` (emoji are two units). */
export function spanToUnits(text: string, span: readonly [number, number]): [number, number] {
  let cp = 0;
  let a = -1;
  let i = 0;
  for (; i < text.length; ) {
    if (cp === span[0]) a = i;
    if (cp === span[1]) return [a < 0 ? i : a, i];
    const c = text.codePointAt(i) ?? 0;
    i += c > 0xffff ? 2 : 1;
    cp++;
  }
  return [a < 0 ? i : a, i];
}
