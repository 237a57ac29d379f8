import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { HTTP_STATUS } from '../../api/http-errors.js';
import { ErrorCode, type TErrorCode } from '../../models/errors.js';
import { foreignWords } from '../../web/src/lib/allowed-latin.js';
import {
  browserTestsSkipReason,
  DESKTOP,
  demoWithAppealAndBrowser,
  ROLE_PAGES,
  signedIn,
  walkRolePages,
} from './harness.js';

const missing = browserTestsSkipReason();

/** One piece of text a user reads, and where on the element it stands. */
interface Shown {
  kind: 'text' | 'aria-label' | 'title' | 'placeholder' | 'alt' | 'document title';
  text: string;
}

/**
 * The interface text of the page: what it shows (innerText: visible text only), the aria-label,
 * title, placeholder and alt of its visible elements, and the document's title. Subtrees marked
 * `data-user-content` (the speakers' words, lexicon terms, names a user typed) are left out: they
 * are hidden while the page is read, which also makes their elements invisible to the attribute
 * pass. Runs in the page (a string: the test code is not compiled with the DOM library).
 */
async function readInterfaceText(page: Page): Promise<Shown[]> {
  return (await page.evaluate(`(() => {
    const marked = [...document.querySelectorAll('[data-user-content]')];
    const before = marked.map((el) => el.style.getPropertyValue('display'));
    for (const el of marked) el.style.setProperty('display', 'none', 'important');
    const out = [{ kind: 'text', text: document.body.innerText }];
    if (document.title) out.push({ kind: 'document title', text: document.title });
    const named = document.body.querySelectorAll('[aria-label], [title], [placeholder], [alt]');
    for (const el of named) {
      if (!el.checkVisibility({ visibilityProperty: true })) continue;
      // antd's icon glyphs are checked too: web/src/lib/icon-labels.ts names them in Chinese or hides
      // the decorative ones from screen readers.
      for (const kind of ['aria-label', 'title', 'placeholder', 'alt']) {
        const text = el.getAttribute(kind);
        if (text) out.push({ kind, text });
      }
    }
    marked.forEach((el, i) => {
      if (before[i]) el.style.setProperty('display', before[i]);
      else el.style.removeProperty('display');
    });
    return out;
  })()`)) as Shown[];
}

/**
 * An id: one lower-case token (u4, call-3f2a, medical_devices@2+3fa2b4, a rule id such as speaker).
 * A single lower-case English word in a title passes as one too: titles hold ids by design.
 */
const ID = /^[a-z0-9][\w.@+-]*$/;

/**
 * The Latin words of the page outside the allowed list, as `where (kind): words in «context»`. A
 * title made of ids (u4, call-…, one per line) is the hover the issue asks for ("ids only on
 * hover"), not words to read; a title with a capital, a space or a sentence is checked.
 */
async function englishOn(page: Page, where: string): Promise<string[]> {
  const found: string[] = [];
  for (const { kind, text } of await readInterfaceText(page)) {
    if (kind === 'title' && text.split('\n').every((line) => ID.test(line))) continue;
    const words = foreignWords(text);
    // With a little of the text around the first of them, to find it on the page.
    if (words.length > 0) {
      const at = text.indexOf(words[0]!);
      const around = text.slice(Math.max(0, at - 12), at + 24).replace(/\s+/g, ' ');
      found.push(`${where} (${kind}): ${words.join(' ')} in «${around}»`);
    }
  }
  return found;
}

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
async function readShownText(page: Page): Promise<string> {
  return (await page.evaluate(`(() => {
    const turns = [...document.querySelectorAll('[data-testid="turn"]')];
    for (const t of turns) t.style.display = 'none';
    const out = document.body.innerText;
    for (const t of turns) t.style.display = '';
    return out;
  })()`)) as string;
}

/**
 * Where each error code is forced: a page of a role and the request it loads its content with
 * (the codes take these in turn, so every page shows an error state at least twice).
 */
const ERROR_SITES: { who: string; path: string; request: RegExp; times?: number }[] = [
  { who: 'rep-lin-xue', path: '/calls', request: /^\/v1\/calls(\?|$)/ },
  { who: 'rep-lin-xue', path: 'CALL', request: /^\/v1\/calls\/[^/?]+$/ },
  { who: 'rep-lin-xue', path: '/growth', request: /^\/v1\/reps\/[^/]+\/summary/ },
  { who: 'reviewer', path: '/reviews', request: /^\/v1\/appeals(\?|$)/ },
  // Both of the team page's main requests fail: its error state; one fails: the alert naming it.
  { who: 'manager', path: '/team', request: /^\/v1\/teams\/[^/]+\/(heatmap|metrics)/, times: 2 },
  { who: 'manager', path: '/team', request: /^\/v1\/teams\/[^/]+\/heatmap/ },
  { who: 'lexicon_editor', path: '/lexicons', request: /^\/v1\/lexicons\/[^/?]+$/ },
  { who: 'lexicon_editor', path: '/models', request: /^\/v1\/models\/second-stage(\?|$)/ },
  { who: 'admin', path: '/settings', request: /^\/v1\/privacy\/retention(\?|$)/ },
];
const ENGLISH_MESSAGE = 'English server message';
const CODES = Object.values(ErrorCode).map((code, i): [TErrorCode, (typeof ERROR_SITES)[number]] => [
  code,
  ERROR_SITES[i % ERROR_SITES.length]!,
]);

/** The error states a page can end in: a page's own, a card's alert, or on 401 sign-in's. */
const ERROR_STATE = [
  '[data-testid="load-error"]',
  '[data-testid="forbidden"]',
  '[data-testid="pending-api"]',
  '[data-testid="models-off"]',
  '[data-testid="session-ended"]',
  '[data-testid="partial-load-error"]',
  '.ant-alert-error',
].join(', ');
const CJK = /\p{Script=Han}/u;

describe.skipIf(missing !== null)(
  'no English and no ids where a user reads (every page of every role, every API error code)',
  { timeout: 300_000 },
  () => {
    const run = demoWithAppealAndBrowser();

    // One walk of every page and tab per role reads both: English words and ids.
    it.each(ROLE_PAGES)('%s: every page and tab', async (who, paths) => {
      const { context, page } = await signedIn(
        run.chrome.browser,
        run.demo.url,
        run.demo.tokens[who]!,
        DESKTOP,
      );
      const english: string[] = [];
      const ids: string[] = [];
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
        english.push(...(await englishOn(page, where)));
        const text = await readShownText(page);
        // The feedback pack names the lexicon versions it drew on.
        if (kind === 'pack') expect(text).toMatch(/词库版本 医疗器械 · 第 \d+ 版/);
        for (const re of ID_LIKE) for (const m of text.matchAll(re)) ids.push(`${where}: ${m[0]}`);
      });
      await context.close();
      expect(english).toEqual([]);
      expect(ids).toEqual([]);
    });

    it('reads the marked user content out, and only that (the check is not vacuous)', async () => {
      const { context, page } = await signedIn(
        run.chrome.browser,
        run.demo.url,
        run.demo.tokens['rep-lin-xue']!,
        DESKTOP,
      );
      await page.goto(`/calls/${run.callId}`);
      await page.getByTestId('call-appeals').waitFor();
      expect(await page.locator('[data-testid="turn"] [data-user-content]').count()).toBeGreaterThan(5);
      expect(await englishOn(page, 'call')).toEqual([]);
      // English in a speaker's words is theirs; English in the interface is a leak, in text or in an attribute.
      await page.evaluate(`(() => {
        document.querySelector('[data-testid="turn"] [data-user-content]').append(' please call me back ');
        const nav = document.querySelector('[data-testid="nav"]');
        nav.append(' Loading failed ');
        nav.setAttribute('aria-label', '主导航 menu');
        nav.setAttribute('title', 'Download report');
      })()`);
      expect((await englishOn(page, 'call')).map((f) => f.replace(/ in «.*»$/, ''))).toEqual([
        'call (text): Loading failed',
        'call (aria-label): menu',
        'call (title): Download report',
      ]);
      await context.close();
    });

    it.each(CODES)('%s, forced on %o, reads in Chinese', async (code, site) => {
      const { context, page } = await signedIn(
        run.chrome.browser,
        run.demo.url,
        run.demo.tokens[site.who]!,
        DESKTOP,
      );
      let forced = 0;
      await page.route(
        (url) => site.request.test(url.pathname + url.search),
        async (route) => {
          forced++;
          await route.fulfill({
            status: HTTP_STATUS[code],
            contentType: 'application/json',
            body: JSON.stringify({ error: { code, message: ENGLISH_MESSAGE } }),
          });
        },
        { times: site.times ?? 1 },
      );
      const path = site.path === 'CALL' ? `/calls/${run.callId}` : site.path;
      await page.goto(path);
      const state = page.locator(ERROR_STATE).first();
      await state.waitFor();
      await page.waitForLoadState('networkidle');
      expect(await state.textContent()).toMatch(CJK);
      expect(forced, `the page asked for ${site.request}`).toBe(site.times ?? 1);
      const shown = await readInterfaceText(page);
      expect(shown.map((s) => s.text).join('\n')).not.toContain(ENGLISH_MESSAGE);
      expect(await englishOn(page, `${path} ${code}`)).toEqual([]);
      await context.close();
    });
  },
);
