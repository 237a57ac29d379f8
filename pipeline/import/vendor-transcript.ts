/**
 * The shape every import adapter produces: the vendor's sentences with the vendor's own speaker
 * or channel ids and times, before roles are assigned and units resolved. Pure data.
 */
import { AppError, ErrorCode, type Problem } from '../../models/errors.js';

/** The import formats, detected by content or forced with `--format`. */
export const IMPORT_FORMATS = ['alibaba', 'tencent', 'iflytek', 'volcengine', 'table', 'tingjian'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** Names shown to users (reports, errors). */
export const FORMAT_NAMES_ZH: Record<ImportFormat, string> = {
  alibaba: '阿里云录音文件识别',
  tencent: '腾讯云录音识别',
  iflytek: '讯飞录音转写',
  volcengine: '火山引擎录音文件识别',
  table: '表格（CSV/Excel）',
  tingjian: '听见转写稿（JSON）',
};

/** How the vendor told speakers apart: audio channels, diarisation, or not at all (one id). */
export type SpeakerKind = 'channel' | 'speaker' | 'role';

export interface VendorSentence {
  /** The vendor's channel or speaker id as a string ("0", "1", "2"); for tables the cell text. */
  speaker: string;
  /** In the unit of {@link VendorTranscript.timeUnit}. */
  start: number;
  end: number;
  /** The vendor's words, unchanged (only trimmed). */
  text: string;
}

export interface VendorTranscript {
  format: ImportFormat;
  speakerKind: SpeakerKind;
  /** `auto`: the file does not say; decided from the numbers (see {@link resolveTimeUnit}). */
  timeUnit: 'ms' | 's' | 'auto';
  sentences: VendorSentence[];
  /** The vendor's task / order id, when the envelope carries one. */
  taskId?: string;
}

/** An input error naming the format and the field. */
export function importError(format: ImportFormat, problems: Problem[]): AppError {
  const summary = problems
    .slice(0, 5)
    .map((p) => `${p.path}: ${p.message}`)
    .join('; ');
  return new AppError(ErrorCode.InvalidInput, `${FORMAT_NAMES_ZH[format]}格式有误：${summary}`, {
    format,
    problems,
  });
}

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A time field: a number, or a numeric string (iFlytek sends "820"). NaN when neither. */
export function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return Number.NaN;
}

/** An id field (number or string) as a string; `fallback` when absent. */
export function toId(v: unknown, fallback: string): string {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'string' && v.trim() !== '') return v.trim();
  return fallback;
}

/** Reads `path` (dot-separated) from nested objects; undefined when any step is missing. */
export function pick(root: unknown, path: string): unknown {
  let cur: unknown = root;
  for (const key of path.split('.')) {
    if (!isRecord(cur)) return undefined;
    cur = cur[key];
  }
  return cur;
}

/** Parses JSON that a vendor nested as a string inside JSON; errors name the field. */
export function parseNestedJson(format: ImportFormat, path: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw importError(format, [{ path, message: `不是合法的 JSON 字符串（${(err as Error).message}）` }]);
  }
}

/** Speech above this many characters per second of audio is not speech: the times were seconds. */
const MAX_CHARS_PER_SECOND = 40;

/**
 * Milliseconds or seconds. Any fractional time means seconds (`12.34`). Integer times are read
 * as milliseconds unless that would make the speech impossibly fast: more than
 * {@link MAX_CHARS_PER_SECOND} characters per second over the whole call (a 3-minute call
 * exported in whole seconds ends at 180, which as milliseconds is 0.18 s for hundreds of
 * characters).
 */
export function resolveTimeUnit(sentences: readonly VendorSentence[]): 'ms' | 's' {
  let maxEnd = 0;
  let chars = 0;
  for (const s of sentences) {
    if (!Number.isInteger(s.start) || !Number.isInteger(s.end)) return 's';
    maxEnd = Math.max(maxEnd, s.end, s.start);
    chars += [...s.text].length;
  }
  if (maxEnd === 0 || chars === 0) return 'ms';
  return chars / (maxEnd / 1000) > MAX_CHARS_PER_SECOND ? 's' : 'ms';
}

/**
 * Collects sentences with their vendor field paths: a time that is missing or negative is a
 * problem naming the field; a sentence with no text (silence, noise) is dropped, not an error.
 */
export class SentenceCollector {
  readonly sentences: VendorSentence[] = [];
  private readonly problems: Problem[] = [];

  constructor(private readonly format: ImportFormat) {}

  /** `names`: the vendor's field names for start, end and text, used in error paths. */
  add(
    path: string,
    speaker: string,
    start: unknown,
    end: unknown,
    text: unknown,
    names: readonly [string, string, string] = ['start', 'end', 'text'],
  ): void {
    if (text !== undefined && text !== null && typeof text !== 'string') {
      this.problems.push({ path: `${path}.${names[2]}`, message: '文本必须是字符串' });
      return;
    }
    const trimmed = (text ?? '').trim();
    if (trimmed === '') return;
    const s = toNumber(start);
    const e = toNumber(end);
    if (!Number.isFinite(s) || s < 0)
      this.problems.push({ path: `${path}.${names[0]}`, message: '开始时间缺失或不是非负数' });
    if (!Number.isFinite(e) || e < 0)
      this.problems.push({ path: `${path}.${names[1]}`, message: '结束时间缺失或不是非负数' });
    this.sentences.push({ speaker, start: s, end: e, text: trimmed });
  }

  /** Records a problem that is not about one field (an entry that is not an object). */
  invalid(path: string, message: string): void {
    this.problems.push({ path, message });
  }

  /** The sentences; throws when any field was unusable. */
  finish(): VendorSentence[] {
    if (this.problems.length > 0) throw importError(this.format, this.problems);
    return this.sentences;
  }
}
