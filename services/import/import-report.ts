/** The import summary as a CSV report (UTF-8 with BOM, so Excel opens it with Chinese intact). */
import type { ImportRow, ImportStatus, ImportSummary } from './import-folder.service.js';

const STATUS_ZH: Record<ImportStatus, string> = {
  imported: '已导入',
  duplicate: '重复（已跳过）',
  failed: '失败',
  skipped: '已跳过',
  paired: '已配对',
};

const cell = (v: string | undefined) => {
  const s = v ?? '';
  // A leading = + - @ would be a formula in Excel: prefix it with a quote.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function renderImportCsv(rows: readonly ImportRow[]): string {
  const lines = [['文件', '状态', '格式', '通话 ID', '原因'].join(',')];
  for (const r of rows)
    lines.push([r.file, STATUS_ZH[r.status], r.format, r.callId, r.reason].map(cell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** `导入完成：已导入 980，重复 15，失败 5，跳过 3（用时 41.2 秒，1427 通/分钟）` */
export function renderImportSummary(s: ImportSummary): string {
  const perMin = s.ms > 0 ? Math.round((s.imported / s.ms) * 60_000) : 0;
  return `导入完成：已导入 ${s.imported}，重复 ${s.duplicates}，失败 ${s.failed}，跳过 ${s.skipped}（用时 ${(s.ms / 1000).toFixed(1)} 秒，${perMin} 通/分钟）`;
}
