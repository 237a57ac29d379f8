import type { ObjectionType, Technique } from '../../lexicons/lexicon.schema.js';
import type { Speaker } from '../../models/transcript.js';
import { TAG_ZH } from '../../shared/labels-zh.js';
import { LABELS, type Label, SPEC_TAGS, type SpecTag } from '../../shared/vocabulary.js';

/** Labels and tags of behaviours.md: one list for the server and the web (shared/vocabulary.ts). */
export { LABELS, type Label, SPEC_TAGS, type SpecTag };
export const TAG_NAMES_ZH: Record<SpecTag, string> = TAG_ZH;

/** Labels of customer objections (`objection.<type>`). */
export type ObjectionLabel = Extract<Label, `objection.${string}`>;
/** Labels of questions: the rep's open and closed questions, and the customer's. */
export type QuestionLabel = 'question.open' | 'question.closed' | 'question';
export type NeedLabel = 'need.implicit' | 'need.explicit';
export type OpeningComponent = 'intro' | 'purpose' | 'permission';
/** Judgements on a finding a reviewer can correct (`set` corrections). */
export type Judgement = 'accurate' | 'identified' | 'resolved';

/** What every finding has, whatever its label. */
export interface FindingBase {
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
  /** Set when an accepted appeal's correction made or changed this finding (the override id). */
  overrideId?: string;
  /** Model findings (rule `model.<label>`): the second stage's probability and its strongest n-grams. */
  probability?: number;
  modelEvidence?: { text: string; weight: number }[];
}

export interface QuestionFinding extends FindingBase {
  label: QuestionLabel;
}

export interface OpeningFinding extends FindingBase {
  label: 'opening';
  /** The components of the opening over the rep's first two utterances, in spec order. */
  components: OpeningComponent[];
}

export interface NextStepFinding extends FindingBase {
  label: 'next_step';
  hasDate: boolean;
}

/** A customer objection with its handling (conventions 8 and 9). */
export interface ObjectionFinding extends FindingBase {
  label: ObjectionLabel;
  objectionType: ObjectionType;
  /** The first rep utterance after the objection, or null when the rep never answers. */
  responseUtteranceId: string | null;
  techniques: Technique[];
  resolved: boolean;
  latencyMs: number | null;
}

export interface TechniqueEvidence {
  technique: Technique;
  span: [number, number];
  term: string;
  utteranceId: string;
}

/** The rep's reply to one or more objections. */
export interface ObjectionResponseFinding extends FindingBase {
  label: 'objection_response';
  /** The objection utterances it answers (empty when an appeal added it). */
  respondsTo: string[];
  /** Absent when an appeal added the response by itself. */
  techniques?: Technique[];
  /** Absent when an appeal added the response. */
  techniqueEvidence?: TechniqueEvidence[];
}

/** An implicit need, identified by the rep or missed (convention 11). */
export interface ImplicitNeedFinding extends FindingBase {
  label: 'need.implicit';
  identified: boolean;
  /** The rep utterance that identified it. */
  identifiedBy: string | null;
}

export interface ExplicitNeedFinding extends FindingBase {
  label: 'need.explicit';
}

export type NeedFinding = ImplicitNeedFinding | ExplicitNeedFinding;

export interface RestatementFinding extends FindingBase {
  label: 'restatement';
  /** The customer utterance restated. */
  refersTo: string;
  accurate: boolean;
  similarity: number;
  measure: 'lexical' | 'embedding';
}

export interface SolutionFinding extends FindingBase {
  label: 'solution';
}

/** One detected behaviour with its evidence: one shape per label family, discriminated by `label`. */
export type Finding =
  | QuestionFinding
  | OpeningFinding
  | NextStepFinding
  | ObjectionFinding
  | ObjectionResponseFinding
  | NeedFinding
  | RestatementFinding
  | SolutionFinding;

/** `Omit` applied to each member of a union (plain `Omit` merges the members into one shape). */
export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Labels whose findings carry nothing beyond the base fields. */
export type PlainLabel = (QuestionFinding | ExplicitNeedFinding | SolutionFinding)['label'];

export function isPlainLabel(label: Label): label is PlainLabel {
  return (
    label === 'question.open' ||
    label === 'question.closed' ||
    label === 'question' ||
    label === 'need.explicit' ||
    label === 'solution'
  );
}

/** True for `objection.<type>` labels (`label.startsWith('objection.')` does not narrow). */
export function isObjectionLabel(label: string): label is ObjectionLabel {
  return label.startsWith('objection.');
}

export function isObjectionFinding(f: Finding): f is ObjectionFinding {
  return isObjectionLabel(f.label);
}

export function isObjectionResponseFinding(f: Finding): f is ObjectionResponseFinding {
  return f.label === 'objection_response';
}

export function isQuestionFinding(f: Finding): f is QuestionFinding {
  return f.label === 'question.open' || f.label === 'question.closed' || f.label === 'question';
}

export function isNeedFinding(f: Finding): f is NeedFinding {
  return f.label === 'need.implicit' || f.label === 'need.explicit';
}

export function isImplicitNeedFinding(f: Finding): f is ImplicitNeedFinding {
  return f.label === 'need.implicit';
}

export function isExplicitNeedFinding(f: Finding): f is ExplicitNeedFinding {
  return f.label === 'need.explicit';
}

export function isRestatementFinding(f: Finding): f is RestatementFinding {
  return f.label === 'restatement';
}

export function isNextStepFinding(f: Finding): f is NextStepFinding {
  return f.label === 'next_step';
}

export function isSolutionFinding(f: Finding): f is SolutionFinding {
  return f.label === 'solution';
}

export function isOpeningFinding(f: Finding): f is OpeningFinding {
  return f.label === 'opening';
}

/** The judgement a finding carries (undefined when its family has none of that kind). */
export function judgementOf(f: Finding, field: Judgement): boolean | undefined {
  switch (field) {
    case 'accurate':
      return isRestatementFinding(f) ? f.accurate : undefined;
    case 'identified':
      return isImplicitNeedFinding(f) ? f.identified : undefined;
    case 'resolved':
      return isObjectionFinding(f) ? f.resolved : undefined;
  }
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
