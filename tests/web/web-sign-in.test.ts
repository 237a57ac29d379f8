import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { SSO_REASONS } from '../../services/auth/sso-failure.js';
import { AppProviders } from '../../web/src/components/app-providers.js';
import { EnterpriseSignIn, ssoStartUrl } from '../../web/src/components/enterprise-sign-in.js';
import { SSO_ERROR_ZH, ssoErrorText } from '../../web/src/lib/sso-errors-zh.js';

const render = (el: ReactElement) => renderToStaticMarkup(createElement(AppProviders, null, el));

describe('enterprise sign-in on the sign-in page', () => {
  it('has a Chinese sentence for every reason the server refuses a sign-in with', () => {
    for (const reason of SSO_REASONS) {
      expect(SSO_ERROR_ZH[reason], reason).toBeDefined();
      expect(SSO_ERROR_ZH[reason]).toMatch(/[\u4e00-\u9fff]/);
      expect(SSO_ERROR_ZH[reason]).not.toMatch(/[A-Za-z]{2,}/);
    }
    expect(Object.keys(SSO_ERROR_ZH).sort()).toEqual([...SSO_REASONS].sort());
    expect(ssoErrorText('not_mapped')).toContain('不会自动创建账号');
    expect(ssoErrorText('something_new')).toBe('企业账号登录失败，请重新登录或联系管理员。');
  });

  it('offers a button per configured provider, keeping the page to return to', () => {
    const html = render(
      createElement(EnterpriseSignIn, {
        providers: [
          { id: 'oidc', issuer: 'https://id.corp.example' },
          { id: 'wecom', issuer: 'wecom:ww1' },
        ],
        next: '/calls/c-1',
        busy: false,
      }),
    );
    expect(html).toContain('企业账号登录');
    expect(html).toContain('企业微信扫码登录');
    expect(html).toContain('href="/v1/auth/oidc/start?next=%2Fcalls%2Fc-1"');
    expect(html).toContain('href="/v1/auth/wecom/start?next=%2Fcalls%2Fc-1"');
    const none = render(createElement(EnterpriseSignIn, { providers: [], next: null, busy: false }));
    expect(none).not.toContain('sso-providers');
    expect(none).not.toContain('登录');
  });

  it('never sends a sign-in back to another site', () => {
    expect(ssoStartUrl('oidc', 'https://evil.example/')).toBe('/v1/auth/oidc/start');
    expect(ssoStartUrl('oidc', '/signin')).toBe('/v1/auth/oidc/start');
    expect(ssoStartUrl('wecom', null)).toBe('/v1/auth/wecom/start');
  });
});
