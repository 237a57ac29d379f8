import type { ReactNode } from 'react';

/**
 * antd's tag colours the first page draws (status colours and the presets it uses); anything
 * else is the neutral chip.
 */
const TONES = new Set(['success', 'warning', 'error', 'processing', 'blue', 'volcano']);

/** A chip in antd's look; `color` takes antd's status and preset names. */
export function Tag({
  color,
  bordered = true,
  className,
  children,
  ...rest
}: {
  color?: string;
  bordered?: boolean;
  className?: string;
  children: ReactNode;
  'data-testid'?: string;
  title?: string;
}) {
  const tone = color && TONES.has(color) ? ` tj-tag-${color}` : '';
  const border = bordered ? '' : ' tj-tag-borderless';
  return (
    <span className={`tj-tag${tone}${border}${className ? ` ${className}` : ''}`} {...rest}>
      {children}
    </span>
  );
}
