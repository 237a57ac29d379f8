/** Lexicon admin responses as the lexicons page reads them. */

export interface Term {
  term: string;
  category: string;
  synonyms?: string[];
  weight?: number;
  tag?: string;
  note?: string;
}
/** A term of an ancestor lexicon (`extends:`), as the API marks it. */
export interface InheritedTerm extends Term {
  inheritedFrom: string;
}
/** The inherited side of a version: parents, their terms, the own terms overriding one. */
export interface Inheritance {
  extends: string | null;
  ancestors: { industry: string; name: string; sequence: number }[];
  inherited: InheritedTerm[];
  overrides: { term: string; inheritedFrom: string }[];
  children: string[];
}
/** A row of the terms table: an own term (maybe overriding an inherited one) or an inherited one. */
export type TermRow = Term & { inheritedFrom?: string; overrides?: string };
export interface IndustryRow {
  industry: string;
  name?: string;
  extends?: string | null;
  selectable?: boolean;
  sequence: number;
  versionId: string | null;
  hasDraft: boolean;
}
export interface Version {
  industry: string;
  sequence: number;
  versionId: string | null;
  status: string;
  lexicon: { name?: string; terms?: Term[] };
  note: string | null;
  createdAt: string;
  publishedAt: string | null;
  rollbackOf?: number | null;
}
export interface VersionRow extends Omit<Version, 'lexicon'> {
  terms: number;
}
export interface ChangeRequest {
  id: string;
  appealId: string | null;
  status: string;
  change: Record<string, unknown>;
  note?: string | null;
  createdAt: string;
}
export interface Run {
  id: string;
  versionId: string;
  status: string;
  total: number;
  done: number;
  changed: number;
  failed: number;
  percent?: number;
}

/** Runs one action of the page: busy state, a success message, reload, errors in Chinese. */
export type LexiconAction = (key: string, f: () => Promise<unknown>, ok?: string) => Promise<void>;
