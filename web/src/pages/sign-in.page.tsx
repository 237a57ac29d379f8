import { Alert, App, Button, Card, Divider, Form, Input, List, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError } from '../lib/api';
import { ROLE_ZH } from '../lib/labels';
import { homeOf, useSession } from '../lib/session';

export function SignInPage() {
  const { signIn, demoUsers, endedBecause } = useSession();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const go = async (token: string) => {
    setBusy(true);
    try {
      const me = await signIn(token);
      const next = params.get('next');
      navigate(next?.startsWith('/') && next !== '/signin' ? next : homeOf(me), { replace: true });
    } catch (e) {
      message.error(
        e instanceof ApiError && e.status === 401 ? '令牌无效、已吊销或用户已停用' : '登录失败，请稍后再试',
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <div style={{ maxWidth: 440, margin: '8vh auto', padding: 12 }}>
      <Card>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          听见 · 销售通话分析
        </Typography.Title>
        {endedBecause && (
          <Alert
            type="warning"
            showIcon
            message={endedBecause}
            style={{ marginBottom: 12 }}
            data-testid="session-ended"
          />
        )}
        <Typography.Paragraph type="secondary">
          使用访问令牌登录（由管理员创建账号时发放）。
        </Typography.Paragraph>
        <Form layout="vertical" onFinish={(v: { token: string }) => void go(v.token)}>
          <Form.Item name="token" label="访问令牌" rules={[{ required: true, message: '请输入令牌' }]}>
            <Input.Password placeholder="请粘贴访问令牌" autoComplete="off" data-testid="token-input" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="sign-in">
            登录
          </Button>
        </Form>
        {demoUsers.length > 0 && (
          <>
            <Divider plain>演示账号（仅内嵌演示模式）</Divider>
            <List
              data-testid="demo-users"
              dataSource={demoUsers}
              renderItem={(u) => (
                <List.Item
                  actions={[
                    <Button
                      key="go"
                      size="small"
                      onClick={() => void go(u.token)}
                      data-testid={`demo-${u.name}`}
                    >
                      进入
                    </Button>,
                  ]}
                >
                  <span>
                    {u.roles.map((r) => (
                      <Tag key={r} color="blue">
                        {ROLE_ZH[r]}
                      </Tag>
                    ))}
                    {u.name}
                  </span>
                </List.Item>
              )}
            />
          </>
        )}
      </Card>
    </div>
  );
}
