import { resolve } from 'node:path';
import { AuditRepository } from '../../models/audit.repository.js';
import { openDatabase } from '../../models/db.js';
import { AppError, ErrorCode } from '../../models/errors.js';
import { PrivacyRepository, type RemaskReport } from '../../models/privacy.repository.js';
import { createJiebaSegmenter } from '../../pipeline/nlp/jieba.js';
import { maskPii } from '../../pipeline/nlp/pii.js';
import { storePhoneHashes } from '../../pipeline/privacy/pii-hash.js';
import { searchWordsOf } from '../../services/intake/call.service.js';
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
  options: { dryRun: boolean },
  config: Config,
): Promise<number> {
  const [sub] = args;
  if (sub !== 'remask') {
    throw new AppError(ErrorCode.InvalidInput, `unknown privacy command "${sub ?? ''}": use privacy remask`);
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
