import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { MemoryRouter } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import { AppProviders } from '../../web/src/components/app-providers.js';
import { WhatIfResult } from '../../web/src/components/lexicons/publish-panel.js';
import { exampleCallName } from '../../web/src/components/lexicons/what-if-example.js';
import type { LexiconWhatIfReport } from '../../web/src/lib/api-shapes.js';
import { sentenceName } from '../../web/src/lib/sentence.js';

const render = (el: ReactElement) =>
  renderToStaticMarkup(createElement(AppProviders, null, createElement(MemoryRouter, null, el)));
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

const example: LexiconWhatIfReport['examples'][number] = {
  callId: 'call-3082b1f4c2',
  repName: '林雪',
  occurredAt: '2026-11-20T06:00:00.000Z',
  customer: { name: '何主任', company: '西河县人民医院' },
  totalBefore: 58,
  totalAfter: 63,
  added: [
    {
      utteranceId: 'u4',
      utteranceIndex: 4,
      startMs: 22_600,
      label: 'need.implicit',
      term: '手术室空间限制',
      quote: '净高偏低',
    },
  ],
  removed: [
    { utteranceId: 'u12', utteranceIndex: 12, startMs: 95_000, label: 'objection.price', term: '太贵' },
  ],
};
const report: LexiconWhatIfReport = {
  industry: 'medical_devices',
  draftSequence: 2,
  elapsedMs: 120,
  calls: 3,
  callsChanged: 1,
  scoresChanged: 1,
  findingsAdded: 1,
  findingsRemoved: 1,
  meanTotalDelta: 1.67,
  dimensionsChanged: { need_diagnosis: 1 },
  examples: [example],
};

describe('the lexicon what-if, as a lexicon expert reads it', () => {
  it('names an example call by customer, rep and Beijing time, and its sentences by place and time', () => {
    expect(exampleCallName(example)).toBe('西河县人民医院 · 何主任 · 林雪 · 2026-11-20 14:00');
    expect(exampleCallName({ ...example, customer: null })).toBe('林雪 · 2026-11-20 14:00');
    expect(sentenceName(example.added[0]!)).toBe('第4句（00:22）');
    expect(sentenceName(example.removed[0]!)).toBe('第12句（01:35）');
  });

  it('links each example to its call and shows no call or utterance ids', () => {
    const html = render(createElement(WhatIfResult, { whatIf: report }));
    const t = text(html);
    expect(html).toContain('href="/calls/call-3082b1f4c2"');
    expect(t).toContain('西河县人民医院 · 何主任 · 林雪 · 2026-11-20 14:00');
    expect(t).toContain('+ 第4句（00:22） 隐性需求（手术室空间限制）「净高偏低」');
    expect(t).toContain('− 第12句（01:35）');
    expect(t).not.toMatch(/call-3082|\bu4\b|\bu12\b/);
    expect(html).toContain('title="u4"');
  });

  it('says a sentence the call no longer has is gone, instead of 第0句（00:00）', () => {
    const stale = { ...example, removed: [{ ...example.removed[0]!, utteranceIndex: null, startMs: null }] };
    const t = text(render(createElement(WhatIfResult, { whatIf: { ...report, examples: [stale] } })));
    expect(t).toContain('− 原句已不在通话中 价格异议（太贵）');
    expect(t).not.toMatch(/第0句|00:00/);
  });
});
