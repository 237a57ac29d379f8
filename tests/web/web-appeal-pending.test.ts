import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { pendingAppealUtterances } from '../../web/src/components/call-detail/use-call-data.js';
import type { Appeal } from '../../web/src/components/effect-line.js';
import { Turn } from '../../web/src/components/transcript.js';

/** The fields pendingAppealUtterances reads; the rest of an appeal does not matter here. */
const appeal = (utteranceId: string | null, status: Appeal['status'], escalatedAt: string | null = null) =>
  ({ utteranceId, status, escalatedAt }) as unknown as Appeal;
const u = { id: 'u4', speaker: 'customer' as const, start: 22_600, end: 33_000, text: '净高偏低' };

describe('申诉中 on a sentence whose appeal waits', () => {
  it('counts open and in-review appeals of a sentence (escalated ones too: they keep their status), not decided ones or score items', () => {
    const appeals = [
      appeal('u4', 'open'),
      appeal('u5', 'in_review'),
      // Past its SLA the server sets escalatedAt; the status stays open or in review.
      appeal('u6', 'open', '2026-12-01T08:00:00.000Z'),
      appeal('u7', 'accepted'),
      appeal('u8', 'rejected'),
      appeal('u9', 'withdrawn'),
      appeal(null, 'open'),
    ];
    expect([...pendingAppealUtterances(appeals)].sort()).toEqual(['u4', 'u5', 'u6']);
    expect(pendingAppealUtterances(undefined).size).toBe(0);
  });

  it('shows 申诉中 beside the sentence only while it waits', () => {
    const turn = (appealPending: boolean) =>
      renderToStaticMarkup(
        createElement(Turn, {
          u,
          index: 4,
          findings: [],
          active: false,
          flash: false,
          canAppeal: true,
          appealPending,
        }),
      );
    expect(turn(true)).toContain('data-testid="appeal-pending">申诉中</span>');
    expect(turn(false)).not.toContain('申诉中');
  });

  it('names the sentence 第N句 and keeps its id for hover only', () => {
    const html = renderToStaticMarkup(
      createElement(Turn, { u, index: 12, findings: [], active: false, flash: false, canAppeal: true }),
    );
    const meta = /<div class="tj-meta" title="([^"]*)">([^<]*)</.exec(html);
    expect(meta?.[1]).toBe(u.id);
    expect(meta?.[2]).toContain('第12句');
    expect(meta?.[2]).not.toContain(u.id);
    expect(html).toContain('aria-label="申诉第12句漏识别的内容"');
    expect(html).not.toMatch(new RegExp(`>[^<]*\\b${u.id}\\b[^<]*<`));
  });
});
