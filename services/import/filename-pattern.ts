/**
 * Call details from file names: `--name '{date}_{rep}_{phone}'` or a preset such as `recorder`
 * (`通话录音 {phone} {yyyyMMddHHmmss}`, as phone call-recorder apps name their files). Matched
 * against the name without its extension. Times in names are Beijing time (+08:00).
 */
import { AppError, ErrorCode } from '../../models/errors.js';

export const NAME_PRESETS: Readonly<Record<string, string>> = {
  recorder: '通话录音 {phone} {yyyyMMddHHmmss}',
  'date-rep-phone': '{date}_{rep}_{phone}',
};

const TOKENS: Readonly<Record<string, string>> = {
  rep: '(?<rep>.+?)',
  customer: '(?<customer>.+?)',
  industry: '(?<industry>[a-z][a-z0-9_]{1,39})',
  phone: '(?<phone>\\+?[0-9][0-9-]{4,19})',
  date: '(?<date>\\d{4}-?\\d{2}-?\\d{2})',
  time: '(?<time>\\d{2}[-.:]?\\d{2}[-.:]?\\d{2})',
  yyyyMMdd: '(?<date>\\d{8})',
  HHmmss: '(?<time>\\d{6})',
  yyyyMMddHHmmss: '(?<date>\\d{8})(?<time>\\d{6})',
  '*': '.*?',
};

export interface NameFields {
  repId?: string;
  customer?: string;
  industry?: string;
  /** The phone number as written in the name (mask it before storing). */
  phone?: string;
  /** ISO 8601 with +08:00. */
  occurredAt?: string;
}

export interface FilenamePattern {
  source: string;
  match(stem: string): NameFields | undefined;
}

/** Compiles a pattern or a preset name; an unknown `{token}` is an error listing the known ones. */
export function compileNamePattern(spec: string): FilenamePattern {
  const source = NAME_PRESETS[spec] ?? spec;
  let re = '';
  let last = 0;
  for (const m of source.matchAll(/\{([^}]*)\}/g)) {
    re += literal(source.slice(last, m.index));
    const token = TOKENS[m[1]!];
    if (!token) {
      throw new AppError(
        ErrorCode.InvalidInput,
        `--name 中的 {${m[1]}} 无法识别；可用：${Object.keys(TOKENS)
          .map((t) => `{${t}}`)
          .join(' ')}，或预设 ${Object.keys(NAME_PRESETS).join('、')}`,
      );
    }
    if (re.includes(token.slice(0, token.indexOf('>') + 1)) && token.startsWith('(?<'))
      throw new AppError(ErrorCode.InvalidInput, `--name 中 {${m[1]}} 重复出现`);
    re += token;
    last = m.index + m[0].length;
  }
  re += literal(source.slice(last));
  const regex = new RegExp(`^${re}$`, 'u');
  return {
    source,
    match(stem) {
      const g = regex.exec(stem.normalize('NFC'))?.groups;
      if (!g) return undefined;
      const fields: NameFields = {};
      if (g.rep) fields.repId = g.rep.trim();
      if (g.customer) fields.customer = g.customer.trim();
      if (g.industry) fields.industry = g.industry;
      if (g.phone) fields.phone = g.phone;
      if (g.date) {
        const at = occurredAt(g.date, g.time);
        if (!at) return undefined;
        fields.occurredAt = at;
      }
      return fields;
    },
  };
}

/** Spaces in a pattern match any run of spaces or underscores; the rest literally. */
function literal(text: string): string {
  return text
    .split(/\s+/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[\\s_]+');
}

/** `20260302` + `093000` → `2026-03-02T09:30:00+08:00`; undefined for an impossible date. */
export function occurredAt(date: string, time?: string): string | undefined {
  const d = date.replace(/-/g, '');
  const t = (time ?? '000000').replace(/[-.:]/g, '');
  const iso = `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${t.slice(0, 2)}:${t.slice(2, 4)}:${t.slice(4, 6)}+08:00`;
  const parsed = new Date(iso);
  if (Number.isNaN(parsed.getTime())) return undefined;
  // Reject rollovers (2026-02-30 would parse as 2026-03-02).
  const back = new Date(parsed.getTime() + 8 * 3_600_000).toISOString();
  return back.slice(0, 19) === iso.slice(0, 19) ? iso : undefined;
}
