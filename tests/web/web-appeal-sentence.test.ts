import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { MemoryRouter } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import { AppProviders } from '../../web/src/components/app-providers.js';
import { ReviewAppealCard } from '../../web/src/components/appeal/review-appeal-card.js';
import { CallAppealsCard } from '../../web/src/components/call-detail/call-appeals.js';
import type { Appeal } from '../../web/src/components/effect-line.js';
import type { CallView } from '../../web/src/lib/api.js';
import { SENTENCE_GONE, sentenceName } from '../../web/src/lib/sentence.js';

const render = (el: ReactElement) =>
  renderToStaticMarkup(createElement(AppProviders, null, createElement(MemoryRouter, null, el)));
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

/** An appeal on the 4th sentence (00:22) of a call, as GET /v1/appeals sends it. */
const appeal: Appeal = {
  id: 'apl-7f3a',
  callId: 'call-3082b1f4c2',
  repId: 'usr-lin',
  teamId: 'team-1',
  industry: 'medical_devices',
  target: 'missed_finding',
  itemKey: 'missed:u4:0-4:need.implicit',
  findingId: null,
  scoreItemId: null,
  utteranceId: 'u4',
  utteranceIndex: 4,
  utteranceStartMs: 22_600,
  spanStart: 0,
  spanEnd: 4,
  label: 'need.implicit',
  rule: null,
  term: null,
  lexiconVersion: 'medical_devices@2+0a1b2c3d4e5f',
  quote: '净高偏低',
  reason: '客户说的是手术室净高不够',
  proposal: { correction: { kind: 'add', utteranceId: 'u4', label: 'need.implicit', span: [0, 4] } },
  preview: null,
  status: 'open',
  reviewerId: 'usr-wu',
  filedBy: 'usr-lin',
  filedAt: '2026-12-05T06:00:00.000Z',
  dueAt: '2026-12-07T06:00:00.000Z',
  decidedBy: null,
  decidedAt: null,
  decisionNote: null,
  escalatedAt: null,
  updatedAt: '2026-12-05T06:00:00.000Z',
  overdue: false,
  secondsLeft: 3600,
  override: null,
};
/** The same appeal after the call was re-transcribed: the server no longer finds its sentence. */
const gone: Appeal = { ...appeal, utteranceIndex: null, utteranceStartMs: null };

const callCard = (a: Appeal) =>
  render(createElement(CallAppealsCard, { view: {} as CallView, appeals: [a], onJump: () => {} }));
const queueCard = (a: Appeal) =>
  render(createElement(ReviewAppealCard, { appeal: a, secondsLeft: 3600, onDecide: () => {} }));

describe("an appeal's sentence, as a rep and a reviewer read it", () => {
  it('is named by its place and time in the call, or said to be gone — never 第0句', () => {
    expect(sentenceName({ utteranceIndex: 4, startMs: 22_600 })).toBe('第4句（00:22）');
    expect(sentenceName({ utteranceIndex: null, startMs: null })).toBe(SENTENCE_GONE);
    expect(SENTENCE_GONE).toBe('原句已不在通话中');
  });

  for (const [where, card] of [
    ['申诉记录 on the call page', callCard],
    ['the review queue', queueCard],
  ] as const) {
    it(`${where} shows 第4句（00:22） with the id only on hover`, () => {
      const html = card(appeal);
      expect(html).toMatch(/title="u4"[^>]*>第4句（00:22）/);
      expect(text(html)).not.toMatch(/\bu4\b/);
      expect(text(html)).not.toContain('medical_devices');
    });

    it(`${where} says the sentence is no longer in the call once it is gone`, () => {
      const html = card(gone);
      expect(html).toMatch(/title="u4"[^>]*>原句已不在通话中/);
      expect(text(html)).not.toMatch(/第0句|\bu4\b/);
    });
  }

  it('the review queue names an industry it has no Chinese name for 其他行业, the id on hover', () => {
    const html = queueCard({ ...appeal, industry: 'dental_clinics' });
    expect(html).toContain('title="dental_clinics">其他行业<');
    expect(text(html)).not.toContain('dental_clinics');
    expect(text(queueCard(appeal))).toContain('医疗器械');
  });

  it('on the call page, only a sentence still in the call is a link that jumps to it', () => {
    expect(callCard(appeal)).toMatch(/<button[^>]*title="u4"/);
    expect(callCard(gone)).not.toMatch(/<button[^>]*title="u4"/);
  });
});
