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
            '第2句（00:13） ',
          );
        }
        if (p === '/reviews' && who === 'reviewer') {
          const sentence = page.getByTestId('appeal-card').first().getByTestId('appeal-sentence');
          expect(await sentence.textContent()).toBe('第2句（00:13）');
          expect(await sentence.getAttribute('title')).toBe('u2');
        }
        // The transcript's sentences are the customer's and the rep's own words, not interface
        // text; everything else on the page is read as shown (innerText: what is visible).
        const text = (await page.evaluate(`(() => {
        const turns = [...document.querySelectorAll('[data-testid="turn"]')];
        for (const t of turns) t.style.display = 'none';
        const out = document.body.innerText;
        for (const t of turns) t.style.display = '';
        return out;
      })()`)) as string;
        for (const re of ID_LIKE) for (const m of text.matchAll(re)) found.push(`${path}: ${m[0]}`);
      }
      await context.close();
      expect(found).toEqual([]);
    });
  },
);
