import { type KeyboardEvent, useEffect, useRef, useState } from 'react';

export interface HoverState {
  ids: string[];
  rect: DOMRect;
  byKey?: boolean;
}

/**
 * One hover card for the whole timeline (event delegation on the marks): shown on hover, focus
 * or tap of a highlighted mark, kept while the pointer moves onto it, closed on scroll; opened
 * from the keyboard (Enter or Space) it holds the focus until Escape or the appeal.
 */
export function useFindingHover() {
  const [hover, setHover] = useState<HoverState | null>(null);
  const hideTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const keepHover = () => {
    if (hideTimer.current) clearTimeout(hideTimer.current);
    hideTimer.current = null;
  };
  const dropHover = () => {
    keepHover();
    hideTimer.current = setTimeout(() => setHover(null), 250);
  };
  useEffect(() => {
    // A card opened from the keyboard holds the focus: it stays until Escape or the appeal.
    if (!hover || hover.byKey) return;
    const close = () => setHover(null);
    window.addEventListener('scroll', close, { passive: true });
    return () => window.removeEventListener('scroll', close);
  }, [hover]);
  const showMark = (target: EventTarget) => {
    const mark = (target as HTMLElement).closest?.('mark[data-finding]') as HTMLElement | null;
    if (!mark) return false;
    keepHover();
    const ids = (mark.dataset.finding ?? '').split(' ');
    setHover((h) => (h && h.ids.join() === ids.join() ? h : { ids, rect: mark.getBoundingClientRect() }));
    return true;
  };
  // Keyboard on a highlighted mark: Enter or Space opens its details with the focus on 申诉.
  const onMarkKey = (e: KeyboardEvent) => {
    const mark = (e.target as HTMLElement).closest?.('mark[data-finding]') as HTMLElement | null;
    if (!mark) return;
    if (e.key === 'Escape') {
      setHover(null);
      return;
    }
    if (e.key !== 'Enter' && e.key !== ' ') return;
    e.preventDefault();
    e.stopPropagation();
    keepHover();
    setHover({
      ids: (mark.dataset.finding ?? '').split(' '),
      rect: mark.getBoundingClientRect(),
      byKey: true,
    });
  };
  return { hover, setHover, keepHover, dropHover, showMark, onMarkKey };
}
