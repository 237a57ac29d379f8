import type { CSSProperties, ReactNode } from 'react';

/**
 * A card in antd's look (title row with an optional `extra` at the right, then the body), without
 * antd's Card: that one brings Tabs (with its menu and dropdown) and Skeleton to every page it is on.
 */
export function Card({
  title,
  extra,
  size = 'default',
  style,
  id,
  className,
  children,
  ...rest
}: {
  title?: ReactNode;
  extra?: ReactNode;
  size?: 'small' | 'default';
  style?: CSSProperties;
  id?: string;
  className?: string;
  children?: ReactNode;
  'data-testid'?: string;
}) {
  return (
    <div
      className={`tj-box${size === 'small' ? ' tj-box-small' : ''}${className ? ` ${className}` : ''}`}
      style={style}
      id={id}
      {...rest}
    >
      {(title || extra) && (
        <div className="tj-box-head">
          <div className="tj-box-title">{title}</div>
          {extra && <div className="tj-box-extra">{extra}</div>}
        </div>
      )}
      <div className="tj-box-body">{children}</div>
    </div>
  );
}
