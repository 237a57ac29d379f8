import { useEffect, useState } from 'react';
import type { CallView, Utterance } from '../../lib/api';
import { spanOf } from '../appeal/appeal-body';

export interface PickedWords {
  utterance: Utterance;
  phrase: string;
  rect: DOMRect;
}

/**
 * Appeal by selecting words: a selection inside one turn offers 申诉 for exactly those words
 * (on a phone: long-press, adjust the handles, tap the button).
 */
export function useSelectionAppeal(canAppeal: boolean, v: CallView | undefined) {
  const [picked, setPicked] = useState<PickedWords | null>(null);
  useEffect(() => {
    if (!canAppeal || !v) return;
    const onChange = () => {
      const sel = window.getSelection();
      const text = sel?.toString().trim() ?? '';
      if (!sel || sel.isCollapsed || !text || sel.rangeCount === 0) {
        setPicked(null);
        return;
      }
      const turnOf = (n: Node | null) =>
        (n instanceof Element ? n : n?.parentElement)?.closest?.('.tj-turn') as HTMLElement | null;
      const turn = turnOf(sel.anchorNode);
      if (!turn || turn !== turnOf(sel.focusNode)) {
        setPicked(null);
        return;
      }
      const u = v.utterances.find((x) => `utt-${x.id}` === turn.id);
      if (!u || !spanOf(u.text, text)) {
        setPicked(null);
        return;
      }
      setPicked({ utterance: u, phrase: text, rect: sel.getRangeAt(0).getBoundingClientRect() });
    };
    document.addEventListener('selectionchange', onChange);
    return () => document.removeEventListener('selectionchange', onChange);
  }, [canAppeal, v]);
  return { picked, setPicked };
}
