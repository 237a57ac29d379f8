import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../bin/config.js';
import { safeReturnTo } from '../../services/auth/sso.service.js';

const OIDC = {
  OIDC_ISSUER: 'https://id.corp.example/realms/sales',
  OIDC_CLIENT_ID: 'tingjian',
  OIDC_CLIENT_SECRET: 's3cret',
  OIDC_REDIRECT_URI: 'https://tingjian.corp.example/v1/auth/oidc/callback',
};

describe('enterprise sign-in configuration', () => {
  it('is off by default, with a 30 s clock tolerance and a 5 minute state once on', () => {
    expect(loadConfig({}).OIDC_ISSUER).toBeUndefined();
    expect(loadConfig(OIDC)).toMatchObject({
      ...OIDC,
      OIDC_MAPPING_CLAIM: 'sub',
      OIDC_CLOCK_TOLERANCE_SEC: 30,
      SSO_STATE_TTL_SEC: 300,
      WECOM_API_BASE: 'https://qyapi.weixin.qq.com',
    });
  });

  it('names every variable missing from a half-set group, with the other problems', () => {
    expect(() =>
      loadConfig({ OIDC_ISSUER: OIDC.OIDC_ISSUER, WECOM_CORP_ID: 'ww1', WECOM_SECRET: 'x', PORT: 'abc' }),
    ).toThrow(
      'invalid configuration:\n' +
        '  PORT: Invalid input: expected number, received NaN\n' +
        '  OIDC_CLIENT_ID: required with OIDC_ISSUER (set all of OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URI, or none)\n' +
        '  OIDC_CLIENT_SECRET: required with OIDC_ISSUER (set all of OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URI, or none)\n' +
        '  OIDC_REDIRECT_URI: required with OIDC_ISSUER (set all of OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URI, or none)\n' +
        '  WECOM_AGENT_ID: required with WECOM_CORP_ID, WECOM_SECRET (set all of WECOM_CORP_ID, WECOM_AGENT_ID, WECOM_SECRET, WECOM_REDIRECT_URI, or none)\n' +
        '  WECOM_REDIRECT_URI: required with WECOM_CORP_ID, WECOM_SECRET (set all of WECOM_CORP_ID, WECOM_AGENT_ID, WECOM_SECRET, WECOM_REDIRECT_URI, or none)',
    );
  });

  it('takes a plain-http issuer only on a loopback host, and a small clock tolerance only', () => {
    expect(() => loadConfig({ ...OIDC, OIDC_ISSUER: 'http://id.corp.example' })).toThrow(
      'OIDC_ISSUER: must be an https:// URL (http:// only on a loopback host)',
    );
    expect(loadConfig({ ...OIDC, OIDC_ISSUER: 'http://127.0.0.1:8080' }).OIDC_ISSUER).toBe(
      'http://127.0.0.1:8080',
    );
    expect(() => loadConfig({ ...OIDC, OIDC_CLOCK_TOLERANCE_SEC: '3600' })).toThrow(
      'OIDC_CLOCK_TOLERANCE_SEC',
    );
    expect(() => loadConfig({ ...OIDC, OIDC_MAPPING_CLAIM: 'e mail' })).toThrow('OIDC_MAPPING_CLAIM');
  });

  it('returns after sign-in only to a page of this site', () => {
    expect(safeReturnTo('/calls/c-1?tab=2')).toBe('/calls/c-1?tab=2');
    for (const bad of [
      'https://evil.example',
      '//evil.example',
      '/\\evil.example',
      'calls',
      '/signin',
      '/a\nb',
      null,
    ])
      expect(safeReturnTo(bad), String(bad)).toBeNull();
  });
});
