import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiAs,
  type BrowserSession,
  browserTestsSkipReason,
  DESKTOP,
  type Demo,
  launchBrowser,
  PHONE,
  signedIn,
  startDemo,
} from './harness.js';

const missing = browserTestsSkipReason();

/** axe-core's own bundle, evaluated in the page (CDP evaluation is not subject to the page's CSP). */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** WCAG 2.0, 2.1 and 2.2 at levels A and AA. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown[]; html: string; failureSummary?: string }[];
}

/**
 * Runs axe-core over the page as it is now and returns one line per serious or critical violation
 * (rule id, impact, help, the first targets and why they fail). Moderate and minor ones are printed
 * but do not fail.
 */
async function seriousViolations(page: Page, where: string): Promise<string[]> {
  // Let entrance animations (antd fades, ECharts) finish: a half-faded text fails contrast falsely.
  await page.waitForTimeout(400);
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(AXE_SOURCE);
  const violations = (await page.evaluate(
    `window.axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(WCAG_TAGS)} }, resultTypes: ['violations'] }).then((r) => r.violations)`,
  )) as AxeViolation[];
  const lines: string[] = [];
  for (const v of violations) {
    const targets = v.nodes
      .slice(0, 4)
      .map(
        (n) =>
          `${JSON.stringify(n.target)} ${n.html.slice(0, 140)}${n.failureSummary ? ` — ${n.failureSummary.replace(/\s+/g, ' ')}` : ''}`,
      );
    const line = `[${where}] ${v.id} (${v.impact}, ${v.nodes.length} nodes): ${v.help}\n    ${targets.join('\n    ')}`;
    if (v.impact === 'serious' || v.impact === 'critical') lines.push(line);
    else console.log(`axe ${line}`);
  }
  return lines;
}

interface Visit {
  /** Name in the failure report. */
  name: string;
  /** Demo token name (none: signed out). */
  who: string | null;
  path: string;
  /** Brings the page into the state to check (waits for its content). */
  ready: (page: Page) => Promise<void>;
}

describe.skipIf(missing !== null)('accessibility (axe-core, WCAG 2 A/AA)', { timeout: 600_000 }, () => {
  let demo: Demo;
  let chrome: BrowserSession;
  let medId: string;
  let otherId: string;
  let packId: string;

  beforeAll(async () => {
    [demo, chrome] = await Promise.all([startDemo(), launchBrowser()]);
    const calls = (
      await apiAs<{ items: { id: string; externalId: string }[] }>(demo.url, demo.tokens.admin!, '/v1/calls')
    ).body.items;
    medId = calls.find((c) => c.externalId === 'demo-med-001')!.id;
    otherId = calls.find((c) => c.externalId === 'demo-ret-001')!.id;
    // Two appeals: one accepted on the medical call (which then shows 最近一次重新评分), one left
    // pending on another rep's call for the reviewer's queue.
    const appeal = async (callId: string, rep: string) => {
      const view = (
        await apiAs<{ utterances: { id: string; speaker: string; text: string }[] }>(
          demo.url,
          rep,
          `/v1/calls/${callId}`,
        )
      ).body;
      const u = view.utterances.filter((x) => x.speaker === 'customer').at(-1)!;
      const filed = await apiAs<{ appeal: { id: string } }>(demo.url, rep, `/v1/calls/${callId}/appeals`, {
        method: 'POST',
        body: {
          target: 'missed_finding',
          utteranceId: u.id,
          span: [0, [...u.text].length],
          proposedLabel: 'need.implicit',
          reason: '客户这句话说的是没说出口的需求',
        },
      });
      expect(filed.status, JSON.stringify(filed.body)).toBe(201);
      return filed.body.appeal.id;
    };
    const accepted = await appeal(medId, demo.tokens['rep-lin-xue']!);
    const decided = await apiAs(demo.url, demo.tokens.reviewer!, `/v1/appeals/${accepted}/decision`, {
      method: 'POST',
      body: { decision: 'accept', note: '同意' },
    });
    expect(decided.status).toBe(200);
    await appeal(otherId, demo.tokens['rep-zhao-lei']!);
    const pack = await apiAs<{ pack: { id: string } }>(
      demo.url,
      demo.tokens.manager!,
      '/v1/reps/rep-lin-xue/feedback-packs',
      { method: 'POST', body: {} },
    );
    expect(pack.status).toBe(201);
    packId = pack.body.pack.id;
  }, 180_000);
  afterAll(async () => {
    await chrome?.close();
    await demo?.stop();
  });

  const heading = (name: string | RegExp) => async (page: Page) => {
    await page.getByRole('heading', { name }).first().waitFor();
    await page.waitForLoadState('networkidle');
  };
  const testId = (id: string) => async (page: Page) => {
    await page.getByTestId(id).first().waitFor();
    await page.waitForLoadState('networkidle');
  };
  const callDetail = async (page: Page) => {
    await page.getByTestId('dimension-scores').waitFor();
    await page.locator('[data-testid="radar"] canvas').first().waitFor();
    const toggle = page.getByTestId('transcript-toggle');
    if ((await page.getByTestId('timeline').count()) === 0 && (await toggle.count()) > 0)
      await toggle.click();
    await page.locator('mark[data-finding]').first().waitFor();
    await page.waitForLoadState('networkidle');
  };
  const lexiconTab = (tab: RegExp) => async (page: Page) => {
    await page.getByRole('tab', { name: tab }).first().click();
    await page.waitForLoadState('networkidle');
  };

  const visits = (): Visit[] => [
    { name: 'sign-in', who: null, path: '/signin', ready: testId('token-input') },
    { name: 'rep 我的通话', who: 'rep-lin-xue', path: '/calls', ready: testId('call-list') },
    { name: 'rep call detail', who: 'rep-lin-xue', path: `/calls/${medId}`, ready: callDetail },
    {
      name: 'rep call detail, finding details open',
      who: 'rep-lin-xue',
      path: `/calls/${medId}`,
      ready: async (page) => {
        await callDetail(page);
        const mark = page.locator('mark[data-label~="need.implicit"]').first();
        await mark.focus();
        await page.keyboard.press('Enter');
        await page.getByTestId('hover-card').waitFor();
      },
    },
    {
      name: 'rep call detail, 最近一次重新评分 open',
      who: 'rep-lin-xue',
      path: `/calls/${medId}`,
      ready: async (page) => {
        await callDetail(page);
        await page
          .getByTestId('last-change')
          .getByText(/^逐项变化/)
          .click();
        await page.getByTestId('last-change-item').first().waitFor();
      },
    },
    {
      name: 'rep appeal dialog',
      who: 'rep-lin-xue',
      path: `/calls/${medId}`,
      ready: async (page) => {
        await callDetail(page);
        await page.locator('#utt-u6').getByTestId('appeal-utterance').click();
        await page.getByTestId('appeal-modal').first().waitFor();
        await page.getByTestId('appeal-phrase').fill('手术室空间');
        await page.waitForLoadState('networkidle');
      },
    },
    {
      name: "rep another rep's call",
      who: 'rep-lin-xue',
      path: `/calls/${otherId}`,
      ready: testId('call-not-found'),
    },
    { name: 'rep 我的成长', who: 'rep-lin-xue', path: '/growth', ready: testId('growth') },
    { name: 'rep 团队 (无权限)', who: 'rep-lin-xue', path: '/team', ready: testId('forbidden') },
    { name: 'manager 通话', who: 'manager', path: '/calls', ready: testId('call-list') },
    { name: 'manager call detail', who: 'manager', path: `/calls/${medId}`, ready: callDetail },
    {
      name: 'manager 团队',
      who: 'manager',
      path: '/team',
      ready: async (page) => {
        await page.locator('[data-testid="heatmap"] canvas').first().waitFor();
        await page.waitForLoadState('networkidle');
      },
    },
    {
      name: 'manager 反馈包',
      who: 'manager',
      path: `/team/packs/${packId}`,
      ready: testId('pack-suggestions'),
    },
    { name: 'manager 学习模型', who: 'manager', path: '/models', ready: testId('model-current') },
    { name: 'reviewer 申诉复核', who: 'reviewer', path: '/reviews', ready: testId('appeal-card') },
    { name: 'reviewer 通话', who: 'reviewer', path: '/calls', ready: testId('call-list') },
    { name: 'reviewer 学习模型', who: 'reviewer', path: '/models', ready: testId('model-current') },
    { name: 'lexicon editor 词条', who: 'lexicon_editor', path: '/lexicons', ready: testId('terms') },
    {
      name: 'lexicon editor 变更请求',
      who: 'lexicon_editor',
      path: '/lexicons',
      ready: lexiconTab(/变更请求/),
    },
    {
      name: 'lexicon editor 预览与发布',
      who: 'lexicon_editor',
      path: '/lexicons',
      ready: lexiconTab(/预览与发布/),
    },
    {
      name: 'lexicon editor 版本与回滚',
      who: 'lexicon_editor',
      path: '/lexicons',
      ready: lexiconTab(/版本与回滚/),
    },
    {
      name: 'lexicon editor 学习模型',
      who: 'lexicon_editor',
      path: '/lexicons',
      ready: async (page) => {
        await page.getByRole('tab', { name: '学习模型' }).click();
        await page.getByTestId('model-current').waitFor();
      },
    },
    { name: 'admin 系统设置', who: 'admin', path: '/settings', ready: heading(/系统设置|设置/) },
    { name: 'admin 词库管理', who: 'admin', path: '/lexicons', ready: testId('terms') },
    { name: 'admin 团队', who: 'admin', path: '/team', ready: testId('team') },
    {
      name: 'page not found',
      who: 'admin',
      path: '/no-such-page',
      ready: async (p) => void (await p.getByText('页面不存在').waitFor()),
    },
  ];

  for (const [size, viewport] of [
    ['desktop', DESKTOP],
    ['375 px', PHONE],
  ] as const) {
    it(`has no serious or critical violation on any page of any role (${size})`, async () => {
      const found: string[] = [];
      // A11Y_ONLY=<regex>: only the visits whose name matches (while fixing one page).
      const only = process.env.A11Y_ONLY ? new RegExp(process.env.A11Y_ONLY) : null;
      for (const visit of visits().filter((v) => !only || only.test(v.name))) {
        const { context, page } = visit.who
          ? await signedIn(chrome.browser, demo.url, demo.tokens[visit.who]!, viewport)
          : await (async () => {
              const context = await chrome.browser.newContext({
                viewport,
                locale: 'zh-CN',
                baseURL: demo.url,
              });
              return { context, page: await context.newPage() };
            })();
        try {
          await page.goto(visit.path);
          await visit.ready(page);
          found.push(...(await seriousViolations(page, `${visit.name}, ${size}`)));
        } finally {
          await context.close();
        }
      }
      expect(found, `axe-core found serious or critical violations:\n${found.join('\n')}`).toEqual([]);
    });
  }
});
