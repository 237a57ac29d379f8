import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { AppProviders } from '../../web/src/components/app-providers.js';
import { failedParts, PartialLoadAlert } from '../../web/src/components/partial-load-alert.js';
import { ApiError } from '../../web/src/lib/api.js';

const render = (el: ReactElement) => renderToStaticMarkup(createElement(AppProviders, null, el));
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const noop = () => undefined;

describe('a page part that failed while the others loaded', () => {
  it('names the failed parts in page order and why, in Chinese, with a retry', () => {
    const html = render(
      createElement(PartialLoadAlert, {
        parts: [
          { what: '热力图', error: new ApiError(503, 'unavailable', 'Service Unavailable'), reload: noop },
          { what: '成员指标', error: null, reload: noop },
          { what: '客户问题', error: new TypeError('Failed to fetch'), reload: noop },
        ],
      }),
    );
    const t = text(html);
    expect(t).toContain('部分内容加载失败：热力图、客户问题');
    expect(t).not.toContain('成员指标');
    expect(t).toContain('重试');
    expect(html).toContain('data-testid="partial-load-error"');
    // The server's English message never reaches the page.
    expect(t).not.toMatch(/Service Unavailable|Failed to fetch/);
  });

  it('draws nothing when every part loaded', () => {
    const parts = [
      { what: '热力图', error: null, reload: noop },
      { what: '成员指标', error: undefined, reload: noop },
    ];
    expect(failedParts(parts)).toEqual([]);
    expect(render(createElement(PartialLoadAlert, { parts }))).not.toContain('partial-load-error');
  });

  it('retries only the failed parts', () => {
    const calls: string[] = [];
    const parts = [
      { what: '热力图', error: new ApiError(500, 'internal', 'boom'), reload: () => calls.push('heatmap') },
      { what: '成员指标', error: null, reload: () => calls.push('metrics') },
    ];
    for (const p of failedParts(parts)) p.reload();
    expect(calls).toEqual(['heatmap']);
  });
});
