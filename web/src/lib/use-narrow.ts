import { useEffect, useState } from 'react';

/** Below antd's `lg` breakpoint the call view is one column: a phone or a narrow window. */
const NARROW = '(max-width: 991.98px)';
/** Below antd's `md` breakpoint: a phone (我的通话 lists cards, the upload is one button). */
const PHONE = '(max-width: 767.98px)';

/** Whether a media query matches; follows rotation and window resizes. */
export function useMedia(query: string): boolean {
  const [matches, setMatches] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const mq = window.matchMedia(query);
    const on = () => setMatches(mq.matches);
    on();
    mq.addEventListener('change', on);
    return () => mq.removeEventListener('change', on);
  }, [query]);
  return matches;
}

/** True on a narrow screen (the call view in one column). */
export const useNarrow = (): boolean => useMedia(NARROW);

/** True on a phone-sized screen. */
export const usePhone = (): boolean => useMedia(PHONE);
