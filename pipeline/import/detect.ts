/**
 * Which format a file is, by its content: an Excel workbook (zip magic), JSON (our transcript
 * format or one of the vendors', by the fields that only that vendor has) or CSV text.
 */
import { AppError, ErrorCode } from '../../models/errors.js';
import { alibabaSentences } from './alibaba.adapter.js';
import { tencentData } from './tencent.adapter.js';
import { type ImportFormat, isRecord, pick } from './vendor-transcript.js';
import { volcengineUtterances } from './volcengine.adapter.js';

export type DecodedFile =
  | { kind: 'json'; value: unknown }
  | { kind: 'xlsx'; bytes: Uint8Array }
  | { kind: 'text'; bytes: Uint8Array };

const XLSX_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** Splits bytes into JSON (parsed), an Excel workbook or other text; malformed JSON is an error. */
export function decodeFile(bytes: Uint8Array): DecodedFile {
  if (XLSX_MAGIC.every((b, i) => bytes[i] === b)) return { kind: 'xlsx', bytes };
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (
    i < bytes.length &&
    (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)
  )
    i++;
  if (bytes[i] !== 0x7b && bytes[i] !== 0x5b) return { kind: 'text', bytes };
  const text = new TextDecoder('utf-8').decode(bytes.subarray(i));
  try {
    return { kind: 'json', value: JSON.parse(text) };
  } catch (err) {
    // Same wording as the transcript parser: a broken file reads the same whatever it was meant to be.
    throw new AppError(ErrorCode.InvalidInput, `malformed JSON: ${(err as Error).message}`);
  }
}

/** The format of a decoded JSON document, or undefined when no known shape matches. */
export function detectJsonFormat(doc: unknown): ImportFormat | undefined {
  if (!isRecord(doc)) return undefined;
  const u = Array.isArray(doc.utterances) ? doc.utterances[0] : undefined;
  // Ours, even with a field missing (the transcript parser then names it): `start`/`end`, never
  // the vendors' `start_time`/`end_time` or `BeginTime`.
  if (
    isRecord(u) &&
    ('speaker' in u || 'start' in u || 'end' in u) &&
    !('start_time' in u) &&
    !('end_time' in u)
  )
    return 'tingjian';
  if (Array.isArray(doc.utterances) && doc.utterances.length === 0 && 'repId' in doc) return 'tingjian';
  if (alibabaSentences(doc) !== undefined || ('StatusText' in doc && 'TaskId' in doc)) return 'alibaba';
  if (tencentData(doc) !== undefined) return 'tencent';
  if (
    pick(doc, 'content.orderResult') !== undefined ||
    'orderResult' in doc ||
    'lattice' in doc ||
    (typeof doc.data === 'string' && 'err_no' in doc)
  ) {
    return 'iflytek';
  }
  if (volcengineUtterances(doc) !== undefined) return 'volcengine';
  // Meant as ours but invalid: the transcript parser names the fields.
  if ('utterances' in doc || 'repId' in doc || 'occurredAt' in doc) return 'tingjian';
  return undefined;
}

/** The detected format of a file's bytes; an error naming what is supported when none matches. */
export function detectFormat(decoded: DecodedFile): ImportFormat {
  if (decoded.kind !== 'json') return 'table';
  const format = detectJsonFormat(decoded.value);
  if (!format) {
    throw new AppError(
      ErrorCode.InvalidInput,
      '无法识别的文件格式：不是听见转写稿，也不是阿里云、腾讯云、讯飞或火山引擎的识别结果（可用 --format 指定格式）',
    );
  }
  return format;
}
