import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { MemoryRouter } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import { AppProviders } from '../../web/src/components/app-providers.js';
import { LastRun, RetentionTable } from '../../web/src/components/retention-settings.js';
import { rolesOf } from '../../web/src/lib/pages.js';
import { countsZh, type RetentionReport, windowZh } from '../../web/src/lib/retention.js';

const render = (el: ReactElement) =>
  renderToStaticMarkup(createElement(AppProviders, null, createElement(MemoryRouter, null, el)));
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

const POLICY = { audio: 180, transcripts: 1095, analyses: 1095, feedback: 365, imports: 90, audit: null };
const REPORT: RetentionReport = {
  dryRun: true,
  at: '2026-12-05T03:15:00.000Z',
  trigger: 'api',
  policy: POLICY,
  cutoffs: {
    audio: '2026-06-08T03:15:00.000Z',
    transcripts: '2023-12-06T03:15:00.000Z',
    analyses: '2023-12-06T03:15:00.000Z',
    feedback: '2025-12-05T03:15:00.000Z',
    imports: '2026-09-06T03:15:00.000Z',
    audit: null,
  },
  counts: {
    analyses: {
      calls: 12,
      utterances: 480,
      appeals: 2,
      feedbackPacks: 1,
      notifications: 3,
      auditEntriesRedacted: 5,
      dayAggregates: 9,
    },
    transcripts: { calls: 0, utterances: 0 },
    audio: { recordings: 40, files: 38 },
    feedback: { packs: 7, notifications: 11 },
    imports: { reports: 1, files: 0 },
    audit: { entries: 0 },
  },
  auditId: null,
};

describe('系统设置 › 数据保留期限', () => {
  it('is a page for admins only', () => {
    expect(rolesOf('/settings')).toEqual(['admin']);
  });

  it('writes windows in Chinese: days, whole years, forever', () => {
    expect([windowZh(180), windowZh(1095), windowZh(90), windowZh(null)]).toEqual([
      '180 天',
      '3 年',
      '90 天',
      '永久保留',
    ]);
    expect(countsZh('audio', REPORT.counts)).toBe('40 通电话的录音（38 个文件）');
    expect(countsZh('analyses', REPORT.counts)).toBe('12 通电话（连同申诉 2 条、相关反馈包 1 个）');
  });

  it('lists every kind with its window, cutoff day and what the next run would remove', () => {
    const t = text(render(createElement(RetentionTable, { policy: POLICY, report: REPORT })));
    expect(t).toContain('下次清理将删除');
    expect(t).toContain('录音文件 180 天 2026-06-08 40 通电话的录音（38 个文件）');
    expect(t).toContain('分析结果与通话视图 3 年 2023-12-06 12 通电话');
    expect(t).toContain('反馈包与已发送通知 1 年 2025-12-05 反馈包 7 个，通知 11 条');
    expect(t).toContain('审计日志 永久保留 — 0 条');
    const done = text(
      render(createElement(RetentionTable, { policy: POLICY, report: { ...REPORT, dryRun: false } })),
    );
    expect(done).toContain('本次已删除');
  });

  it('shows the last run, or that none ran yet', () => {
    expect(text(render(createElement(LastRun, { last: null })))).toContain('尚未运行过');
    const t = text(
      render(
        createElement(LastRun, {
          last: {
            auditId: 42,
            at: REPORT.at,
            actorUserId: null,
            report: { trigger: 'schedule', counts: REPORT.counts },
          },
        }),
      ),
    );
    expect(t).toContain('定时任务');
    expect(t).toContain('#42');
  });
});
