import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ssoCommand } from '../../bin/commands/sso.command.js';
import { loadConfig } from '../../bin/config.js';
import { buildService } from '../../bin/service.js';

/** `tingjian sso map|list|unmap` on the embedded database: the admin's mappings without the API. */
describe('tingjian sso', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tingjian-sso-cli-'));
  const config = loadConfig({
    DATA_DIR: dir,
    LOG_LEVEL: 'silent',
    SECOND_STAGE_MODEL: 'off',
    WECOM_CORP_ID: 'wwcli',
    WECOM_AGENT_ID: '1000003',
    WECOM_SECRET: 'secret-for-the-cli-test',
    WECOM_REDIRECT_URI: 'https://tingjian.example.com/v1/auth/wecom/callback',
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('maps a WeCom userid to an existing user, lists it, unmaps it', async () => {
    const svc = await buildService(config, { role: 'serve' });
    await svc.users.createUser({ id: 'user-lin', name: '林雪', roles: ['rep'], externalId: 'rep-lin' });
    await svc.close();

    const lines: string[] = [];
    const out = (line: string) => lines.push(line);
    expect(await ssoCommand(['map', 'rep-lin', 'wecom', 'LinXue'], config, out)).toBe(0);
    expect(lines[0]).toMatch(/^已关联：wecom:wwcli sub=LinXue → user-lin（ext-[0-9a-f]{12}）$/);
    const id = /（(ext-[0-9a-f]{12})）/.exec(lines[0]!)![1]!;
    await expect(ssoCommand(['map', 'nobody', 'wecom', 'X'], config, out)).rejects.toThrow(
      'user nobody not found',
    );

    lines.length = 0;
    expect(await ssoCommand(['list'], config, out)).toBe(0);
    expect(lines).toEqual([`${id}  user-lin  wecom:wwcli  sub=LinXue  最近登录 —`]);

    lines.length = 0;
    expect(await ssoCommand(['unmap', id], config, out)).toBe(0);
    expect(await ssoCommand(['list', 'rep-lin'], config, out)).toBe(0);
    expect(lines).toEqual(['已解除关联：wecom:wwcli sub=LinXue → user-lin', '（没有关联的企业账号）']);
  }, 120_000);
});
