import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { AppProviders } from '../../web/src/components/app-providers.js';
import {
  canChangeIndustry,
  IndustryChoices,
  IndustryEvidencePanel,
  industryChoices,
  industryText,
} from '../../web/src/components/call-industry.js';
import type { CallSummary, IndustryInference } from '../../web/src/lib/api.js';
import { INDUSTRY_ZH, STATUS_ZH } from '../../web/src/lib/labels.js';

const render = (el: ReactElement) => renderToStaticMarkup(createElement(AppProviders, null, el));
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

/** As services/intake/industry-decision.ts inferenceRecord stores it: a close call between two trades. */
const UNDECIDED: IndustryInference = {
  decided: false,
  industry: null,
  confidence: 0.412,
  margin: 0.021,
  thresholds: { minScore: 9, minMargin: 0.03 },
  candidates: [
    {
      industry: 'logistics',
      name: '物流供应链',
      score: 7.1,
      probability: 0.412,
      evidence: [
        { term: 'WMS', category: 'product', count: 2 },
        { term: '分拣', category: 'feature', count: 1 },
      ],
    },
    {
      industry: 'manufacturing',
      name: '制造业自动化',
      score: 6.9,
      probability: 0.391,
      evidence: [{ term: 'AGV', category: 'product', count: 3 }],
    },
  ],
};

const DECIDED: IndustryInference = {
  decided: true,
  industry: 'medical_devices',
  confidence: 0.87,
  margin: 0.74,
  thresholds: { minScore: 9, minMargin: 0.03 },
  candidates: [
    {
      industry: 'medical_devices',
      name: '医疗器械',
      score: 21.4,
      probability: 0.87,
      evidence: [
        { term: '手术室', category: 'need', count: 4 },
        { term: '迈瑞', category: 'competitor', count: 1 },
      ],
    },
  ],
};

type Call = Pick<
  CallSummary,
  'id' | 'repId' | 'industry' | 'status' | 'industrySource' | 'industryInference'
>;
const call = (patch: Partial<Call>): Call => ({
  id: 'call-1',
  repId: 'rep-1',
  industry: 'medical_devices',
  status: 'scored',
  industrySource: 'given',
  industryInference: null,
  ...patch,
});

describe('a call says where its industry came from', () => {
  it.each([
    ['named at intake', call({}), '医疗器械（上传时指定）'],
    [
      'inferred, with the confidence',
      call({ industrySource: 'inferred', industryInference: DECIDED }),
      '医疗器械（推断，置信度 0.87）',
    ],
    [
      'picked by a person',
      call({ industrySource: 'chosen', industryInference: UNDECIDED }),
      '医疗器械（人工选择）',
    ],
    [
      '待确认行业: only the best guess, never as a decision',
      call({
        status: 'needs_industry',
        industry: 'logistics',
        industrySource: 'inferred',
        industryInference: UNDECIDED,
      }),
      '待确认（最可能：物流供应链，置信度 0.41）',
    ],
    [
      '待确认行业 without any evidence',
      call({ status: 'needs_industry', industryInference: null }),
      '待确认',
    ],
    [
      'a recording without an industry, not transcribed yet: no placeholder shown as a decision',
      // The API says null rather than the placeholder the column holds.
      call({ status: 'transcribing', industry: null, industrySource: 'inferred', industryInference: null }),
      '转写后自动判断',
    ],
  ])('%s', (_, c, expected) => {
    expect(industryText(c)).toBe(expected);
  });

  it('has the status chip 待确认行业 in a warning colour', () => {
    expect(STATUS_ZH.needs_industry).toEqual({ text: '待确认行业', color: 'warning' });
  });
});

describe('the industry picker', () => {
  const all = Object.keys(INDUSTRY_ZH);

  it('offers the inferred candidates first, best first, then every other industry once', () => {
    const choices = industryChoices(UNDECIDED, all);
    expect(choices.slice(0, 2)).toEqual([
      { industry: 'logistics', probability: 0.412, candidate: true },
      { industry: 'manufacturing', probability: 0.391, candidate: true },
    ]);
    expect(choices).toHaveLength(all.length);
    expect(new Set(choices.map((c) => c.industry)).size).toBe(all.length);
    expect(choices.slice(2).every((c) => !c.candidate && c.probability === null)).toBe(true);
  });

  it('offers every industry when nothing was inferred', () => {
    expect(
      industryChoices(null, ['saas', 'pharma'])
        .map((c) => c.industry)
        .sort(),
    ).toEqual(['pharma', 'saas']);
  });

  it('shows each candidate with its probability and evidence terms, and the rest in a list', () => {
    const html = render(
      createElement(IndustryChoices, {
        call: call({ status: 'needs_industry', industryInference: UNDECIDED }),
        all,
        value: 'logistics',
        onChange: () => undefined,
      }),
    );
    const t = text(html);
    expect(t).toContain('按通话内容推测的行业');
    expect(t).toMatch(/物流供应链 可能性 41%.*WMS、分拣/);
    expect(t).toMatch(/制造业自动化 可能性 39%.*AGV/);
    expect(t).toContain('或选择其他行业');
    expect(html).toContain('data-testid="industry-select"');
    // The candidate picked is checked.
    expect(html).toMatch(/<input data-testid="industry-candidate-logistics"[^>]* checked=""/);
    expect(html).not.toMatch(/<input data-testid="industry-candidate-manufacturing"[^>]* checked=""/);
  });

  it('marks the current industry when correcting a scored call', () => {
    const html = render(
      createElement(IndustryChoices, {
        call: call({ industrySource: 'inferred', industryInference: DECIDED }),
        all,
        value: null,
        onChange: () => undefined,
      }),
    );
    expect(text(html)).toContain('医疗器械 可能性 87%（当前）');
  });
});

describe('the evidence behind an inferred industry', () => {
  it('lists each candidate with its probability and the terms, repeats counted', () => {
    const t = text(render(createElement(IndustryEvidencePanel, { inference: DECIDED })));
    expect(t).toContain('按通话中的行业词推断，置信度 0.87，领先第二名 0.74。');
    expect(t).toMatch(/医疗器械 可能性 87%/);
    expect(t).toContain('手术室 ×4');
    expect(t).toContain('迈瑞');
  });

  it('says why a call waits for a person', () => {
    const t = text(render(createElement(IndustryEvidencePanel, { inference: UNDECIDED })));
    expect(t).toContain('证据不足或几个行业太接近（置信度 0.41，领先第二名 0.02），需要人工确认。');
  });
});

describe('who may pick or correct the industry (as the API allows)', () => {
  const c = { repId: 'rep-1' };
  it.each([
    ['the call’s rep', { id: 'rep-1', roles: ['rep'] }, true],
    ['another rep', { id: 'rep-2', roles: ['rep'] }, false],
    ['a manager', { id: 'm', roles: ['manager'] }, true],
    ['a reviewer', { id: 'r', roles: ['reviewer'] }, true],
    ['an admin', { id: 'a', roles: ['admin'] }, true],
    ['a lexicon editor', { id: 'e', roles: ['lexicon_editor'] }, false],
    ['nobody signed in', null, false],
  ] as const)('%s', (_, me, allowed) => {
    expect(canChangeIndustry(me, c)).toBe(allowed);
  });
});
