import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeZip } from '../helpers/zip-writer.js';
import {
  apiAs,
  type BrowserSession,
  browserTestsSkipReason,
  chooseOption,
  DESKTOP,
  type Demo,
  launchBrowser,
  ROOT,
  screenshot,
  signedIn,
  startDemo,
} from './harness.js';

/** The browser's DataTransfer, used inside page.evaluate (tests compile without the DOM library). */
declare const DataTransfer: new () => { items: { add(file: File): void } };

const missing = browserTestsSkipReason();

interface ListItem {
  id: string;
  externalId: string;
  repId: string;
}

/**
 * 我的通话's bulk import in a real browser: a folder picked with the folder button (two vendor
 * transcripts and one corrupt file) goes through POST /v1/imports; the page shows the counts, the
 * failed file with its reason in Chinese and links to the imported calls.
 */
describe.skipIf(missing !== null)('bulk import of a folder in the browser', { timeout: 120_000 }, () => {
  let demo: Demo;
  let chrome: BrowserSession;
  let folder: string;

  beforeAll(async () => {
    [demo, chrome] = await Promise.all([startDemo(), launchBrowser()]);
    const base = join(ROOT, 'tests', 'e2e', '.tmp');
    mkdirSync(base, { recursive: true });
    folder = join(mkdtempSync(join(base, 'folder-')), '客户通话');
    mkdirSync(join(folder, '十一月'), { recursive: true });
    const fixtures = join(ROOT, 'tests', 'fixtures', 'import');
    copyFileSync(join(fixtures, 'alibaba', 'two-channel.json'), join(folder, '阿里云识别结果.json'));
    copyFileSync(
      join(fixtures, 'tencent', 'result-detail.json'),
      join(folder, '十一月', '腾讯云识别结果.json'),
    );
    writeFileSync(join(folder, '十一月', '损坏的文件.json'), '{"Result": {"Sentences": [');
  }, 120_000);
  afterAll(async () => {
    await chrome?.close();
    await demo?.stop();
    if (folder) rmSync(join(folder, '..'), { recursive: true, force: true });
  });

  it('a rep picks a folder: 2 imported, 1 failed with its reason, links to the calls; again: 2 duplicates', async () => {
    const token = demo.tokens['rep-lin-xue']!;
    const before = (await apiAs<{ items: ListItem[] }>(demo.url, token, '/v1/calls?limit=100')).body.items;
    const { context, page } = await signedIn(chrome.browser, demo.url, token, DESKTOP);
    await page.goto('/calls');
    // Closed, the bulk import adds no file input (the single upload's input stays the only one).
    await page.getByText('拖拽通话文件到这里，或点击选择').waitFor();
    expect(await page.locator('input[type=file]').count()).toBe(1);
    await page.getByTestId('bulk-import-toggle').click();
    await page.getByText('选择文件夹').waitFor();
    expect(await page.getByTestId('folder-input').getAttribute('webkitdirectory')).not.toBeNull();
    await page.getByTestId('folder-input').setInputFiles(folder);

    const counts = page.getByTestId('import-counts');
    await counts.getByText(/^导入完成/).waitFor({ timeout: 60_000 });
    expect(await counts.textContent()).toBe('导入完成：已导入 2 个，重复 0 个，失败 1 个（共 3 个文件）');
    const failures = page.getByTestId('import-failures');
    const failed = await failures.locator('.ant-list-item').allTextContents();
    expect(failed).toEqual(['客户通话/十一月/损坏的文件.json文件不是有效的 JSON（内容损坏或不完整）']);
    // What a user reads besides file names is Chinese.
    const reason = await failures.locator('.ant-list-item span[title]').textContent();
    expect(reason!.replace('JSON', '')).not.toMatch(/[A-Za-z]{2,}/);
    expect(await failures.locator('.ant-list-item span[title]').getAttribute('title')).toMatch(
      /^\[invalid_input\] malformed JSON/,
    );
    const links = page.getByTestId('import-calls').getByRole('link', { name: '查看通话' });
    expect(await links.count()).toBe(2);
    await screenshot(page, 'folder-import');

    // The new calls are the rep's, listed by the API, and each link opens one.
    const after = (await apiAs<{ items: ListItem[] }>(demo.url, token, '/v1/calls?limit=100')).body.items;
    const added = after.filter((c) => !before.some((b) => b.id === c.id));
    expect(added).toHaveLength(2);
    const me = (await apiAs<{ id: string }>(demo.url, token, '/v1/me')).body;
    expect(added.map((c) => c.repId)).toEqual([me.id, me.id]);
    const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(hrefs.sort()).toEqual(added.map((c) => `/calls/${c.id}`).sort());

    // The same folder again: nothing new, the corrupt file still reported.
    await page.getByTestId('folder-input').setInputFiles(folder);
    await counts.getByText('重复 2 个').waitFor({ timeout: 60_000 });
    expect(await counts.textContent()).toBe('导入完成：已导入 0 个，重复 2 个，失败 1 个（共 3 个文件）');

    await page.goto(hrefs[0]!);
    await page.getByTestId('timeline').waitFor();
    await context.close();
  });
  it('a zip dropped on the upload box goes to the bulk import; an entry outside the archive is refused with its reason', async () => {
    const zip = writeZip([
      {
        name: '火山引擎/识别结果.json',
        data: readFileSync(join(ROOT, 'tests', 'fixtures', 'import', 'volcengine', 'bigmodel.json')),
      },
      { name: '../越界.json', data: '{}' },
    ]);
    const { context, page } = await signedIn(chrome.browser, demo.url, demo.tokens['rep-lin-xue']!, DESKTOP);
    await page.goto('/calls');
    const box = page.getByText('拖拽通话文件到这里，或点击选择');
    await box.waitFor();
    expect(await page.getByTestId('folder-import').count()).toBe(0);
    const data = await page.evaluateHandle((b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], '通话导出.zip', { type: 'application/zip' }));
      return dt;
    }, zip.toString('base64'));
    await box.dispatchEvent('drop', { dataTransfer: data });
    const counts = page.getByTestId('import-counts');
    await counts.getByText(/^导入完成/).waitFor({ timeout: 60_000 });
    expect(await counts.textContent()).toBe('导入完成：已导入 1 个，重复 0 个，失败 1 个（共 2 个文件）');
    expect(await page.getByTestId('import-failures').locator('.ant-list-item').allTextContents()).toEqual([
      '../越界.json路径含 “..”（越出导入目录），已拒绝',
    ]);
    // The single upload list saw nothing: the drop went to the bulk import only.
    expect(await page.getByTestId('uploads').count()).toBe(0);
    expect(await page.getByTestId('import-calls').getByRole('link', { name: '查看通话' }).count()).toBe(1);
    await context.close();
  });
  it('a manager imports for a rep of the team, the rep and the time read from the file name', async () => {
    const dir = join(folder, '..', '主管导入');
    mkdirSync(dir, { recursive: true });
    copyFileSync(
      join(ROOT, 'tests', 'fixtures', 'import', 'iflytek', 'order-result.json'),
      join(dir, '20261101_rep-zhao-lei_13800000001.json'),
    );
    const zhao = demo.tokens['rep-zhao-lei']!;
    const before = (await apiAs<{ items: ListItem[] }>(demo.url, zhao, '/v1/calls?limit=100')).body.items;
    const { context, page } = await signedIn(chrome.browser, demo.url, demo.tokens.manager!, DESKTOP);
    await page.goto('/calls');
    await page.getByTestId('bulk-import-toggle').click();
    await chooseOption(
      page,
      page.getByTestId('import-name-format'),
      '日期_销售编号_客户电话（20261101_…_…）',
    );
    await page
      .getByTestId('files-input')
      .setInputFiles([join(dir, '20261101_rep-zhao-lei_13800000001.json')]);
    const counts = page.getByTestId('import-counts');
    await counts.getByText(/^导入完成/).waitFor({ timeout: 60_000 });
    expect(await counts.textContent()).toBe('导入完成：已导入 1 个，重复 0 个，失败 0 个（共 1 个文件）');
    // The phone number in the name is masked before anything shows or stores it.
    expect(await page.getByTestId('import-calls').locator('.ant-list-item').allTextContents()).toEqual([
      '20261101_rep-zhao-lei_***********.json查看通话',
    ]);
    await context.close();
    const after = (await apiAs<{ items: ListItem[] }>(demo.url, zhao, '/v1/calls?limit=100')).body.items;
    const added = after.filter((c) => !before.some((b) => b.id === c.id));
    expect(added).toHaveLength(1);
    const call = (await apiAs<{ call: { occurredAt: string } }>(demo.url, zhao, `/v1/calls/${added[0]!.id}`))
      .body;
    expect(call.call.occurredAt).toBe('2026-10-31T16:00:00.000Z');
  });
});
