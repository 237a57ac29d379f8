import { useCallback, useState } from 'react';

/**
 * Where the transcript is: folded or not (on a phone), filtered to turns with findings or not, and
 * the turn flashed after a jump from a coaching line, a score item or an appeal.
 */
export function useTranscriptNav() {
  const [showTranscript, setShowTranscript] = useState(false);
  const [filter, setFilter] = useState<'all' | 'findings'>('all');
  const [flash, setFlash] = useState<string | null>(null);
  const jumpTo = useCallback((utteranceId: string) => {
    // On a phone the transcript may be folded (and filtered): unfold it, then scroll once drawn.
    setShowTranscript(true);
    setFilter('all');
    requestAnimationFrame(() =>
      requestAnimationFrame(() =>
        document
          .getElementById(`utt-${utteranceId}`)
          ?.scrollIntoView({ behavior: 'smooth', block: 'center' }),
      ),
    );
    setFlash(utteranceId);
    setTimeout(() => setFlash((f) => (f === utteranceId ? null : f)), 1600);
  }, []);
  return { showTranscript, setShowTranscript, filter, setFilter, flash, jumpTo };
}

export type TranscriptNav = ReturnType<typeof useTranscriptNav>;
