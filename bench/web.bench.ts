/**
 * Web UI benchmark: `npm run build && npm run bench:web`.
 *
 * 1. Bundle size: from Vite's manifest (dist/web/.vite/manifest.json), the JavaScript each page
 *    needs — the entry and its static imports, plus the page chunk and its static imports — gzip-
 *    compressed (level 9, as a server would send it). "First page" is what a rep downloads on
 *    opening the app: the entry (sign-in) plus 我的通话. Target: ≤ 400 KB gzip.
 * 2. Render time, in Debian's Chromium (headless): `tingjian start` on a temp DATA_DIR, a rep signed
 *    in, and a call detail with 300 utterances and 150 findings (a generated view in the API's
 *    exact shape, answered for one call id by request interception, so the counts are exact).
 *    Timed from the client-side navigation to the first frame painted with all 300 turns, the
 *    highlights and the radar: cold (page chunk and JSON not cached) and warm (median of 5).
 *    Target: ≤ 1 s.
 * Prints a table and a final `BENCH_JSON {…}` line; targets are printed with PASS/MISS, never asserted.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

// Globals of the page inside page.evaluate (this file is compiled without the DOM library).
declare const document: {
  querySelectorAll(s: string): { length: number };
  querySelector(s: string): unknown;
};
declare const history: { pushState(state: unknown, title: string, url: string): void };
declare function dispatchEvent(e: unknown): boolean;
declare const PopStateEvent: new (type: string) => unknown;
declare function requestAnimationFrame(cb: () => void): number;

const here = fileURLToPath(new URL('.', import.meta.url));
const ROOT = [resolve(here, '..', '..'), resolve(here, '..')].find((d) =>
  existsSync(join(d, 'package.json')),
)!;
const WEB = join(ROOT, 'dist', 'web');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FIRST_PAGE_TARGET_KB = 400;
const RENDER_TARGET_MS = 1000;

interface ManifestEntry {
  file: string;
  name?: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

function closure(
  manifest: Record<string, ManifestEntry>,
  key: string,
  seen = new Set<string>(),
): Set<string> {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const dep of manifest[key]?.imports ?? []) closure(manifest, dep, seen);
  return seen;
}

const gzipKb = (files: Iterable<string>) => {
  let bytes = 0;
  let raw = 0;
  for (const f of files) {
    const buf = readFileSync(join(WEB, f));
    raw += buf.length;
    bytes += gzipSync(buf, { level: 9 }).length;
  }
  return { gzipKb: Math.round((bytes / 1024) * 10) / 10, rawKb: Math.round((raw / 1024) * 10) / 10 };
};

function bundleSizes() {
  const manifest = JSON.parse(readFileSync(join(WEB, '.vite', 'manifest.json'), 'utf8')) as Record<
    string,
    ManifestEntry
  >;
  const entryKey = Object.keys(manifest).find((k) => manifest[k]!.isEntry)!;
  const entryFiles = new Set([...closure(manifest, entryKey)].map((k) => manifest[k]!.file));
  const rows: { page: string; total: ReturnType<typeof gzipKb>; own: ReturnType<typeof gzipKb> }[] = [
    { page: 'entry (登录)', total: gzipKb(entryFiles), own: gzipKb(entryFiles) },
  ];
  const names: Record<string, string> = {
    'my-calls': '我的通话',
    'call-detail': '通话详情',
    reviews: '申诉复核',
    lexicons: '词库管理',
    team: '团队',
    'feedback-pack': '反馈包',
  };
  for (const key of manifest[entryKey]!.dynamicImports ?? []) {
    const files = new Set([...closure(manifest, key)].map((k) => manifest[k]!.file));
    const own = [...files].filter((f) => !entryFiles.has(f));
    const slug = /pages\/(.+)\.page\.tsx$/.exec(key)?.[1] ?? key;
    rows.push({
      page: `${names[slug] ?? slug}`,
      total: gzipKb(new Set([...entryFiles, ...files])),
      own: gzipKb(own),
    });
  }
  return rows;
}

/** 300 utterances, 150 findings spread over them, in the shape of GET /v1/calls/:id. */
function syntheticView(callId: string, repId: string, teamId: string | null) {
  const reps = [
    '您好，我是瑞康医疗的小林，今天想跟您聊聊腔镜手术系统的升级，您现在方便吗？',
    '咱们科室现在一年大概做多少台腔镜手术？主要是哪些术式？',
    '明白，您的意思是现在的设备清晰度不够，影响了手术效率，对吧？',
    '我们的新一代系统支持4K成像，东川市人民医院用了以后手术时间平均缩短二十分钟。',
    '那我下周三上午带工程师过去看一下现场，再给您出方案，可以吗？',
  ];
  const customers = [
    '我们手术室空间限制挺大的，老设备还没撤，新的摆不进去。',
    '价格太贵了，今年预算已经用得差不多了。',
    '这个事情我一个人定不了，要设备科和院长一起看。',
    '你们的售后响应速度怎么样？坏了多久能修好？',
    '好的，下周三上午我在科室。',
  ];
  const labels = [
    ['opening', 'opening.intro+purpose+permission', '我是'],
    ['question.open', 'question.wh', '多少'],
    ['restatement', 'restatement.marker', '您的意思是'],
    ['solution', 'solution.product', '4K'],
    ['next_step', 'next_step.dated', '下周三'],
    ['need.implicit', 'need.industry-term', '手术室空间限制'],
    ['objection.price', 'objection.lexicon', '太贵'],
    ['objection.authority', 'objection.lexicon', '定不了'],
    ['question', 'question.wh', '怎么样'],
    ['need.explicit', 'need.marker', '我们'],
  ] as const;
  const utterances = Array.from({ length: 300 }, (_, i) => {
    const rep = i % 2 === 0;
    const text = (rep ? reps : customers)[Math.floor(i / 2) % 5]!;
    return {
      id: `u${i + 1}`,
      speaker: rep ? 'rep' : 'customer',
      start: i * 6000,
      end: i * 6000 + 5200,
      text,
    };
  });
  const findings = Array.from({ length: 150 }, (_, k) => {
    const u = utterances[k * 2 + (k % 2)]!;
    const [label, rule, term] = labels[((k % 2) * 5 + Math.floor(k / 2)) % 10]!;
    const chars = Array.from(u.text);
    const at = u.text.indexOf(term);
    const start = at >= 0 ? Array.from(u.text.slice(0, at)).length : 0;
    const end = at >= 0 ? start + Array.from(term).length : Math.min(chars.length, 8);
    return {
      id: `f-${String(k).padStart(16, '0')}`,
      label,
      rule,
      term,
      utteranceId: u.id,
      span: [start, end],
      confidence: 0.85,
      lexiconVersion: 'medical_devices@1+bench',
      ...(label === 'need.implicit' ? { identified: k % 3 === 0, identifiedBy: null } : {}),
      ...(label.startsWith('objection.')
        ? { resolved: k % 2 === 0, techniques: k % 2 === 0 ? ['acknowledge'] : [] }
        : {}),
    };
  });
  const dims = [
    'lead_activation',
    'need_diagnosis',
    'solution_presentation',
    'objection_handling',
    'closing',
  ];
  return {
    call: {
      id: callId,
      externalId: 'bench-300',
      repId,
      teamId,
      industry: 'medical_devices',
      occurredAt: '2026-11-02T02:00:00.000Z',
      customer: { name: '基准客户', company: '基准测试医院' },
      source: 'transcript',
      status: 'scored',
      failureReason: null,
      revision: 1,
      lexiconVersion: 'medical_devices@1+bench',
      scorecardVersion: 'medical_devices@1+bench',
      total: 72,
      tags: ['price_sensitive', 'long_decision_chain'],
    },
    utterances,
    analysis: {
      revision: 1,
      lexiconVersion: 'medical_devices@1+bench',
      scorecardVersion: 'medical_devices@1+bench',
      total: 72,
      tags: ['price_sensitive', 'long_decision_chain'],
      metrics: { talkRatio: 0.55 },
      findings,
      scoreItems: dims.flatMap((d, i) =>
        Array.from({ length: 3 }, (_, j) => ({
          id: `${d}-${j}`,
          dimension: d,
          label: `评分项 ${i + 1}-${j + 1}`,
          metric: 'question_count',
          source: 'bench',
          value: 1,
          target: 1,
          score: 60 + i * 5 + j,
          weight: 1,
          findingIds: findings.slice(i * 30 + j * 10, i * 30 + j * 10 + 10).map((f) => f.id),
        })),
      ),
      dimensions: Object.fromEntries(dims.map((d, i) => [d, 60 + i * 7])),
    },
  };
}

async function startDemo(
  dataDir: string,
): Promise<{ proc: ChildProcess; url: string; tokens: Record<string, string> }> {
  const proc = spawn(process.execPath, [join(ROOT, 'dist', 'bin', 'tingjian.js'), 'start'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`tingjian start did not come up:\n${out}`)), 90_000);
    proc.on('exit', (code) => reject(new Error(`tingjian start exited with ${code}:\n${out}`)));
    proc.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const url = /听见已启动：(http:\/\/[0-9.]+:\d+)/.exec(out)?.[1];
      if (!url || !/试试：/.test(out)) return;
      clearTimeout(timer);
      const tokens: Record<string, string> = {};
      for (const m of out.matchAll(/^ {2}(\S+)\s+(tj_\S+)$/gm)) tokens[m[1]!] = m[2]!;
      resolvePromise({ proc, url, tokens });
    });
  });
}

async function renderTimes(): Promise<{ coldMs: number; warmMs: number[]; turns: number; marks: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tingjian-bench-web-'));
  const demo = await startDemo(dataDir);
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
  try {
    const token = Object.entries(demo.tokens).find(([k]) => k.startsWith('rep-'))![1];
    const me = (await (
      await fetch(`${demo.url}/v1/me`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as {
      id: string;
      teamId: string | null;
    };
    const callId = 'call-bench300';
    const body = JSON.stringify(syntheticView(callId, me.id, me.teamId));
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, baseURL: demo.url });
    await context.addInitScript({
      content: `localStorage.setItem('tingjian.token', ${JSON.stringify(token)});`,
    });
    const page = await context.newPage();
    await page.route(`**/v1/calls/${callId}`, (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body }),
    );
    await page.goto('/calls');
    await page.getByRole('heading', { name: '我的通话' }).waitFor();
    const measure = () =>
      page.evaluate(async (id: string) => {
        const t0 = performance.now();
        history.pushState({}, '', `/calls/${id}`);
        dispatchEvent(new PopStateEvent('popstate'));
        await new Promise<void>((done) => {
          const check = () => {
            const turns = document.querySelectorAll('[data-testid="turn"]').length;
            const radar = document.querySelector('[data-testid="radar"] canvas');
            if (turns === 300 && radar) done();
            else requestAnimationFrame(check);
          };
          check();
        });
        // The frame with all of it painted.
        await new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())));
        return performance.now() - t0;
      }, callId);
    const back = async () => {
      await page.evaluate(() => {
        history.pushState({}, '', '/calls');
        dispatchEvent(new PopStateEvent('popstate'));
      });
      await page.getByRole('heading', { name: '我的通话' }).waitFor();
    };
    const coldMs = await measure();
    const turns = await page.locator('[data-testid="turn"]').count();
    const marks = await page.locator('mark[data-finding]').count();
    const warmMs: number[] = [];
    for (let i = 0; i < 5; i++) {
      await back();
      warmMs.push(await measure());
    }
    return { coldMs, warmMs, turns, marks };
  } finally {
    await browser.close();
    demo.proc.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  if (!existsSync(join(WEB, '.vite', 'manifest.json')))
    throw new Error('dist/web is not built: run npm run build');
  const sizes = bundleSizes();
  console.log('Web UI bundle (JavaScript per page, gzip level 9)');
  console.log(
    'page'.padEnd(16),
    'total gzip KB'.padStart(14),
    'own gzip KB'.padStart(12),
    'own raw KB'.padStart(11),
  );
  for (const r of sizes)
    console.log(
      r.page.padEnd(16),
      String(r.total.gzipKb).padStart(14),
      String(r.own.gzipKb).padStart(12),
      String(r.own.rawKb).padStart(11),
    );
  const first = sizes.find((r) => r.page === '我的通话')!;
  console.log(
    `first page (entry + 我的通话): ${first.total.gzipKb} KB gzip — target ≤ ${FIRST_PAGE_TARGET_KB} KB: ${first.total.gzipKb <= FIRST_PAGE_TARGET_KB ? 'PASS' : 'MISS'}`,
  );
  let render: Awaited<ReturnType<typeof renderTimes>> | null = null;
  if (existsSync(CHROMIUM)) {
    render = await renderTimes();
    const sorted = [...render.warmMs].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    console.log(
      `call detail, ${render.turns} utterances / 150 findings (${render.marks} highlighted spans): cold ${Math.round(render.coldMs)} ms, warm median ${Math.round(median)} ms (runs ${render.warmMs.map((x) => Math.round(x)).join(', ')}) — target ≤ ${RENDER_TARGET_MS} ms: ${render.coldMs <= RENDER_TARGET_MS ? 'PASS' : 'MISS'}`,
    );
  } else {
    console.log(`render time: skipped, no Chromium at ${CHROMIUM}`);
  }
  console.log(
    `BENCH_JSON ${JSON.stringify({
      bundles: sizes.map((r) => ({ page: r.page, totalGzipKb: r.total.gzipKb, ownGzipKb: r.own.gzipKb })),
      firstPageGzipKb: first.total.gzipKb,
      render: render && {
        coldMs: Math.round(render.coldMs),
        warmMs: render.warmMs.map((x) => Math.round(x)),
        utterances: render.turns,
        highlightedSpans: render.marks,
      },
    })}`,
  );
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
