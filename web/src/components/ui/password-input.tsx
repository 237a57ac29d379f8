import { type InputHTMLAttributes, useState } from 'react';
import { Icon } from './icons';

/** A secret field with a show/hide toggle (a 24 × 24 px target, named for screen readers). */
export function PasswordInput({
  invalid = false,
  ...rest
}: Omit<InputHTMLAttributes<HTMLInputElement>, 'type'> & { invalid?: boolean; 'data-testid'?: string }) {
  const [shown, setShown] = useState(false);
  return (
    <span className="tj-password">
      <input
        className="tj-input"
        type={shown ? 'text' : 'password'}
        aria-invalid={invalid || undefined}
        {...rest}
      />
      <button
        type="button"
        className="tj-password-eye"
        aria-label={shown ? '隐藏令牌' : '显示令牌'}
        aria-pressed={shown}
        onClick={() => setShown((s) => !s)}
      >
        <Icon name={shown ? 'eye' : 'eyeInvisible'} />
      </button>
    </span>
  );
}
