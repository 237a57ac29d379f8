/**
 * The retention API as the settings page reads it (GET /v1/privacy/retention, POST …/runs): the
 * shapes are generated from the server's schemas, the kinds and their names are shared/'s.
 */
import { formatWindowZh, RETENTION_KIND_ZH } from '../../../shared/labels-zh';
import { RETENTION_KINDS, type RetentionKind } from '../../../shared/vocabulary';
import type { RetentionCounts } from './api-shapes';

export type { RetentionCounts, RetentionReport, RetentionState } from './api-shapes';
export type { RetentionKind };

export const KIND_ZH = RETENTION_KIND_ZH;
export const KINDS: readonly RetentionKind[] = RETENTION_KINDS;

/** `180 天`, `3 年`, `永久保留`. */
export const windowZh = formatWindowZh;

/** What a run removes of one kind, in words. */
export function countsZh(kind: RetentionKind, c: RetentionCounts): string {
  switch (kind) {
    case 'audio':
      return `${c.audio.recordings} 通电话的录音（${c.audio.files} 个文件）`;
    case 'transcripts':
      return `${c.transcripts.calls} 通电话的文本（${c.transcripts.utterances} 条话语）`;
    case 'analyses':
      return `${c.analyses.calls} 通电话（连同申诉 ${c.analyses.appeals} 条、相关反馈包 ${c.analyses.feedbackPacks} 个）`;
    case 'feedback':
      return `反馈包 ${c.feedback.packs} 个，通知 ${c.feedback.notifications} 条`;
    case 'imports':
      return `导入报告 ${c.imports.reports} 份，上传残留文件 ${c.imports.files} 个`;
    case 'audit':
      return `${c.audit.entries} 条`;
  }
}
