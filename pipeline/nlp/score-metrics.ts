import type { Technique } from '../../lexicons/lexicon.schema.js';
import type { ScoreMetric } from '../../lexicons/scorecard.schema.js';
import type { Utterance } from '../../models/transcript.js';
import { solutionFollows } from '../../shared/need-solution-link.js';
import { type PreparedUtterance, termsOf } from './prepare.js';
import type { MetricValue } from './score.core.js';
import {
  type Finding,
  type ImplicitNeedFinding,
  isImplicitNeedFinding,
  isNextStepFinding,
  isObjectionFinding,
  isOpeningFinding,
  isRestatementFinding,
  isSolutionFinding,
  type Metrics,
  type NextStepFinding,
  type ObjectionFinding,
  type OpeningFinding,
  type SolutionFinding,
} from './types.js';

/** The opening window whose talk share is "early engagement". */
const EARLY_WINDOW_MS = 120_000;

/** A call's findings by the kind the scorecard and the coaching read (each in detection order). */
export interface FindingGroups {
  implicit: ImplicitNeedFinding[];
  explicit: Finding[];
  objections: ObjectionFinding[];
  nextSteps: NextStepFinding[];
  solutions: SolutionFinding[];
  opening: OpeningFinding | undefined;
  /** The rep's questions, open and closed. */
  repQuestions: Finding[];
  repOpenQuestions: Finding[];
  customerQuestions: Finding[];
}

/** Sorts the (corrected) findings into the groups that metrics, scoring and coaching read. */
export function groupFindings(findings: readonly Finding[]): FindingGroups {
  const repQuestions = findings.filter((f) => f.label === 'question.open' || f.label === 'question.closed');
  return {
    implicit: findings.filter(isImplicitNeedFinding),
    explicit: findings.filter((f) => f.label === 'need.explicit'),
    objections: findings.filter(isObjectionFinding),
    nextSteps: findings.filter(isNextStepFinding),
    solutions: findings.filter(isSolutionFinding),
    opening: findings.find(isOpeningFinding),
    repQuestions,
    repOpenQuestions: repQuestions.filter((f) => f.label === 'question.open'),
    customerQuestions: findings.filter((f) => f.label === 'question'),
  };
}

/** Share `num` of `den` with the denominator's findings as evidence; null when there is nothing to count. */
function ratio(num: readonly Finding[], den: readonly Finding[]): MetricValue {
  return den.length === 0
    ? { value: null, findingIds: [] }
    : {
        value: num.length / den.length,
        findingIds: den.map((f) => f.id),
        detail: { numerator: num.length, denominator: den.length },
      };
}

/** 1 when any finding is there, else 0. */
function presence(f: readonly Finding[]): MetricValue {
  return { value: f.length > 0 ? 1 : 0, findingIds: f.map((x) => x.id) };
}

/** The customer's share of talk time in the first two minutes (null for an empty call). */
function measureEarlyEngagement(utterances: readonly Utterance[]): MetricValue {
  const firstStart = utterances[0]?.start ?? 0;
  const windowEnd = firstStart + EARLY_WINDOW_MS;
  const early = utterances.filter((u) => u.start - firstStart < EARLY_WINDOW_MS);
  const earlyCustomer = early
    .filter((u) => u.speaker === 'customer')
    .reduce((a, u) => a + Math.min(u.end, windowEnd) - u.start, 0);
  const earlyTotal = early.reduce((a, u) => a + Math.min(u.end, windowEnd) - u.start, 0);
  return {
    value: earlyTotal > 0 ? earlyCustomer / earlyTotal : null,
    findingIds: [],
    detail: { customerMs: earlyCustomer, totalMs: earlyTotal },
  };
}

/** Needs answered by a solution within the next LINK_WINDOW rep utterances. */
function linkNeedsToSolutions(
  needs: readonly Finding[],
  solutions: readonly SolutionFinding[],
  us: readonly PreparedUtterance[],
): Finding[] {
  const solutionAt = new Set(solutions.map((s) => s.utteranceId));
  return needs.filter((n) => solutionFollows(n.utteranceId, solutionAt, us));
}

/** Inputs of the scorecard metrics: the call as spoken, as prepared, and its grouped findings. */
export interface ScoreMetricInput {
  utterances: readonly Utterance[];
  us: readonly PreparedUtterance[];
  findings: readonly Finding[];
  groups: FindingGroups;
  metrics: Metrics;
}

/** Every scorecard metric of one call, each with the findings it rests on. */
export function computeScoreMetrics(input: ScoreMetricInput): Record<ScoreMetric, MetricValue> {
  const { us, groups, metrics } = input;
  const { objections, opening, repQuestions } = groups;
  const preparedById = new Map(us.map((u) => [u.id, u]));
  const restatements = input.findings.filter(isRestatementFinding);
  const needsAll = [...groups.implicit, ...groups.explicit];
  const evidenceTerms = us
    .filter((u) => u.speaker === 'rep')
    .flatMap((u) => termsOf(u, ['case', 'technique.evidence', 'sample']).map(() => u.id));
  const withTechnique = (t?: Technique) =>
    objections.filter((f) => (t ? f.techniques.includes(t) : f.techniques.length > 0));
  const latencies = objections.map((f) => f.latencyMs).filter((x): x is number => typeof x === 'number');
  const repQuestionIds = new Set(repQuestions.map((q) => q.utteranceId));
  // A next step counts as asking for commitment when the rep put it as a question or in commitment words.
  const commitment = groups.nextSteps.filter(
    (f) =>
      repQuestionIds.has(f.utteranceId) || termsOf(preparedById.get(f.utteranceId)!, 'commitment').length > 0,
  );
  return {
    opening_intro: presence(opening?.components.includes('intro') ? [opening] : []),
    opening_purpose: presence(opening?.components.includes('purpose') ? [opening] : []),
    opening_permission: presence(opening?.components.includes('permission') ? [opening] : []),
    early_engagement: measureEarlyEngagement(input.utterances),
    open_question_ratio: ratio(groups.repOpenQuestions, repQuestions),
    question_count: { value: repQuestions.length, findingIds: repQuestions.map((f) => f.id) },
    restatement_accuracy: ratio(
      restatements.filter((f) => f.accurate),
      restatements,
    ),
    implicit_needs_identified: ratio(
      groups.implicit.filter((f) => f.identified),
      groups.implicit,
    ),
    needs_linked_to_solution: ratio(linkNeedsToSolutions(needsAll, groups.solutions, us), needsAll),
    evidence_use: { value: new Set(evidenceTerms).size, findingIds: groups.solutions.map((f) => f.id) },
    longest_monologue_sec: { value: metrics.longestMonologueSec, findingIds: [] },
    objections_handled: ratio(withTechnique(), objections),
    alternatives_offered: ratio(withTechnique('alternative'), objections),
    clarifying_questions: ratio(withTechnique('clarify'), objections),
    objections_resolved: ratio(
      objections.filter((f) => f.resolved),
      objections,
    ),
    objection_latency_ms: {
      value:
        objections.length > 0 && latencies.length > 0
          ? latencies.reduce((a, b) => a + b, 0) / latencies.length
          : null,
      findingIds: objections.map((f) => f.id),
    },
    next_step_proposed: presence(groups.nextSteps),
    next_step_dated: presence(groups.nextSteps.filter((f) => f.hasDate)),
    commitment_asked: presence(commitment),
    talk_ratio: { value: metrics.talkRatio, findingIds: [] },
  };
}
