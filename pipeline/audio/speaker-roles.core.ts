/**
 * Speaker roles for recordings that do not say who spoke: a mono recording (every segment) or
 * a stereo one without a channel map (each channel). Pure: text cues from the industry lexicon
 * (self-introduction, pitch, technique and next-step markers for the rep; objections, needs,
 * pains and approvers for the customer) plus turn-taking, combined in a two-state hidden
 * Markov model whose forward-backward posterior is each segment's confidence.
 */
import type { CompiledLexicon } from '../../lexicons/lexicon.compile.js';
import type { Speaker } from '../../models/transcript.js';
import { normalizeText } from '../nlp/normalize.js';
import type { Segment } from './transcriber.protocol.js';

/** Below this confidence an attribution is flagged on the call (and worth an appeal). */
export const LOW_SPEAKER_CONFIDENCE = 0.7;

/** Evidence weight of one lexicon category: positive = rep, negative = customer. */
const CATEGORY_WEIGHT: Partial<Record<string, number>> = {
  'opening.intro': 2.5,
  'opening.purpose': 2,
  'opening.permission': 1.5,
  product: 0.8,
  feature: 0.8,
  benefit: 1,
  case: 1,
  restatement: 1.5,
  'next_step.action': 0.8,
  'technique.acknowledge': 1,
  'technique.clarify': 0.5,
  'technique.reframe': 1,
  'technique.alternative': 1,
  'technique.evidence': 1,
  puffery: 1,
  'need.pain': -1.2,
  'need.want': -1,
  approver: -0.8,
  'objection.price': -2,
  'objection.timing': -2,
  'objection.authority': -2,
  'objection.need': -2,
  'objection.competitor': -1.5,
  'objection.trust': -2,
  'objection.delivery': -1.5,
  'objection.switch': -1,
};

/** Structural cues that hold in any industry: (pattern, weight per match, most matches counted). */
const PATTERN_CUES: readonly [RegExp, number, number][] = [
  [/我是.{1,14}?(的|公司|医疗|科技|教育)/u, 2.5, 1],
  [/^(喂[，,]?\s*)?(您好|你好)[，,]?\s*(请问)?(是|我是)/u, 1.5, 1],
  [/您/gu, 0.4, 4],
  [/(给|跟|向)您(介绍|汇报|推荐|演示|发)/u, 1.5, 1],
  [/(我们|咱们)(这款|这套|的产品|的方案|公司|家的)/u, 1, 2],
  [/^(喂|哪位|你是哪|谁啊)/u, -2, 1],
  [/你们/gu, -0.5, 3],
  [/(太贵|贵了|预算|考虑一下|再说吧|没时间|不需要|用不上|已经有了|领导(同意|批|定))/u, -1.5, 1],
  [/我们(医院|科室|学校|厂|工厂|门店|这边|单位|老板)/u, -0.8, 2],
];

/** Log-odds that a text was said by the rep (0 = no evidence either way). */
export function roleEvidence(text: string, lexicon: CompiledLexicon): number {
  let score = 0;
  const seen = new Map<string, number>();
  for (const hit of lexicon.findTerms(normalizeText(text).text)) {
    const w = CATEGORY_WEIGHT[hit.entry.category];
    if (w === undefined) continue;
    // Repeating a product name ten times is not ten times the evidence.
    const n = seen.get(hit.entry.category) ?? 0;
    if (n >= 2) continue;
    seen.set(hit.entry.category, n + 1);
    score += w;
  }
  for (const [re, weight, most] of PATTERN_CUES) {
    const matches = re.global ? (text.match(re)?.length ?? 0) : re.test(text) ? 1 : 0;
    score += weight * Math.min(most, matches);
  }
  return score;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** Probability that the speaker changes between two consecutive segments. */
export function switchProbability(prev: Segment, next: Segment): number {
  const gap = next.start - prev.end;
  let p = 0.45;
  if (/[？?]\s*$/u.test(prev.text)) p = 0.8;
  else if (gap >= 1500) p = 0.6;
  else if (gap < 300 && !/[。！!.]\s*$/u.test(prev.text)) p = 0.25;
  // Overlapping segments of one mono channel are usually a backchannel by the other side.
  if (gap < -200) p = Math.max(p, 0.7);
  return p;
}

export interface AttributedSegment extends Segment {
  speaker: Speaker;
  /** Posterior probability of `speaker` (0.5-1). */
  confidence: number;
}

/**
 * Assigns rep/customer to every segment of a mono recording: forward-backward over the two
 * roles, emissions from {@link roleEvidence}, transitions from {@link switchProbability}.
 */
export function assignMonoRoles(segments: readonly Segment[], lexicon: CompiledLexicon): AttributedSegment[] {
  const n = segments.length;
  if (n === 0) return [];
  // Emission likelihoods [rep, customer], floored so one cue never makes a role impossible.
  const emit = segments.map((s) => {
    const p = Math.min(0.97, Math.max(0.03, sigmoid(roleEvidence(s.text, lexicon))));
    return [p, 1 - p] as const;
  });
  const trans = segments.map((s, i) => (i === 0 ? 0.5 : switchProbability(segments[i - 1]!, s)));
  const fwd: [number, number][] = [];
  let a: [number, number] = [0.5 * emit[0]![0], 0.5 * emit[0]![1]];
  let z = a[0] + a[1];
  fwd.push([a[0] / z, a[1] / z]);
  for (let i = 1; i < n; i++) {
    const [r, c] = fwd[i - 1]!;
    const t = trans[i]!;
    a = [(r * (1 - t) + c * t) * emit[i]![0], (c * (1 - t) + r * t) * emit[i]![1]];
    z = a[0] + a[1];
    fwd.push([a[0] / z, a[1] / z]);
  }
  const bwd: [number, number][] = new Array(n);
  bwd[n - 1] = [1, 1];
  for (let i = n - 2; i >= 0; i--) {
    const t = trans[i + 1]!;
    const [br, bc] = bwd[i + 1]!;
    const er = emit[i + 1]![0] * br;
    const ec = emit[i + 1]![1] * bc;
    const b: [number, number] = [(1 - t) * er + t * ec, t * er + (1 - t) * ec];
    const s = b[0] + b[1];
    bwd[i] = [b[0] / s, b[1] / s];
  }
  return segments.map((seg, i) => {
    const pr = fwd[i]![0] * bwd[i]![0];
    const pc = fwd[i]![1] * bwd[i]![1];
    const rep = pr / (pr + pc);
    return {
      ...seg,
      speaker: rep >= 0.5 ? 'rep' : 'customer',
      confidence: Math.round(Math.max(rep, 1 - rep) * 1000) / 1000,
    };
  });
}

/**
 * Which of two channels is the rep, from all their text: the channel with more rep evidence.
 * Confidence is the logistic of the evidence difference (0.5 = no idea).
 */
export function assignChannelRoles(
  channels: readonly [readonly Segment[], readonly Segment[]],
  lexicon: CompiledLexicon,
): { roles: [Speaker, Speaker]; confidence: number } {
  const total = (segs: readonly Segment[]) => segs.reduce((sum, s) => sum + roleEvidence(s.text, lexicon), 0);
  const diff = total(channels[0]) - total(channels[1]);
  const p = sigmoid(diff / 2);
  return {
    roles: diff >= 0 ? ['rep', 'customer'] : ['customer', 'rep'],
    confidence: Math.round(Math.max(p, 1 - p) * 1000) / 1000,
  };
}
