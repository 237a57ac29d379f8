import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { parseTranscript } from '../../models/transcript.js';
import { AppProviders } from '../../web/src/components/app-providers.js';
import { ChangeRequests } from '../../web/src/components/lexicons/change-requests.js';
import type { ChangeRequest } from '../../web/src/components/lexicons/types.js';
import { ScoreItemsCard } from '../../web/src/components/score-items.js';
import type { CallView, Finding, ScoreItem } from '../../web/src/lib/api.js';
import { labelName } from '../../web/src/lib/labels.js';
import { versionsName } from '../../web/src/lib/version-names.js';
import { shippedAnalyzer } from '../helpers/runtime.js';

const ROOT = join(import.meta.dirname, '..', '..');
const render = (el: ReactElement) => renderToStaticMarkup(createElement(AppProviders, null, el));
/** What a user reads without hovering: the markup's text, attributes (titles included) dropped. */
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('ids a user read where a name belongs', () => {
  const a = shippedAnalyzer().analyze(
    parseTranscript(JSON.parse(readFileSync(join(ROOT, 'examples', 'calls', 'med-story.json'), 'utf8'))),
  );
  const findings = a.findings as unknown as Finding[];
  const analysis = {
    scoreItems: a.scoreItems as ScoreItem[],
    dimensions: a.dimensions,
    findings,
  } as unknown as NonNullable<CallView['analysis']>;
  const card = (utterances?: CallView['utterances']) =>
    render(
      createElement(ScoreItemsCard, {
        analysis,
        findingById: new Map(findings.map((f) => [f.id, f])),
        canAppeal: false,
        onAppeal: () => undefined,
        onJump: () => undefined,
        ...(utterances ? { utterances } : {}),
      }),
    );
  const cited = findings.find((f) => a.scoreItems.some((s) => s.findingIds.includes(f.id)))!;
  const place = a.utterances.findIndex((u) => u.id === cited.utteranceId);

  it('score-item evidence names its sentence 第N句（mm:ss）, the id only on hover', () => {
    const html = card(a.utterances as CallView['utterances']);
    const start = a.utterances[place]!.start;
    const clock = `${String(Math.floor(start / 60_000)).padStart(2, '0')}:${String(Math.floor(start / 1000) % 60).padStart(2, '0')}`;
    expect(html).toContain(
      `title="${cited.utteranceId}" style="margin-right:8px">第${place + 1}句（${clock}）`,
    );
    expect(text(html)).not.toMatch(/\bu\d+\b/);
  });

  it('without the transcript at hand it names the behaviour alone, never the id', () => {
    const html = card();
    expect(html).toContain(
      `title="${cited.utteranceId}" style="margin-right:8px">${labelName(cited.label)}<`,
    );
    expect(text(html)).not.toMatch(/\bu\d+\b|第\d+句/);
  });

  it('a lexicon change request says it came from an accepted appeal, the appeal id only on hover', () => {
    const request = (appealId: string | null): ChangeRequest => ({
      id: 'lcr-1',
      industry: 'medical_devices',
      appealId,
      change: { op: 'add_synonym', term: '手术室空间限制', synonym: '净高' },
      status: 'pending',
      createdAt: '2026-12-05T06:00:00.000Z',
      decidedBy: null,
      decidedAt: null,
      note: null,
      draftSequence: null,
    });
    const html = render(
      createElement(ChangeRequests, {
        items: [request('apl-7f3a9c'), request(null)],
        editor: false,
        busy: null,
        act: async () => undefined,
      }),
    );
    expect(html).toMatch(/title="apl-7f3a9c"[^>]*>来自已接受的申诉/);
    expect(text(html)).toContain('由词库专家提出');
    expect(text(html)).not.toContain('apl-7f3a9c');
  });

  it('a feedback pack names the lexicon versions it drew on, not their ids', () => {
    expect(versionsName(['medical_devices@2+0a1b2c3d4e5f', 'saas@3+ffeeddccbbaa'])).toBe(
      '医疗器械 · 第 2 版、企业 SaaS · 第 3 版',
    );
    expect(versionsName([])).toBe('—');
  });
});
