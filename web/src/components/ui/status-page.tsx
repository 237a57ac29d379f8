import type { ReactNode } from 'react';

/**
 * A whole-page state without antd's Result (and its illustrations): 无权限 (403), 页面不存在 (404),
 * 加载失败 (!). The code is drawn large and hidden from screen readers; the title is the heading.
 */
export function StatusPage({
  code,
  title,
  subTitle,
  extra,
  ...rest
}: {
  code: '403' | '404' | '!';
  title: string;
  subTitle: string;
  extra?: ReactNode;
  'data-testid'?: string;
}) {
  return (
    <div className="tj-status-page" {...rest}>
      <div className="tj-status-code" aria-hidden="true">
        {code}
      </div>
      <h1 className="tj-status-title">{title}</h1>
      <p className="tj-status-sub">{subTitle}</p>
      {extra}
    </div>
  );
}
