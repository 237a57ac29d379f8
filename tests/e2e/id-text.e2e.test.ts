import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  browserTestsSkipReason,
  DESKTOP,
  demoWithAppealAndBrowser,
  ROLE_PAGES,
  signedIn,
  walkRolePages,
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

describe.skipIf(missing !== null)(
  'no ids where a user reads (every page of every role)',
  { timeout: 240_000 },
  () => {
    const run = demoWithAppealAndBrowser();

    it.each(ROLE_PAGES)('%s', async (who, paths) => {
      const { context, page } = await signedIn(
        run.chrome.browser,
        run.demo.url,
        run.demo.tokens[who]!,
        DESKTOP,
      );
      const found: string[] = [];
      await walkRolePages(page, who, paths, run.callId, async ({ kind, entry, where }) => {
        if (kind === 'page' && entry === 'CALL')
          expect(await page.getByTestId('call-appeals').getByTestId('appeal-sentence').textContent()).toBe(
            '第2句（00:13）',
          );
        if (kind === 'page' && entry === '/reviews' && who === 'reviewer') {
          const sentence = page.getByTestId('appeal-card').first().getByTestId('appeal-sentence');
          expect(await sentence.textContent()).toBe('第2句（00:13）');
          expect(await sentence.getAttribute('title')).toBe('u2');
        }
        const text = await readText(page);
        // The feedback pack names the lexicon versions it drew on.
        if (kind === 'pack') expect(text).toMatch(/词库版本 医疗器械 · 第 \d+ 版/);
        for (const re of ID_LIKE) for (const m of text.matchAll(re)) found.push(`${where}: ${m[0]}`);
      });
      await context.close();
      expect(found).toEqual([]);
    });
  },
);
