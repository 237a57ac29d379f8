import { useEffect, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { EnterpriseSignIn, useSsoProviders } from '../components/enterprise-sign-in';
import { Alert } from '../components/ui/alert';
import { Button } from '../components/ui/button';
import { Divider } from '../components/ui/divider';
import { PasswordInput } from '../components/ui/password-input';
import { Tag } from '../components/ui/tag';
import { ApiError, api } from '../lib/api';
import type { TicketRedeemed } from '../lib/api-shapes';
import { errorText } from '../lib/errors-zh';
import { ROLE_ZH } from '../lib/labels';
import { homeOf, useSession } from '../lib/session';
import { ssoErrorText } from '../lib/sso-errors-zh';

/**
 * The way back from an enterprise sign-in: `?sso_ticket=` is redeemed once for a bearer token,
 * `?sso_error=` names why the server refused; both leave the address bar at once (a refresh must
 * not replay them).
 */
function useSsoReturn(onToken: (token: string, next: string | null) => Promise<void>) {
  const [params, setParams] = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [redeeming, setRedeeming] = useState(false);
  const handled = useRef(false);
  useEffect(() => {
    if (handled.current) return;
    const ticket = params.get('sso_ticket');
    const refused = params.get('sso_error');
    if (!ticket && !refused) return;
    handled.current = true;
    setParams({}, { replace: true });
    if (refused) {
      setError(ssoErrorText(refused));
      return;
    }
    setRedeeming(true);
    api<TicketRedeemed>('/v1/auth/ticket', {
      method: 'POST',
      body: { ticket },
      token: null,
    })
      .then((r) => onToken(r.token, r.next))
      .catch((e: unknown) => {
        const reason =
          (e instanceof ApiError ? (e.details as { reason?: unknown } | undefined)?.reason : null) ?? null;
        setError(typeof reason === 'string' ? ssoErrorText(reason) : errorText(e));
      })
      .finally(() => setRedeeming(false));
  }, [params, setParams, onToken]);
  return { error, redeeming };
}

/**
 * Sign-in: enterprise sign-in when the server offers it, an access token, and on the embedded demo
 * the demo users. Drawn with the app's own components: it is the first page a rep opens, and
 * antd would be most of its bytes.
 */
export function SignInPage() {
  const { signIn, demoUsers, endedBecause } = useSession();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const [tokenText, setTokenText] = useState('');
  const [tokenMissing, setTokenMissing] = useState(false);
  const providers = useSsoProviders();
  const sso = useSsoReturn(async (token, next) => {
    const me = await signIn(token);
    navigate(next ?? homeOf(me), { replace: true });
  });
  const go = async (token: string) => {
    setBusy(true);
    setFailed(null);
    try {
      const me = await signIn(token);
      const next = params.get('next');
      navigate(next?.startsWith('/') && next !== '/signin' ? next : homeOf(me), { replace: true });
    } catch (e) {
      setFailed(
        e instanceof ApiError && e.status === 401 ? '令牌无效、已吊销或用户已停用' : '登录失败，请稍后再试',
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <main style={{ maxWidth: 440, margin: '8vh auto', padding: 12 }}>
      <div className="tj-card">
        <h1 className="tj-h3">听见 · 销售通话分析</h1>
        {endedBecause && <Alert type="warning" message={endedBecause} data-testid="session-ended" />}
        {sso.error && <Alert type="error" message={sso.error} data-testid="sso-error" />}
        {failed && <Alert type="error" message={failed} data-testid="sign-in-error" />}
        <EnterpriseSignIn providers={providers} next={params.get('next')} busy={busy || sso.redeeming} />
        {providers.length > 0 && <Divider>或使用访问令牌</Divider>}
        <p className="tj-paragraph tj-secondary">使用访问令牌登录（由管理员创建账号时发放）。</p>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const token = tokenText.trim();
            if (!token) {
              setTokenMissing(true);
              return;
            }
            void go(token);
          }}
        >
          <div className="tj-field">
            <label htmlFor="tj-token">访问令牌</label>
            <PasswordInput
              id="tj-token"
              placeholder="请粘贴访问令牌"
              autoComplete="off"
              data-testid="token-input"
              value={tokenText}
              invalid={tokenMissing}
              aria-describedby={tokenMissing ? 'tj-token-error' : undefined}
              onChange={(e) => {
                setTokenText(e.target.value);
                setTokenMissing(false);
              }}
            />
            {tokenMissing && (
              <div id="tj-token-error" className="tj-field-error" role="alert">
                请输入令牌
              </div>
            )}
          </div>
          <Button type="submit" variant="primary" block loading={busy || sso.redeeming} data-testid="sign-in">
            登录
          </Button>
        </form>
        {demoUsers.length > 0 && (
          <>
            <Divider>演示账号（仅内嵌演示模式）</Divider>
            <ul className="tj-demo-users" data-testid="demo-users">
              {demoUsers.map((u) => (
                <li key={u.token}>
                  <span>
                    {u.roles.map((r) => (
                      <Tag key={r} color="blue">
                        {ROLE_ZH[r]}
                      </Tag>
                    ))}
                    {u.name}
                  </span>
                  <Button size="small" onClick={() => void go(u.token)} data-testid={`demo-${u.name}`}>
                    进入
                  </Button>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </main>
  );
}
