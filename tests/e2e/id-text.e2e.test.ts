import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiAs,
  type BrowserSession,
  browserTestsSkipReason,
  DESKTOP,
  type Demo,
  launchBrowser,
  signedIn,
  startDemo,
} from './harness.js';

const missing = browserTestsSkipReason();

/**
 * Text that is an id or a key, not a name: a sentence id (u4), a generated id (call-…, appeal-…,
 * rep-lin-xue, demo-med-001), a version id (medical_devices@2+…, second-stage@3+…), a snake_case
 * key (need_diagnosis, in_review) or a label key (need.implicit).
 */
const ID_LIKE = [
  /\bu\d+\b/g,
  /\b[a-z][a-z0-9_-]*@\d+(?:\+[0-9a-f]+)?/g,
  /\b[a-z][a-z0-9]*(?:-[a-z0-9]+)+\b/g,
  /\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/g,
  /\b[a-z]+\.[a-z_]+\b/g,
];

/**
 * What the page shows (innerText: visible text only), without the transcript's sentences: they are
 * the customer's and the rep's own words, not interface text.
 */
async function readText(page: Page): Promise<string> {
  return (await page.evaluate(`(() => {
    const turns = [...document.querySelectorAll('[data-testid="turn"]')];
    for (const t of turns) t.style.display = 'none';
    const out = document.body.innerText;
    for (const t of turns) t.style.display = '';
    return out;
  })()`)) as string;
}

/** Every page of every role, as its menu offers it; a call page with an appeal on it. */
const PAGES: [string, string[]][] = [
  ['rep-lin-xue', ['/calls', 'CALL', '/growth']],
  ['reviewer', ['/reviews', '/calls', 'CALL']],
  ['manager', ['/calls', '/team']],
  ['lexicon_editor', ['/lexicons', '/models']],
  ['admin', ['/calls', '/reviews', '/lexicons', '/models', '/team', '/settings']],
];

describe.skipIf(missing !== null)(
  'no ids where a user reads (every page of every role)',
  { timeout: 240_000 },
  () => {
    let demo: Demo;
    let chrome: BrowserSession;
    let callId: string;

    beforeAll(async () => {
      [demo, chrome] = await Promise.all([startDemo(), launchBrowser()]);
      const rep = demo.tokens['rep-lin-xue']!;
      const list = await apiAs<{ items: { id: string; externalId: string }[] }>(demo.url, rep, '/v1/calls');
      callId = list.body.items.find((c) => c.externalId === 'demo-med-001')!.id;
      // An appeal waiting for the reviewer: it shows on the call page (申诉记录) and in 申诉复核.
      const filed = await apiAs(demo.url, rep, `/v1/calls/${callId}/appeals`, {
        method: 'POST',
        body: { target: 'speaker', utteranceId: 'u2', proposedSpeaker: 'rep', reason: '这句是我说的' },
      });
      expect(filed.status).toBe(201);
    }, 180_000);
    afterAll(async () => {
      await chrome?.close();
      await demo?.stop();
    });

    it.each(PAGES)('%s', async (who, paths) => {
      const { context, page } = await signedIn(chrome.browser, demo.url, demo.tokens[who]!, DESKTOP);
      const found: string[] = [];
      for (const p of paths) {
        const path = p === 'CALL' ? `/calls/${callId}` : p;
        await page.goto(path);
        await page.getByTestId('nav').waitFor();
        await page.waitForLoadState('networkidle');
        if (p === 'CALL') {
          await page.getByTestId('call-appeals').waitFor();
          expect(await page.getByTestId('call-appeals').getByTestId('appeal-sentence').textContent()).toBe(
            '第2句（00:13）',
          );
        }
        if (p === '/reviews' && who === 'reviewer') {
          const sentence = page.getByTestId('appeal-card').first().getByTestId('appeal-sentence');
          expect(await sentence.textContent()).toBe('第2句（00:13）');
          expect(await sentence.getAttribute('title')).toBe('u2');
        }
        const text = await readText(page);
        for (const re of ID_LIKE) for (const m of text.matchAll(re)) found.push(`${path}: ${m[0]}`);
        // Every tab of the page (词库管理's terms, versions, change requests; 系统设置's sections).
        const tabs = page.getByRole('tab');
        if (p === '/lexicons')
          expect(await tabs.count(), 'the lexicon page has its tabs').toBeGreaterThanOrEqual(3);
        for (let i = 1; i < (await tabs.count()); i++) {
          const name = (await tabs.nth(i).textContent()) ?? '';
          await tabs.nth(i).click();
          await page.waitForLoadState('networkidle');
          const shown = await readText(page);
          for (const re of ID_LIKE)
            for (const m of shown.matchAll(re)) found.push(`${path} ${name}: ${m[0]}`);
        }
      }
      if (who === 'manager') {
        // A feedback pack, generated from the team page: it names the lexicon versions it drew on.
        await page.getByTestId('rep-select').click();
        await page.locator('.ant-select-item-option-content', { hasText: /^林雪$/ }).click();
        await page.getByTestId('generate-pack').click();
        await page.getByTestId('feedback-pack').waitFor();
        await page.waitForLoadState('networkidle');
        const text = await readText(page);
        expect(text).toMatch(/词库版本 医疗器械 · 第 \d+ 版/);
        for (const re of ID_LIKE) for (const m of text.matchAll(re)) found.push(`${page.url()}: ${m[0]}`);
      }
      await context.close();
      expect(found).toEqual([]);
    });
  },
);
