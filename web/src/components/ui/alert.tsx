import type { CSSProperties, ReactNode } from 'react';
import { Icon, type IconName } from './icons';

const ICON: Record<AlertType, IconName> = {
  success: 'check',
  info: 'info',
  warning: 'warning',
  error: 'close',
};

export type AlertType = 'success' | 'info' | 'warning' | 'error';

/**
 * A message box in antd's look. Errors and warnings are announced (role="alert"); `action` sits
 * at the right (a retry, a link).
 */
export function Alert({
  type,
  message,
  action,
  style,
  ...rest
}: {
  type: AlertType;
  message: ReactNode;
  action?: ReactNode;
  style?: CSSProperties;
  'data-testid'?: string;
}) {
  return (
    <div
      className={`tj-alert tj-alert-${type}`}
      role={type === 'error' || type === 'warning' ? 'alert' : 'status'}
      style={style}
      {...rest}
    >
      <Icon name={ICON[type]} className="tj-alert-icon" />
      <div className="tj-alert-message">{message}</div>
      {action}
    </div>
  );
}
