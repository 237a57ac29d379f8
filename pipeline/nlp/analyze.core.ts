import { createHash } from 'node:crypto';
import type { CompiledLexicon } from '../../lexicons/lexicon.compile.js';
import type { ObjectionType, Technique } from '../../lexicons/lexicon.schema.js';
import type { Dimension, Scorecard, ScoreMetric } from '../../lexicons/scorecard.schema.js';
import type { AppliedCorrection } from '../../models/appeal.js';
import type { Transcript } from '../../models/transcript.js';
import { type CorrectionOutcome, correctFindings } from './corrections.js';
import { findingId } from './finding-id.js';
import { findResponse, findTechniques, isResolved, type TechniqueHit } from './handling.detector.js';
import { computeMetrics } from './metrics.js';
import { clauseSpan, findExplicitNeed, findImplicitNeed, type NeedMatch } from './need.detector.js';
import { DATE_PATTERN, findNextStep, type NextStepMatch } from './next-step.detector.js';
import { findObjections, type ObjectionMatch } from './objection.detector.js';
import { findOpening } from './opening.detector.js';
import { contentF1, type PreparedUtterance, prepareCall, termsOf, wordsWithin } from './prepare.js';
import { findRestatements } from './restatement.detector.js';
import { type CallScore, type MetricValue, type ScoreItem, scoreCall } from './score.core.js';
import type { BaseSegmenter } from './segment.js';
import { findSolution, type SolutionMatch } from './solution.detector.js';
import { detectTags } from './tags.detector.js';
import { type Finding, LABELS, type Label, type Metrics, type SpeakerText, type TagResult } from './types.js';

/** Similarity used for restatement accuracy: lexical content-word F1, or an embedding model. */
export interface SimilarityMeasure {
  readonly measure: 'lexical' | 'embedding';
  /** A restatement is accurate at or above this similarity. */
  readonly threshold: number;
  /** Required for `embedding`: similarity of two texts (synchronous; see analyze.service.ts). */
  readonly between?: (a: string, b: string) => number;
  readonly model?: string;
}

export const LEXICAL_SIMILARITY: SimilarityMeasure = { measure: 'lexical', threshold: 0.5 };

export interface AnalyzeDeps {
  lexicon: CompiledLexicon;
  scorecard: Scorecard;
  cut: BaseSegmenter;
  stopwords: ReadonlySet<string>;
  similarity?: SimilarityMeasure;
  /** Corrections from accepted appeals, applied on top of the machine result. */
  corrections?: readonly AppliedCorrection[];
}

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

/** How many rep utterances after an implicit need may identify it (convention 11). */
const IDENTIFY_WINDOW = 2;
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
  const add = (f: Omit<Finding, 'id' | 'lexiconVersion'>): Finding => {
    const full = {
      id: findingId(callId, f.utteranceId, f.label, f.span),
      lexiconVersion: version,
      ...f,
    } as Finding;
    findings.push(full);
    return full;
  };

  // Questions, per clause.
  const questionFindings = new Map<string, Finding[]>();
  for (const u of us) {
    for (const q of u.questions) {
      const label: Label =
        u.speaker === 'customer' ? 'question' : q.kind === 'open' ? 'question.open' : 'question.closed';
      const f = add({
        label,
        utteranceId: u.id,
        span: [q.start, q.end],
        rule: q.rule,
        term: q.term,
        confidence: q.confidence,
      });
      const list = questionFindings.get(u.id) ?? [];
      list.push(f);
      questionFindings.set(u.id, list);
    }
  }

  // Opening.
  const opening = findOpening(us);
  let openingFinding: Finding | undefined;
  if (opening) {
    openingFinding = add({
      label: 'opening',
      utteranceId: opening.utterance.id,
      span: opening.span,
      rule: `opening.${opening.components.join('+')}`,
      term: opening.term,
      confidence: 0.6 + 0.1 * opening.components.length,
      components: opening.components,
    });
  }

  // Objections and their handling.
  const objectionsByUtterance = new Map<string, ObjectionMatch[]>();
  for (const u of us) {
    const found = findObjections(u, us[u.index - 1]);
    if (found.length > 0) objectionsByUtterance.set(u.id, found);
  }
  const nextSteps = new Map<string, NextStepMatch>();
  for (const u of us) {
    const ns = findNextStep(u);
    if (ns) nextSteps.set(u.id, ns);
  }
  const nextStepIds = new Set(nextSteps.keys());
  const responses = new Map<
    string,
    { response: PreparedUtterance; techniques: TechniqueHit[]; respondsTo: string[] }
  >();
  const objectionFindings: Finding[] = [];
  for (const u of us) {
    for (const o of objectionsByUtterance.get(u.id) ?? []) {
      const response = findResponse(us, u);
      let entry = response ? responses.get(response.id) : undefined;
      if (response && !entry) {
        entry = { response, techniques: findTechniques(response), respondsTo: [] };
        responses.set(response.id, entry);
      }
      if (entry && !entry.respondsTo.includes(u.id)) entry.respondsTo.push(u.id);
      const techniques = entry?.techniques ?? [];
      const resolved = isResolved(o, response, techniques, us, objectionsByUtterance, nextStepIds);
      objectionFindings.push(
        add({
          label: `objection.${o.type}` as Label,
          utteranceId: u.id,
          span: o.span,
          rule: o.rule,
          term: o.term?.entry.concept ?? null,
          ...(o.term && o.term.entry.surface !== o.term.entry.concept
            ? { surface: o.term.entry.surface }
            : {}),
          confidence: o.rule === 'objection.lexicon' ? 0.85 : 0.7,
          objectionType: o.type,
          responseUtteranceId: response?.id ?? null,
          techniques: techniques.map((t) => t.technique),
          resolved,
          latencyMs: response ? response.start - u.end : null,
        }),
      );
    }
  }
  for (const { response, techniques, respondsTo } of responses.values()) {
    const end = response.norm.replace(/[\p{P}\s]+$/u, '').length;
    add({
      label: 'objection_response',
      utteranceId: response.id,
      span: [0, Math.max(1, end)],
      rule: techniques.length > 0 ? 'objection_response.technique' : 'objection_response.first-reply',
      term: techniques[0]?.term ?? null,
      confidence: 0.9,
      respondsTo,
      techniques: techniques.map((t) => t.technique),
      techniqueEvidence: techniques.map((t) => ({
        technique: t.technique,
        span: t.span,
        term: t.term,
        utteranceId: response.id,
      })),
    });
  }

  // Restatements and accuracy.
  const restatements = findRestatements(us);
  const restatementByRep = new Map<string, { finding: Finding; refersTo: string; accurate: boolean }>();
  for (const r of restatements) {
    let sim = r.lexicalF1;
    if (similarity.measure === 'embedding' && similarity.between) {
      sim = similarity.between(r.rep.norm.slice(r.span[0], r.span[1]), r.customer.norm);
    }
    const accurate = sim >= similarity.threshold;
    const f = add({
      label: 'restatement',
      utteranceId: r.rep.id,
      span: r.span,
      rule: r.rule,
      term: r.marker,
      confidence: r.rule === 'restatement.marker' ? 0.9 : 0.7,
      refersTo: r.customer.id,
      accurate,
      similarity: Math.round(sim * 10000) / 10000,
      measure: similarity.measure,
    });
    restatementByRep.set(r.rep.id, { finding: f, refersTo: r.customer.id, accurate });
  }

  // Needs.
  const implicit: { need: NeedMatch; finding: Finding }[] = [];
  const explicit: { need: NeedMatch; finding: Finding }[] = [];
  for (const u of us) {
    const need = findImplicitNeed(
      u,
      (objectionsByUtterance.get(u.id) ?? []).map((o) => o.span),
    );
    if (need) {
      const by = identifyingUtterance(us, need, restatementByRep, deps.stopwords, similarity);
      implicit.push({
        need,
        finding: add({
          label: 'need.implicit',
          utteranceId: u.id,
          span: need.span,
          rule: need.rule,
          term: need.term,
          ...(need.surface !== need.term ? { surface: need.surface } : {}),
          confidence: need.confidence,
          identified: by !== null,
          identifiedBy: by,
        }),
      });
    }
    const want = findExplicitNeed(u);
    if (want) {
      explicit.push({
        need: want,
        finding: add({
          label: 'need.explicit',
          utteranceId: u.id,
          span: want.span,
          rule: 'need.want-marker',
          term: want.term,
          confidence: 0.75,
        }),
      });
    }
  }

  // Next steps and solutions.
  const nextStepFindings: { match: NextStepMatch; finding: Finding }[] = [];
  for (const ns of nextSteps.values()) {
    nextStepFindings.push({
      match: ns,
      finding: add({
        label: 'next_step',
        utteranceId: ns.utterance.id,
        span: ns.span,
        rule: ns.rule,
        term: ns.term,
        confidence: ns.hasDate ? 0.9 : 0.75,
        hasDate: ns.hasDate,
      }),
    });
  }
  const solutions: { match: SolutionMatch; finding: Finding }[] = [];
  for (const u of us) {
    const s = findSolution(u, {
      isOpening: openingFinding?.utteranceId === u.id,
      isRestatement: restatementByRep.has(u.id),
    });
    if (s) {
      solutions.push({
        match: s,
        finding: add({
          label: 'solution',
          utteranceId: u.id,
          span: s.span,
          rule: s.rule,
          term: s.terms[0]?.entry.concept ?? null,
          confidence: s.terms.length > 0 ? Math.min(0.95, 0.6 + 0.1 * s.terms.length) : 0.55,
        }),
      });
    }
  }

  const tags = detectTags(us, objectionsByUtterance, lexicon);

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
      const base: Finding = {
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
      if (label === 'need.implicit') {
        const need: NeedMatch = {
          utterance: u,
          span,
          term: base.term!,
          surface: base.term!,
          rule: 'need.pain-marker',
          confidence: 1,
        };
        const by = identifyingUtterance(us, need, restatementByRep, deps.stopwords, similarity);
        return { ...base, identified: by !== null, identifiedBy: by };
      }
      if (label.startsWith('objection.')) {
        const type = label.slice('objection.'.length) as ObjectionType;
        const response = findResponse(us, u);
        const techniques = response ? findTechniques(response) : [];
        const match: ObjectionMatch = { utterance: u, type, span, term: null, rule: 'appeal' };
        const resolved = isResolved(match, response, techniques, us, objectionsByUtterance, nextStepIds);
        if (
          response &&
          !findings.some((f) => f.label === 'objection_response' && f.utteranceId === response.id)
        ) {
          const end = response.norm.replace(/[\p{P}\s]+$/u, '').length;
          const rspan: [number, number] = [0, Math.max(1, end)];
          findings.push({
            id: findingId(callId, response.id, 'objection_response', rspan),
            label: 'objection_response',
            utteranceId: response.id,
            span: rspan,
            rule: 'appeal',
            term: techniques[0]?.term ?? null,
            lexiconVersion: version,
            confidence: 1,
            respondsTo: [u.id],
            techniques: techniques.map((t) => t.technique),
            overrideId,
          });
        }
        return {
          ...base,
          objectionType: type,
          responseUtteranceId: response?.id ?? null,
          techniques: techniques.map((t) => t.technique),
          resolved,
          latencyMs: response ? response.start - u.end : null,
        };
      }
      if (label === 'restatement') {
        const customer = us
          .slice(0, u.index)
          .reverse()
          .find((x) => x.speaker === 'customer');
        if (!customer) return null;
        const restated = u.norm.slice(span[0], span[1]);
        const sim =
          similarity.measure === 'embedding' && similarity.between
            ? similarity.between(restated, customer.norm)
            : contentF1(wordsWithin(u, span[0], span[1]), wordsWithin(customer));
        return {
          ...base,
          refersTo: customer.id,
          accurate: sim >= similarity.threshold,
          similarity: Math.round(sim * 10000) / 10000,
          measure: similarity.measure,
        };
      }
      if (label === 'next_step') return { ...base, hasDate: DATE_PATTERN.test(base.term!) };
      if (label === 'opening') {
        const components = (['intro', 'purpose', 'permission'] as const).filter(
          (c) => termsOf(u, `opening.${c}`).length > 0,
        );
        return { ...base, components };
      }
      if (label === 'objection_response') return { ...base, respondsTo: [] };
      return base;
    };
    ({ suppressed, outcomes } = correctFindings(findings, corrections, make));
  }
  const implicitF = findings.filter((f) => f.label === 'need.implicit');
  const explicitF = findings.filter((f) => f.label === 'need.explicit');
  const objectionF = findings.filter((f) => f.label.startsWith('objection.'));
  const nextStepF = findings.filter((f) => f.label === 'next_step');
  const solutionF = findings.filter((f) => f.label === 'solution');
  const openingF = findings.find((f) => f.label === 'opening');

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
  const restFindings = findings.filter((f) => f.label === 'restatement');
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
    objectionF.filter((f) => (t ? f.techniques?.includes(t) : (f.techniques?.length ?? 0) > 0));
  const latencies = objectionF.map((f) => f.latencyMs).filter((x): x is number => typeof x === 'number');
  const repQuestionIds = new Set(repQ.map((q) => q.utteranceId));
  const commitment = nextStepF.filter(
    (f) =>
      repQuestionIds.has(f.utteranceId) || termsOf(preparedById.get(f.utteranceId)!, 'commitment').length > 0,
  );
  const scoreMetrics: Record<ScoreMetric, MetricValue> = {
    opening_intro: presence(openingF?.components?.includes('intro') ? [openingF] : []),
    opening_purpose: presence(openingF?.components?.includes('purpose') ? [openingF] : []),
    opening_permission: presence(openingF?.components?.includes('permission') ? [openingF] : []),
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
    if ((o.techniques?.length ?? 0) > 0 && o.resolved) continue;
    coaching.push({
      kind: 'unhandled_objection',
      findingId: o.id,
      utteranceId: o.utteranceId,
      quote: quote(o),
      detailZh:
        (o.techniques?.length ?? 0) === 0
          ? `${OBJECTION_ZH[o.objectionType!]}未使用任何处理技巧（认同、澄清、重构价值、备选方案、证据）`
          : `${OBJECTION_ZH[o.objectionType!]}已回应但未化解`,
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

export const OBJECTION_ZH: Record<ObjectionType, string> = {
  price: '价格异议',
  timing: '时机异议',
  authority: '决策权异议',
  need: '需求异议',
  competitor: '竞品异议',
  trust: '信任异议',
  delivery: '交付异议',
};

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

/**
 * Convention 11: the first of the next 2 rep utterances (within 2 rep turns) that asks about the
 * need or restates it accurately. A question is "about" the need when its sentence shares content
 * words with the need's clause (two words, or one lexicon need/product term).
 */
function identifyingUtterance(
  us: readonly PreparedUtterance[],
  need: NeedMatch,
  restatements: ReadonlyMap<string, { refersTo: string; accurate: boolean }>,
  stopwords: ReadonlySet<string>,
  similarity: SimilarityMeasure,
): string | null {
  const needWords = wordsWithin(need.utterance, need.span[0], need.span[1]);
  const needSet = new Set(needWords);
  const needText = need.utterance.norm;
  let reps = 0;
  let turns = 0;
  let prevSpeaker = need.utterance.speaker;
  for (let i = need.utterance.index + 1; i < us.length && reps < IDENTIFY_WINDOW; i++) {
    const u = us[i]!;
    if (u.speaker !== prevSpeaker && u.speaker === 'rep') turns++;
    prevSpeaker = u.speaker;
    if (u.speaker !== 'rep') continue;
    if (turns > IDENTIFY_WINDOW) break;
    reps++;
    const r = restatements.get(u.id);
    if (r && r.refersTo === need.utterance.id) {
      if (r.accurate) return u.id;
      continue; // an inaccurate restatement does not identify, nor do its questions
    }
    for (const q of u.questions) {
      const [s0] = clauseSpan(u, q.start, q.end);
      const clause = u.clauses.find((c) => c.start <= q.start && c.end >= q.start);
      const sentStart = clause ? (u.clauses.find((c) => c.sentence === clause.sentence)?.start ?? s0) : s0;
      const words = wordsWithin(u, sentStart, q.end);
      const shared = words.filter((w) => needSet.has(w) && !stopwords.has(w));
      const strong = u.terms.some(
        (t) =>
          t.start >= sentStart &&
          t.end <= q.end &&
          ['need', 'need.pain', 'product', 'feature'].includes(t.entry.category) &&
          needSet.has(t.entry.concept),
      );
      if (new Set(shared).size >= 2 || strong || contentF1(words, needWords) >= 0.3) return u.id;
      // The rep picks up the customer's own words (十二米的烘道…?) from anywhere in the turn:
      // shared character pairs survive ASR mis-hearings and segmentation differences.
      if (sharedPairs(u.norm.slice(0, q.end), needText) >= 3) return u.id;
      // With an embedding model, a follow-up question in other words also counts.
      if (similarity.measure === 'embedding' && similarity.between) {
        const question = u.norm.slice(sentStart, q.end);
        const spanText = need.utterance.norm.slice(need.span[0], need.span[1]);
        if (similarity.between(question, spanText) >= similarity.threshold) return u.id;
      }
    }
  }
  return null;
}

/** Pairs of adjacent Han characters that are not function words (的那, 一个…). */
const FUNCTION_PAIR =
  /^[的了是在有个这那一我你您们就也都还吗呢吧啊么和跟对把给让被]{2}$|^[这那哪][个些]$|^一[个下点些]$/;

/** How many distinct Han character pairs of `a` also occur in `b`. */
export function sharedPairs(a: string, b: string): number {
  const pairs = new Set<string>();
  for (let i = 0; i + 1 < b.length; i++) {
    const p = b.slice(i, i + 2);
    if (/^[\u4e00-\u9fff]{2}$/.test(p) && !FUNCTION_PAIR.test(p)) pairs.add(p);
  }
  let n = 0;
  const seen = new Set<string>();
  for (let i = 0; i + 1 < a.length; i++) {
    const p = a.slice(i, i + 2);
    if (pairs.has(p) && !seen.has(p)) {
      seen.add(p);
      n++;
    }
  }
  return n;
}
