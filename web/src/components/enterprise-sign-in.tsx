import { useEffect, useState } from 'react';
import { api } from '../lib/api';
import type { SsoProviderList } from '../lib/api-shapes';
import { SSO_PROVIDER_ZH } from '../lib/sso-errors-zh';
import { buttonClass } from './ui/button';

/** A provider the server has configured (GET /v1/auth/providers). */
export type SsoProviderInfo = SsoProviderList['providers'][number];

/** The enterprise sign-in providers of this server; none while loading or when it offers none. */
export function useSsoProviders(): SsoProviderInfo[] {
  const [providers, setProviders] = useState<SsoProviderInfo[]>([]);
  useEffect(() => {
    api<SsoProviderList>('/v1/auth/providers', { token: null })
      .then((r) => setProviders(r.providers))
      .catch(() => setProviders([]));
  }, []);
  return providers;
}

/** The address that starts a sign-in at a provider, returning to `next` afterwards. */
export function ssoStartUrl(provider: string, next: string | null): string {
  const q = next?.startsWith('/') && next !== '/signin' ? `?next=${encodeURIComponent(next)}` : '';
  return `/v1/auth/${encodeURIComponent(provider)}/start${q}`;
}

/** One button per configured provider: 企业账号登录 (OpenID Connect), 企业微信扫码登录. */
export function EnterpriseSignIn({
  providers,
  next,
  busy,
}: {
  providers: readonly SsoProviderInfo[];
  next: string | null;
  busy: boolean;
}) {
  if (providers.length === 0) return null;
  // Links drawn as buttons: each starts a full-page visit to the provider.
  return (
    <div className="tj-sso" data-testid="sso-providers">
      {providers.map((p) => (
        <a
          key={p.id}
          className={buttonClass({ size: 'large', block: true })}
          href={busy ? undefined : ssoStartUrl(p.id, next)}
          aria-disabled={busy || undefined}
          data-testid={`sso-${p.id}`}
        >
          {SSO_PROVIDER_ZH[p.id] ?? '企业账号登录'}
        </a>
      ))}
    </div>
  );
}
