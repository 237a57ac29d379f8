import { ERROR_CODE_ZH } from './errors-zh';

/** Latin words a reason may keep (file formats a user knows); anything else is for operators. */
const KNOWN_WORDS = new Set(['JSON', 'CSV', 'TSV', 'mp3', 'wav', 'm4a', 'MB']);

/** What a manager or admin does in the page when a file names no rep. */
const PICK_REP = '请在「文件名格式」中选择含销售的格式，或由销售本人导入';

const hasForeignWords = (s: string) => (s.match(/[A-Za-z]{2,}/g) ?? []).some((w) => !KNOWN_WORDS.has(w));

/**
 * One file's reason from an import (services/import/import-folder.service.ts: `[code] message`, or
 * a Chinese sentence of the archive reader) as the web shows it: the command-line hints (`--format`,
 * `--industry`) become what a web user can do, English left for operators becomes the code's
 * Chinese sentence. The original stays for a tooltip.
 */
export function importReasonText(reason: string): string {
  const m = /^\[(\w+)\]\s*([\s\S]*)$/.exec(reason);
  const code = m?.[1];
  let text = (m ? m[2]! : reason).trim();
  if (/^malformed JSON/.test(text)) return '文件不是有效的 JSON（内容损坏或不完整）';
  text = text
    .replace(/请用 --industry 指定/g, '请在导入前选择行业')
    .replace(/（可用 --format 指定格式）/g, '')
    .replace(/（模式「[^」]*」无 \{rep\}）/g, '')
    .replace(/请用 --rep 指定(，或用 --name 从文件名读取 \{rep\})?/g, PICK_REP);
  if (text && !hasForeignWords(text) && !text.includes('--')) return text;
  return (code && ERROR_CODE_ZH[code]) || '无法导入这个文件';
}

/** Why a whole import stopped (the archive unreadable, over a limit). */
export function importErrorText(error: string): string {
  return hasForeignWords(error) ? '导入中止：压缩包无法读取或超过上限' : error;
}
