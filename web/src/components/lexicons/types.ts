/** Lexicon admin responses as the lexicons page reads them: names for the generated API shapes. */
import type {
  LexiconChangeRequest,
  LexiconIndustry,
  LexiconInheritance,
  LexiconTerm,
  LexiconVersion,
  LexiconVersionRow,
  RescoreRun,
} from '../../lib/api-shapes';

export type Term = LexiconTerm;
/** The inherited side of a version: parents, their terms, the own terms overriding one. */
export type Inheritance = LexiconInheritance;
/** A row of the terms table: an own term (maybe overriding an inherited one) or an inherited one. */
export type TermRow = Term & { inheritedFrom?: string; overrides?: string };
export type IndustryRow = LexiconIndustry;
export type Version = LexiconVersion;
export type VersionRow = LexiconVersionRow;
export type ChangeRequest = LexiconChangeRequest;
export type Run = RescoreRun;

/** Runs one action of the page: busy state, a success message, reload, errors in Chinese. */
export type LexiconAction = (key: string, f: () => Promise<unknown>, ok?: string) => Promise<void>;
