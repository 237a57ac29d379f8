import { type ReactElement, useCallback, useEffect, useRef, useState } from 'react';
import { Icon } from './icons';

interface Notice {
  type: 'success' | 'error';
  text: string;
  /** Tells two equal notices apart, so the second restarts the timer. */
  seq: number;
  /** How long it shows, in ms. */
  ms: number;
}

/**
 * A short notice at the top of the screen for three seconds, or `ms` (antd's message, without
 * antd): returns the element to render and the function that shows one. Read by screen readers.
 */
export function useToast(): [ReactElement | null, (type: Notice['type'], text: string, ms?: number) => void] {
  const [notice, setNotice] = useState<Notice | null>(null);
  const seq = useRef(0);
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), notice.ms);
    return () => clearTimeout(timer);
  }, [notice]);
  const show = useCallback((type: Notice['type'], text: string, ms = 3000) => {
    seq.current += 1;
    setNotice({ type, text, seq: seq.current, ms });
  }, []);
  const element = notice ? (
    <div className={`tj-toast tj-toast-${notice.type}`} role={notice.type === 'error' ? 'alert' : 'status'}>
      <Icon name={notice.type === 'error' ? 'close' : 'check'} className="tj-alert-icon" />
      <span>{notice.text}</span>
    </div>
  ) : null;
  return [element, show];
}
