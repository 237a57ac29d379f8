import type { ObjectionType, Technique } from '../../lexicons/lexicon.schema.js';
import type { Speaker } from '../../models/transcript.js';

/** Labels of behaviours.md. */
export const LABELS = [
  'question.open',
  'question.closed',
  'restatement',
  'objection_response',
  'next_step',
  'opening',
  'solution',
  'objection.price',
  'objection.timing',
  'objection.authority',
  'objection.need',
  'objection.competitor',
  'objection.trust',
  'objection.delivery',
  'need.explicit',
  'need.implicit',
  'question',
] as const;
export type Label = (typeof LABELS)[number];

export const SPEC_TAGS = [
  'price_sensitive',
  'needs_sample',
  'competitor_mentioned',
  'long_decision_chain',
  'delivery_concern',
] as const;
export type SpecTag = (typeof SPEC_TAGS)[number];

export const TAG_NAMES_ZH: Record<SpecTag, string> = {
  price_sensitive: '价格敏感',
  needs_sample: '需要样机',
  competitor_mentioned: '竞品提及',
  long_decision_chain: '决策链长',
  delivery_concern: '交付关注',
};

/** One detected behaviour with its evidence. Optional fields apply to some labels only. */
export interface Finding {
  id: string;
  label: Label;
  utteranceId: string;
  /** [start, end) in Unicode code points of the utterance's original text. */
  span: [number, number];
  /** The rule that fired (e.g. `question.wh`), or `lexicon` when a term alone decided. */
  rule: string;
  /** The lexicon term (canonical concept) that fired, if any. */
  term: string | null;
  /** The matched surface form when it differs from the concept. */
  surface?: string;
  lexiconVersion: string;
  confidence: number;
  objectionType?: ObjectionType;
  responseUtteranceId?: string | null;
  techniques?: Technique[];
  techniqueEvidence?: { technique: Technique; span: [number, number]; term: string; utteranceId: string }[];
  resolved?: boolean;
  latencyMs?: number | null;
  identified?: boolean;
  identifiedBy?: string | null;
  refersTo?: string | null;
  accurate?: boolean;
  similarity?: number;
  measure?: 'lexical' | 'embedding';
  respondsTo?: string[];
  hasDate?: boolean;
  components?: string[];
  /** Set when an accepted appeal's correction made or changed this finding (the override id). */
  overrideId?: string;
  /** Model findings (rule `model.<label>`): the second stage's probability and its strongest n-grams. */
  probability?: number;
  modelEvidence?: { text: string; weight: number }[];
}

export interface TagResult {
  tag: string;
  nameZh: string;
  /** Ids of findings (or utterances) that support the tag. */
  evidence: { utteranceId: string; span: [number, number]; term: string | null; rule: string }[];
}

export interface Metrics {
  durationSec: number;
  repTalkSec: number;
  customerTalkSec: number;
  talkRatio: number;
  longestMonologueSec: number;
  interactivityPerMin: number;
  patienceSec: number | null;
  repQuestions: number;
  repOpenQuestions: number;
  repQuestionsPer10Min: number;
  customerQuestions: number;
  customerQuestionsPer10Min: number;
}

export interface SpeakerText {
  id: string;
  speaker: Speaker;
  start: number;
  end: number;
  text: string;
}
