import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Call } from '../../models/call.repository.js';
import { AppError, ErrorCode } from '../../models/errors.js';
import { AUTO_INDUSTRY } from '../../models/transcript.js';
import type { ImportFormat } from '../../pipeline/import/index.js';
import { parseChannelMap } from '../../pipeline/import/roles.js';
import { compileNamePattern } from '../../services/import/filename-pattern.js';
import {
  type ImportProgress,
  type ImportRow,
  importSource,
} from '../../services/import/import-folder.service.js';
import { renderImportCsv, renderImportSummary } from '../../services/import/import-report.js';
import { industryName } from '../../shared/labels-zh.js';
import type { Config } from '../config.js';
import { buildService, type Service } from '../service.js';

export interface ImportCommandOptions {
  format?: ImportFormat | undefined;
  name?: string | undefined;
  rep?: string | undefined;
  /** Forces an industry; `auto` (as absent) leaves each call's to its file, else to inference. */
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
 * workers score the calls. Exit code 1 when any file failed. Without `--industry` (or with `auto`)
 * a call whose file names none has it inferred from its words, a recording's after transcription;
 * one too close to call is stored as 待确认行业 and listed with its candidates, never refused.
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
  // `auto` forces nothing: as without the flag, the file's own industry or the one inferred.
  const industry = options.industry === AUTO_INDUSTRY ? undefined : options.industry;
  const svc = await buildService(config, { role: config.REDIS_URL ? 'serve' : 'all' });
  try {
    if (industry) svc.lexicons.get(industry);
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
        industry,
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
      const waiting = await awaitingIndustry(svc, summary.rows);
      if (waiting.length > 0) console.log(renderAwaitingIndustry(waiting));
    } else if (!industry && summary.imported > 0) {
      console.log(
        '未指定行业的通话按内容推断行业（录音在转写后）；无法判断的标为“待确认行业”，选择行业后再分析。',
      );
    }
    // A call waiting for its industry is stored, not failed: it does not change the exit code.
    return summary.failed > 0 ? 1 : 0;
  } finally {
    await svc.close();
  }
}

/** The imported calls (of `rows`) left 待确认行业 after intake and transcription, with their files. */
async function awaitingIndustry(
  svc: Service,
  rows: readonly ImportRow[],
): Promise<{ file: string; call: Call }[]> {
  const files = new Map(
    rows.filter((r) => r.status === 'imported' && r.callId).map((r) => [r.callId!, r.file]),
  );
  const out: { file: string; call: Call }[] = [];
  let cursor: string | null = null;
  do {
    const page = await svc.calls.list({ status: 'needs_industry', limit: 500, cursor });
    for (const call of page.items) {
      const file = files.get(call.id);
      if (file !== undefined) out.push({ file, call });
    }
    cursor = page.nextCursor;
  } while (cursor);
  return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** 待确认行业 calls with the two best candidates: what a person picks from. */
export function renderAwaitingIndustry(waiting: readonly { file: string; call: Call }[]): string {
  const lines = waiting.map(({ file, call }) => {
    const inference = call.industryInference as {
      candidates?: { industry: string; probability: number }[];
    } | null;
    const candidates = (inference?.candidates ?? [])
      .slice(0, 2)
      .map((c) => `${industryName(c.industry)}（${c.industry}）${Math.round(c.probability * 100)}%`);
    return `  ${file}  ${call.id}  候选：${candidates.length > 0 ? candidates.join(' / ') : '通话中没有任何行业词'}`;
  });
  return [
    `待确认行业 ${waiting.length} 通：已保存，选择行业后再分析（网页通话详情“选择行业”，或 PUT /v1/calls/{id}/industry）`,
    ...lines,
  ].join('\n');
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
