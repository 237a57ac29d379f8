import type { ComponentPropsWithRef, ReactNode } from 'react';
import { Spinner } from './spinner';

/** antd's button variants and sizes the first page uses. */
export interface ButtonLook {
  variant?: 'primary' | 'default' | 'text' | 'link';
  size?: 'small' | 'middle' | 'large';
  block?: boolean;
}

/** The class names of a button look (also for a link drawn as a button). */
export function buttonClass({ variant = 'default', size = 'middle', block = false }: ButtonLook): string {
  return [
    'tj-btn',
    variant !== 'default' && `tj-btn-${variant}`,
    size !== 'middle' && `tj-btn-${size}`,
    block && 'tj-btn-block',
  ]
    .filter(Boolean)
    .join(' ');
}

/**
 * A button in antd's look without antd (the first page carries no antd). `loading` keeps it
 * focusable but inert and says so to screen readers.
 */
export function Button({
  variant,
  size,
  block,
  loading = false,
  icon,
  className,
  type = 'button',
  children,
  onClick,
  ...rest
}: ComponentPropsWithRef<'button'> &
  ButtonLook & { loading?: boolean; icon?: ReactNode; 'data-testid'?: string }) {
  const look = buttonClass({ variant, size, block });
  return (
    <button
      type={type}
      className={`${look}${loading ? ' tj-btn-loading' : ''}${className ? ` ${className}` : ''}`}
      aria-busy={loading || undefined}
      onClick={loading ? (e) => e.preventDefault() : onClick}
      {...rest}
    >
      {loading ? <Spinner size="small" label={null} /> : icon}
      {children}
    </button>
  );
}
