import { Link } from 'react-router-dom';
import { ApiError } from '../lib/api';
import { errorText } from '../lib/errors-zh';
import { Button } from './ui/button';
import { StatusPage } from './ui/status-page';

/**
 * A page that could not load, in Chinese, with a retry and a way back. A 403 is a 无权限 page:
 * the role cannot use it, retrying will not help. Drawn without antd (its Result brings illustrations).
 */
export function ErrorState({
  error,
  what,
  onRetry,
  backTo = '/',
}: {
  error: unknown;
  /** What failed to load, e.g. 通话列表. */
  what: string;
  onRetry?: () => void;
  backTo?: string;
}) {
  const back = <Link to={backTo}>返回首页</Link>;
  if (error instanceof ApiError && error.status === 403)
    return (
      <StatusPage
        code="403"
        title="无权限"
        subTitle={`你的角色不能查看${what}。如需访问，请联系管理员分配角色。`}
        extra={back}
        data-testid="forbidden"
      />
    );
  return (
    <StatusPage
      code="!"
      title={`${what}加载失败`}
      subTitle={errorText(error)}
      extra={
        <div className="tj-row" style={{ justifyContent: 'center' }}>
          {onRetry && (
            <Button variant="primary" onClick={onRetry} data-testid="retry">
              重试
            </Button>
          )}
          {back}
        </div>
      }
      data-testid="load-error"
    />
  );
}
