/**
 * Bulk import of a team's existing calls from a folder or a zip archive: vendor ASR results,
 * CSV/Excel tables and our own transcript JSON, plus recordings (paired with a transcript of the
 * same name, or sent to transcription when this deployment has it). Resumable: a file's content
 * hash is its external id, so a file already imported is skipped as a duplicate. One bad file
 * is reported with its reason and the rest go on.
 */
import { createHash } from 'node:crypto';
import { basename, dirname, extname } from 'node:path';
import { Readable } from 'node:stream';
import type { LexiconRegistry } from '../../lexicons/lexicon.registry.js';
import type { Call } from '../../models/call.repository.js';
import { AppError, ErrorCode } from '../../models/errors.js';
import { receiveUpload } from '../../pipeline/audio/audio-intake.js';
import { buildDraftInput, roleLexiconFor } from '../../pipeline/import/draft.js';
import { type ImportFormat, importTranscript } from '../../pipeline/import/index.js';
import type { ChannelMap } from '../../pipeline/import/roles.js';
import { maskPii } from '../../pipeline/nlp/pii.js';
import type { SubmitResult } from '../intake/call.service.js';
import type { FilenamePattern, NameFields } from './filename-pattern.js';
import { type ImportSource, openSource, type SourceEntry } from './sources.js';
import { type ArchiveLimits, DEFAULT_ARCHIVE_LIMITS } from './zip.reader.js';

/** What the import needs from the service: lookups by external id and the two intakes. */
export interface ImportDeps {
  lexicons: LexiconRegistry;
  findByExternalId(externalId: string): Promise<Call | null>;
  submitTranscript(body: unknown): Promise<SubmitResult>;
  /** Recording intake; absent when this deployment does not transcribe. */
  audio?: {
    audioDir: string;
    maxBytes: number;
    submitAudio(metadata: unknown, upload: Awaited<ReturnType<typeof receiveUpload>>): Promise<SubmitResult>;
  };
  /**
   * True when the intake masks personal data itself (PII_MASKING=on): a phone number from a file
   * name is then handed over as written, so the intake masks it and keeps its keyed hash for
   * erasure. Otherwise it is masked here before it leaves the import.
   */
  intakeMasksPii?: boolean;
}

export interface ImportOptions {
  format?: ImportFormat | undefined;
  channels?: ChannelMap | undefined;
  pattern?: FilenamePattern | undefined;
  /** Defaults when neither the file nor its name says. */
  rep?: string | undefined;
  date?: string | undefined;
  /** Forces the industry (else the file's own, else inferred from the text). */
  industry?: string | undefined;
  limits?: ArchiveLimits;
  /** Called after each file with the counts so far and that file's row. */
  onProgress?: (progress: ImportProgress, row: ImportRow) => void;
}

export type ImportStatus = 'imported' | 'duplicate' | 'failed' | 'skipped' | 'paired';

export interface ImportRow {
  /** Path inside the folder or archive, phone numbers masked. */
  file: string;
  status: ImportStatus;
  format?: string;
  callId?: string;
  reason?: string;
}

export interface ImportProgress {
  done: number;
  total: number;
  imported: number;
  duplicates: number;
  failed: number;
}

export interface ImportSummary extends ImportProgress {
  skipped: number;
  rows: ImportRow[];
  ms: number;
}

const TRANSCRIPT_EXT = new Set(['.json', '.csv', '.tsv', '.xlsx']);
const AUDIO_EXT = new Set([
  '.wav',
  '.mp3',
  '.m4a',
  '.aac',
  '.amr',
  '.ogg',
  '.opus',
  '.flac',
  '.silk',
  '.slk',
  '.3gp',
]);
/** Files every export tool leaves around; not worth a line in the report. */
const IGNORED = /(^|\/)(\.DS_Store|Thumbs\.db|desktop\.ini|__MACOSX\/.*|\._.*)$/;

/** The external id of an imported file: its content hash. */
export const importExternalId = (bytes: Uint8Array) =>
  `import-${createHash('sha256').update(bytes).digest('hex').slice(0, 40)}`;

/** A file path with every phone or ID number masked, for reports and messages. */
export const maskPath = (path: string) => maskPii(path).text;

export async function importSource(
  source: string,
  deps: ImportDeps,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const t0 = performance.now();
  let opened: ImportSource;
  try {
    opened = openSource(source, options.limits ?? DEFAULT_ARCHIVE_LIMITS);
  } catch (err) {
    throw new AppError(ErrorCode.InvalidInput, (err as Error).message);
  }
  try {
    return await importEntries(opened.entries, deps, options, t0);
  } finally {
    opened.close();
  }
}

async function importEntries(
  all: SourceEntry[],
  deps: ImportDeps,
  options: ImportOptions,
  t0: number,
): Promise<ImportSummary> {
  const entries = all.filter((e) => !IGNORED.test(e.path));
  const stem = (p: string) => `${dirname(p)}/${basename(p, extname(p))}`.toLowerCase();
  const transcriptStems = new Set(
    entries
      .filter((e) => TRANSCRIPT_EXT.has(extname(e.path).toLowerCase()) && !e.refused)
      .map((e) => stem(e.path)),
  );
  const rows: ImportRow[] = new Array(entries.length);
  const progress: ImportProgress = { done: 0, total: entries.length, imported: 0, duplicates: 0, failed: 0 };
  const sameContent = new SameContentGate();
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < entries.length) {
      const i = next++;
      const entry = entries[i]!;
      const row = await importEntry(entry, deps, options, transcriptStems.has(stem(entry.path)), sameContent);
      rows[i] = row;
      // Counted and reported in the folder's order, as a one-by-one import would.
      for (let r = rows[progress.done]; r !== undefined; r = rows[progress.done]) {
        progress.done++;
        if (r.status === 'imported') progress.imported++;
        else if (r.status === 'duplicate') progress.duplicates++;
        else if (r.status === 'failed') progress.failed++;
        options.onProgress?.(progress, r);
      }
      // Reading and parsing a file is synchronous: let the server answer requests between files.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  };
  const lanes = Array.from({ length: Math.min(IMPORT_LANES, entries.length) }, () =>
    lane().catch((err: unknown) => {
      next = entries.length; // a failing progress callback stops the import, as before: no new files
      throw err;
    }),
  );
  await Promise.all(lanes);
  return {
    ...progress,
    skipped: rows.filter((r) => r.status === 'skipped' || r.status === 'paired').length,
    rows,
    ms: performance.now() - t0,
  };
}

async function importEntry(
  entry: SourceEntry,
  deps: ImportDeps,
  options: ImportOptions,
  hasTranscript: boolean,
  sameContent: SameContentGate,
): Promise<ImportRow> {
  const file = maskPath(entry.path);
  if (entry.refused) return { file, status: 'failed', reason: entry.refused };
  const ext = extname(entry.path).toLowerCase();
  const isAudio = AUDIO_EXT.has(ext);
  if (!isAudio && !TRANSCRIPT_EXT.has(ext) && !options.format)
    return { file, status: 'skipped', reason: `不支持的文件类型（${ext || '无扩展名'}）` };
  if (isAudio && hasTranscript)
    return { file, status: 'paired', reason: '已有同名转写文件，按转写导入（录音未上传）' };
  let done: (() => void) | undefined;
  try {
    const bytes = entry.read();
    const externalId = importExternalId(bytes);
    done = await sameContent.enter(externalId);
    const existing = await deps.findByExternalId(externalId);
    if (existing) return { file, status: 'duplicate', callId: existing.id, reason: '内容已导入过' };
    const fields = nameFields(entry, options, deps.intakeMasksPii === true);
    if (isAudio) return await importRecording(file, bytes, externalId, fields, deps, options);
    const forced = options.industry;
    const imported = await importTranscript(bytes, {
      format: options.format,
      channels: options.channels,
      roleLexicon: roleLexiconFor(deps.lexicons, forced ?? fields.industry),
    });
    const input = buildDraftInput(
      imported,
      {
        externalId,
        repId: fields.repId ?? options.rep,
        occurredAt: fields.occurredAt,
        industry: fields.industry,
        customer: fields.customer,
      },
      { industry: forced },
    );
    if (input.repId === undefined) throw new AppError(ErrorCode.InvalidInput, missingRep(options));
    // The intake infers an absent industry as for any transcript (待确认行业 when too close to call).
    const { call, created } = await deps.submitTranscript(input);
    return created
      ? { file, status: 'imported', format: imported.format, callId: call.id }
      : { file, status: 'duplicate', format: imported.format, callId: call.id, reason: '同一通话已存在' };
  } catch (err) {
    return { file, status: 'failed', reason: reasonOf(err) };
  } finally {
    done?.();
  }
}

/**
 * Files imported at once. While one file's texts are masked and segmented in the analysis
 * thread, or its call is stored, the next files are read, adapted and given roles here; and the
 * intake stores the calls that meet in one transaction. Rows and the report keep the folder's
 * order whatever order the files finish in.
 */
const IMPORT_LANES = 4;

/**
 * Files of the same content (the same external id) go one after the other, as in a one-by-one
 * import: the second finds the first stored and is reported as already imported.
 */
class SameContentGate {
  private readonly busy = new Map<string, Promise<void>>();

  /** Waits until no other file of this content is being imported; resolves the release. */
  async enter(key: string): Promise<() => void> {
    for (let held = this.busy.get(key); held; held = this.busy.get(key)) await held;
    let release!: () => void;
    this.busy.set(
      key,
      new Promise<void>((resolve) => {
        release = resolve;
      }),
    );
    return () => {
      this.busy.delete(key);
      release();
    };
  }
}

async function importRecording(
  file: string,
  bytes: Buffer,
  externalId: string,
  fields: ResolvedNameFields,
  deps: ImportDeps,
  options: ImportOptions,
): Promise<ImportRow> {
  if (!deps.audio) {
    return {
      file,
      status: 'failed',
      reason: '录音需要语音识别，但此部署未配置（WHISPER_MODEL）；请把同名的转写结果文件放在录音旁边',
    };
  }
  const repId = fields.repId ?? options.rep;
  const industry = options.industry ?? fields.industry;
  if (!repId) throw new AppError(ErrorCode.InvalidInput, missingRep(options));
  // Without one the transcript decides once the recording is transcribed (待确认行业 when too close).
  const upload = await receiveUpload(Readable.from([bytes]), deps.audio.audioDir, deps.audio.maxBytes);
  const { call, created } = await deps.audio.submitAudio(
    {
      externalId,
      repId,
      ...(industry ? { industry } : {}),
      occurredAt: fields.occurredAt,
      ...(fields.customer ? { customer: fields.customer } : {}),
    },
    upload,
  );
  return created
    ? { file, status: 'imported', format: 'audio', callId: call.id }
    : { file, status: 'duplicate', format: 'audio', callId: call.id, reason: '同一录音已存在' };
}

interface ResolvedNameFields {
  repId?: string | undefined;
  industry?: string | undefined;
  occurredAt: string;
  customer?: { name: string } | undefined;
}

/**
 * Rep, time, customer and industry from the file name. The phone number becomes the customer
 * name when there is no other: masked here unless the intake masks it (and hashes it) itself.
 */
function nameFields(entry: SourceEntry, options: ImportOptions, intakeMasks: boolean): ResolvedNameFields {
  const name = basename(entry.path, extname(entry.path));
  let fields: NameFields | undefined;
  if (options.pattern) {
    fields = options.pattern.match(name);
    if (!fields && !options.rep)
      throw new AppError(
        ErrorCode.InvalidInput,
        `文件名不符合模式「${options.pattern.source}」，且未指定 --rep`,
      );
  }
  const customerName = (fields?.customer ?? fields?.phone)?.slice(0, 200);
  return {
    repId: fields?.repId,
    industry: fields?.industry,
    occurredAt: fields?.occurredAt ?? options.date ?? entry.mtime.toISOString(),
    customer: customerName ? { name: intakeMasks ? customerName : maskPii(customerName).text } : undefined,
  };
}

function missingRep(options: ImportOptions): string {
  return options.pattern
    ? `文件名中没有销售代表（模式「${options.pattern.source}」无 {rep}），请用 --rep 指定`
    : '缺少销售代表：请用 --rep 指定，或用 --name 从文件名读取 {rep}';
}

function reasonOf(err: unknown): string {
  if (err instanceof AppError) {
    const problems = err.details?.problems;
    const first = problems?.[0];
    // Schema errors list every field; the first few are enough in a report cell.
    if (err.message.startsWith('invalid transcript') && first) {
      return `[${err.code}] 转写内容不合规：${problems
        .slice(0, 3)
        .map((p) => `${p.path}: ${p.message}`)
        .join('; ')}`;
    }
    return `[${err.code}] ${maskPii(err.message).text}`;
  }
  return maskPii((err as Error).message ?? String(err)).text;
}
