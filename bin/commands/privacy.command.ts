import { resolve } from 'node:path';
import { AuditRepository } from '../../models/audit.repository.js';
import { openDatabase } from '../../models/db.js';
import { AppError, ErrorCode } from '../../models/errors.js';
import { PrivacyRepository, type RemaskReport } from '../../models/privacy.repository.js';
import { createJiebaSegmenter } from '../../pipeline/nlp/jieba.js';
import { maskPii } from '../../pipeline/nlp/pii.js';
import { storePhoneHashes } from '../../pipeline/privacy/pii-hash.js';
import { searchWordsOf } from '../../services/intake/call.service.js';
import type { RetentionReport } from '../../services/privacy/retention.service.js';
import { formatWindowZh, RETENTION_KINDS } from '../../services/privacy/retention-policy.js';
import { RETENTION_KIND_ZH } from '../../shared/labels-zh.js';
import type { Config } from '../config.js';

/** The report as the operator reads it: what was scanned, every changed field, never a value. */
export function formatRemaskReport(report: RemaskReport): string {
  const lines: string[] = [];
  lines.push(report.dryRun ? '重新脱敏（试运行，未写入任何数据）' : '重新脱敏完成');
  lines.push(
    `已检查：${Object.entries(report.scanned)
      .map(([table, n]) => `${table} ${n}`)
      .join('，')}`,
  );
  lines.push(`${report.dryRun ? '将改动' : '已改动'} ${report.changes.length} 处：`);
  for (const c of report.changes) {
    const kinds = Object.entries(c.kinds)
      .map(([kind, n]) => `${kind} ${n}`)
      .join(', ');
    lines.push(`  ${c.table} ${c.row} ${c.field}：${kinds}`);
  }
  lines.push(`${report.dryRun ? '将重建' : '已重建'}搜索索引的通话：${report.reindexedCalls}`);
  return lines.join('\n');
}

/**
 * `tingjian privacy remask [--dry-run]`: masks personal data left in rows stored before the
 * masker knew its form (every call text, customer field, appeal, audit entry, notification and
 * feedback pack), rebuilds the search words of changed calls, and prints what it changed. With
 * PII_HASH_KEY set, the phone numbers it masks are kept as keyed hashes for erasure requests.
 */
export async function privacyCommand(
  args: string[],
  options: { dryRun: boolean; json?: boolean },
  config: Config,
): Promise<number> {
  const [sub] = args;
  if (sub === 'retention') return retentionCommand(options, config);
  if (sub !== 'remask') {
    throw new AppError(
      ErrorCode.InvalidInput,
      `unknown privacy command "${sub ?? ''}": use privacy remask or privacy retention`,
    );
  }
  if (config.PII_MASKING === 'off') {
    throw new AppError(
      ErrorCode.InvalidInput,
      'PII_MASKING is off: nothing is masked, so nothing is re-masked',
    );
  }
  const database = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: resolve(config.DATA_DIR),
  });
  try {
    await database.migrate();
    const segment = createJiebaSegmenter();
    const report = await new PrivacyRepository(database.db).remask({
      mask: maskPii,
      searchWords: (text) => searchWordsOf(segment, text),
      dryRun: options.dryRun,
    });
    if (!options.dryRun) {
      if (config.PII_HASH_KEY) await storePhoneHashes(database.db, config.PII_HASH_KEY, report.phones);
      await new AuditRepository(database.db).append({
        actorUserId: null,
        action: 'privacy.remask',
        entity: 'privacy',
        entityId: 'remask',
        after: {
          changes: report.changes.length,
          reindexedCalls: report.reindexedCalls,
          scanned: report.scanned,
        },
      });
    }
    console.log(formatRemaskReport(report));
    return 0;
  } finally {
    await database.close();
  }
}

/** The report as the operator reads it: the windows, then what went (or would go) per kind. */
export function formatRetentionReport(report: RetentionReport): string {
  if (report.skipped) return '另一个数据保留清理正在进行（其他进程持有锁），本次未执行';
  const c = report.counts;
  const verb = report.dryRun ? '将删除' : '已删除';
  const lines = [
    report.dryRun
      ? '数据保留清理（试运行，未改动任何数据）'
      : `数据保留清理完成（审计记录 #${report.auditId}）`,
    '保留期限：',
    ...RETENTION_KINDS.map(
      (k) =>
        `  ${RETENTION_KIND_ZH[k]}：${formatWindowZh(report.policy[k])}${report.cutoffs[k] ? `（早于 ${report.cutoffs[k]!.slice(0, 10)}）` : ''}`,
    ),
    `超过分析保留期的通话：${verb} ${c.analyses.calls} 通（话语 ${c.analyses.utterances} 条，申诉 ${c.analyses.appeals} 条，提及它们的反馈包 ${c.analyses.feedbackPacks} 个、通知 ${c.analyses.notifications} 条，审计记录脱敏 ${c.analyses.auditEntriesRedacted} 条，每日汇总 ${c.analyses.dayAggregates} 行）`,
    `超过转写保留期的通话：${report.dryRun ? '将清空' : '已清空'} ${c.transcripts.calls} 通的文本（话语 ${c.transcripts.utterances} 条）`,
    `录音：${verb} ${c.audio.recordings} 通电话的录音（文件 ${c.audio.files} 个）`,
    `反馈包：${verb} ${c.feedback.packs} 个；已发送通知：${c.feedback.notifications} 条`,
    `导入报告：${verb} ${c.imports.reports} 份；导入上传残留文件：${c.imports.files} 个`,
    `审计日志：${verb} ${c.audit.entries} 条`,
  ];
  return lines.join('\n');
}

/**
 * `tingjian privacy retention [--dry-run] [--json]`: deletes what is past its retention window
 * (the same run as the schedule's, under the same lock) or, with --dry-run, says what it would.
 */
async function retentionCommand(
  options: { dryRun: boolean; json?: boolean },
  config: Config,
): Promise<number> {
  const { buildService } = await import('../service.js');
  const svc = await buildService(config, { role: 'serve' });
  try {
    const report = await svc.retention.run({ dryRun: options.dryRun, trigger: 'cli' });
    console.log(options.json ? JSON.stringify(report, null, 2) : formatRetentionReport(report));
    return report.skipped ? 3 : 0;
  } finally {
    await svc.close();
  }
}
