import { Result } from 'antd';

/** Shown where the page's API is not deployed on this server: no invented data. */
export function PendingApi({ what }: { what: string }) {
  return (
    <Result
      status="info"
      title={`${what}接口尚未上线`}
      subTitle="此服务器还没有提供该功能的接口，页面不展示任何示例数据。"
      data-testid="pending-api"
    />
  );
}
