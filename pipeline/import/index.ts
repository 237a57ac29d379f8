/**
 * Import of transcripts made elsewhere: bytes in, our transcript's utterances out. Detects the
 * format by content (or takes the forced one), runs that vendor's adapter, resolves the time
 * unit, orders the sentences and assigns rep/customer. Pure apart from reading Excel (async).
 */
import type { CompiledLexicon } from '../../lexicons/lexicon.compile.js';
import { AppError, ErrorCode } from '../../models/errors.js';
import type { Speaker } from '../../models/transcript.js';
import { adaptAlibaba } from './alibaba.adapter.js';
import { type DecodedFile, decodeFile, detectFormat, detectJsonFormat } from './detect.js';
import { adaptIflytek } from './iflytek.adapter.js';
import { assignRoles, type ChannelMap, type RoleResult } from './roles.js';
import { adaptTable, decodeText, parseCsv, readXlsxRows } from './table.adapter.js';
import { adaptTencent } from './tencent.adapter.js';
import {
  FORMAT_NAMES_ZH,
  IMPORT_FORMATS,
  type ImportFormat,
  isRecord,
  resolveTimeUnit,
  type VendorTranscript,
} from './vendor-transcript.js';
import { adaptVolcengine } from './volcengine.adapter.js';

export { type DecodedFile, decodeFile, detectJsonFormat } from './detect.js';
export { parseChannelMap } from './roles.js';
export { FORMAT_NAMES_ZH, IMPORT_FORMATS, type ImportFormat, isRecord } from './vendor-transcript.js';

export interface ImportOptions {
  /** Forces a format instead of detecting it. */
  format?: ImportFormat | undefined;
  /** Vendor channel/speaker id → role; absent: the role model decides. */
  channels?: ChannelMap | undefined;
  /** The lexicon whose cues the role model uses (the call's industry when known); absent: a map is needed. */
  roleLexicon?: CompiledLexicon | undefined;
  /** The bytes as the caller already decoded them (decodeFile), so they are not parsed twice. */
  decoded?: DecodedFile | undefined;
}

export interface ImportedUtterance {
  speaker: Speaker;
  start: number;
  end: number;
  text: string;
}

export interface ImportedTranscript {
  format: ImportFormat;
  /** Fields the file itself carries (our own format: repId, industry, occurredAt, …). */
  fields: Record<string, unknown>;
  utterances: ImportedUtterance[] | unknown[];
  /** How the times were read; `ms` for our own format. */
  timeUnit: 'ms' | 's';
  roles?: Omit<RoleResult, 'speakers'>;
  taskId?: string;
}

/** Checks a `--format` value. */
export function parseImportFormat(value: string): ImportFormat {
  if ((IMPORT_FORMATS as readonly string[]).includes(value)) return value as ImportFormat;
  throw new AppError(
    ErrorCode.InvalidInput,
    `--format 应为 ${IMPORT_FORMATS.join('、')} 之一（导入格式），收到 "${value}"`,
  );
}

/** The vendor adapter of a JSON format. */
const JSON_ADAPTERS: Record<
  Exclude<ImportFormat, 'table' | 'tingjian'>,
  (doc: unknown) => VendorTranscript
> = {
  alibaba: adaptAlibaba,
  tencent: adaptTencent,
  iflytek: adaptIflytek,
  volcengine: adaptVolcengine,
};

/**
 * An already-decoded JSON document (an HTTP body) of a vendor format into utterances; undefined
 * when it is our own format or no known shape (the caller parses it as ours).
 */
export function importVendorDocument(doc: unknown, options: ImportOptions): ImportedTranscript | undefined {
  const format = options.format ?? detectJsonFormat(doc);
  if (format === undefined || format === 'tingjian') return undefined;
  if (format === 'table') throw new AppError(ErrorCode.InvalidInput, '表格格式只能以文件导入');
  return fromVendor(JSON_ADAPTERS[format](doc), options);
}

/** Reads one file's bytes into utterances; throws `AppError(invalid_input)` naming the problem. */
export async function importTranscript(
  bytes: Uint8Array,
  options: ImportOptions,
): Promise<ImportedTranscript> {
  const decoded = options.decoded ?? decodeFile(bytes);
  const format = options.format ?? detectFormat(decoded);
  if (format === 'tingjian') {
    if (decoded.kind !== 'json' || !isRecord(decoded.value))
      throw new AppError(ErrorCode.InvalidInput, '听见转写稿应为 JSON 对象');
    const { utterances, ...fields } = decoded.value;
    return { format, fields, utterances: Array.isArray(utterances) ? utterances : [], timeUnit: 'ms' };
  }
  const vendor = format === 'table' ? await adaptRows(decoded) : adaptJson(format, decoded);
  return fromVendor(vendor, options);
}

async function adaptRows(decoded: DecodedFile): Promise<VendorTranscript> {
  if (decoded.kind === 'xlsx') return adaptTable(await readXlsxRows(decoded.bytes));
  if (decoded.kind === 'json') throw new AppError(ErrorCode.InvalidInput, '指定了表格格式，但文件是 JSON');
  return adaptTable(parseCsv(decodeText(decoded.bytes)));
}

function adaptJson(
  format: Exclude<ImportFormat, 'table' | 'tingjian'>,
  decoded: DecodedFile,
): VendorTranscript {
  if (decoded.kind !== 'json')
    throw new AppError(ErrorCode.InvalidInput, `指定了${FORMAT_NAMES_ZH[format]}格式，但文件不是 JSON`);
  return JSON_ADAPTERS[format](decoded.value);
}

/** Vendor sentences → utterances: unit resolved, time order (stable), roles assigned. */
export function fromVendor(
  vendor: VendorTranscript,
  options: Omit<ImportOptions, 'format'>,
): ImportedTranscript {
  if (vendor.sentences.length === 0) {
    throw new AppError(
      ErrorCode.InvalidInput,
      `${FORMAT_NAMES_ZH[vendor.format]}结果中没有任何有文字的句子（空结果，可能是静音或识别失败）`,
    );
  }
  const unit = vendor.timeUnit === 'auto' ? resolveTimeUnit(vendor.sentences) : vendor.timeUnit;
  const scale = unit === 's' ? 1000 : 1;
  const sentences = vendor.sentences
    .map((s) => {
      const start = Math.round(s.start * scale);
      return { ...s, start, end: Math.max(start, Math.round(s.end * scale)) };
    })
    .sort((a, b) => a.start - b.start);
  const { speakers, ...roles } = assignRoles(
    sentences,
    vendor.speakerKind,
    options.roleLexicon,
    options.channels,
  );
  return {
    format: vendor.format,
    fields: {},
    utterances: sentences.map((s, i) => ({
      speaker: speakers[i]!,
      start: s.start,
      end: s.end,
      text: s.text,
    })),
    timeUnit: unit,
    roles,
    ...(vendor.taskId ? { taskId: vendor.taskId } : {}),
  };
}
