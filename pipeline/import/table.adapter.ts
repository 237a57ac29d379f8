/**
 * A plain table of utterances, as call-centre systems export them: one row per utterance with
 * a time, a speaker and the text (an end time when there is one). CSV in UTF-8 (with or without
 * BOM), UTF-16 with BOM or GBK (what Excel on a Chinese Windows writes), or an Excel workbook.
 * The header row is recognised by name (时间/开始时间/start, 结束时间/end, 说话人/角色/speaker,
 * 内容/文本/text); without one the columns are time, speaker, text.
 */
import type ExcelJS from 'exceljs';
import type { Speaker } from '../../models/transcript.js';
import { importError, SentenceCollector, type VendorTranscript } from './vendor-transcript.js';

/** Decodes CSV bytes: a BOM decides; else strict UTF-8, and GBK when that fails. */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gbk').decode(bytes);
  }
}

/** RFC 4180 CSV (quotes, doubled quotes, newlines inside quotes); a tab- or comma-separated file. */
export function parseCsv(text: string): string[][] {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const sep = (firstLine.match(/\t/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? '\t' : ',';
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === sep) {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows.filter((r) => r.some((c) => c.trim() !== ''));
}

/** The first worksheet of an .xlsx workbook as rows of cell texts. */
export async function readXlsxRows(bytes: Uint8Array): Promise<string[][]> {
  // Loaded on first use: exceljs is ~14 % of a CLI start that reads no spreadsheet.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch (err) {
    throw importError('table', [
      { path: '(workbook)', message: `无法读取 Excel 文件（${(err as Error).message}）` },
    ]);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw importError('table', [{ path: '(workbook)', message: 'Excel 文件中没有工作表' }]);
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (r) => {
    const cells: string[] = [];
    for (let c = 1; c <= r.cellCount; c++) cells.push(cellText(r.getCell(c).value));
    rows.push(cells);
  });
  return rows;
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) {
    // Excel stores a time of day as a fraction of a day; exceljs gives it as a date in 1899.
    const ms =
      v.getUTCHours() * 3_600_000 +
      v.getUTCMinutes() * 60_000 +
      v.getUTCSeconds() * 1000 +
      v.getUTCMilliseconds();
    return formatClock(ms);
  }
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v) return String(v.text);
    if ('result' in v) return String(v.result ?? '');
    return '';
  }
  return String(v);
}

const formatClock = (ms: number) => {
  const s = ms / 1000;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h}:${String(m).padStart(2, '0')}:${(s % 60).toFixed(3).padStart(6, '0')}`;
};

const HEADERS = {
  start: /^(时间|开始时间|开始|起始时间|时间点|时间戳|start|begin|start_?time|begin_?time|time)$/i,
  end: /^(结束时间|结束|终止时间|end|end_?time)$/i,
  speaker: /^(说话人|角色|发言人|讲话人|身份|声道|speaker|role|channel|speaker_?id)$/i,
  text: /^(内容|文本|转写内容|对话内容|识别内容|识别结果|话术|text|content|transcript|sentence)$/i,
} as const;

/** Speaker cells that name a role directly. */
const ROLE_WORDS: readonly [RegExp, Speaker][] = [
  [/^(销售|销售员|销售代表|坐席|座席|客服|业务员|顾问|员工|我方|rep|agent|sales|staff)$/i, 'rep'],
  [/^(客户|顾客|用户|对方|客人|customer|client|caller)$/i, 'customer'],
];

/** `rep`/`customer` when the cell names a role (销售, 坐席, 客户 …), else undefined. */
export function roleWord(cell: string): Speaker | undefined {
  const t = cell.trim();
  for (const [re, role] of ROLE_WORDS) if (re.test(t)) return role;
  return undefined;
}

/** `[00:01:02.5]`, `01:02`, `1:02:03,250` → milliseconds; undefined for anything else. */
export function parseClock(cell: string): number | undefined {
  const m = /^\[?(?:(\d{1,3}):)?(\d{1,2}):(\d{1,2}(?:[.,]\d{1,3})?)\]?$/.exec(cell.trim());
  if (!m) return undefined;
  const [, h, min, sec] = m;
  return Math.round(((Number(h ?? 0) * 60 + Number(min)) * 60 + Number(sec!.replace(',', '.'))) * 1000);
}

/** A row's time: a clock (milliseconds) or a plain number (unit decided later). */
function readTime(cell: string | undefined): { value: number; clock: boolean } {
  const t = (cell ?? '').trim();
  const clock = parseClock(t);
  if (clock !== undefined) return { value: clock, clock: true };
  return { value: t === '' ? Number.NaN : Number(t), clock: false };
}

/** Without an end column an utterance ends where the next starts, the last after ~250 ms per character. */
const MS_PER_CHAR = 250;

export function adaptTable(rows: readonly (readonly string[])[]): VendorTranscript {
  if (rows.length === 0) throw importError('table', [{ path: '(table)', message: '表格为空' }]);
  const header = rows[0]!.map((c) => c.trim());
  const col = (re: RegExp) => header.findIndex((h) => re.test(h));
  const named = {
    start: col(HEADERS.start),
    end: col(HEADERS.end),
    speaker: col(HEADERS.speaker),
    text: col(HEADERS.text),
  };
  const hasHeader = named.text >= 0 || named.speaker >= 0;
  if (hasHeader && (named.start < 0 || named.speaker < 0 || named.text < 0)) {
    const missing = [named.start < 0 && '时间', named.speaker < 0 && '说话人', named.text < 0 && '内容']
      .filter(Boolean)
      .join('、');
    throw importError('table', [{ path: '第 1 行（表头）', message: `缺少列：${missing}` }]);
  }
  const cols = hasHeader ? named : { start: 0, end: -1, speaker: 1, text: 2 };
  const body = hasHeader ? rows.slice(1) : rows;
  const out = new SentenceCollector('table');
  const times = body.map((r) => ({
    start: readTime(r[cols.start]),
    end: cols.end >= 0 ? readTime(r[cols.end]) : undefined,
  }));
  const clocks = times.some((t) => t.start.clock || t.end?.clock);
  const rowNo = (i: number) => i + (hasHeader ? 2 : 1);
  body.forEach((r, i) => {
    const t = times[i]!;
    const text = r[cols.text] ?? '';
    let end = t.end?.value;
    if (end === undefined) {
      const next = times.slice(i + 1).find((n) => Number.isFinite(n.start.value));
      const guess = t.start.value + (clocks ? MS_PER_CHAR * [...text.trim()].length : Number.NaN);
      end = next && next.start.value >= t.start.value ? next.start.value : guess;
      if (!clocks && !Number.isFinite(end)) end = t.start.value;
    }
    out.add(`第 ${rowNo(i)} 行`, (r[cols.speaker] ?? '').trim(), t.start.value, end, text, [
      '时间',
      '结束时间',
      '内容',
    ]);
  });
  const sentences = out.finish();
  const allRoles = sentences.length > 0 && sentences.every((s) => roleWord(s.speaker) !== undefined);
  return {
    format: 'table',
    speakerKind: allRoles ? 'role' : 'speaker',
    timeUnit: clocks ? 'ms' : 'auto',
    sentences,
  };
}
