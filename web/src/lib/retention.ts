/** The retention API as the settings page reads it (GET /v1/privacy/retention, POST …/runs). */

export type RetentionKind = 'audio' | 'transcripts' | 'analyses' | 'feedback' | 'imports' | 'audit';

export interface RetentionCounts {
  analyses: {
    calls: number;
    utterances: number;
    appeals: number;
    feedbackPacks: number;
    notifications: number;
    auditEntriesRedacted: number;
    dayAggregates: number;
  };
  transcripts: { calls: number; utterances: number };
  audio: { recordings: number; files: number };
  feedback: { packs: number; notifications: number };
  imports: { reports: number; files: number };
  audit: { entries: number };
}

export interface RetentionReport {
  dryRun: boolean;
  at: string;
  policy: Record<RetentionKind, number | null>;
  cutoffs: Record<RetentionKind, string | null>;
  counts: RetentionCounts;
  auditId: number | null;
  skipped?: 'already_running';
}

export interface RetentionState {
  policy: Record<RetentionKind, number | null>;
  lastRun: {
    auditId: number;
    at: string;
    actorUserId: string | null;
    report: { trigger: string; counts: RetentionCounts } | null;
  } | null;
  next: RetentionReport;
}

export const KIND_ZH: Record<RetentionKind, string> = {
  audio: '录音文件',
  transcripts: '转写文本',
  analyses: '分析结果与通话视图',
  feedback: '反馈包与已发送通知',
  imports: '导入报告',
  audit: '审计日志',
};

export const KINDS: RetentionKind[] = ['audio', 'transcripts', 'analyses', 'feedback', 'imports', 'audit'];

/** `180 天`, `3 年`, `永久`. */
export function windowZh(days: number | null): string {
  if (days === null) return '永久保留';
  return days % 365 === 0 ? `${days / 365} 年` : `${days} 天`;
}

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
