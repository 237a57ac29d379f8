import { useEffect, useState } from 'react';

/** Below antd's `lg` breakpoint the call view is one column: a phone or a narrow window. */
const NARROW = '(max-width: 991.98px)';

/** True on a narrow screen; follows rotation and window resizes. */
export function useNarrow(): boolean {
  const [narrow, setNarrow] = useState(() => window.matchMedia(NARROW).matches);
  useEffect(() => {
    const mq = window.matchMedia(NARROW);
    const on = () => setNarrow(mq.matches);
    mq.addEventListener('change', on);
    return () => mq.removeEventListener('change', on);
  }, []);
  return narrow;
}
