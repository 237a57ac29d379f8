import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { MemoryRouter } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import { AppProviders } from '../../web/src/components/app-providers.js';
import {
  GuardTable,
  type ModelGuard,
  type ModelVersion,
  ModelVersionCard,
  type ModelWhatIf,
  ModelWhatIfResult,
  modelPath,
  publishBlock,
  whatIfSummary,
} from '../../web/src/components/learned-models.js';
import { modelVersionName } from '../../web/src/lib/labels.js';

const render = (el: ReactElement) =>
  renderToStaticMarkup(createElement(AppProviders, null, createElement(MemoryRouter, null, el)));
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

const SHIPPED = 'second-stage@1+0123456789ab';
const DRAFT = 'second-stage@2+abcdef012345';

const PASSING: ModelGuard = {
  calls: 98,
  maxDrop: 0.02,
  publishable: true,
  labels: [
    { label: 'objection', gold: 120, before: 0.81, after: 0.815, delta: 0.005, ok: true },
    { label: 'need.implicit', gold: 40, before: 0.62, after: 0.66, delta: 0.04, ok: true },
  ],
};
const FAILING: ModelGuard = {
  ...PASSING,
  publishable: false,
  labels: [
    PASSING.labels[0]!,
    { label: 'next_step', gold: 55, before: 0.9, after: 0.85, delta: -0.05, ok: false },
  ],
};

const draft = (guard: ModelGuard): ModelVersion => ({
  version: DRAFT,
  status: 'draft',
  basedOn: SHIPPED,
  appealIds: ['ap-1', 'ap-2'],
  guard,
  whatIf: null,
  note: '十二月申诉',
  createdBy: 'u-editor',
  createdAt: '2026-12-05T02:00:00.000Z',
  publishedBy: null,
  publishedAt: null,
});

const card = (model: ModelVersion, canTrain = true) =>
  render(
    createElement(ModelVersionCard, {
      model,
      current: SHIPPED,
      canTrain,
      busy: null,
      whatIf: null,
      onWhatIf: () => undefined,
      onPublish: () => undefined,
      onDiscard: () => undefined,
    }),
  );

/** The <button> holding a test id, as markup. */
const button = (html: string, testId: string) =>
  new RegExp(`<button[^>]*data-testid="${testId}"[^>]*>`).exec(html)?.[0] ?? '';

describe('learned model versions', () => {
  it('read as a number, the id only on hover', () => {
    expect(modelVersionName(DRAFT)).toBe('第 2 版');
    expect(modelVersionName('nonsense')).toBe('未知版本');
    const html = card(draft(PASSING));
    expect(text(html)).toContain('学习模型 第 2 版');
    expect(html).toContain(`title="${DRAFT}"`);
    expect(text(html)).toContain('基于 第 1 版 · 学习了 2 条已接受的申诉 · 训练于 2026-12-05 10:00');
  });

  it('are URL-encoded in paths (a version holds @ and +)', () => {
    expect(modelPath(DRAFT, 'publish')).toBe(
      '/v1/models/second-stage/second-stage%402%2Babcdef012345/publish',
    );
    expect(modelPath(DRAFT)).toBe('/v1/models/second-stage/second-stage%402%2Babcdef012345');
  });
});

describe('the publishing guard', () => {
  it('shows each label in Chinese with F1 before → after', () => {
    const t = text(render(createElement(GuardTable, { guard: PASSING })));
    expect(t).toContain('在 98 通随软件发布的已标注通话上比较');
    expect(t).toContain('通过');
    expect(t).toMatch(/异议（任意类型） 120 0\.810 → 0\.815 \+0\.005/);
    expect(t).toMatch(/隐性需求 40 0\.620 → 0\.660 \+0\.040/);
  });

  it('shows a drop past the limit in red and says it fails', () => {
    const html = render(createElement(GuardTable, { guard: FAILING }));
    expect(text(html)).toContain('未通过');
    expect(html).toMatch(/color:#cf1322[^>]*>0\.900 → 0\.850/);
    expect(html).toMatch(/data-testid="guard-drop"[^>]*>−0\.050 超出上限/);
    // Only the failing label is red.
    expect(html.match(/data-testid="guard-drop"/g)).toHaveLength(1);
  });

  it('disables 发布 with the reason when the guard failed', () => {
    const html = card(draft(FAILING));
    expect(button(html, 'model-publish')).toContain('disabled');
    expect(text(html)).toContain('不能发布：F1 下降超过上限 0.02（下一步 0.900 → 0.850）');
    expect(button(html, 'model-what-if-run')).not.toContain('disabled');
    expect(button(html, 'model-discard')).not.toContain('disabled');
  });

  it('lets a publishable draft be published', () => {
    const html = card(draft(PASSING));
    expect(button(html, 'model-publish')).not.toContain('disabled');
    expect(html).not.toContain('model-publish-block');
  });

  it('gives the reason for every version that cannot be published', () => {
    expect(publishBlock(draft(PASSING), SHIPPED)).toBeNull();
    expect(publishBlock({ ...draft(PASSING), status: 'discarded' }, SHIPPED)).toBe('已丢弃的版本不能发布');
    expect(publishBlock(draft(PASSING), DRAFT)).toBe('这已是当前生效的版本');
  });

  it('offers no actions to readers, nor on a published version', () => {
    for (const html of [
      card(draft(PASSING), false),
      card({ ...draft(PASSING), status: 'published', publishedAt: '2026-12-05T03:00:00.000Z' }),
    ]) {
      expect(html).not.toContain('model-publish');
      expect(html).not.toContain('model-discard');
      expect(html).not.toContain('model-what-if-run');
    }
  });
});

describe('试算 in Chinese', () => {
  const w: ModelWhatIf = {
    calls: 200,
    callsChanged: 12,
    scoresChanged: 9,
    findingsAdded: 15,
    findingsRemoved: 3,
    meanTotalDelta: 0.42,
    dimensionsChanged: { need_diagnosis: 8 },
    examples: [
      {
        callId: 'call-7',
        repName: '林雪',
        occurredAt: '2026-11-20T06:00:00.000Z',
        customer: null,
        totalBefore: 61,
        totalAfter: 66,
        added: [
          {
            utteranceId: 'u4',
            utteranceIndex: 4,
            startMs: 22600,
            label: 'need.implicit',
            term: null,
            quote: '晚上仓库没人值班',
          },
        ],
        removed: [],
      },
    ],
  };

  it('summarises what would change', () => {
    expect(whatIfSummary(w)).toBe(
      '试算最近 200 通已评分通话：12 通结果有变化，其中 9 通分数变化；新增 15 条、减少 3 条识别结果；平均总分变化 +0.42 分。',
    );
    expect(whatIfSummary({ ...w, callsChanged: 0 })).toBe('试算最近 200 通已评分通话：结果都不变。');
    expect(whatIfSummary({ ...w, calls: 0 })).toBe('试算：还没有已评分的通话可比较。');
    expect(whatIfSummary({ ...w, meanTotalDelta: -1.5 })).toContain('平均总分变化 −1.50 分');
  });

  it('shows the dimensions that move and the calls that change', () => {
    const html = render(createElement(ModelWhatIfResult, { whatIf: w }));
    const t = text(html);
    expect(t).toContain('需求诊断 变化 8 通');
    expect(t).toContain('总分 61 → 66');
    expect(t).toContain('+ 隐性需求「晚上仓库没人值班」');
    expect(html).toContain('href="/calls/call-7"');
  });
});
