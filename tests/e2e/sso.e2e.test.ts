import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webRoutes } from '../../api/web-static.js';
import { loadConfig } from '../../bin/config.js';
import { buildService, type Service } from '../../bin/service.js';
import { startTestOidcProvider, type TestOidcProvider } from '../helpers/oidc-provider.js';
import { stopTestService } from '../helpers/services.js';
import { type BrowserSession, CHROMIUM, DESKTOP, launchBrowser, ROOT } from './harness.js';

/** The built web UI: dist/web (`npm run build:web`), or another build named by TINGJIAN_E2E_WEB_DIR. */
const WEB_DIR = process.env.TINGJIAN_E2E_WEB_DIR ?? join(ROOT, 'dist', 'web');
const missing = !existsSync(CHROMIUM)
  ? `no Chromium at ${CHROMIUM}`
  : !existsSync(join(WEB_DIR, 'index.html'))
    ? `the web UI is not built in ${WEB_DIR} (npm run build:web)`
    : null;
if (missing && process.env.REQUIRE_SERVICES === '1')
  throw new Error(`browser tests required (REQUIRE_SERVICES=1) but cannot run: ${missing}`);
if (missing) console.warn(`skipping the enterprise sign-in browser test: ${missing}`);

/**
 * 企业账号登录 in a real browser: the sign-in page's button, the real OpenID provider's redirects,
 * the callback and the ticket, and the rep lands on 我的通话; an unmapped identity comes back to
 * the sign-in page with the Chinese reason.
 */
describe.skipIf(missing !== null)('enterprise sign-in in a real browser', { timeout: 90_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'tingjian-sso-e2e-'));
  let server: Server;
  let base = '';
  let op: TestOidcProvider;
  let svc: Service;
  let chrome: BrowserSession;

  beforeAll(async () => {
    const outer = express();
    server = createServer(outer);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    op = await startTestOidcProvider({
      redirectUri: `${base}/v1/auth/oidc/callback`,
      accounts: {
        'lin-sub': { email: 'lin@corp.example', email_verified: true, name: '林雪' },
        'nobody-sub': { email: 'nobody@corp.example', email_verified: true, name: '无名' },
      },
    });
    [svc, chrome] = await Promise.all([
      buildService(
        loadConfig({
          DATA_DIR: dir,
          LOG_LEVEL: 'silent',
          SECOND_STAGE_MODEL: 'off',
          OIDC_ISSUER: op.issuer,
          OIDC_CLIENT_ID: op.clientId,
          OIDC_CLIENT_SECRET: op.clientSecret,
          OIDC_REDIRECT_URI: `${base}/v1/auth/oidc/callback`,
        }),
        { role: 'serve' },
      ),
      launchBrowser(),
    ]);
    outer.use(webRoutes(WEB_DIR));
    outer.use(svc.app({}));
    const lin = await svc.users.createUser({ name: '林雪', roles: ['rep'], externalId: 'rep-lin' });
    await svc.sso!.addIdentity(null, { userRef: lin.id, provider: 'oidc', claim: 'sub', value: 'lin-sub' });
  }, 90_000);

  afterAll(async () => {
    await chrome?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await stopTestService(svc);
    await op?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('signs a mapped rep in through the provider and opens 我的通话', async () => {
    const context = await chrome.browser.newContext({ viewport: DESKTOP });
    const page = await context.newPage();
    await page.goto(`${base}/signin`);
    op.loginAs('lin-sub');
    await page.getByTestId('sso-oidc').click();
    await page.waitForURL(`${base}/calls`);
    const token = await page.evaluate<string | null>("localStorage.getItem('tingjian.token')");
    expect(token).toMatch(/^tj_/);
    await expect.poll(() => page.textContent('body')).toContain('林雪');
    await context.close();
  });

  it('brings an unmapped identity back to the sign-in page with the reason in Chinese', async () => {
    const context = await chrome.browser.newContext({ viewport: DESKTOP });
    const page = await context.newPage();
    await page.goto(`${base}/signin`);
    op.loginAs('nobody-sub');
    await page.getByTestId('sso-oidc').click();
    const alert = page.getByTestId('sso-error');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('你的企业账号尚未关联本系统的用户，系统不会自动创建账号。');
    // The reason left the address bar: a refresh does not show it again.
    expect(new URL(page.url()).search).toBe('');
    expect(await page.evaluate<string | null>("localStorage.getItem('tingjian.token')")).toBeNull();
    await context.close();
  });
});
