import { AppError, ErrorCode } from '../../models/errors.js';
import { SSO_PROVIDERS, type SsoProvider } from '../../services/auth/sso.service.js';
import type { Config } from '../config.js';
import { buildService } from '../service.js';

const USAGE =
  'usage: tingjian sso list [user] | map <user> <oidc|wecom> [<claim>=]<value> | unmap <mapping-id>';

/**
 * `tingjian sso …`: an admin's identity mappings from the command line (the same rules and audit
 * as POST /v1/sso/identities): `map rep-lin oidc sub=00u1ab`, `map rep-lin oidc email=lin@corp.cn`,
 * `map rep-lin wecom LinXue` (a WeCom userid).
 */
export async function ssoCommand(
  args: string[],
  config: Config,
  out: (line: string) => void = console.log,
): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'list' && sub !== 'map' && sub !== 'unmap') throw new AppError(ErrorCode.InvalidInput, USAGE);
  const svc = await buildService(config, { role: 'serve' });
  try {
    const sso = svc.sso;
    if (!sso)
      throw new AppError(
        ErrorCode.InvalidInput,
        'enterprise sign-in is not configured: set OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URI and/or WECOM_CORP_ID, WECOM_AGENT_ID, WECOM_SECRET, WECOM_REDIRECT_URI',
      );
    if (sub === 'list') {
      const items = await sso.listIdentities(rest[0] ? { userRef: rest[0] } : {});
      for (const i of items)
        out(
          `${i.id}  ${i.userId}  ${i.issuer}  ${i.claim}=${i.value}  最近登录 ${i.lastSignInAt?.toISOString() ?? '—'}`,
        );
      if (items.length === 0) out('（没有关联的企业账号）');
      return 0;
    }
    if (sub === 'unmap') {
      if (!rest[0]) throw new AppError(ErrorCode.InvalidInput, USAGE);
      const removed = await sso.removeIdentity(null, rest[0]);
      out(`已解除关联：${removed.issuer} ${removed.claim}=${removed.value} → ${removed.userId}`);
      return 0;
    }
    const [user, provider, spec] = rest;
    if (!user || !provider || !spec) throw new AppError(ErrorCode.InvalidInput, USAGE);
    if (!(SSO_PROVIDERS as readonly string[]).includes(provider))
      throw new AppError(ErrorCode.InvalidInput, `provider must be oidc or wecom, got "${provider}"`);
    const eq = spec.indexOf('=');
    const [claim, value] = eq > 0 ? [spec.slice(0, eq), spec.slice(eq + 1)] : ['sub', spec];
    if (!value) throw new AppError(ErrorCode.InvalidInput, USAGE);
    const identity = await sso.addIdentity(null, {
      userRef: user,
      provider: provider as SsoProvider,
      claim,
      value,
    });
    out(
      `已关联：${identity.issuer} ${identity.claim}=${identity.value} → ${identity.userId}（${identity.id}）`,
    );
    return 0;
  } finally {
    await svc.close();
  }
}
