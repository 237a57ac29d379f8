import type { ReactNode } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { ROLE_ZH } from '../lib/labels';
import { PAGES } from '../lib/pages';
import { homeOf, useSession } from '../lib/session';
import { UserMenu } from './user-menu';

/**
 * The page frame: brand, the pages the user's roles can use, the demo-user switcher (embedded demo
 * only) and the user menu. Drawn without antd: it is on every page, the first one included.
 */
export function AppLayout({ children }: { children: ReactNode }) {
  const { me, has, signIn, demoUsers } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const items = PAGES.filter((p) => has(...p.roles)).map((p) => ({
    key: p.key,
    label: p.key === '/calls' && !has('rep') ? '通话' : p.label,
  }));
  const selected = PAGES.find((p) => location.pathname.startsWith(p.key))?.key ?? '';
  const switchTo = async (token: string) => {
    const user = await signIn(token);
    navigate(homeOf(user));
  };
  const current = demoUsers.find((u) => u.id === me?.id)?.token;
  return (
    <div className="tj-layout">
      <header className="tj-header">
        <span className="tj-brand">听见</span>
        <nav className="tj-nav" aria-label="主导航" data-testid="nav">
          <ul>
            {items.map((item) => (
              <li key={item.key}>
                <Link to={item.key} aria-current={item.key === selected ? 'page' : undefined}>
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        {demoUsers.length > 0 && (
          <select
            className="tj-select tj-select-small tj-hide-mobile"
            style={{ width: 170 }}
            value={current ?? ''}
            onChange={(e) => void switchTo(e.target.value)}
            aria-label="切换演示用户"
            data-testid="demo-switcher"
          >
            {current === undefined && <option value="">切换演示用户</option>}
            {demoUsers.map((u) => (
              <option key={u.token} value={u.token}>
                {`${u.roles.map((r) => ROLE_ZH[r]).join('、')} · ${u.name}`}
              </option>
            ))}
          </select>
        )}
        <UserMenu onSwitch={(token) => void switchTo(token)} />
      </header>
      <main className="tj-content">{children}</main>
    </div>
  );
}
