import type { TermOccurrence } from '../../lexicons/lexicon.compile.js';
import type { ObjectionType } from '../../lexicons/lexicon.schema.js';
import type { PreparedUtterance } from './prepare.js';

/** A customer objection found in one utterance. */
export interface ObjectionMatch {
  utterance: PreparedUtterance;
  type: ObjectionType;
  span: [number, number];
  term: TermOccurrence | null;
  rule: string;
  /** Set for a finding of the learned second stage. */
  model?: {
    confidence: number;
    probability: number;
    term: string;
    ngrams: { text: string; weight: number }[];
  };
}

/** A next step proposed or confirmed by the rep. */
export interface NextStepMatch {
  utterance: PreparedUtterance;
  span: [number, number];
  /** The lexicon action word, when one decided. */
  action: TermOccurrence | null;
  /** The action as evidence: the lexicon concept, or the words a pattern matched. */
  term: string;
  hasDate: boolean;
  rule: string;
  /** Set for a finding of the learned second stage. */
  model?: { confidence: number; probability: number; ngrams: { text: string; weight: number }[] };
}
