/**
 * Web UI benchmark: `npm run build && npm run bench:web`.
 *
 * Everything is measured in Debian's Chromium (headless) against the real server: `tingjian start`
 * on a temp DATA_DIR, and one generated 300-utterance call stored through the API (POST /v1/calls
 * as the rep, scored by the pipeline), so sizes and times include the real JSON and the server's
 * real HTTP compression.
 *
 * 1. Transferred bytes, cold cache (a fresh browser context, CDP cache disabled): the sum of
 *    Network.loadingFinished.encodedDataLength over every response — bytes on the wire, headers
 *    included, after content coding.
 *    - first page: /signin, the rep types the token and signs in, 我的通话 listed. Target ≤ 200 KB.
 *    - call detail: the 300-utterance call opened by URL. Target ≤ 350 KB.
 * 2. Render time of that call detail, from navigation (performance.now() = 0 at the navigation's
 *    start) to the first frame painted with everything asked for:
 *    - desktop 1366×900: all 300 turns, the five scores and the radar. Target ≤ 1 s.
 *    - phone 375×812 (DPR 3, touch) with CDP Emulation.setCPUThrottlingRate 4: the first screen
 *      (five scores, coaching, radar; the transcript opens folded on a phone). Target ≤ 3 s. Also
 *      printed, same target: all 300 turns, unfolding the transcript as soon as its toggle exists.
 *    Each is the median of RUNS cold navigations (env BENCH_WEB_RUNS, default 3).
 * Prints tables and a final `BENCH_JSON {…}` line; targets are printed with PASS/MISS, never asserted.
 */
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import {
  createCleanups,
  envInt,
  printTable,
  round1,
  runWithCleanups,
  sleep,
  spawnNode,
  status,
  TARGET_TABLE_HEADER,
  tempDir,
} from './bench-support.js';
import { generateCall } from './call-generator.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const ROOT = [resolve(here, '..', '..'), resolve(here, '..')].find((d) =>
  existsSync(join(d, 'package.json')),
)!;
const WEB = join(ROOT, 'dist', 'web');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FIRST_PAGE_TARGET_KB = 200;
const CALL_DETAIL_TARGET_KB = 350;
const DESKTOP_TARGET_MS = 1000;
const PHONE_TARGET_MS = 3000;
const UTTERANCES = 300;
const RUNS = envInt('BENCH_WEB_RUNS', 3, 1);

const DESKTOP = { viewport: { width: 1366, height: 900 } };
const PHONE = {
  viewport: { width: 375, height: 812 },
  deviceScaleFactor: 3,
  isMobile: true,
  hasTouch: true,
};

/** One transferred response. */
interface Transfer {
  url: string;
  type: string;
  bytes: number;
  encoding: string;
  /** When it finished, in ms after the page's document was requested. */
  doneMs: number;
  /** When it was requested, in ms after the page's document was requested. */
  startMs: number;
}

/** A generated call of exactly 300 utterances, for the demo rep. */
function call300(repId: string) {
  for (let seed = 1; ; seed++) {
    const doc = generateCall(seed, 'medical_devices');
    if (doc.utterances.length < UTTERANCES) continue;
    return {
      ...doc,
      externalId: `bench-web-${UTTERANCES}`,
      repId,
      occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
      utterances: doc.utterances.slice(0, UTTERANCES),
    };
  }
}

async function api<T>(url: string, token: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** `tingjian start` on a fresh DATA_DIR; resolves with its URL and the printed tokens. */
async function startServer(
  cleanups: ReturnType<typeof createCleanups>,
): Promise<{ url: string; tokens: Record<string, string> }> {
  const dataDir = tempDir('tingjian-bench-web-', cleanups);
  const child = spawnNode('tingjian start', [join(ROOT, 'dist', 'bin', 'tingjian.js'), 'start'], {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
  });
  cleanups.add('stop tingjian start', () => child.stop());
  let out = '';
  child.child.stdout?.on('data', (b: Buffer) => {
    out += b.toString('utf8');
  });
  const deadline = Date.now() + 180_000;
  for (;;) {
    const url = /听见已启动：(http:\/\/[0-9.]+:\d+)/.exec(out)?.[1];
    if (url && /试试：/.test(out)) {
      const tokens: Record<string, string> = {};
      for (const m of out.matchAll(/^ {2}(\S+)\s+(tj_\S+)$/gm)) tokens[m[1]!] = m[2]!;
      return { url, tokens };
    }
    if (child.child.exitCode !== null) throw new Error(`tingjian start exited:\n${out}\n${child.output()}`);
    if (Date.now() > deadline) throw new Error(`tingjian start did not come up in 180 s:\n${out}`);
    await sleep(200);
  }
}

/** A fresh context (empty cache) whose page counts every transferred byte through CDP. */
async function openCounted(
  browser: Browser,
  baseURL: string,
  profile: typeof DESKTOP | typeof PHONE,
  options: { token?: string; cpuRate?: number } = {},
): Promise<{ context: BrowserContext; page: Page; transfers: Transfer[] }> {
  const context = await browser.newContext({ ...profile, locale: 'zh-CN', baseURL });
  if (options.token) {
    await context.addInitScript({
      content: `localStorage.setItem('tingjian.token', ${JSON.stringify(options.token)});`,
    });
  }
  // The moment the page first shows what was asked for, in performance.now() time (0 = navigation).
  await context.addInitScript({
    content: `(() => {
      const seen = {};
      window.__tjSeen = seen;
      const done = () => document.querySelector('[data-testid="dimension-scores"]') && document.querySelector('[data-testid="radar"] canvas');
      const check = () => {
        const t = performance.now();
        if (!seen.firstScreen && done() && document.querySelector('[data-testid="coaching"]')) {
          // The frame after this one has it painted.
          requestAnimationFrame(() => { seen.firstScreen = seen.firstScreen || t; });
        }
        if (!seen.allTurns && done() && document.querySelectorAll('[data-testid="turn"]').length >= ${UTTERANCES}) {
          requestAnimationFrame(() => { seen.allTurns = seen.allTurns || t; });
        }
        if (window.__tjUnfold && !seen.unfolded) {
          const toggle = document.querySelector('[data-testid="transcript-toggle"]');
          if (toggle && !document.querySelector('[data-testid="timeline"]')) { seen.unfolded = t; toggle.click(); }
        }
        if (!(seen.firstScreen && seen.allTurns)) requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    })();`,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (options.cpuRate) await cdp.send('Emulation.setCPUThrottlingRate', { rate: options.cpuRate });
  const responses = new Map<string, { url: string; type: string; encoding: string }>();
  const transfers: Transfer[] = [];
  // CDP timestamps are seconds on one monotonic clock; the navigation starts with the document.
  let navigationAt: number | null = null;
  const requestedAt = new Map<string, number>();
  cdp.on('Network.requestWillBeSent', (e) => {
    if (e.type === 'Document') navigationAt = e.timestamp;
    requestedAt.set(e.requestId, e.timestamp);
  });
  const sinceNavigation = (t: number) => Math.round((t - (navigationAt ?? t)) * 1000);
  cdp.on('Network.responseReceived', (e) => {
    const h = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]));
    responses.set(e.requestId, {
      url: e.response.url,
      type: e.type ?? 'Other',
      encoding: String(h['content-encoding'] ?? 'identity'),
    });
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = responses.get(e.requestId);
    if (r && !r.url.startsWith('data:'))
      transfers.push({
        ...r,
        bytes: e.encodedDataLength,
        doneMs: sinceNavigation(e.timestamp),
        startMs: sinceNavigation(requestedAt.get(e.requestId) ?? e.timestamp),
      });
  });
  cdp.on('Network.loadingFailed', (e) => {
    const r = responses.get(e.requestId);
    if (r)
      transfers.push({
        ...r,
        bytes: 0,
        encoding: `failed: ${e.errorText}`,
        doneMs: sinceNavigation(e.timestamp),
        startMs: sinceNavigation(requestedAt.get(e.requestId) ?? e.timestamp),
      });
  });
  return { context, page, transfers };
}

const kb = (bytes: number) => round1(bytes / 1024);
const sum = (ts: readonly Transfer[]) => ts.reduce((s, t) => s + t.bytes, 0);
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Settled: no request for 500 ms (the counts include every request the page makes on its own). */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await sleep(300);
}

async function firstPage(browser: Browser, url: string, token: string): Promise<Transfer[]> {
  const { context, page, transfers } = await openCounted(browser, url, DESKTOP);
  try {
    await page.goto('/signin');
    await page.getByTestId('token-input').fill(token);
    await page.getByTestId('sign-in').click();
    await page.getByRole('heading', { name: '我的通话' }).waitFor();
    await page.getByTestId('call-list').getByText('已评分').first().waitFor();
    await settle(page);
    return [...transfers];
  } finally {
    await context.close();
  }
}

interface DetailRun {
  transfers: Transfer[];
  firstScreenMs: number;
  allTurnsMs: number;
  turns: number;
}

async function callDetail(
  browser: Browser,
  url: string,
  token: string,
  callId: string,
  phone: boolean,
): Promise<DetailRun> {
  const { context, page, transfers } = await openCounted(browser, url, phone ? PHONE : DESKTOP, {
    token,
    ...(phone ? { cpuRate: 4 } : {}),
  });
  try {
    if (phone) await context.addInitScript({ content: 'window.__tjUnfold = true;' });
    await page.goto(`/calls/${callId}`);
    await page.waitForFunction('window.__tjSeen.firstScreen && window.__tjSeen.allTurns', undefined, {
      timeout: 60_000,
      polling: 100,
    });
    const seen = (await page.evaluate('window.__tjSeen')) as { firstScreen: number; allTurns: number };
    const turns = await page.locator('[data-testid="turn"]').count();
    await settle(page);
    return { transfers: [...transfers], firstScreenMs: seen.firstScreen, allTurnsMs: seen.allTurns, turns };
  } finally {
    await context.close();
  }
}

function printTransfers(title: string, ts: readonly Transfer[]): void {
  const byType = new Map<string, { n: number; bytes: number }>();
  for (const t of ts) {
    const row = byType.get(t.type) ?? { n: 0, bytes: 0 };
    row.n += 1;
    row.bytes += t.bytes;
    byType.set(t.type, row);
  }
  printTable(
    title,
    ['type', 'requests', 'KB transferred'],
    [...byType].map(([type, r]) => [type, String(r.n), String(kb(r.bytes))]),
  );
  const largest = [...ts].sort((a, b) => b.bytes - a.bytes).slice(0, 6);
  for (const t of largest) {
    console.log(
      `  ${String(kb(t.bytes)).padStart(7)} KB  ${t.encoding.padEnd(8)} ${new URL(t.url).pathname}`,
    );
  }
  const raw = ts.filter((t) => t.encoding === 'identity' && t.bytes > 2048);
  if (raw.length > 0)
    console.log(`  uncompressed over 2 KB: ${raw.map((t) => new URL(t.url).pathname).join(', ')}`);
}

/**
 * Where the time goes: the call's JSON requested and received, the last script received (median,
 * ms after navigation), printed and returned for BENCH_JSON.
 */
function printTimeline(desktop: DetailRun[], phone: DetailRun[], callId: string) {
  const arrived = (rs: DetailRun[], pick: (t: Transfer) => boolean, at: 'doneMs' | 'startMs' = 'doneMs') =>
    Math.round(median(rs.map((r) => Math.max(0, ...r.transfers.filter(pick).map((t) => t[at])))));
  const isView = (t: Transfer) => new URL(t.url).pathname === `/v1/calls/${callId}`;
  const isScript = (t: Transfer) => t.type === 'Script';
  const timeline = {
    desktop: {
      callJsonRequestedMs: arrived(desktop, isView, 'startMs'),
      callJsonMs: arrived(desktop, isView),
      lastScriptMs: arrived(desktop, isScript),
    },
    phone: {
      callJsonRequestedMs: arrived(phone, isView, 'startMs'),
      callJsonMs: arrived(phone, isView),
      lastScriptMs: arrived(phone, isScript),
    },
  };
  for (const [name, t] of Object.entries(timeline))
    console.log(
      `${name} (median, ms after navigation): call JSON requested ${t.callJsonRequestedMs}, received ${t.callJsonMs}; last script received ${t.lastScriptMs}`,
    );
  return timeline;
}

async function main(cleanups: ReturnType<typeof createCleanups>) {
  if (!existsSync(join(WEB, 'index.html'))) throw new Error('dist/web is not built: run npm run build');
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);
  const server = await startServer(cleanups);
  const [repName, token] = Object.entries(server.tokens).find(([k]) => k.startsWith('rep-'))!;
  const me = await api<{ id: string }>(server.url, token, '/v1/me');
  const submitted = await api<{ call: { id: string } }>(server.url, token, '/v1/calls', call300(me.id));
  const callId = submitted.call.id;
  const scoredBy = Date.now() + 180_000;
  for (;;) {
    const view = await api<{ call: { status: string }; utterances: unknown[] }>(
      server.url,
      token,
      `/v1/calls/${callId}`,
    );
    if (view.call.status === 'scored') {
      if (view.utterances.length !== UTTERANCES)
        throw new Error(`stored ${view.utterances.length} utterances`);
      break;
    }
    if (view.call.status === 'failed' || Date.now() > scoredBy)
      throw new Error(`the bench call is ${view.call.status}, not scored`);
    await sleep(300);
  }
  console.log(`server ${server.url}; ${repName}'s call ${callId}: ${UTTERANCES} utterances, scored`);
  // Times are only comparable at a similar load: say what the machine was doing.
  const load = loadavg().map((x) => round1(x));
  console.log(`machine: ${availableParallelism()} cores, load average ${load.join(' / ')} (1 / 5 / 15 min)`);

  const browser = await chromium.launch({
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
  });
  cleanups.add('close Chromium', () => browser.close());

  const first = await firstPage(browser, server.url, token);
  printTransfers(`first page (sign-in + 我的通话), cold cache: ${kb(sum(first))} KB`, first);
  // A warm-up navigation (the server compresses each file once and keeps it), then the cold runs.
  await callDetail(browser, server.url, token, callId, false);
  const desktop: DetailRun[] = [];
  const phone: DetailRun[] = [];
  for (let i = 0; i < RUNS; i++) desktop.push(await callDetail(browser, server.url, token, callId, false));
  for (let i = 0; i < RUNS; i++) phone.push(await callDetail(browser, server.url, token, callId, true));
  const detail = desktop[0]!.transfers;
  printTransfers(
    `call detail (${UTTERANCES} utterances, opened by URL), cold cache: ${kb(sum(detail))} KB`,
    detail,
  );

  const firstKb = kb(sum(first));
  const detailKb = kb(sum(detail));
  const desktopMs = Math.round(median(desktop.map((r) => r.allTurnsMs)));
  const phoneFirstMs = Math.round(median(phone.map((r) => r.firstScreenMs)));
  const phoneAllMs = Math.round(median(phone.map((r) => r.allTurnsMs)));
  const timeline = printTimeline(desktop, phone, callId);
  const runs = (rs: DetailRun[], k: 'firstScreenMs' | 'allTurnsMs') =>
    rs.map((r) => Math.round(r[k])).join(', ');
  printTable(`Web UI (median of ${RUNS} cold navigations; runs in brackets)`, TARGET_TABLE_HEADER, [
    [
      'first page transferred',
      `${firstKb} KB`,
      `≤ ${FIRST_PAGE_TARGET_KB} KB`,
      status(firstKb <= FIRST_PAGE_TARGET_KB),
    ],
    [
      'call detail transferred',
      `${detailKb} KB`,
      `≤ ${CALL_DETAIL_TARGET_KB} KB`,
      status(detailKb <= CALL_DETAIL_TARGET_KB),
    ],
    [
      `desktop: navigation → ${desktop[0]!.turns} turns + scores + radar`,
      `${desktopMs} ms [${runs(desktop, 'allTurnsMs')}]`,
      `≤ ${DESKTOP_TARGET_MS} ms`,
      status(desktopMs <= DESKTOP_TARGET_MS),
    ],
    [
      'phone 375 px, CPU 4×: navigation → first screen (scores, coaching, radar)',
      `${phoneFirstMs} ms [${runs(phone, 'firstScreenMs')}]`,
      `≤ ${PHONE_TARGET_MS} ms`,
      status(phoneFirstMs <= PHONE_TARGET_MS),
    ],
    [
      `phone 375 px, CPU 4×: navigation → ${phone[0]!.turns} turns (transcript unfolded)`,
      `${phoneAllMs} ms [${runs(phone, 'allTurnsMs')}]`,
      `≤ ${PHONE_TARGET_MS} ms`,
      status(phoneAllMs <= PHONE_TARGET_MS),
    ],
  ]);
  console.log(
    `BENCH_JSON ${JSON.stringify({
      firstPageKb: firstKb,
      callDetailKb: detailKb,
      requests: { firstPage: first.length, callDetail: detail.length },
      desktopAllTurnsMs: desktopMs,
      phoneFirstScreenMs: phoneFirstMs,
      phoneAllTurnsMs: phoneAllMs,
      runs: {
        desktop: desktop.map((r) => Math.round(r.allTurnsMs)),
        phoneFirstScreen: phone.map((r) => Math.round(r.firstScreenMs)),
        phoneAllTurns: phone.map((r) => Math.round(r.allTurnsMs)),
      },
      utterances: desktop[0]!.turns,
      received: timeline,
      cores: availableParallelism(),
      loadAverage: load,
    })}`,
  );
}

const cleanups = createCleanups();
runWithCleanups(() => main(cleanups), cleanups);
