import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppError, ErrorCode } from '../../models/errors.js';
import type { ImportFormat } from '../../pipeline/import/index.js';
import { parseChannelMap } from '../../pipeline/import/roles.js';
import { compileNamePattern } from '../../services/import/filename-pattern.js';
import { type ImportProgress, importSource } from '../../services/import/import-folder.service.js';
import { renderImportCsv, renderImportSummary } from '../../services/import/import-report.js';
import type { Config } from '../config.js';
import { buildService } from '../service.js';

export interface ImportCommandOptions {
  format?: ImportFormat | undefined;
  name?: string | undefined;
  rep?: string | undefined;
  industry?: string | undefined;
  /** YYYY-MM-DD: the call date when neither the file nor its name has one. */
  date?: string | undefined;
  channels?: string | undefined;
  /** Where the CSV report goes; default `tingjian-import-<time>.csv` in the current folder. */
  report?: string | undefined;
}

/**
 * `tingjian import <folder|zip>`: stores every call of the source (skipping those already
 * imported), prints a progress line and a summary, writes the CSV report. Embedded (no
 * REDIS_URL): the analysis runs in this process and the command waits for it; with Redis the
 * workers score the calls. Exit code 1 when any file failed.
 */
export async function importCommand(
  args: string[],
  options: ImportCommandOptions,
  config: Config,
): Promise<number> {
  const source = args[0];
  if (!source) throw new AppError(ErrorCode.InvalidInput, 'import 需要一个文件夹或 zip 压缩包');
  const pattern = options.name ? compileNamePattern(options.name) : undefined;
  const channels = options.channels ? parseChannelMap(options.channels) : undefined;
  const date = options.date === undefined ? undefined : parseDate(options.date);
  const svc = await buildService(config, { role: config.REDIS_URL ? 'serve' : 'all' });
  try {
    if (options.industry) svc.lexicons.get(options.industry);
    if (!config.REDIS_URL) await svc.startWorkers();
    const audio = svc.service.audioIntake;
    const progress = createProgress();
    const summary = await importSource(
      resolve(source),
      {
        lexicons: svc.lexicons,
        findByExternalId: (id) => svc.calls.findByExternalId(id),
        submitTranscript: (body) => svc.service.submitTranscript(body),
        ...(audio
          ? {
              audio: {
                audioDir: audio.audioDir,
                maxBytes: audio.maxBytes,
                submitAudio: (metadata, upload) => svc.service.submitAudio(metadata, upload),
              },
            }
          : {}),
        intakeMasksPii: config.PII_MASKING === 'on',
      },
      {
        format: options.format,
        channels,
        pattern,
        rep: options.rep,
        industry: options.industry,
        date,
        onProgress: progress.tick,
      },
    );
    progress.done();
    const report = resolve(
      options.report ?? `tingjian-import-${new Date().toISOString().replace(/[:.]/g, '-')}.csv`,
    );
    writeFileSync(report, renderImportCsv(summary.rows));
    console.log(renderImportSummary(summary));
    for (const r of summary.rows.filter((row) => row.status === 'failed').slice(0, 20))
      console.error(`✗ ${r.file}: ${r.reason}`);
    if (summary.failed > 20) console.error(`… 另有 ${summary.failed - 20} 个失败，见报告`);
    console.log(`报告：${report}`);
    if (!config.REDIS_URL && summary.imported > 0) {
      process.stderr.write(`正在分析 ${summary.imported} 通已导入的通话…\n`);
      await svc.queue.drain();
    }
    return summary.failed > 0 ? 1 : 0;
  } finally {
    await svc.close();
  }
}

function parseDate(text: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(new Date(`${text}T00:00:00+08:00`).getTime()))
    throw new AppError(ErrorCode.InvalidInput, `--date 应为 YYYY-MM-DD，收到 "${text}"`);
  return `${text}T00:00:00+08:00`;
}

/** One line redrawn in place on a terminal; on a pipe a line every 10% (not one per file). */
function createProgress() {
  const tty = process.stderr.isTTY;
  let lastDecile = -1;
  return {
    tick(p: ImportProgress) {
      const width = 30;
      const filled = Math.round((p.done / Math.max(1, p.total)) * width);
      const text = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${p.done}/${p.total} 已导入 ${p.imported} 重复 ${p.duplicates} 失败 ${p.failed}`;
      if (tty) process.stderr.write(`\r${text}\x1b[K`);
      else {
        const decile = Math.floor((p.done / Math.max(1, p.total)) * 10);
        if (decile !== lastDecile || p.done === p.total) process.stderr.write(`${text}\n`);
        lastDecile = decile;
      }
    },
    done() {
      if (tty) process.stderr.write('\n');
    },
  };
}
