import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

export const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(ROOT, 'docs', 'screenshots');

/** Why the browser tests cannot run here, or null. With REQUIRE_SERVICES=1 a reason fails the run. */
export function missingPrerequisite(): string | null {
  if (!existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM} (apt-get install -y chromium)`;
  if (!existsSync(join(ROOT, 'dist', 'bin', 'tingjian.js'))) return 'dist/ is not built (npm run build)';
  if (!existsSync(join(ROOT, 'dist', 'web', 'index.html')))
    return 'the web UI is not built (npm run build:web)';
  return null;
}

/**
 * What a browser test file skips for (null: it runs). With REQUIRE_SERVICES=1 (CI) a missing
 * prerequisite fails the file instead of skipping it.
 */
export function browserTestsSkipReason(): string | null {
  const missing = missingPrerequisite();
  if (missing && process.env.REQUIRE_SERVICES === '1') {
    throw new Error(`browser tests required (REQUIRE_SERVICES=1) but cannot run: ${missing}`);
  }
  if (missing) console.warn(`skipping browser tests: ${missing}`);
  return missing;
}

export interface Demo {
  url: string;
  tokens: Record<string, string>;
  dataDir: string;
  proc: ChildProcess;
  stop(): Promise<void>;
}

/**
 * `tingjian start --demo` (embedded default: PGlite, in-process workers, example calls, demo users) in a
 * fresh DATA_DIR on a free port; resolves once it printed its URL and tokens (examples scored).
 */
export async function startDemo(env: Record<string, string> = {}): Promise<Demo> {
  const base = join(ROOT, 'tests', 'e2e', '.tmp');
  mkdirSync(base, { recursive: true });
  const dataDir = mkdtempSync(join(base, 'data-'));
  const proc = spawn(process.execPath, [join(ROOT, 'dist', 'bin', 'tingjian.js'), 'start', '--demo'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stderr!.on('data', (b: Buffer) => {
    err += b.toString();
  });
  const ready = await new Promise<{ url: string; tokens: Record<string, string> }>(
    (resolvePromise, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`tingjian start did not come up in 90 s:\n${out}\n${err}`)),
        90_000,
      );
      proc.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`tingjian start exited with ${code}:\n${out}\n${err}`));
      });
      proc.stdout!.on('data', (b: Buffer) => {
        out += b.toString();
        const url = /听见已启动：(http:\/\/[0-9.]+:\d+)/.exec(out)?.[1];
        if (!url || !/试试：/.test(out)) return;
        const tokens: Record<string, string> = {};
        for (const m of out.matchAll(/^ {2}(\S+)\s+(tj_\S+)$/gm)) tokens[m[1]!] = m[2]!;
        clearTimeout(timer);
        resolvePromise({ url, tokens });
      });
    },
  );
  return {
    ...ready,
    dataDir,
    proc,
    async stop() {
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (proc.exitCode === null) proc.kill('SIGKILL');
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface BrowserSession {
  browser: Browser;
  userDataDir: string;
  close(): Promise<void>;
}

/**
 * Debian's Chromium, headless, no network besides loopback. Playwright itself launches it with a
 * fresh temporary --user-data-dir (it refuses one in `args`); TMPDIR points that at a folder of
 * ours, removed on close.
 */
export async function launchBrowser(): Promise<BrowserSession> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'tingjian-chromium-'));
  const previousTmp = process.env.TMPDIR;
  process.env.TMPDIR = userDataDir;
  const browser = await chromium
    .launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    })
    .finally(() => {
      if (previousTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previousTmp;
    });
  return {
    browser,
    userDataDir,
    async close() {
      await browser.close().catch(() => undefined);
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export const DESKTOP = { width: 1366, height: 900 };
export const PHONE = { width: 375, height: 812 };

/** A page signed in with `token` (the token goes where the UI keeps it, as after a sign-in). */
export async function signedIn(
  browser: Browser,
  baseUrl: string,
  token: string,
  viewport: { width: number; height: number } = DESKTOP,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', baseURL: baseUrl });
  // Runs in the page (a string: the test code is not compiled with the DOM library).
  await context.addInitScript({
    content: `if (!localStorage.getItem('tingjian.token')) localStorage.setItem('tingjian.token', ${JSON.stringify(token)});`,
  });
  const page = await context.newPage();
  // Fail with the locator that did not appear, before the test's own timeout.
  page.setDefaultTimeout(20_000);
  trackApi(page);
  return { context, page };
}

/**
 * The content requests of a page (API requests but the shell's): how many started, how many are in
 * flight, when that last changed.
 */
interface ApiTraffic {
  started: number;
  inFlight: number;
  changedAt: number;
}
const traffic = new WeakMap<Page, ApiTraffic>();

function trackApi(page: Page): void {
  const t: ApiTraffic = { started: 0, inFlight: 0, changedAt: Date.now() };
  traffic.set(page, t);
  // The shell's own requests (who is signed in, the demo's user list) are not a page's content.
  const isApi = (url: string) => {
    const path = new URL(url).pathname;
    return path.startsWith('/v1/') && path !== '/v1/me' && path !== '/v1/demo/users';
  };
  page.on('request', (r) => {
    if (!isApi(r.url())) return;
    t.started++;
    t.inFlight++;
    t.changedAt = Date.now();
  });
  const done = (r: { url(): string }) => {
    if (!isApi(r.url())) return;
    t.inFlight--;
    t.changedAt = Date.now();
  };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
}

/** How many content requests the page has started so far (pass it to {@link pageSettled}). */
export function apiRequestsStarted(page: Page): number {
  return traffic.get(page)?.started ?? 0;
}

/**
 * The page has loaded what it shows: it started a content request after `since` requests (a page
 * opened by `goto`: playwright's `networkidle` alone can fire on a loaded machine while the page's
 * script still runs, before it has asked for anything), none is in flight and none started or
 * ended for `quietMs`, and the network is idle. `asks: false` (a tab, which may have its content
 * already): no request needs to start, the page only has to stay quiet for `quietMs`.
 */
export async function pageSettled(
  page: Page,
  since: number,
  {
    quietMs = 500,
    timeoutMs = 20_000,
    asks = true,
  }: { quietMs?: number; timeoutMs?: number; asks?: boolean } = {},
): Promise<void> {
  const t = traffic.get(page);
  if (!t) throw new Error('pageSettled: open the page with signedIn()');
  const end = Date.now() + timeoutMs;
  while (!((!asks || t.started > since) && t.inFlight === 0 && Date.now() - t.changedAt >= quietMs)) {
    if (Date.now() > end)
      throw new Error(
        `the page did not settle: ${t.started - since} content requests started, ${t.inFlight} in flight`,
      );
    await new Promise((r) => setTimeout(r, 50));
  }
  await page.waitForLoadState('networkidle');
}

/**
 * Picks the option `label` of an antd Select and returns once the select shows it and its option
 * list is gone. On a loaded machine a click can land while the list is still opening or closing:
 * the choice is then not taken, or the list stays open over the fields below it (a CI run waited 20 s
 * for it to hide). So the pick is retried until the select shows the label, and a list left open
 * is closed by a click on the select itself (not Escape, which would also close a dialog).
 */
export async function chooseOption(
  page: Page,
  select: Locator,
  label: string,
  timeoutMs = 30_000,
): Promise<void> {
  const open = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden):visible');
  const exact = new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  const option = open.locator('.ant-select-item-option').filter({ hasText: exact });
  const end = Date.now() + timeoutMs;
  const pause = () => new Promise((r) => setTimeout(r, 250));
  while (!((await select.textContent()) ?? '').includes(label)) {
    if (Date.now() > end) throw new Error(`the select did not take the option ${label}`);
    if ((await open.count()) === 0) await select.click();
    await option
      .first()
      .click({ timeout: 5_000 })
      .catch(() => undefined);
    await pause();
  }
  for (let tries = 0; (await open.count()) > 0; tries++) {
    if (Date.now() > end) throw new Error(`the option list of ${label} stayed open`);
    // Give the closing animation a second before closing the list by hand.
    if (tries === 4 || tries === 20) await select.click();
    await pause();
  }
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false });
}

/** An API call as a given user (for checks beside the UI). */
export async function apiAs<T>(
  baseUrl: string,
  token: string,
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${token}`,
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body: body as T };
}

/**
 * Every page of every role, as its menu offers it ('CALL': a call page, with an appeal on it). The
 * browser checks of interface text (ids, English) walk these with `walkRolePages`.
 */
export const ROLE_PAGES: [string, string[]][] = [
  ['rep-lin-xue', ['/calls', 'CALL', '/growth']],
  ['reviewer', ['/reviews', '/calls', 'CALL']],
  ['manager', ['/calls', '/team']],
  ['lexicon_editor', ['/lexicons', '/models']],
  ['admin', ['/calls', '/reviews', '/lexicons', '/models', '/team', '/settings']],
];

/** One view `walkRolePages` shows: a page, one of its tabs, or the feedback pack a manager generates. */
export interface RoleView {
  kind: 'page' | 'tab' | 'pack';
  /** The entry of ROLE_PAGES ('CALL' for the call page); 'pack' for the feedback pack. */
  entry: string;
  /** Where, for a failure message: the path and the tab's name. */
  where: string;
}

/**
 * Opens each page in `paths` (`callId` stands for 'CALL'), waits for its requests to settle and
 * calls `onView`; then each further tab of the page (词库管理's terms, versions, change requests;
 * 系统设置's sections), and for a manager the feedback pack generated for 林雪 from the team page.
 */
export async function walkRolePages(
  page: Page,
  who: string,
  paths: string[],
  callId: string,
  onView: (view: RoleView) => Promise<void>,
): Promise<void> {
  for (const p of paths) {
    const path = p === 'CALL' ? `/calls/${callId}` : p;
    const since = apiRequestsStarted(page);
    await page.goto(path);
    await page.getByTestId('nav').waitFor();
    await pageSettled(page, since);
    if (p === 'CALL') await page.getByTestId('call-appeals').waitFor();
    await onView({ kind: 'page', entry: p, where: path });
    const tabs = page.getByRole('tab');
    if (p === '/lexicons' && (await tabs.count()) < 3) throw new Error('the lexicon page shows no tabs');
    for (let i = 1; i < (await tabs.count()); i++) {
      const name = (await tabs.nth(i).textContent()) ?? '';
      const before = apiRequestsStarted(page);
      await tabs.nth(i).click();
      await pageSettled(page, before, { asks: false, quietMs: 800 });
      await onView({ kind: 'tab', entry: p, where: `${path} ${name}` });
    }
  }
  if (who === 'manager') {
    await chooseOption(page, page.getByTestId('rep-select'), '林雪');
    const before = apiRequestsStarted(page);
    await page.getByTestId('generate-pack').click();
    await page.getByTestId('feedback-pack').waitFor();
    await pageSettled(page, before);
    await onView({ kind: 'pack', entry: 'pack', where: page.url() });
  }
}

/**
 * The demo with an appeal waiting for the reviewer on 林雪's call demo-med-001 (it shows on the
 * call page's 申诉记录 and in 申诉复核); resolves with that call's id.
 */
export async function fileDemoAppeal(demo: Demo): Promise<string> {
  const rep = demo.tokens['rep-lin-xue']!;
  const list = await apiAs<{ items: { id: string; externalId: string }[] }>(demo.url, rep, '/v1/calls');
  const callId = list.body.items.find((c) => c.externalId === 'demo-med-001')!.id;
  const filed = await apiAs(demo.url, rep, `/v1/calls/${callId}/appeals`, {
    method: 'POST',
    body: { target: 'speaker', utteranceId: 'u2', proposedSpeaker: 'rep', reason: '这句是我说的' },
  });
  if (filed.status !== 201) throw new Error(`filing the demo appeal answered ${filed.status}`);
  return callId;
}

/**
 * For a describe block: the demo (with the appeal of {@link fileDemoAppeal}) and a browser, started
 * before its tests and stopped after them. Read the fields inside the tests.
 */
export function demoWithAppealAndBrowser(): { demo: Demo; chrome: BrowserSession; callId: string } {
  const held = {} as { demo: Demo; chrome: BrowserSession; callId: string };
  beforeAll(async () => {
    [held.demo, held.chrome] = await Promise.all([startDemo(), launchBrowser()]);
    held.callId = await fileDemoAppeal(held.demo);
  }, 180_000);
  afterAll(async () => {
    await held.chrome?.close();
    await held.demo?.stop();
  });
  return held;
}
