import { z } from 'zod';
import type {
  ChangeRequest,
  LexiconVersion,
  RescoreResult,
  RescoreRun,
} from '../../models/lexicon-version.repository.js';
import { CHANGE_REQUEST_STATUSES, LEXICON_VERSION_STATUSES, RESCORE_STATUSES } from '../../models/schema.js';

/**
 * The bodies of the lexicon admin routes as the server sends them. The OpenAPI document names
 * them, shared/api-types.gen.ts is generated from it and the lexicons page takes its types from
 * there. Rows become views through the functions below (dates as ISO strings), typed by these
 * schemas, so the compiler checks the server against them; tests/api/lexicon-shapes.api.test.ts
 * parses real answers with them (objects strict: a field the server adds must be added here).
 */

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

/** A term as stored in a lexicon version (lexicons/lexicon.schema.ts ZTerm, read back). */
export const ZLexiconTerm = z.strictObject({
  term: z.string(),
  category: z.string(),
  synonyms: z.array(z.string()).optional(),
  weight: z.number().optional(),
  tag: z.string().optional(),
  note: z.string().optional(),
});

/** A term of an ancestor lexicon (`extends:`), marked with the ancestor it comes from. */
export const ZInheritedTerm = ZLexiconTerm.extend({ inheritedFrom: z.string() });

/** The stored lexicon document of a version; the page reads its name and terms, the rest is kept as stored. */
export const ZLexiconDocumentView = z.looseObject({
  name: z.string().optional(),
  terms: z.array(ZLexiconTerm).optional(),
});

const versionHead = {
  industry: z.string(),
  sequence: z.number(),
  /** `<industry>@<sequence>+<hash>`; null for a draft. */
  versionId: z.string().nullable(),
  status: z.enum(LEXICON_VERSION_STATUSES),
  basedOn: z.number().nullable(),
  /** Set when this version republishes an earlier one (rollback). */
  rollbackOf: z.number().nullable(),
  note: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  publishedBy: z.string().nullable(),
  publishedAt: z.string().nullable(),
};

/** One version with its terms and scorecard overlay. */
export const ZLexiconVersionView = z.strictObject({
  ...versionHead,
  lexicon: ZLexiconDocumentView,
  scorecard: z.record(z.string(), z.unknown()).nullable(),
});
export type LexiconVersionView = z.infer<typeof ZLexiconVersionView>;

/** A row of the version list: the head of a version and its own term count. */
export const ZLexiconVersionRow = z.strictObject({ ...versionHead, terms: z.number() });

/** The inherited side of a version: ancestors, inherited terms, own terms overriding one, children. */
export const ZLexiconInheritance = z.strictObject({
  extends: z.string().nullable(),
  ancestors: z.array(z.strictObject({ industry: z.string(), name: z.string(), sequence: z.number() })),
  inherited: z.array(ZInheritedTerm),
  overrides: z.array(z.strictObject({ term: z.string(), inheritedFrom: z.string() })),
  children: z.array(z.string()),
});

/** A row of `GET /v1/lexicons`. */
export const ZLexiconIndustry = z.strictObject({
  industry: z.string(),
  name: z.string(),
  /** The parent lexicon (`extends:`), null for none. */
  extends: z.string().nullable(),
  /** False for a shared base that calls cannot use. */
  selectable: z.boolean(),
  /** Sequence of the published version. */
  sequence: z.number(),
  versionId: z.string().nullable(),
  hasDraft: z.boolean(),
});

export const ZLexiconIndustryList = z.strictObject({ items: z.array(ZLexiconIndustry) });

/** `GET /v1/lexicons/{industry}`: what the editor opens with. */
export const ZLexiconOverview = z.strictObject({
  industry: z.string(),
  current: ZLexiconVersionView,
  draft: ZLexiconVersionView.nullable(),
  /** Of what the editor shows: the draft, else the current version. */
  inheritance: ZLexiconInheritance,
  pendingChangeRequests: z.number(),
});

export const ZLexiconVersionList = z.strictObject({ items: z.array(ZLexiconVersionRow) });

export const ZLexiconVersionResponse = z.strictObject({
  version: ZLexiconVersionView,
  inheritance: ZLexiconInheritance,
});

/** A draft after an edit (and, for an import, what was imported). */
export const ZLexiconDraftResponse = z.strictObject({ draft: ZLexiconVersionView });
export const ZLexiconImportResponse = z.strictObject({
  draft: ZLexiconVersionView,
  imported: z.number(),
  /** The encoding the upload was read with (utf-8, gbk …). */
  encoding: z.string(),
});

const ZVersionRef = z.strictObject({
  sequence: z.number(),
  versionId: z.string().nullable(),
  status: z.enum(LEXICON_VERSION_STATUSES),
});

/** `GET /v1/lexicons/{industry}/diff`. */
export const ZLexiconDiff = z.strictObject({
  industry: z.string(),
  extends: z.strictObject({ from: z.string().nullable(), to: z.string().nullable() }),
  /** What `to` inherits from the ancestors' current versions (unchanged by this diff). */
  inherited: ZLexiconInheritance,
  from: ZVersionRef,
  to: ZVersionRef,
  terms: z.strictObject({
    added: z.array(ZLexiconTerm),
    removed: z.array(ZLexiconTerm),
    changed: z.array(z.strictObject({ term: z.string(), before: ZLexiconTerm, after: ZLexiconTerm })),
  }),
  scorecardChanged: z.boolean(),
  scorecard: z.strictObject({
    from: z.record(z.string(), z.unknown()).nullable(),
    to: z.record(z.string(), z.unknown()).nullable(),
  }),
});

/** A proposed lexicon change (from an accepted appeal or an expert). */
export const ZLexiconChangeRequest = z.strictObject({
  id: z.string(),
  industry: z.string(),
  appealId: z.string().nullable(),
  change: z.record(z.string(), z.unknown()),
  status: z.enum(CHANGE_REQUEST_STATUSES),
  createdAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  note: z.string().nullable(),
  /** The draft sequence the change went into. */
  draftSequence: z.number().nullable(),
});
export const ZLexiconChangeRequestList = z.strictObject({ items: z.array(ZLexiconChangeRequest) });
export const ZLexiconChangeDecision = z.strictObject({
  request: ZLexiconChangeRequest,
  draft: ZLexiconVersionView.nullable(),
});

/** A rescore of an industry's calls after a publish, with progress. */
export const ZRescoreRunView = z.strictObject({
  id: z.string(),
  industry: z.string(),
  versionId: z.string(),
  since: z.string().nullable(),
  status: z.enum(RESCORE_STATUSES),
  /** The calls the run covers: an estimate (the scored calls when it started) until `planned`. */
  total: z.number(),
  /** True once the rescore job has queued every call and `total` is exact. */
  planned: z.boolean(),
  done: z.number(),
  changed: z.number(),
  failed: z.number(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type RescoreRunView = z.infer<typeof ZRescoreRunView>;
export const ZRescoreRunList = z.strictObject({ items: z.array(ZRescoreRunView) });

/** Before and after of one call in a rescore run. */
export const ZRescoreResultView = z.strictObject({
  runId: z.string(),
  callId: z.string(),
  beforeTotal: z.number().nullable(),
  afterTotal: z.number().nullable(),
  beforeDimensions: z.record(z.string(), z.number().nullable()).nullable(),
  afterDimensions: z.record(z.string(), z.number().nullable()).nullable(),
  beforeLexiconVersion: z.string().nullable(),
  findingsAdded: z.number(),
  findingsRemoved: z.number(),
  at: z.string(),
});

/** `GET /v1/rescores/{id}`: the run with its percentage and the calls it changed. */
export const ZRescoreRunProgress = z.strictObject({
  run: ZRescoreRunView.extend({ percent: z.number() }),
  results: z.array(ZRescoreResultView),
});

/** Publish and rollback: the new version and the rescore it started (null when asked not to). */
export const ZLexiconPublished = z.strictObject({
  version: ZLexiconVersionView,
  run: ZRescoreRunView.nullable(),
});
export const ZRescoreStarted = z.strictObject({ run: ZRescoreRunView });

// Views of the stored rows

export function versionView(v: LexiconVersion): LexiconVersionView {
  return {
    industry: v.industry,
    sequence: v.sequence,
    versionId: v.versionId,
    status: v.status,
    basedOn: v.basedOn,
    rollbackOf: v.rollbackOf,
    note: v.note,
    createdBy: v.createdBy,
    createdAt: iso(v.createdAt),
    updatedAt: iso(v.updatedAt),
    publishedBy: v.publishedBy,
    publishedAt: isoOrNull(v.publishedAt),
    lexicon: v.lexicon as z.infer<typeof ZLexiconDocumentView>,
    scorecard: v.scorecard,
  };
}

export function versionViewOrNull(v: LexiconVersion | null): LexiconVersionView | null {
  return v ? versionView(v) : null;
}

export function versionRow(v: LexiconVersion): z.infer<typeof ZLexiconVersionRow> {
  const { lexicon, scorecard: _s, ...head } = versionView(v);
  return { ...head, terms: lexicon.terms?.length ?? 0 };
}

export function changeRequestView(c: ChangeRequest): z.infer<typeof ZLexiconChangeRequest> {
  return { ...c, createdAt: iso(c.createdAt), decidedAt: isoOrNull(c.decidedAt) };
}

export function runView(r: RescoreRun): RescoreRunView {
  return {
    id: r.id,
    industry: r.industry,
    versionId: r.versionId,
    since: isoOrNull(r.since),
    status: r.status,
    total: r.total,
    planned: r.plannedAt !== null,
    done: r.done,
    changed: r.changed,
    failed: r.failed,
    createdBy: r.createdBy,
    createdAt: iso(r.createdAt),
    finishedAt: isoOrNull(r.finishedAt),
  };
}

export function runViewOrNull(r: RescoreRun | null): RescoreRunView | null {
  return r ? runView(r) : null;
}

export function resultView(r: RescoreResult): z.infer<typeof ZRescoreResultView> {
  return {
    runId: r.runId,
    callId: r.callId,
    beforeTotal: r.beforeTotal,
    afterTotal: r.afterTotal,
    beforeDimensions: r.beforeDimensions,
    afterDimensions: r.afterDimensions,
    beforeLexiconVersion: r.beforeLexiconVersion,
    findingsAdded: r.findingsAdded,
    findingsRemoved: r.findingsRemoved,
    at: iso(r.at),
  };
}
