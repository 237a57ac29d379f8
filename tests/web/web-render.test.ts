import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { MemoryRouter } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import { parseTranscript } from '../../models/transcript.js';
import type { CallAnalysis } from '../../pipeline/nlp/analyze.core.js';
import { AppProviders } from '../../web/src/components/app-providers.js';
import { CoachingCard } from '../../web/src/components/coaching-card.js';
import { ErrorState } from '../../web/src/components/error-state.js';
import { Radar } from '../../web/src/components/radar.js';
import { DimensionStrip, ScoreItemsCard } from '../../web/src/components/score-items.js';
import { FindingDetails } from '../../web/src/components/transcript.js';
import { ApiError, type Finding, type ScoreItem } from '../../web/src/lib/api.js';
import { shippedAnalyzer } from '../helpers/runtime.js';

const ROOT = join(import.meta.dirname, '..', '..');
const ALLOWED = new Set(['Gong', 'Labs', 'SaaS', 'IT']);

/** The text a user reads in server-rendered markup: tags, attributes other than title/aria-label dropped. */
function readable(html: string): string {
  const labels = [...html.matchAll(/(?:title|aria-label)="([^"]*)"/g)].map((m) => m[1]);
  const text = [html.replace(/<style[\s\S]*?<\/style>/g, '').replace(/<[^>]+>/g, ' '), ...labels].join(' ');
  return text
    .replace(/&gt;/g, '>')
    .replace(/&lt;/g, '<')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&');
}

function english(text: string, data: readonly string[]): string[] {
  let t = text;
  // User content (transcript quotes, lexicon terms, ids shown on hover) is not interface text;
  // longest first, so a rule id is not cut by a shorter one it starts with.
  for (const d of [...data].sort((a, b) => b.length - a.length)) t = t.split(d).join(' ');
  return (t.match(/[A-Za-z][A-Za-z0-9]+/g) ?? []).filter((w) => !ALLOWED.has(w));
}

/** Rendered as the app renders it: inside its providers (antd in Chinese, web/src/main.tsx). */
const render = (el: ReactElement) => renderToStaticMarkup(createElement(AppProviders, null, el));

const examples = readdirSync(join(ROOT, 'examples', 'calls'))
  .filter((f) => f.endsWith('.json'))
  .map(
    (f) =>
      [
        f,
        shippedAnalyzer().analyze(
          parseTranscript(JSON.parse(readFileSync(join(ROOT, 'examples', 'calls', f), 'utf8'))),
        ),
      ] as const,
  );

describe('the call view rendered for each example call reads in Chinese', () => {
  it.each(examples)('%s', (_, a: CallAnalysis) => {
    const findings = a.findings as unknown as Finding[];
    const byId = new Map(findings.map((f) => [f.id, f]));
    const view = {
      call: { id: a.callId, repId: a.repId } as never,
      utterances: a.utterances,
      analysis: {
        revision: 1,
        lexiconVersion: a.lexiconVersion,
        scorecardVersion: a.scorecardVersion,
        secondStageVersion: null,
        total: a.total,
        tags: a.tags,
        metrics: a.metrics,
        findings,
        suppressed: [],
        machine: { total: a.total, dimensions: a.dimensions },
        lastChange: null,
        overrides: [],
        scoreItems: a.scoreItems as ScoreItem[],
        dimensions: a.dimensions,
        coaching: a.coaching,
      },
    };
    const html = [
      render(createElement(DimensionStrip, { dimensions: a.dimensions })),
      renderToStaticMarkup(
        createElement(ScoreItemsCard, {
          analysis: view.analysis,
          findingById: byId,
          canAppeal: true,
          onAppeal: () => undefined,
          onJump: () => undefined,
        }),
      ),
      renderToStaticMarkup(
        createElement(CoachingCard, { coaching: view.analysis.coaching, onJump: () => undefined }),
      ),
      renderToStaticMarkup(
        createElement(Radar, { series: [{ name: '本次通话', values: a.dimensions }], testId: 'radar' }),
      ),
      ...findings.map((f) => render(createElement(FindingDetails, { f }))),
    ].join('\n');
    // Every dimension is shown, and a dimension that does not apply says so.
    expect(html).toContain('需求诊断');
    for (const [d, v] of Object.entries(a.dimensions)) if (v === null) expect(html, d).toContain('不适用');
    expect(html).toContain('为什么：');
    const data = [
      ...a.utterances.map((u) => u.text),
      ...findings.flatMap((f) => [f.term ?? '', f.utteranceId, f.rule, f.lexiconVersion]),
      a.lexiconVersion,
      ...a.scoreItems.map((s) => s.source),
    ].filter((d) => d.length > 0);
    const words = english(readable(html), data);
    expect(words).toEqual([]);
  });
});

describe('error states say what failed in Chinese, with a retry and a way back', () => {
  const inRouter = (el: ReactElement) => render(createElement(MemoryRouter, null, el));

  it('a 403 is a 无权限 page (retrying would not help)', () => {
    const html = inRouter(
      createElement(ErrorState, {
        error: new ApiError(403, 'forbidden', 'reviewer or admin role required'),
        what: '申诉复核',
        onRetry: () => undefined,
      }),
    );
    expect(html).toContain('无权限');
    expect(html).toContain('你的角色不能查看申诉复核');
    expect(html).toContain('返回首页');
    expect(html).not.toContain('重试');
    expect(html).not.toContain('reviewer or admin');
  });

  it('a network failure offers a retry', () => {
    const html = inRouter(
      createElement(ErrorState, {
        error: new TypeError('Failed to fetch'),
        what: '这通电话',
        onRetry: () => undefined,
      }),
    );
    expect(html).toContain('这通电话加载失败');
    expect(html).toContain('网络连接失败，请检查网络后重试');
    expect(html).toContain('重试');
    expect(html).not.toContain('Failed to fetch');
  });
});
