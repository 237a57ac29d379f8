import { Button, Dropdown, Layout, Menu, Select, Space, Tag } from 'antd';
import type { ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { ROLE_ZH } from '../lib/labels';
import { PAGES } from '../lib/pages';
import { homeOf, useSession } from '../lib/session';

export function AppLayout({ children }: { children: ReactNode }) {
  const { me, has, signOut, signIn, demoUsers } = useSession();
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
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header className="tj-header">
        <span className="tj-brand">听见</span>
        <Menu
          mode="horizontal"
          selectedKeys={[selected]}
          items={items}
          onClick={(e) => navigate(e.key)}
          style={{ flex: 1, minWidth: 0, borderBottom: 'none' }}
          data-testid="nav"
        />
        {demoUsers.length > 0 && (
          <Select
            size="small"
            className="tj-hide-mobile"
            style={{ width: 170 }}
            value={demoUsers.find((u) => u.id === me?.id)?.token}
            onChange={(t) => void switchTo(t)}
            options={demoUsers.map((u) => ({
              value: u.token,
              label: `${u.roles.map((r) => ROLE_ZH[r]).join('、')} · ${u.name}`,
            }))}
            aria-label="切换演示用户"
            data-testid="demo-switcher"
          />
        )}
        <Dropdown
          menu={{
            items: [
              {
                key: 'who',
                label: `${me?.name ?? ''}（${(me?.roles ?? []).map((r) => ROLE_ZH[r]).join('、')}）`,
                disabled: true,
              },
              ...demoUsers
                .filter((u) => u.id !== me?.id)
                .map((u) => ({ key: u.token, label: `切换为 ${ROLE_ZH[u.roles[0]!]} · ${u.name}` })),
              { type: 'divider' as const },
              { key: 'signout', label: '退出登录', danger: true },
            ],
            onClick: ({ key }) => {
              if (key === 'signout') {
                signOut();
                navigate('/signin');
              } else if (key !== 'who') void switchTo(key);
            },
          }}
        >
          <Button type="text" data-testid="user-menu">
            <Space size={4}>
              <span
                style={{
                  maxWidth: 90,
                  overflow: 'hidden',
                  textOverflow: 'ellipsis',
                  display: 'inline-block',
                }}
              >
                {me?.name}
              </span>
              <Tag className="tj-hide-mobile" color="blue">
                {ROLE_ZH[me?.roles[0] ?? 'rep']}
              </Tag>
            </Space>
          </Button>
        </Dropdown>
      </Layout.Header>
      <Layout.Content className="tj-content">{children}</Layout.Content>
    </Layout>
  );
}
