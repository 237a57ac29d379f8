import { isUtf8 } from 'node:buffer';
import { readFileSync, statSync } from 'node:fs';
import { type ResolvedTranscript, resolveIndustry } from '../../lexicons/industry-inference.js';
import { DIMENSIONS } from '../../lexicons/scorecard.schema.js';
import { AppError, ErrorCode } from '../../models/errors.js';
import {
  AUTO_INDUSTRY,
  parseTranscriptDraft,
  parseTranscriptDraftJson,
  type TranscriptDraft,
} from '../../models/transcript.js';
import { buildDraftInput, roleLexiconFor } from '../../pipeline/import/draft.js';
import {
  decodeFile,
  detectJsonFormat,
  type ImportFormat,
  importTranscript,
  isRecord,
  parseChannelMap,
} from '../../pipeline/import/index.js';
import type { CallAnalysis } from '../../pipeline/nlp/analyze.core.js';
import { normalizeText } from '../../pipeline/nlp/normalize.js';
import { renderMarkdown, renderText } from '../../pipeline/report/text-report.js';
import type { Runtime } from '../runtime.js';

export interface AnalyzeOptions {
  /** Forces the industry; absent or `auto`: the transcript's own, else inferred from the lexicons. */
  industry?: string | undefined;
  format: 'text' | 'json' | 'md';
  /** Forces the input format (vendor result, table); absent: detected by content. */
  from?: ImportFormat | undefined;
  /** `0=rep,1=customer`: vendor channel/speaker ids to roles; absent: the role model decides. */
  channels?: string | undefined;
  /**
   * Analysis threads for a folder (`0`: this thread only). Absent: one per core, at most 4, for
   * a folder of at least 16 files (see analyze-folder.ts).
   */
  threads?: number | undefined;
}

/** Vendor results and tables: a local report needs no rep. */
const LOCAL_REP = '未指定';

/**
 * Reads, validates (and optionally re-targets) one transcript file; errors name the file. A
 * transcript without an industry (or with `auto`) gets the inferred one, or an error naming the
 * two candidates when the lexicon evidence cannot tell them apart (待确认行业). An unknown
 * industry is an error here, before any analysis.
 */
export function readTranscript(file: string, runtime: Runtime, industry?: string): ResolvedTranscript {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new AppError(ErrorCode.InvalidInput, `cannot read ${file}: ${(err as Error).message}`);
  }
  return resolveDraft(parseTranscriptDraftJson(text), runtime, industry);
}

function resolveDraft(draft: TranscriptDraft, runtime: Runtime, industry?: string): ResolvedTranscript {
  const forced = industry && industry !== AUTO_INDUSTRY ? { ...draft, industry } : draft;
  return resolveIndustry(forced, runtime.lexicons, { normalize: (t) => normalizeText(t).text });
}

/** The analysis with how its industry was chosen (and the evidence when it was inferred). */
export type AnalysedCall = CallAnalysis &
  Pick<ResolvedTranscript, 'industrySource'> & {
    industryInference?: ResolvedTranscript['inference'];
  };

/**
 * Reads a transcript in any import format (ours, a cloud ASR vendor's result, a CSV/Excel table),
 * detected by content unless `--from` forces one. Our own format reads as {@link readTranscript}
 * reads it; the others get a placeholder rep and the file's time.
 */
async function readAnyTranscript(
  file: string,
  runtime: Runtime,
  options: AnalyzeOptions,
): Promise<ResolvedTranscript> {
  let bytes: Buffer;
  let mtime: Date;
  try {
    bytes = readFileSync(file);
    mtime = statSync(file).mtime;
  } catch (err) {
    throw new AppError(ErrorCode.InvalidInput, `cannot read ${file}: ${(err as Error).message}`);
  }
  // A bad --channels fails every file first, whatever its format.
  const channels = options.channels ? parseChannelMap(options.channels) : undefined;
  // Decoded once, whatever the format. Our own format, the usual case, is validated from it as
  // readTranscript would from the file's text: with a BOM (which that text keeps, so JSON.parse
  // rejects it) or bytes that are not UTF-8 (whose replacement characters come from another
  // decoder there) it takes readTranscript's way, so every file reads as it always has.
  const decoded = decodeFile(bytes);
  if (
    decoded.kind === 'json' &&
    (options.from ?? detectJsonFormat(decoded.value)) === 'tingjian' &&
    isRecord(decoded.value) &&
    !(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) &&
    isUtf8(bytes)
  )
    return resolveDraft(parseTranscriptDraft(decoded.value), runtime, options.industry);
  const forced = options.industry && options.industry !== AUTO_INDUSTRY ? options.industry : undefined;
  const imported = await importTranscript(bytes, {
    decoded,
    format: options.from,
    channels,
    // Read only for a vendor result without a channel map: our own format never compiles a
    // lexicon here (it may not even be the call's industry).
    get roleLexicon() {
      return roleLexiconFor(runtime.lexicons, forced);
    },
  });
  if (imported.format === 'tingjian') return readTranscript(file, runtime, options.industry);
  const draft = parseTranscriptDraft(
    buildDraftInput(imported, { repId: LOCAL_REP, occurredAt: mtime.toISOString() }, { industry: forced }),
  );
  return resolveDraft(draft, runtime, forced);
}

/** Reads and analyses one transcript file of any import format. */
export async function analyzeFile(
  file: string,
  runtime: Runtime,
  options: AnalyzeOptions,
): Promise<AnalysedCall> {
  const resolved = await readAnyTranscript(file, runtime, options);
  const analysis = await runtime.analyze(resolved.transcript);
  return {
    ...analysis,
    industrySource: resolved.industrySource,
    ...(resolved.inference ? { industryInference: resolved.inference } : {}),
  };
}

/** One call's report (`tingjian analyze <file>`). */
export function renderCall(a: AnalysedCall, format: AnalyzeOptions['format'], runtime: Runtime): string {
  const name = runtime.lexicons.get(a.industry).name;
  if (format === 'json') return JSON.stringify(a, null, 2);
  const inferred = a.industryInference
    ? `行业：${name}（推断，置信度 ${a.industryInference.confidence.toFixed(2)}）`
    : undefined;
  if (format === 'md')
    return [inferred && `> ${inferred}\n`, renderMarkdown(a, name)].filter(Boolean).join('\n');
  return [inferred, renderText(a, name)].filter(Boolean).join('\n');
}

/**
 * What a folder's output keeps of one file, computed where the file was analysed so only text
 * crosses a thread boundary: the summary row's cells after the file name (text, md), the call as
 * it sits in the `calls` array of the JSON output (json), or the error.
 */
export type FolderItem = { cells: string[] } | { json: string } | { error: string };

/** Indentation of a call inside `{"calls": [...]}` printed with two-space indentation. */
const CALL_INDENT = '\n    ';

/** Reads, analyses and reduces one file of a folder to its {@link FolderItem}; a failure is the item. */
export async function analyzeFolderItem(
  file: string,
  runtime: Runtime,
  options: AnalyzeOptions,
): Promise<FolderItem> {
  let a: AnalysedCall;
  try {
    a = await analyzeFile(file, runtime, options);
  } catch (err) {
    return { error: err instanceof AppError ? `[${err.code}] ${err.message}` : (err as Error).message };
  }
  // JSON strings hold no raw line break: every one is between two tokens, so re-indenting the
  // call's own printout gives exactly what printing the whole document at once would.
  if (options.format === 'json') return { json: JSON.stringify(a, null, 2).replaceAll('\n', CALL_INDENT) };
  return {
    cells: [
      `${runtime.lexicons.get(a.industry).name}${a.industrySource === 'inferred' ? '（推断）' : ''}`,
      String(a.total ?? '—'),
      ...DIMENSIONS.map((d) => String(a.dimensions[d] ?? '—')),
      a.tagEvidence.map((t) => t.nameZh).join('、') || '—',
      String(a.coaching.length),
    ],
  };
}
