import { readdirSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, join } from 'node:path';
import { type ResolvedTranscript, resolveIndustry } from '../../lexicons/industry-inference.js';
import { DIMENSION_NAMES_ZH, DIMENSIONS } from '../../lexicons/scorecard.schema.js';
import { AppError, ErrorCode } from '../../models/errors.js';
import { AUTO_INDUSTRY, parseTranscriptDraft, parseTranscriptDraftJson } from '../../models/transcript.js';
import {
  type AnalysisEngine,
  ThreadedAnalysisEngine,
} from '../../pipeline/analysis-thread/analysis-engine.js';
import { buildDraftInput, roleLexiconFor } from '../../pipeline/import/draft.js';
import { type ImportFormat, importTranscript, parseChannelMap } from '../../pipeline/import/index.js';
import { type CallAnalysis, callIdOf } from '../../pipeline/nlp/analyze.core.js';
import { normalizeText } from '../../pipeline/nlp/normalize.js';
import { renderMarkdown, renderText } from '../../pipeline/report/text-report.js';
import type { Config } from '../config.js';
import { createRuntime, type Runtime } from '../runtime.js';

export interface AnalyzeOptions {
  /** Forces the industry; absent or `auto`: the transcript's own, else inferred from the lexicons. */
  industry?: string | undefined;
  format: 'text' | 'json' | 'md';
  /** Forces the input format (vendor result, table); absent: detected by content. */
  from?: ImportFormat | undefined;
  /** `0=rep,1=customer`: vendor channel/speaker ids to roles; absent: the role model decides. */
  channels?: string | undefined;
  /**
   * Analysis threads for a folder (`0`: this thread only). Absent: one per core, at most
   * {@link MAX_FOLDER_THREADS}, for a folder of at least {@link THREADED_FOLDER_MIN} files.
   */
  threads?: number | undefined;
}

/** A folder smaller than this is analysed on the main thread: starting threads costs more. */
export const THREADED_FOLDER_MIN = 16;
const MAX_FOLDER_THREADS = 4;
const CLI_THREAD_YOUNG_MB = 48;

/** How many analysis threads a folder of `files` transcripts gets (0: none). */
export function folderThreads(files: number, requested: number | undefined, embeddings: boolean): number {
  if (embeddings) return 0; // the embedding model lives on the main thread
  if (requested !== undefined) return requested;
  return files >= THREADED_FOLDER_MIN ? Math.min(availableParallelism(), MAX_FOLDER_THREADS) : 0;
}

/** Vendor results and tables: a local report needs no rep. */
const LOCAL_REP = '未指定';

/** Transcript files of a folder: *.json (ours or a vendor's) except gold labels, *.csv, *.xlsx; sorted by name. */
export function transcriptFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /\.(json|csv|xlsx)$/i.test(f) && !f.endsWith('.gold.json'))
    .sort()
    .map((f) => join(dir, f));
}

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
  const draft = parseTranscriptDraftJson(text);
  const forced = industry && industry !== AUTO_INDUSTRY ? { ...draft, industry } : draft;
  return resolveIndustry(forced, runtime.lexicons, { normalize: (t) => normalizeText(t).text });
}

/** The analysis with how its industry was chosen (and the evidence when it was inferred). */
type AnalysedCall = CallAnalysis &
  Pick<ResolvedTranscript, 'industrySource'> & {
    industryInference?: ResolvedTranscript['inference'];
  };

/**
 * Reads a transcript in any import format (ours, a cloud ASR vendor's result, a CSV/Excel table),
 * detected by content unless `--from` forces one. Our own format goes through
 * {@link readTranscript} unchanged; the others get a placeholder rep and the file's time.
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
  const forced = options.industry && options.industry !== AUTO_INDUSTRY ? options.industry : undefined;
  const imported = await importTranscript(bytes, {
    format: options.from,
    channels: options.channels ? parseChannelMap(options.channels) : undefined,
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
  return resolveIndustry(draft, runtime.lexicons, { normalize: (t) => normalizeText(t).text });
}

async function analyzeFile(
  file: string,
  runtime: Runtime,
  options: AnalyzeOptions,
  engine?: AnalysisEngine,
): Promise<AnalysedCall> {
  const resolved = await readAnyTranscript(file, runtime, options);
  const t = resolved.transcript;
  // The same analysis in a thread: the same lexicon, scorecard, second stage and finding ids.
  const analysis = engine ? await engine.analyze(t, callIdOf(t)) : await runtime.analyze(t);
  return {
    ...analysis,
    industrySource: resolved.industrySource,
    ...(resolved.inference ? { industryInference: resolved.inference } : {}),
  };
}

export async function analyzeCommand(
  args: string[],
  options: AnalyzeOptions,
  config: Config,
): Promise<number> {
  const target = args[0];
  if (!target)
    throw new AppError(ErrorCode.InvalidInput, 'analyze needs a transcript file or a folder of them');
  let isDir: boolean;
  try {
    isDir = statSync(target).isDirectory();
  } catch {
    throw new AppError(ErrorCode.InvalidInput, `no such file or folder: ${target}`);
  }
  const runtime = await createRuntime(config);
  if (options.industry && options.industry !== AUTO_INDUSTRY) runtime.lexicons.get(options.industry);
  if (!isDir) {
    const analysis = await analyzeFile(target, runtime, options);
    console.log(render(analysis, options.format, runtime));
    return 0;
  }

  const files = transcriptFiles(target);
  if (files.length === 0)
    throw new AppError(ErrorCode.InvalidInput, `no transcript files (*.json, *.csv, *.xlsx) in ${target}`);
  const threads = folderThreads(files.length, options.threads, !!runtime.embedder);
  const engine =
    threads > 0
      ? new ThreadedAnalysisEngine(runtime.analyzer, runtime.lexicons, {
          threads,
          cacheDir: runtime.cacheDir,
          // Node's default young generation, as on the main thread: a folder run wants speed, not
          // the server's small resident size.
          maxYoungGenerationSizeMb: CLI_THREAD_YOUNG_MB,
        })
      : undefined;
  let results: FolderResult[];
  try {
    results = await analyzeFolder(files, runtime, options, engine, threads);
  } finally {
    await engine?.close();
  }
  const failed = results.filter((r) => r.error);
  if (options.format === 'json') {
    console.log(
      JSON.stringify(
        {
          calls: results.filter((r) => r.analysis).map((r) => r.analysis),
          errors: failed.map((r) => ({ file: basename(r.file), error: r.error })),
        },
        null,
        2,
      ),
    );
  } else {
    console.log(summaryTable(results, runtime, options.format === 'md'));
  }
  for (const f of failed) console.error(`✗ ${basename(f.file)}: ${f.error}`);
  return failed.length > 0 ? 1 : 0;
}

interface FolderResult {
  file: string;
  analysis?: AnalysedCall;
  error?: string;
}

/**
 * Every file of a folder, in the folder's order. With analysis threads, files are read (and their
 * industry inferred) here while up to two per thread are analysed; a failing file fails alone.
 */
async function analyzeFolder(
  files: readonly string[],
  runtime: Runtime,
  options: AnalyzeOptions,
  engine: AnalysisEngine | undefined,
  threads: number,
): Promise<FolderResult[]> {
  const results: FolderResult[] = new Array(files.length);
  const progress = createProgress(files.length);
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < files.length; i = next++) {
      const file = files[i]!;
      try {
        results[i] = { file, analysis: await analyzeFile(file, runtime, options, engine) };
      } catch (err) {
        const message = err instanceof AppError ? `[${err.code}] ${err.message}` : (err as Error).message;
        results[i] = { file, error: message };
      }
      progress.tick(basename(file));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, threads * 2) }, lane));
  progress.done();
  return results;
}

function render(a: AnalysedCall, format: AnalyzeOptions['format'], runtime: Runtime): string {
  const name = runtime.lexicons.get(a.industry).name;
  if (format === 'json') return JSON.stringify(a, null, 2);
  const inferred = a.industryInference
    ? `行业：${name}（推断，置信度 ${a.industryInference.confidence.toFixed(2)}）`
    : undefined;
  if (format === 'md')
    return [inferred && `> ${inferred}\n`, renderMarkdown(a, name)].filter(Boolean).join('\n');
  return [inferred, renderText(a, name)].filter(Boolean).join('\n');
}

function summaryTable(
  results: { file: string; analysis?: AnalysedCall; error?: string }[],
  runtime: Runtime,
  md: boolean,
): string {
  const header = [
    '文件',
    '行业',
    '总分',
    ...DIMENSIONS.map((d) => DIMENSION_NAMES_ZH[d]),
    '标签',
    '辅导机会',
  ];
  const rows = results.map((r) => {
    if (!r.analysis)
      return [basename(r.file), '—', '失败', ...DIMENSIONS.map(() => '—'), r.error?.slice(0, 60) ?? '', ''];
    const a = r.analysis;
    return [
      basename(r.file),
      `${runtime.lexicons.get(a.industry).name}${a.industrySource === 'inferred' ? '（推断）' : ''}`,
      String(a.total ?? '—'),
      ...DIMENSIONS.map((d) => String(a.dimensions[d] ?? '—')),
      a.tagEvidence.map((t) => t.nameZh).join('、') || '—',
      String(a.coaching.length),
    ];
  });
  const ok = results.filter((r) => r.analysis);
  const footer = `共 ${results.length} 个文件，成功 ${ok.length} 个，失败 ${results.length - ok.length} 个`;
  if (md) {
    return [
      `| ${header.join(' | ')} |`,
      `|${header.map(() => '---').join('|')}|`,
      ...rows.map((r) => `| ${r.join(' | ')} |`),
      '',
      footer,
    ].join('\n');
  }
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u1100-\uffff]/.test(ch) ? 2 : 1), 0);
  const cols = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: string[]) => cells.map((c, i) => c + ' '.repeat(cols[i]! - width(c))).join('  ');
  return [line(header), cols.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line), '', footer].join('\n');
}

/** A progress bar on stderr (redrawn in place on a terminal, one line per file otherwise). */
function createProgress(total: number) {
  let done = 0;
  const tty = process.stderr.isTTY;
  return {
    tick(name: string) {
      done++;
      const width = 30;
      const filled = Math.round((done / total) * width);
      const text = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${name}`;
      if (tty) process.stderr.write(`\r${text}\x1b[K`);
      else process.stderr.write(`${text}\n`);
    },
    done() {
      if (tty) process.stderr.write('\n');
    },
  };
}
